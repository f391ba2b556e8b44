"""Key phrases for theme labels: the two-word phrase the comments use around a key term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from nlp import lexicon

#: A phrase must recur and carry this share of the term's uses to replace the single word.
MIN_COUNT, MIN_SHARE = 2, 0.3


def key_phrase(term: str, word: str, texts: Sequence[str], lang: str = "nb") -> str:
    """The most frequent adjacent pair of content words containing ``term``, else ``word``."""
    pairs: Counter[str] = Counter()
    uses = 0
    stop = lexicon.stop_words()
    for text in texts:
        words = lexicon.words_of_text(text)
        content = [w if w not in stop and w[0].isalpha() else "" for w in words]
        hits = [term in lexicon.terms_of_word(w, lang) if w else False for w in content]
        uses += sum(hits)
        for i in range(len(content) - 1):
            if content[i] and content[i + 1] and (hits[i] or hits[i + 1]):
                pairs[f"{content[i]} {content[i + 1]}"] += 1
    if not pairs:
        return word
    phrase, count = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    return phrase if count >= MIN_COUNT and count >= MIN_SHARE * uses else word


def label_phrases(key_terms: Sequence[str], words: dict[str, str], texts: Sequence[str],
                  limit: int = 3, lang: str = "nb") -> tuple[str, ...]:
    """Up to ``limit`` phrases for the key terms, no word shown twice."""
    lexicon.prepare(texts, lang)  # one Apertium batch for any word the pipeline did not see
    out: list[str] = []
    shown: set[str] = set()
    for term in key_terms:
        word = words.get(term, term)
        if not readable(word):
            continue
        phrase = key_phrase(term, word, texts, lang)
        if shown.isdisjoint(phrase.split()):
            out.append(phrase)
            shown.update(phrase.split())
        if len(out) == limit:
            break
    return tuple(out)


def readable(word: str) -> bool:
    """Whether a word can stand in a label: not a passive verb ("avklarast") or a filler."""
    return not word.endswith("ast") and word not in _label_stop_words()


@cache
def _label_stop_words() -> frozenset[str]:
    return frozenset(lexicon.lexicon()["label_stop_words"])
