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
