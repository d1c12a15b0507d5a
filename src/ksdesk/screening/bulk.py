"""Bulk screening of a file of names or affiliations: streamed in chunks, results in input order."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from ksdesk import jobs, spreadsheets
from ksdesk.accounts.principal import Principal
from ksdesk.country_names import code_of_name
from ksdesk.db import transaction, utcnow
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.screening import service
from ksdesk.screening.index import DEFAULT_THRESHOLD
from ksdesk.screening.models import ScreeningJob
from ksdesk.text import shortened
from ksdesk.vocab import Role

CHUNK = 1024  # rows screened at a time: shared between the cores, and a progress step
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
RESULT_COLUMNS = ["line", "query", "country", "chosen_id", "chosen_name", "rank", "list", "entity_id", "name",
                  "matched_name", "score", "level", "strength", "registry_id", "explanation"]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("the file is not UTF-8 text", code="file_not_utf8", params={"byte": exc.start},
                               field_errors={"file": Refusal("file_not_utf8", f"not UTF-8 (byte {exc.start}); save it as UTF-8",
                                                            {"byte": exc.start})}) from exc


def read_rows(lines: Iterable[str], column: str | None, country_column: str | None = None
              ) -> Iterator[tuple[str, str | None]]:
    """(name, country) per row: one name per line, or the named columns of a CSV file with a header."""
    if column is None:
        if country_column:
            raise ValidationFailed("a country column needs a name column", code="country_column_needs_column",
                                   field_errors={"country_column": Refusal(
                                       "country_column_needs_column", "give the column holding the names too")})
        for line in lines:
            yield line.rstrip("\r\n"), None
        return
    reader = csv.DictReader(lines)
    try:
        fields = reader.fieldnames or []
        for wanted, field in ((column, "column"), (country_column, "country_column")):
            if wanted and wanted not in fields:
                found = ", ".join(fields) or "none"
                raise ValidationFailed(f"no column {wanted!r}", code="column_missing", params={"found": found},
                                       field_errors={field: Refusal("column_missing", f"columns found: {found}",
                                                                    {"found": found})})
        for row in reader:
            country = (row.get(country_column) or "").strip() if country_column else ""
            yield (row.get(column) or "").strip(), code_of_name(country)
    except csv.Error as exc:
        raise ValidationFailed("not valid CSV", code="csv_invalid", params={"line": reader.line_num},
                               field_errors={"file": Refusal("csv_invalid", f"line {reader.line_num}: not valid CSV ({exc})",
                                                            {"line": reader.line_num})}) from exc


def screen_stream(session: Session, rows: Iterable[tuple[str, str | None]], *, country: str | None = None,
                  threshold: float = DEFAULT_THRESHOLD, progress: Callable[[int], None] | None = None,
                  reviews_of: service.ReviewsOf = service.EVERYONE) -> Iterator[service.ScreeningResult]:
    """Results in input order; a row's own country wins over ``country`` given for the file.

    Hits are judged by the reviews ``reviews_of`` may see (a job of an institution: its own)."""
    chunk: list[tuple[str, str | None]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _screen_chunk(session, chunk, country, threshold, progress, reviews_of)
            chunk = []
    if chunk:
        yield from _screen_chunk(session, chunk, country, threshold, progress, reviews_of)


def _screen_chunk(session, chunk, country, threshold, progress, reviews_of):
    live = [(n, c) for n, c in chunk if n.strip()]
    results = iter(service.screen_names(session, [n for n, _ in live], country=country,
                                        countries=[c or country for _, c in live], threshold=threshold,
                                        reviews_of=reviews_of)
                   if live else ())
    for name, row_country in chunk:
        yield next(results) if name.strip() else service.ScreeningResult(name, row_country or country, None, [])
    if progress:
        progress(len(chunk))


def json_line(result: service.ScreeningResult) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False)


def csv_rows(line: int, result: service.ScreeningResult) -> list[dict]:
    chosen = result.chosen
    head = {"line": line, "query": result.query, "country": result.country.upper() if result.country else "",
            "chosen_id": chosen.entity_id if chosen else "", "chosen_name": chosen.name if chosen else ""}
    if not result.hits:
        return [{**head, "rank": 0}]
    rows = []
    for rank, h in enumerate(result.hits, start=1):
        d = h.as_dict()
        rows.append({**head, "rank": rank, "list": d["list"], "entity_id": d["entity_id"],
                     "name": d["name"], "matched_name": d["matched_name"], "score": d["score"],
                     "level": d["level"] or "", "strength": d["strength"], "registry_id": d.get("registry_id") or "",
                     "explanation": d["explanation"]})
    return rows


# ---------------------------------------------------------------- background jobs from the web


def create_job(session: Session, principal: Principal, file_name: str, data: bytes, column: str | None,
               country: str | None, country_column: str | None = None) -> ScreeningJob:
    if not principal.is_system and principal.role not in service.SCREENERS:
        raise Forbidden("your role cannot screen names", code="role_not_allowed")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed("file too large", code="file_too_large", field_errors={"file": Refusal("file_too_large", "at most 50 MB")})
    if not data.strip():
        raise ValidationFailed.of_field("file", "file_empty", "the file is empty")
    text = decode(data)
    names = list(read_rows(io.StringIO(text), column or None, country_column or None))
    job = ScreeningJob(user_id=principal.user_id, institution_id=principal.institution_id,
                       file_name=shortened(file_name, 300) or "upload", column=column or None,
                       country_column=country_column or None,
                       country=service.check_country(country), input_data=data, total=len(names))
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


def stalled(job: ScreeningJob, now: datetime | None = None) -> bool:
    """Still waiting for a worker well after it was asked for: most likely none is running. The one
    who started it is told so (page and API) instead of watching a queued job for ever."""
    return job.status == "queued" and jobs.waited_too_long(job.created_at, now)


def run_job(factory: sessionmaker, job_id: int) -> None:
    """Runs in a worker. Progress is committed as it goes, each time in a short transaction of its
    own, so the web page can show it."""
    with transaction(factory) as session:
        job = session.get(ScreeningJob, job_id)
        if job is None or job.status == "done":
            return
        job.status = "running"
        data, column, country, country_column = job.input_data, job.column, job.country, job.country_column
        reviews_of = service.ReviewsOf(job.institution_id) if job.institution_id else service.EVERYONE
    out = io.StringIO()
    writer = spreadsheets.DictWriter(out, fieldnames=RESULT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    done = hits = 0
    try:
        # Screening only reads: a session that never asks for the write lock, so the desk's writes
        # go on during a long job and its own progress commits below are not held up behind it.
        with factory() as session:
            rows = read_rows(io.StringIO(decode(data)), column, country_column)
            for line, result in enumerate(screen_stream(session, rows, country=country, reviews_of=reviews_of),
                                           start=1):
                writer.writerows(csv_rows(line, result))
                done += 1
                hits += len(result.hits)
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


LEVEL_RANK = {"very high": 4, "high": 3, "medium": 2, "low": 1}


def results_on_page(job: ScreeningJob, limit: int = 200) -> tuple[list[dict], int, int]:
    """A done job's names with hits, for its page: one row per name with its best hit and how many
    it has, the highest level first (then the best score, then the file's order); at most
    ``limit`` of them, with the number of names with hits and without any."""
    if job.result_data is None:
        return [], 0, 0
    by_line: dict[str, dict] = {}
    for row in csv.DictReader(io.StringIO(job.result_data.decode("utf-8"))):
        row = {k: spreadsheets.restore(v or "") for k, v in row.items()}
        name = by_line.setdefault(row["line"], {"line": int(row["line"]), "query": row["query"],
                                                "country": row["country"], "chosen": row["chosen_name"],
                                                "hits": 0, "best": None})
        if row["rank"] != "0":
            name["hits"] += 1
            if row["rank"] == "1":
                name["best"] = {"list": row["list"], "name": row["name"], "level": row["level"],
                                "score": float(row["score"] or 0)}
    with_hits = [n for n in by_line.values() if n["hits"]]
    with_hits.sort(key=lambda n: (-LEVEL_RANK.get(n["best"]["level"] if n["best"] else "", 0),
                                  -(n["best"]["score"] if n["best"] else 0), n["line"]))
    return with_hits[:limit], len(with_hits), len(by_line) - len(with_hits)


def list_jobs(session: Session, principal: Principal, limit: int = 20) -> list[ScreeningJob]:
    """The caller's own recent jobs, newest first (the uploaded names are theirs alone)."""
    from sqlalchemy import select

    return list(session.scalars(select(ScreeningJob).where(ScreeningJob.user_id == principal.user_id)
                                .order_by(ScreeningJob.id.desc()).limit(limit)))
