import pytest

from ksdesk.screening.affiliation import parse


def test_affiliation_is_cut_into_parts_with_the_country_apart():
    parsed = parse("College of Computer, National University of Defense Technology, Changsha 410073, China")
    assert "National University of Defense Technology" in parsed.parts
    assert "Changsha" in parsed.parts
    assert parsed.country == "cn"
    assert not any("410073" in p for p in parsed.parts)


def test_a_given_country_wins_over_the_detected_one():
    assert parse("Delft University of Technology, Netherlands", country="NL").country == "nl"


def test_comma_before_a_legal_form_does_not_split_the_name():
    assert parse("Huawei Technologies Co., Ltd.").parts == ["Huawei Technologies Co., Ltd"]


@pytest.mark.parametrize(("text", "country"), [
    ("Dept. of Paediatrics, The University of Hong Kong 2 , Hong Kong, China", "hk"),
    ("University of Macau, Macau, China", "mo"),
    ("Medical Sciences Campus, San Juan, Puerto Rico, USA", "pr"),
    ("Charité, Berlin, Germany", "de"),
    ("University of Georgia, Athens, Georgia, USA", "us"),
])
def test_a_territory_named_before_its_country_is_where_the_organisation_is(text, country):
    assert parse(text).country == country


def test_a_given_country_is_kept_when_the_text_names_a_territory_of_it():
    assert parse("The University of Hong Kong, Hong Kong, China", country="CN").country == "cn"


def test_an_acronym_glued_to_its_name_by_an_em_dash_is_read_apart():
    assert "International Iberian Nanotechnology Laboratory" in parse(
        "INL—International Iberian Nanotechnology Laboratory").parts
    # Names joined so stay one name, as does a campus written after its acronym.
    assert parse("Institut Max von Laue—Paul Langevin").parts == ["Institut Max von Laue—Paul Langevin"]
    assert parse("UW–Madison").parts == ["UW–Madison"]


def test_a_full_stop_between_two_pieces_ends_the_first():
    assert "University of Washington" in parse("Institute for Protein Design. University of Washington").parts
    assert parse("Centre for Discovery Brain Sciences, University of Edinburgh, Edinburgh. UK").country == "gb"


@pytest.mark.parametrize(("text", "part"), [
    ("Washington University in St. Louis", "Washington University in St. Louis"),
    ("KTH Royal Institute of Technology, Dept. Applied Physics", "Dept. Applied Physics"),
    ("Univ. Lille, Inserm, France", "Univ. Lille"),
    ("Assoc. Prof. Dr. Borsa Istanbul", "Assoc. Prof. Dr. Borsa Istanbul"),
])
def test_a_full_stop_after_an_abbreviation_or_a_title_ends_nothing(text, part):
    assert part in parse(text).parts


def test_country_words_inside_a_name_stay_name_words():
    parsed = parse("China Academy of Space Technology")
    assert parsed.parts == ["China Academy of Space Technology"] and parsed.country is None


def test_email_domains_are_kept_apart():
    parsed = parse("Dr. J. Smith | Dept. of Physics | Univ. of Oxford | j.smith@physics.ox.ac.uk")
    assert parsed.domains == ["physics.ox.ac.uk"]
    assert "Univ. of Oxford" in parsed.parts


def test_british_postcodes_are_dropped_but_acronyms_with_digits_stay():
    assert "Oxford" in parse("Univ. of Oxford, Oxford OX1 3PU, UK").parts
    assert "EM2C" in parse("EM2C, Gif-sur-Yvette, France").parts


def test_an_affiliation_without_commas_also_offers_the_organisation_alone():
    assert "Tsinghua University" in parse("Department of Physics Tsinghua University").parts
    assert "Tsinghua University" in parse("Tsinghua University School of Medicine").parts


def test_two_spaces_part_a_name_and_may_also_stand_where_a_hyphen_was():
    # Pasted from the forms of a matching service: the hyphen of "Physikalisch-Meteorologisches" is gone.
    parts = parse("Physikalisch  Meteorologisches Observatorium Davos and World Radiation Center").parts
    assert "Physikalisch Meteorologisches Observatorium Davos and World Radiation Center" in parts
    parts = parse("Hong Kong University of Science and Technology  Guangzhou, China").parts
    assert {"Hong Kong University of Science and Technology", "Guangzhou"} <= set(parts)
    assert not [p for p in parse("Department of Physics, Leiden University").parts if "  " in p]


