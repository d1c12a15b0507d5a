"""Fetching new versions of the official sources from a mirror on 127.0.0.1: checked, versioned,
and refused with a reason (nothing kept, the previous version untouched) when broken."""

import hashlib
from dataclasses import replace
from datetime import date

import pytest

from ksdesk.sources import snapshots
from ksdesk.sources.catalogue import SourceFile
from ksdesk.sources.fetch import fetch
from ksdesk.sources.readers import read_list

LISTS = ["eu-fsf", "uk-sanctions", "un-consolidated", "ofac-sdn", "ofac-consolidated", "us-csl", "bis-entity-list", "canada-nro",
         "aspi-unitracker"]


@pytest.mark.parametrize("code", LISTS)
def test_every_shipped_list_is_fetched_checked_and_kept_as_a_version(catalogue, store, code):
    result = fetch(catalogue[code], base=store)
    assert result.status == "new", result.reason
    assert result.entries and result.entries > 0
    [version] = snapshots.versions(code, store)
    assert version.state == "ready" and version.entries == result.entries
    assert {f["name"] for f in version.manifest["files"]} == {f.name for f in catalogue[code].files}
    for f in version.manifest["files"]:
        assert (version.path / f["name"]).stat().st_size == f["size"]


def test_the_entity_list_is_taken_out_of_the_consolidated_screening_list(catalogue, store):
    result = fetch(catalogue["bis-entity-list"], base=store)
    version = read_list(catalogue["bis-entity-list"], result.snapshot.path, date(2026, 12, 5))
    assert version.source == "bis-entity-list"
    assert len(version.entries) == result.entries > 3000
    assert {e.category for e in version.entries} == {"Entity List (EL) - Bureau of Industry and Security"}
    assert "National University of Defense Technology" in {e.name for e in version.entries}
    assert version.entries[0].entity_id.startswith("bis-entity-list:")
    assert version.version_date.isoformat() == "2026-12-05"


def test_the_same_content_again_makes_no_new_version(catalogue, store):
    first = fetch(catalogue["un-consolidated"], base=store)
    again = fetch(catalogue["un-consolidated"], base=store)
    assert again.status == "unchanged" and again.snapshot.path == first.snapshot.path
    assert len(snapshots.versions("un-consolidated", store)) == 1
    assert not [p for p in (store / "un-consolidated").iterdir() if p.name.startswith(".")]


def test_a_truncated_download_is_refused_and_the_previous_version_kept(catalogue, store, mirror):
    first = fetch(catalogue["ofac-sdn"], base=store)
    (mirror.root / "ofac-sdn/alt.csv").write_bytes((mirror.root / "ofac-sdn/alt.csv").read_bytes() + b"\n")
    mirror.behaviour["ofac-sdn/alt.csv"] = "truncate"
    result = fetch(catalogue["ofac-sdn"], base=store)
    assert result.status == "refused" and result.refusal.code == "source_truncated"
    assert [v.path for v in snapshots.versions("ofac-sdn", store)] == [first.snapshot.path]
    assert not [p for p in (store / "ofac-sdn").iterdir() if p.name.startswith(".")]


def test_a_file_cut_short_at_the_source_cannot_be_read_and_is_refused(catalogue, store, mirror):
    path = mirror.root / "un-consolidated/consolidated.xml"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    result = fetch(catalogue["un-consolidated"], base=store)
    assert result.status == "refused" and result.refusal.code == "source_unreadable"
    assert snapshots.versions("un-consolidated", store) == []


def test_a_version_missing_a_third_of_the_entries_is_held_for_an_administrator(catalogue, store, mirror):
    first = fetch(catalogue["canada-nro"], base=store)
    path = mirror.root / "canada-nro/named-research-organizations.html"
    items = path.read_text(encoding="utf-8").split("<li")
    keep = len(items) - (len(items) - 1) // 3
    path.write_text("<li".join(items[:keep]) + "</ul>", encoding="utf-8")
    result = fetch(catalogue["canada-nro"], base=store)
    assert result.status == "held" and result.refusal.code == "source_drop_held"
    assert result.previous_entries == first.entries and result.entries < first.entries * 0.8
    assert snapshots.latest("canada-nro", base=store).path == first.snapshot.path
    assert snapshots.latest("canada-nro", ("held",), store).path == result.snapshot.path


def test_a_server_that_does_not_answer_in_time_is_given_up_on(catalogue, store, mirror):
    mirror.behaviour["us-csl/consolidated.json"] = "stall"
    result = fetch(replace(catalogue["us-csl"], timeout_seconds=0.3), base=store)
    assert result.status == "refused" and result.refusal.code == "source_timeout"
    assert snapshots.versions("us-csl", store) == []


def test_a_file_with_another_digest_than_the_published_one_is_refused(catalogue, store, mirror):
    source = catalogue["us-csl"]
    wrong = replace(source, files=(replace(source.files[0], checksum="sha256:" + "0" * 64),))
    result = fetch(wrong, base=store)
    assert result.status == "refused" and result.refusal.code == "source_checksum_mismatch"
    digest = hashlib.sha256((mirror.root / "us-csl/consolidated.json").read_bytes()).hexdigest()
    (mirror.root / "us-csl/consolidated.json.sha256").write_text(f"{digest}  consolidated.json\n")
    published = replace(source, files=(SourceFile("consolidated.json", source.files[0].url,
                                                  checksum_url=f"{mirror.url}/us-csl/consolidated.json.sha256"),))
    result = fetch(published, base=store)
    assert result.status == "new" and result.files[0]["checksum_checked"]


def test_empty_missing_and_oversized_files_are_refused(catalogue, store, mirror):
    (mirror.root / "us-csl/consolidated.json").write_bytes(b"")
    assert fetch(catalogue["us-csl"], base=store).refusal.code == "source_empty"
    mirror.behaviour["un-consolidated/consolidated.xml"] = "missing"
    refused = fetch(catalogue["un-consolidated"], base=store)
    assert refused.refusal.code == "source_http_status" and refused.refusal.params["status"] == 404
    big = fetch(replace(catalogue["aspi-unitracker"], max_bytes=1000), base=store)
    assert big.refusal.code == "source_too_large"
    assert not any(snapshots.versions(code, store) for code in ("us-csl", "un-consolidated", "aspi-unitracker"))


def test_only_a_few_versions_are_kept_on_disk(catalogue, store, mirror):
    path = mirror.root / "us-csl/consolidated.json"
    original = path.read_text(encoding="utf-8")
    for n in range(snapshots.KEEP + 2):
        path.write_text(original + " " * n, encoding="utf-8")
        assert fetch(catalogue["us-csl"], base=store).status == "new"
    assert len(snapshots.versions("us-csl", store)) == snapshots.KEEP
