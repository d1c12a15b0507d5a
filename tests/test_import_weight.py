"""A web process imports only what an installation on SQLite uses: every server process on a machine
holds its imports privately, so a library imported for nothing costs memory in each of them."""

import json
import os
import subprocess
import sys

# Libraries a process on SQLite with an SQLite queue never needs at start-up: Redis's client (with
# the telemetry it brings), PostgreSQL's driver and dialect, the holiday calendars (until a deadline
# is computed), the HTTP client (until a source is fetched) and the XML and streaming JSON parsers
# (until a list or registry dump is read).
UNUSED_ON_SQLITE = ("redis", "psycopg", "sqlalchemy.dialects.postgresql", "holidays", "httpx",
                    "xml.etree.ElementTree", "ijson")
# Parts of NumPy that scipy's array-API layer would import for nothing (ksdesk.screening.sparse_library),
# rigour's name tools with their language tables (screening calls only its legal-form search: names.py),
# normality's encoding detection and pydantic.v1 (ksdesk.lazy_parts).
UNUSED_LIBRARY_PARTS = ("numpy.testing", "numpy.f2py", "numpy.ma", "numpy.polynomial", "unittest", "rigour.names",
                        "rigour.langs", "chardet", "charset_normalizer", "pydantic.v1")


def _modules_after(code: str, tmp_path, **env: str) -> dict:
    environment = {
        **os.environ,
        "KSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "KSDESK_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        **env,
    }
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_web_app_on_sqlite_imports_no_unused_backend(tmp_path):
    code = ("import json, sys; import ksdesk.app.server, ksdesk.worker; "
            f"print(json.dumps({{m: m in sys.modules for m in {UNUSED_ON_SQLITE!r}}}))")
    assert _modules_after(code, tmp_path) == {name: False for name in UNUSED_ON_SQLITE}


def test_the_web_app_imports_no_unused_part_of_a_library(tmp_path):
    code = ("import json, sys; import ksdesk.app.server, ksdesk.worker; ksdesk.app.server.app_for_serving(); "
            f"print(json.dumps({{m: sys.modules.get(m) is not None for m in {UNUSED_LIBRARY_PARTS!r}}}))")
    assert _modules_after(code, tmp_path) == {name: False for name in UNUSED_LIBRARY_PARTS}


def test_scipys_numpy_namespace_answers_every_name_it_answers_when_imported_as_it_comes(tmp_path):
    names = ("import json; import scipy._lib.array_api_compat.numpy as xp; "
             "print(json.dumps(sorted(name for name in dir(xp) if getattr(xp, name) is not None)))")
    plain = _modules_after("import scipy.sparse; " + names, tmp_path)
    ours = _modules_after("import ksdesk.screening.sparse_library; " + names, tmp_path)
    assert ours == plain
    code = ("import json, sys, numpy; import ksdesk.screening.sparse_library; "
            "import scipy._lib.array_api_compat.numpy as xp; "
            "print(json.dumps(['numpy.testing' in sys.modules, xp.testing is numpy.testing, xp.ma is numpy.ma]))")
    assert _modules_after(code, tmp_path) == [False, True, True]


def test_a_redis_queue_gets_its_client_in_a_process_configured_for_sqlite(tmp_path):
    code = ("import json; from ksdesk import jobs; from ksdesk.settings import Settings; "
            "q = jobs.make_huey(Settings(database_url='sqlite:///x.sqlite3', queue_url='redis://r:6379/0')); "
            "import redis; print(json.dumps([type(q.storage.conn).__name__, isinstance(q.storage.conn, redis.Redis)]))")
    assert _modules_after(code, tmp_path) == ["Redis", True]


def test_a_process_configured_for_redis_imports_huey_with_its_client(tmp_path):
    code = "import json, sys; import ksdesk.jobs; print(json.dumps('redis' in sys.modules))"
    assert _modules_after(code, tmp_path, KSDESK_QUEUE_URL="redis://r:6379/0") is True


def test_normalitys_encoding_detection_is_imported_on_first_use_and_answers_as_it_would(tmp_path):
    code = ("import json, sys; import ksdesk.app.server, normality; from normality import stringify; "
            "before = 'chardet' in sys.modules; "
            "answers = [normality.predict_encoding('Zoë, Ærø'.encode('latin-1')), stringify(b'caf\\xc3\\xa9'), "
            "normality.DEFAULT_ENCODING]; "
            "import normality.encoding as real; "
            "answers += [real.tidy_encoding('ASCII'), real.DEFAULT_ENCODING, normality.encoding is real]; "
            "print(json.dumps([before, 'chardet' in sys.modules, answers]))")
    plain = ("import json, normality; from normality import stringify; import normality.encoding as real; "
             "print(json.dumps([normality.predict_encoding('Zoë, Ærø'.encode('latin-1')), stringify(b'caf\\xc3\\xa9'), "
             "normality.DEFAULT_ENCODING, real.tidy_encoding('ASCII'), real.DEFAULT_ENCODING, True]))")
    before, after, answers = _modules_after(code, tmp_path)
    assert (before, after) == (False, True)
    assert answers == _modules_after(plain, tmp_path)


def test_pydantic_v1_is_left_out_and_fastapi_builds_the_same_app_without_it(tmp_path):
    code = ("import json, sys; from ksdesk.app.factory import create_app; app = create_app(); "
            "print(json.dumps([sys.modules.get('pydantic.v1') is not None, app.openapi()]))")
    without_v1, schema = _modules_after(code, tmp_path)
    with_v1, plain_schema = _modules_after("import pydantic.v1; " + code, tmp_path)
    assert (without_v1, with_v1) == (False, True)
    assert schema == plain_schema
