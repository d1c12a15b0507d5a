"""The one registry organisation a string names: real affiliation strings and names as typed."""

from __future__ import annotations

import pytest

from ksdesk.screening import explain
from ksdesk.screening.index import DEFAULT_THRESHOLD, RARE_WORD_SIMILARITY
from ksdesk.screening.resolver import choose


def chosen(index, text, country=None):
    result = index.resolve(text, country=country)
    return result.chosen.entity_id if result.chosen else None


@pytest.mark.parametrize(("text", "who"), [
    # A campus named in full is the campus, not its university system.
    ("Department of Chemistry and Biochemistry, University of California, San Diego 3 , La Jolla, CA, USA", "ucsd"),
    ("Department of Medicine, University of California San Diego", "ucsd"),
    # A department resembling another institute's name yields to the university named exactly.
    ("Institute for Immunology, Tsinghua University 1 , Beijing, China", "tsinghua"),
    ("Department of Physics, Yale University, New Haven, CT 06520, USA", "yale"),
    ("Department of Computer Science, University College London, London, UK", "ucl"),
    # The parent named elsewhere in the string is chosen over the sub-unit.
    ("Joint Genome Institute, Lawrence Berkeley National Laboratory", "lbnl"),
    # Footnote markers and a country written without a comma.
    ("Huazhong University of Science and Technology China", "hust"),
    ("University of Victoria", "uvic"),
    # A campus named across a comma, even where the string has many parts before it.
    ("Department of Medial Microbiology and Immunology, School of Medicine, University of California, Davis",
     "ucdavis"),
    # ... or before its school in the same part.
    ("Department of Cellular and Molecular Pharmacology, University of California, San Francisco School of Medicine",
     "ucsf"),
    ("School of Medicine, University of California, Davis 2 Department of Biochemistry and Molecular Medicine, ,",
     "ucdavis"),
    # A university named inside a longer part after a rare word or an acronym.
    ("Ministry of Education Shandong University", "shandong"),
    ("CREOP Université de Limoges Limoges, France", "limoges"),
    # Publishers' HTML entities and quotation marks around the name.
    ("FSEI of HPE &quot;Moscow State Lomonosov University&quot;", "msu"),
    # A campus whose name begins with its system's: the words after it name the campus.
    ("Microbiology Department, University of Illinois Urbana-Champaign", "uiuc"),
])
def test_an_affiliation_resolves_to_the_organisation_people_assign(index, ror_ids, text, who):
    assert chosen(index, text) == ror_ids[who]


def test_a_university_in_hong_kong_is_in_the_country_the_text_names(index, ror_ids):
    # "Hong Kong, China": the registry puts the University of Hong Kong in Hong Kong, which the
    # text names before China; it is no organisation of another country.
    result = index.resolve("Dept. of Paediatrics, The University of Hong Kong 2 , Hong Kong, China")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["hku"]
    hku = next(h for h in result.hits if h.entity_id == ror_ids["hku"])
    assert hku.score == 1.0 and hku.strength == "strong" and ("same_country", {"country": "HK"}) in hku.reasons


def test_an_acronym_is_not_the_name_of_the_organisation_numbered_after_it(index, ror_ids):
    # "NWO-I" (the NWO's institutes) had read as "NWO" once its "I" was dropped as the Catalan
    # "and": the Dutch Research Council's acronym chose its institutes' foundation.
    result = index.resolve("NWO")
    assert result.chosen is None or result.chosen.entity_id != ror_ids["nwo_institutes"]
    scores = {h.entity_id: h.score for h in result.hits}
    assert scores.get(ror_ids["nwo_institutes"], 0) < 0.9 and ror_ids["nwo"] in scores


def test_the_same_words_in_another_order_are_not_the_same_name(index, ror_ids):
    result = index.resolve("University of Victoria")
    scores = {h.entity_id: h.score for h in result.hits}
    assert scores[ror_ids["uvic"]] == 1.0
    assert scores.get(ror_ids["victoria_au"], 0) < 1.0 and scores.get(ror_ids["victoria_ug"], 0) < 1.0


@pytest.mark.parametrize("text", ["Information Technology", "Department of Physics", "Research Center"])
def test_a_generic_string_names_no_organisation(index, text):
    assert index.resolve(text).chosen is None


@pytest.mark.parametrize(("text", "system"), [
    ("Department of Chemistry, University of Tennessee", "tennessee_system"),
    ("Department of Cell and Regenerative Biology, University of Wisconsin", "wisconsin_system"),
])
def test_a_campus_unit_is_never_its_university_systems(index, ror_ids, text, system):
    # A department belongs to a campus the text leaves unsaid; the system stays a hit to review.
    result = index.resolve(text)
    assert ror_ids[system] in {h.entity_id for h in result.hits}
    assert result.chosen is None or result.chosen.entity_id != ror_ids[system]