def test_a_names_number_after_no_is_no_footnote_and_global_is_no_country():
    assert parse("China Electronics Technology Group Corporation No. 28 Institute").parts == [
        "China Electronics Technology Group Corporation No. 28 Institute"]
    assert parse("Tsinghua University 1 Department of Physics").parts[0] == "Tsinghua University Department of Physics"
    assert parse("Action Global").country is None
    # Nor is a name's own acronym after it a country's code ("ASC" is Ascension Island's).
    assert parse("AFGHAN SUPPORT COMMITTEE (ASC)").country is None


def test_html_entities_and_quotation_marks_set_a_name_apart():
    parsed = parse('FSEI of HPE &quot;Moscow State Lomonosov University&quot;')
    assert "Moscow State Lomonosov University" in parsed.parts
    assert "«Kurchatov Institute»" not in parse("National Research Centre «Kurchatov Institute»").parts
    assert "Kurchatov Institute" in parse("National Research Centre «Kurchatov Institute»").parts


def test_a_campus_across_a_comma_is_kept_when_a_string_has_many_parts():
    parsed = parse("Department of Medial Microbiology and Immunology, School of Medicine, "
                   "University of California, Davis")
    assert "University of California, Davis" in parsed.parts


def test_a_city_read_as_a_country_still_ends_the_name_before_it():
    parsed = parse("Institute of Biology, Technical University, Berlin, Germany")
    assert "Technical University, Berlin" in parsed.parts
    assert parsed.country == "de"


def test_a_state_or_country_code_is_never_part_of_a_name():
    parts = parse("Harvard Medical School, Boston, MA, USA").parts
    assert not any(p.endswith(", MA") or p.endswith(", USA") for p in parts)


@pytest.mark.parametrize(("text", "country"), [
    # Missouri, California, Delaware and Indiana, not Macao, Canada, Germany and India.
    ("Department of Surgery, Washington University School of Medicine, St. Louis, MO", None),
    ("Stanford University, Stanford, CA", None),
    ("University of Delaware, Newark, DE", None),
    # A ZIP code after it, or the country written out, says the United States.
    ("Purdue University, West Lafayette, IN 47907", "us"),
    ("Emory University, Atlanta, GA, USA", "us"),
    # A code that is no state's is still a country, and a capital before a state's code still names one.
    ("TU Delft, Delft, NL", "nl"),
    ("Siemens, Berlin, DE", "de"),
])
def test_a_us_states_code_after_a_city_is_not_read_as_another_country(text, country):
    parsed = parse(text)
    assert parsed.country == country
    assert not any(p.split(", ")[-1] in ("MO", "CA", "DE", "IN", "GA") for p in parsed.parts)


@pytest.mark.parametrize("text", ["Siemens AG", "Acme SA", "Equinor AS", "Acme Co", "Erasmus MC", "BASF SE",
                                  "Airbus SE", "Porsche KG"])
def test_a_legal_form_or_a_code_ending_a_name_is_no_country(text):
    # AG, SA, AS, CO, MC, SE and KG are also the codes of Antigua, Saudi Arabia, American Samoa,
    # Colombia, Monaco, Sweden and Kyrgyzstan.
    parsed = parse(text)
    assert parsed.country is None and parsed.parts == [text]


def test_a_country_written_after_a_legal_form_is_still_read():
    assert parse("Banco Santander SA Spain").country == "es"
    assert parse("Siemens AG, Germany").country == "de"
    assert parse("HUST China").country == "cn" and parse("Imperial College UK").country == "gb"
    assert parse("NWPU CN").country == "cn"


def test_a_capital_after_a_linking_word_is_part_of_the_name():
    # "Amsterdam" names the Netherlands, but here it ends the university's name.
    assert parse("Universiteit van Amsterdam").parts == ["Universiteit van Amsterdam"]


