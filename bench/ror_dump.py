"""ROR dump load: time and peak memory of reading and applying a whole ROR data dump.

    .venv/bin/python bench/ror_dump.py                       # 120,000 records, about ROR's size
    .venv/bin/python bench/ror_dump.py --records 3000        # CI: seconds

A dump zip in the official layout (Zenodo's "<release>-ror-data_schema_v2.json" inside) is made
from the registry records shipped in data/ror, cycled with new ids when more records are asked
for than are shipped. Then, each in its own measurement:

* parse: the dump is read as a stream (``ror_dump.read_dump``), every record turned into the
  registry's form and dropped; timed, then read again under tracemalloc for the Python heap's
  peak. It must stay flat as the dump grows: that is what streaming buys.
* apply: the dump is applied to an empty SQLite registry (``ror_update.apply_dump``: the new
  records, then the comparison of every record with its row), one transaction, then once more
  (every record compared, nothing to change). The peak resident size of the process is printed
  after each step; it grows with the registry (the id maps) but not with the size of the JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from ksdesk.accounts.principal import SYSTEM  # noqa: E402
from ksdesk.db import make_engine, transaction  # noqa: E402
from ksdesk.registry.countries import sync_country_profiles  # noqa: E402
from ksdesk.registry.ror_dump import read_dump  # noqa: E402
from ksdesk.registry.ror_update import apply_dump  # noqa: E402
from ksdesk.wiring import install  # noqa: E402
from tests.sources.ror_zip import to_v2  # noqa: E402

SHIPPED = ROOT / "data" / "ror" / "ror_records.jsonl.gz"


def _shipped(records: int):
    """The shipped records, read again as often as needed; copies get ids of their own."""
    n, lap = 0, 0
    while True:
        with gzip.open(SHIPPED, "rt", encoding="utf-8") as fh:
            for line in fh:
                if n >= records:
                    return
                rec = json.loads(line)
                yield dict(rec, id=f"{rec['id']}-{lap}", relationships=[]) if lap else rec
                n += 1
        lap += 1


def make_dump(path: Path, records: int) -> int:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("v9.99-2026-12-01-ror-data_schema_v2.json", "w") as out:
        out.write(b"[")
        for n, rec in enumerate(_shipped(records)):
            out.write((b"," if n else b"") + json.dumps(to_v2(rec), ensure_ascii=False).encode())
        out.write(b"]")
    return path.stat().st_size


def measure(label: str, work) -> None:
    """Time without tracing (tracing slows Python down several times), then the heap's peak with it."""
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s ({result}); peak RSS of the process so far "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--no-apply", action="store_true", help="Only the streaming read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ksdesk-ror-bench-") as tmp:
        dump = Path(tmp) / "ror-data.zip"
        size = make_dump(dump, args.records)
        with zipfile.ZipFile(dump) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
        print(f"ROR dump: {args.records} records, zip {size / 2**20:.1f} MiB, JSON {unpacked / 2**20:.1f} MiB")
        measure("parse (stream)", lambda: f"{sum(1 for _ in read_dump(dump))} records")
        tracemalloc.start()
        sum(1 for _ in read_dump(dump))
        print(f"parse (stream): peak Python heap {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB", flush=True)
        tracemalloc.stop()
        if args.no_apply:
            return
        from ksdesk import schema

        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite3")
        schema.upgrade(engine)
        factory = install(engine)
        with transaction(factory) as session:
            sync_country_profiles(session)

        def apply() -> str:
            with transaction(factory) as session:
                report = apply_dump(session, SYSTEM, dump, source_name=dump.name)
            return f"{report.added} added, {report.changed} changed"

        measure("apply to an empty registry (SQLite)", apply)
        measure("apply the same dump again (every record compared)", apply)
        engine.dispose()


if __name__ == "__main__":
    main()
