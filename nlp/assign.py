"""Assign comment units to the round's focus areas: zero-shot, then learning from confirmations.

Zero-shot: each focus area becomes a weighted term profile from its title, keywords and
description, widened with the concept lists of ``lexicon.json`` that the focus area's own
words belong to ("samferdsel" brings "buss", "ferje", "rassikring" …). The widening adapts to
the round: a concept group that every focus area shares equally (the climate words of a
climate plan) does not decide where a concept goes, and a word the focus areas' own texts
give to some of them is never added to another by the concept lists. Terms found in many
profiles weigh less. "other" has a profile of its own (procedural words such as "uttale",
"vedlagt", and the concepts no focus area takes up). A comment scores the cosine between
its terms and each profile; the best wins, and below ``threshold`` it is ``other``.
Confirmed examples add a nearest-neighbour score: a comment very close to a confirmed one
leans towards that comment's focus area. Where the optional sentence encoder runs
(``nlp.encoder``), its centred similarity between comment and focus area is added to the
lexical score: it knows the Norwegian words our lists do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
import scipy.sparse as sp

from nlp import confidence, encoder, general, head, lexicon, morphology, pipeline, ranker
from nlp.types import OTHER, Assignment, Example, FocusArea
from nlp.vectors import count_matrix, l2_normalise, sublinear, vocabulary

TITLE_WEIGHT, KEYWORD_WEIGHT, DESCRIPTION_WEIGHT = 3.0, 3.0, 1.0
#: Weight of a concept-list term relative to a description term.
CONCEPT_WEIGHT = 2.0
#: Words found in comments on every topic ("regionen", "kommunene") count this much.
GENERIC_FACTOR = 0.5
#: How much a concept's group counts next to the concept itself when it joins focus areas.
GROUP_BLEND = 0.5
#: Weight of a compound part of a concept word, relative to the whole word.
PART_FACTOR = 0.5
#: A concept joins a focus area only with this much evidence from the focus area's own text:
#: a title or keyword word (3), or two description words (1 each; compound parts count half).
#: One stray word ("kunnskap" in a heritage description) does not bring in all of education.
MIN_EVIDENCE = 2.0
#: Weight of the "other" profile's terms relative to a concept term of a focus area.
OTHER_FACTOR = 0.7
#: Below this cosine no focus area fits and the unit is "other".
THRESHOLD = 0.01
#: Secondary labels must reach this share of the best score.
SECONDARY_SHARE = 0.75
#: Weight of the similarity to the nearest confirmed example of a focus area.
EXAMPLE_WEIGHT = 0.3
#: Similarity to a confirmed example below this is no evidence at all.
NEIGHBOUR_FLOOR = 0.5
#: Weight of a profile term found inside a longer word of a comment that no profile knows
#: ("bysykkelordning" → "sykkel"), relative to the term written out.
INNER_WEIGHT = 0.5
#: Shortest profile term looked for inside a word; a word's end (its head) may be shorter.
INNER_MIN, INNER_HEAD_MIN = 5, 4
#: Longer "words" are not searched (the search is quadratic in length; real compounds are shorter).
INNER_MAX_WORD = 40
#: Weight of the encoder's centred similarity (about ±0.05) next to the lexical cosine,
#: for the focus areas and for "other".
ENCODER_WEIGHT, OTHER_ENCODER_WEIGHT = 1.5, 0.5


@dataclass(frozen=True)
class Model:
    """Profiles of one round's focus areas (and confirmed examples) over a vocabulary."""

    keys: tuple[str, ...]
    vocab: dict[str, int]
    profiles: sp.csr_matrix
    threshold: float = THRESHOLD
    #: Confirmed examples as unit rows over ``vocab``, and the focus-area index of each.
    examples: sp.csr_matrix | None = None
    example_labels: np.ndarray | None = None
    #: The round's own classifier over encoder vectors, fit on the examples (``with_head``).
    head: head.Head | None = None
    #: Inner profile terms of the unknown words seen so far (see ``inner_terms``).
    _inner: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def scores(self, term_lists: Sequence[Sequence[str]],
               similarities: np.ndarray | None = None, vectors: np.ndarray | None = None) -> np.ndarray:
        """Score of each term list for each focus area and "other" (rows × keys).

        With the encoder's ``similarities`` (rows × keys, from ``encoder.similarities``) and the
        units' ``vectors``, the scores are the probabilities of ``nlp.ranker`` (the evidence
        weighed as labelled rounds taught), moved by the head (if any). Without the ranker's fit
        the similarities are added to the lexical cosine where a unit has any content word at
        all (an empty or numbers-only unit stays "other"), general remarks lean to "other"
        (``nlp.general``) and the head adds what the examples taught.
        """
        logits = self.logits(term_lists, similarities, vectors)
        if logits is not None:
            return ranker.softmax(logits if self.head is None else logits + self.head.logits(vectors))
        scores = self._summed(term_lists, similarities, vectors)
        if self.head is not None and vectors is not None:
            scores = self.head.adjust(scores, vectors)
        return scores

    def logits(self, term_lists: Sequence[Sequence[str]], similarities: np.ndarray | None = None,
               vectors: np.ndarray | None = None) -> np.ndarray | None:
        """The ranker's zero-shot logits (rows × keys), or None where it does not apply: no
        encoder, no fit of the ranker or of the general-remark detector."""
        if similarities is None or vectors is None or not len(term_lists):
            return None
        likely_general = general.probability(vectors)
        if likely_general is None:
            return None
        has_words = np.fromiter((bool(t) for t in term_lists), bool, len(term_lists))
        found = ranker.features(self._word_scores(term_lists), similarities, self.specific_scores(term_lists),
                                likely_general, self.coverage(term_lists), has_words)
        return ranker.logits(found)

    def offsets(self, term_lists: Sequence[Sequence[str]], similarities: np.ndarray,
                vectors: np.ndarray) -> np.ndarray:
        """The zero-shot logits a head starts from (``nlp.head``): the ranker's, or the summed
        scores times ``head.SCALE``."""
        logits = self.logits(term_lists, similarities, vectors)
        return head.SCALE * self._summed(term_lists, similarities, vectors) if logits is None else logits

    def _word_scores(self, term_lists: Sequence[Sequence[str]]) -> np.ndarray:
        x = self._rows(term_lists)
        scores = (x @ self.profiles.T).toarray()
        if self.examples is not None:
            scores += EXAMPLE_WEIGHT * self._nearest((x @ self.examples.T).toarray())
        return scores

    def _summed(self, term_lists: Sequence[Sequence[str]], similarities: np.ndarray | None,
                vectors: np.ndarray | None) -> np.ndarray:
        scores = self._word_scores(term_lists)
        if similarities is not None:
            # Columns as in ``encoder.similarities``: the focus areas, then "other".
            has_words = np.fromiter((bool(t) for t in term_lists), bool, len(term_lists))
            weights = np.array([ENCODER_WEIGHT] * (len(self.keys) - 1) + [OTHER_ENCODER_WEIGHT])
            scores += similarities * weights * has_words[:, None]
            if vectors is not None:
                scores = general.lift(scores, vectors)
        return scores

    def specific_scores(self, term_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Scores from the words that only one focus area's profile holds (rows × focus areas).

        This is the evidence that a text names that focus area and no other: "transportplan"
        and "veg" speak for transport alone, while "tjenester" in a round with three service
        areas speaks for none of them in particular. Nearness to a confirmed example counts too. A text that no form placed (a meeting
        note, a free-text answer) joins a focus area only on such evidence (``nlp.analysis``).
        """
        areas = self.profiles[: len(self.keys) - 1]
        holders = np.asarray((areas > 0).sum(axis=0)).ravel()
        only = sp.diags((holders == 1).astype(float))
        x = self._rows(term_lists)
        scores = (x @ (areas @ only).T).toarray()
        if self.examples is not None:
            # A text very close to one a person confirmed is as clear as it gets.
            scores += EXAMPLE_WEIGHT * self._nearest((x @ self.examples.T).toarray())[:, : len(self.keys) - 1]
        return scores

    def _rows(self, term_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        counts = sublinear(count_matrix(term_lists, self.vocab))
        inner = count_matrix([self._inner_of(terms) for terms in term_lists], self.vocab)
        if inner.nnz:
            counts = counts + INNER_WEIGHT * sublinear(inner)
        # Unknown terms still lengthen the comment: a long text with one hit is weak evidence.
        lengths = np.sqrt(np.fromiter((len(set(t)) for t in term_lists), float, len(term_lists)))
        return l2_normalise(counts, np.maximum(lengths, 1e-9))

    def _inner_of(self, terms: Sequence[str]) -> list[str]:
        out: list[str] = []
        for term in terms:
            if term in self.vocab:
                continue
            found = self._inner.get(term)
            if found is None:
                found = self._inner[term] = inner_terms(term, self.vocab)
            out.extend(found)
        return out

    def _nearest(self, sims: np.ndarray) -> np.ndarray:
        out = np.zeros((sims.shape[0], len(self.keys)))
        for k in range(len(self.keys)):
            columns = self.example_labels == k
            if columns.any():
                out[:, k] = sims[:, columns].max(axis=1)
        # Only near neighbours count: comments share some words whatever their topic.
        return np.clip(out - NEIGHBOUR_FLOOR, 0, None)

    def coverage(self, term_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """The share of each text's distinct terms that some focus area's profile holds (0–1).

        Real statements spend long sentences on the plan, the process and the region's own
        affairs; a placement that rests on two words of twenty is less sure than one whose
        words are all about the topic (``nlp.confidence``). A text with no terms covers 0.
        """
        areas = self.profiles[: len(self.keys) - 1]
        known = np.asarray((areas > 0).sum(axis=0)).ravel() > 0
        out = np.zeros(len(term_lists))
        for i, terms in enumerate(term_lists):
            distinct = set(terms)
            if distinct:
                out[i] = sum(1 for t in distinct if (j := self.vocab.get(t)) is not None and known[j]) / len(distinct)
        return out

    def decide(self, scores: np.ndarray, encoded: bool = False,
               coverage: np.ndarray | None = None, general_p: np.ndarray | None = None) -> list[Assignment]:
        """Turn a score matrix into assignments (best label, secondary labels, all scores,
        and the calibrated confidence of ``nlp.confidence``; ``encoded``: the encoder's
        similarities are in the scores; ``coverage``: see ``Model.coverage``, 1 where not given;
        ``general_p``: ``general.probability`` of the units, where the encoder read them)."""
        # Sorting and rounding are done for the whole matrix; the loop only builds tuples.
        order = np.argsort(-scores, axis=1, kind="stable")
        sorted_scores = np.take_along_axis(scores, order, axis=1)
        ranked = np.round(sorted_scores, 4).tolist()
        keys = np.array(self.keys, dtype=object)[order].tolist()
        other = len(self.keys) - 1
        is_other = (order[:, 0] == other) | (sorted_scores[:, 0] < self.threshold) if len(scores) else np.zeros(0, bool)
        covered = np.ones(len(scores)) if coverage is None else coverage
        trust = np.round(confidence.of(sorted_scores, is_other, encoded, covered, general_p), 4).tolist()
        out = []
        for row_keys, row_scores, sure in zip(keys, ranked, trust, strict=True):
            best = row_scores[0] if row_scores else 0.0
            pairs = tuple(zip(row_keys, row_scores, strict=True))
            if best < self.threshold or row_keys[0] == OTHER:
                out.append(Assignment(OTHER, best, (OTHER,), pairs, sure))
                continue
            labels = tuple(k for k, v in pairs if v >= SECONDARY_SHARE * best and k != OTHER)
            out.append(Assignment(labels[0], best, labels, pairs, sure))
        return out


def build_model(focus_areas: Sequence[FocusArea], examples: Sequence[Example] = (),
                lang: str = "nb", threshold: float = THRESHOLD, names: Sequence[str] = ()) -> Model:
    """Profiles for the focus areas, widened by concepts; confirmed examples kept as neighbours
    (their ``names``, the round's consultees and places, are no evidence)."""
    if not focus_areas:
        raise ValueError("at least one focus area is needed")
    keys = [fa.key for fa in focus_areas]
    if len(set(keys)) != len(keys) or OTHER in keys:
        raise ValueError(f"focus-area keys must be unique and not {OTHER!r}: {keys}")
    # "other" is a profile too: procedural words and concepts no focus area takes up.
    keys = (*(fa.key for fa in focus_areas), OTHER)
    # One batch for Apertium (where it runs): every word the profiles are made of.
    lexicon.prepare([t for fa in focus_areas for t in (fa.title, fa.description, *fa.keywords)]
                    + lexicon.profile_texts(), lang)
    # Places and bodies named in the focus areas' texts ("Enebakk", "Vestland") are no topic.
    focus_areas = _without_names(focus_areas)
    weights = [_direct_weights(fa, lang) for fa in focus_areas]
    unattached = _add_concepts(weights, [_evidence(fa, lang) for fa in focus_areas], lang)
    weights.append(_other_weights(unattached, lang))
    _damp_generic(weights, lang)
    index = {key: i for i, key in enumerate(keys)}
    examples = [e for e in examples if e.label in index]
    example_terms = pipeline.terms([e.text for e in examples], lang, names=names) if examples else []
    vocab = vocabulary([sorted(w) for w in weights] + [sorted(set(t)) for t in example_terms])
    profiles = _specific(_matrix(weights, vocab))
    # Profiles are unit length; "other" is then scaled so a few focus-area words beat it.
    profiles = sp.csr_matrix(sp.diags([1.0] * len(focus_areas) + [OTHER_FACTOR]) @ profiles)
    if not examples:
        return Model(keys, vocab, profiles, threshold)
    x = l2_normalise(sublinear(count_matrix(example_terms, vocab)))
    labels = np.array([index[e.label] for e in examples])
    return Model(keys, vocab, profiles, threshold, x, labels)


def assign(texts: Sequence[str], focus_areas: Sequence[FocusArea],
           examples: Sequence[Example] = (), lang: str = "nb") -> list[Assignment]:
    """Assign each text to focus areas (zero-shot, or helped by confirmed examples).

    The sentence encoder joins in when ``encoder.enabled(len(texts))``, and with it the head
    that the examples train.
    """
    model = build_model(focus_areas, examples, lang)
    texts = morphology.as_bokmal(texts)
    if not encoder.enabled(len(texts)):
        return assign_terms(model, pipeline.terms(texts, lang))
    vectors = encoder.encode(texts)
    model = with_head(model, focus_areas, examples, lang)
    sims = encoder.similarities(texts, focus_areas, vectors=vectors)
    return assign_terms(model, pipeline.terms(texts, lang), sims, vectors)


def with_head(model: Model, focus_areas: Sequence[FocusArea], examples: Sequence[Example],
              lang: str = "nb", names: Sequence[str] = ()) -> Model:
    """The model with a head (``nlp.head``) fit on the examples, the most recent
    ``head.MAX_EXAMPLES`` of them; the model as it is without examples. Encodes the examples:
    call it only where the encoder runs."""
    index = {key: i for i, key in enumerate(model.keys)}
    examples = [e for e in examples if e.label in index][-head.MAX_EXAMPLES :]
    if not examples:
        return model
    texts = morphology.as_bokmal([e.text for e in examples])
    vectors = encoder.encode(texts)
    # The examples' own scores without themselves as neighbours: what zero-shot made of them.
    zero_shot = replace(model, examples=None, example_labels=None, head=None)
    offsets = zero_shot.offsets(pipeline.terms(texts, lang, names=names),
                                encoder.similarities(texts, focus_areas, vectors=vectors), vectors)
    return replace(model, head=head.fit(offsets, vectors, [index[e.label] for e in examples]))


def assign_terms(model: Model, term_lists: Sequence[Sequence[str]],
                 similarities: np.ndarray | None = None, vectors: np.ndarray | None = None,
                 chunk: int = 20_000) -> list[Assignment]:
    """Assign pre-computed term lists with a built model, in chunks to bound memory
    (``vectors``: the units' encoder vectors, for the model's head)."""
    out: list[Assignment] = []
    for i in range(0, len(term_lists), chunk):
        sims = None if similarities is None else similarities[i : i + chunk]
        part = term_lists[i : i + chunk]
        part_vectors = None if vectors is None else vectors[i : i + chunk]
        likely_general = None if part_vectors is None or sims is None else general.probability(part_vectors)
        out.extend(model.decide(model.scores(part, sims, part_vectors), encoded=sims is not None,
                                coverage=model.coverage(part), general_p=likely_general))
    return out


def inner_terms(term: str, vocab: dict[str, int] | frozenset[str]) -> tuple[str, ...]:
    """Known terms written inside an unknown word, longest first, none inside another.

    Compound splitting knows only the lexicon's words; this finds the round's own profile
    terms in the comment's compounds as well: "bysykkelordning" holds "sykkel",
    "hurtiglader" holds "lader". A part must be ``INNER_MIN`` letters long, or
    ``INNER_HEAD_MIN`` at the end of the word, where Norwegian compounds keep their head.
    """
    n = len(term)
    if n > INNER_MAX_WORD:
        return ()
    found = {term[i:j] for i in range(n) for j in range(i + INNER_HEAD_MIN, n + 1)
             if (i, j) != (0, n) and len(term[i:j]) >= (INNER_HEAD_MIN if j == n else INNER_MIN)
             and term[i:j] in vocab}
    return tuple(sorted((p for p in found if not any(p != q and p in q for q in found)),
                        key=lambda p: (-len(p), p)))


_SENTENCE_SPLIT = re.compile(r"[.!?:;–—()«»\"\n]+")
_CAPITALISED = re.compile(r"\b([A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ]?[a-zæøåéü]+)*)\b")


def names_in(texts: Sequence[str]) -> frozenset[str]:
    """Words written with a capital inside a sentence of ``texts`` (not first in it): names of
    places and bodies ("i Enebakk", "Vestland fylkeskommune"). Acronyms ("RTP") are not names."""
    found = set()
    for text in texts:
        for sentence in _SENTENCE_SPLIT.split(text):
            words = sentence.split()
            for before, word, after in zip(words, words[1:], [*words[2:], ""], strict=False):
                # An item of a list of capitalised headings ("Grønn, Trygg, Kompakt") is no name.
                if (before.endswith(",") and before[:1].isupper()) or (word.endswith(",") and after[:1].isupper()):
                    continue
                if m := _CAPITALISED.fullmatch(word.strip(",'’")):
                    found.add(m.group(1))
    return frozenset(found)


def _without_names(focus_areas: Sequence[FocusArea]) -> list[FocusArea]:
    names = names_in([t for fa in focus_areas for t in (fa.title, fa.description)])
    if not names:
        return list(focus_areas)
    pattern = re.compile(r"(?<![\wæøåÆØÅ])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                         + r")(?![\wæøåÆØÅ])")
    return [replace(fa, title=pattern.sub(" ", fa.title), description=pattern.sub(" ", fa.description))
            for fa in focus_areas]


def _direct_weights(fa: FocusArea, lang: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    parts = ((fa.title, TITLE_WEIGHT), (" ".join(fa.keywords), KEYWORD_WEIGHT),
             (fa.description, DESCRIPTION_WEIGHT))
    for text, weight in parts:
        for term in lexicon.terms_of_text(text, lang):
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


def _evidence(fa: FocusArea, lang: str) -> dict[str, float]:
    # What a focus area's own text says for a concept: whole words at their weight, parts of
    # its compounds at PART_FACTOR of it. Words used about everything ("regionen", "fylke")
    # are no evidence: "knytter regionen til nabofylkene" in a transport description does not
    # bring in the region's own organisation (council, meetings, politicians).
    evidence: dict[str, float] = {}
    generic = lexicon.generic_terms(lang)
    for text, weight in ((fa.title, TITLE_WEIGHT), (" ".join(fa.keywords), KEYWORD_WEIGHT),
                         (fa.description, DESCRIPTION_WEIGHT)):
        for word in lexicon.words_of_text(text):
            for n, term in enumerate(lexicon.terms_of_word(word, lang)):
                if term in generic:
                    continue
                value = weight * (PART_FACTOR if n else 1.0)
                evidence[term] = max(evidence.get(term, 0.0), value)
    return evidence


def _add_concepts(weights: list[dict[str, float]], evidence: list[dict[str, float]],
                  lang: str) -> list[frozenset[str]]:
    # A concept joins the focus areas whose words it shares, split by how much it shares,
    # where that is at least MIN_EVIDENCE. Its group ("transport/…") shares too, at
    # GROUP_BLEND: buses follow roads even where a focus area names only roads. Overlaps are
    # with the focus areas' own words only, so the result does not depend on the order of
    # the concepts.
    concepts = _concept_terms(lang)
    groups: dict[str, dict[str, float]] = {}
    for name, terms in concepts.items():
        groups.setdefault(name.split("/")[0], {}).update(terms)
    owners = _owners(weights)
    unattached = []
    for name, concept_terms in concepts.items():
        group = _overlap(groups[name.split("/")[0]], evidence)
        # A group every focus area shares equally ("climate" in a climate plan) says nothing
        # about which of them a concept belongs to: it counts by how concentrated it is.
        blend = GROUP_BLEND * _concentration(group)
        overlap = _overlap(concept_terms, evidence) + blend * group
        if overlap.sum() <= 0:
            # Only a concept no focus area touches at all speaks for "other".
            if not any(_overlap(concept_terms, evidence, minimum=1e-9).tolist()):
                unattached.append(frozenset(concept_terms))
            continue
        for i, (w, share) in enumerate(zip(weights, overlap / overlap.sum(), strict=True)):
            for term, factor in concept_terms.items():
                # A word the round's own texts give to some focus areas is theirs alone.
                if i not in owners.get(term, (i,)):
                    continue
                value = CONCEPT_WEIGHT * factor * float(share)
                if value > w.get(term, 0.0):
                    w[term] = value
    return unattached


def _owners(direct: list[dict[str, float]]) -> dict[str, tuple[int, ...]]:
    owners: dict[str, list[int]] = {}
    for i, w in enumerate(direct):
        for term in w:
            owners.setdefault(term, []).append(i)
    return {term: tuple(found) for term, found in owners.items()}


def _concentration(overlap: np.ndarray) -> float:
    # 1 − normalised entropy of the overlap over focus areas: 1 for one area, 0 for all alike.
    k, total = len(overlap), float(overlap.sum())
    if k < 2 or total <= 0:
        return 1.0
    p = overlap[overlap > 0] / total
    return max(0.0, 1.0 + float((p * np.log(p)).sum()) / np.log(k))


def _other_weights(unattached: list[frozenset[str]], lang: str) -> dict[str, float]:
    lexicon.prepare([lexicon.lexicon()["other_terms"]], lang)
    terms = set(lexicon.terms_of_text(lexicon.lexicon()["other_terms"], lang))
    terms.update(*unattached)
    return dict.fromkeys(terms, CONCEPT_WEIGHT)


def _overlap(terms: frozenset[str], evidence: list[dict[str, float]],
             minimum: float = MIN_EVIDENCE) -> np.ndarray:
    found = np.array([sum(e.get(t, 0.0) for t in terms) for e in evidence])
    return np.where(found >= minimum, found, 0.0)


def _damp_generic(weights: list[dict[str, float]], lang: str) -> None:
    generic = lexicon.generic_terms(lang)
    for w in weights:
        for term in generic & w.keys():
            w[term] *= GENERIC_FACTOR


@cache
def _concept_terms(lang: str) -> dict[str, dict[str, float]]:
    # Whole words weigh fully. A compound's part counts (at PART_FACTOR) only where the group
    # has that word of its own: "kultur" of "kulturlandskap" is not a climate word.
    concepts = sorted(lexicon.concepts().items())
    lexicon.prepare([e for _, entries in concepts for e in entries], lang)
    words = {name: [w for e in entries for w in lexicon.words_of_text(e)] for name, entries in concepts}
    wholes: dict[str, set[str]] = {}
    for name, ws in words.items():
        wholes.setdefault(name.split("/")[0], set()).update(
            lexicon.terms_of_word(w, lang)[0] for w in ws if lexicon.terms_of_word(w, lang))
    out: dict[str, dict[str, float]] = {}
    for name, ws in words.items():
        group = wholes[name.split("/")[0]]
        terms: dict[str, float] = {}
        for word in ws:
            for n, term in enumerate(lexicon.terms_of_word(word, lang)):
                if n and term not in group:
                    continue
                terms[term] = max(terms.get(term, 0.0), 1.0 if n == 0 else PART_FACTOR)
        out[name] = terms
    return out


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
    return l2_normalise(sp.csr_matrix(profiles @ sp.diags(idf)))
