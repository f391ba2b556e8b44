"""Themes within each focus area: deterministic clusters of comments, labelled in their words.

Comments of one focus area are TF-IDF vectors over their index terms; k-means with a fixed
seed groups them (k grows with the square root of the count, at most ``MAX_THEMES``). A theme
is labelled with a noun phrase about its most distinctive terms in the comments' own words
(``nlp.labels``; without Apertium, the words the comments used most for those terms), and quoted by the comments nearest its centre, one per consultee first.

A comment that fits no focus area and answers a free-text or meeting question stays with that
question, as the minutes of a dialogue meeting do: one theme per question
(``question_themes``), labelled with the question.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nlp import pipeline
from nlp.labels import noun_phrase_label, tag_samples
from nlp.lexicon import generic_terms
from nlp.phrases import label_phrases
from nlp.types import OTHER, Comment, Question, Quote, Theme
from nlp.vectors import count_matrix, l2_normalise, sublinear, vocabulary

MAX_THEMES = 8
#: Comments per theme, roughly, before another theme is opened.
COMMENTS_PER_THEME = 4
LABEL_TERMS = 3
#: Key phrases are looked for in this many comments nearest the theme's centre.
PHRASE_SAMPLE = 200
#: Label of the theme that collects comments without a single content word.
REST_LABEL = "Andre innspill"
#: A question theme's label is the question, cut at this many characters.
QUESTION_LABEL_CHARS = 300

TermPairs = Sequence[tuple[Sequence[str], Sequence[str]]]


def build_themes(comments: Sequence[Comment], lang: str = "nb", quotes: int = 3,
                 max_themes: int = MAX_THEMES, terms: TermPairs | None = None,
                 names: Sequence[str] = ()) -> list[Theme]:
    """Group each focus area's comments into labelled themes with representative quotes.

    ``terms`` are the comments' ``pipeline.term_pairs`` where the caller has them already;
    otherwise they are found here, with ``names`` left out.
    """
    pairs = terms if terms is not None else pipeline.term_pairs([c.text for c in comments], lang, names=names)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, comment in enumerate(comments):
        if comment.focus_area:
            groups[comment.focus_area].append(i)
    drafts = [d for focus_area in sorted(groups)
              for d in _drafts_of(focus_area, groups[focus_area], comments, pairs, max_themes, lang)]
    # Every theme's comments tagged at once: an Apertium call per theme cost more than the clustering
    tagged = tag_samples([d.texts if d.label is None else [] for d in drafts], lang, [d.key_terms for d in drafts])
    written = {word for _, surfaces in pairs for word in surfaces}
    return [_labelled(d, t, comments, quotes, lang, written) for d, t in zip(drafts, tagged, strict=True)]


def question_themes(comments: Sequence[Comment], questions: Sequence[Question]) -> list[Theme]:
    """One theme per question for its comments that fit no focus area, in the questions' order."""
    members: dict[str, list[str]] = defaultdict(list)
    for comment in comments:
        if comment.focus_area == OTHER and comment.question is not None:
            members[comment.question].append(comment.id)
    return [Theme(f"question:{q.key}", OTHER, q.text[:QUESTION_LABEL_CHARS], (), tuple(members[q.key]))
            for q in questions if q.key in members]


@dataclass(frozen=True)
class _Draft:
    """A theme before its label: its comments nearest the centre first, and what labels it."""

    focus_area: str
    n: int
    chosen: list[int]
    key_terms: list[str]
    texts: list[str]
    words: dict[str, str]
    #: The label where it is fixed (the comments without a content word)
    label: str | None = None


