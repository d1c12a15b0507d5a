"""Load on the desk: public-form submissions and officers' queue reads against a full database.

    .venv/bin/python bench/desk_load.py                                   # 10^5 questions, 200 req/s, 20 s
    .venv/bin/python bench/desk_load.py --questions 1000 --seconds 3      # CI: a few seconds
    .venv/bin/python bench/desk_load.py --rate 400 --workers 8        # workers default: one per CPU

What it does:
1. creates a fresh PostgreSQL database on postgresql+psycopg://postgres@127.0.0.1:5432 (dropped at
   the end), migrates it and fills it with --questions stored questions in one set-based INSERT
   (mostly closed earlier questions; a few hundred open ones in the queue);
2. starts the app with uvicorn in a separate process (--workers processes);
3. from a second process, sends requests at a fixed rate (open loop: a slow answer does not slow
   the sending down), half public-form submissions, half queue reads by a signed-in desk officer,
   over keep-alive connections of a lean client (bench/keepalive.py) that leaves the CPUs to the
   server: a visitor's real CSRF cookie and token on every form, the officer's real session;
4. prints throughput and p50/p95 latency per endpoint and the generator's own CPU per request, and
   checks the references the server confirmed against the questions stored: PASS needs p95 < 50 ms
   on both endpoints at the target rate, no errors, and the new questions exactly the confirmed
   ones, each confirmed once.

The job queue: every submission enqueues its confirmation e-mail after the commit. By default the
bench uses Redis at 127.0.0.1:6379 (database 15, emptied of the bench's jobs afterwards) when it
answers, as a shared deployment with several app processes would; otherwise, or with
--queue-url sqlite:///..., an SQLite file, where each enqueue is an fsynced write that the worker
processes take turns at (about 2 ms each on an idle disk, far more on a busy one).

The rate limit: the form allows five questions per client address per hour. In production the app
runs behind a reverse proxy and uvicorn is told to trust that proxy's X-Forwarded-For header
(--proxy-headers --forwarded-allow-ips); the bench starts uvicorn exactly so, trusting 127.0.0.1,
and gives every simulated visitor an address of its own. The limit itself stays as it is.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from keepalive import ConnectionClosed, KeepAliveClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# The application is imported only where the database is prepared: the load-generating process
# starts from this module too, and should not spend its start-up importing what it never uses.

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
OFFICER_EMAIL, OFFICER_PASSWORD = "officer@bench.example", "bench-officer-password"
P95_TARGET_MS = 50.0
CLIENT_TIMEOUT = 5.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RECEIVED = re.compile(r"^/desk/contact/received/(KV-\d{4}-\d{6,})\?")

FORM = {
    "asker_name": "Bench Asker",
    "asker_email": "asker@bench.example",
    "asker_role": "researcher",
    "institution_name": "Hogeschool Voorbeeld",
    "subject": "Samenwerking met een buitenlandse partner",
    "text": "Wij overwegen een samenwerking met een universiteit in het buitenland. Waar moeten wij op letten?",
    "topics": ["knowledge_transfer", "practical"],
    "countries": ["CN"],
    "consent": "on",
}


# ---------------------------------------------------------------- database


def create_database() -> str:
    name = f"ksdesk_bench_{uuid.uuid4().hex[:10]}"
    server = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    server = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def fill(url: str, questions: int) -> None:
    from ksdesk import schema
    from ksdesk.accounts import service as accounts
    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.db import make_engine, transaction
    from ksdesk.registry.countries import sync_country_profiles
    from ksdesk.wiring import install

    engine = make_engine(url)
    schema.upgrade(engine)
    factory = install(engine)
    with transaction(factory) as session:
        sync_country_profiles(session)
        accounts.create_user(session, SYSTEM, email=OFFICER_EMAIL, name="Bench Officer", password=OFFICER_PASSWORD,
                             role="desk_officer", language="en")
    # Earlier questions, received over the past years and closed; the newest few hundred still
    # open, received in the last days, so the queue has work in it as it would in real life.
    open_count = min(500, max(1, questions // 100))
    with engine.begin() as conn:
        conn.execute(text("""
            INSERT INTO desk_question (reference, asker_name, asker_email, asker_role, language,
                institution_name, subject, text, topics, consent, received_at, due_at, status,
                answered_at, closed_at, version)
            SELECT 'KV-' || (2025 - g / 900000) || '-' || lpad((g % 900000 + 1)::text, 6, '0'),
                   'Asker ' || g, 'asker' || g || '@example.org', 'researcher',
                   CASE WHEN g % 3 = 0 THEN 'en' ELSE 'nl' END,
                   'Instelling ' || (g % 40), 'Vraag ' || g, 'Een eerdere vraag aan het loket, nummer ' || g,
                   '["practical"]'::json, true,
                   CASE WHEN g > :n - :open THEN now() - ((g % 4) || ' days')::interval
                        ELSE now() - ((:n - g) * interval '10 minutes') - interval '7 days' END,
                   CASE WHEN g > :n - :open THEN now() + ((g % 3) || ' days')::interval
                        ELSE now() - ((:n - g) * interval '10 minutes') - interval '3 days' END,
                   CASE WHEN g > :n - :open THEN (CASE WHEN g % 2 = 0 THEN 'received' ELSE 'in_progress' END)
                        ELSE 'closed' END,
                   CASE WHEN g > :n - :open THEN NULL
                        ELSE now() - ((:n - g) * interval '10 minutes') - interval '5 days' END,
                   CASE WHEN g > :n - :open THEN NULL
                        ELSE now() - ((:n - g) * interval '10 minutes') - interval '4 days' END,
                   1
            FROM generate_series(1, :n) AS g
        """), {"n": questions, "open": open_count})
        conn.execute(text("""
            INSERT INTO desk_question_country (question_id, country_code)
            SELECT id, (ARRAY['CN', 'US', 'DE', 'IR', 'RU', 'IN'])[id % 6 + 1] FROM desk_question
        """))
    # A database that grew over years has been vacuumed; a freshly filled one would otherwise be,
    # by autovacuum, during the timed run, on the CPUs the app needs.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def stored_references(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        references = set(conn.execute(text("SELECT reference FROM desk_question")).scalars())
    engine.dispose()
    return references


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


REDIS_QUEUE_URL = "redis://127.0.0.1:6379/15"
HUEY_QUEUE_KEY = "huey.redis.ksdesk"  # huey's RedisStorage list for ksdesk.jobs.huey


def default_queue_url(workdir: Path) -> str:
    """Redis when it answers on this machine, as a deployment with several app processes would
    use; otherwise an SQLite file of the bench's own."""
    try:
        import redis

        redis.Redis.from_url(REDIS_QUEUE_URL, socket_connect_timeout=0.5).ping()
        return REDIS_QUEUE_URL
    except Exception:
        return f"sqlite:///{workdir / 'queue.sqlite3'}"


