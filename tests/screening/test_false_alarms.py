"""False alarms found on real affiliation strings (ROR's evaluation data, bench/affiliations.py):
a watchlist hit that the organisation the text names does not explain."""

from __future__ import annotations

import pytest

from ksdesk.country_names import with_country_names
from ksdesk.screening import explain
from ksdesk.screening.building import _SHORT_NAME_MAX_NAMES, build_index
from ksdesk.screening.index import DEFAULT_THRESHOLD, _Match
from ksdesk.screening.lists import ListName, RegistryOrg
from ksdesk.screening.lists.model import ListEntry, ListVersion
from ksdesk.web import i18n


def _listed(index, text: str, threshold: float = DEFAULT_THRESHOLD) -> set[str]:
    return {h.listed_name for h in index.resolve(text, threshold=threshold).hits if h.is_watchlist}


@pytest.mark.parametrize(("text", "other"), [
    ("Wuhan University of Technology", "Wuhan University"),
    ("Shahid Beheshti University of Medical Sciences", "Shahid Beheshti University"),
    ("Wuhan University", "Wuhan University of Technology"),
])
def test_a_university_whose_name_goes_on_with_of_is_another_university(index, text, other):
    # ASPI lists Wuhan University, Canada's list Shahid Beheshti University: the text names another
    # university in full, which neither list names.
    assert other not in _listed(index, text)


def test_a_hospital_of_a_listed_university_still_names_it(index, ror_ids):
    hits = index.resolve("Qilu Hospital of Shandong University").hits
    assert hits[0].entity_id == ror_ids["qilu_hospital"]
    listed = [h for h in hits if h.is_watchlist and h.registry_id == ror_ids["shandong"]]
    assert listed and all(h.score >= 0.99 and h.strength == "strong" for h in listed)


def test_a_list_alias_that_is_another_organisations_own_name_is_only_possible(index, ror_ids):
    # Canada's list gives "Institute Pasteur" as another name of the Pasteur Institute of Iran; the
    # words are the official name of the institute in Paris, which no list names.
    hits = index.resolve("Institut Pasteur").hits
    iran = [h for h in hits if h.is_watchlist and h.registry_id == ror_ids["pasteur_iran"]]
    assert iran and all(h.strength == "possible" and h.score < 0.9 for h in iran)
    assert hits[0].score > iran[0].score
    dutch = i18n.load_catalogue("nl").gettext
    said = explain.sentences(iran[0].reasons, lambda m, **params: dutch(m) % with_country_names(params, "nl"))
    assert any("is de officiële naam van Institut Pasteur (Frankrijk)" in sentence for sentence in said)
    own = [h for h in index.resolve("Pasteur Institute of Iran").hits if h.is_watchlist]
    assert own and own[0].score == 1.0 and own[0].strength == "strong"


@pytest.mark.parametrize(("text", "wrong"), [
    ("Institut Pasteur, Université Paris Cité", "Pasteur Institute of Iran"),
    ("Center for Life Sciences, School of Life Sciences, Yunnan University", "Peking University"),
    ("Moscow Institute of Physics and Technology (National Research University)", "Moscow Aviation Institute"),
    # A field alone close to a listed name: "the Virology Center" is an alias of Russia's 48th Central
    # Scientific Research Institute.
    ("Department of Infectious Diseases, Virology, University Hospital Heidelberg",
     "48th Central Scientific Research Institute, Sergiev Posad"),
])
def test_a_unit_named_like_a_listed_one_belongs_to_the_organisation_the_text_names(index, text, wrong):
    assert wrong not in _listed(index, text)


