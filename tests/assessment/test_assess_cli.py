"""`ksdesk assess`: the JSON contract for one collaboration and the run over every active one."""

import json

import pytest

from tests.cli.test_import_export import _cli, cli_env_for
from tests.databases import throwaway_database


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    with throwaway_database(tmp_path_factory.mktemp("assess"), "assess") as url:
        env = cli_env_for(url)
        result = _cli(["demo", "--without-registry"], env)
        assert result.returncode == 0, result.stderr
        _load_shipped_watchlists(url)
        exported = json.loads(_cli(["export", "collaborations", "--format", "json"], env).stdout)
        yield env, {c["title"]: c["id"] for c in exported}


def _load_shipped_watchlists(url: str) -> None:
    """The demo's watchlists without the registry's 51,000 organisations: every shipped list,
    screened against the demo's collaborations, as `ksdesk demo` loads them."""
    from ksdesk.db import make_engine, transaction
    from ksdesk.screening import shipped
    from ksdesk.wiring import install

    engine = make_engine(url)
    try:
        factory = install(engine)
        with transaction(factory) as session:
            shipped.load_lists(session)
        with transaction(factory) as session:
            shipped.link_and_rescreen(session)
    finally:
        engine.dispose()


def test_assess_json_prints_levels_reasons_opportunities_and_mitigations(demo_env):
    env, ids = demo_env
    result = _cli(["assess", str(ids["Joint lab on hypersonic flow control and quantum sensing"]), "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"collaboration", "rule_set_version", "themes", "partnership", "opportunities", "mitigations"} <= set(data)
    assert set(data["themes"]) == {"knowledge_transfer", "influence", "ethics"}
    assert data["rule_set_version"] == "2026.3"
    assert data["themes"]["influence"]["level"] in ("high", "very_high")
    assert all({"level", "reasons"} <= set(t) for t in [*data["themes"].values(), data["partnership"]])
    assert data["themes"]["influence"]["reasons"][0]["evidence"]
    assert data["mitigations"] and data["opportunities"] is not None


def test_assess_all_assesses_every_active_collaboration_with_progress(demo_env):
    env, _ids = demo_env
    result = _cli(["assess", "--all"], env)
    assert result.returncode == 0, result.stderr
    assert "active collaboration(s) assessed" in result.stdout
    again = _cli(["assess", str(_ids["Joint master in data science for sustainable cities"]), "--json"], env)
    assert json.loads(again.stdout)["assessment"]["number"] == 1


def test_assess_of_an_unknown_collaboration_fails_with_a_message(demo_env):
    env, _ids = demo_env
    result = _cli(["assess", "999999", "--json"], env)
    assert result.returncode == 1 and "not found" in result.stderr


@pytest.mark.parametrize("title", ["ARCNL — Advanced Research Center for Nanolithography",
                                   "Erasmus Mundus joint master in Asian and Middle Eastern heritage"])
def test_assess_json_gives_every_theme_a_level_and_at_least_one_reason(demo_env, title):
    env, ids = demo_env
    data = json.loads(_cli(["assess", str(ids[title]), "--json"], env).stdout)
    for theme in [*data["themes"].values(), data["partnership"]]:
        assert theme["level"] and theme["reasons"], theme
        assert all(r["explanation"]["nl"] and r["explanation"]["en"] for r in theme["reasons"])
    assert "completeness" in data and "to_review" in data


# Where an experienced advisor puts the demo's flagship cases, from the demo as loaded (with its
# shipped watchlists): the Dutch and Rathenau partnerships at most medium, the NUDT joint lab very high.
AT_MOST_MEDIUM = ("ARCNL — Advanced Research Center for Nanolithography",
                  "DELTA Lab — Deep Learning Technologies Amsterdam",
                  "Chemelot InSciTe — Chemelot Institute for Science and Technology")
RANK = {"low": 0, "medium": 1, "high": 2, "very_high": 3}


def test_the_demo_puts_the_flagship_partnerships_at_most_medium_and_the_nudt_lab_very_high(demo_env):
    env, ids = demo_env
    for title in AT_MOST_MEDIUM:
        data = json.loads(_cli(["assess", str(ids[title]), "--json"], env).stdout)
        levels = {name: t["level"] for name, t in [*data["themes"].items(), ("partnership", data["partnership"])]}
        assert max(RANK[level] for level in levels.values()) <= RANK["medium"], (title, levels)
        assert levels["knowledge_transfer"] == "medium", (title, levels)  # a sensitive field, with Dutch partners
        # The shipped lists are screened, and no partner of these is taken for a listed one.
        assert "kt_listed_partner" not in [r["factor"] for r in data["themes"]["knowledge_transfer"]["reasons"]]
    lab = json.loads(_cli(["assess", str(ids["Joint lab on hypersonic flow control and quantum sensing"]), "--json"],
                          env).stdout)
    assert lab["themes"]["knowledge_transfer"]["level"] == "very_high"
    listed = [r for r in lab["themes"]["knowledge_transfer"]["reasons"] if r["factor"] == "kt_listed_partner"]
    assert listed and "National University of Defense Technology" in listed[0]["explanation"]["en"]

