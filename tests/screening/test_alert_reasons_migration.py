"""Alerts keep their reasons from migration 0010_19a on; a downgrade takes the column away again."""

import sqlalchemy as sa

from ksdesk import schema
from ksdesk.db import make_engine
from tests.databases import downgrade, throwaway_database


def _columns(engine) -> dict[str, dict]:
    return {c["name"]: c for c in sa.inspect(engine).get_columns("screening_alert")}


def test_the_reasons_column_comes_with_the_upgrade_and_goes_with_the_downgrade(tmp_path):
    with throwaway_database(tmp_path, "alertreasons") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            assert _columns(engine)["reasons"]["nullable"]
            downgrade(engine, "0009_14r")
            assert "reasons" not in _columns(engine) and "explanation" in _columns(engine)
            schema.upgrade(engine)
            assert "reasons" in _columns(engine)
        finally:
            engine.dispose()
