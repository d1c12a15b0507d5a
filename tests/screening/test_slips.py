"""Names typed with a slip of the fingers: found as the name meant, and never more surely than the slip allows."""

from ksdesk.screening import explain
from ksdesk.screening.building import build_index
from ksdesk.screening.index import load_index
from ksdesk.screening.lists import ListName, RegistryOrg


def _org(ror_id: str, name: str, country: str = "us") -> RegistryOrg:
    return RegistryOrg(f"https://ror.org/{ror_id}", [ListName(name, "official")], country)


def _ids(hits) -> list[str]:
    return [h.entity_id.rsplit("/", 1)[-1] for h in hits]


def test_a_name_of_one_word_typed_with_a_slip_is_possibly_that_name():
    index = build_index([_org("levvel", "Levvel", "nl"), _org("bu", "Boston University"),
                         _org("leiden", "Leiden University", "nl")])
    hit = index.screen("Levdvel")[0]
    assert _ids([hit]) == ["levvel"] and hit.score == 0.85 and hit.strength == "possible"
    assert hit.reasons[0][0] == "one_slip_from"
    assert explain.english(hit.reasons)[0] == ("“Levdvel” is one typing slip away from the name “Levvel” (a letter "
                                               "left out, added or changed, or two swapped); it may also be another "
                                               "name.")
    # A reviewer's hit, never a commitment.
    assert index.resolve("Levdvel").chosen is None
    # Inside a longer text such a word is a street's, a person's or a unit's; in capitals, another acronym.
    assert "levvel" not in _ids(index.screen("Levdvel, Boston"))
    assert index.screen("LEVDVEL") == []


def test_a_word_struck_for_a_key_a_row_away_is_searched_as_the_word_meant():
    index = build_index([_org("hsc", "Health Sciences Centre", "ca"), _org("hi", "Health Institute"),
                         _org("tallinn", "Tallinn Heath College", "ee"), _org("rie", "Research Institute of Economics"),
                         _org("ie", "Instituto de Estudios Económicos", "es"), _org("ec", "Escuela de Economía", "es"),
                         *(_org(f"e{i}", f"School of Economics {i}", "gb") for i in range(1, 6))])
    assert index._slipped("heaith") == ["heath", "health"]
    # A word struck for a far key is searched for only where the other slips make no commoner word.
    assert index._slipped("economiccs") == ["economics"]
    assert _ids(index.screen("Heaith Sciences Centre"))[:1] == ["hsc"]


def test_a_kind_word_written_in_another_language_with_a_slip_is_read_as_that_word(tmp_path):
    index = build_index([_org("ta", "Akademia Tarnowska", "pl"), _org("as", "Akademia Śląska", "pl"),
                         _org("th", "Tarnów Hospital", "pl"), _org("hitit", "Hitit Üniversitesi", "tr")])
    hit = index.screen("Akadema Tarnowska")[0]
    assert _ids([hit]) == ["ta"] and hit.strength == "strong"
    assert _ids(index.screen("Hitit Ünivegrsitesi"))[:1] == ["hitit"]
    assert index._read_slipped("univesitesi") == ("university",)
    # A saved index holds the ways names write such words, and reads them the same.
    index.save(tmp_path / "index")
    saved = load_index(tmp_path / "index")
    assert _ids(saved.screen("Akadema Tarnowska"))[:1] == ["ta"] and saved._read_slipped("univesitesi") == ("university",)


