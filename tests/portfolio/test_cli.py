"""`ksdesk report portfolio`: the same figures for scripts; small groups hidden unless exact
counts are asked for one institution."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from ksdesk.cli.main import app


@pytest.fixture
def run(session_factory, monkeypatch, known):
    import ksdesk.cli.common

    monkeypatch.setattr(ksdesk.cli.common, "session_factory", lambda: session_factory)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["report", "portfolio", *args])

    return invoke


def test_national_figures_hide_small_groups_by_default(run):
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scope"]["small_groups_hidden"] is True and data["total"] == 17
    assert {r["key"]: r["collaborations"] for r in data["figures"]["by-country"]["rows"]} == {
        "DE": 9, "BE": 5, "CN": "< 5", "US": "< 5"}
    assert "Leiden" not in result.stdout


def test_exact_counts_for_one_institution_with_a_period(run):
    result = run("--format", "csv", "--institution", "UL", "--from", "2021", "--to", "2022", "--exact")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_country = {r["key"]: r["value"] for r in rows if r["figure"] == "by-country"}
    assert by_country == {"DE": "6", "CN": "2"}  # the US exchange starts in 2024


def test_exact_counts_need_an_institution_and_bad_input_is_refused(run):
    assert run("--exact").exit_code == 2
    assert run("--format", "xml").exit_code == 2
    assert run("--institution", "NOPE").exit_code == 2
    failed = run("--from", "2025", "--to", "2020")
    assert failed.exit_code == 2 and "last year" in failed.output
