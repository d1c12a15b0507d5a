"""Nothing lost, nothing doubled: concurrent desk submissions and collaboration edits, each checked
in the database afterwards.

    .venv/bin/python bench/no_loss.py                      # 10,000 requests, 50 at a time
    .venv/bin/python bench/no_loss.py --requests 200       # CI: a few seconds
    .venv/bin/python bench/no_loss.py --concurrency 100

What it does (the database and server helpers are those of bench/desk_load.py):
1. creates a fresh PostgreSQL database, migrates it, adds a researcher with an API token and a few
   collaborations registered by that researcher;
2. starts the app with uvicorn in a separate process, trusting X-Forwarded-For from 127.0.0.1;
3. sends --requests requests, --concurrency at a time: half desk submissions (alternately through
   the public form, each from an address of its own under the per-address rate limit, and through
   the API as the researcher), half edits of the collaborations (PUT with the version last read;
   on 409 the collaboration is read again and the edit retried with the fresh version);
4. every request carries a unique marker (a UUID in the question's subject, in the
   collaboration's contact name) and the database is then checked:
   - every confirmed submission's reference is unique and stored exactly once, and every stored
     question is one that was sent, its marker found exactly once;
   - every confirmed edit's marker appears exactly once in the audit log (collaboration.update),
     no marker appears there that was not confirmed, and each collaboration ends with the marker
     of its last confirmed edit (the highest version).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from desk_load import (  # noqa: E402
    CSRF,
    FORM,
    clear_redis_queue,
    create_database,
    default_queue_url,
    drop_database,
    fill,
    free_port,
    start_server,
    stop_server,
)
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

RESEARCHER_EMAIL = "researcher@bench.example"
CLIENT_TIMEOUT = 30.0
MAX_RETRIES = 200


def prepare(url: str, collaborations: int) -> tuple[str, list[int]]:
    """A researcher of a bench institution, its API token and the collaborations it registered."""
    from ksdesk.accounts import service as accounts
    from ksdesk.accounts.principal import SYSTEM, Principal
    from ksdesk.db import make_engine, transaction
    from ksdesk.registry import service as registry
    from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
    from ksdesk.wiring import install

    engine = make_engine(url)
    factory = install(engine)
    with transaction(factory) as session:
        org = registry.create_organisation(session, SYSTEM, OrganisationCreate(
            name="Bench University", country_code="NL", org_type="university"))
        registry.create_institution(session, SYSTEM, org, "BU")
        user = accounts.create_user(session, SYSTEM, email=RESEARCHER_EMAIL, name="Bench Researcher",
                                    password="bench-researcher-password", role="researcher",
                                    institution_short_name="BU", language="en")
        token = accounts.create_api_token(session, SYSTEM, user, "no-loss bench")
        principal = Principal.for_user(user)
        ids = [registry.create_collaboration(session, principal, CollaborationCreate(
            title=f"Bench collaboration {n}", form="joint_research")).id for n in range(collaborations)]
    engine.dispose()
    return token, ids


async def drive(base: str, token: str, collaboration_ids: list[int], requests: int, concurrency: int) -> dict:
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
    public = httpx.AsyncClient(base_url=base, limits=limits, timeout=CLIENT_TIMEOUT)
    api = httpx.AsyncClient(base_url=base, limits=limits, timeout=CLIENT_TIMEOUT,
                            headers={"Authorization": f"Bearer {token}"})
    csrf = CSRF.search((await public.get("/desk/contact")).text).group(1)  # tied to the client's cookie
    out = {
        "submissions_sent": 0, "submissions": {},  # marker → reference, for the confirmed ones
        "submission_errors": [],
        "edits_sent": 0, "edits": {},  # marker → (collaboration id, version after the edit)
        "edit_errors": [], "conflicts": 0,
    }
    semaphore = asyncio.Semaphore(concurrency)

    async def submit(n: int) -> None:
        marker = str(uuid.uuid4())
        subject = f"No-loss bench {marker}"
        out["submissions_sent"] += 1
        try:
            if n % 2 == 0:
                address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
                response = await public.post("/desk/contact", data={**FORM, "subject": subject, "csrf_token": csrf},
                                             headers={"X-Forwarded-For": address}, follow_redirects=False)
                location = response.headers.get("location", "")
                if response.status_code == 303 and "/desk/contact/received/" in location:
                    out["submissions"][marker] = urlsplit(location).path.rsplit("/", 1)[1]
                    return
            else:
                response = await api.post("/api/v1/desk/questions", json={
                    "subject": subject, "text": FORM["text"], "topics": FORM["topics"],
                    "countries": FORM["countries"], "consent": True, "language": "en",
                    # The UUID marker can hold nine digits in a row, which the desk reads as
                    # someone's personal number and warns about once: the bench has seen it.
                    "personal_data_confirmed": True})
                if response.status_code == 201:
                    out["submissions"][marker] = response.json()["reference"]
                    return
            out["submission_errors"].append(response.status_code)
        except httpx.HTTPError as exc:
            out["submission_errors"].append(type(exc).__name__)

    async def edit(n: int) -> None:
        collaboration_id = collaboration_ids[n % len(collaboration_ids)]
        marker = str(uuid.uuid4())
        out["edits_sent"] += 1
        url = f"/api/v1/collaborations/{collaboration_id}"
        try:
            for _ in range(MAX_RETRIES):
                current = await api.get(url)
                if current.status_code != 200:
                    out["edit_errors"].append(f"GET {current.status_code}")
                    return
                body = current.json()
                response = await api.put(url, json={"title": body["title"], "form": body["form"],
                                                    "contact_name": marker, "version": body["version"]})
                if response.status_code == 200:
                    out["edits"][marker] = (collaboration_id, response.json()["version"])
                    return
                if response.status_code != 409:
                    out["edit_errors"].append(f"PUT {response.status_code}")
                    return
                out["conflicts"] += 1
            out["edit_errors"].append("too many conflicts")
        except httpx.HTTPError as exc:
            out["edit_errors"].append(type(exc).__name__)

    async def one(n: int) -> None:
        async with semaphore:
            await (submit(n // 2) if n % 2 == 0 else edit(n // 2))

    start = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(requests)))
    out["elapsed"] = time.perf_counter() - start
    await public.aclose()
    await api.aclose()
    return out


def check(url: str, load: dict) -> bool:
    engine = create_engine(url)
    with engine.connect() as conn:
        questions = conn.execute(text("SELECT reference, subject FROM desk_question")).all()
        audit_rows = conn.execute(text(
            "SELECT object_id, after FROM audit_event WHERE action = 'collaboration.update'")).all()
        final = dict(conn.execute(text("SELECT id, contact_name FROM collaboration")).all())
    engine.dispose()

    ok = True

    def verdict(label: str, good: bool, detail: str = "") -> None:
        nonlocal ok
        ok = ok and good
        print(f"  [{'ok' if good else 'FAIL'}] {label}{(': ' + detail) if detail else ''}")

    sent, confirmed = load["submissions_sent"], load["submissions"]
    references = Counter(r for r, _ in questions)
    markers_stored = Counter(s.removeprefix("No-loss bench ") for _, s in questions)
    print(f"\nsubmissions: sent {sent}, confirmed {len(confirmed)}, errors {len(load['submission_errors'])}, "
          f"stored {len(questions)}")
    if load["submission_errors"]:
        print(f"  errors: {sorted(Counter(map(str, load['submission_errors'])).items())}")
    verdict("every submission confirmed", len(confirmed) == sent)
    confirmed_refs = Counter(confirmed.values())
    verdict("confirmed references unique", all(c == 1 for c in confirmed_refs.values()),
            f"{sum(1 for c in confirmed_refs.values() if c > 1)} repeated")
    verdict("every stored reference unique", all(c == 1 for c in references.values()),
            f"{sum(1 for c in references.values() if c > 1)} repeated")
    missing = [r for r in confirmed.values() if references[r] != 1]
    verdict("every confirmed reference stored exactly once", not missing, f"{len(missing)} not")
    verdict("as many questions stored as sent", len(questions) == sent, f"{len(questions)} vs {sent}")
    wrong = [m for m in confirmed if markers_stored[m] != 1]
    verdict("every confirmed marker stored exactly once", not wrong, f"{len(wrong)} not")
    strangers = [m for m in markers_stored if m not in confirmed]
    verdict("every stored question was a confirmed submission", not strangers, f"{len(strangers)} not")
    pairs = {(r, s) for r, s in questions}
    mismatched = [m for m, r in confirmed.items() if (r, f"No-loss bench {m}") not in pairs]
    verdict("each reference stored with its own marker", not mismatched, f"{len(mismatched)} mismatched")

    edits = load["edits"]
    audited = Counter((row.after or {}).get("contact_name") for row in audit_rows)
    print(f"\ncollaboration edits: sent {load['edits_sent']}, confirmed {len(edits)}, "
          f"409 retries {load['conflicts']}, errors {len(load['edit_errors'])}, audit rows {len(audit_rows)}")
    if load["edit_errors"]:
        print(f"  errors: {sorted(Counter(map(str, load['edit_errors'])).items())}")
    verdict("every edit confirmed", len(edits) == load["edits_sent"])
    not_once = [m for m in edits if audited[m] != 1]
    verdict("every confirmed edit audited exactly once", not not_once, f"{len(not_once)} not")
    verdict("no audited edit unconfirmed", len(audit_rows) == len(edits) and set(audited) == set(edits),
            f"{len(audit_rows)} rows for {len(edits)} edits")
    last: dict[int, tuple[int, str]] = {}
    for marker, (cid, version) in edits.items():
        if cid not in last or version > last[cid][0]:
            last[cid] = (version, marker)
    versions = Counter((cid, v) for cid, v in edits.values())
    verdict("no two confirmed edits got the same version", all(c == 1 for c in versions.values()))
    stale = [cid for cid, (_, marker) in last.items() if final.get(cid) != marker]
    verdict("each collaboration holds its last confirmed edit", not stale, f"{len(stale)} not")

    elapsed = load["elapsed"]
    total = sent + load["edits_sent"]
    print(f"\n{total} requests in {elapsed:.1f} s ({total / elapsed:.0f} requests/s, plus "
          f"{load['conflicts']} retried edits)")
    print(f"{'PASS' if ok else 'FAIL'}: every submission and every edit stored exactly once")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000, help="submissions and edits together")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight at once")
    parser.add_argument("--collaborations", type=int, default=None,
                        help="collaborations the edits share (default: concurrency // 2, at least 1); "
                             "fewer means more conflicting edits")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="uvicorn worker processes")
    args = parser.parse_args()
    collaborations = args.collaborations or max(1, args.concurrency // 2)

    url = create_database()
    process = None
    try:
        fill(url, 0)
        token, ids = prepare(url, collaborations)
        print(f"database {make_url(url).database}: {len(ids)} collaborations; sending {args.requests} requests, "
              f"{args.concurrency} at a time")
        with tempfile.TemporaryDirectory(prefix="ksdesk-bench-") as workdir:
            port = free_port()
            queue_url = default_queue_url(Path(workdir))
            process = start_server(url, port, args.workers, queue_url)
            load = asyncio.run(drive(f"http://127.0.0.1:{port}", token, ids, args.requests, args.concurrency))
            stop_server(process)
            process = None
            clear_redis_queue(queue_url)
        return 0 if check(url, load) else 1
    finally:
        if process is not None:
            stop_server(process)
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
