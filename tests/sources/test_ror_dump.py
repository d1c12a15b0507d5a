"""ROR's official dump, read as published and as a stream; fetched through Zenodo's API."""

import hashlib
import json
from dataclasses import replace

import pytest

from ksdesk.registry.ror_dump import DumpUnreadable, count_records, read_dump
from ksdesk.screening.lists import load_ror
from ksdesk.sources import snapshots
from ksdesk.sources.fetch import fetch
from tests.sources.ror_zip import shipped_records, write_dump, zenodo_answer


def test_the_dump_zip_reads_as_the_same_organisations_as_the_shipped_copy(tmp_path):
    dump = write_dump(tmp_path / "ror.zip", list(shipped_records(300)))
    from_dump = list(read_dump(dump))
    shipped = load_ror(limit=300)
    assert len(from_dump) == 300
    for a, b in zip(from_dump, shipped, strict=True):
        assert (a.ror_id, a.name, a.country, a.city, a.status, a.parents, a.successors) == \
               (b.ror_id, b.name, b.country, b.city, b.status, b.parents, b.successors)
        assert {n.value for n in a.names} == {n.value for n in b.names}


def test_the_v2_json_itself_is_read_too_and_a_cut_file_is_refused(tmp_path):
    import zipfile

    dump = write_dump(tmp_path / "ror.zip", list(shipped_records(50)))
    with zipfile.ZipFile(dump) as archive:
        member = next(n for n in archive.namelist() if "schema_v2" in n)
        data = archive.read(member)
    (tmp_path / "v2.json").write_bytes(data)
    assert count_records(tmp_path / "v2.json") == 50
    (tmp_path / "cut.json").write_bytes(data[: len(data) // 2])
    with pytest.raises(DumpUnreadable):
        count_records(tmp_path / "cut.json")


def test_the_newest_dump_is_found_through_zenodo_and_its_published_digest_checked(tmp_path, mirror, store):
    from ksdesk.sources.catalogue import load_catalogue

    dump = write_dump(mirror.root / "files" / "ror.zip", list(shipped_records(120)))
    md5 = hashlib.md5(dump.read_bytes()).hexdigest()
    answer = mirror.root / "api" / "records.json"
    answer.parent.mkdir()
    answer.write_text(json.dumps(zenodo_answer(f"{mirror.url}/files/ror.zip", f"md5:{md5}")))
    source = replace(load_catalogue(mirror="")["ror"], url=f"{mirror.url}/api/records.json")
    result = fetch(source, base=store)
    assert result.status == "new" and result.entries == 120 and result.files[0]["checksum_checked"]
    assert snapshots.latest("ror", base=store).entries == 120

    answer.write_text(json.dumps(zenodo_answer(f"{mirror.url}/files/ror.zip", "md5:" + "0" * 32)))
    dump.write_bytes(dump.read_bytes())  # same content: the digest is checked before anything else
    refused = fetch(source, base=store)
    assert refused.status == "refused" and refused.refusal.code == "source_checksum_mismatch"
