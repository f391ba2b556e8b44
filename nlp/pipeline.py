"""The one builder of the spaCy pipeline, shared by bokmål ("nb") and nynorsk ("nn").

The two standards differ only in which of Apertium's analysers is asked first; stop words,
stems and compounds are one list for both. So there is one pipeline per process, built on
first use from the settings read then (``nlp.settings``: a trained model or the blank one,
Apertium or Snowball), and each call says its language and the names it marks
(the round's consultees and places): ``component_cfg`` hands them to the components for that
call alone, so nothing of one round stays on the pipeline for the next.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import (
    components,  # noqa: F401  (registers the factories)
    lexicon,
    morphology,
    settings,
)

log = logging.getLogger(__name__)

LANGS = ("nb", "nn")
#: Longest run without a space handed to spaCy (see _bounded)
MAX_RUN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def build(lang: str = "nb", model: str | None = None) -> Language:
    """Build a fresh pipeline: tokenizer, sentences, lemmas (Apertium) or stems, names, index terms.

    ``lang`` is checked only: the pipeline reads both standards, each call saying which
    (``component_cfg(lang, names)``).
    """
    _check(lang)
    nlp = _base(model)
    for word in lexicon.stop_words():
        nlp.vocab[word].is_stop = True
    for word in lexicon.lexicon()["not_stop"]:
        nlp.vocab[word].is_stop = False
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer")
    if nlp.has_pipe("lemmatizer"):
        pass
    elif morphology.engine("nb") is not None:
        nlp.add_pipe("apertium_morphology")
    else:
        nlp.add_pipe("norwegian_stems")
    nlp.add_pipe("names")
    nlp.add_pipe("horing_terms")
    return nlp


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")


def _base(model: str | None) -> Language:
    # spaCy has no separate nynorsk language: the nb tokenizer handles both standards, and
    # nynorsk is covered by our stop words and spellings.
    if model and spacy.util.is_package(model):
        log.info("using trained pipeline %s", model)
        return spacy.load(model, exclude=["lemmatizer"])
    if model:
        log.warning("pipeline %s is not installed; using the blank Norwegian pipeline", model)
    return spacy.blank("nb")


def load(lang: str = "nb") -> Language:
    """The process-wide pipeline, one for both standards, built on first use (``settings.current().model``)."""
    _check(lang)
    return _shared()


@cache
def _shared() -> Language:
    return build(model=settings.current().model)


def component_cfg(lang: str = "nb", names: Iterable[str] = ()) -> dict[str, dict]:
    """What one call tells the components: its language and the names it marks."""
    _check(lang)
    return {"apertium_morphology": {"lang": lang}, "names": {"names": tuple(names)},
            "horing_terms": {"lang": lang}}


def read(text: str, lang: str = "nb", names: Iterable[str] = ()) -> Doc:
    """One text through the shared pipeline in ``lang``, with ``names`` marked."""
    return load(lang)(_bounded(text), component_cfg=component_cfg(lang, names))


def analyse(texts: Iterable[str], lang: str = "nb", batch_size: int = 1000,
            names: Iterable[str] = ()) -> Iterator[Doc]:
    """Run the pipeline over texts in batches, yielding Docs in order (runs without a space cut short).

    ``names`` (consultees, places) are marked as entities for this call only and left out of
    the terms.
    """
    return load(lang).pipe((_bounded(text) for text in texts), batch_size=batch_size,
                           component_cfg=component_cfg(lang, names))


def _bounded(text: str) -> str:
    """The text with each run of over MAX_RUN_CHARS characters without a space cut to that length.

    spaCy's tokenizer takes affixes off a token one at a time, each a search of what is left:
    quadratic in the token's length (20,000 characters without a space took seconds). No word
    is that long; a URL or a row of symbols keeps its start.
    """
    return _LONG_RUN.sub(lambda m: m.group()[:MAX_RUN_CHARS], text)


def terms(texts: Iterable[str], lang: str = "nb", batch_size: int = 1000,
          names: Iterable[str] = ()) -> list[tuple[str, ...]]:
    """Index terms of each text (stems and compound parts), in order; ``names`` left out."""
    return [doc._.terms for doc in analyse(texts, lang, batch_size, names)]


def as_read(texts: list[str], pairs: list[tuple[tuple[str, ...], tuple[str, ...]]],
            lang: str = "nb", names: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, ...]]]:
    """The texts as assignment reads them (nynorsk in bokmål, ``morphology.as_bokmal``) and
    their index terms; ``pairs`` are the texts' own, reused where a text stays as written."""
    read = morphology.as_bokmal(texts)
    term_lists = [found for found, _ in pairs]
    changed = [i for i, (text, as_read) in enumerate(zip(texts, read, strict=True)) if text != as_read]
    for i, found in zip(changed, terms([read[i] for i in changed], lang, names=names), strict=True):
        term_lists[i] = found
    return read, term_lists


def term_pairs(texts: Iterable[str], lang: str = "nb", batch_size: int = 1000,
               names: Iterable[str] = ()) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Index terms of each text with the lower-case words they came from, in order; ``names`` left out."""
    return [(doc._.terms, doc._.surfaces) for doc in analyse(texts, lang, batch_size, names)]