@pytest.mark.parametrize(("text", "campus"), [
    ("University of California, San Francisco School of Medicine", "San Francisco"),
    ("University of Wisconsin, Madison School of Medicine and Public Health", "Madison"),
    # Whether "Perelman" is a place the index says (test_index.py); a part that says what it is
    # before the unit's word is a name of its own, and only a university has campuses.
    ("University of Pennsylvania, Perelman School of Medicine", "Perelman"),
    ("University of Toronto, Sunnybrook Research Institute", None),
    ("Zhongnan Hospital, Frontier Science Center", None),
])
def test_words_between_a_university_and_a_units_word_may_be_its_campus(text, campus):
    university = text.split(", ")[0]
    expected = ((f"{university}, {campus}", campus),) if campus else ()
    assert parse(text).campuses == expected


def test_a_name_followed_by_its_acronym_is_also_read_without_it():
    parsed = parse("Department of Health, Swiss Federal Institute of Technology ETH")
    assert parsed.country is None and "Swiss Federal Institute of Technology" in parsed.parts


@pytest.mark.parametrize(("text", "read"), [
    ("Peking UniversityShenzhen Graduate School", "Peking University Shenzhen Graduate School"),
    ("Currently atJohnson & Johnson", "Johnson & Johnson"),
    ("Current affiliationPsi Quantum", "Psi Quantum"),
    ("Present affiliation: Institut Laue-Langevin", "Institut Laue-Langevin"),
    ("División de Ciencias de laUniversidad de Guanajuato", "División de Ciencias de la Universidad de Guanajuato"),
    # A brand's or a person's name written in one word stays one word: "Uni" here is no university.
    ("Tianjin UniStarCom Technology Co", "Tianjin UniStarCom Technology Co"),
    ("laxoSmithKline (Japan)", "laxoSmithKline"),
    ("MacDonald Hall", "MacDonald Hall"),
])
def test_words_glued_together_are_parted_where_a_word_ends(text, read):
    assert parse(text).parts[0] == read


@pytest.mark.parametrize(("text", "acronym"), [
    ("NUDT Changsha", "NUDT"), ("LMU Munich", "LMU"), ("NWPU Xi'an", "NWPU"), ("NUDT Changsha, China", "NUDT"),
    ("UFRJ Rio de Janeiro", "UFRJ"), ("NIT-AP Tadepalligudem", "NIT-AP"), ("Rosoboronexport Moscow", None),
    # A unit after the acronym, a legal form, a lower-case word or a longer affiliation: no name as typed.
    ("UCLA School of Dentistry", None), ("BASF SE", None), ("NUDT campus", None),
    ("Collège de France, CNRS Inserm", None), ("Nudt Changsha", None),
])
def test_a_name_typed_as_an_acronym_and_its_place_offers_the_acronym(text, acronym):
    assert parse(text).typed_acronym == acronym


@pytest.mark.parametrize(("text", "acronym", "place"), [
    ("Kiel CAU", "CAU", "Kiel"), ("Changsha NUDT", "NUDT", "Changsha"), ("China HUST", "HUST", "China"),
    ("Changsha, NUDT", "NUDT", "Changsha"), ("Mexico City IPN", "IPN", "Mexico City"),
    # Places written with small words, hyphens or a full stop; acronyms with hyphens, digits or accents.
    ("Rio de Janeiro UFRJ", "UFRJ", "Rio de Janeiro"), ("Dar es Salaam AKU", "AKU", "Dar es Salaam"),
    ("St. Albert CSPMA", "CSPMA", "St. Albert"), ("Rome INFN-RM3", "INFN-RM3", "Rome"),
    ("Neuville-sur-Oise L2MGC", "L2MGC", "Neuville-sur-Oise"), ("Šabac AASŠ", "AASŠ", "Šabac"),
    # A kind of organisation or a legal form is no place.
    ("Institute IMB", None, None), ("Acme Holding AG", None, None), ("Kiel University, Germany", None, None),
    ("Rio de UFRJ", None, None), ("de Janeiro UFRJ", None, None), ("Institut de France IMB", None, None),
    ("Paris COVID-19", None, None),
])
def test_a_name_typed_as_its_place_and_then_its_acronym_offers_the_acronym(text, acronym, place):
    parsed = parse(text)
    assert (parsed.typed_acronym, parsed.typed_place) == (acronym, place)
    assert parsed.typed_place_first == (acronym is not None)


