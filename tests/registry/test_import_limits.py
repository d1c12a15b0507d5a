"""An import file with more rows than one import may hold is refused before anything is written."""

import json

import pytest

from ksdesk.registry import io


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(io, "MAX_ROWS", 3)


def test_a_csv_file_over_the_row_limit_is_refused_with_a_message(small_limit):
    text = "name,country_code\n" + "".join(f"Institute {i},DE\n" for i in range(4))
    with pytest.raises(io.ImportRejected) as refused:
        io.read_rows(text, "csv")
    assert "more than 3 rows" in str(refused.value.problems[0])


def test_a_json_file_over_the_row_limit_is_refused(small_limit):
    with pytest.raises(io.ImportRejected):
        io.read_rows(json.dumps([{"name": f"Institute {i}"} for i in range(4)]), "json")


def test_a_file_at_the_row_limit_is_read(small_limit):
    text = "name,country_code\n" + "".join(f"Institute {i},DE\n" for i in range(3))
    assert len(io.read_rows(text, "csv")) == 3
