"""The source catalogue: shipped defaults, a deployment's own changes, a mirror."""

import pytest

from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.sources.catalogue import FORMATS, get_source, load_catalogue


def test_the_shipped_catalogue_names_each_official_source_with_format_licence_and_frequency():
    catalogue = load_catalogue(mirror="")
    assert {"ror", "eu-fsf", "uk-sanctions", "un-consolidated", "ofac-sdn", "ofac-consolidated", "us-csl", "bis-entity-list",
            "canada-nro", "aspi-unitracker"} <= set(catalogue)
    for source in catalogue.values():
        assert source.format in FORMATS and source.licence and source.frequency_days > 0
        assert source.discover or all(f.url and f.url.startswith("https://") for f in source.files)
    assert catalogue["ror"].discover == "zenodo" and catalogue["ror"].url.startswith("https://zenodo.org/api/")


def test_a_mirror_serves_every_file_under_code_and_name():
    catalogue = load_catalogue(mirror="http://127.0.0.1:9/m/")
    assert catalogue["ofac-sdn"].files[1].url == "http://127.0.0.1:9/m/ofac-sdn/alt.csv"
    assert catalogue["ror"].discover is None
    assert catalogue["ror"].files[0].url == "http://127.0.0.1:9/m/ror/ror-data.zip"


def test_a_deployment_changes_a_source_and_adds_one(tmp_path):
    own = tmp_path / "sources.yaml"
    own.write_text("""
defaults: {max_drop: 0.5}
sources:
  - code: un-consolidated
    format: un
    licence: UN
    frequency_days: 1
    files: [{name: consolidated.xml, url: "https://mirror.example/un.xml"}]
  - code: our-list
    format: csl-json
    licence: ours
    files: [{name: list.json, url: "https://lists.example/list.json"}]
""")
    catalogue = load_catalogue(overrides=own, mirror="")
    assert catalogue["un-consolidated"].files[0].url == "https://mirror.example/un.xml"
    assert catalogue["un-consolidated"].frequency_days == 1
    assert catalogue["our-list"].max_drop == 0.5 and catalogue["ofac-sdn"].max_drop == 0.5


def test_a_broken_catalogue_and_an_unknown_source_are_refused_with_a_reason(tmp_path):
    own = tmp_path / "sources.yaml"
    own.write_text("sources:\n  - code: x\n    format: pdf\n    files: [{name: a, url: 'https://a'}]\n")
    with pytest.raises(ValidationFailed) as refused:
        load_catalogue(overrides=own, mirror="")
    assert refused.value.code == "source_catalogue_invalid"
    with pytest.raises(NotFound) as missing:
        get_source("nope", load_catalogue(mirror=""))
    assert missing.value.code == "source_not_found"