def test_a_name_before_named_after_is_a_short_name_only_where_it_keeps_a_word_of_its_own():
    # The Entity List's "Institute of Physics Named After P.N. Lebedev …" is no "Institute of Physics",
    # the name of institutes in many countries; "Bauman" keeps its "Moscow State Technical University".
    registry = [RegistryOrg(f"https://ror.org/physics{i}", [ListName(f"Institute of Physics {i}", "official")], "de")
                for i in range(_SHORT_NAME_MAX_NAMES + 1)]
    entries = [ListEntry("bis:lebedev", [ListName(
        "Institute of Physics Named After P.N. Lebedev of the Russian Academy of Sciences", "official")], "ru"),
        ListEntry("bis:bauman", [ListName(
            "Moscow State Technical University named after N.E. Bauman", "official")], "ru")]
    index = build_index(registry, [ListVersion("bis-entity-list", "Entity List", None, entries)])
    assert "Institute of Physics" not in {name for name, _kind in index.names_of("bis-entity-list", "bis:lebedev")}
    assert "bis:lebedev" not in {h.entity_id for h in index.screen("Institute of Physics")}
    assert "Moscow State Technical University" in {name for name, _kind in index.names_of("bis-entity-list",
                                                                                          "bis:bauman")}


@pytest.mark.parametrize(("text", "listed"), [
    ("Laboratory of Soft Matter Physics, Institute of Physics, Chinese Academy of Sciences",
     "Chinese Academy of Sciences, Institute of Physics"),
    ("Moscow Institute of Physics and Technology (National Research University)",
     "Moscow Institute of Physics and Technology"),
    ("State Key Laboratory of Membrane Biology, Peking University", "Peking University"),
])
def test_the_listed_organisation_the_text_names_stays(index, text, listed):
    assert listed in _listed(index, text)


def test_a_shared_acronym_is_the_one_of_the_organisation_the_text_names(index, ror_ids):
    # CSIC is the Spanish council the Instituto Cajal is part of, not the Chinese shipbuilder on ASPI.
    result = index.resolve("Instituto Cajal, CSIC")
    assert "China Shipbuilding Industry Corporation" not in {h.listed_name for h in result.hits}
    assert ror_ids["csic"] in {h.entity_id for h in result.hits}


def test_a_shared_acronym_before_a_units_words_brings_no_list_entry_of_another_owner(index, ror_ids):
    # The Institute of Evolutionary Biology is the Spanish council's (and Pompeu Fabra's): "CSIC-…"
    # after it is that council, whose registry hit stays, not the Chinese shipbuilder on ASPI.
    result = index.resolve("Institute of Evolutionary Biology (IBE, CSIC-Universitat Pompeu Fabra)")
    assert "China Shipbuilding Industry Corporation" not in {h.listed_name for h in result.hits if h.is_watchlist}
    assert ror_ids["csic"] in {h.entity_id for h in result.hits}


@pytest.mark.parametrize(("text", "shipbuilder_listed"), [
    ("CSIC, Madrid, Spain", False),  # the acronym has an owner in the country the text gives
    ("CSIC, Spain", False),
    ("CSIC, China", True),  # ... and here the shipbuilder is one
    ("CSIC", True),  # no country: either, for a reviewer
])
def test_a_shared_acronym_with_a_country_is_the_one_of_its_owner_there(index, text, shipbuilder_listed):
    assert ("China Shipbuilding Industry Corporation" in _listed(index, text)) is shipbuilder_listed
    if not shipbuilder_listed:
        assert "Consejo Superior de Investigaciones Científicas" in {h.listed_name for h in index.resolve(text).hits}


def test_an_acronym_the_text_gives_a_name_is_that_names(index, ror_ids):
    # "(KIB)" is the institute's own acronym, not the armed group on the UN list that uses it.
    assert not _listed(index, "KAIST Institute for BioCentury (KIB), KAIST") - {"KAIST"}
    # "(MNI)" is the acronym of the institute the text names, and still finds it.
    hits = index.resolve("Montreal Neurological Institute (MNI), McGill University").hits
    assert ror_ids["montreal_neurological"] in {h.entity_id for h in hits}


def test_a_country_before_a_listed_name_is_another_organisation(index):
    assert "Army Research Institute" not in _listed(index, "US Army Research Institute of Environmental Medicine")


def test_a_star_inside_an_acronym_is_part_of_it(index, ror_ids):
    for text in ("A*STAR", "Singapore Institute of Clinical Sciences, A(∗)STAR"):
        result = index.resolve(text)
        assert result.hits[0].entity_id == ror_ids["astar"]
        assert "Joint Stock Company STAR" not in {h.listed_name for h in result.hits}