def test_a_university_system_named_as_such_is_still_chosen(index, ror_ids):
    assert chosen(index, "University of Wisconsin System") == ror_ids["wisconsin_system"]


def test_a_health_system_keeps_its_own_departments(index, ror_ids):
    assert chosen(index, "Department of Surgery, Henry Ford Health System") == ror_ids["henry_ford"]


def test_an_acronym_alone_is_never_chosen(index):
    # "HUST" is evidence for a reviewer, not a commitment.
    result = index.resolve("HUST")
    assert result.chosen is None
    assert all(h.strength == "possible" for h in result.hits)


def test_an_acronym_with_a_country_word_without_a_comma_finds_the_organisation(index, ror_ids):
    for text in ("HUST China", "HUST, China", "NWPU China"):
        found = {h.entity_id for h in index.resolve(text).hits}
        assert ror_ids["hust" if "HUST" in text else "nwpu"] in found, text


def test_an_acronym_typed_with_its_city_finds_the_listed_entity(index, ror_ids):
    # Without a comma and with a city the lists do not know: still the Entity List's NUDT, as a
    # possible hit, a little weaker than the acronym alone.
    hits = index.resolve("NUDT Changsha").hits
    listed = [h for h in hits if h.list_id == "bis-entity-list"]
    assert listed and listed[0].listed_name == "National University of Defense Technology (NUDT)"
    assert listed[0].strength == "possible" and listed[0].score < index.resolve("NUDT").hits[0].score
    assert ror_ids["nwpu"] in {h.entity_id for h in index.resolve("NWPU Xi'an").hits}


@pytest.mark.parametrize("text", ["Changsha NUDT", "Changsha, NUDT", "China NUDT"])
def test_an_acronym_typed_after_its_city_or_country_finds_the_listed_entity(index, text):
    # Advisors write the place first as often: "Changsha NUDT" found nothing at all.
    listed = [h for h in index.resolve(text).hits if h.list_id == "bis-entity-list"]
    assert listed and listed[0].listed_name == "National University of Defense Technology (NUDT)"
    assert listed[0].strength == "possible"


def test_every_score_of_one_means_the_same_name(index):
    for text in ("Tsinghua University", "Yale University", "University College London"):
        for hit in index.resolve(text).hits:
            if hit.score == 1.0:
                assert hit.matched_name.lower().replace("the ", "") in (text.lower(), hit.matched_name.lower())


def test_a_company_short_name_reaches_the_groups_listed_entries(index, ror_ids):
    result = index.resolve("Huawei")
    listed = [h for h in result.hits if h.list_id == "bis-entity-list"]
    assert listed and all("Huawei" in h.listed_name and h.strength == "strong" for h in listed)
    # Several Huawei companies in the registry, none the parent of the others: none chosen.
    assert result.chosen is None or "Huawei" in result.chosen.name


def test_the_acronym_in_brackets_on_a_list_entry_is_read(index):
    entry = [h for h in index.resolve("NUDT").hits if h.list_id == "bis-entity-list"]
    assert entry and entry[0].listed_name == "National University of Defense Technology (NUDT)"
    assert entry[0].strength == "possible"


def test_a_list_entry_is_found_by_its_name_before_the_brackets(index):
    # The Entity List writes "Rostec (Russian Technologies State Corporation)"; advisors type "Rostec".
    listed = [h for h in index.resolve("Rostec").hits if h.list_id == "bis-entity-list"]
    assert listed and listed[0].listed_name == "Rostec (Russian Technologies State Corporation)"
    assert listed[0].score == 1.0 and listed[0].strength == "strong"


def test_a_russian_company_is_found_without_its_concern_or_legal_form(index):
    listed = [h for h in index.resolve("Kalashnikov").hits if h.list_id == "bis-entity-list"]
    assert listed and listed[0].listed_name == "Kalashnikov Concern" and listed[0].strength == "strong"


@pytest.mark.parametrize(("text", "who"), [
    ("Toshiba Corporation", "toshiba"),
    ("Ericsson AB", "ericsson"),
    ("Honeywell International Inc", "honeywell"),
    ("ZTE Corporation", "zte"),  # not its branch in the United States
])
def test_a_company_named_with_what_it_trades_as_is_that_company(index, ror_ids, text, who):
    # The registry calls them "Toshiba (Japan)", "Honeywell (United States)": the legal form adds nothing.
    result = index.resolve(text)
    assert result.chosen is not None and result.chosen.entity_id == ror_ids[who]
    hit = next(h for h in result.hits if h.entity_id == ror_ids[who])
    assert hit.strength == "strong" and hit.score == pytest.approx(0.95)


