"""One screening index per database state, built once and kept in memory and on disk.

Building the index over the whole registry and every list takes many seconds; loading a
saved one takes milliseconds, as the file is mapped into memory rather than read (see
store.py), so every process (web workers, job workers, the CLI) reuses the file that the
first one wrote for the same state and the machine holds one copy of it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from ksdesk.screening import freed, names, source
from ksdesk.screening.building import build_index
from ksdesk.screening.index import FORMAT_VERSION, ScreeningIndex, load_index
from ksdesk.settings import get_settings

_lock = threading.Lock()
_memory: dict[str, ScreeningIndex] = {}


def _cache_dir() -> Path:
    path = get_settings().index_dir
    path.mkdir(parents=True, exist_ok=True)
    return path


# An index file no process has loaded for this long is of an older state and is removed when a
# newer one is built; a process that still maps it keeps reading it (the pages stay until unmapped).
STALE_AFTER_SECONDS = 600


def _key(session: Session) -> tuple[str, str]:
    """(the database's part of the file name, the state's part)."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    database = hashlib.sha256(url.encode()).hexdigest()[:12]
    stamp = f"{url}|{FORMAT_VERSION}.{source.SOURCE_FORMAT}|{source.state_stamp(session)}"
    return database, hashlib.sha256(stamp.encode()).hexdigest()[:24]


@contextmanager
def _building(folder: Path, database: str) -> Iterator[None]:
    """One process at a time builds an index of one database: the server's workers and the job
    worker all need the same new state after a change, and the others wait for its file instead of
    building it again."""
    with open(folder / f"{database}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale(folder: Path, database: str, keep: Path) -> None:
    now = time.time()
    for old in folder.glob(f"{database}-*.idx"):
        try:
            if old != keep and now - old.stat().st_mtime > STALE_AFTER_SECONDS:
                old.unlink()
        except FileNotFoundError:  # another process removed it first
            pass


def get_index(session: Session) -> ScreeningIndex:
    database, state = _key(session)
    key = f"{database}-{state}"
    index = _memory.get(key)
    if index is not None:
        return index
    with _lock:
        index = _memory.get(key)
        if index is not None:
            return index
        folder = _cache_dir()
        path = folder / f"{key}.idx"
        with _building(folder, database):
            index = _load(path)
            if index is None:
                built = build_index(source.registry_orgs(session), source.current_lists(session))
                tmp = folder / f"{key}.{os.getpid()}.tmp"
                built.save(tmp)
                os.replace(tmp, path)  # atomic: another process never loads half a file
                _remove_stale(folder, database, path)
                # The process that built it uses the mapped file too: it shares the pages with
                # every other process and lets go of the build's Python objects, the names it
                # normalised for the build among them.
                del built
                names.forget_names()
                freed.give_back()
                index = load_index(path)
            path.touch()  # in use, so not stale: under the lock, as another process removes stale files under it
        _memory.clear()  # older states are of no use any more
        _memory[key] = index
        return index


def ensure_index_file(session: Session) -> bool:
    """Builds the file for the current data state if there is none yet; True when it was missing."""
    database, state = _key(session)
    if (_cache_dir() / f"{database}-{state}.idx").exists():
        return False
    get_index(session)
    return True


def _load(path: Path) -> ScreeningIndex | None:
    if not path.exists():
        return None
    try:
        return load_index(path)
    except Exception:  # noqa: BLE001 - a damaged or outdated cache file is rebuilt, never trusted
        return None