def test_a_city_word_of_a_university_is_no_guess_where_the_text_names_another_in_full(index, ror_ids):
    every = index.resolve("Wuhan Institute of Virology", threshold=0.0).hits
    assert every[0].entity_id == ror_ids["wuhan_virology"]
    assert all(h.score < DEFAULT_THRESHOLD for h in every if h.registry_id == ror_ids["wuhan"])


@pytest.mark.parametrize("text", ["INSERM, Lyon, France", "Lyon"])
def test_a_city_is_no_short_name_that_sounds_like_it(index, text):
    # The Entity List gives "Lion Technology" as an alias of Leon Technology: "Lyon" is no "Lion".
    assert "Leon Technology Co., Ltd." not in _listed(index, text)


@pytest.mark.parametrize(("text", "expected"), [
    ("REQUIMTE, Porto, Portugal", "requimte"),
    ("IPN/UNLA, Lanús, Argentina", "problemas_nacionales"),
])
def test_an_acronym_before_its_city_is_the_acronyms_organisation(index, ror_ids, text, expected):
    # "Porto" alone is the city, not the University of Porto's alias "U.Porto"; LAQV's alias that
    # ends in "… of the Network of Chemistry and Technology (REQUIMTE)" gives the network's acronym.
    hits = index.resolve(text).hits
    assert hits[0].entity_id == ror_ids[expected]
    assert ror_ids["porto"] not in {h.entity_id for h in hits}


def test_an_ordinal_is_the_institutes_number(index):
    # CETC's 34th institute is no typo of its 14th, which the Entity List names.
    listed = "China Electronics Technology Group Corporation 14th Research Institute (CETC 14)"
    assert listed not in _listed(index, "The 34th Research Institute of China Electronics Technology Group Corporation")
    hits = index.resolve("China Electronics Technology Group Corporation 14th Research Institute").hits
    assert hits[0].listed_name == listed and hits[0].score == 1.0


def test_a_listed_company_named_by_one_word_of_a_universitys_name_is_not_it(index, ror_ids):
    # The Entity List's Russian "LLC Drake" is no university in Iowa.
    hits = index.resolve("Department of Biology, Drake University").hits
    assert ror_ids["drake"] in {h.entity_id for h in hits}
    assert "LLC Drake" not in {h.listed_name for h in hits}
    assert index.resolve("LLC Drake").hits[0].listed_name == "LLC Drake"


@pytest.mark.parametrize(("text", "named", "look_alike"), [
    # Hebei has a University of Technology (Tianjin) and a University of Science and Technology
    # (Shijiazhuang); ASPI's tracker names only the second.
    ("Hebei University of Technology CN", "hebut", "Hebei University of Science and Technology"),
    # "East China" is where the university is, said of its own name, not the East China University
    # of Technology on the tracker.
    ("China University of Petroleum, East China, Qingdao", "upc_east_china", "East China University of Technology"),
])
def test_a_name_only_like_the_one_the_text_writes_in_full_is_no_alarm(index, ror_ids, text, named, look_alike):
    result = index.resolve(text)
    assert result.chosen is not None and result.chosen.entity_id == ror_ids[named]
    # Below the screening threshold too, as an advisor may set it: this small registry weighs "East" and
    # "China" less than the whole one does.
    assert look_alike not in _listed(index, text, threshold=0.7)
    # The look-alike itself, written as such, is still on the list.
    assert look_alike in _listed(index, look_alike)


def test_a_field_only_like_a_listed_universitys_centre_is_no_alarm(index):
    # Peking and Tsinghua universities run a Center for Life Sciences, which the registry places
    # under both; the lists name the universities. "College of Life Science" is a field of many.
    assert not _listed(index, "College of Life Science") & {"Peking University", "Tsinghua University"}
    assert {"Peking University", "Tsinghua University"} <= _listed(index, "Center for Life Sciences")


