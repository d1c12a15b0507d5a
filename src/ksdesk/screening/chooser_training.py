"""Train the chooser's trees (chooser.py) from real affiliation strings.

The training data is ROR's own evaluation data shipped in ``data/eval/ror_affiliations``:
strings from publications and from users of a matching service, each with the registry
organisation people assigned or "NP" for none. Every registry hit of every string is one
example, labelled by whether it is the assigned organisation. Training is deterministic
(gradient-boosted trees with a fixed seed on one thread, examples in file order), so the
same data and engine give the same trees; the threshold is the probability above which choosing scores best as ROR scores
matchers (a wrong choice counts as a false positive and a false negative).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ksdesk.screening.chooser import FEATURES, Candidate, Model, Tree, as_read, barred, candidates, ranked, tied
from ksdesk.screening.resolver import rule_choice

TRAINING_FILES = ("crossref_publisher_assertions_train.csv", "ror_api_logs_train.csv")
TREES = 100
LEARNING_RATE = 0.1
LEAVES = 15


@dataclass(frozen=True)
class Row:
    text: str
    gold: str | None  # the registry id people assigned; None: no organisation


@dataclass(frozen=True)
class Example:
    row: Row
    candidates: list[Candidate]
    barred: frozenset[str] = frozenset()  # candidates never chosen (chooser.barred)


def read_rows(folder: Path, files: Sequence[str] = TRAINING_FILES) -> list[Row]:
    rows = []
    for name in files:
        with open(folder / name, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                ror = r["ror_id"].strip()
                rows.append(Row(r["affiliation"], None if ror == "NP" else ror))
    return rows


def sample(rows: list[Row], limit: int | None, seed: int = 7) -> list[Row]:
    return rows if not limit or limit >= len(rows) else random.Random(seed).sample(rows, limit)


def examples(index, rows: Sequence[Row], results: Sequence | None = None) -> list[Example]:
    """Each row's candidates with their facts, from the engine's own hits (``results``:
    the rows already resolved)."""
    out = []
    results = results if results is not None else index.resolve_many([r.text for r in rows])
    for row, result in zip(rows, results, strict=True):
        text = as_read(row.text)
        best, parent = rule_choice(result.hits, text, result.country, index)
        found = candidates(result.hits, text, result.country, index,
                           best.entity_id if best is not None else None, parent)
        out.append(Example(row, found, barred(found, index, text, result.hits)))
    return out


def fit(training: Iterable[Example], version: str) -> Model:
    """Boosted trees over the facts, and the threshold that scores best."""
    training = list(training)
    x, y = _matrix(training)
    if not len(y) or y.min() == y.max():
        raise ValueError("the training data needs both right and wrong candidates")
    trees, baseline = _boosted_trees(x, y)
    model = Model(version, FEATURES, baseline, trees, 0.5)
    return Model(version, FEATURES, baseline, trees, best_threshold(model, training))


def _boosted_trees(x: np.ndarray, y: np.ndarray) -> tuple[tuple[Tree, ...], float]:
    return exported(boosted(x, y))


def boosted(x: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]  # training only
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    # One thread and a fixed seed: the same examples give the same trees on every machine.
    with threadpool_limits(limits=1):
        return HistGradientBoostingClassifier(
            max_iter=TREES, learning_rate=LEARNING_RATE, max_leaf_nodes=LEAVES, early_stopping=False,
            random_state=0).fit(x, y)


def exported(classifier) -> tuple[tuple[Tree, ...], float]:
    """The fitted trees as plain numbers (scikit-learn has no public export of them)."""
    trees = []
    for (predictor,) in classifier._predictors:
        nodes = predictor.nodes
        trees.append(Tree(tuple(int(v) for v in nodes["feature_idx"]),
                          tuple(float(v) for v in nodes["num_threshold"]),
                          tuple(int(v) for v in nodes["left"]), tuple(int(v) for v in nodes["right"]),
                          tuple(bool(v) for v in nodes["is_leaf"]), tuple(float(v) for v in nodes["value"])))
    return tuple(trees), float(np.ravel(classifier._baseline_prediction)[0])


def best_threshold(model: Model, training: Sequence[Example]) -> float:
    top = [_top(model, e) for e in training]
    best_t, best_f = 0.5, -1.0
    for t in np.arange(0.05, 0.9, 0.01):
        f = _f1(training, top, float(t))
        if f > best_f + 1e-9:
            best_t, best_f = float(round(t, 2)), f
    return best_t


def evaluate(model: Model, held_out: Sequence[Example]) -> dict[str, float]:
    top = [_top(model, e) for e in held_out]
    tp, fp, fn = _counts(held_out, top, model.threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def cross_validated(all_examples: Sequence[Example], folds: int = 5, seed: int = 7) -> list[tuple[int, str | None]]:
    """Each example's choice by a model trained without it: (index, chosen id or None)."""
    order = list(range(len(all_examples)))
    random.Random(seed).shuffle(order)
    out: list[tuple[int, str | None]] = []
    for k in range(folds):
        held = set(order[k::folds])
        model = fit((e for i, e in enumerate(all_examples) if i not in held), "cv")
        for i in sorted(held):
            probability, top = _top(model, all_examples[i])
            out.append((i, _chosen(all_examples[i], probability, top, model.threshold)))
    return sorted(out)


def digest(folder: Path, files: Sequence[str] = TRAINING_FILES) -> str:
    h = hashlib.sha256()
    for name in files:
        h.update((folder / name).read_bytes())
    return h.hexdigest()[:12]


def _matrix(training: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    x = [[c.features[f] for f in FEATURES] for e in training for c in e.candidates]
    y = [float(c.entity_id == e.row.gold) for e in training for c in e.candidates]
    return np.asarray(x, dtype=float).reshape(-1, len(FEATURES)), np.asarray(y)


def _chosen(example: Example, probability: float, top: Candidate | None, threshold: float) -> str | None:
    """What decide() in chooser.py commits to, from the candidates ranked."""
    if top is None or probability < threshold or top.entity_id in example.barred:
        return None
    return top.entity_id


def _top(model: Model, example: Example) -> tuple[float, Candidate | None]:
    """The most likely candidate, or none where decide() chooses none whatever the threshold."""
    if not example.candidates:
        return 0.0, None
    order = ranked(model, example.candidates)
    return (0.0, None) if tied(order) else order[0]


def _counts(examples_: Sequence[Example], top: Sequence[tuple[float, Candidate | None]],
            threshold: float) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for e, (probability, c) in zip(examples_, top, strict=True):
        got = _chosen(e, probability, c, threshold)
        if got is not None and got == e.row.gold:
            tp += 1
        else:
            fp += got is not None
            fn += e.row.gold is not None
    return tp, fp, fn


def _f1(examples_: Sequence[Example], top: Sequence[tuple[float, Candidate | None]], threshold: float) -> float:
    tp, fp, fn = _counts(examples_, top, threshold)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
