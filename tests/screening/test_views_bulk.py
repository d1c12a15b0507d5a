"""Bulk screening from the web: upload, background job, progress page, CSV download, the 50 MB limit."""

import csv
import io

from sqlalchemy import func, select

from ksdesk.screening import bulk
from ksdesk.screening.models import ScreeningJob
from tests.screening.webworld import NUDT, listed, orgs, queue_immediate  # noqa: F401
from tests.webtools import api, app, browser, csrf_of  # noqa: F401


def _upload(client, content: bytes, name="names.txt", **fields):
    token = csrf_of(client.get("/screening/bulk").text)
    return client.post("/screening/bulk", data={"csrf_token": token, **fields},
                       files={"file": (name, content, "text/plain")}, follow_redirects=False)


def _jobs(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(ScreeningJob))


def test_a_text_file_is_screened_in_the_background_and_its_results_download_as_csv(browser, listed,
                                                                                      queue_immediate):
    bob = browser("bob")
    response = _upload(bob, f"{NUDT}\nKU Leuven\n\nNUDT, Changsha\n".encode())
    assert response.status_code == 303
    job_page = bob.get(response.headers["location"])
    assert job_page.status_code == 200 and 'data-status="done"' in job_page.text
    assert "4 of 4 names screened" in job_page.text and "Refresh" not in job_page.headers
    rows = list(csv.DictReader(io.StringIO(bob.get(response.headers["location"] + "/results.csv").text)))
    assert rows[0]["query"] == NUDT and any(r["list"] == "test-list" for r in rows if r["line"] == "1")
    assert [r["rank"] for r in rows if r["line"] == "3"] == ["0"]
    assert "matches" in next(r for r in rows if r["list"] == "test-list")["explanation"]


def test_a_csv_file_is_screened_by_its_named_column(browser, listed, queue_immediate):
    bob = browser("bob")
    data = f"author,affiliation\nWang,\"{NUDT}, Changsha\"\nJansen,Leiden University\n".encode()
    response = _upload(bob, data, "export.csv", column="affiliation")
    assert response.status_code == 303
    result = bob.get(response.headers["location"] + "/results.csv")
    assert result.headers["content-type"].startswith("text/csv")
    assert 'filename="export-screening.csv"' in result.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(result.text)))
    assert {r["line"] for r in rows} == {"1", "2"}


def test_a_missing_csv_column_is_refused_with_the_columns_found(browser, listed, db):
    before = _jobs(db)
    response = _upload(browser("bob"), b"author,affiliation\nWang,NUDT\n", "export.csv", column="institution")
    assert response.status_code == 422
    assert 'href="#column"' in response.text and "Columns found: author, affiliation" in response.text
    assert _jobs(db) == before


def test_a_file_over_50_mb_is_refused_with_a_clear_message_and_no_job(browser, listed, db):
    before = _jobs(db)
    response = _upload(browser("bob"), b"x" * (bulk.MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 422
    assert "The file is larger than 50 MB." in response.text and 'href="#file"' in response.text
    assert _jobs(db) == before


def test_an_empty_file_and_no_file_are_refused(browser, listed):
    bob = browser("bob")
    assert "The file is empty." in _upload(bob, b"\n \n").text
    token = csrf_of(bob.get("/screening/bulk").text)
    response = bob.post("/screening/bulk", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 422 and "This field is required." in response.text


def test_a_queued_job_page_refreshes_itself_until_switched_off(browser, listed, db):
    bob = browser("bob")
    response = _upload(bob, b"NUDT\n")  # the queue is not immediate here: the job waits
    page = bob.get(response.headers["location"])
    assert page.headers.get("refresh") == "5" and 'id="stop-refresh"' in page.text
    assert 'data-status="queued"' in page.text
    still = bob.get(response.headers["location"] + "?auto=0")
    assert "refresh" not in still.headers and "Automatic refreshing is off." in still.text
    assert bob.get(response.headers["location"] + "/results.csv").status_code == 404


def test_a_job_no_worker_has_started_shows_as_stalled_to_who_started_it(browser, api, listed, db):
    from datetime import timedelta

    import time_machine

    from ksdesk.db import utcnow

    bob = browser("bob")
    url = _upload(bob, b"NUDT\n").headers["location"]  # the queue is not immediate here: no worker runs
    assert 'id="job-stalled"' not in bob.get(url).text
    job_id = int(url.rsplit("/", 1)[1])
    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        page = bob.get(url).text
        assert 'id="job-stalled"' in page and "the background worker does not seem to run" in page
        dutch = bob.get(url, headers={"Accept-Language": "nl"}).text
        assert "de achtergrondverwerking lijkt niet te draaien" in dutch
        assert api("bob").get(f"/api/v1/screen/jobs/{job_id}").json()["stalled"] is True
    assert api("bob").get(f"/api/v1/screen/jobs/{job_id}").json()["stalled"] is False


def test_someone_elses_job_is_not_found(browser, listed, queue_immediate):
    response = _upload(browser("bob"), b"NUDT\n")
    url = response.headers["location"]
    for other in ("bella", "alice", "carol"):
        client = browser(other)
        assert client.get(url).status_code == 404
        assert client.get(url + "/results.csv").status_code == 404


def test_a_file_that_is_not_utf8_is_refused_in_dutch_too(browser, listed):
    bob = browser("bob")
    token = csrf_of(bob.get("/screening/bulk").text)
    bob.post("/language", data={"lang": "nl", "next": "/", "csrf_token": token})
    response = _upload(bob, "Université de Genève\n".encode("latin-1"))
    assert response.status_code == 422
    assert "Het bestand is geen UTF-8-tekst" in response.text and '<html lang="nl"' in response.text


def test_a_done_jobs_page_shows_the_names_with_hits_first_with_their_best_hit(browser, listed, queue_immediate):
    bob = browser("bob")
    response = _upload(bob, f"Nowhere Imaginary Institute of Sand\n{NUDT}\n".encode())
    page = bob.get(response.headers["location"]).text
    results = page.split('id="results"', 1)[1].split("</table>", 1)[0]
    assert 'data-line="2"' in results and NUDT in results and 'data-line="1"' not in results
    assert "names without any" in page
    bob.headers["Accept-Language"] = "nl"
    assert "Namen met treffers" in bob.get(response.headers["location"]).text


def test_results_on_the_page_put_the_highest_level_first():
    job = ScreeningJob(file_name="x.txt", input_data=b"", result_data=(
        "line,query,country,chosen_id,chosen_name,rank,list,entity_id,name,matched_name,score,level,strength,"
        "registry_id,explanation\n"
        "1,Alpha,,,,1,l,a,Alpha U,Alpha U,0.9,medium,strong,,x\n"
        "2,Beta,,,,0,,,,,,,,,\n"
        "3,'=Gamma,,,,1,l,g,Gamma U,Gamma U,0.8,very high,strong,,x\n"
        "3,'=Gamma,,,,2,l,h,Gamma V,Gamma V,0.7,high,weak,,x\n").encode())
    shown, with_hits, without = bulk.results_on_page(job)
    assert [r["query"] for r in shown] == ["=Gamma", "Alpha"] and shown[0]["hits"] == 2
    assert (with_hits, without) == (2, 1)
