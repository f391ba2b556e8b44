"""The naive baseline the issue measures against: TF-IDF cosine to title + description."""

from __future__ import annotations

from collections.abc import Sequence

from nlp import pipeline
from nlp.types import OTHER, FocusArea

THRESHOLD = 0.05


def assign(texts: Sequence[str], focus_areas: Sequence[FocusArea], lang: str = "nb") -> list[str]:
    """Best focus area by TF-IDF cosine of stemmed terms, "other" below a threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = pipeline.terms([f"{fa.title} {fa.description}" for fa in focus_areas], lang)
    comments = pipeline.terms(texts, lang)
    vectoriser = TfidfVectorizer(analyzer=lambda terms: terms).fit(list(docs) + list(comments))
    sims = (vectoriser.transform(comments) @ vectoriser.transform(docs).T).toarray()
    keys = [fa.key for fa in focus_areas]
    return [keys[int(row.argmax())] if row.max() >= THRESHOLD else OTHER for row in sims]