def test_a_company_named_before_the_part_of_it_meant_is_a_possible_hit(index, ror_ids):
    hits = {h.entity_id: h for h in index.resolve("NXP Semiconductors").hits}
    assert hits[ror_ids["nxp"]].strength == "possible" and hits[ror_ids["nxp"]].score == pytest.approx(0.9)
    assert explain.english(hits[ror_ids["nxp"]].reasons[:1]) == [
        "“NXP Semiconductors” begins with NXP, the name of NXP (Netherlands); what follows says which part of the "
        "company is meant, and the name alone is weak evidence."]
    # The country the words name is the branch's there.
    hits = {h.entity_id: h for h in index.resolve("Samsung Research America").hits}
    assert hits[ror_ids["samsung_us"]].score > hits[ror_ids["samsung_kr"]].score


@pytest.mark.parametrize("text", ["Toshiba Hospital Group", "Samsung Medical Center", "ZTE Street Research"])
def test_a_company_name_before_words_no_company_uses_is_not_read_as_that_company(index, ror_ids, text):
    assert not [h for h in index.resolve(text).hits if h.matched_kind == "head"
                and h.entity_id in (ror_ids["toshiba"], ror_ids["samsung_kr"], ror_ids["samsung_us"], ror_ids["zte"])]


def test_an_organisations_official_name_is_not_given_to_another_whose_alias_it_is(index, ror_ids):
    # The institute in Singapore is called so; the one in Porto is called so in English.
    result = index.resolve("Institute of Molecular and Cell Biology")
    assert {ror_ids["imcb_singapore"], ror_ids["ibmc_porto"]} <= {h.entity_id for h in result.hits}
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["imcb_singapore"]
    # The plain rule, which the trees read as one of their facts, says so too.
    ruled = choose(list(result.hits), "Institute of Molecular and Cell Biology", None, index)
    assert ruled is not None and ruled.entity_id == ror_ids["imcb_singapore"]


def test_a_department_named_by_its_field_is_not_a_laboratory_whose_alias_is_that_field(index, ror_ids):
    # "Cellular and chemical biology" is the English alias of a laboratory in Paris; the text
    # names a department of the Leiden University Medical Center.
    result = index.resolve("Department of Cell and Chemical Biology, LUMC")
    assert ror_ids["cell_chemical_biology_paris"] in {h.entity_id for h in result.hits}
    assert result.chosen is None or result.chosen.entity_id != ror_ids["cell_chemical_biology_paris"]


def test_a_name_spelled_out_inside_a_name_the_text_is_ranks_below_that_name(index, ror_ids):
    # The hospital is Tottori University's: the university's name written out in it stays a hit,
    # below the hospital's own name.
    hits = index.resolve("The Tottori University Hospital").hits
    assert hits[0].entity_id == ror_ids["tottori_hospital"] and hits[0].score == 1.0
    spelled = next(h for h in hits if h.entity_id == ror_ids["tottori"])
    assert spelled.score == pytest.approx(0.99) and spelled.strength == "strong"
    assert spelled.reasons[0][0] == "spelled_out_in_longer"


def test_a_name_the_text_goes_on_from_with_of_to_another_university_is_no_hit(index, ror_ids):
    # "Chongqing University of Technology" is another university than Chongqing University: the
    # shorter name at its start was a strong hit at 0.99, an alarm where a list names it.
    every = index.resolve("CHONGQING UNIVERSITY OF TECHNOLOGY", threshold=0.0).hits
    assert every[0].entity_id == ror_ids["chongqing_tech"] and every[0].score == 1.0
    spelled = next(h for h in every if h.entity_id == ror_ids["chongqing"])
    assert spelled.score < DEFAULT_THRESHOLD
    assert ror_ids["chongqing"] not in {h.entity_id for h in index.resolve("CHONGQING UNIVERSITY OF TECHNOLOGY").hits}


def test_a_name_written_out_inside_the_name_the_text_is_comes_after_it(index, ror_ids):
    # The bank's name is written out in the foundation's; the foundation is what the text names.
    hits = index.resolve("Culturgest - Fundacao Caixa Geral de Depositos").hits
    assert [h.entity_id for h in hits[:2]] == [ror_ids["culturgest"], ror_ids["caixa"]]
    assert hits[0].score == 1.0
    assert hits[1].score == pytest.approx(0.99) and hits[1].reasons[0][0] == "spelled_out_in_longer"


def test_a_place_in_another_script_is_not_read_as_a_misspelt_other_place(index, ror_ids):
    # "Мордовский" is Mordovia's, two letters from "Moskovsky": not Moscow State University misspelt.
    assert chosen(index, "Moscow State University") == ror_ids["msu"]
    assert not [h for h in index.resolve("Moscow State University").hits if h.entity_id == ror_ids["mordovia"]]
    assert chosen(index, "Мордовский государственный университет") == ror_ids["mordovia"]


def test_a_dutch_company_named_exactly_is_not_also_someone_elses_initials(index, ror_ids):
    result = index.resolve("ASML")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["asml"]
    assert not [h for h in result.hits if h.matched_kind == "derived acronym"]


