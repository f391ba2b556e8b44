"""Word-level knowledge: stop words, nynorsk spellings, stems, compounds and concept lists.

The data lives in ``nlp/data/lexicon.json`` (our own writing). Everything here is cached per
process and keyed by lower-case word, so the per-token cost in the pipeline is a dict lookup.
A word's index terms are its Apertium lemma and compound parts where Apertium runs and knows
the word (``morphology``), else its Snowball stem and the parts found against known stems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

import Stemmer

from nlp import morphology

LEXICON_VERSION = 2
#: Linking letters Norwegian puts between the parts of a compound ("samferdsel-s-prosjekt").
_LINKS = ("s", "e", "")
_MIN_PART = 3
#: Longer tokens are not split: no Norwegian compound is this long, and splitting is quadratic.
_MAX_COMPOUND = 40
_TOKEN_RE = re.compile(r"[\wæøå]+(?:-[\wæøå]+)*-?")
_WORD_RE = re.compile(r"[a-zæøåäöüéèáàóòôêç]+(?:-[a-zæøåäöüéèáàóòôêç]+)*", re.IGNORECASE)


@cache
def lexicon() -> dict:
    """The packaged lexicon (stop words, nn→nb spellings, concepts)."""
    text = resources.files("nlp.data").joinpath("lexicon.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if data.get("version") != LEXICON_VERSION:
        raise ValueError(f"lexicon version {data.get('version')} != {LEXICON_VERSION}")
    return data


@cache
def stop_words() -> frozenset[str]:
    """spaCy's bokmål stop words, extended for nynorsk and for words that carry no topic."""
    from spacy.lang.nb.stop_words import STOP_WORDS

    data = lexicon()
    words = set(STOP_WORDS) | set(data["stop_words_nn"]) | set(data["stop_words_extra"])
    return frozenset(w.lower() for w in words) - frozenset(data["not_stop"])


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


@cache
def _nn_words() -> dict[str, str]:
    return {nn.lower(): nb.lower() for nn, nb in lexicon()["nn_to_nb"] if " " not in nn}


@cache
def _nn_stems() -> dict[str, str]:
    # Stem-level mapping catches inflections the word list does not spell out.
    pairs = ((_base_stem(nn), _base_stem(nb)) for nn, nb in _nn_words().items())
    return {a: b for a, b in pairs if a != b}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Normalised stem of one lower-case word: nynorsk spelling → bokmål, then Snowball."""
    s = _base_stem(_nn_words().get(word, word))
    s = _nn_stems().get(s, s)
    return _aliases().get(s, s)


def _base_stem(word: str) -> str:
    for suffix, replacement in _suffix_rules():
        # Endings Snowball leaves on ("lærerne" → "lærern"): cut before stemming.
        if word.endswith(suffix) and len(word) >= len(suffix) + 3:
            word = word[: -len(suffix)] + replacement
            break
    # Snowball strips one ending per call ("sykepleiere" → "sykepleier" → "sykeplei"):
    # stem again until nothing changes, so that the inflections of one word meet.
    s, previous = _stemmer().stemWord(word), word
    while s != previous and len(s) > 4:
        s, previous = _stemmer().stemWord(s), s
    if len(s) >= 4 and s[-1] == s[-2] and s[-1] not in "aeiouyæøå":
        s = s[:-1]  # "sykehjemm" (of "sykehjemmene") and "sykehjem" meet
    return s


@cache
def _aliases() -> dict[str, str]:
    # Where Snowball leaves nynorsk and bokmål forms apart ("veien" / "veg"), one stem wins.
    return dict(lexicon()["stem_aliases"])


@cache
def _suffix_rules() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in lexicon()["suffix_rules"])


@cache
def known_stems() -> frozenset[str]:
    """Stems that may stand as a part of a compound: every single word in the concept lists."""
    words = {w for entries in concepts().values() for e in entries for w in words_of(e)}
    words |= set(_nn_words().values()) | set(lexicon()["compound_parts"])
    return frozenset(stem(w) for w in words if len(w) >= _MIN_PART) - stop_words()


def words_of(text: str) -> list[str]:
    """Lower-case alphabetic words of a text, hyphenated compounds split."""
    return [p for w in _WORD_RE.findall(text.lower()) for p in w.split("-") if p]


@lru_cache(maxsize=200_000)
def split_compound(word_stem: str) -> tuple[str, ...]:
    """Known parts of a compound stem, head last ("samferdselsprosjekt" → samferdsel, prosjekt)."""
    n = len(word_stem)
    if n < 2 * _MIN_PART or n > _MAX_COMPOUND:
        return ()
    # Norwegian compounds are head-final: first a known modifier with the longest known
    # head, then the longest known head alone, last a known modifier with an unknown head.
    for need in ("both", "head", "modifier"):
        if need == "modifier" and word_stem in known_stems():
            return ()  # a known word with no known head is kept whole ("kommunikasjon")
        cuts = range(_MIN_PART + (need == "head"), n - _MIN_PART + 1)
        # Without a known head, the longest known modifier is the safest cut.
        for i in (reversed(cuts) if need == "modifier" else cuts):
            found = _split_at(word_stem, i, need)
            if found:
                return found
    return ()


@cache
def _not_heads() -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon()["not_heads"]) | frozenset(lexicon()["not_heads"])


def _split_at(word_stem: str, i: int, need: str) -> tuple[str, ...]:
    known = known_stems()
    head = word_stem[i:]
    head_stem = stem(head)
    if head_stem in _not_heads():
        return ()  # derivational endings ("tryggleik", "kartlegge") are not compound heads
    if need != "modifier" and head_stem not in known:
        return ()
    if need == "modifier" and len(head) < 5:
        return ()
    for link in _LINKS:
        modifier = word_stem[: i - len(link)]
        if word_stem[i - len(link) : i] != link or len(modifier) < _MIN_PART:
            continue
        mod = modifier if modifier in known else stem(modifier)
        if need == "head":
            return (*((mod,) if mod in known else ()), *(split_compound(head_stem) or (head_stem,)))
        if mod not in known or (need == "modifier" and modifier not in known):
            continue
        if need == "both":
            return (mod, *(split_compound(head_stem) or (head_stem,)))
        return (mod, head_stem)
    return ()


@lru_cache(maxsize=400_000)
def terms_of_word(lower: str, lang: str = "nb") -> tuple[str, ...]:
    """Index terms of one lower-case token; () for stop words.

    Where Apertium runs and knows the word (``morphology``), its lemma and compound parts;
    otherwise the Snowball stem and the parts found against the known stems.
    """
    found = morphology.reading(lower, lang)
    if found is not None:
        return terms_of_lemma(lower, found.lemma, found.parts)
    return stem_terms(lower)


@lru_cache(maxsize=400_000)
def terms_of_lemma(lower: str, lemma: str, parts: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Index terms of a word Apertium knows: its lemma and compound parts, nynorsk spelled as bokmål."""
    stop, nn_words = stop_words(), _nn_words()
    term = nn_words.get(lemma, lemma)
    if lower in stop or term in stop:
        return ()
    # A word Apertium does not split may still be a compound of known stems ("arbeidsdeling").
    found = tuple(nn_words.get(p, p) for p in parts) if parts else split_compound(stem(term))
    return (term, *[p for p in found if p != term and p not in stop])