def clear_redis_queue(queue_url: str) -> None:
    """The bench's confirmation mails are never sent (no consumer runs): drop them from Redis."""
    if queue_url == REDIS_QUEUE_URL:
        import redis

        redis.Redis.from_url(queue_url).delete(HUEY_QUEUE_KEY)


def start_server(url: str, port: int, workers: int, queue_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "KSDESK_DATABASE_URL": url,
        "KSDESK_SECRET_KEY": uuid.uuid4().hex * 2,
        "KSDESK_COOKIE_SECURE": "false",  # plain http on 127.0.0.1
        "KSDESK_QUEUE_URL": queue_url,  # mails wait in the outbox and queue
        "KSDESK_DEFAULT_LANGUAGE": "en",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "ksdesk.app.server:app_for_serving", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log",
               "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    # Importing the whole app (the screening indexes among it) takes a while per worker.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/desk/faq", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError("the app did not start")
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("the app did not answer within five minutes")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# ---------------------------------------------------------------- load


async def _prepare(base: str) -> tuple[KeepAliveClient, KeepAliveClient, str]:
    """A visitor with the contact form's CSRF cookie and token, and a signed-in desk officer."""
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT) as visitor:
        form_page = await visitor.get("/desk/contact")
        token = CSRF.search(form_page.text).group(1)  # tied to the cookie, which goes along below
        visitor_cookie = "; ".join(f"{name}={value}" for name, value in visitor.cookies.items())
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT) as officer:
        login = await officer.get("/login")
        response = await officer.post("/login", data={"email": OFFICER_EMAIL, "password": OFFICER_PASSWORD,
                                                      "csrf_token": CSRF.search(login.text).group(1), "next": "/"})
        if response.status_code != 303 or "/login" in response.headers.get("location", "/login"):
            raise RuntimeError("the bench officer could not sign in")
        officer_cookie = "; ".join(f"{name}={value}" for name, value in officer.cookies.items())
    host, port = base.removeprefix("http://").split(":")
    return (KeepAliveClient(host, int(port), cookie=visitor_cookie, timeout=CLIENT_TIMEOUT),
            KeepAliveClient(host, int(port), cookie=officer_cookie, timeout=CLIENT_TIMEOUT), token)


