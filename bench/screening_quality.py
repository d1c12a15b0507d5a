"""Screening quality on the labelled set: top-1 accuracy, precision, recall and F1.

    .venv/bin/python bench/screening_quality.py                 # the whole set, full index
    .venv/bin/python bench/screening_quality.py --limit 200     # a quick run (CI)

A query counts as *resolved* to its first hit at or above the threshold, the one an advisor
reads first. A variant is right when that hit is the expected registry organisation or list
entry (or a list entry tied to it); one only tied at the top score with its first hit is not,
and is counted apart ("tied at the top"). False positives: a variant resolved to the wrong
organisation, a look-alike resolved to the organisation it was made from, a name that
exists nowhere resolved to anything. A look-alike resolved to some third organisation
is reported apart ("other") and counted as a false positive too.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ksdesk.screening.building import build_index  # noqa: E402
from ksdesk.screening.index import DEFAULT_THRESHOLD, ScreeningIndex, load_index  # noqa: E402
from ksdesk.screening.lists import load_all_lists, load_ror  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "screening_quality.jsonl"
NEGATIVE_KINDS = ("lookalike_swap", "nonexistent")


def load_queries(path: Path, limit: int | None, seed: int = 7) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit and limit < len(rows):
        by_kind = defaultdict(list)
        for r in rows:
            by_kind[r["kind"]].append(r)
        rng = random.Random(seed)
        share = limit / len(rows)
        rows = [
            r for kind_rows in by_kind.values() for r in rng.sample(kind_rows, max(1, round(len(kind_rows) * share)))
        ]
    return rows


def get_index(queries: list[dict], registry_sample: int | None, cache: Path | None) -> tuple[ScreeningIndex, float]:
    if cache and cache.exists() and not registry_sample:
        t = time.perf_counter()
        return load_index(cache), time.perf_counter() - t
    t = time.perf_counter()
    orgs = load_ror()
    if registry_sample:
        # Keep every organisation the queries name, plus a random sample as distractors.
        wanted = {q.get("expected") for q in queries} | {q.get("source") for q in queries}
        rng = random.Random(3)
        others = [o for o in orgs if o.ror_id not in wanted]
        orgs = [o for o in orgs if o.ror_id in wanted] + rng.sample(others, min(registry_sample, len(others)))
    index = build_index(orgs, load_all_lists())
    took = time.perf_counter() - t
    if cache and not registry_sample:
        index.save(cache)
    return index, took


def resolved(hits, threshold):
    top = [h for h in hits if h.score >= threshold]
    if not top:
        return None, []
    best = top[0].score
    return top[0], [h for h in top if h.score >= best - 1e-9]


def is_target(hit_group, expected) -> bool:
    return any(h.entity_id == expected or h.registry_id == expected for h in hit_group)


def evaluate(index: ScreeningIndex, queries: list[dict], threshold: float) -> dict:
    stats = defaultdict(Counter)
    misses = []
    for q in queries:
        # Top-1 looks at every candidate; the rest at the hits screen() returns at the threshold.
        every = index.screen(q["query"], country=q.get("country"), threshold=0.0, limit=30)
        hits = index.screen(q["query"], country=q.get("country"), threshold=threshold, limit=30)
        kind = q["kind"]
        s = stats[kind]
        s["n"] += 1
        top_any, group_any = resolved(every, 0.0)
        top, group = resolved(hits, threshold)
        if q["expected"]:
            ok_top1 = bool(top_any) and is_target([top_any], q["expected"])
            s["top1"] += ok_top1
            s["tied"] += not ok_top1 and is_target(group_any, q["expected"])
            if top is None:
                s["fn"] += 1
            elif is_target([top], q["expected"]):
                s["tp"] += 1
            else:
                s["fp"] += 1
                s["fn"] += 1
            if q.get("expect_list_entry"):
                listed = any(h.entity_id == q["expect_list_entry"] and h.score >= threshold for h in hits)
                s["parent_listed"] += listed
            if not (top and is_target([top], q["expected"])):
                misses.append((top_any.score if top_any else 0.0, q, top_any))
        else:
            if top is None:
                s["tn"] += 1
            elif q.get("source") and is_target(group, q["source"]):
                s["fp"] += 1
                s["to_source"] += 1
                misses.append((top.score, q, top))
            else:
                s["fp"] += 1
                s["other"] += 1
                misses.append((top.score, q, top))
    return {"stats": stats, "misses": misses}


def report(result: dict, threshold: float) -> None:
    stats = result["stats"]
    print(f"threshold {threshold:.2f}\n")
    print(f"{'kind':28s} {'n':>5s} {'top-1':>7s} {'recall':>7s} {'prec.':>7s} {'F1':>6s}  notes")
    total = Counter()
    for kind in sorted(stats, key=lambda k: (k in NEGATIVE_KINDS, k)):
        s = stats[kind]
        total.update(s)
        if kind in NEGATIVE_KINDS:
            wrong = s["fp"] / s["n"]
            note = (
                f"resolved: {s['fp']} ({wrong:.1%}); to their source: {s['to_source']} ({s['to_source'] / s['n']:.1%})"
            )
            print(f"{kind:28s} {s['n']:5d} {'':>7s} {'':>7s} {'':>7s} {'':>6s}  {note}")
            continue
        top1 = s["top1"] / s["n"]
        recall = s["tp"] / s["n"]
        prec = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
        notes = [f"parent's list entry found: {s['parent_listed']}/{s['n']}"] if kind == "child_of_listed" else []
        if s["tied"]:
            notes.append(f"tied at the top: {s['tied']}")
        note = "; ".join(notes)
        print(f"{kind:28s} {s['n']:5d} {top1:7.3f} {recall:7.3f} {prec:7.3f} {f1:6.3f}  {note}")
    positives = sum(stats[k]["n"] for k in stats if k not in NEGATIVE_KINDS)
    tp = total["tp"]
    fp = total["fp"]
    top1 = sum(stats[k]["top1"] for k in stats if k not in NEGATIVE_KINDS) / max(positives, 1)
    recall = tp / max(positives, 1)
    prec = tp / (tp + fp) if tp + fp else 1.0
    f1 = 2 * prec * recall / (prec + recall) if prec + recall else 0.0
    swaps = stats.get("lookalike_swap", Counter())
    print(f"\nOVERALL variants {positives}: top-1 {top1:.4f}  recall {recall:.4f}  precision {prec:.4f}  F1 {f1:.4f}")
    if swaps["n"]:
        print(
            f"look-alikes resolving to their source: {swaps['to_source']}/{swaps['n']}"
            f" = {swaps['to_source'] / swaps['n']:.2%}"
        )
    print("\nworst misses:")
    for _score, q, hit in sorted(result["misses"], key=lambda m: -m[0])[:25]:
        got = f"{hit.listed_name} [{hit.list_id} {hit.entity_id}] {hit.score:.2f}" if hit else "nothing"
        print(f"  [{q['kind']}] {q['query']!r} -> {got}; expected {q['expected']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, help="evaluate a stratified sample of this many queries")
    parser.add_argument(
        "--registry-sample", type=int, help="index only the queried organisations plus this many others"
    )
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--cache", type=Path, help="load the full index from / save it to this file")
    args = parser.parse_args()
    if args.limit and args.registry_sample is None:
        args.registry_sample = 2000
    queries = load_queries(args.data, args.limit)
    index, took = get_index(queries, args.registry_sample, args.cache)
    print(
        f"index: {len(index.entities)} organisations / list entries, {len(index.name_keys)} names, ready in {took:.1f}s"
    )
    t = time.perf_counter()
    result = evaluate(index, queries, args.threshold)
    print(f"{len(queries)} queries screened in {time.perf_counter() - t:.1f}s")
    report(result, args.threshold)


if __name__ == "__main__":
    main()
