"""spaCy components of the Høring pipeline, registered with ``@Language.factory``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token
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

    Each distinct lower-case form is analysed once per process: a batch of docs sends its
    unseen forms to Apertium in one call. Words Apertium does not know, and every word where
    Apertium is not installed, get the Snowball stem as before.
    """

    def __init__(self, engine: morphology.Apertium | None, min_length: int) -> None:
        self.engine = engine
        self.min_length = min_length
        #: Lemma hash and part-of-speech id per lower-case form hash: one dict hit a token.
        self._tags: dict[int, tuple[int, int]] = {}
        self._readings: dict[str, morphology.Reading] = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        """Analyse docs a batch at a time: one Apertium call for the batch's unseen forms."""
        for batch in minibatch(docs, size=batch_size):
            self._learn(batch)
            tags = self._tags
            for doc in batch:
                for token in doc:
                    lemma, pos = tags[token.lower]
                    token.lemma = lemma
                    if pos:  # an unknown word keeps whatever part of speech it had
                        token.pos = pos
                doc._.readings = self._readings
                yield doc

    def _learn(self, docs: list[Doc]) -> None:
        # Only the forms this analyser has not seen are looked at, and sent in one batch.
        strings = docs[0].vocab.strings if docs else None
        ids = np.unique(np.concatenate([doc.to_array(LOWER) for doc in docs] or [np.zeros(0, np.uint64)]))
        unseen = [strings[i] for i in ids.tolist() if i not in self._tags]
        if not unseen:
            return
        found = self.engine.analyse(f for f in unseen if morphology.analysable(f)) if self.engine else {}
        for form in unseen:
            reading = found.get(form)
            if reading is not None:
                self._readings[form] = reading
                self._tags[strings[form]] = (strings.add(reading.lemma), POS_IDS.get(reading.pos, 0))
            else:
                ok = len(form) >= self.min_length and form[0].isalpha()
                self._tags[strings[form]] = (strings.add(lexicon.stem(form) if ok else form), 0)


class TermExtractor:
    """Collects index terms (lemmas or stems, compound parts) into ``doc._.terms``, skipping entities."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[str, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        skip = {i for ent in doc.ents for i in range(ent.start, ent.end)} if doc.ents else ()
        terms: list[str] = []
        surfaces: list[str] = []
        cache = self._cache
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


@Language.factory("apertium_morphology",
                  default_config={"lang": "nb", "modes_dir": "", "min_length": 3})
def make_morphology(nlp: Language, name: str, lang: str, modes_dir: str,
                    min_length: int) -> ApertiumMorphology:
    """Apertium's lemmas, parts of speech and compound parts ("nb" or "nn" analysed first).

    ``modes_dir`` "" shares the process-wide analyser (``morphology.engine``, whose cache the
    word profiles use too); a path builds one of its own. Where Apertium is missing there,
    the component stems by Snowball.
    """
    return ApertiumMorphology(_engine(lang, modes_dir), min_length)


def _engine(lang: str, modes_dir: str) -> morphology.Apertium | None:
    if not modes_dir:
        return morphology.engine(lang)
    try:
        return morphology.Apertium(modes_dir, lang)
    except (FileNotFoundError, NotADirectoryError):
        return None


@Language.factory("horing_terms", default_config={})
def make_terms(nlp: Language, name: str) -> TermExtractor:
    """Index terms for assignment and themes, with Norwegian compounds split."""
    return TermExtractor()
