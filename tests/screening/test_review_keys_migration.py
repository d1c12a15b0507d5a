"""Upgrading a database whose reviews were keyed on the whole query, trailing country and all:
a review of "ASML (Netherlands)" then answers the same hit of "ASML", as a new review does."""

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


def test_reviews_keyed_with_their_country_are_found_under_the_name_alone(tmp_path):
    with throwaway_database(tmp_path, "reviewkeys") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            downgrade(engine, "0007_17f")
            with engine.begin() as connection:
                connection.execute(insert(ScreeningReview.__table__), [
                    {"normalised_name": name_forms.key(q), "query": q, "list_code": "un-sc", "entity_id": f"e:{n}",
                     "decision": "false_positive", "reason": "A namesake.", "reviewer_label": "Alice Advisor",
                     "decided_at": datetime(2026, 11, 1, tzinfo=UTC)} for n, q in enumerate(OLD_QUERIES)])
            assert normalised("ASML (Netherlands)") != name_forms.key("ASML (Netherlands)")
            schema.upgrade(engine)
            with install(engine)() as db:
                keys = dict(db.execute(select(ScreeningReview.query, ScreeningReview.normalised_name)).all())
                assert keys == {q: normalised(q) for q in OLD_QUERIES}
                assert keys["ASML (Netherlands)"] == normalised("ASML") == "asml"
                found = latest_reviews(db, {normalised("ASML"), normalised("Huawei Technologies")}, EVERYONE)
                assert {(r.query, r.entity_id) for r in found.values()} == {
                    ("ASML (Netherlands)", "e:0"), ("Huawei Technologies, China", "e:1")}
        finally:
            engine.dispose()
