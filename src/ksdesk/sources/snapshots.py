"""Downloaded versions of each source, one folder per version, each with its manifest.

<sources_dir>/<code>/<YYYYmmddTHHMMSSZ>-<digest>/ holds the files as published and
manifest.json: where they came from, their sizes and digests, the number of entries, and the
version's state (ready, held, applied or discarded). A download is made in a hidden folder
beside them and renamed into place only once every check passed, so a folder with a manifest
is always complete; an older version stays until it is pruned.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ksdesk.settings import get_settings

MANIFEST = "manifest.json"
STATES = ("ready", "held", "applied", "discarded")
KEEP = 3  # versions of a source kept on disk beside the one in use; ROR's is large


@dataclass(frozen=True)
class Snapshot:
    path: Path
    manifest: dict[str, Any]

    @property
    def state(self) -> str:
        return str(self.manifest.get("state"))

    @property
    def digest(self) -> str:
        return str(self.manifest.get("digest"))

    @property
    def entries(self) -> int | None:
        value = self.manifest.get("entries")
        return int(value) if value is not None else None

    @property
    def name(self) -> str:
        return self.path.name


def root() -> Path:
    return get_settings().sources_dir


def folder(code: str, base: Path | None = None) -> Path:
    return (base or root()) / code


def incoming(code: str, base: Path | None = None) -> Path:
    parent = folder(code, base)
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".incoming-", dir=parent))


def discard_incoming(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def commit(path: Path, manifest: dict[str, Any]) -> Snapshot:
    """Writes the manifest and moves the checked download into place under its own name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.parent / f"{stamp}-{str(manifest['digest'])[:12]}"
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str), encoding="utf-8")
    path.rename(target)
    return Snapshot(target, manifest)


def versions(code: str, base: Path | None = None) -> list[Snapshot]:
    """Every complete version of a source, oldest first."""
    parent = folder(code, base)
    if not parent.is_dir():
        return []
    out = []
    for path in sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a finished version
        out.append(Snapshot(path, manifest))
    return out


def latest(code: str, states: tuple[str, ...] = ("ready", "applied"), base: Path | None = None) -> Snapshot | None:
    found = [s for s in versions(code, base) if s.state in states]
    return found[-1] if found else None


def get(code: str, name: str, base: Path | None = None) -> Snapshot | None:
    return next((s for s in versions(code, base) if s.name == name), None)


def set_state(snapshot: Snapshot, state: str, **fields: Any) -> Snapshot:
    assert state in STATES
    manifest = dict(snapshot.manifest, state=state, **fields)
    tmp = snapshot.path / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str), encoding="utf-8")
    tmp.replace(snapshot.path / MANIFEST)
    return Snapshot(snapshot.path, manifest)


def prune(code: str, base: Path | None = None, keep: int = KEEP) -> list[Path]:
    """Removes all but the newest ``keep`` finished versions; a held one waits for its administrator."""
    removable = [s for s in versions(code, base) if s.state != "held"]
    removed = []
    for snapshot in removable[: max(0, len(removable) - keep)]:
        shutil.rmtree(snapshot.path, ignore_errors=True)
        removed.append(snapshot.path)
    return removed
