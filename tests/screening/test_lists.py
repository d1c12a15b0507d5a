from datetime import date
from pathlib import Path

import pytest
import yaml

from ksdesk.screening.lists import (
    load_aspi,
    load_csl_csv,
    load_csl_json,
    load_ftm,
    load_nro_csv,
    load_nro_html,
    load_ofac_consolidated,
    load_ofac_sdn,
    load_ror,
    load_un,
    load_us_lists,
    risk,
)
from ksdesk.screening.lists._io import data_dir, newest
from ksdesk.screening.lists.model import NAME_KINDS

from .conftest import FIXTURES


def _by_name(version, name):
    return next(e for e in version.entries if e.name == name)


def test_aspi_takes_risk_levels_from_the_initial_galaxy_file():
    aspi = load_aspi()
    institutions = [e for e in aspi.entries if not e.parent_entity_id]
    assert len(institutions) == 159
    levels = {e.risk_level for e in institutions}
    assert levels == {"very high", "high", "medium", "low"}
    bit = _by_name(aspi, "Beijing Institute of Technology")
    assert bit.risk_level == "very high" and "designated" in bit.extra["risk_statement"]


def test_aspi_nudt_level_is_inferred_from_its_category_and_flagged():
    nudt = _by_name(load_aspi(), "National University of Defense Technology")
    assert nudt.risk_level == "very high" and nudt.extra.get("risk_level_inferred")


def test_aspi_names_include_chinese_acronym_and_the_name_without_pla_prefix():
    nudt = _by_name(load_aspi(), "National University of Defense Technology")
    kinds = {(n.value, n.kind) for n in nudt.names}
    assert ("NUDT", "acronym") in kinds
    assert ("国防科技大学", "alias") in kinds


def test_aspi_subsidiaries_and_laboratories_are_entries_linked_to_their_institution():
    aspi = load_aspi()
    ams = _by_name(aspi, "Academy of Military Science")
    parts = [e for e in aspi.entries if e.parent_entity_id == ams.entity_id]
    assert {e.names[0].kind for e in parts} == {"subsidiary", "laboratory"}
    assert all(e.risk_level == ams.risk_level for e in parts)


def test_aspi_notes_on_a_laboratory_are_its_reason_not_laboratories_of_their_own():
    aspi = load_aspi()
    labs = [e for e in aspi.entries if e.category == "laboratory"]
    assert not [e.name for e in labs if e.name.startswith(("Jointly", "Established", "Based in", "It is"))]
    # "Jointly run with Peking University" is said of the laboratory before it, at Shanghai Jiao Tong.
    noted = [e for e in labs if "Jointly run with Peking University" in (e.reason or "")]
    assert [e.name for e in noted] == ["National Key Laboratory of Science and Technology on Micro/Nano Fabrication"]
    assert noted[0].reason.startswith("Laboratory of Shanghai Jiao Tong University, listed by ASPI. ")


def test_us_lists_are_thirteen_with_their_official_metadata():
    versions = load_us_lists()
    assert len(versions) == 13
    entity_list = next(v for v in versions if v.source == "bis-entity-list")
    assert len(entity_list.entries) == 3409
    assert entity_list.authority.startswith("U.S. Department of Commerce")
    assert entity_list.version_date == date(2026, 7, 9)


def test_an_entity_list_university_is_at_least_high_risk():
    entity_list = next(v for v in load_us_lists() if v.source == "bis-entity-list")
    universities = [e for e in entity_list.entries if "University" in e.name]
    assert universities and all(e.risk_level in ("high", "very high") for e in universities)


def test_us_list_entity_ids_are_stable_across_loads():
    first = {e.entity_id for e in load_us_lists()[0].entries}
    assert first == {e.entity_id for e in load_us_lists()[0].entries}


def test_canada_nro_csv_and_official_html_fragment_give_the_same_entries():
    csv_version = load_nro_csv()
    html_version = load_nro_html(
        data_dir() / "watchlists/canada_nro/named-research-organizations.2024-04-18.list-fragment.html"
    )
    assert [e.entity_id for e in csv_version.entries] == [e.entity_id for e in html_version.entries]
    afmu = _by_name(html_version, "Air Force Medical University")
    assert "Fourth Military Medical University" in [n.value for n in afmu.names]
    assert all(e.risk_level == "very high" for e in csv_version.entries)
    assert csv_version.version_date == date(2024, 4, 18)


def test_un_list_keeps_entities_with_former_and_original_script_names():
    un = load_un()
    assert len(un.entries) == 273 and un.version_date == date(2026, 2, 27)
    kinds = {n.kind for e in un.entries for n in e.names}
    assert {"official", "alias", "former", "translated"} <= kinds
    assert all(e.schema == "organization" for e in un.entries)


def test_un_individuals_are_kept_as_persons_only_when_asked():
    un = load_un(include_individuals=True)
    assert sum(e.schema == "person" for e in un.entries) == 730