@pytest.mark.parametrize(("text", "who"), [
    ("Department of Epidemiology, Harvard T.H. Chan School of Public Health", "harvard"),
    ("Department of Neurobiology and Anatomy, Wake Forest School of Medicine", "wake_forest"),
])
def test_a_school_named_by_its_universitys_own_word_reaches_that_university(index, ror_ids, text, who):
    # A short-name hit, weaker than the full name: whether it is chosen is for the learned choice.
    hit = next(h for h in index.resolve(text).hits if h.entity_id == ror_ids[who])
    assert hit.matched_kind == "head" and hit.score < 1.0 and hit.strength == "possible"
    assert hit.reasons[0][0] == "head"
    assert "begins with the word that names" in explain.english(hit.reasons)[0]


@pytest.mark.parametrize(("text", "who"), [
    ("Princeton Neuroscience Institute", "princeton"),  # Princeton is a town too: a field follows its word
    ("McGill Centre for Microbiome Research", "mcgill"),
])
def test_an_institute_or_centre_named_by_its_universitys_own_word_reaches_that_university(index, ror_ids, text, who):
    assert ror_ids[who] in {h.entity_id for h in index.resolve(text).hits if h.matched_kind == "head"}


@pytest.mark.parametrize(("text", "who"), [
    ("Nanchang Institute of Science and Technology", "nanchang"),  # a college of its own, in Nanchang
    ("Nanchang Hang Kong University", "nanchang"),  # another university
    ("Chengdu Sport University", "chengdu_university"),
    ("Huazhong Institute of Electro Optics, Wuhan National Lab for Optoelectronics", "wuhan"),  # a national lab
    ("Boston VA Medical Center", "boston_university"),  # a veterans' hospital
    ("Tufts Medical Center", "tufts"),
    ("Andrews Research & Education Foundation", "andrews"),
])
def test_words_after_a_universitys_own_word_that_name_an_organisation_of_their_own_are_not_its_unit(
        index, ror_ids, text, who):
    result = index.resolve(text)
    assert ror_ids[who] not in {h.entity_id for h in result.hits if h.matched_kind == "head"}
    assert result.chosen is None or result.chosen.entity_id != ror_ids[who]
    # Nanchang and Wuhan University are on ASPI's tracker: no alarm on a college or lab of their city.
    assert not [h for h in result.hits if h.is_watchlist and h.registry_id == ror_ids[who]]


@pytest.mark.parametrize(("text", "who"), [
    ("Division of Oral Biology and Medicine, UCLA School of Dentistry", "ucla"),
    ("Department of Molecular Pathobiology - NYU College of Dentistry", "nyu"),
])
def test_a_unit_named_after_its_universitys_acronym_is_that_universitys(index, ror_ids, text, who):
    assert chosen(index, text) == ror_ids[who]


def test_a_capital_before_an_institute_is_not_a_university_named_by_its_word(index, ror_ids):
    # "Berlin" is the word of "University of Berlin" too, but it names a city first.
    assert chosen(index, "Berlin Institute of Health") != ror_ids["humboldt"]


@pytest.mark.parametrize(("text", "city"), [("Cologne Business School", "cologne"),
                                            ("Chicago Medical School", "chicago")])
def test_a_school_named_after_its_city_is_not_the_university_of_that_city(index, ror_ids, text, city):
    assert ror_ids[city] not in {h.entity_id for h in index.resolve(text).hits if h.matched_kind == "head"}


@pytest.mark.parametrize(("text", "who"), [
    ("Peace Research Institute Porsgrunn", "prio"),
    ("Brain Surgery Hospital Murree", "brain_surgery_rawalpindi"),
])
def test_an_alias_spelled_out_before_another_place_is_not_the_organisation_of_the_first(index, ror_ids, text, who):
    # "Peace Research Institute" is an alias of the institute in Oslo, not of one in Porsgrunn.
    assert ror_ids[who] not in {h.entity_id for h in index.resolve(text).hits}
    assert chosen(index, text) is None
    # Below the threshold it says why, in words for people.
    weak = next(h for h in index.resolve(text, threshold=0.5).hits if h.entity_id == ror_ids[who])
    code, params = weak.reasons[0]
    assert code == "spelled_out_other_words" and params["after"] == text.split()[-1]
    assert params["official"] in explain.english(weak.reasons)[0] and "follows it where the official name has" in weak.explanation


@pytest.mark.parametrize(("text", "who"), [
    ("Peace Research Institute Oslo", "prio"),
    ("Peace Research Institute, Norway", "prio"),
    ("Department of Neurosurgery, Brain Surgery Hospital Rawalpindi, Pakistan", "brain_surgery_rawalpindi"),
    ("Brain Surgery Hospital Rawalpindy", "brain_surgery_rawalpindi"),  # the same place misspelt
])
def test_an_alias_with_its_own_place_or_a_country_still_names_the_organisation(index, ror_ids, text, who):
    assert ror_ids[who] in {h.entity_id for h in index.resolve(text).hits if h.score >= 0.9}


