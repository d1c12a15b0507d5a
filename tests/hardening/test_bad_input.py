"""Bad input at the edge, through the web forms, the API and the query string: control characters
(NUL, bidirectional overrides) and text that is empty once its invisible characters are left out
are refused with a coded message, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ksdesk.desk.models import Question
from ksdesk.registry.models import Organisation
from tests.webtools import anonymous, api, app, browser, csrf_of, partner, post_form  # noqa: F401

CONTROL = [
    ("NUL", "Bad\x00Institute"),
    ("right-to-left override", "Institute \u202egnp.exe"),
    ("isolate", "Institute \u2067x\u2069"),
    ("escape", "Institute \x1b[31m"),
]
INVISIBLE = [("zero-width space", "\u200b\u200b"), ("byte-order mark and joiner", " \ufeff\u200d ")]


def organisations(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Organisation))


@pytest.mark.parametrize(("what", "name"), CONTROL, ids=[c[0] for c in CONTROL])
def test_the_api_refuses_control_characters_and_stores_nothing(api, db, what, name):  # noqa: F811
    before = organisations(db)
    response = api("alice").post("/api/v1/organisations", json={"name": name, "country_code": "FR"})
    assert response.status_code == 422, what
    body = response.json()
    assert body["code"] == "text_control_characters"
    assert body["error_codes"] == {"name": "text_control_characters"}
    assert organisations(db) == before


def test_the_api_looks_inside_nested_values(api, db):  # noqa: F811
    before = organisations(db)
    response = api("alice").post("/api/v1/organisations", json={
        "name": "Tsinghua University", "country_code": "CN",
        "names": [{"value": "\u202e\u5927\u5b66", "kind": "translated", "language": "zh"}]})
    assert response.status_code == 422
    assert response.json()["error_codes"] == {"names.0.value": "text_control_characters"}
    assert organisations(db) == before


@pytest.mark.parametrize(("what", "name"), INVISIBLE, ids=[c[0] for c in INVISIBLE])
def test_text_of_only_invisible_characters_is_refused(api, db, what, name):  # noqa: F811
    before = organisations(db)
    response = api("alice").post("/api/v1/organisations", json={"name": name, "country_code": "FR"})
    assert response.status_code == 422, what
    assert response.json()["code"] == "text_invisible_only"
    assert organisations(db) == before


def test_visible_text_with_joiners_and_right_to_left_script_is_accepted(api):  # noqa: F811
    client = api("alice")
    for name in ("\u062c\u0627\u0645\u0639\u0629 \u0637\u0647\u0631\u0627\u0646", "Institute\u200dLab",
                 "Line one\nline two\ttab"):
        response = client.post("/api/v1/organisations", json={"name": name, "country_code": "IR"})
        assert response.status_code == 201, name


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_web_form_with_a_nul_is_refused_with_a_message_in_the_persons_language(browser, db, lang):  # noqa: F811
    alice = browser("alice")
    before = organisations(db)
    response = post_form(alice, "/organisations/new", "/organisations/new",
                         {"name": "Bad\x00Institute", "org_type": "institute", "country_code": "DE"},
                         headers={"Accept-Language": lang})
    assert response.status_code == 422
    expected = ("The text holds a control character" if lang == "en"
                else "De tekst bevat een stuurteken")
    assert expected in response.text
    assert "Traceback" not in response.text
    assert organisations(db) == before


def test_the_public_contact_form_refuses_a_direction_override(anonymous, db):  # noqa: F811
    before = db.scalar(select(func.count()).select_from(Question))
    token = csrf_of(anonymous.get("/desk/contact").text)
    response = anonymous.post("/desk/contact", data={
        "asker_name": "Jan Jansen", "asker_email": "jan.jansen@uni.example", "asker_role": "researcher",
        "institution_name": "Hogeschool Voorbeeld", "subject": "Invoice \u202efdp.exe",
        "text": "A question.", "topics": ["opportunities"], "countries": ["CN"], "consent": "on",
        "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 422
    assert "control character" in response.text
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Question)) == before


def test_a_query_string_with_a_nul_is_refused(api, browser):  # noqa: F811
    response = api("bob").get("/api/v1/organisations", params={"q": "Leu\x00ven"})
    assert response.status_code == 422 and response.json()["code"] == "text_control_characters"
    assert browser("bob").get("/organisations", params={"q": "\u202eLeuven"}).status_code == 422


BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"] + [
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]) + "\n"


def test_a_yaml_alias_bomb_is_refused_quickly_as_a_rule_set_and_as_a_risk_mapping(db):
    import time

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.assessment import inputs
    from ksdesk.errors import ValidationFailed
    from ksdesk.screening.forms import parse_mapping

    assert len(BOMB.encode()) < 400
    started = time.monotonic()
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, BOMB)
    assert "expand" in str(refused.value.params.get("problems") or refused.value.message)
    with pytest.raises(ValidationFailed) as mapping:
        parse_mapping(BOMB)
    assert mapping.value.code == "yaml_too_large"
    assert time.monotonic() - started < 5


def test_yaml_that_refers_to_itself_or_nests_too_deeply_is_refused():
    from ksdesk import yaml_limits

    with pytest.raises(yaml_limits.YamlTooLarge):
        yaml_limits.safe_load("a: &a [*a]\n")
    with pytest.raises(yaml_limits.YamlTooLarge):
        yaml_limits.safe_load("[" * 5000 + "]" * 5000)
    assert yaml_limits.safe_load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def _gzip_bomb(path, megabytes: int = 200):
    import gzip

    chunk = b" " * (1024 * 1024)  # well-formed so far: the parser reads on until the bound stops it
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"<CONSOLIDATED_LIST>")
        for _ in range(megabytes):
            out.write(chunk)
    return path


def test_a_gzip_bomb_is_refused_before_it_inflates(tmp_path):
    import tracemalloc

    from ksdesk.screening.lists import load_un
    from ksdesk.screening.lists._io import DecompressionBomb

    bomb = _gzip_bomb(tmp_path / "UN_consolidated.2026-03-01.xml.gz")
    assert bomb.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(DecompressionBomb):
            load_un(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150 * 1024 * 1024


def test_the_shipped_gzipped_lists_still_read(tmp_path):
    from ksdesk.screening.lists import load_un

    assert load_un().entries


def test_lists_load_answers_a_bomb_and_broken_xml_with_a_message_not_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    broken = tmp_path / "UN_consolidated.2026-03-01.xml"
    broken.write_text("<CONSOLIDATED_LIST><ENTITIES><ENTITY>", encoding="utf-8")
    bomb = _gzip_bomb(tmp_path / "UN_consolidated.2026-03-02.xml.gz")
    env = {**os.environ, "KSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"}
    for path, says in ((broken, "could not be read"), (bomb, "decompression bomb")):
        result = subprocess.run([sys.executable, "-m", "ksdesk.cli", "lists", "load", "un", str(path)],
                                capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode != 0, path
        assert "Traceback" not in result.stderr + result.stdout
        assert says in " ".join((result.stderr + result.stdout).split()), result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_importing_an_exported_file_again_refuses_its_rows_instead_of_duplicating_them(db, world, fmt):
    import json

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.registry import io
    from ksdesk.registry.models import Collaboration

    text = ("title,institution,form\nExchange with Leuven,UL,exchange\nVisiting researchers,UL,exchange\n")
    assert io.import_collaborations(db, SYSTEM, io.read_rows(text, "csv")).created == 2
    exported = io.export_collaborations(db, SYSTEM, fmt)
    before = db.scalar(select(func.count()).select_from(Collaboration))
    with pytest.raises(io.ImportRejected) as rejected:
        io.import_collaborations(db, SYSTEM, io.read_rows(exported, fmt))
    assert all("imported before" in p.reason for p in rejected.value.problems)
    assert db.scalar(select(func.count()).select_from(Collaboration)) == before
    if fmt == "json":  # the same file with the ids left out adds new records, as asked
        fresh = [{k: v for k, v in item.items() if k != "id"} for item in json.loads(exported)]
        assert io.import_collaborations(db, SYSTEM, list(enumerate(fresh, 1))).created == len(fresh)


def test_importing_the_organisation_export_again_adds_nothing(db, world):
    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.registry import io

    io.import_organisations(db, SYSTEM, io.read_rows("name,country_code\nNo Ror Institute,FR\n", "csv"))
    exported = io.export_organisations(db, "json")
    before = organisations(db)
    with pytest.raises(io.ImportRejected) as rejected:
        io.import_organisations(db, SYSTEM, io.read_rows(exported, "json"))
    assert any("imported before" in p.reason for p in rejected.value.problems)
    assert organisations(db) == before
