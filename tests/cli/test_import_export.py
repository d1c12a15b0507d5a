"""Import and export through the service layer the CLI calls, and the CLI contract itself."""

import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.registry import io
from ksdesk.registry.models import Collaboration, Organisation
from tests.databases import throwaway_database

ORGS_CSV = """name,ror_id,country_code,org_type,city,website,established,aliases,acronyms,former_names,translated_names
Tsinghua University,03cve4549,CN,university,Beijing,,1911,,THU,,清华大学|zh
KU Leuven,05f950310,BE,university,Leuven,,1425,Katholieke Universiteit Leuven,,,
"""


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_organisation_csv_import_creates_organisations_with_their_names(db):
    before = _count(db, Organisation)
    result = io.import_organisations(db, SYSTEM, io.read_rows(ORGS_CSV, "csv"))
    assert result.created == 2
    assert _count(db, Organisation) == before + 2
    tsinghua = db.scalar(select(Organisation).where(Organisation.ror_id == "https://ror.org/03cve4549"))
    kinds = {(n.value, n.kind, n.language) for n in tsinghua.names}
    assert ("THU", "acronym", None) in kinds
    assert ("清华大学", "translated", "zh") in kinds


def test_an_import_with_one_bad_row_imports_nothing_and_names_the_line(db):
    bad = ORGS_CSV + "Nowhere Institute,,XX,university,,,,,,,\n,,,,,,,,,,\n"
    before = _count(db, Organisation)
    with pytest.raises(io.ImportRejected) as caught:
        io.import_organisations(db, SYSTEM, io.read_rows(bad, "csv"))
    assert _count(db, Organisation) == before
    lines = {p.line for p in caught.value.problems}
    assert lines == {4, 5}
    assert any("name" in p.reason for p in caught.value.problems if p.line == 5)


def test_a_row_failing_while_written_rolls_back_the_rows_before_it(db):
    # The unknown country passes row validation but fails in the service.
    csv_text = ORGS_CSV + "Nowhere Institute,,XX,university,,,,,,,\n"
    before = _count(db, Organisation)
    with pytest.raises(io.ImportRejected) as caught:
        io.import_organisations(db, SYSTEM, io.read_rows(csv_text, "csv"))
    assert [p.line for p in caught.value.problems] == [4]
    assert "unknown country" in caught.value.problems[0].reason
    assert _count(db, Organisation) == before


def test_a_dry_run_reports_but_writes_nothing(db):
    before = _count(db, Organisation)
    result = io.import_organisations(db, SYSTEM, io.read_rows(ORGS_CSV, "csv"), dry_run=True)
    assert result.created == 2 and result.dry_run
    assert _count(db, Organisation) == before


def test_collaboration_csv_import_resolves_partners_and_keeps_the_status(db, world):
    io.import_organisations(db, SYSTEM, io.read_rows(ORGS_CSV, "csv"))
    text = (
        "title,institution,form,status,partners,funding,agreements,countries\n"
        'Joint lab on batteries,UL,strategic_partnership,active,"https://ror.org/03cve4549 [partner]; KU Leuven [member]",'
        '"Tsinghua University: 60 (state); Leiden University: 40",publication; termination,\n'
    )
    result = io.import_collaborations(db, SYSTEM, io.read_rows(text, "csv"))
    assert result.created == 1
    collaboration = db.scalar(select(Collaboration).where(Collaboration.title == "Joint lab on batteries"))
    assert collaboration.status == "active"
    assert {c.country_code for c in collaboration.countries} == {"CN", "BE"}
    assert [(f.funder_name, f.share_percent, f.foreign_state) for f in collaboration.funding] == [
        ("Tsinghua University", 60.0, True), ("Leiden University", 40.0, False)]
    assert collaboration.agreements["publication"] and not collaboration.agreements["research_goals"]
    assert collaboration.transitions[0].reason.startswith("status taken over")


def test_collaboration_import_rejects_unknown_partner_and_over_funding(db, world):
    text = (
        "title,institution,form,partners,funding\n"
        "A,UL,joint_research,Unknown Org,\n"
        'B,UL,joint_research,,"X: 70; Y: 40"\n'
        "C,NOPE,joint_research,,\n"
        "D,UL,not_a_form,,\n"
    )
    before = _count(db, Collaboration)
    with pytest.raises(io.ImportRejected) as caught:
        io.import_collaborations(db, SYSTEM, io.read_rows(text, "csv"))
    reasons = {p.line: p.reason for p in caught.value.problems}
    assert set(reasons) == {2, 3, 4, 5}
    assert "not in the registry" in reasons[2]
    assert "110%" in reasons[3]
    assert "unknown institution" in reasons[4]
    assert "form" in reasons[5]
    assert _count(db, Collaboration) == before


def test_json_export_round_trips_through_json_import(db, world):
    io.import_organisations(db, SYSTEM, io.read_rows(ORGS_CSV, "csv"))
    text = ("title,institution,form,partners,funding\n"
            'Exchange with Leuven,UL,exchange,KU Leuven [partner],"Leiden University: 100"\n')
    io.import_collaborations(db, SYSTEM, io.read_rows(text, "csv"))
    exported = json.loads(io.export_collaborations(db, SYSTEM, "json"))
    item = next(c for c in exported if c["title"] == "Exchange with Leuven")
    assert item["institution"] == "UL"
    assert item["partners"][0]["ror_id"] == "https://ror.org/05f950310"
    item["title"] = "Exchange with Leuven (copy)"
    result = io.import_collaborations(db, SYSTEM, [(1, item)])
    assert result.created == 1


