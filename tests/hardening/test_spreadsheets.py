"""Exports are opened in spreadsheets: no cell may become a formula, and an export imports back as it was."""

import csv
import io as text_io

from hypothesis import given
from hypothesis import strategies as st

from ksdesk import spreadsheets
from ksdesk.portfolio.export import figure_csv
from ksdesk.portfolio.figures import Category, Figure, Series
from ksdesk.registry import io
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationCreate
from ksdesk.screening import bulk

FORMULAS = ['=HYPERLINK("http://evil.example","Leiden")', "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1+1", "\r=1"]


def test_formulas_become_text_and_numbers_stay_numbers():
    for formula in FORMULAS:
        assert spreadsheets.defuse(formula) == "'" + formula
    for value in ("-3", "+2.5", "-0,5", "1e-3", "Leiden", "", 42, None, "'quoted"):
        assert spreadsheets.defuse(value) == value


@given(st.text())
def test_restore_undoes_defuse(value):
    assert spreadsheets.restore(spreadsheets.defuse(value)) == value


def test_a_collaboration_export_holds_no_formula_and_imports_back_unchanged(db, world):
    title = '=HYPERLINK("http://evil.example","Open me")'
    registry.create_collaboration(db, world.principal("alice"), CollaborationCreate(
        title=title, form="exchange", description="@SUM(1+1)"))
    exported = io.export_collaborations(db, world.principal("alice"), "csv")
    rows = list(csv.DictReader(text_io.StringIO(exported)))
    cells = [value for row in rows for value in row.values()]
    assert not any(value.startswith(spreadsheets.FORMULA_STARTS) and not spreadsheets.NUMBER.match(value)
                   for value in cells)
    row = next(r for r in rows if "evil.example" in r["title"])
    assert row["title"] == "'" + title
    reread = dict(io.read_rows(exported, "csv"))
    assert any(r["title"] == title and r["description"] == "@SUM(1+1)" for r in reread.values())


def test_a_chart_download_holds_no_formula():
    figure = Figure(id="by-country", title="Collaborations per country", kind="bar", category_header="Country", unit="",
                    categories=[Category("XX", "=1+1")], series=[Series("count", "Collaborations")], cells=[[7]])
    rows = list(csv.reader(text_io.StringIO(figure_csv(figure))))
    assert rows[1][1] == "'=1+1"


def test_bulk_screening_results_defuse_the_names_people_uploaded(db, world, session_factory):
    job = bulk.create_job(db, world.principal("alice"), "names.csv", b"=cmd|' /C calc'!A0\nLeiden University\n",
                          None, None)
    db.commit()
    bulk.run_job(session_factory, job.id)
    db.refresh(job)
    rows = list(csv.DictReader(text_io.StringIO(job.result_data.decode("utf-8"))))
    assert rows[0]["query"] == "'=cmd|' /C calc'!A0"