async def _drive(base: str, rate: float, seconds: float) -> dict:
    public, officer, token = await _prepare(base)
    results: dict[str, list] = {"submit": [], "queue": []}
    errors: dict[str, list] = {"submit": [], "queue": []}
    references: list[str] = []
    interval = 1.0 / rate
    total = int(rate * seconds)
    form = {**FORM, "csrf_token": token}

    async def submit(n: int) -> None:
        address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        started = time.perf_counter()
        try:
            response = await public.post_form("/desk/contact", form, headers={"x-forwarded-for": address})
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionClosed) as exc:
            record("submit", started, False, type(exc).__name__)
            return
        received = RECEIVED.match(response.headers.get("location", ""))
        record("submit", started, response.status_code == 303 and received is not None, response.status_code)
        if response.status_code == 303 and received:
            references.append(received.group(1))

    async def read_queue(n: int) -> None:
        started = time.perf_counter()
        try:
            response = await officer.get("/desk/queue" + ("?assigned=none" if n % 4 == 1 else ""))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionClosed) as exc:
            record("queue", started, False, type(exc).__name__)
            return
        record("queue", started, response.status_code == 200 and b"data-reference" in response.body,
               response.status_code)

    def record(kind: str, started: float, ok: bool, status: int | str) -> None:
        results[kind].append((time.perf_counter() - started) * 1000)
        if not ok:
            errors[kind].append(status)

    tasks = []
    cpu_started = time.process_time()
    start = time.perf_counter()
    for n in range(total):
        delay = start + n * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(submit(n // 2) if n % 2 == 0 else read_queue(n)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_started
    await public.aclose()
    await officer.aclose()
    return {"results": results, "errors": errors, "elapsed": elapsed, "references": references,
            "client_cpu": cpu, "sent": {
                "submit": sum(1 for n in range(total) if n % 2 == 0), "queue": sum(1 for n in range(total) if n % 2)}}


def _client_process(base: str, rate: float, seconds: float, out) -> None:
    try:
        out.put(asyncio.run(_drive(base, rate, seconds)))
    except Exception as exc:  # reported by the parent, which cleans up
        out.put({"failure": f"{type(exc).__name__}: {exc}"})


def run_load(base: str, rate: float, seconds: float) -> dict:
    out = mp.get_context("spawn").Queue()
    process = mp.get_context("spawn").Process(target=_client_process, args=(base, rate, seconds, out), daemon=True)
    process.start()
    result = out.get(timeout=seconds * 3 + CLIENT_TIMEOUT * 4 + 300)
    process.join(timeout=30)
    if "failure" in result:
        raise RuntimeError(result["failure"])
    return result


# ---------------------------------------------------------------- report


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(load: dict, rate: float, before: set[str], after: set[str]) -> bool:
    elapsed = load["elapsed"]
    ok = True
    print(f"\nsent for {elapsed:.1f} s at a target of {rate:.0f} requests/s "
          f"(achieved {sum(len(v) for v in load['results'].values()) / elapsed:.0f}/s)")
    print(f"{'endpoint':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for kind, label in (("submit", "POST /desk/contact"), ("queue", "GET /desk/queue")):
        times = load["results"][kind]
        p50, p95 = percentile(times, 50), percentile(times, 95)
        errors = load["errors"][kind]
        print(f"{label:<22}{len(times):>9}{len(times) / elapsed:>8.0f}{p50:>9.1f}{p95:>9.1f}{max(times):>9.1f}"
              f"{len(errors):>8}")
        if errors:
            print(f"  errors: {sorted(set(map(str, errors)))}")
        ok = ok and p95 < P95_TARGET_MS and not errors
    sent = load["sent"]["submit"]
    confirmed = load["references"]
    stored = after - before
    # Every confirmed reference must be stored, once; a refused or timed-out submission must leave
    # nothing behind: the new rows are exactly the confirmed ones.
    missing, unconfirmed = set(confirmed) - stored, stored - set(confirmed)
    doubled = len(confirmed) - len(set(confirmed))
    print(f"submissions sent {sent}, confirmed {len(confirmed)}, stored {len(stored)} "
          f"(confirmed but not stored: {len(missing)}, stored without confirmation: {len(unconfirmed)}, "
          f"reference confirmed twice: {doubled})")
    ok = ok and len(stored) == sent == len(confirmed) and not missing and not unconfirmed and not doubled
    achieved = sum(len(v) for v in load["results"].values()) / elapsed
    ok = ok and achieved >= 0.95 * rate
    # The generator shares the CPUs with the server: what it takes is not the server's to use.
    print(f"load generator: {1000 * load['client_cpu'] / max(1, sent + load['sent']['queue']):.2f} ms CPU "
          "per request")
    print(f"{'PASS' if ok else 'FAIL'}: p95 < {P95_TARGET_MS:.0f} ms on both endpoints at {rate:.0f} req/s, "
          "no errors, every submission stored")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=100_000, help="questions stored before the run")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second, both endpoints together")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to send")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="uvicorn worker processes")
    parser.add_argument("--queue-url", default=None,
                        help="job queue for the app (default: Redis at 127.0.0.1:6379/15 if it answers, "
                             "else an SQLite file)")
    args = parser.parse_args()

    url = create_database()
    process = None
    try:
        started = time.perf_counter()
        fill(url, args.questions)
        print(f"database {make_url(url).database}: {args.questions} questions stored in "
              f"{time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory(prefix="ksdesk-bench-") as workdir:
            port = free_port()
            queue_url = args.queue_url or default_queue_url(Path(workdir))
            print(f"job queue: {queue_url}")
            process = start_server(url, port, args.workers, queue_url)
            base = f"http://127.0.0.1:{port}"
            # One warm-up round, so every worker has its templates and connections before timing: a
            # connection of its own for each request, since one kept alive stays with one worker.
            for _ in range(args.workers * 4):
                for path in ("/desk/faq", "/desk/contact"):
                    httpx.get(base + path)
            before = stored_references(url)
            load = run_load(base, args.rate, args.seconds)
            after = stored_references(url)
            stop_server(process)
            process = None
            clear_redis_queue(queue_url)
        return 0 if report(load, args.rate, before, after) else 1
    finally:
        if process is not None:
            stop_server(process)
        drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
