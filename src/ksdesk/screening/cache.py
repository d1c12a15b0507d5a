"""One screening index per database state, built once and kept in memory and on disk.

Building the index over the whole registry and every list takes many seconds; loading a
saved one takes milliseconds, as the file is mapped into memory rather than read (see
store.py), so every process (web workers, job workers, the CLI) reuses the file that the
first one wrote for the same state and the machine holds one copy of it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from sqlalchemy.orm import Session

from ksdesk.screening import source
from ksdesk.screening.building import build_index
from ksdesk.screening.index import FORMAT_VERSION, ScreeningIndex, load_index
from ksdesk.settings import get_settings

_lock = threading.Lock()
_memory: dict[str, ScreeningIndex] = {}


def _cache_dir() -> Path:
    path = get_settings().index_dir
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(session: Session) -> str:
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    stamp = f"{url}|{FORMAT_VERSION}.{source.SOURCE_FORMAT}|{source.state_stamp(session)}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:24]


def get_index(session: Session) -> ScreeningIndex:
    key = _key(session)
    index = _memory.get(key)
    if index is not None:
        return index
    with _lock:
        index = _memory.get(key)
        if index is not None:
            return index
        path = _cache_dir() / f"{key}.idx"
        if path.exists():
            try:
                index = load_index(path)
            except Exception:  # noqa: BLE001 - a damaged or outdated cache file is rebuilt, never trusted
                index = None
        if index is None:
            index = build_index(source.registry_orgs(session), source.current_lists(session))
            tmp = path.parent / f"{key}.{os.getpid()}.tmp"
            index.save(tmp)
            os.replace(tmp, path)  # atomic: another process never loads half a file
            # The process that built it uses the mapped file too: it shares the pages with
            # every other process and lets go of the build's Python objects.
            index = load_index(path)
        _memory.clear()  # older states are of no use any more
        _memory[key] = index
        return index
