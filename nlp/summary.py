"""Extractive summary of a theme: 1–3 sentences quoted verbatim, attributed to consultees.

Sentences of the theme's comments are scored by how many of the theme's key terms they carry
(weighted by how often the theme uses each term) and preferred short enough to quote; each
consultee gives one sentence while another is left to quote (the most telling of theirs), and a
second sentence from one already quoted comes only after, and only if it adds terms not yet covered.
Sentences that say nothing of their own ("Vi har ingen flere merknader.") are never quoted; a
sentence that leans on the one before it ("Vi savner et eget avsnitt om det.") is quoted with it,
never alone; and each comment gives at most one quote, so a theme never shows more quotes than
it has comments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from nlp import pipeline
from nlp.remarks import says_nothing
from nlp.segment import refers_back, sentences
from nlp.types import Comment, Quote, Theme

MAX_SENTENCES = 3
#: Sentences longer than this are still quoted, but lose to shorter ones of equal worth.
QUOTE_CHARS = 280


def summarize(theme: Theme, comments: Sequence[Comment], lang: str = "nb",
              max_sentences: int = MAX_SENTENCES,
              terms_of: Callable[[list[str]], Sequence[Sequence[str]]] | None = None) -> list[Quote]:
    """Up to ``max_sentences`` verbatim sentences that together say what the theme is about.

    ``terms_of`` gives the index terms of sentences where the caller reads them itself (an
    analysis, with its names and the texts it has read already); by default the pipeline does.
    """
    members = {c.id: c for c in comments if c.id in set(theme.comment_ids)}
    candidates = [(c, text) for cid in theme.comment_ids if cid in members
                  for c in [members[cid]] for text in _quotable(c.text) if not says_nothing(text)]
    if not candidates:
        return []
    texts = [text for _, text in candidates]
    term_lists = terms_of(texts) if terms_of is not None else pipeline.terms(texts, lang)
    weight = Counter(t for terms in term_lists for t in set(terms))
    return _pick(candidates, term_lists, weight, max_sentences)


def _quotable(text: str) -> list[str]:
    """The comment's sentences as they can be quoted: one that refers back joined to the one before."""
    parts = sentences(text)
    joined: list[tuple[int, int]] = []
    for part in parts:
        if joined and refers_back(part.text):
            joined[-1] = (joined[-1][0], part.end)
        else:
            joined.append((part.start, part.end))
    return [text[start:end] for start, end in joined]


def _pick(candidates, term_lists, weight, max_sentences) -> list[Quote]:
    chosen: list[int] = []
    quoted: set[str] = set()  # comments quoted already: one quote each
    covered: set[str] = set()
    consultees: set[str] = set()
    while len(chosen) < max_sentences:
        # Each consultee once while another is left to quote, so that those named as raising the theme are
        # heard; only then a second sentence of one quoted already, for what no one else said.
        best = _best(candidates, term_lists, weight, covered, chosen, quoted, lambda c: c not in consultees, 0.0)
        if best is None:
            best = _best(candidates, term_lists, weight, covered, chosen, quoted, lambda c: c in consultees, 0.0,
                         factor=0.5, needs_gain=True)
        if best is None:
            break
        chosen.append(best)
        quoted.add(candidates[best][0].id)
        covered |= set(term_lists[best])
        consultees.add(candidates[best][0].consultee)
    if not chosen:
        chosen = [0]
    return [Quote(candidates[i][0].id, candidates[i][0].consultee, candidates[i][1])
            for i in chosen]


def _best(candidates, term_lists, weight, covered: set[str], chosen: list[int], quoted: set[str],
          allowed: Callable[[str], bool], floor: float, factor: float = 1.0, needs_gain: bool = False) -> int | None:
    """The candidate that adds most of the theme's terms not yet covered, among the consultees `allowed`
    (shorter ones first among equals); with `needs_gain`, only one that adds something."""
    best, best_score = None, floor - 1.0 if not needs_gain else floor
    for i, terms in enumerate(term_lists):
        comment = candidates[i][0]
        if i in chosen or comment.id in quoted or not allowed(comment.consultee):
            continue
        gain = factor * sum(weight[t] for t in set(terms) - covered)
        gain /= 1.0 + max(0, len(candidates[i][1]) - QUOTE_CHARS) / QUOTE_CHARS
        if gain > best_score:
            best, best_score = i, gain
    return best
