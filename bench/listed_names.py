"""The lists' and the registry's own names, typed as they are written: is each its own entry?

    .venv/bin/python bench/listed_names.py                 # every list entry, 5,000 registry names
    .venv/bin/python bench/listed_names.py --sample 300    # CI: a few hundred of each

An advisor copies a name from a sanctions list or a registry record and screens it. The
name must find its own entry at 1.0 (the same name after normalisation) and first, or tied
first with other entries of that very name. Every organisation entry of every shipped list
is typed (people are left out: screening is of organisations), and a seeded sample of the
registry's official names. A list's part that the list reports under its institution
(ASPI's laboratories and subsidiaries) is found as that institution, and counted so.

Each name that misses is counted as one of: "absent" (not among the hits at all), "below
1.0" (found, but read as another name: a number, a legal form or a country word misread),
"outranked" (another organisation scores higher). The worst are printed by list.

A list's name that is also the official name of a registry organisation in another country,
not tied to the entry ("Ministry of Defence", "Northeastern University"), names both: typed
alone it finds that organisation at 1.0 and the entry as possible, with the namesake in the
reason. These count as found, as ties with another entry of that very name do, and are
printed apart ("namesakes") so that a rule reading too many names so shows.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchindex import shipped_index  # noqa: E402

from ksdesk.screening.index import REGISTRY  # noqa: E402

EXACT = 0.999
TARGET = 0.99  # of the names, found as themselves


def outcome(index, entity) -> str:
    hits = index.screen(entity.name, threshold=0.0, limit=50)
    # A part the list reports under its institution is found as that institution.
    wanted = {(entity.list_id, entity.entity_id)}
    if entity.parent is not None:
        parent = index.entities[entity.parent]
        wanted.add((parent.list_id, parent.entity_id))
    own = [h for h in hits if (h.list_id, h.entity_id) in wanted]
    if not own:
        return "absent"
    if own[0].score < EXACT:
        namesake = any(code == "namesake_elsewhere" for code, _params in own[0].reasons)
        return "namesake" if namesake and hits[0].score >= EXACT and hits[0].list_id == REGISTRY else "below 1.0"
    if hits[0].score > own[0].score + 1e-9:
        return "outranked"
    return "found"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, help="names per side (a seeded sample); default: every list entry")
    parser.add_argument("--registry", type=int, default=5000, help="registry names typed (a seeded sample)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--show", type=int, default=8, help="misses to print per kind")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args()
    index = shipped_index()
    rng = random.Random(args.seed)
    listed = [e for e in index.entities if e.list_id != REGISTRY and e.schema != "person"]
    registry = [e for e in index.entities if e.list_id == REGISTRY]
    if args.sample:
        listed = rng.sample(listed, min(args.sample, len(listed)))
    registry = rng.sample(registry, min(args.sample or args.registry, len(registry)))
    ok = True
    for side, entities in (("list entries", listed), ("registry names", registry)):
        counts: Counter[str] = Counter()
        by_list: dict[str, Counter[str]] = defaultdict(Counter)
        misses: dict[str, list[str]] = defaultdict(list)
        started = time.perf_counter()
        for e in entities:
            result = outcome(index, e)
            counts[result] += 1
            by_list[e.list_id][result] += 1
            if result != "found":
                misses[result].append(f"[{e.list_id}] {e.name[:100]}")
        seconds = time.perf_counter() - started
        found = counts["found"] + counts["namesake"]
        share = found / max(len(entities), 1)
        met = share >= TARGET
        ok &= met
        print(f"== {side}: {len(entities)} names typed as written, {len(entities) / seconds:.0f}/s")
        print(f"   found as themselves at 1.0 and first, or beside a namesake: {found} ({share:.4f})   "
              f"target ≥ {TARGET}: {'met' if met else 'NOT met'}")
        for result in ("namesake", "absent", "below 1.0", "outranked"):
            print(f"   {result:10} {counts[result]}")
        if side == "list entries":
            for list_id, c in sorted(by_list.items(), key=lambda kv: -sum(kv[1].values())):
                total = sum(c.values())
                print(f"   {list_id:28} {c['found'] + c['namesake']:6} of {total:6}")
        for result, names in misses.items():
            for name in names[: args.show]:
                print(f"   {result}: {name}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
