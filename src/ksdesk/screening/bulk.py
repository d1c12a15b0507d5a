"""Bulk screening of a file of names or affiliations: streamed in chunks, results in input order."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy.orm import Session, sessionmaker

from ksdesk import spreadsheets
from ksdesk.accounts.principal import Principal
from ksdesk.db import transaction, utcnow
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.screening import service
from ksdesk.screening.index import DEFAULT_THRESHOLD
from ksdesk.screening.models import ScreeningJob
from ksdesk.text import shortened
from ksdesk.vocab import Role

CHUNK = 256
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
RESULT_COLUMNS = ["line", "query", "rank", "list", "entity_id", "name", "matched_name", "score", "level",
                  "registry_id", "explanation"]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("the file is not UTF-8 text", code="file_not_utf8", params={"byte": exc.start},
                               field_errors={"file": Refusal("file_not_utf8", f"not UTF-8 (byte {exc.start}); save it as UTF-8",
                                                            {"byte": exc.start})}) from exc


def read_names(lines: Iterable[str], column: str | None) -> Iterator[str]:
    """One name per line, or the named column of a CSV file with a header row."""
    if column is None:
        for line in lines:
            yield line.rstrip("\r\n")
        return
    reader = csv.DictReader(lines)
    try:
        if not reader.fieldnames or column not in reader.fieldnames:
            found = ", ".join(reader.fieldnames or []) or "none"
            raise ValidationFailed(f"no column {column!r}", code="column_missing", params={"found": found},
                                   field_errors={"column": Refusal("column_missing", f"columns found: {found}", {"found": found})})
        for row in reader:
            yield (row.get(column) or "").strip()
    except csv.Error as exc:
        raise ValidationFailed("not valid CSV", code="csv_invalid", params={"line": reader.line_num},
                               field_errors={"file": Refusal("csv_invalid", f"line {reader.line_num}: not valid CSV ({exc})",
                                                            {"line": reader.line_num})}) from exc


def screen_stream(session: Session, names: Iterable[str], *, country: str | None = None,
                  threshold: float = DEFAULT_THRESHOLD, progress: Callable[[int], None] | None = None
                  ) -> Iterator[tuple[str, list[service.ScreenedHit]]]:
    chunk: list[str] = []
    for name in names:
        chunk.append(name)
        if len(chunk) >= CHUNK:
            yield from _screen_chunk(session, chunk, country, threshold, progress)
            chunk = []
    if chunk:
        yield from _screen_chunk(session, chunk, country, threshold, progress)


def _screen_chunk(session, chunk, country, threshold, progress):
    live = [n for n in chunk if n.strip()]
    results = iter(service.screen_names(session, live, country=country, threshold=threshold)) if live else iter(())
    for name in chunk:
        yield name, (next(results) if name.strip() else [])
    if progress:
        progress(len(chunk))


def json_line(query: str, hits: list[service.ScreenedHit]) -> str:
    return json.dumps({"query": query, "hits": [h.as_dict() for h in hits]}, ensure_ascii=False)


def csv_rows(line: int, query: str, hits: list[service.ScreenedHit]) -> list[dict]:
    if not hits:
        return [{"line": line, "query": query, "rank": 0}]
    rows = []
    for rank, h in enumerate(hits, start=1):
        d = h.as_dict()
        rows.append({"line": line, "query": query, "rank": rank, "list": d["list"], "entity_id": d["entity_id"],
                     "name": d["name"], "matched_name": d["matched_name"], "score": d["score"],
                     "level": d["level"] or "", "registry_id": d.get("registry_id") or "",
                     "explanation": d["explanation"]})
    return rows


# ---------------------------------------------------------------- background jobs from the web


def create_job(session: Session, principal: Principal, file_name: str, data: bytes, column: str | None,
               country: str | None) -> ScreeningJob:
    if not principal.is_system and principal.role not in service.SCREENERS:
        raise Forbidden("your role cannot screen names", code="role_not_allowed")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed("file too large", code="file_too_large", field_errors={"file": Refusal("file_too_large", "at most 50 MB")})
    if not data.strip():
        raise ValidationFailed.of_field("file", "file_empty", "the file is empty")
    text = decode(data)
    names = list(read_names(io.StringIO(text), column or None))
    job = ScreeningJob(user_id=principal.user_id, institution_id=principal.institution_id,
                       file_name=shortened(file_name, 300) or "upload", column=column or None,
                       country=(country or None) and country.upper()[:2], input_data=data, total=len(names))
    session.add(job)
    session.flush()
    from ksdesk import audit

    audit.record(session, principal, "screening.bulk_job", "screening_job", job.id,
                 after={"file": job.file_name, "names": job.total}, institution_id=principal.institution_id)
    return job


def get_job(session: Session, principal: Principal, job_id: int) -> ScreeningJob:
    job = session.get(ScreeningJob, job_id)
    if job is None or (not principal.is_system and job.user_id != principal.user_id
                       and principal.role is not Role.ADMIN):
        raise NotFound(f"job {job_id} not found", code="job_not_found")
    return job


def run_job(factory: sessionmaker, job_id: int) -> None:
    """Runs in a worker. Progress is committed as it goes so the web page can show it."""
    with transaction(factory) as session:
        job = session.get(ScreeningJob, job_id)
        if job is None or job.status == "done":
            return
        job.status = "running"
        data, column, country = job.input_data, job.column, job.country
    out = io.StringIO()
    writer = spreadsheets.DictWriter(out, fieldnames=RESULT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    done = hits = 0
    try:
        with transaction(factory) as session:
            names = read_names(io.StringIO(decode(data)), column)
            for line, (query, found) in enumerate(screen_stream(session, names, country=country), start=1):
                writer.writerows(csv_rows(line, query, found))
                done += 1
                hits += len(found)
                if done % 1000 == 0:
                    _progress(factory, job_id, done, hits)
    except Exception as exc:  # the job records why it failed; the worker's retry starts it afresh
        with transaction(factory) as session:
            job = session.get_one(ScreeningJob, job_id)
            job.status, job.error, job.finished_at = "failed", shortened(str(exc), 2000), utcnow()
        raise
    with transaction(factory) as session:
        job = session.get_one(ScreeningJob, job_id)
        job.status, job.done, job.hits = "done", done, hits
        job.result_data, job.finished_at, job.error = out.getvalue().encode("utf-8"), utcnow(), None


def _progress(factory, job_id: int, done: int, hits: int) -> None:
    with transaction(factory) as session:
        job = session.get_one(ScreeningJob, job_id)
        job.done, job.hits = done, hits


def list_jobs(session: Session, principal: Principal, limit: int = 20) -> list[ScreeningJob]:
    """The caller's own recent jobs, newest first (the uploaded names are theirs alone)."""
    from sqlalchemy import select

    return list(session.scalars(select(ScreeningJob).where(ScreeningJob.user_id == principal.user_id)
                                .order_by(ScreeningJob.id.desc()).limit(limit)))
