"""The screening index over the shipped data, built once and kept in var/bench-index.

Benches are run again and again while the engine is tuned; building the index over the
whole registry takes many seconds, loading it one. The file is keyed by a digest of the
data and of the engine's code, so a change to either builds a new one.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ksdesk.screening.building import build_default_index  # noqa: E402
from ksdesk.screening.index import ScreeningIndex, load_index  # noqa: E402

_CODE = ROOT / "src" / "ksdesk" / "screening"
# Modules that read the index but do not build it: changing them keeps the index.
_NOT_BUILDING = {"resolver.py", "chooser.py", "chooser_training.py", "explain.py"}


def _digest() -> str:
    h = hashlib.sha256()
    for path in sorted([*(ROOT / "data" / "ror").glob("*"), *(ROOT / "data" / "watchlists").rglob("*")]):
        if path.is_file():
            h.update(f"{path.relative_to(ROOT)}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode())
    for path in sorted([*_CODE.glob("*.py"), *_CODE.glob("*.yaml"), *(_CODE / "lists").rglob("*.py")]):
        if path.name in _NOT_BUILDING:
            continue
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def shipped_index() -> ScreeningIndex:
    return load_index(shipped_index_path())


def shipped_index_path() -> Path:
    """The saved index over the shipped data, built first where the data or code changed."""
    folder = ROOT / "var" / "bench-index"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_digest()}.idx"
    if path.exists():
        return path
    index = build_default_index(ROOT / "data")
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    index.save(tmp)
    os.replace(tmp, path)
    for old in [*folder.glob("*.idx"), *folder.glob("*.pkl")]:
        if old != path:
            old.unlink()
    return path


def database_index(url: str) -> ScreeningIndex:
    """The index a server on that database builds: its registry and current lists, as stored there
    (a registry imported from the dump is held in the desk's own terms, not ROR's)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from ksdesk.screening import source
    from ksdesk.screening.building import build_index

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return build_index(source.registry_orgs(session), source.current_lists(session))
    finally:
        engine.dispose()