def test_an_alias_that_spells_out_the_official_name_still_names_the_organisation(index, ror_ids):
    # The official name is "Fred Hutch Cancer Center"; "Fred Hutchinson Cancer Center" is its alias
    # written out, not a shorter name hiding another place, and the string adds only "Research".
    text = "Basic Sciences Division and Computational Biology Program, Fred Hutchinson Cancer Research Center"
    assert ror_ids["fred_hutch"] in {h.entity_id for h in index.resolve(text).hits}


def test_a_name_the_text_goes_on_to_make_another_organisations_name_is_no_hit(index, ror_ids):
    # "University of Nevada" is an alias of the university in Reno; the text names the one in Las Vegas.
    result = index.resolve("University of Nevada, Las Vegas")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["unlv"]
    assert ror_ids["unr"] not in {h.entity_id for h in result.hits}
    weak = next(h for h in index.resolve("University of Nevada, Las Vegas", threshold=0.5).hits
                if h.entity_id == ror_ids["unr"])
    assert weak.score < 0.8 and weak.reasons[0][0] == "start_of_longer_name"
    assert "goes on to “University of Nevada, Las Vegas”" in explain.english(weak.reasons)[0]
    # The system a campus is part of keeps its match.
    davis = {h.entity_id for h in index.resolve("University of California, Davis").hits}
    assert {ror_ids["ucdavis"], ror_ids["uc_system"]} <= davis


@pytest.mark.parametrize(("text", "who", "piece"), [
    ("Winneba, University of Education", "education_winneba", "education_pakistan"),
    ("Sun Yat-sen University, Hospital of Stomatology", "sysu_stomatology", "sysu"),
    # Many ministries are called "Ministry of Agriculture"; one is the "Ministry of Agriculture, Food
    # and Rural Affairs", and that name is found even where the search offers others first.
    ("Food and Rural Affairs, Ministry of Agriculture", "agriculture_korea", "agriculture_estonia"),
    # The centre is no name alone: the text is its name, and the survey's name is inside it.
    ("Wetland and Aquatic Research Center, U.S. Geological Survey", "usgs_wetland_centre", "usgs"),
])
def test_a_name_written_with_its_pieces_in_another_order_is_that_name(index, ror_ids, text, who, piece):
    # "University of Education, Winneba" (Ghana) written campus first is not the "University of
    # Education" in Pakistan, the name its second piece is.
    hits = index.resolve(text).hits
    assert hits[0].entity_id == ror_ids[who]
    inside = next(h for h in hits if h.entity_id == ror_ids[piece])
    assert inside.score < hits[0].score and inside.reasons[0][0] == "spelled_out_in_longer"
    assert "reads as a whole as another" in explain.english(inside.reasons)[0]


def test_the_reordered_name_is_said_in_words(index):
    top = index.resolve("Winneba, University of Education").hits[0]
    assert top.score == 0.99 and top.reasons[0][0] == "pieces_reordered"
    assert "in another order" in explain.english(top.reasons)[0]


def test_a_name_with_its_place_read_as_a_country_is_that_branch(index, ror_ids):
    # "(Florida)" is read as the country's state, and the text still names the Florida centre as a
    # whole, not the Arizona one whose name without its place ties with it.
    result = index.resolve("Mayo Clinic Comprehensive Cancer Center (Florida)")
    assert result.hits[0].entity_id == ror_ids["mayo_cancer_florida"]
    assert result.hits[0].query_part == "Mayo Clinic Comprehensive Cancer Center, Florida"
    assert ror_ids["mayo_cancer_arizona"] not in {h.entity_id for h in result.hits}


def test_a_parent_named_in_pieces_that_make_its_parts_alias_keeps_its_match(index, ror_ids):
    # "Lawrence Berkeley National Laboratory Joint Genome Institute" is an alias of the institute.
    result = index.resolve("Joint Genome Institute, Lawrence Berkeley National Laboratory")
    assert {h.entity_id: h.score for h in result.hits}[ror_ids["lbnl"]] == 1.0


def test_a_name_two_organisations_share_is_a_hit_for_both_and_its_own_first(index, ror_ids):
    # "Fundación Universia" and the Belgian "Fondation universitaire" read alike once their
    # words are English; the one whose own name the text is comes first.
    result = index.resolve("Fundacion Universia")
    scores = {h.entity_id: h.score for h in result.hits}
    assert scores[ror_ids["universia"]] == 1.0 and result.hits[0].entity_id == ror_ids["universia"]


def test_a_list_entry_named_at_the_start_of_a_longer_name_stays_a_hit(index, ror_ids):
    # "Ministry of Defence, Sweden" is a registry organisation; whether the text means the listed
    # "Ministry of Defence" is for a reviewer to say.
    result = index.resolve("Ministry of Defence, Sweden")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["defence_sweden"]
    assert any(h.list_id == "bis-entity-list" and h.listed_name == "Ministry of Defence" for h in result.hits)


