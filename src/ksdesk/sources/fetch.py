"""Fetching a new version of one source: download, check, keep it as a version folder.

The checks, in order: every file arrives whole within the size limit and the timeout; its digest
is the published one (where one is published); the format's reader reads it and finds entries;
it has not lost more than the source's max_drop of the entries of the version in use (such a
version is kept but held for an administrator). A version with the same content as the newest
one is not kept twice. A refused download leaves nothing behind; the previous version stays.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from ksdesk.errors import Refusal
from ksdesk.sources import download, readers, snapshots
from ksdesk.sources.catalogue import Source, SourceFile


@dataclass
class FetchResult:
    code: str
    # new: a checked version ready to apply; unchanged: the newest version already has this
    # content; held: kept, waiting for an administrator; refused: nothing kept.
    status: str
    refusal: Refusal | None = None
    snapshot: snapshots.Snapshot | None = None
    entries: int | None = None
    previous_entries: int | None = None
    files: list[dict] = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        return self.refusal.message if self.refusal else None


def _discover(http: httpx.Client, source: Source) -> Source:
    """Zenodo: the newest record of a community, the file of it whose name matches, and its digest."""
    assert source.url
    text = download.fetch_text(http, source.url)
    try:
        record = json.loads(text)["hits"]["hits"][0]
        published = record["files"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise download.SourceRefused(Refusal("source_unreadable", f"{source.url} did not name a newest record",
                                             {"file": source.url, "error": str(exc)})) from exc
    files = []
    for wanted in source.files:
        found = next((f for f in published if str(f.get("key", "")).endswith(wanted.match or wanted.name)), None)
        if found is None:
            raise download.SourceRefused(Refusal("source_unreadable", f"the newest record has no {wanted.name}",
                                                 {"file": wanted.name, "error": "missing"}))
        links = found.get("links") or {}
        files.append(replace(wanted, url=links.get("content") or links.get("self"),
                             checksum=found.get("checksum") or wanted.checksum))
    return replace(source, files=tuple(files))


def _published_digest(http: httpx.Client, f: SourceFile) -> str | None:
    if f.checksum:
        return f.checksum
    if f.checksum_url:
        text = download.fetch_text(http, f.checksum_url)
        for line in text.splitlines():
            parts = line.split()
            if parts and (len(parts) == 1 or parts[-1].lstrip("*") == f.name or len(text.splitlines()) == 1):
                return parts[0]
    return None


def _content_digest(files: list[dict]) -> str:
    return hashlib.sha256(json.dumps([[f["name"], f["sha256"]] for f in files]).encode()).hexdigest()


def fetch(source: Source, *, previous_entries: int | None = None, base: Path | None = None,
          http: httpx.Client | None = None, today: date | None = None) -> FetchResult:
    """Downloads and checks a new version of ``source``; ``previous_entries`` is the size of the version in use."""
    today = today or datetime.now(UTC).date()
    own_client = http is None
    http = http or download.client(source.timeout_seconds)
    newest = snapshots.latest(source.code, base=base)
    if previous_entries is None and newest is not None:
        previous_entries = newest.entries
    work = snapshots.incoming(source.code, base)
    result = FetchResult(source.code, "refused", previous_entries=previous_entries)
    try:
        resolved = _discover(http, source) if source.discover else source
        for f in resolved.files:
            assert f.url
            got = download.download(http, f.url, work / f.name, max_bytes=source.max_bytes)
            expected = _published_digest(http, f)
            if expected:
                download.check_digest(got, expected, f.name)
            result.files.append({"name": f.name, "url": f.url, "size": got.size, "sha256": got.sha256,
                                 "checksum_checked": bool(expected)})
        digest = _content_digest(result.files)
        if newest is not None and newest.digest == digest:
            snapshots.discard_incoming(work)
            result.status, result.snapshot, result.entries = "unchanged", newest, newest.entries
            return result
        try:
            entries = readers.count_entries(source, work, today)
        except Exception as exc:  # any reader's failure means the same: this file cannot be used
            raise download.SourceRefused(Refusal("source_unreadable", f"{source.code}: the file cannot be read "
                                                 f"as {source.format}: {exc}",
                                                 {"file": resolved.files[0].name, "error": str(exc)[:200]})) from exc
        if entries == 0:
            raise download.SourceRefused(Refusal("source_no_entries", f"{source.code}: the new version has no entries",
                                                 {"code": source.code}))
        result.entries = entries
        held = previous_entries is not None and entries < previous_entries * (1 - source.max_drop)
        manifest = {"code": source.code, "format": source.format, "fetched_at": datetime.now(UTC).isoformat(),
                    "fetched_on": today.isoformat(), "files": result.files, "digest": digest, "entries": entries,
                    "previous_entries": previous_entries, "state": "held" if held else "ready"}
        if held:
            result.refusal = Refusal(
                "source_drop_held",
                f"{source.code}: {entries} entries where the version in use has {previous_entries}; "
                f"held for an administrator",
                {"code": source.code, "entries": entries, "previous": previous_entries})
            manifest["reason"] = result.refusal.message
        result.snapshot = snapshots.commit(work, manifest)
        result.status = "held" if held else "new"
        snapshots.prune(source.code, base)
        return result
    except download.SourceRefused as exc:
        snapshots.discard_incoming(work)
        result.refusal = exc.refusal
        return result
    finally:
        if own_client:
            http.close()