def test_advisor_export_contains_only_their_institution(db, world):
    from ksdesk.registry import service
    from ksdesk.registry.schemas import CollaborationCreate

    service.create_collaboration(db, world.principal("alice"), CollaborationCreate(title="UL thing", form="exchange"))
    service.create_collaboration(db, world.principal("carol"), CollaborationCreate(title="UvA thing", form="exchange"))
    titles = {c["title"] for c in json.loads(io.export_collaborations(db, world.principal("alice"), "json"))}
    assert "UL thing" in titles and "UvA thing" not in titles


def test_malformed_json_is_rejected_with_its_line():
    with pytest.raises(io.ImportRejected) as caught:
        io.read_rows('[{"title": "x"},\n{oops}]', "json")
    assert caught.value.problems[0].line == 2


def _cli(args, env):
    return subprocess.run([sys.executable, "-m", "ksdesk.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600)


def cli_env_for(url: str) -> dict:
    """The environment of a `ksdesk` command working on the database at ``url``."""
    import os

    return {**os.environ, "KSDESK_DATABASE_URL": url}


@pytest.fixture
def cli_env(tmp_path):
    with throwaway_database(tmp_path, "cli") as url:
        yield cli_env_for(url)


def test_cli_import_reports_each_bad_row_and_exits_non_zero(cli_env, tmp_path):
    assert _cli(["init"], cli_env).returncode == 0
    path = tmp_path / "orgs.csv"
    path.write_text(ORGS_CSV + "Bad,,ZZ,university,,,,,,,\n,,,,,,,,,,\n")
    result = _cli(["import", "organisations", str(path)], cli_env)
    assert result.returncode == 1
    assert "line 4" in result.stderr and "line 5" in result.stderr
    assert "nothing was imported" in result.stderr
    exported = _cli(["export", "organisations", "--format", "json"], cli_env)
    assert json.loads(exported.stdout) == []


def test_cli_import_dry_run_reports_without_importing(cli_env, tmp_path):
    assert _cli(["init"], cli_env).returncode == 0
    path = tmp_path / "orgs.csv"
    path.write_text(ORGS_CSV)
    result = _cli(["import", "organisations", str(path), "--dry-run"], cli_env)
    assert result.returncode == 0 and "would import 2" in result.stdout
    assert json.loads(_cli(["export", "organisations", "--format", "json"], cli_env).stdout) == []


def test_cli_desk_due_prints_the_amsterdam_due_time(cli_env):
    assert _cli(["init"], cli_env).returncode == 0
    result = _cli(["desk", "due", "2026-11-23T08:00:00+01:00"], cli_env)
    assert result.stdout.strip() == "2026-11-26T17:00:00+01:00"


def test_cli_desk_due_agrees_with_the_queue_on_a_closure_day(cli_env):
    from datetime import date, datetime

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.db import make_engine, transaction
    from ksdesk.desk import deadlines
    from ksdesk.wiring import install

    assert _cli(["init"], cli_env).returncode == 0
    engine = make_engine(cli_env["KSDESK_DATABASE_URL"])
    try:
        with transaction(install(engine)) as session:
            deadlines.add_closure_day(session, SYSTEM, date(2026, 11, 25), "Team day", confirm_past=True)
            queue_due = deadlines.working_calendar(session).due_at(datetime.fromisoformat("2026-11-23T08:00:00+01:00"))
    finally:
        engine.dispose()
    result = _cli(["desk", "due", "2026-11-23T08:00:00+01:00"], cli_env)
    assert result.stdout.strip() == "2026-11-27T17:00:00+01:00" == queue_due.isoformat()


def test_cli_desk_due_agrees_with_the_queue_on_the_holidays_the_administrators_decided(cli_env):
    from datetime import datetime

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.db import make_engine, transaction
    from ksdesk.desk import deadlines
    from ksdesk.wiring import install

    assert _cli(["init"], cli_env).returncode == 0
    before_good_friday, before_liberation_day = "2026-04-02T10:00:00+02:00", "2026-05-04T10:00:00+02:00"
    assert _cli(["desk", "due", before_good_friday], cli_env).stdout.strip() == "2026-04-09T17:00:00+02:00"
    assert _cli(["desk", "due", before_liberation_day], cli_env).stdout.strip() == "2026-05-07T17:00:00+02:00"
    engine = make_engine(cli_env["KSDESK_DATABASE_URL"])
    try:
        with transaction(install(engine)) as session:
            deadlines.save_holiday_choices(session, SYSTEM, {"good_friday": "works", "liberation_day": "closed"})
            calendar = deadlines.working_calendar(session)
            queue = [calendar.due_at(datetime.fromisoformat(t)).isoformat()
                     for t in (before_good_friday, before_liberation_day)]
    finally:
        engine.dispose()
    cli = [_cli(["desk", "due", t], cli_env).stdout.strip() for t in (before_good_friday, before_liberation_day)]
    assert cli == queue == ["2026-04-08T17:00:00+02:00", "2026-05-08T17:00:00+02:00"]


def test_cli_desk_due_refuses_a_database_without_the_desk(cli_env):
    result = _cli(["desk", "due", "2026-11-23T08:00:00+01:00"], cli_env)
    assert result.returncode == 1 and "ksdesk init" in result.stderr


def test_cli_desk_due_refuses_a_timestamp_without_offset(cli_env):
    result = _cli(["desk", "due", "2026-11-23T08:00:00"], cli_env)
    assert result.returncode == 2 and "offset" in result.stderr


def test_a_database_without_the_systems_tables_is_a_message_not_a_traceback(cli_env):
    result = _cli(["screen", "Huawei", "--json"], cli_env)
    assert result.returncode == 2
    assert "run `ksdesk init` first" in result.stderr and "Traceback" not in result.stderr
    assert _cli(["init"], cli_env).returncode == 0
