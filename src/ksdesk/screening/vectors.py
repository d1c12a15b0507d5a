"""Sparse TF-IDF vectors for candidate search: character trigrams and whole words.

Trigrams are taken over the name without spaces, so spacing ("Guofang" / "guo fang")
and single typos change only a few features; words carry the rare, decisive parts.
Trigram feature ids are computed arithmetically (37 symbols), so no vocabulary is
needed and vectorising a million names is a few numpy operations.
"""

from __future__ import annotations

import numpy as np

from ksdesk.screening.sparse_library import sp_matmul_topn, sparse, topn_core, unchecked

_ALPHABET = 37  # 0 = separator / anything else, 1..26 letters, 27..36 digits
N_TRIGRAMS = _ALPHABET**3

_TABLE = np.zeros(256, dtype=np.int64)
for _i, _c in enumerate(b"abcdefghijklmnopqrstuvwxyz"):
    _TABLE[_c] = _i + 1
for _i, _c in enumerate(b"0123456789"):
    _TABLE[_c] = 27 + _i


def _trigram_ids(squashed: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, trigram id) of every trigram of every name, duplicates included."""
    n = len(squashed)
    joined = "\0".join(squashed) + "\0\0"
    codes = _TABLE[np.frombuffer(joined.encode("ascii", "replace"), dtype=np.uint8)]
    lengths = np.fromiter((len(s) + 1 for s in squashed), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    a, b, c = codes[:-2], codes[1:-1], codes[2:]
    valid = (a > 0) & (b > 0) & (c > 0)
    return rows[: len(valid)][valid], (a * _ALPHABET * _ALPHABET + b * _ALPHABET + c)[valid]


def trigram_counts(squashed: list[str]) -> sparse.csr_matrix:
    """Rows = names, columns = trigram ids, values = counts."""
    n = len(squashed)
    if n == 0:
        return sparse.csr_matrix((0, N_TRIGRAMS), dtype=np.float32)
    r, ids = _trigram_ids(squashed)
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


def query_matrix(token_lists: list[list[str]], vocab: dict[str, int], idf: np.ndarray,
                 keep: np.ndarray) -> sparse.csr_matrix:
    """The queries' rows in the index's stacked space (trigrams, then words), each half
    weighed as :func:`weigh` weighs it. The same figures as weighing ``trigram_counts`` and
    ``word_counts`` apart and stacking them, in a few array operations: a single query spent
    most of its search time in the sparse matrices' constructors. ``token_lists`` hold the
    words as the index's skeletons; ``idf`` and ``keep`` are the trigram and word arrays
    joined, the words' after the N_TRIGRAMS trigrams'."""
    n, width = len(token_lists), len(idf)
    if n == 0:
        return sparse.csr_matrix((0, width), dtype=np.float32)
    char_rows, char_ids = _trigram_ids(["".join(t) for t in token_lists])
    word_rows, word_ids = [], []
    for row, toks in enumerate(token_lists):
        for t in toks:
            j = vocab.get(t)
            if j is not None and N_TRIGRAMS + j < width:
                word_rows.append(row)
                word_ids.append(N_TRIGRAMS + j)
    rows = np.concatenate([char_rows, np.asarray(word_rows, dtype=np.int64)])
    cols = np.concatenate([char_ids, np.asarray(word_ids, dtype=np.int64)])
    keys, counts = np.unique(rows * width + cols, return_counts=True)  # row by row, columns in order
    rows, cols = keys // width, keys % width
    data = (np.float32(1.0) + np.log(counts.astype(np.float32))) * idf[cols] * keep[cols]
    live = data != 0
    rows, cols, data = rows[live], cols[live], data[live]
    half = rows * 2 + (cols >= N_TRIGRAMS)
    norms = np.sqrt(np.bincount(half, weights=data * data, minlength=2 * n)).astype(np.float32)
    data = data * (np.float32(1.0) / norms[half])
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    return sparse.csr_matrix((data.astype(np.float32), cols, indptr), shape=(n, width))


def top_k_product(queries: sparse.csr_matrix, matrix: sparse.csr_matrix, k: int, threads: int = 1
                  ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per query row, the (column ids, similarities) of its k most similar columns of
    ``matrix``, best first and, of equal similarities, the lower column first.

    The product is never materialised: a batch of affiliation parts touches about 18,000
    names each, and building that product and then sorting it took two thirds of a
    batch's search time. ``threads`` share the rows.
    """
    index_type = matrix.indices.dtype
    queries = sparse.csr_matrix(
        (queries.data.astype(matrix.dtype, copy=False), queries.indices.astype(index_type, copy=False),
         queries.indptr.astype(index_type, copy=False)), shape=queries.shape)
    top = _top_n_product(queries, matrix, k, threads)
    out = []
    for i in range(queries.shape[0]):
        start, end = top.indptr[i], top.indptr[i + 1]
        data, cols = top.data[start:end], top.indices[start:end]
        order = np.lexsort((cols, -data))
        out.append((cols[order], data[order]))
    return out


def _top_n_product(queries: sparse.csr_matrix, matrix: sparse.csr_matrix, k: int, threads: int) -> sparse.csr_matrix:
    """sparse_dot_topn's top-n product, called past its checks where the arrays are already as
    its compiled code takes them: the checked entry point copies the index's whole column index
    (some 12 MB) on every call to give it the integer type it already has, which each process
    then kept as freed memory, and which took time on every query."""
    as_taken = (queries.nnz and matrix.nnz and queries.dtype == matrix.dtype
                and all(a.dtype == np.int32 for a in (queries.indptr, queries.indices, matrix.indptr, matrix.indices)))
    if not as_taken:
        return sp_matmul_topn(queries, matrix, top_n=k, sort=True, n_threads=threads)
    top_n = min(k, matrix.shape[1])
    if threads > 1 and topn_core._has_openmp_support:
        return unchecked.sp_matmul_topn_mt(queries, matrix, top_n, True, None, threads)
    return unchecked.sp_matmul_topn(queries, matrix, top_n, True, None, 1.0)
