"""Screening speed: index build time and memory, query latency, batch throughput.

    .venv/bin/python bench/screening_speed.py                    # shipped data + 10^6 aliases
    .venv/bin/python bench/screening_speed.py --aliases 20000 --registry-limit 3000 --queries 200   # CI

Two sizes in one run: the shipped registry with every watchlist, and the same padded
with synthetic organisations to ``--aliases`` names (real words recombined, so the
vocabulary and word frequencies stay realistic). At each size a brute-force baseline
(rapidfuzz ``process.extractOne`` over every alias) is timed on a few queries and the
speed ratio printed.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rapidfuzz import fuzz, process  # noqa: E402

from ksdesk.screening import names as nm  # noqa: E402
from ksdesk.screening.building import build_index  # noqa: E402
from ksdesk.screening.index import ScreeningIndex, load_index  # noqa: E402
from ksdesk.screening.lists import load_all_lists, load_ror  # noqa: E402
from ksdesk.screening.lists.model import ListName  # noqa: E402
from ksdesk.screening.lists.ror import RegistryOrg  # noqa: E402

QUALITY = Path(__file__).resolve().parent / "data" / "screening_quality.jsonl"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_orgs(seed_orgs: list[RegistryOrg], n_names: int, rng: random.Random) -> list[RegistryOrg]:
    """Organisations made of real words: a real name with one word swapped and a place added."""
    words = sorted({w for o in seed_orgs[:20000] for w in o.name.split() if w.isalpha() and len(w) > 3})
    places = sorted({o.city for o in seed_orgs if o.city})
    out, made, i = [], 0, 0
    while made < n_names:
        base = seed_orgs[i % len(seed_orgs)]
        i += 1
        parts = base.name.split()
        parts[rng.randrange(len(parts))] = rng.choice(words)
        name = f"{' '.join(parts)} {rng.choice(places)}"
        alias = f"{rng.choice(places)} {' '.join(parts[::-1])}"
        out.append(RegistryOrg(f"synthetic:{i}", [ListName(name, "official"), ListName(alias, "alias")], base.country))
        made += 2
    return out


def queries(n: int, rng: random.Random) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Timed queries and, apart from them, warm-up queries."""
    rows = [json.loads(line) for line in QUALITY.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng.shuffle(rows)
    n = min(n, len(rows) - 100)
    return [(r["query"], r.get("country")) for r in rows[:n]], [r["query"] for r in rows[-100:]]


def measure(
    label: str, index: ScreeningIndex, build_s: float, qs: list[tuple[str, str | None]], warm: list[str], brute_n: int
) -> None:
    # Warm up on other names, the way a running service is warm (lazy tables of rigour
    # and pypinyin load on first use); the timed names are all unseen.
    index.screen_many(warm)
    lat = []
    for q, c in qs:
        t = time.perf_counter()
        index.screen(q, country=c)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    p50 = statistics.median(lat)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    names = [q for q, _ in qs]
    t = time.perf_counter()
    index.screen_many(names)
    batch_rate = len(names) / (time.perf_counter() - t)
    aliases = index.name_keys
    sample = [nm.key(q) for q in names[:brute_n]]
    t = time.perf_counter()
    for q in sample:
        process.extractOne(q, aliases, scorer=fuzz.WRatio, processor=None)
    brute_rate = len(sample) / (time.perf_counter() - t)
    print(f"\n== {label}")
    print(f"organisations and list entries : {len(index.entities):,}")
    print(f"aliases (names) indexed        : {len(aliases):,}")
    print(f"index build                    : {build_s:.1f} s")
    print(f"peak memory (process RSS)      : {peak_rss_mb():,.0f} MB")
    print(f"single query latency           : p50 {p50:.2f} ms, p95 {p95:.2f} ms  ({len(qs)} queries)")
    print(f"batch throughput               : {batch_rate:,.0f} names/s (one process)")
    print(f"brute force (extractOne/WRatio): {brute_rate:,.2f} names/s  ({len(sample)} queries)")
    print(
        f"speed-up over brute force      : {batch_rate / brute_rate:,.0f}x batch,"
        f" {1000 / p50 / brute_rate:,.0f}x single (p50)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=1_000_000, help="names in the padded index")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--brute", type=int, default=20, help="queries for the brute-force baseline")
    parser.add_argument("--registry-limit", type=int, help="index only this many registry records (quick runs)")
    args = parser.parse_args()
    rng = random.Random(11)
    qs, warm = queries(args.queries, rng)

    # Build, save, and measure the index as a service sees it: loaded from its cache
    # file into a process without the build's leftovers.
    t = time.perf_counter()
    index = build_index(load_ror(limit=args.registry_limit), load_all_lists())
    build_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "screening.idx"
        index.save(path)
        del index
        gc.collect()
        t = time.perf_counter()
        index = load_index(path)
        print(f"cached index: {path.stat().st_size / 1e6:,.0f} MB on disk, loads in {time.perf_counter() - t:.2f} s")
    measure("shipped: registry + every watchlist", index, build_s, qs, warm, args.brute)
    shipped = len(index.name_keys)
    del index
    gc.collect()

    extra = max(0, args.aliases - shipped)
    if extra:
        orgs = load_ror(limit=args.registry_limit)
        padded = orgs + synthetic_orgs(orgs, extra, rng)
        t = time.perf_counter()
        index = build_index(padded, load_all_lists())
        build_s = time.perf_counter() - t
        del padded, orgs
        gc.collect()
        measure(f"padded to {args.aliases:,} aliases", index, build_s, qs, warm, max(3, args.brute // 4))


if __name__ == "__main__":
    main()