def test_a_longer_name_with_a_typo_is_not_the_name_spelled_out_inside_it(index, ror_ids):
    # "Hong Kong University" is an alias of HKU, written out inside HKUST's name.
    hits = index.resolve("The Hong Kong University of Sience and Technology (Guangzhou)").hits
    ranks = [h.entity_id for h in hits if h.list_id == "registry"]
    assert ranks[0] == ror_ids["hkust_gz"]
    assert ror_ids["hku"] not in ranks or ranks.index(ror_ids["hku"]) > 0
    hku = next((h for h in hits if h.entity_id == ror_ids["hku"]), None)
    assert hku is None or hku.reasons[0][0] == "spelled_out_in_longer"
    # Written without a typo, nothing changes: the longer name itself matches.
    assert chosen(index, "The Hong Kong University of Science and Technology (Guangzhou)") == ror_ids["hkust_gz"]


def test_a_translated_name_word_meets_the_registry_name(index, ror_ids):
    # The registry names it "Innsbruck Medical University" and "Medizinische Universität Innsbruck".
    result = index.resolve("Institute of Pathology, Medical University of Innsbruck, Austria")
    assert result.hits[0].entity_id == ror_ids["innsbruck_medical"] and result.hits[0].score == 1.0


def test_a_university_named_before_its_city_across_a_comma_is_found(index, ror_ids):
    # "Berlin" reads as the country; the name before it still ends with it.
    hits = {h.entity_id: h.score for h in index.resolve("Department of Physics, Free University, Berlin").hits}
    assert hits.get(ror_ids["fu_berlin"]) == 1.0


@pytest.mark.parametrize(("text", "who"), [
    # A unit written before its organisation without a comma, in the organisation's own language.
    ("Departamento de Física Universidad de Chile", "chile"),
    ("Departamento Óptica Espacial Instituto Nacional de Técnica Aeroespacial", "inta"),
    ("Afdeling Neurologie Universiteit Leiden", "leiden"),
    ("Service de Neurologie CHU de Nantes", "chu_nantes"),
    # A letter dropped from a word people translate ("Autónoma").
    ("Universidad Nacional Autnoma de México", "unam"),
    # An institute "of" an organisation named in full, in words each common on their own.
    ("Artificial lntelligence Institute of China Electronics Technology Group Corporation", "cetc"),
    # A division of a hospital is the hospital's, not a field of its own.
    ("Medical Big Data Research Center, Medical Innovation Research Division of Chinese PLA General Hospital, "
     "Beijing, China.", "pla_general"),
    # A health system has centres of its own: it is no university system for a campus's unit.
    ("Centre for Healthy Longevity, National University Health System", "nuhs"),
])
def test_real_strings_written_without_the_usual_help(index, ror_ids, text, who):
    assert chosen(index, text) == ror_ids[who]


def test_an_institute_of_a_listed_group_finds_the_groups_entries_in_full(index):
    hits = index.resolve("Software Institute of China Electronics Technology Group Corporation").hits
    listed = [h for h in hits if h.is_watchlist and h.listed_name == "China Electronics Technology Group Corporation"]
    assert listed and all(h.score == 1.0 and h.strength == "strong" for h in listed)


@pytest.mark.parametrize(("text", "who"), [
    ("College of Dentistry, Department of Molecular Pathobiology, NYU", "nyu"),
    ("Department of Bio and Brain Engineering, KAIST", "kaist"),
])
def test_an_acronym_among_an_affiliations_parts_may_be_chosen(index, ror_ids, text, who):
    assert chosen(index, text) == ror_ids[who]


@pytest.mark.parametrize("text", ["NYU", "KAIST", "HUST China", "NWPU, China"])
def test_an_acronym_with_at_most_its_country_is_still_never_chosen(index, text):
    assert chosen(index, text) is None


@pytest.mark.parametrize(("text", "who"), [
    # A company is no unit of the university that shares its first word.
    ("Yangtze Optics Electronics Co Wuhan", "yangtze"),
    # "and IT" is no name of its own: not Institut Teknologi Del, whose alias "IT Del" reads as "IT".
    ("School of Engineering and IT", "it_del"),
])
def test_words_that_name_no_organisation_do_not_bring_one(index, ror_ids, text, who):
    assert ror_ids[who] not in {h.entity_id for h in index.resolve(text).hits}


@pytest.mark.parametrize(("text", "who", "not_who"), [
    # Letters joined by "&" are a word of the name: the university without them is another one.
    ("Zhejiang A& F University", "zhejiang_af", "zhejiang"),
    ("North Carolina A&T State University", "nc_at", "nc_state"),
    ("Florida A&M University", "florida_am", "florida"),
])
def test_letters_joined_by_an_ampersand_keep_a_university_apart(index, ror_ids, text, who, not_who):
    result = index.resolve(text)
    assert result.chosen is not None and result.chosen.entity_id == ror_ids[who]
    assert ror_ids[not_who] not in {h.entity_id for h in result.hits}
    # The listed Zhejiang University is no alarm for its namesake with "A&F".
    assert not [h for h in result.hits if h.is_watchlist]


