"""spaCy components of the Høring pipeline, registered with ``@Language.factory``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline.span_ruler import prioritize_existing_ents_filter
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from nlp import lexicon, morphology

if not Doc.has_extension("terms"):
    #: Index terms of the doc: lemmas or stems of content words plus compound parts, names left out.
    Doc.set_extension("terms", default=())
if not Doc.has_extension("surfaces"):
    #: The lower-case word each term came from, parallel to ``doc._.terms``.
    Doc.set_extension("surfaces", default=())
if not Doc.has_extension("readings"):
    #: Apertium's readings by lower-case form (shared by the docs of one analyser), or None.
    Doc.set_extension("readings", default=None)


def _reading(token: Token) -> morphology.Reading | None:
    readings = token.doc._.readings
    return readings.get(token.lower_) if readings else None


if not Token.has_extension("compound_parts"):
    #: Lemmas of a compound's parts, head last, as Apertium reads them; () otherwise.
    Token.set_extension("compound_parts", getter=lambda t: r.parts if (r := _reading(t)) else ())
if not Token.has_extension("analysed"):
    #: Whether Apertium knew the word (its lemma is then ``lemma_``; else a Snowball stem).
    Token.set_extension("analysed", getter=lambda t: _reading(t) is not None)


class NorwegianStemmer:
    """Sets ``token.lemma_`` to the normalised Snowball stem (nynorsk spelled as bokmål)."""

    def __init__(self, min_length: int) -> None:
        self.min_length = min_length
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        # Stems are cached as string-store hashes per lower-case form: one dict hit a token.
        cache, strings = self._cache, doc.vocab.strings
        for token in doc:
            key = token.lower
            lemma = cache.get(key)
            if lemma is None:
                lower = token.lower_
                ok = len(lower) >= self.min_length and lower[0].isalpha()
                lemma = cache[key] = strings.add(lexicon.stem(lower) if ok else lower)
            token.lemma = lemma
        return doc


class ApertiumMorphology:
    """Sets ``lemma_``, ``pos_`` and ``_.compound_parts`` from Apertium's disambiguated analysis.

    One component serves both standards: ``lang`` ("nb" or "nn", passed per call through
    ``component_cfg``) says which standard's analyser is asked first. Each distinct lower-case
    form is analysed once per process and language: a batch of docs sends its unseen forms to
    Apertium in one call. Words Apertium does not know, and every word where Apertium is not
    installed, get the Snowball stem as before.
    """

    def __init__(self, modes_dir: str, min_length: int) -> None:
        self.modes_dir = modes_dir
        self.min_length = min_length
        self._engines: dict[str, morphology.Apertium | None] = {}
        #: Per language: lemma hash and part-of-speech id per lower-case form hash.
        self._tags: dict[str, dict[int, tuple[int, int]]] = {}
        self._readings: dict[str, dict[str, morphology.Reading]] = {}

    def __call__(self, doc: Doc, lang: str = "nb") -> Doc:
        return next(self.pipe([doc], lang=lang))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000, lang: str = "nb") -> Iterator[Doc]:
        """Analyse docs a batch at a time: one Apertium call for the batch's unseen forms."""
        tags = self._tags.setdefault(lang, {})
        readings = self._readings.setdefault(lang, {})
        for batch in minibatch(docs, size=batch_size):
            self._learn(batch, lang, tags, readings)
            for doc in batch:
                for token in doc:
                    lemma, pos = tags[token.lower]
                    token.lemma = lemma
                    if pos:  # an unknown word keeps whatever part of speech it had
                        token.pos = pos
                doc._.readings = readings
                yield doc

    def engine(self, lang: str = "nb") -> morphology.Apertium | None:
        """The analyser that reads ``lang`` first: the process-wide one, or this component's own."""
        if lang not in self._engines:
            self._engines[lang] = _engine(lang, self.modes_dir)
        return self._engines[lang]

    def _learn(self, docs: list[Doc], lang: str, tags: dict, readings: dict) -> None:
        # Only the forms this analyser has not seen are looked at, and sent in one batch.
        strings = docs[0].vocab.strings if docs else None
        ids = np.unique(np.concatenate([doc.to_array(LOWER) for doc in docs] or [np.zeros(0, np.uint64)]))
        unseen = [strings[i] for i in ids.tolist() if i not in tags]
        if not unseen:
            return
        engine = self.engine(lang)
        found = engine.analyse(f for f in unseen if morphology.analysable(f)) if engine else {}
        for form in unseen:
            reading = found.get(form)
            if reading is not None:
                readings[form] = reading
                tags[strings[form]] = (strings.add(reading.lemma), POS_IDS.get(reading.pos, 0))
            else:
                ok = len(form) >= self.min_length and form[0].isalpha()
                tags[strings[form]] = (strings.add(lexicon.stem(form) if ok else form), 0)


