"""The full demo database (the whole registry and every shipped list) and the command-line contracts on it.

The demo is loaded once for this module: it is the slowest thing the suite does.
"""

import json

import pytest

from tests.cli.test_import_export import _cli, cli_env_for
from tests.databases import throwaway_database


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    with throwaway_database(tmp_path_factory.mktemp("demo"), "demo") as url:
        env = cli_env_for(url)
        result = _cli(["demo"], env)
        assert result.returncode == 0, result.stderr
        assert "registry: 51370 organisations added" in result.stdout
        assert "demo year: 6 institutions, 14 users, 320 collaborations and 110 questions added" in result.stdout
        yield env


def test_running_demo_again_adds_nothing(demo_env):
    second = _cli(["demo"], demo_env)
    assert second.returncode == 0, second.stderr
    assert "registry: 0 organisations added" in second.stdout
    assert "0 organisations, 0 institutions, 0 users and 0 collaborations added" in second.stdout
    assert "demo year: 0 institutions, 0 users, 0 collaborations and 0 questions added" in second.stdout


def test_export_lists_the_rathenau_cases_with_their_partners(demo_env):
    exported = _cli(["export", "collaborations", "--format", "json"], demo_env)
    assert exported.returncode == 0, exported.stderr
    items = {c["title"].split(" —")[0]: c for c in json.loads(exported.stdout)}
    assert {p["name"] for p in items["ARCNL"]["partners"]} >= {"ASML (Netherlands)", "Dutch Research Council"}
    assert {p["name"] for p in items["DELTA Lab"]["partners"]} >= {"Robert Bosch (Germany)"}
    assert {p["name"] for p in items["Chemelot InSciTe"]["partners"]} >= {"DSM (Netherlands)"}


def test_screen_json_names_the_listed_university_and_its_registry_organisation(demo_env):
    result = _cli(["screen", "NUDT", "--country", "CN", "--json"], demo_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "NUDT"
    lists = {h["list"] for h in data["hits"]}
    assert {"registry", "aspi-unitracker", "canada-nro"} <= lists
    aspi = next(h for h in data["hits"] if h["list"] == "aspi-unitracker")
    assert aspi["registry_id"] == "https://ror.org/05d2yfz11" and aspi["level"] == "very high"
    assert set(aspi) >= {"list", "entity_id", "name", "matched_name", "score", "level", "explanation"}
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_screen_file_prints_one_object_per_line_in_input_order(demo_env, tmp_path):
    path = tmp_path / "affiliations.txt"
    names = ["Leiden University", "", "Harbin Institute of Technology", "Nowhere Imaginary Institute of Sand"]
    # Enough rows to be shared between worker processes, which must keep the input order.
    rows = [f"{name}, Netherlands" if name and i % 3 == 0 else name for i in range(20) for name in names]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = _cli(["screen", "--file", str(path), "--json"], demo_env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == rows
    for start in range(0, len(lines), 4):
        assert lines[start]["hits"][0]["entity_id"] == "https://ror.org/027bh9e22"
        assert any(h["list"] != "registry" for h in lines[start + 2]["hits"])
        assert lines[start + 3]["hits"] == [] and lines[start + 1]["hits"] == []
    assert {lines[start]["country"] for start in range(0, len(lines), 12)} == {"NL"}


def test_threshold_option_overrides_the_default(demo_env):
    strict = json.loads(_cli(["screen", "Harbin Institute Technology", "--json", "--threshold", "0.99"],
                             demo_env).stdout)
    loose = json.loads(_cli(["screen", "Harbin Institute Technology", "--json", "--threshold", "0.5"],
                            demo_env).stdout)
    assert len(loose["hits"]) >= len(strict["hits"])
    assert all(h["score"] >= 0.99 for h in strict["hits"])
