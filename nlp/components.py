"""spaCy components of the Høring pipeline, registered with ``@Language.factory``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp import lexicon

if not Doc.has_extension("terms"):
    #: Index terms of the doc: stems of content words plus compound parts, names left out.
    Doc.set_extension("terms", default=())
if not Doc.has_extension("surfaces"):
    #: The lower-case word each term came from, parallel to ``doc._.terms``.
    Doc.set_extension("surfaces", default=())


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


class TermExtractor:
    """Collects index terms (stems, compound parts) into ``doc._.terms``, skipping entities."""

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
        return lexicon.terms_of_word(token.lower_)


@Language.factory("norwegian_stems", default_config={"min_length": 3})
def make_stemmer(nlp: Language, name: str, min_length: int) -> NorwegianStemmer:
    """Snowball Norwegian stems as lemmas, for pipelines without a trained lemmatizer."""
    return NorwegianStemmer(min_length)


@Language.factory("horing_terms", default_config={})
def make_terms(nlp: Language, name: str) -> TermExtractor:
    """Index terms for assignment and themes, with Norwegian compounds split."""
    return TermExtractor()