class NameMarker:
    """Marks the names of one call (consultees, places) as entities, so that terms leave them out.

    The names come with each call (``component_cfg={"names": {"names": ...}}``), never stay on
    the shared pipeline: two analyses in one process cannot see each other's names. Matching is
    the entity ruler's: case-insensitive whole tokens, longest first, existing entities kept.
    """

    #: Matchers kept for the most recent name lists (a round's analysis asks several times).
    KEEP = 4

    def __init__(self, nlp: Language, label: str) -> None:
        self.nlp = nlp
        self.label = label
        self._matchers: dict[tuple[str, ...], PhraseMatcher] = {}

    def __call__(self, doc: Doc, names: Iterable[str] = ()) -> Doc:
        return next(self.pipe([doc], names=names))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000, names: Iterable[str] = ()) -> Iterator[Doc]:
        """Yield the docs with the names marked (untouched where there are none)."""
        matcher = self._matcher(tuple(sorted({n.strip() for n in names if n.strip()})))
        for doc in docs:
            if matcher is not None:
                spans = [Span(doc, start, end, label=self.label) for _, start, end in matcher(doc) if start != end]
                if spans:
                    doc.ents = prioritize_existing_ents_filter(doc.ents, set(spans))
            yield doc

    def _matcher(self, names: tuple[str, ...]) -> PhraseMatcher | None:
        if not names:
            return None
        found = self._matchers.get(names)
        if found is None:
            if len(self._matchers) >= self.KEEP:
                self._matchers.pop(next(iter(self._matchers)))
            found = self._matchers[names] = PhraseMatcher(self.nlp.vocab, attr="LOWER")
            found.add(self.label, [self.nlp.make_doc(n) for n in names])
        return found


class TermExtractor:
    """Collects index terms (lemmas or stems, compound parts) into ``doc._.terms``, skipping entities.

    A word's terms are kept per language (``lang`` per call, as for ``ApertiumMorphology``):
    Apertium may read one form differently when bokmål or nynorsk is asked first.
    """

    def __init__(self) -> None:
        self._caches: dict[str, dict[int, tuple[str, ...]]] = {}

    def __call__(self, doc: Doc, lang: str = "nb") -> Doc:
        return self._extract(doc, self._caches.setdefault(lang, {}))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000, lang: str = "nb") -> Iterator[Doc]:
        """Collect the terms of each doc, in order."""
        cache = self._caches.setdefault(lang, {})
        for doc in docs:
            yield self._extract(doc, cache)

    def _extract(self, doc: Doc, cache: dict[int, tuple[str, ...]]) -> Doc:
        skip = {i for ent in doc.ents for i in range(ent.start, ent.end)} if doc.ents else ()
        terms: list[str] = []
        surfaces: list[str] = []
        for token in doc:
            key = token.lower
            found = cache.get(key)
            if found is None:
                found = self._terms(token)
                cache[key] = found
            if found and token.i not in skip:
                terms.extend(found)
                surfaces.extend([token.lower_] * len(found))
        doc._.terms = tuple(terms)
        doc._.surfaces = tuple(surfaces)
        return doc

    @staticmethod
    def _terms(token) -> tuple[str, ...]:
        if token.is_punct or token.like_num or token.like_url or token.like_email:
            return ()
        if token._.analysed:
            return lexicon.terms_of_lemma(token.lower_, token.lemma_, token._.compound_parts)
        return lexicon.stem_terms(token.lower_)


@Language.factory("norwegian_stems", default_config={"min_length": 3})
def make_stemmer(nlp: Language, name: str, min_length: int) -> NorwegianStemmer:
    """Snowball Norwegian stems as lemmas, for pipelines without a trained lemmatizer."""
    return NorwegianStemmer(min_length)


@Language.factory("apertium_morphology", default_config={"modes_dir": "", "min_length": 3})
def make_morphology(nlp: Language, name: str, modes_dir: str, min_length: int) -> ApertiumMorphology:
    """Apertium's lemmas, parts of speech and compound parts (the call's language analysed first).

    ``modes_dir`` "" shares the process-wide analysers (``morphology.engine``, whose cache the
    word profiles use too); a path builds analysers of its own. Where Apertium is missing
    there, the component stems by Snowball.
    """
    return ApertiumMorphology(modes_dir, min_length)


def _engine(lang: str, modes_dir: str) -> morphology.Apertium | None:
    if not modes_dir:
        return morphology.engine(lang)
    try:
        return morphology.Apertium(modes_dir, lang)
    except (FileNotFoundError, NotADirectoryError):
        return None


@Language.factory("names", default_config={"label": "ORG"})
def make_names(nlp: Language, name: str, label: str) -> NameMarker:
    """The names a call passes, marked as entities (``label``) and so left out of the terms."""
    return NameMarker(nlp, label)


@Language.factory("horing_terms", default_config={})
def make_terms(nlp: Language, name: str) -> TermExtractor:
    """Index terms for assignment and themes, with Norwegian compounds split."""
    return TermExtractor()