def test_a_company_named_with_letters_after_its_name_is_that_company(index, ror_ids):
    assert ror_ids["samsung"] in {h.entity_id for h in index.resolve("Samsung C&T").hits}


@pytest.mark.parametrize(("text", "who"), [
    # A letter left out of the name's own word, rarest in the name: the search still finds it.
    ("University of Ghna", "ghana"),
    ("Lymhoma Research Foundation", "lymphoma_foundation"),
    ("Robert Kch Institute", "rki"),
    # A vowel struck for another: no longer level with "Northern University", which lacks the word.
    ("Northern Arizina University", "nau"),
])
def test_a_typists_slip_in_a_names_own_word_still_finds_it_first(index, ror_ids, text, who):
    hits = index.resolve(text).hits
    assert hits and hits[0].entity_id == ror_ids[who]
    assert hits[0].score > max((h.score for h in hits[1:]), default=0.0)


def test_a_name_of_one_word_is_read_as_written(index, ror_ids):
    # "UNSAM" is San Martín's acronym, not a slip for "UNSAN", an alias on the UN's list.
    hits = index.resolve("Escuela de Bio y Nanotecnologías (UNSAM)").hits
    assert hits[0].entity_id == ror_ids["unsam"]
    assert not [h for h in hits if h.is_watchlist]


def test_a_slip_in_a_short_kind_word_no_name_has_reads_as_that_word(index, ror_ids):
    hits = index.resolve("Cntre for Genomic Regulation").hits
    assert hits[0].entity_id == ror_ids["crg"]
    # "Entre" is a word of a name: never read as "Centre".
    assert index.resolve("Universidad Nacional de Entre Ríos").hits[0].entity_id == ror_ids["entre_rios"]


@pytest.mark.parametrize(("text", "who"), [
    # Web of Science's abbreviations of the table: the name itself, as written in full.
    ("American Canc Soc", "american_cancer_society"),
    ("Minist Hlth Republic Indonesia", "indonesia_health"),
])
def test_a_name_as_web_of_science_abbreviates_it_is_that_name(index, ror_ids, text, who):
    result = index.resolve(text)
    assert result.hits and result.hits[0].entity_id == ror_ids[who] and result.hits[0].score == 1.0
    assert result.chosen is not None and result.chosen.entity_id == ror_ids[who]


@pytest.mark.parametrize(("text", "who"), [
    # A country before the name written short, with dots or in full: the registry writes each.
    ("US Army Research Institute of Environmental Medicine", "usariem"),
    ("US Department of Energy", "us_doe"),
    ("U S Army Res Inst Environm Med, Natick, MA 01760 USA", "usariem"),
    # An institute by its name without its field, beside its host after a slash.
    ("Whitehead Institute/MIT", "whitehead"),
    # A letter struck for another in a name of one word.
    ("Ecooetrol (Colombia)", "ecopetrol"),
])
def test_a_name_as_people_write_it_is_that_organisation(index, ror_ids, text, who):
    result = index.resolve(text)
    assert result.chosen is not None and result.chosen.entity_id == ror_ids[who], text


@pytest.mark.parametrize(("text", "stem", "word", "who"), [
    # A stem of several words, or one that some names have as a word of their own, is searched as
    # the words it begins: among the whole registry's names "Tech" finds "Tech" companies first.
    ("Shariaty Tech Coll", "tech", "technical", "shariaty"),
    ("Commun Univ China", "commun", "communication", "communication_china"),
])
def test_an_abbreviated_stem_is_searched_as_the_words_it_begins(index, ror_ids, text, stem, word, who):
    assert word in index._unknown_word(stem)
    result = index.resolve(text)
    assert result.hits and result.hits[0].entity_id == ror_ids[who]


def test_a_name_that_shares_only_a_rare_word_with_the_text_is_still_compared(index, ror_ids):
    # Among the whole registry's names those of "University R…" share a trigram across the words
    # ("sitire") and rank level with "Redeemer University", more than the search compares.
    hits = index.resolve("University of Redeemer").hits
    assert hits and hits[0].entity_id == ror_ids["redeemer"]
    cols, sims = index._candidates([["university", "redeemer"]], 20, rare=True)[0]
    redeemer = {i for i, key in enumerate(index.name_keys) if "redeemer" in key.split()}
    assert redeemer <= {c for c, sim in zip(cols.tolist(), sims.tolist(), strict=True) if sim == RARE_WORD_SIMILARITY}


