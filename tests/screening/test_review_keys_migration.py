"""Upgrading a database whose reviews were keyed otherwise than names are keyed now: a review of
"ASML (Netherlands)" then answers the same hit of "ASML", and one of "Technische Universität München"
the "Technical University of Munich", as a new review does."""

from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import insert, select

from ksdesk import schema
from ksdesk.db import make_engine
from ksdesk.screening import names as name_forms
from ksdesk.screening.models import ScreeningReview
from ksdesk.screening.service import EVERYONE, latest_reviews, normalised
from ksdesk.wiring import install
from tests.databases import downgrade, throwaway_database

# How reviews were keyed before: every word of the query, the country written after it too.
OLD_QUERIES = ("ASML (Netherlands)", "Huawei Technologies, China", "Leiden University")


@contextmanager
def _upgraded_from(tmp_path, revision: str, reviews: list[dict]):
    """A database at ``revision`` with ``reviews`` stored, upgraded: a session on it."""
    with throwaway_database(tmp_path, f"reviews{revision}") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            downgrade(engine, revision)
            with engine.begin() as connection:
                connection.execute(insert(ScreeningReview.__table__), [
                    {"list_code": "un-sc", "decision": "false_positive", "reason": "A namesake.",
                     "reviewer_label": "Alice Advisor", "decided_at": datetime(2026, 11, 1, tzinfo=UTC), **review}
                    for review in reviews])
            schema.upgrade(engine)
            with install(engine)() as db:
                yield db
        finally:
            engine.dispose()


def test_reviews_keyed_with_their_country_are_found_under_the_name_alone(tmp_path):
    assert normalised("ASML (Netherlands)") != name_forms.key("ASML (Netherlands)")
    reviews = [{"normalised_name": name_forms.key(q), "query": q, "entity_id": f"e:{n}"}
               for n, q in enumerate(OLD_QUERIES)]
    with _upgraded_from(tmp_path, "0007_17f", reviews) as db:
        keys = dict(db.execute(select(ScreeningReview.query, ScreeningReview.normalised_name)).all())
        assert keys == {q: normalised(q) for q in OLD_QUERIES}
        assert keys["ASML (Netherlands)"] == normalised("ASML") == "asml"
        found = latest_reviews(db, {normalised("ASML"), normalised("Huawei Technologies")}, EVERYONE)
        assert {(r.query, r.entity_id) for r in found.values()} == {
            ("ASML (Netherlands)", "e:0"), ("Huawei Technologies, China", "e:1")}


def test_reviews_of_a_name_with_its_city_in_its_own_language_answer_the_english_name(tmp_path):
    review = {"normalised_name": "technical university munchen", "query": "Technische Universität München",
              "list_code": "registry", "entity_id": "https://ror.org/02kkvpp62"}
    with _upgraded_from(tmp_path, "0010_19a", [review]) as db:
        found = latest_reviews(db, {normalised("Technical University of Munich")}, EVERYONE)
        assert [r.query for r in found.values()] == ["Technische Universität München"]


def test_reviews_of_a_name_ending_in_worldwide_keep_that_word(tmp_path):
    # Keyed before as if "Worldwide" were a country written after the name.
    review = {"normalised_name": "acme", "query": "Acme (Worldwide)", "entity_id": "e:1"}
    with _upgraded_from(tmp_path, "0011_12a", [review]) as db:
        assert db.execute(select(ScreeningReview.normalised_name)).scalar_one() == "acme worldwide"
        found = latest_reviews(db, {normalised("Acme Worldwide")}, EVERYONE)
        assert [r.query for r in found.values()] == ["Acme (Worldwide)"]


# Reviews are stored under these keys. When the key of a name changes, reviews stored before are
# no longer found for it: such a change needs a migration that keys the stored reviews again, as
# 0007_13e, 0011_12a and 0012_12b do, and then these keys are updated with it.
STORED_KEYS = {
    "ASML (Netherlands)": "asml",
    "ASML, Netherlands": "asml",
    "KU Leuven, Belgium": "ku leuven",
    "Université de Limoges (France)": "university limoges",
    "Univeristy of Amsterdam": "university amsterdam",
    "Technische Universität München": "technical university munich",
    "Harbin Inst. of Technology": "harbin institute technology",
    "National University of Defense Technology, Changsha, China": "national university defense technology changsha",
    "国防科技大学": "guo fang ke ji da xue",
    "Acme (Worldwide)": "acme worldwide",
}


def test_the_keys_reviews_are_stored_under_change_only_with_a_migration():
    changed = {q: normalised(q) for q, key in STORED_KEYS.items() if normalised(q) != key}
    assert not changed, ("the key reviews are stored under changed; add a migration that keys the stored "
                         f"reviews again (as 0011_12a does) and update STORED_KEYS: {changed}")
