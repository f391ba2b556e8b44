"""The one builder of the spaCy pipeline, for bokmål ("nb") and nynorsk ("nn")."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from functools import cache

import spacy
from spacy.language import Language

from nlp import (
    components,  # noqa: F401  (registers the factories)
    lexicon,
    morphology,
)

log = logging.getLogger(__name__)

LANGS = ("nb", "nn")
#: Name of an installed trained pipeline to use instead of the blank one (e.g. nb_core_news_md).
MODEL_SETTING = "HORING_NLP_MODEL"
#: Longest run without a space handed to spaCy (see _bounded)
MAX_RUN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def build(lang: str = "nb", model: str | None = None) -> Language:
    """Build a fresh pipeline: tokenizer, sentences, lemmas (Apertium) or stems, names, index terms."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")
    nlp = _base(model)
    for word in lexicon.stop_words():
        nlp.vocab[word].is_stop = True
    for word in lexicon.lexicon()["not_stop"]:
        nlp.vocab[word].is_stop = False
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer")
    if nlp.has_pipe("lemmatizer"):
        pass
    elif morphology.engine(lang) is not None:
        nlp.add_pipe("apertium_morphology", config={"lang": lang})
    else:
        nlp.add_pipe("norwegian_stems")
    nlp.add_pipe("horing_terms")
    return nlp


def _base(model: str | None) -> Language:
    # spaCy has no separate nynorsk language: the nb tokenizer handles both standards, and
    # nynorsk is covered by our stop words and spellings.
    if model and spacy.util.is_package(model):
        log.info("using trained pipeline %s", model)
        return spacy.load(model, exclude=["lemmatizer"])
    if model:
        log.warning("pipeline %s is not installed; using the blank Norwegian pipeline", model)
    return spacy.blank("nb")


@cache
def load(lang: str = "nb") -> Language:
    """The process-wide pipeline for a language, built on first use (honours HORING_NLP_MODEL)."""
    return build(lang, model=os.environ.get(MODEL_SETTING) or None)


def set_names(nlp: Language, names: Iterable[str], label: str = "ORG") -> None:
    """Replace the names the entity ruler marks (the round's consultees and places)."""
    patterns = [{"label": label, "pattern": n.strip()} for n in sorted(set(names)) if n.strip()]
    if nlp.has_pipe("names"):
        nlp.remove_pipe("names")
    if patterns:
        # Added only with patterns: an empty ruler costs time on every doc and warns.
        ruler = nlp.add_pipe("entity_ruler", name="names", before="horing_terms",
                             config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False})
        ruler.add_patterns(patterns)


def analyse(texts: Iterable[str], lang: str = "nb", batch_size: int = 1000):
    """Run the pipeline over texts in batches, yielding Docs in order (runs without a space cut short)."""
    return load(lang).pipe((_bounded(text) for text in texts), batch_size=batch_size)


def _bounded(text: str) -> str:
    """The text with each run of over MAX_RUN_CHARS characters without a space cut to that length.

    spaCy's tokenizer takes affixes off a token one at a time, each a search of what is left:
    quadratic in the token's length (20,000 characters without a space took seconds). No word
    is that long; a URL or a row of symbols keeps its start.
    """
    return _LONG_RUN.sub(lambda m: m.group()[:MAX_RUN_CHARS], text)


def terms(texts: Iterable[str], lang: str = "nb", batch_size: int = 1000) -> list[tuple[str, ...]]:
    """Index terms of each text (stems and compound parts), in order."""
    return [doc._.terms for doc in analyse(texts, lang, batch_size)]


def as_read(texts: list[str], pairs: list[tuple[tuple[str, ...], tuple[str, ...]]],
            lang: str = "nb") -> tuple[list[str], list[tuple[str, ...]]]:
    """The texts as assignment reads them (nynorsk in bokmål, ``morphology.as_bokmal``) and
    their index terms; ``pairs`` are the texts' own, reused where a text stays as written."""
    read = morphology.as_bokmal(texts)
    term_lists = [found for found, _ in pairs]
    changed = [i for i, (text, as_read) in enumerate(zip(texts, read, strict=True)) if text != as_read]
    for i, found in zip(changed, terms([read[i] for i in changed], lang), strict=True):
        term_lists[i] = found
    return read, term_lists


def term_pairs(texts: Iterable[str], lang: str = "nb",
               batch_size: int = 1000) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Index terms of each text with the lower-case words they came from, in order."""
    return [(doc._.terms, doc._.surfaces) for doc in analyse(texts, lang, batch_size)]
