"""Sparse term vectors: term lists → CSR matrices over a vocabulary, with L2 normalisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp


def vocabulary(term_lists: Iterable[Sequence[str]]) -> dict[str, int]:
    """A deterministic vocabulary (first-seen order) over term lists."""
    vocab: dict[str, int] = {}
    for terms in term_lists:
        for term in terms:
            if term not in vocab:
                vocab[term] = len(vocab)
    return vocab


def count_matrix(term_lists: Sequence[Sequence[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    """Term counts (rows = documents), terms outside the vocabulary dropped."""
    indptr = [0]
    indices: list[int] = []
    get = vocab.get
    for terms in term_lists:
        indices.extend(j for j in map(get, terms) if j is not None)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
                      shape=(len(term_lists), len(vocab)))
    m.sum_duplicates()
    return m


def sublinear(m: sp.csr_matrix) -> sp.csr_matrix:
    """Dampen repeated terms: 1 + log(count)."""
    m = m.copy()
    m.data = 1.0 + np.log(m.data)
    return m


def l2_normalise(m: sp.csr_matrix, norms: np.ndarray | None = None) -> sp.csr_matrix:
    """Scale rows to unit length (or by the given norms); empty rows stay empty."""
    if norms is None:
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms, dtype=np.float64), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ m)