def test_a_qualifier_before_a_universitys_name_is_another_university(index, ror_ids):
    # National Tsing Hua University is in Hsinchu, Taiwan; Tsinghua University in Beijing is on ASPI's
    # tracker. The shipped registry has only the second.
    result = index.resolve("National Tsing Hua University")
    assert result.chosen is None
    assert "Tsinghua University" not in _listed(index, "National Tsing Hua University")
    assert index.resolve("Tsing Hua University").chosen.entity_id == ror_ids["tsinghua"]


@pytest.mark.parametrize("text", ["National Sun Yat-sen University",
                                  "Department of Biological Sciences, National Sun Yat-sen University"])
def test_a_word_before_a_universitys_whole_name_that_makes_another_of_it_is_no_hit(index, ror_ids, text):
    # National Sun Yat-sen University is in Kaohsiung, Taiwan; Sun Yat-sen University in Guangzhou is on
    # ASPI's tracker and the 1260H list. The shipped registry has only the second.
    result = index.resolve(text)
    assert ror_ids["sysu"] not in {h.entity_id for h in result.hits}
    assert "Sun Yat-sen University" not in _listed(index, text)
    assert result.chosen is None or result.chosen.entity_id != ror_ids["sysu"]
    assert index.resolve("Sun Yat-sen University").chosen.entity_id == ror_ids["sysu"]


def _with_list(registry: list[RegistryOrg], entries: list[ListEntry], list_id: str = "ofac-sdn"):
    # Organisations of no concern make the words' weights those of a real registry.
    filler = [RegistryOrg(f"https://ror.org/filler{i}", [ListName(name, "official")], country)
              for i, (name, country) in enumerate([
                  ("University of Barcelona", "es"), ("Universitat Politècnica de Catalunya", "es"),
                  ("Universitat de València", "es"), ("Universitat Rovira i Virgili", "es"),
                  ("Central University of Venezuela", "ve"), ("Wageningen University & Research", "nl"),
                  ("Research Institute of Flower Bulbs", "nl"), ("Project Management Institute", "us")])]
    return build_index(registry + filler, [ListVersion(list_id, list_id, None, entries)])


def test_a_company_only_like_a_university_the_text_names_is_no_alarm():
    index = _with_list(
        [RegistryOrg("https://ror.org/006zjws59", [ListName("Universitat de Vic - Universitat Central de Catalunya",
                                                             "official")], "es")],
        [ListEntry("ofac:23904", [ListName("VIC DEL INC. (OFF SHORE)", "official")], "pa")])
    text = "Facultat de Ciències i Tecnologia, Universitat de Vic - Universitat Central de Catalunya"
    result = index.resolve(text, threshold=0.7)
    assert result.chosen is not None and result.chosen.entity_id == "https://ror.org/006zjws59"
    assert not [h for h in result.hits if h.is_watchlist]
    assert [h for h in index.resolve("Vic Del Inc").hits if h.is_watchlist]


def test_an_acronym_before_words_that_name_no_place_is_no_list_entrys_initials():
    # OFAC's "Waad Project for Reconstruction" has the initials WPR; "WPR GTB Bloembollen" is a Dutch
    # research group on flower bulbs.
    index = _with_list(
        [RegistryOrg("https://ror.org/nudt", [ListName("National University of Defense Technology", "official"),
                                               ListName("NUDT", "acronym")], "cn", city="Changsha")],
        [ListEntry("ofac:11346", [ListName("WAAD PROJECT", "official"),
                                  ListName("WAAD PROJECT FOR RECONSTRUCTION", "alias")], "lb")])
    assert not index.resolve("WPR GTB Bloembollen").hits
    assert index.resolve("NUDT Changsha").hits[0].entity_id == "https://ror.org/nudt"
    # A registry organisation's own acronym before a programme's name is still that organisation.
    assert index.resolve("NUDT Graduate Programme").hits[0].entity_id == "https://ror.org/nudt"
    # Words after it that only a place's name has ("Rio de Janeiro") are read so only where they are
    # one: "NUDT Sezione di Lavagna" names a section, as "Physics NUDT" a unit.
    assert not index.resolve("NUDT Sezione di Lavagna").hits
    assert not index.resolve("Physics NUDT").hits
    assert index.resolve("Changsha NUDT").hits[0].entity_id == "https://ror.org/nudt"