def _drafts_of(focus_area, idx, comments, pairs, max_themes, lang) -> list[_Draft]:
    with_terms = [i for i in idx if pairs[i][0]]
    rest = [i for i in idx if not pairs[i][0]]
    drafts: list[_Draft] = []
    if with_terms:
        term_lists = [pairs[i][0] for i in with_terms]
        vocab = vocabulary(sorted(set(t)) for t in term_lists)
        x = _tfidf(count_matrix(term_lists, vocab))
        # Never ask for more clusters than there are different comments.
        distinct = len({frozenset(t) for t in term_lists})
        labels, centres = _cluster(x, min(_k(len(with_terms), max_themes), distinct))
        words = _surface_words([pairs[i] for i in with_terms])
        terms_by_id = np.array(list(vocab), dtype=object)
        for c in _ordered_clusters(labels):
            members = np.flatnonzero(labels == c)
            ranked = _rank(x[members], centres[c])
            chosen = [with_terms[members[j]] for j in ranked]
            texts = [comments[i].text for i in chosen[:PHRASE_SAMPLE]]
            key_terms = _key_terms(centres[c], centres, terms_by_id, lang)
            drafts.append(_Draft(focus_area, len(drafts), chosen, key_terms, texts, words))
    if rest:
        drafts.append(_Draft(focus_area, len(drafts), rest, [], [], {}, REST_LABEL))
    return drafts


def _labelled(draft: _Draft, tagged: list | None, comments, n_quotes, lang, written=frozenset()) -> Theme:
    if draft.label is not None:
        return _theme(draft.focus_area, draft.n, (), draft.chosen, comments, n_quotes, draft.label)
    found = noun_phrase_label(draft.key_terms, draft.texts, lang, tagged, written) if tagged is not None else None
    label, phrases = found or (None, label_phrases(draft.key_terms, draft.words, draft.texts, LABEL_TERMS, lang))
    return _theme(draft.focus_area, draft.n, phrases, draft.chosen, comments, n_quotes, label)


def _k(n: int, max_themes: int) -> int:
    return max(1, min(max_themes, n, round(math.sqrt(n / COMMENTS_PER_THEME * 2))))


def _tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1.0
    return l2_normalise(sp.csr_matrix(sublinear(counts) @ sp.diags(idf.astype(np.float32))))


def _cluster(x: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    if k == 1:
        return np.zeros(x.shape[0], dtype=int), np.asarray(x.mean(axis=0))
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=k, random_state=0, n_init=1, max_iter=100).fit(x)
    return model.labels_, model.cluster_centers_


def _ordered_clusters(labels: np.ndarray) -> list[int]:
    # Largest theme first; ties by cluster id so that the order is stable.
    sizes = Counter(labels.tolist())
    return sorted(sizes, key=lambda c: (-sizes[c], c))


def _key_terms(centre: np.ndarray, centres: np.ndarray, terms: np.ndarray, lang: str) -> list[str]:
    # Distinctive: heavy in this theme and lighter in the focus area's other themes.
    mean = centres.mean(axis=0)
    score = centre * np.log1p(centre / (mean + 1e-6))
    top = np.argsort(-score, kind="stable")[: LABEL_TERMS * 6]
    generic = generic_terms(lang)
    return [str(terms[j]) for j in top if centre[j] > 0 and terms[j] not in generic]


def _rank(x: sp.csr_matrix, centre: np.ndarray) -> list[int]:
    sims = np.asarray(x @ centre).ravel()
    return np.argsort(-sims, kind="stable").tolist()


def _surface_words(pairs) -> dict[str, str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for terms, surfaces in pairs:
        for term, word in zip(terms, surfaces, strict=True):
            counts[term][word] += 1
    # The comments' own word: the most frequent one, alphabetically first on a tie.
    return {t: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for t, c in counts.items()}


def _theme(focus_area, n, phrases, ranked, comments, n_quotes, label=None) -> Theme:
    picked, seen = [], set()
    for i in ranked:  # one quote per consultee first, then fill up
        if comments[i].consultee not in seen:
            picked.append(i)
            seen.add(comments[i].consultee)
        if len(picked) == n_quotes:
            break
    picked += [i for i in ranked if i not in picked][: n_quotes - len(picked)]
    quotes = tuple(Quote(comments[i].id, comments[i].consultee, comments[i].text) for i in picked)
    text = label or ", ".join(phrases).capitalize()
    ids = tuple(comments[i].id for i in ranked)
    return Theme(f"{focus_area}-{n + 1}", focus_area, text, tuple(phrases), ids, quotes)
