"""Sparse TF-IDF vectors for candidate search: character trigrams and whole words.

Trigrams are taken over the name without spaces, so spacing ("Guofang" / "guo fang")
and single typos change only a few features; words carry the rare, decisive parts.
Trigram feature ids are computed arithmetically (37 symbols), so no vocabulary is
needed and vectorising a million names is a few numpy operations.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_ALPHABET = 37  # 0 = separator / anything else, 1..26 letters, 27..36 digits
N_TRIGRAMS = _ALPHABET**3

_TABLE = np.zeros(256, dtype=np.int64)
for _i, _c in enumerate(b"abcdefghijklmnopqrstuvwxyz"):
    _TABLE[_c] = _i + 1
for _i, _c in enumerate(b"0123456789"):
    _TABLE[_c] = 27 + _i


def trigram_counts(squashed: list[str]) -> sparse.csr_matrix:
    """Rows = names, columns = trigram ids, values = counts."""
    n = len(squashed)
    if n == 0:
        return sparse.csr_matrix((0, N_TRIGRAMS), dtype=np.float32)
    joined = "\0".join(squashed) + "\0\0"
    codes = _TABLE[np.frombuffer(joined.encode("ascii", "replace"), dtype=np.uint8)]
    lengths = np.fromiter((len(s) + 1 for s in squashed), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    a, b, c = codes[:-2], codes[1:-1], codes[2:]
    valid = (a > 0) & (b > 0) & (c > 0)
    ids = (a * _ALPHABET * _ALPHABET + b * _ALPHABET + c)[valid]
    r = rows[: len(valid)][valid]
    m = sparse.csr_matrix((np.ones(len(ids), dtype=np.float32), (r, ids)), shape=(n, N_TRIGRAMS))
    m.sum_duplicates()
    return m


def word_counts(token_lists: list[list[str]], vocab: dict[str, int], grow: bool) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for toks in token_lists:
        for t in toks:
            j = vocab.get(t)
            if j is None:
                if not grow:
                    continue
                j = vocab[t] = len(vocab)
            indices.append(j)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    m = sparse.csr_matrix(
        (data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(token_lists), max(len(vocab), 1)),
    )
    m.sum_duplicates()
    return m


def idf_from(counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    n = max(counts.shape[0], 1)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    return idf.astype(np.float32), df


def weigh(counts: sparse.csr_matrix, idf: np.ndarray, keep: np.ndarray | None = None) -> sparse.csr_matrix:
    """TF-IDF with sublinear tf, L2-normalised rows; ``keep`` masks features out of search."""
    m = counts.copy()
    m.data = (1.0 + np.log(m.data)) * idf[m.indices]
    if keep is not None:
        m.data *= keep[m.indices]
        m.eliminate_zeros()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags((1.0 / norms).astype(np.float32)) @ m, dtype=np.float32)


def top_k_rows(scores: sparse.csr_matrix, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per row, the (column ids, scores) of its k best columns, best first."""
    out = []
    for i in range(scores.shape[0]):
        start, end = scores.indptr[i], scores.indptr[i + 1]
        data, cols = scores.data[start:end], scores.indices[start:end]
        if len(data) > k:
            part = np.argpartition(-data, k)[:k]
            data, cols = data[part], cols[part]
        order = np.argsort(-data)
        out.append((cols[order], data[order]))
    return out
