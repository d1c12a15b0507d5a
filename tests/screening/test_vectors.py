"""The search's query vectors: made directly, they are the figures the index's own weighing gives."""

import numpy as np
from scipy import sparse

from ksdesk.screening import vectors

NAMES = [["harbin", "institute", "of", "technology"], ["guofang", "keji", "daxue"], ["tu", "delft"],
         ["unknownword", "zzz"], ["aaa", "aaa", "aaa", "institute"], [], ["x"]]


def _weighed_apart(token_lists, vocab, char_idf, char_keep, word_idf, word_keep):
    chars = vectors.trigram_counts(["".join(t) for t in token_lists])
    words = vectors.word_counts(token_lists, vocab, grow=False)
    words.resize((len(token_lists), len(word_idf)))
    return sparse.hstack([vectors.weigh(chars, char_idf, char_keep), vectors.weigh(words, word_idf, word_keep)],
                         format="csr")


def test_query_rows_weigh_trigrams_and_words_as_the_index_weighs_them():
    rng = np.random.default_rng(7)
    vocab = {w: i for i, w in enumerate(["harbin", "institute", "technology", "delft", "daxue", "aaa"])}
    char_idf = rng.uniform(1, 9, vectors.N_TRIGRAMS).astype(np.float32)
    char_keep = (rng.uniform(size=vectors.N_TRIGRAMS) > 0.1).astype(np.float32)
    word_idf = rng.uniform(1, 9, len(vocab)).astype(np.float32)
    word_keep = np.array([1, 0, 1, 1, 1, 1], dtype=np.float32)  # "institute" only weighs, never searches
    expected = _weighed_apart(NAMES, vocab, char_idf, char_keep, word_idf, word_keep)
    got = vectors.query_matrix(NAMES, vocab, np.concatenate([char_idf, word_idf]),
                               np.concatenate([char_keep, word_keep]))
    assert got.shape == expected.shape
    assert abs(got - expected).max() < 1e-6
    assert got.getrow(5).nnz == 0  # a query without words searches for nothing


def test_the_top_k_product_ranks_as_the_full_product_does_ties_by_column():
    rng = np.random.default_rng(11)
    matrix = sparse.random(300, 2000, density=0.02, format="csr", dtype=np.float32, random_state=rng)
    matrix.data = np.round(matrix.data, 1)  # many equal similarities, so the order of ties shows
    queries = sparse.random(40, 300, density=0.05, format="csr", dtype=np.float32, random_state=rng)
    queries.data = np.round(queries.data, 1)
    full = (queries @ matrix).toarray()
    for threads in (1, 2):
        found = vectors.top_k_product(queries, matrix, 5, threads)
        assert len(found) == 40
        for row, (cols, sims) in zip(full, found, strict=True):
            nonzero = np.flatnonzero(row)
            expected = sorted(nonzero, key=lambda c: (-row[c], c))[:5]
            assert np.allclose(sims, row[expected])
            # At the cut, equal similarities may be any of the tied columns; above it, the order is fixed.
            strictly_above = [c for c in expected if row[c] > row[expected[-1]]]
            assert cols[: len(strictly_above)].tolist() == strictly_above
            assert all(a < b for a, b, sa, sb in zip(cols, cols[1:], sims, sims[1:], strict=False) if sa == sb)