def test_ofac_legacy_csv_joins_aliases_and_addresses_on_ent_num():
    sdn = load_ofac_sdn()
    bnc = next(e for e in sdn.entries if e.name == "BANCO NACIONAL DE CUBA")
    assert "NATIONAL BANK OF CUBA" in [n.value for n in bnc.names]
    cons = load_ofac_consolidated()
    kunlun = next(e for e in cons.entries if e.name == "BANK OF KUNLUN CO LTD")
    assert kunlun.country == "cn" and any(n.kind == "former" for n in kunlun.names)


def test_csl_csv_loader_reads_the_trade_gov_columns():
    csl = load_csl_csv(FIXTURES / "csl_consolidated.csv")
    nudt = _by_name(csl, "National University of Defense Technology")
    assert nudt.country == "cn"
    assert ("NUDT", "acronym") in {(n.value, n.kind) for n in nudt.names}
    assert nudt.category.startswith("Entity List")
    assert _by_name(csl, "EXAMPLE, Person").schema == "person"


def test_csl_json_loader_reads_the_api_shape():
    csl = load_csl_json(FIXTURES / "csl_consolidated.json")
    assert len(csl.entries) == 3
    meu = _by_name(csl, "AECC Commercial Aircraft Engine Co. Ltd.")
    assert meu.country == "cn" and meu.reason.startswith("Subordinate")
    assert meu.risk_level == "high"


def test_opensanctions_loader_keeps_organisations_with_all_their_names():
    version = load_ftm(FIXTURES / "opensanctions_entities.ftm.json")
    assert {e.extra["ftm_schema"] for e in version.entries} == {"Organization", "Company"}
    nudt = _by_name(version, "National University of Defense Technology")
    assert {"official", "alias", "acronym"} <= {n.kind for n in nudt.names}
    huawei = _by_name(version, "Huawei Technologies Co., Ltd.")
    assert huawei.country == "cn" and ("Shenzhen Huawei Technology Co.", "former") in {
        (n.value, n.kind) for n in huawei.names
    }
    college = _by_name(version, "College of Computer, National University of Defense Technology")
    assert college.parent_entity_id == nudt.entity_id


def test_ror_loader_reads_every_name_and_relation(all_ror, ror_ids):
    pku = next(o for o in all_ror if o.ror_id == ror_ids["pku"])
    kinds = {(n.value, n.kind, n.lang) for n in pku.names}
    assert ("北京大学", "translated", "zh") in kinds and ("PKU", "acronym", None) in kinds
    assert pku.children and pku.country == "cn" and "pku.edu.cn" in pku.domains
    assert all(n.kind in NAME_KINDS for o in all_ror[:1000] for n in o.names)


def test_ror_loader_reads_plain_jsonl_too(tmp_path: Path):
    line = (
        '{"id": "https://ror.org/x", "name": "Test Org", "aliases": [], "acronyms": ["TO"], "labels": [], '
        '"country_code": "NL", "relationships": [{"type": "parent", "id": "https://ror.org/y"}]}\n'
    )
    (tmp_path / "ror.jsonl").write_text(line, encoding="utf-8")
    (org,) = load_ror(tmp_path / "ror.jsonl")
    assert org.country == "nl" and org.parents == ["https://ror.org/y"]


def test_risk_mapping_is_an_editable_data_file(tmp_path: Path):
    mapping = risk.load_mapping()
    mapping = {**mapping, "lists": {**mapping["lists"], "canada-nro": {"default": "medium"}}}
    path = tmp_path / "levels.yaml"
    path.write_text(yaml.safe_dump(mapping), encoding="utf-8")
    version = risk.apply(load_nro_csv(), risk.load_mapping(str(path)))
    assert {e.risk_level for e in version.entries} == {"medium"}


def test_loaders_open_gzipped_copies_transparently():
    # The shipped SDN files are gzipped; the loader is given the plain names.
    assert len(load_ofac_sdn().entries) > 3000


@pytest.mark.parametrize("level", ["low", "medium", "high", "very high"])
def test_every_level_in_the_mapping_is_known(level):
    assert level in risk.load_mapping()["levels"]


def test_a_newer_snapshot_of_a_list_is_picked_up_by_its_date(tmp_path: Path):
    folder = tmp_path / "watchlists" / "canada_nro"
    folder.mkdir(parents=True)
    old = (data_dir() / "watchlists/canada_nro/canada_nro_2024-04-18.csv").read_text(encoding="utf-8")
    (folder / "canada_nro_2024-04-18.csv").write_text(old, encoding="utf-8")
    newer = old + "Example Institute of Newly Named Research,Iran,EINR\n"
    (folder / "canada_nro_2025-03-11.csv").write_text(newer, encoding="utf-8")
    version = load_nro_csv(newest(folder, "canada_nro_*.csv*"))
    assert version.version_date == date(2025, 3, 11)
    assert version.entries[-1].name == "Example Institute of Newly Named Research"