@pytest.mark.parametrize(("text", "who", "not_who"), [
    ("IPN, Mexico City", "ipn", None),
    ("UCB, Brasília, Brazil", "ucb_brasilia", "berkeley"),
    ("HUST, Wuhan", "hust", "hust_harbin"),
])
def test_an_acronym_and_its_city_parted_by_a_comma_is_read_as_without_it(index, ror_ids, text, who, not_who):
    result = index.resolve(text)
    assert result.hits and result.hits[0].entity_id == ror_ids[who]
    assert result.hits[0].score > max((h.score for h in result.hits[1:] if h.registry_id != ror_ids[who]), default=0)
    if not_who:
        assert all(h.score < result.hits[0].score for h in result.hits if h.entity_id == ror_ids[not_who])


def test_a_lists_short_alias_in_capitals_is_weak_evidence_as_an_acronym(index):
    # The UN list gives "LRA" as an alias of the Lord's Resistance Army: typed alone it is an
    # acronym others may share, possible only, never the list's name itself at 1.0.
    hits = [h for h in index.resolve("LRA").hits if h.is_watchlist]
    assert hits and all(h.matched_kind == "acronym" and h.strength == "possible" and h.score < 1.0 for h in hits)


@pytest.mark.parametrize("degree", ["PhD", "MBA"])
def test_a_degree_after_a_persons_name_names_no_organisation(index, degree):
    # "PhD" is also the initials of the Pirkanmaa Hospital District.
    assert not index.resolve(degree, threshold=0.5).hits
    assert not index.resolve(f"A. Kowalska, {degree}", threshold=0.8).hits


NUSTS = ("nust_misis", "nust_oman", "nust_zimbabwe", "nust_iraq")


def test_a_name_made_of_common_words_alone_is_found_when_typed(index, ror_ids):
    # No word of "National University of Science and Technology" is rare enough for the search; the
    # name is four universities', MISIS in Moscow among them, and none has the units to stand for it.
    result = index.resolve("National University of Science and Technology")
    found = {h.entity_id: h.score for h in result.hits}
    assert all(found.get(ror_ids[who]) == 1.0 for who in NUSTS)
    assert result.chosen is None


def test_the_place_written_tells_namesakes_apart(index, ror_ids):
    result = index.resolve("National University of Science and Technology, Moscow, Russia")
    assert result.hits[0].entity_id == ror_ids["nust_misis"]
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["nust_misis"]


def test_a_far_larger_namesake_still_stands_for_the_name(index, ror_ids):
    assert index.resolve("National Institutes of Health").chosen.entity_id == ror_ids["nih"]


def test_roman_numerals_written_small_are_numbers(index, ror_ids):
    hits = index.resolve("hospital universitari joan xxiii de tarragona").hits
    assert hits and hits[0].entity_id == ror_ids["joan_xxiii"] and hits[0].score == 1.0


def test_a_listed_university_in_a_web_of_science_address_is_found_and_chosen(index, ror_ids):
    result = index.resolve("Natl Univ Def Technol, Coll Comp, Changsha 410073, Hunan, Peoples R China")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["nudt"]
    assert [h for h in result.hits if h.is_watchlist and h.strength == "strong" and h.score == 1.0]


def test_an_acronym_in_small_letters_and_capitals_is_its_own_organisations_as_written(index, ror_ids):
    # "UvA" is how the University of Amsterdam writes its acronym; "UVA" is Virginia's.
    hits = index.resolve("UvA").hits
    assert hits[0].entity_id == ror_ids["amsterdam"]
    assert all(h.score < hits[0].score for h in hits if h.entity_id == ror_ids["virginia"])
    capitals = {h.entity_id: h.score for h in index.resolve("UVA").hits}
    assert capitals[ror_ids["virginia"]] >= capitals[ror_ids["amsterdam"]]


@pytest.mark.parametrize("text", ["Modibbo Adama University",
                                  "Department of Agricultural and Environmental Engineering, Modibbo Adama University, Yola"])
def test_a_name_spelled_out_after_a_word_no_name_has_is_inside_anothers_name(index, ror_ids, text):
    # Modibbo Adama University is in Yola, Nigeria, and not in the registry; "Adama University" is an
    # alias of the Adama Science and Technology University in Ethiopia, a hit for a reviewer only.
    result = index.resolve(text)
    assert result.chosen is None or result.chosen.entity_id != ror_ids["astu"]
    astu = [h for h in result.hits if h.entity_id == ror_ids["astu"]]
    assert all(h.score < 0.9 and h.strength == "possible" for h in astu)


@pytest.mark.parametrize(("text", "who"), [
    ("IMol Polish Academy of Sciences", "polish_academy"),  # an acronym in mixed case is a name of its own
    ("Physcis Zhejiang University", "zhejiang"),  # a word one slip from a word names have is that word
])
def test_a_word_before_a_name_that_is_no_unknown_name_leaves_it_chosen(index, ror_ids, text, who):
    assert chosen(index, text) == ror_ids[who]
