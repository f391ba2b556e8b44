"""Assign comment units to the round's focus areas: zero-shot, then learning from confirmations.

Zero-shot: each focus area becomes a weighted term profile from its title, keywords and
description, widened with the concept lists of ``lexicon.json`` that the focus area's own
words belong to ("samferdsel" brings "buss", "ferje", "rassikring" …). Terms found in many
profiles weigh less. A comment scores the cosine between its terms and each profile; below
``threshold`` it is ``other``. Confirmed examples are added to the profiles as centroids
(Rocchio), so a round's own vocabulary counts once the secretariat has confirmed some.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import scipy.sparse as sp

from nlp import lexicon, pipeline
from nlp.types import OTHER, Assignment, Example, FocusArea
from nlp.vectors import count_matrix, l2_normalise, sublinear, vocabulary

TITLE_WEIGHT, KEYWORD_WEIGHT, DESCRIPTION_WEIGHT = 3.0, 3.0, 1.0
#: Weight of a concept-list term relative to a description term.
CONCEPT_WEIGHT = 1.5
#: Words found in comments on every topic ("regionen", "kommunene") count this much.
GENERIC_FACTOR = 0.5
#: Below this cosine no focus area fits and the unit is "other".
THRESHOLD = 0.01
#: Secondary labels must reach this share of the best score.
SECONDARY_SHARE = 0.75
#: How strongly confirmed examples pull a profile (Rocchio beta) and how fast it saturates.
EXAMPLE_WEIGHT, EXAMPLE_PRIOR = 0.6, 8.0
CONTRAST = True
#: Weight of a compound part relative to the whole word in a focus-area text.
PART_FACTOR = 1.0
PROFILE_NORM, PROFILE_POWER = "l2", 0.5


@dataclass(frozen=True)
class Model:
    """Profiles of one round's focus areas over a vocabulary, ready to score term lists."""

    keys: tuple[str, ...]
    vocab: dict[str, int]
    profiles: sp.csr_matrix
    threshold: float = THRESHOLD

    def scores(self, term_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Cosine of each term list with each focus area (rows × focus areas)."""
        counts = sublinear(count_matrix(term_lists, self.vocab))
        # Unknown terms still lengthen the comment: a long text with one hit is weak evidence.
        lengths = np.sqrt(np.fromiter((len(set(t)) for t in term_lists), float, len(term_lists)))
        x = l2_normalise(counts, np.maximum(lengths, 1e-9))
        return np.asarray((x @ self.profiles.T).todense())

    def decide(self, scores: np.ndarray) -> list[Assignment]:
        """Turn a score matrix into assignments (best label, secondary labels, all scores)."""
        out = []
        for row in scores:
            order = np.argsort(-row, kind="stable")
            best = float(row[order[0]]) if len(order) else 0.0
            pairs = tuple((self.keys[j], round(float(row[j]), 4)) for j in order)
            if best < self.threshold:
                out.append(Assignment(OTHER, round(best, 4), (OTHER,), pairs))
                continue
            labels = tuple(self.keys[j] for j in order if row[j] >= SECONDARY_SHARE * best)
            out.append(Assignment(labels[0], round(best, 4), labels, pairs))
        return out


def build_model(focus_areas: Sequence[FocusArea], examples: Sequence[Example] = (),
                lang: str = "nb", threshold: float = THRESHOLD) -> Model:
    """Profiles for the focus areas, widened by concepts and pulled towards confirmed examples."""
    if not focus_areas:
        raise ValueError("at least one focus area is needed")
    weights = [_direct_weights(fa, lang) for fa in focus_areas]
    _add_concepts(weights)
    _damp_generic(weights)
    example_terms = pipeline.terms([e.text for e in examples], lang) if examples else []
    vocab = vocabulary([sorted(w) for w in weights] + [sorted(set(t)) for t in example_terms])
    profiles = _specific(_matrix(weights, vocab))
    if examples:
        profiles = _with_examples(profiles, focus_areas, examples, example_terms, vocab)
    return Model(tuple(fa.key for fa in focus_areas), vocab, profiles, threshold)


def assign(texts: Sequence[str], focus_areas: Sequence[FocusArea],
           examples: Sequence[Example] = (), lang: str = "nb") -> list[Assignment]:
    """Assign each text to focus areas (zero-shot, or helped by confirmed examples)."""
    model = build_model(focus_areas, examples, lang)
    return assign_terms(model, pipeline.terms(texts, lang))


def assign_terms(model: Model, term_lists: Sequence[Sequence[str]],
                 chunk: int = 20_000) -> list[Assignment]:
    """Assign pre-computed term lists with a built model, in chunks to bound memory."""
    out: list[Assignment] = []
    for i in range(0, len(term_lists), chunk):
        out.extend(model.decide(model.scores(term_lists[i : i + chunk])))
    return out


def _direct_weights(fa: FocusArea, lang: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    parts = ((fa.title, TITLE_WEIGHT), (" ".join(fa.keywords), KEYWORD_WEIGHT),
             (fa.description, DESCRIPTION_WEIGHT))
    for text, weight in parts:
        for word in lexicon.words_of_text(text):
            # A compound's parts say less about the focus area than the compound itself.
            for n, term in enumerate(lexicon.terms_of_word(word)):
                value = weight if n == 0 else weight * PART_FACTOR
                weights[term] = max(weights.get(term, 0.0), value)
    return weights


def _add_concepts(weights: list[dict[str, float]]) -> None:
    # A concept joins the focus areas whose own words it shares, split by how many it shares;
    # a concept sharing none goes where its group ("transport/…") goes.
    concepts = _concept_terms()
    groups: dict[str, frozenset[str]] = {}
    for name, terms in concepts.items():
        group = name.split("/")[0]
        groups[group] = groups.get(group, frozenset()) | terms
    for name, concept_terms in concepts.items():
        overlap = _overlap(concept_terms, weights)
        if overlap.sum() <= 0:
            overlap = _overlap(groups[name.split("/")[0]], weights)
        if overlap.sum() <= 0:
            continue
        for w, share in zip(weights, overlap / overlap.sum()):
            if share <= 0:
                continue
            for term in concept_terms:
                w[term] = max(w.get(term, 0.0), CONCEPT_WEIGHT * float(share))


def _overlap(terms: frozenset[str], weights: list[dict[str, float]]) -> np.ndarray:
    return np.array([sum(w.get(t, 0.0) for t in terms) for w in weights])


def _damp_generic(weights: list[dict[str, float]]) -> None:
    generic = lexicon.generic_terms()
    for w in weights:
        for term in generic & w.keys():
            w[term] *= GENERIC_FACTOR


@cache
def _concept_terms() -> dict[str, frozenset[str]]:
    return {name: frozenset(t for e in entries for t in lexicon.terms_of_text(e))
            for name, entries in sorted(lexicon.concepts().items())}


def _matrix(weights: list[dict[str, float]], vocab: dict[str, int]) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for i, w in enumerate(weights):
        for term, value in w.items():
            rows.append(i)
            cols.append(vocab[term])
            vals.append(value)
    return sp.csr_matrix((np.asarray(vals, np.float32), (rows, cols)),
                         shape=(len(weights), len(vocab)))


def _specific(profiles: sp.csr_matrix) -> sp.csr_matrix:
    # A term in every profile tells the focus areas apart less than a term in one.
    k = profiles.shape[0]
    df = np.asarray((profiles > 0).sum(axis=0)).ravel()
    idf = np.log1p(k / np.maximum(df, 1)).astype(np.float32)
    weighted = sp.csr_matrix(profiles @ sp.diags(idf))
    if PROFILE_NORM == "l2":
        return l2_normalise(weighted)
    if PROFILE_NORM == "none":
        return weighted
    norms = np.asarray(weighted.sum(axis=1)).ravel() ** PROFILE_POWER
    return l2_normalise(weighted, norms)


def _with_examples(profiles, focus_areas, examples, example_terms, vocab) -> sp.csr_matrix:
    index = {fa.key: i for i, fa in enumerate(focus_areas)}
    x = l2_normalise(sublinear(count_matrix(example_terms, vocab)))
    rows = []
    for key in index:
        members = [i for i, e in enumerate(examples) if e.label == key]
        if not members:
            rows.append(np.zeros(len(vocab), dtype=np.float32))
            continue
        centroid = np.asarray(x[members].mean(axis=0)).ravel()
        others = [i for i, e in enumerate(examples) if e.label != key]
        if CONTRAST and others:
            # Words the other focus areas' examples use as much do not pull (Rocchio's gamma).
            centroid = np.clip(centroid - np.asarray(x[others].mean(axis=0)).ravel(), 0, None)
        norm = np.linalg.norm(centroid) or 1.0
        pull = EXAMPLE_WEIGHT * len(members) / (len(members) + EXAMPLE_PRIOR)
        rows.append((centroid / norm * pull).astype(np.float32))
    return l2_normalise(sp.csr_matrix(profiles + sp.csr_matrix(np.vstack(rows))))