def test_a_slip_that_makes_another_word_is_possibly_the_name_where_nothing_else_is_found():
    index = build_index([_org("nmbu", "Norwegian University of Life Sciences", "no"),
                         _org("ife", "IFE Energy Research", "no"), _org("bonn", "University of Bonn", "de"),
                         _org("bond", "Bond Street Clinic", "gb"), _org("hunan", "Hunan University", "cn"),
                         _org("henan", "Henan University", "cn"), _org("jimei", "Jimei University", "cn"),
                         _org("jikei", "Jikei Hospital", "jp"), _org("iit", "Indiana Institute of Technology"),
                         *(_org(f"iit-{city}", f"Indian Institute of Technology {city}", "in")
                           for city in ("Bombay", "Delhi", "Madras", "Kanpur", "Kharagpur", "Roorkee", "Guwahati",
                                        "Hyderabad", "Indore", "Mandi", "Patna", "Ropar")),
                         *(_org(f"u{i}", f"University Number {i}") for i in range(30))])
    hits = index.screen("Norwegian University of Ife Sciences")
    assert _ids(hits) == ["nmbu"] and hits[0].score == 0.89 and hits[0].strength == "possible"
    assert hits[0].reasons[0][0] == "slip_makes_another_word"
    assert index.resolve("Norwegian University of Ife Sciences").chosen is None
    assert _ids(index.screen("Norwegian University of Ife Sciences (Norway)")) == ["nmbu"]
    # An affiliation of several names is no name typed with a slip.
    assert index.screen("Department of Plant Sciences, Norwegian University of Ife Sciences") == []
    # Word for word and in order only: "Bond University" is no "University of Bonn".
    assert index.screen("Bond University") == []
    # Where the text names an organisation as written, its look-alike a slip away is none; nor is one a
    # letter struck for another away, however little else is found: "Jikei" and "Jimei" are two names.
    assert _ids(index.screen("Hunan University")) == ["hunan"]
    assert index.screen("Jikei University") == []
    # Nor is a place's or a people's word: "Indian" is no "Indiana".
    assert index.screen("Indian Institute of Technology") == []


def test_an_ordinal_typed_with_a_slip_is_that_ordinal():
    index = build_index([_org("first", "The First People's Hospital of Neijiang", "cn"),
                         _org("second", "The Second People's Hospital of Neijiang", "cn")])
    assert _ids(index.screen("The Frst People's Hospital of Neijiang"))[:1] == ["first"]
    assert _ids(index.screen("The Secnd People's Hospital of Neijiang"))[:1] == ["second"]


def test_a_far_key_makes_a_word_about_as_common_as_a_near_one():
    index = build_index([_org("ubc", "University of British Columbia", "ca"), _org("col", "Universidad de Colombia", "co"),
                         _org("cn", "Universidad Nacional de Colombia", "co"), _org("cc", "Columbia College"),
                         _org("scmu", "South Central Minzu University", "cn"),
                         _org("ro", "Centrul de Cercetare Botoșani", "ro")])
    # "k" is beside "o", not "u": "colombia" is the nearer slip, "columbia" as common.
    assert index._slipped("colkmbia") == ["colombia", "columbia"]
    assert _ids(index.screen("University of British Colkmbia"))[:1] == ["ubc"]
    # A listed word a key beside away comes before a spelling a far key away: "Centrql" is "Central".
    assert _ids(index.screen("South Centrql Minzu University"))[:1] == ["scmu"]


def test_of_two_names_a_slip_away_the_one_in_the_texts_order_comes_first():
    common = [_org(f"r{i}", f"Research Institute of Medicine {i}", "gb") for i in range(20)]
    index = build_index([_org("lk", "Medical Research Institute", "lk"), _org("rs", "Institute for Medical Research", "rs"),
                         _org("ar", "Institute for Medical Research", "ar"), *common])
    assert _ids(index.screen("Meical Research Institute"))[:3] == ["lk", "ar", "rs"]


def test_a_slip_is_searched_as_each_word_it_may_be_where_all_of_them_at_once_find_nothing():
    # Read as "heart", "dart", "earth" and the words it begins at once, "Eart" finds the names of
    # earthquakes first, and the heart institute is not among the names compared.
    others = [*(_org(f"e{i}", f"Earthquake Earth Sciences Institute {i}", "jp") for i in range(12)),
              *(_org(f"d{i}", f"Dart Earthwatch Institute {i}", "gb") for i in range(12)),
              *(_org(f"u{i}", f"University of Texas {i}") for i in range(30)),
              *(_org(f"h{i}", f"Heart Hospital {i}") for i in range(30))]
    index = build_index([_org("thi", "Texas Heart Institute"), *others])
    hit = index.screen("Texas Eart Institute")[0]
    assert _ids([hit]) == ["thi"] and hit.strength == "strong"


def test_a_legal_form_typed_with_a_slip_is_that_legal_form():
    index = build_index([_org("vrvis", "VRVis GmbH", "at"), _org("vr", "VR Systems"), _org("tum", "Technische Universität Wien", "at")])
    assert _ids(index.screen("VRVis GmbGH"))[:1] == ["vrvis"] and index.screen("VRVis GmbGH")[0].score == 1.0