def test_an_acronym_of_several_words_typed_as_given_finds_its_organisation():
    index = _with_list(
        [RegistryOrg("https://ror.org/0220pja87", [ListName("IEEE Microwave Theory and Techniques Society", "official"),
                                                    ListName("IEEE MTT-S", "acronym")], "us"),
         RegistryOrg("https://ror.org/01x98fq76", [ListName("University of Applied Sciences BFI Vienna", "official"),
                                                    ListName("FH des BFI Wien", "acronym")], "at")], [])
    for text, expected in (("IEEE MTT-S", "0220pja87"), ("IEEE MTT-S, Elkridge", "0220pja87"),
                           ("FH des BFI Wien, Vienna", "01x98fq76")):
        assert index.resolve(text).hits[0].entity_id == f"https://ror.org/{expected}"
    # An acronym alone is weak evidence: possible, never chosen on its own.
    assert index.resolve("IEEE MTT-S").hits[0].strength == "possible"


@pytest.mark.parametrize("name", [
    "China Electronics Technology Group Corporation No. 28 Institute",  # "28" is no footnote marker
    "Huawei Cloud Hong Kong",  # listed in China: Hong Kong is no other country than China
    "Action Global",  # "Global" is no country
    "Yamalgazinvest, ZAO",  # a legal form, not Zaō in Japan
    "AFGHAN SUPPORT COMMITTEE (ASC)",  # the UN list's: its own acronym, not Ascension Island
])
def test_a_list_name_copied_as_written_is_that_entry_at_full_strength(index, name):
    hit = next(h for h in index.resolve(name).hits if h.is_watchlist and h.listed_name == name)
    assert hit.listed_name == name and hit.score == 1.0 and hit.strength == "strong"
    assert "other_country" not in {code for code, _params in hit.reasons}


def test_a_name_only_like_one_the_text_names_is_no_alarm_however_the_named_one_was_read():
    # On the whole registry "Shandong University Centre for Orthopaedics" names the university by its
    # words spelled out ("shandong university", read inside the longer part), and ASPI's Shandong
    # University of Technology, only like "Shandong University", was left as a possible alarm.
    registry = [RegistryOrg("https://ror.org/sdu", [ListName("Shandong University", "official")], "cn")]
    tracker = ListVersion("aspi-unitracker", "ASPI", None, [
        ListEntry("aspi:sdut", [ListName("Shandong University of Technology", "official")], "cn")])
    index = build_index(registry, [tracker])
    named = {index.by_key[("registry", "https://ror.org/sdu")]: "shandong university"}
    sdut = index.by_key[("aspi-unitracker", "aspi:sdut")]
    (name_idx,) = [i for i, v in enumerate(index.name_values) if v == "Shandong University of Technology"]
    looks_like = _Match(0.85, name_idx, "Shandong University", "only like it")
    assert index._only_like_the_named(looks_like, [sdut], named)


def test_a_name_written_whole_as_a_place_and_an_acronym_is_only_that_name():
    # "Amsterdam UMC" is the Amsterdam University Medical Centers' own name; read as the acronym UMC
    # typed after its city it also found every other UMC in the registry as possible.
    index = _with_list(
        [RegistryOrg("https://ror.org/amc", [ListName("Amsterdam University Medical Centers", "official"),
                                              ListName("Amsterdam UMC", "alias")], "nl", city="Amsterdam"),
         RegistryOrg("https://ror.org/umc", [ListName("Uppsala Monitoring Centre", "official"),
                                              ListName("UMC", "acronym")], "se", city="Uppsala")], [])
    assert [h.entity_id for h in index.resolve("Amsterdam UMC").hits] == ["https://ror.org/amc"]
    assert "https://ror.org/umc" in {h.entity_id for h in index.resolve("Uppsala UMC").hits}
