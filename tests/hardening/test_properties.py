"""Property-based tests: the name normaliser, the CSV importer and the due-date calculator hold
their promises for any input, not only for the examples we thought of."""

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.desk.calendar import AMSTERDAM, WorkingDayCalendar
from ksdesk.errors import KsdeskError
from ksdesk.registry import io as registry_io
from ksdesk.registry.models import Organisation
from ksdesk.screening import names

ANY_TEXT = st.text(max_size=200)
LATIN_WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12),
                       min_size=1, max_size=8)


@given(ANY_TEXT)
@settings(max_examples=400)
def test_the_normaliser_accepts_any_text_and_gives_plain_lower_case_words(text):
    key = names.key(text)
    assert key == key.strip()
    assert key == key.lower()
    assert key.isascii()
    assert all(token and " " not in token for token in names.tokens(text))


@given(ANY_TEXT)
@settings(max_examples=300)
def test_normalising_twice_changes_nothing(text):
    # Chinese names are read as pinyin, where syllables that look like stopwords are kept on
    # purpose; their key is not meant to be normalised again.
    assume(not names.has_han(text))
    once = names.key(text)
    assert names.key(once) == once


@given(LATIN_WORDS)
def test_case_and_spacing_do_not_matter(words):
    text = " ".join(words)
    assert names.key(text.upper()) == names.key(text)
    assert names.key("  " + "   ".join(words) + " ") == names.key(text)


@given(LATIN_WORDS, st.randoms(use_true_random=False))
def test_word_order_does_not_change_the_sorted_key(words, rnd):
    shuffled = list(words)
    rnd.shuffle(shuffled)
    assert names.sorted_key(" ".join(shuffled)) == names.sorted_key(" ".join(words))


@pytest.mark.parametrize("plain, marked", [
    ("Universite de Geneve", "Université de Genève"),
    ("Technische Universitat Munchen", "Technische Universität München"),
    ("Bogazici University", "Boğaziçi University"),
])
def test_diacritics_do_not_matter(plain, marked):
    assert names.key(plain) == names.key(marked)


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
COLUMNS = ["name", "ror_id", "country_code", "org_type", "city", "aliases", "acronyms", "translated_names"]


@given(rows=st.lists(st.fixed_dictionaries({c: CELL for c in COLUMNS}), max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_organisation_import_either_takes_every_row_or_none_and_never_crashes(db, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    before = db.scalar(select(func.count()).select_from(Organisation))
    savepoint = db.begin_nested()
    try:
        result = registry_io.import_organisations(db, SYSTEM, registry_io.read_rows(out.getvalue(), "csv"))
    except registry_io.ImportRejected as rejected:
        assert rejected.problems, "a rejection names at least one row"
        assert all(p.line >= 2 for p in rejected.problems)
        assert db.scalar(select(func.count()).select_from(Organisation)) == before
    else:
        assert result.created == len(rows)
        assert db.scalar(select(func.count()).select_from(Organisation)) == before + len(rows)
    finally:
        savepoint.rollback()


@given(text=st.text(max_size=300))
@settings(max_examples=100, deadline=None)
def test_reading_any_text_as_csv_or_json_either_parses_or_says_why(text):
    for fmt in ("csv", "json"):
        try:
            rows = registry_io.read_rows(text, fmt)
        except KsdeskError as exc:
            assert exc.message
        else:
            assert all(isinstance(line, int) and isinstance(row, dict) for line, row in rows)


RECEIPTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                        timezones=st.sampled_from([timezone.utc, AMSTERDAM, timezone(timedelta(hours=-5))]))


@given(RECEIPTS)
@settings(max_examples=400)
def test_a_question_is_due_at_five_on_the_third_working_day_after_receipt(received):
    calendar = WorkingDayCalendar()
    due = calendar.due_at(received)
    local_receipt = received.astimezone(AMSTERDAM).date()
    assert due.tzinfo is not None and due > received
    assert (due.hour, due.minute) == (17, 0)
    assert calendar.is_working_day(due.date())
    assert calendar.working_days_between(local_receipt, due.date()) == 3


@given(RECEIPTS, RECEIPTS)
def test_a_later_question_is_never_due_earlier(first, second):
    assume(first <= second)
    calendar = WorkingDayCalendar()
    assert calendar.due_at(first) <= calendar.due_at(second)