def test_of_two_acronyms_the_first_is_read_before_the_words_after_it():
    # "CNRS IMB" is a host and its unit: never IMB in a place called CNRS.
    parsed = parse("CNRS IMB")
    assert (parsed.typed_acronym, parsed.typed_place_first) == ("CNRS", False)


def test_a_country_typed_before_an_acronym_is_the_texts_country():
    assert parse("China HUST").country == "cn"



@pytest.mark.parametrize(("text", "kept"), [
    ("1675 Foundation", "1675 Foundation"),
    ("140 Repair Plant JSC, Russia", "140 Repair Plant JSC"),
    ("DEBBIYE 143 SAL", "DEBBIYE 143 SAL"),
    ("7 MAKARA PHARY CO., LTD.", "7 MAKARA PHARY CO., LTD"),
    ("Institut Pasteur, 75015 Paris, France", None),
    ("Leiden University, 2333 CA Leiden, The Netherlands", None),
    ("Tsinghua University, Beijing 100084, China", None),
])
def test_a_number_in_a_part_naming_an_organisation_is_kept_beside_the_part_without_it(text, kept):
    numbered = [p for p in parse(text).parts if any(c.isdigit() for c in p)]
    assert numbered == ([kept] if kept else [])


@pytest.mark.parametrize(("text", "parts"), [
    # The Russian joint-stock company's "AO" is no Angola, with a comma or without.
    ("TRANSNEFT-DRUZHBA, AO", ["TRANSNEFT-DRUZHBA, AO"]),
    ("SNGB AO", ["SNGB AO"]),
    # Nor is a Bulgarian "AD" Andorra, a Spanish "SL" Sierra Leone or a Greek "AE" the Emirates.
    ("NOVE-AD-HOLDING AD", ["NOVE-AD-HOLDING AD"]),
    ("ADVANCE ELECTRICAL AND INDUSTRIAL TECHNOLOGIES SL", ["ADVANCE ELECTRICAL AND INDUSTRIAL TECHNOLOGIES SL"]),
    ("ELLINIKI ACME AE", ["ELLINIKI ACME AE"]),
    # "North Korea" is one country's name, not "Government of North" in (South) Korea.
    ("Government of North Korea", ["Government of North Korea"]),
    ("Probation Board for Northern Ireland", ["Probation Board for Northern Ireland"]),
])
def test_a_legal_form_or_a_country_inside_a_name_is_read_with_the_name(text, parts):
    parsed = parse(text)
    assert parsed.parts == parts and parsed.country is None


def test_a_part_of_a_country_written_after_a_name_is_that_country_not_the_last_word():
    parsed = parse("Queens University Belfast Northern Ireland")
    assert parsed.country == "gb" and "Queens University Belfast" in parsed.parts


def test_the_last_word_of_a_name_in_capitals_is_not_read_as_its_acronym():
    assert parse("CHONGQING UNIVERSITY OF TECHNOLOGY").parts == ["CHONGQING UNIVERSITY OF TECHNOLOGY"]
    assert "Swiss Federal Institute of Technology" in parse("Swiss Federal Institute of Technology ETH").parts


@pytest.mark.parametrize(("text", "sides"), [
    ("Whitehead Institute/MIT", ["Whitehead Institute", "MIT"]),
    ("CNRS/Université Paris Diderot", ["CNRS", "Université Paris Diderot"]),
])
def test_a_name_and_an_acronym_a_slash_joins_are_each_read_as_well(text, sides):
    parts = parse(text).parts
    assert parts[0] == text and all(side in parts for side in sides)


@pytest.mark.parametrize("text", ["Witten/Herdecke University", "Dana-Farber/Harvard Cancer Center", "NCI/NIH"])
def test_a_name_with_a_slash_in_it_or_two_acronyms_stay_whole(text):
    assert parse(text).parts == [text]


def test_a_research_laboratory_after_a_kind_word_is_one_name_not_a_unit_of_what_comes_before():
    # "Force" says a kind of organisation, but "Air Force Research" is no host of a laboratory.
    assert parse("Air Force Research Laboratory Information Directorate").parts == [
        "Air Force Research Laboratory Information Directorate"]
    assert parse("U.S. Army Medical Center of Excellence").parts == ["U.S. Army Medical Center of Excellence"]
    assert "Tsinghua University" in parse("Tsinghua University School of Medicine").parts