@lru_cache(maxsize=400_000)
def stem_terms(lower: str) -> tuple[str, ...]:
    """Index terms of one lower-case token by Snowball: its stem plus compound parts."""
    elided = lower.endswith("-") and len(lower) > 1
    word = lower.rstrip("-")
    if word in stop_words() or len(word) < 2 or not word[0].isalpha():
        return ()
    if elided and word.endswith("s") and len(word) > 4:
        word = word[:-1]  # "steds-" in "steds- og områdeutvikling" stands for "sted(s)…"
    s = stem(word)
    if s in stop_words():
        return ()
    parts = split_compound(s)
    return (s, *[p for p in parts if p != s])


def prepare(texts: Iterable[str], lang: str = "nb") -> None:
    """Analyse the words of texts in one batch, so later look-ups of them cost no process."""
    found = morphology.engine(lang)
    if found is not None:
        found.analyse({w for text in texts for w in morphology.words(text)})


def words_of_text(text: str) -> list[str]:
    """Lower-case words of a text, keeping a trailing hyphen of elided compounds ("steds-")."""
    return _TOKEN_RE.findall(text.lower())


def terms_of_text(text: str, lang: str = "nb") -> list[str]:
    """Index terms of a text without spaCy (for short strings such as focus-area keywords)."""
    return [t for w in words_of_text(text) for t in terms_of_word(w, lang)]


@cache
def profile_texts() -> list[str]:
    """Every text of the lexicon that word profiles are made of: concepts, "other" and generic words."""
    data = lexicon()
    return [*(e for entries in concepts().values() for e in entries), data["other_terms"],
            *data["generic_terms"]]


@cache
def generic_terms(lang: str = "nb") -> frozenset[str]:
    """Terms of words found in comments on every topic ("regionen", "kommunene", "felles")."""
    words = lexicon()["generic_terms"]
    prepare(words, lang)
    return frozenset(t for w in words for t in terms_of_word(w.lower(), lang))


@cache
def concepts() -> dict[str, tuple[str, ...]]:
    """Concept lists ("group/name" → words and phrases), each written as one comma list."""
    return {name: tuple(e.strip() for e in text.split(",") if e.strip())
            for name, text in lexicon()["concepts"].items()}
