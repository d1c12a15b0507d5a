"""Screening behaviour on a small real index (2,500 registry records + ASPI, NRO, UN, two US lists)."""

import numpy as np
import pytest

from ksdesk.screening import explain, store
from ksdesk.screening import names as nm
from ksdesk.screening.affiliation import parse
from ksdesk.screening.building import build_index
from ksdesk.screening.index import CANDIDATE_NAMES, DEFAULT_THRESHOLD, _search_words, load_index
from ksdesk.screening.lists import ListName, RegistryOrg
from ksdesk.screening.lists.model import ListEntry, ListVersion
from ksdesk.screening.lists.ror import LIST_ID as REGISTRY


def top(index, query, **kw):
    hits = index.screen(query, **kw)
    return hits[0] if hits else None


def registry_ids(hits):
    return [h.registry_id for h in hits]


def test_an_affiliation_string_hits_the_organisation_inside_it(index, ror_ids):
    hit = top(index, "College of Computer, National University of Defense Technology, Changsha 410073, China")
    assert hit.registry_id == ror_ids["nudt"] and hit.score >= 0.95


def test_a_registry_hit_brings_the_watchlist_entries_tied_to_it(index, ror_ids):
    hits = index.screen("National University of Defense Technology")
    lists = {h.list_id for h in hits if h.registry_id == ror_ids["nudt"]}
    assert {"registry", "aspi-unitracker", "canada-nro", "dow-1286"} <= lists
    aspi = next(h for h in hits if h.list_id == "aspi-unitracker")
    assert aspi.risk_level == "very high" and aspi.registry_name == "National University of Defense Technology"


def test_every_hit_says_which_names_matched_and_why(index):
    hit = top(index, "Natl. Univ. of Defense Technol.")
    assert hit.matched_name and hit.query_part
    assert "same words" in hit.explanation


def test_listed_acronym_resolves(index, ror_ids):
    assert top(index, "NUDT").registry_id == ror_ids["nudt"]
    assert top(index, "BUAA").registry_id == ror_ids["buaa"]


def test_derived_acronym_resolves_when_no_list_spells_it_out():
    org = RegistryOrg(
        "https://ror.org/test", [ListName("Luoyang Electro-Optical Equipment Research Institute", "official")], "cn"
    )
    other = RegistryOrg("https://ror.org/other", [ListName("Leiden Observatory", "official")], "nl")
    hit = build_index([org, other]).screen("LEOERI")[0]
    assert hit.entity_id == "https://ror.org/test" and hit.matched_kind == "derived acronym"
    assert "initials" in hit.explanation


def test_abbreviations_and_word_order(index, ror_ids):
    assert top(index, "Beijing Inst. Technol.").registry_id == ror_ids["bit"]
    assert top(index, "Technology, Beijing Institute of").registry_id == ror_ids["bit"]


def test_typos_still_resolve(index, ror_ids):
    assert top(index, "Beijing Insitute of Technolgy").registry_id == ror_ids["bit"]


def test_diacritics_and_case(index, ror_ids):
    assert top(index, "DELFT UNIVERSITY OF TECHNOLOGY").registry_id == ror_ids["delft"]
    assert top(index, "Technische Universiteit Delft").registry_id == ror_ids["delft"]


def test_chinese_characters_simplified_and_traditional(index, ror_ids):
    assert top(index, "北京理工大学").registry_id == ror_ids["bit"]
    assert top(index, "北京理工大學").registry_id == ror_ids["bit"]


def test_chinese_without_the_pla_prefix_hits_the_listed_institution(index, ror_ids):
    assert top(index, "国防科技大学").registry_id == ror_ids["nudt"]
    listed = [h for h in index.screen("国防科技大学") if h.list_id == "aspi-unitracker"]
    assert listed and listed[0].registry_id == ror_ids["nudt"] and listed[0].score == 1.0


def test_pinyin_with_and_without_spaces(index, ror_ids):
    assert top(index, "Bei Jing Li Gong Da Xue").registry_id == ror_ids["bit"]
    assert top(index, "Beijing Ligong Daxue").registry_id == ror_ids["bit"]


def test_cyrillic_in_script_and_in_another_romanisation(index, ror_ids):
    assert top(index, "Московский государственный университет имени М.В. Ломоносова").registry_id == ror_ids["msu"]
    assert top(index, "Moskovskiy gosudarstvennyy universitet imeni M.V. Lomonosova").registry_id == ror_ids["msu"]


def test_persian_script_without_its_vowels_finds_the_listed_names(index, ror_ids):
    # The Persian name of Sharif University of Technology; the lists spell it only in Latin letters.
    hits = index.screen("دانشگاه صنعتی شریف")
    assert {h.listed_name for h in hits} >= {"Sharif University of Technology"}
    assert all(h.score >= 0.9 for h in hits if h.listed_name == "Sharif University of Technology")
    # The same consonants with other letters are another word: University of Tehran is not of Turin.
    assert ror_ids["turin"] not in {h.registry_id for h in index.screen("دانشگاه تهران")}


def test_greek_in_script_and_romanised(index, ror_ids):
    assert top(index, "Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών").registry_id == ror_ids["athens"]
    assert top(index, "Ethniko kai Kapodistriako Panepistimio Athinon").registry_id == ror_ids["athens"]


def test_former_names_on_a_list_resolve(index):
    hit = top(index, "Forces Democratiques Alliees-Armee Nationale de Liberation de l'Ouganda")
    assert hit.entity_id == "un-consolidated:CDe.001" and hit.matched_kind == "former"


def test_of_equal_scores_the_organisations_own_name_comes_before_an_alias(index, ror_ids):
    # UCL Australia lists "University College London" as an alias; it is UCL's own name.
    assert top(index, "University College London").entity_id == ror_ids["ucl"]


def test_shorter_name_is_not_its_longer_look_alike(index, ror_ids):
    assert top(index, "Nanjing University").registry_id == ror_ids["nju"]
    hits = index.screen("Nanjing University")
    assert ror_ids["nuaa"] not in registry_ids(hits)


def test_institute_is_not_university_of_the_same_city(index, ror_ids):
    assert top(index, "Beijing Institute of Technology").registry_id == ror_ids["bit"]
    assert top(index, "Beijing University of Technology").registry_id == ror_ids["bjut"]
    assert ror_ids["bjut"] not in registry_ids(index.screen("Beijing Institute of Technology"))


def test_a_real_name_with_its_place_swapped_does_not_resolve_to_the_original(index, ror_ids):
    assert top(index, "Kostanay Socio-Technical University").registry_id == ror_ids["kostanay_stu"]
    assert ror_ids["kostanay_stu"] not in registry_ids(index.screen("Petropavl Socio-Technical University"))


def test_a_name_that_exists_nowhere_gets_no_hit(index):
    assert index.screen("Tervuren Institute of Desert Glaciology") == []


def test_country_mismatch_lowers_the_score_but_keeps_the_hit(index, ror_ids):
    same = top(index, "Tsinghua University", country="CN")
    other = top(index, "Tsinghua University", country="NL")
    assert other.registry_id == ror_ids["tsinghua"] and other.score < same.score
    assert "country differs" in other.explanation
    # A name just above the threshold stays a hit whatever the country.
    assert index.screen("Tsinghua University", country="NL", threshold=0.99)


def test_a_child_of_a_listed_institution_is_a_watchlist_hit_through_its_parent(index, ror_ids):
    hits = index.screen("State Key Laboratory of Robotics and Systems, Harbin Institute of Technology")
    child = next(h for h in hits if h.list_id == "registry")
    assert child.registry_id == ror_ids["hit_robotics_lab"]
    listed = [h for h in hits if h.list_id == "aspi-unitracker"]
    assert listed and listed[0].listed_name == "Harbin Institute of Technology"
    assert "parent" in listed[0].explanation


def test_a_withdrawn_organisation_is_a_watchlist_hit_through_its_successor(index, ror_ids):
    hits = index.screen("Harbin Institute of Technology Shenzhen Graduate School")
    assert hits[0].registry_id == ror_ids["hit_shenzhen"]
    assert any(h.list_id == "canada-nro" and h.listed_name == "Harbin Institute of Technology" for h in hits)


def test_a_listed_subsidiary_is_a_hit_on_its_institution(index):
    hit = next(h for h in index.screen("Institute of Chemical Defense") if h.list_id == "aspi-unitracker")
    assert hit.listed_name == "Academy of Military Science"
    assert hit.matched_kind == "subsidiary" and "listed under" in hit.explanation


def test_an_email_domain_identifies_the_registry_organisation(index, ror_ids):
    hit = top(index, "wang.li@mails.tsinghua.edu.cn")
    assert hit.registry_id == ror_ids["tsinghua"] and hit.matched_kind == "domain"


def test_threshold_filters_hits(index):
    assert all(h.score >= 0.95 for h in index.screen("Tsinghua University", threshold=0.95))
    assert len(index.screen("Tsinghua University", threshold=0.3)) >= len(index.screen("Tsinghua University"))


def test_batch_screening_gives_the_same_hits_as_one_by_one(index):
    names = ["NUDT", "Beijing Institute of Technology", "Petropavl Socio-Technical University", "北京理工大学"]
    batch = index.screen_many(names, batch=3)
    assert [[(h.list_id, h.entity_id, h.score) for h in hits] for hits in batch] == [
        [(h.list_id, h.entity_id, h.score) for h in index.screen(n)] for n in names
    ]


@pytest.mark.parametrize("threshold", [DEFAULT_THRESHOLD, 0.3])
def test_a_batch_of_affiliations_explains_every_hit_as_one_by_one(index, threshold):
    # A batch keeps only the matches strong enough to report; of two hits equally strong the
    # one met first is still the one reported, with its explanation.
    names = [
        "Key Laboratory of Intelligent Information Processing, Institute of Computing Technology, "
        "Chinese Academy of Sciences",
        "Department of Medical Oncology, State Key Laboratory of Oncology in South China, "
        "Sun Yat-sen University Cancer Center",
        "School of Computer Science, National University of Defense Technology, Changsha, China",
        "Harbin Institute of Technology, Harbin 150001, China",
        "Department of Physics, Tsinghua University, Beijing",
    ]
    batch = index.screen_many(names, threshold=threshold, batch=2)
    assert [[vars(h) for h in hits] for hits in batch] == [
        [vars(h) for h in index.screen(n, threshold=threshold)] for n in names
    ]
    assert any(batch)


def test_screening_keeps_in_memory_only_the_organisations_it_reports(index, tmp_path):
    # A loaded index makes an organisation's record on first use and keeps it: the many
    # weak candidates of an affiliation must not all stay in every server's memory.
    index.save(tmp_path / "screening.idx")
    loaded = load_index(tmp_path / "screening.idx")
    batch = loaded.screen_many(["Department of Physics, Tsinghua University, Beijing",
                                "School of Computer Science, National University of Defense Technology, Changsha"])
    reported = {(h.list_id, h.entity_id) for hits in batch for h in hits}
    reported |= {(REGISTRY, h.registry_id) for hits in batch for h in hits if h.registry_id}
    made = {(e.list_id, e.entity_id) for e in loaded.entities._made.values()}
    assert reported and made <= reported


def test_a_loaded_index_keeps_a_bounded_number_of_organisation_records(index, tmp_path, monkeypatch):
    index.save(tmp_path / "screening.idx")
    loaded = load_index(tmp_path / "screening.idx")
    monkeypatch.setattr(store, "_MADE_MAX", 100)
    assert len(loaded.entities) > 300
    assert [vars(e) for e in loaded.entities] == [vars(e) for e in index.entities]
    assert 0 < len(loaded.entities._made) <= 100
    assert [h.entity_id for h in loaded.screen("NUDT")] == [h.entity_id for h in index.screen("NUDT")]


def test_index_survives_save_and_load(index, tmp_path):
    path = tmp_path / "screening.idx"
    index.save(path)
    loaded = load_index(path)
    names = ["NUDT", "Beijing Institute of Technology", "Department of Physics, Tsinghua University, Beijing",
             "北京理工大学", "Huawei", "nudt.edu.cn", "Toshiba Corporation", "NXP Semiconductors"]
    assert [[vars(h) for h in loaded.screen(n)] for n in names] == [[vars(h) for h in index.screen(n)] for n in names]
    assert [vars(r) for r in loaded.resolve_many(names)] == [vars(r) for r in index.resolve_many(names)]
    assert [vars(e) for e in loaded.entities] == [vars(e) for e in index.entities]
    assert list(loaded.name_keys) == index.name_keys and list(loaded.name_kinds) == index.name_kinds
    assert dict(loaded.idf) == index.idf and dict(loaded.acronyms) == index.acronyms
    assert dict(loaded.by_key) == index.by_key and loaded.entity("registry", "nope") is None
    assert {k: list(v) for k, v in loaded._brands().items()} == index._brands() and "toshiba" in index._brands()
    assert {k: list(v) for k, v in loaded.places.items()} == index.places


def test_a_loaded_index_lies_on_the_mapped_file(index, tmp_path):
    """Every process that loads the file shares its pages: nothing big is copied."""
    path = tmp_path / "screening.idx"
    index.save(path)
    loaded = load_index(path)
    for arr in (loaded.matrix.data, loaded.matrix.indices, loaded.name_entity, loaded.word_idf):
        assert not arr.flags.owndata
    # Read-only, except the search matrix, which the compiled top-k product takes only writable;
    # its mapping is private, so the pages stay shared as long as nothing writes them.
    assert not loaded.name_entity.flags.writeable and not loaded.word_idf.flags.writeable
    assert loaded.matrix.data.flags.writeable
    arrays, _ = store.read(path)
    assert not any(a.flags.writeable for a in arrays.values())


def test_an_index_of_lists_alone_works_without_the_registry(small_lists):
    only_lists = build_index([], small_lists[:2])
    hit = only_lists.screen("National University of Defense Technology")[0]
    assert hit.registry_id is None and hit.score >= DEFAULT_THRESHOLD


def test_a_hit_can_get_a_second_opinion_from_logic_v2(index):
    hit = top(index, "Natl Univ of Defense Technology")
    opinion = index.second_opinion(hit, country="cn")
    assert opinion.algorithm == "logic-v2" and opinion.score > 0.8
    assert "name_match" in opinion.explanations


def test_names_of_lists_every_name_of_an_entity(index, ror_ids):
    names = index.names_of("registry", ror_ids["bit"])
    assert names[0] == ("Beijing Institute of Technology", "official")
    assert ("北京理工大学", "translated") in names


def test_nudt_is_not_the_national_defense_university(index):
    hits = index.screen("College of Computer, National University of Defense Technology, Changsha 410073, China")
    assert "National Defense University" not in {h.listed_name for h in hits}


def test_empty_or_punctuation_only_queries_have_no_hits(index):
    assert index.screen("") == [] and index.screen(" ,;() ") == []
    assert index.screen_many(["", "NUDT"])[0] == []


def _university(ror_id: str, name: str, city: str, country: str = "de") -> RegistryOrg:
    return RegistryOrg(ror_id, [ListName(name, "official")], country, city=city, types=["education"])


def test_a_university_with_a_persons_name_is_found_as_the_university_of_its_city():
    index = build_index([_university("https://ror.org/philipps", "Philipps University of Marburg", "Marburg"),
                         _university("https://ror.org/bonn", "University of Bonn", "Bonn")])
    hits = index.screen("Department of Neurology, University of Marburg")
    assert hits[0].entity_id == "https://ror.org/philipps" and hits[0].matched_name == "University of Marburg"


@pytest.mark.parametrize("registry", [
    # Two universities in the city: either may be the one meant.
    [("leuphana", "Leuphana University of Lueneburg", "Lueneburg"),
     ("other", "Adalbert University of Lueneburg", "Lueneburg")],
    # The only one in its city, but another is called so in the other order.
    [("hiroshima", "Hiroshima University", "Higashihiroshima"),
     ("eikei", "Eikei University of Hiroshima", "Hiroshima")],
])
def test_no_university_is_the_university_of_a_city_where_that_could_mean_another(registry):
    index = build_index([_university(f"https://ror.org/{rid}", name, city) for rid, name, city in registry])
    text = "University of " + registry[-1][2]
    assert not any(h.matched_kind == "short" and h.matched_name == text for h in index.screen(text))


def test_a_name_with_its_umlauts_spelled_out_is_searched_as_they_fold():
    # "Wuerzburg" finds the names that write "Würzburg", whose marks fold away.
    assert "wurzburg" in _search_words("University of Wuerzburg", ["university", "wuerzburg"])


def _org(ror_id: str, name: str, country: str = "us", **kw) -> RegistryOrg:
    return RegistryOrg(f"https://ror.org/{ror_id}", [ListName(name, "official")], country, **kw)


def test_a_university_whose_name_ends_another_is_not_found_inside_it():
    index = build_index([_org("fau", "Florida Atlantic University"), _org("atlantic", "Atlantic University"),
                         _org("other", "Boston University")])
    hits = index.screen("Charles E. Schmidt College of Medicine, Florida Atlantic University")
    assert [h.entity_id for h in hits if h.score >= 0.9] == ["https://ror.org/fau"]
    # Where the name stands on its own, it is that name.
    assert index.screen("Department of History, Atlantic University")[0].entity_id == "https://ror.org/atlantic"


def test_a_university_named_at_the_start_of_its_medical_centre_is_found_in_it():
    # The registry does not always say the centre belongs to the university; people assign either.
    index = build_index([_org("columbia", "Columbia University"),
                         _org("cuimc", "Columbia University Irving Medical Center"),
                         _org("zz", "Zhengzhou University", "cn"),
                         _org("zz1", "First Affiliated Hospital of Zhengzhou University", "cn")])
    found = {h.entity_id for h in index.screen("Department of Anesthesiology, Columbia University Irving Medical Center")}
    assert {"https://ror.org/columbia", "https://ror.org/cuimc"} <= found
    found = {h.entity_id for h in index.screen("Department of Surgery, The First Affiliated Hospital of Zhengzhou University")}
    assert {"https://ror.org/zz", "https://ror.org/zz1"} <= found


def test_the_start_of_a_longer_name_is_not_a_name_of_its_own():
    index = build_index([_org("north", "University North", "hr"),
                         _org("unc", "University of North Carolina System"),
                         _org("uncch", "University of North Carolina at Chapel Hill"),
                         _org("ncsu", "North Carolina State University")])
    # Not found written out inside the text: at most a weak likeness of the words.
    hits = index.screen("Neuroscience Center, University of North Carolina")
    assert not any(h.entity_id == "https://ror.org/north" and h.score >= 0.9 for h in hits)
    assert "https://ror.org/ncsu" not in {h.entity_id for h in hits}
    assert index.screen("Department of Economics, University North")[0].entity_id == "https://ror.org/north"


def test_a_name_ending_in_its_city_written_with_a_dot_is_also_known_without_it():
    index = build_index([_org("wustl", "Washington University in St. Louis", city="St Louis", types=["education"]),
                         _org("kr", "National Museum in Kraków", "pl", city="Krakow")])
    assert {(h.entity_id, h.matched_kind) for h in index.screen("Krzysztof Museum, National Museum")} >= {
        ("https://ror.org/kr", "short")}
    assert any(name == "Washington University" for name, _kind in index.names_of("registry", "https://ror.org/wustl"))


def test_a_name_before_in_and_its_city_is_known_without_them_where_it_keeps_a_place_of_its_own():
    # "Washington", "University" and "Economics" are in so many names that rarity alone keeps no short name.
    common = [_org(f"w{i}", f"Washington Society {i}") for i in range(70)]
    common += [_org(f"e{i}", f"University of Economics and Trade {i}") for i in range(70)]
    index = build_index([*common,
                         _org("wustl", "Washington University in St. Louis", city="St Louis", types=["education"]),
                         _org("uw", "University of Washington", city="Seattle", types=["education"]),
                         _org("ua", "University of Alabama", city="Tuscaloosa", types=["education"]),
                         _org("uah", "University of Alabama in Huntsville", city="Huntsville", types=["education"]),
                         _org("ue", "University of Economics in Katowice", "pl", city="Katowice"),
                         _org("ips_pl", "Institute of Political Studies", "pl"),
                         _org("ips_rs", "Institute for Political Studies, Belgrade", "rs", city="Belgrade")])

    def short_names(ror_id):
        return {name for name, kind in index.names_of("registry", f"https://ror.org/{ror_id}") if kind == "short"}

    assert "Washington University" in short_names("wustl")
    hits = index.screen("Department of Surgery, Washington University School of Medicine, St. Louis, MO")
    assert hits[0].entity_id == "https://ror.org/wustl" and hits[0].score == 1.0
    assert index.screen("University of Washington")[0].entity_id == "https://ror.org/uw"
    # Another organisation's own name, or a name with no place left in it, stays the whole name.
    assert "University of Alabama" not in short_names("uah")
    assert "University of Economics" not in short_names("ue")
    # A namesake in another country does not take a short name away: the text's place tells them apart.
    assert "Institute for Political Studies" in short_names("ips_rs")


def test_words_that_begin_the_names_of_many_organisations_of_a_country_are_no_short_name():
    # Portugal's town councils are each a "Câmara Municipal" and their town; France's clinical research
    # centres a "Centre d'Investigation Clinique" and their city or number.
    towns = ["Cascais", "Braga", "Aveiro", "Coimbra", "Loures", "Mafra", "Tavira", "Almada", "Maia", "Tondela",
             "Amadora"]
    index = build_index([
        *(_org(f"cm{i}", f"Câmara Municipal de {town}", "pt", city=town) for i, town in enumerate(towns)),
        _org("pwl", "Purdue University West Lafayette", city="West Lafayette", types=["education"]),
        _org("pfw", "Purdue University Fort Wayne", city="Fort Wayne", types=["education"])])

    def short_names(ror_id):
        return {name for name, kind in index.names_of("registry", f"https://ror.org/{ror_id}") if kind == "short"}

    assert not any(short_names(f"cm{i}") for i in range(len(towns)))
    assert all(h.score < 1.0 for h in index.resolve("Câmara Municipal").hits)
    assert index.resolve("Câmara Municipal de Tavira").chosen.entity_id == "https://ror.org/cm6"
    # A name of a few campuses stays each one's short name, for the text's place to tell apart.
    assert "Purdue University" in short_names("pwl")


def test_only_a_company_is_known_by_its_name_without_tech_and_no_company_by_a_countrys_name():
    # A university's "Tech" is what it is, not the words a company trades under: "Georgia", a country
    # and a state, chose the Georgia Institute of Technology; "Michigan" Michigan Technological
    # University rather than the University of Michigan.
    def aliased(ror_id, name, alias, country="us", types=("education",)):
        return RegistryOrg(f"https://ror.org/{ror_id}", [ListName(name, "official"), ListName(alias, "alias")],
                           country, types=list(types))

    index = build_index([
        aliased("gatech", "Georgia Institute of Technology", "Georgia Tech"),
        aliased("mtu", "Michigan Technological University", "Michigan Tech"),
        _org("umich", "University of Michigan", types=["education"]),
        _org("uga", "University of Georgia", types=["education"]),
        aliased("lifearc", "LifeArc", "MRC Technology", "gb", ["nonprofit"]),
        _org("jhpiego", "Jhpiego Corporation", types=["nonprofit"]),
        _org("huawei", "Huawei Technologies", "cn", types=["company"]),
        _org("jordan", "Jordan Group", "jo", types=["company"])])

    def short_names(ror_id):
        return {name for name, kind in index.names_of("registry", f"https://ror.org/{ror_id}") if kind == "short"}

    assert not short_names("gatech") | short_names("mtu") | short_names("lifearc") | short_names("jordan")
    for text in ("Georgia", "Michigan", "MRC"):
        result = index.resolve(text)
        assert result.chosen is None or result.chosen.entity_id not in (
            "https://ror.org/gatech", "https://ror.org/mtu", "https://ror.org/lifearc")
        assert all(h.score < 1.0 for h in result.hits)
    # The words that say it is incorporated still go: "Jhpiego"; and a company's what it trades as.
    assert "Jhpiego" in short_names("jhpiego")
    assert "Huawei" in short_names("huawei")
    assert index.resolve("Georgia Tech").chosen.entity_id == "https://ror.org/gatech"


def test_a_name_after_a_word_for_and_in_another_language_is_found_inside_a_longer_part():
    # "e" ("and") has no word of its own in the name's words; the name after "de la" still begins there.
    index = build_index([_org("ug", "Universidad de Guanajuato", "mx"), _org("other", "Universidad de Sonora", "mx")])
    hits = index.screen("División de Ciencias e Ingenierías de laUniversidad de Guanajuato")
    assert hits and hits[0].entity_id == "https://ror.org/ug" and hits[0].score == 1.0


def test_a_name_is_not_spelled_out_inside_a_word_a_hyphen_joins_nor_across_a_phrase_it_lacks():
    # Winston-Salem State University (North Carolina) is not Salem State University (Massachusetts),
    # nor the University of the West Indies the Swedish University West.
    index = build_index([_org("salem", "Salem State University"), _org("west", "University West", "se"),
                         _org("csu", "Xiangya Hospital Central South University", "cn"),
                         _org("zju", "Zhejiang University", "cn"), _org("kul", "KU Leuven", "be"),
                         *(_org(f"u{i}", f"University of Somewhere {i}") for i in range(5)),
                         # A word some name has, as every field's is in the registry: a word no name has
                         # would begin the name the text writes ("Modibbo Adama University").
                         _org("eng", "Institute of Engineering", "np")])
    for text in ("Winston-Salem State University", "University of the West Indies"):
        assert all(h.score < 0.9 for h in index.screen(text)), text
    # A name after a hyphen that follows an acronym or a name is still spelled out, as is one with a
    # linking word more.
    for text, expected in (("College of Optical Science and Engineering Zhejiang University", "zju"),
                           ("VIB-KU Leuven Center for Microbiology", "kul"),
                           ("Xiangya Hospital of Central South University", "csu")):
        hits = index.screen(text)
        assert hits and hits[0].entity_id == f"https://ror.org/{expected}" and hits[0].score >= 0.9, text


def test_a_name_is_not_spelled_out_after_a_word_that_makes_another_place_or_another_of_its_kind():
    # Southeast Missouri State University is a university of its own, as are West Virginia Wesleyan
    # College and the Second Xiangya Hospital: the names after "Southeast", "West" and "Second" are not
    # spelled out in them, though the text may still be close to them.
    index = build_index([_org("msu", "Missouri State University"), _org("vwc", "Virginia Wesleyan College"),
                         _org("xiangya", "Xiangya Hospital", "cn"), _org("csu", "Central South University", "cn"),
                         *(_org(f"u{i}", f"University of Somewhere {i}") for i in range(5))])
    for text, other in (("Southeast Missouri State University", "msu"), ("West Virginia Wesleyan College", "vwc"),
                        ("The Second Xiangya Hospital of Central South University", "xiangya")):
        assert not [h for h in index.screen(text) if h.entity_id == f"https://ror.org/{other}" and h.score >= 1.0], text
    # After a linking word or a comma the name is spelled out as before.
    for text, named in (("The Second Xiangya Hospital of Central South University", "csu"),
                        ("Department of Physics, Missouri State University", "msu")):
        assert [h for h in index.screen(text) if h.entity_id == f"https://ror.org/{named}" and h.score >= 1.0], text


def test_names_not_compared_word_by_word_change_no_hit_and_no_choice(index, monkeypatch):
    """A candidate name whose ceiling is below every reported score is never compared; with every
    name compared, the hits and the choice are the same, in bulk and one by one."""
    import dataclasses

    from ksdesk.screening import index as index_module
    from ksdesk.screening.scoring import Ceiling

    queries = ["College of Computer, National University of Defense Technology, Changsha 410073, China",
               "Department of Physics, Tsinghua University, Beijing", "Harbin Institute of Technology Shenzhen",
               "Huawei Technologies Co., Ltd.", "University of Wuerzburg", "Beijing Inst. of Aeronautics",
               "School of Medicine, Zhejiang University, Hangzhou", "Nanjing University", "NUDT"]

    def screened():
        results = index.resolve_many(queries) + [index.resolve(q) for q in queries]
        return [([dataclasses.asdict(h) for h in r.hits], r.chosen) for r in results]

    ceilings = []

    class Counted(Ceiling):
        def score(self, result):
            ceilings.append(super().score(result))
            return ceilings[-1]

    monkeypatch.setattr(index_module, "Ceiling", Counted)
    skipping = screened()
    assert sum(c < 0.7 for c in ceilings) > 10, "most candidate names are not compared"

    class NoCeiling(Ceiling):
        def score(self, result):
            return float("inf")

    monkeypatch.setattr(index_module, "Ceiling", NoCeiling)
    assert screened() == skipping


def _with_acronym(ror_id: str, name: str, acronym: str, country: str) -> RegistryOrg:
    return RegistryOrg(f"https://ror.org/{ror_id}", [ListName(name, "official"), ListName(acronym, "acronym")],
                       country, types=["education"])


@pytest.fixture(scope="module")
def acronym_index():
    return build_index([_with_acronym("ucla", "University of California, Los Angeles", "UCLA", "us"),
                        _with_acronym("cnrs", "Centre National de la Recherche Scientifique", "CNRS", "fr"),
                        _with_acronym("cnrs_lb", "National Council for Scientific Research", "CNRS", "lb"),
                        _with_acronym("sevilla", "Universidad de Sevilla", "US", "es"),
                        _with_acronym("kit", "Karlsruhe Institute of Technology", "KIT", "de"),
                        _org("boston", "Boston University")])


def test_an_acronym_before_a_units_name_is_weak_evidence_for_its_organisation(acronym_index):
    hit = next(h for h in acronym_index.screen("UCLA School of Dentistry") if h.entity_id == "https://ror.org/ucla")
    assert hit.matched_kind == "head" and hit.score == pytest.approx(0.9) and hit.strength == "possible"
    assert explain.english(hit.reasons[:1]) == ["“UCLA School of Dentistry” begins with UCLA, the acronym of University "
                                                 "of California, Los Angeles; an acronym is weak evidence on its own."]
    # A French research unit's label after its institution's acronym; the acronym's other user scores less.
    hits = {h.entity_id: h for h in acronym_index.screen("CNRS UMR 5310")}
    assert {"https://ror.org/cnrs", "https://ror.org/cnrs_lb"} <= hits.keys()
    assert hits["https://ror.org/cnrs"].score == pytest.approx(0.85) and hits["https://ror.org/cnrs"].matched_kind == "head"


@pytest.mark.parametrize("text", [
    "US Army Research Institute of Environmental Medicine",  # a country, not Sevilla's "US"
    "UCLA Bruins",  # no unit follows
    "KiT Institute",  # not written as an acronym
])
def test_no_acronym_head_where_the_words_do_not_read_as_one(acronym_index, text):
    assert not [h for h in acronym_index.screen(text) if h.matched_kind == "head"]


def test_an_acronym_of_two_words_is_read_whole_before_its_first_word():
    index = build_index([_with_acronym("dam", "Direction des Applications Militaires", "CEA DAM", "fr"),
                         RegistryOrg("https://ror.org/cea-tech", [ListName("Plateformes régionales de transferts "
                                                                           "technologiques", "official"),
                                                                  ListName("CEA", "short")], "fr")])
    hits = index.screen("CEA DAM")
    assert hits[0].entity_id == "https://ror.org/dam" and hits[0].matched_kind == "acronym"
    assert all(h.entity_id != "https://ror.org/cea-tech" for h in hits)


def test_a_legal_form_after_a_companys_name_weighs_little():
    index = build_index([_org("airbus", "Airbus", "fr"), _org("other", "Boston University")])
    assert index.screen("Airbus SE")[0].entity_id == "https://ror.org/airbus"


def test_a_list_entrys_name_before_what_the_list_adds_in_brackets_is_its_name():
    entry = ListEntry("bis:rostec", [ListName("Rostec (Russian Technologies State Corporation)", "official")], "ru")
    duke_nus = RegistryOrg("https://ror.org/duke-nus",
                           [ListName("National University of Singapore (acting through Duke-NUS Medical School)",
                                     "official")], "sg")
    index = build_index([duke_nus, _org("boston", "Boston University")],
                        [ListVersion("bis-entity-list", "Entity List", None, [entry])])
    hit = index.screen("Rostec")[0]
    assert (hit.entity_id, hit.score, hit.matched_kind, hit.strength) == ("bis:rostec", 1.0, "short", "strong")
    # A registry name's brackets may name its parent: no short name is made of what comes before them.
    assert not [h for h in index.screen("National University of Singapore") if h.score >= 0.9]


@pytest.mark.parametrize("text", ["UvA", "TU/e", "IGC CDH, Coimbra, Portugal"])
def test_acronyms_in_mixed_case_or_of_two_words_are_read_as_acronyms(text):
    index = build_index([_with_acronym("uva", "University of Amsterdam", "UvA", "nl"),
                         _with_acronym("tue", "Eindhoven University of Technology", "TUe", "nl"),
                         _with_acronym("igc", "Universidade de Coimbra Ius Gentium Conimbrigae Centro de Direitos "
                                              "Humanos", "IGC CDH", "pt"),
                         _org("boston", "Boston University")])
    hit = index.screen(text)[0]
    assert hit.matched_kind == "acronym" and hit.strength == "possible"
    assert hit.entity_id == {"UvA": "https://ror.org/uva", "TU/e": "https://ror.org/tue"}.get(text, "https://ror.org/igc")


@pytest.mark.parametrize(("text", "ror_id"), [("Tsinghau University", "tsinghua"),
                                               ("University of Cambrdige", "cambridge")])
def test_a_name_with_two_letters_swapped_is_still_found_first(tmp_path, text, ror_id):
    # Built here and loaded from its file: the saved index keeps the words by their letters.
    others = [_org(f"other{i}", f"{word} University", "cn") for i, word in enumerate(
        "Sinha Singh Tsing Hangzhou Shanghai Nanjing Qinghai Xinghai Tsingtao Singapore".split())]
    index = build_index([_org("tsinghua", "Tsinghua University", "cn"), _org("cambridge", "University of Cambridge", "gb"),
                         *others])
    index.save(tmp_path / "typos.idx")
    for screened in (index, load_index(tmp_path / "typos.idx")):
        hit = screened.screen(text)[0]
        assert hit.entity_id == f"https://ror.org/{ror_id}" and hit.score < 1.0


def test_only_a_word_no_name_has_is_searched_as_the_words_a_slip_away():
    index = build_index([_org("tsinghua", "Tsinghua University", "cn"), _org("other", "Boston University")])
    assert "tsinghua" in _search_words("Tsinghau University", ["tsinghau", "university"], unknown=index._slipped)
    # "boston" is a listed word: nothing is searched for it; a slip of it is searched as it.
    assert index._slipped("boston") == []
    assert index._slipped("botson") == index._slipped("bostn") == index._slipped("bosston") == ["boston"]
    # Only one slip: its letters in any order are another word.
    assert index._slipped("notsob") == []


def test_a_letter_struck_instead_of_another_is_a_slip_the_search_reads():
    index = build_index([_org("eco", "Ecopetrol (Colombia)", "co"), _org("astellas", "Astellas Pharma (Japan)", "jp"),
                         _org("ohara", "Ohara Inc. (Japan)", "jp"), _org("other", "Boston University")])
    assert index._slipped("ecooetrol") == ["ecopetrol"] and "pharma" in index._slipped("oharma")
    for typed, meant in [("Ecooetrol (Colombia)", "eco"), ("Astellas Oharma (Japan)", "astellas")]:
        assert index.screen(typed)[0].entity_id == f"https://ror.org/{meant}"


def test_an_institute_named_after_someone_is_known_without_its_field():
    index = build_index([
        _org("whitehead", "Whitehead Institute for Biomedical Research", types=["facility"]),
        _org("mit", "Massachusetts Institute of Technology", types=["education"]),
        # Not so a field after a country, a city's institute, or a name several would have.
        _org("pasteur", "Pasteur Institute of Iran", "ir"),
        _org("guilin", "Guilin Institute of Information Technology", "cn", city="Guilin"),
        _org("mpi-a", "Max Planck Institute for Biology", "de"), _org("mpi-b", "Max Planck Institute of Biology", "de"),
    ])
    for text in ("Whitehead Institute", "Whitehead Institute, MIT", "Whitehead Institute/MIT"):
        hits = index.screen(text)
        assert hits[0].entity_id == "https://ror.org/whitehead" and hits[0].score == 1.0, text
    shorts = {name for e in index.entities for name, kind in index.names_of(REGISTRY, e.entity_id) if kind == "short"}
    assert shorts == {"Whitehead Institute"}


def test_common_words_after_of_name_the_few_organisations_called_so():
    index = build_index([_org("cmu-cn", "China Medical University", "cn"), _org("cmu-tw", "China Medical University", "tw"),
                         _org("prc", "Physics Research Center", "ir"), _org("other", "Boston University")])
    found = {h.entity_id for h in index.screen("Shengjing Hospital of China Medical University") if h.score >= 0.99}
    assert found == {"https://ror.org/cmu-cn", "https://ror.org/cmu-tw"}
    # Words of two things ("Physics and Research Center") are no one name.
    ids = [i for i, key in enumerate(index.name_keys) if key == "physics research center"]
    span = ("physics", "research", "center")
    assert index._few_namesakes(span, ids, "department of physics research center".split())
    assert not index._few_namesakes(span, ids, "department of physics and research center".split())


def test_a_country_before_a_name_is_read_however_it_is_written():
    index = build_index([_org("nrl", "United States Naval Research Laboratory"),
                         _org("doe", "United States Department of Energy"),
                         _org("ukaea", "UK Atomic Energy Authority", "gb")])
    for text, meant in [("US Naval Research Laboratory", "nrl"), ("U.S. Department of Energy", "doe"),
                        ("United Kingdom Atomic Energy Authority", "ukaea")]:
        hit = index.screen(text)[0]
        assert hit.entity_id == f"https://ror.org/{meant}" and hit.score == 1.0, text



@pytest.fixture(scope="module")
def place_index():
    return build_index([
        _org("iiia", "Artificial Intelligence Research Institute", "es", city="Barcelona", types=["facility"]),
        _org("sjtu", "Shanghai Jiao Tong University", "cn", city="Shanghai", types=["education"]),
        _org("fudan", "Fudan University", "cn", city="Shanghai", types=["education"]),
        _org("cam", "University of Cambridge", "gb", city="Cambridge", types=["education"]),
        _org("mit", "Massachusetts Institute of Technology", "us", city="Cambridge", types=["education"]),
        _org("bnu", "Beijing Normal University", "cn", city="Beijing", types=["education"]),
        _org("cnu", "Capital Normal University", "cn", city="Beijing", types=["education"]),
        _org("isu", "Illinois State University", "us", city="Normal", types=["education"]),
    ])


def test_the_registrys_cities_are_known_with_their_countries(place_index):
    countries = {key: {place_index.entities[uid].country for uid in uids} for key, uids in place_index.places.items()}
    assert countries["shanghai"] == {"cn"} and countries["cambridge"] == {"gb", "us"}
    # Normal (Illinois) is mostly a word of names in China: never read as a place.
    assert "normal" not in countries


def test_a_name_in_the_text_put_in_a_city_of_another_country_is_another_organisations(place_index):
    hit = next(h for h in place_index.screen("Shanghai Artificial Intelligence Research Institute")
               if h.entity_id == "https://ror.org/iiia")
    assert hit.score < 0.9 and hit.strength == "possible"
    assert explain.english([r for r in hit.reasons if r[0] == "other_place"]) == [
        "Shanghai in the text is a place in another country than the organisation's (Spain)."]
    # Its own city, or a city of several countries one of which is its own, is no other place.
    for text in ("Barcelona Artificial Intelligence Research Institute", "Artificial Intelligence Research Institute"):
        assert place_index.screen(text)[0].score >= 0.9
    assert place_index.screen("Massachusetts Institute of Technology Cambridge")[0].strength == "strong"
    assert place_index.resolve("Shanghai Artificial Intelligence Research Institute").chosen is None



def test_an_affiliation_ending_in_a_city_of_one_country_is_in_that_country(place_index):
    assert place_index.resolve("Department of Physics, Fudan University, Shanghai").country == "cn"
    assert place_index.resolve("Artificial Intelligence Research Institute, Shanghai").hits[0].strength == "possible"
    # A city alone is a query about the city; a city of two countries says neither.
    assert place_index.resolve("Shanghai").country is None
    assert place_index.resolve("Department of Physics, Cambridge").country is None
    assert place_index.resolve("Department of Physics, Fudan University, Shanghai", country="us").country == "us"


def test_a_list_entry_tied_to_an_organisation_put_in_another_country_keeps_its_score_and_reasons():
    listed = ListVersion(source="t", title="T", version_date=None,
                         entries=[ListEntry("t:1", [ListName("Example Defence Institute", "official")], country="cn")])
    index = build_index([_org("edi", "Example Defence Institute", "cn", city="Beijing", types=["facility"]),
                         _org("fu", "Free University", "de", city="Berlin", types=["education"])], [listed])
    hits = {h.list_id: h for h in index.screen("Berlin Example Defence Institute")}
    assert "other_place" in [code for code, _ in hits["registry"].reasons]
    assert "other_place" not in [code for code, _ in hits["t"].reasons] and hits["t"].score > hits["registry"].score


def test_a_name_another_organisation_shares_is_compared_however_many_names_come_between(index, ror_ids):
    # The sparse search may give many names the same similarity: "Fondation universitaire" (a
    # Belgian foundation's) and "Fundación Universia" read alike once their words are English, and
    # other names may come between them. Once the first is the part's own name, the quota of names
    # compared fills, but a later name with the same words must still be weighed.
    same = [i for i, key in enumerate(index.name_keys) if key == "foundation university"]
    others = [i for i, key in enumerate(index.name_keys) if key.startswith("university ")][:CANDIDATE_NAMES]
    first = next(i for i in same if index.entities[int(index.name_entity[i])].entity_id != ror_ids["universia"])
    last = next(i for i in same if index.entities[int(index.name_entity[i])].entity_id == ror_ids["universia"])
    cols = np.array([first, *others, last])
    best: dict = {}
    index._rescore("Fundacion Universia", nm.tokens("Fundacion Universia"), (cols, np.full(len(cols), 0.5)),
                   best, None, DEFAULT_THRESHOLD)
    found = {index.entities[uid].entity_id: m.score for uid, m in best.items()}
    assert found[ror_ids["universia"]] == 1.0 and found[ror_ids["university_foundation_be"]] == 1.0


def test_a_record_the_registry_keeps_for_history_comes_after_a_living_namesake(index, ror_ids):
    hits = index.screen("University of the Pacific")
    order = registry_ids(hits)
    assert order.index(ror_ids["pacific_lima"]) < order.index(ror_ids["pacific_santiago"])
    closed = next(h for h in hits if h.registry_id == ror_ids["pacific_santiago"])
    assert closed.status == "inactive" and ("registry_inactive", {}) in closed.reasons
    assert "no longer active" in " ".join(explain.english(closed.reasons))
    # Written in capitals, without its accents: the living centre, never the withdrawn duplicate.
    for text in ("CENTRO DE INVESTIGAÇÃO EM BIODIVERSIDADE E RECURSOS GENÉTICOS",
                 "Centro de Investigacao em Biodiversidade e Recursos Geneticos"):
        resolution = index.resolve(text)
        assert resolution.hits[0].registry_id == ror_ids["cibio"]
        assert resolution.chosen is None or resolution.chosen.entity_id == ror_ids["cibio"]
        withdrawn = next(h for h in resolution.hits if h.registry_id == ror_ids["cibio_withdrawn"])
        assert ("registry_withdrawn", {}) in withdrawn.reasons


@pytest.mark.parametrize(("text", "key"), [
    ("1675 FOUNDATION", "foundation_1675"),
    ("1675 Foundation, Ardmore, USA", "foundation_1675"),
])
def test_a_number_in_a_registry_name_is_no_postcode(index, ror_ids, text, key):
    hit = top(index, text)
    assert hit is not None and hit.registry_id == ror_ids[key] and hit.score >= 0.999


@pytest.mark.parametrize("name", [
    "140 Repair Plant JSC", "558 Aircraft Repair Plant JSC", "China Academy of Space Technology 502 Research Institute",
])
def test_a_listed_name_with_a_number_is_found_as_itself(index, name):
    hits = index.screen(name)
    own = next(h for h in hits if h.listed_name == name and h.list_id == "bis-entity-list")
    assert own.score >= 0.999
    # Another institute of the same academy, with another number, is not that name.
    assert all(h.score < 0.9 for h in hits if h.list_id == "bis-entity-list" and h.listed_name != name
               and "Research Institute" in h.listed_name)


def test_pinyin_written_out_keeps_its_syllables(index, ror_ids):
    hit = top(index, "Xi An Li Gong Da Xue")
    assert hit.registry_id == ror_ids["xian_technology"] and hit.score >= 0.999


@pytest.mark.parametrize("text", [
    "ShanghaiTech University", "University of ShanghaiTech",
    "School of Physical Science and Technology, ShanghaiTech University, Shanghai 201210, China",
])
def test_a_name_written_in_one_word_is_found_as_written(index, ror_ids, text):
    hit = top(index, text)
    assert hit.registry_id == ror_ids["shanghaitech"] and hit.score >= 0.95


def test_an_acronym_typed_with_a_city_names_its_organisation_in_that_city(index, ror_ids):
    hits = index.screen("HUST Wuhan")
    assert hits[0].registry_id == ror_ids["hust"] and hits[0].score >= 0.9
    assert ror_ids["hust_harbin"] not in registry_ids(hits)
    harbin = next(h for h in index.screen("HUST Wuhan", threshold=0.0) if h.registry_id == ror_ids["hust_harbin"])
    assert harbin.score < DEFAULT_THRESHOLD
    assert "which is in Harbin, not in Wuhan" in explain.english(harbin.reasons)[0]
    # The acronym and its own city outweigh the weak match of the city's word in its name.
    hit = top(index, "HIT Harbin")
    assert hit.registry_id == ror_ids["hit"] and hit.score >= 0.9


@pytest.mark.parametrize("text", ["Wuhan HUST", "Wuhan, HUST"])
def test_an_acronym_typed_after_its_city_names_its_organisation_in_that_city(index, ror_ids, text):
    # As "HUST Wuhan": advisors write the place first as often ("Changsha NUDT" found nothing).
    hits = index.screen(text)
    assert hits[0].registry_id == ror_ids["hust"] and hits[0].score >= 0.9
    assert ror_ids["hust_harbin"] not in registry_ids(hits)


def test_a_city_written_before_an_acronym_names_no_organisation_of_its_own(index, ror_ids):
    # "Wuhan" alone is Wuhan University's first word (a possible hit, on ASPI's tracker too); before
    # HUST it is only where HUST is.
    assert ror_ids["wuhan"] in registry_ids(index.screen("Wuhan", threshold=0.8))
    assert ror_ids["wuhan"] not in registry_ids(index.screen("Wuhan, HUST", threshold=0.0))


def test_words_before_an_acronym_that_name_no_place_are_its_unit_and_find_nothing_by_it(index, ror_ids):
    assert ror_ids["hust"] not in registry_ids(index.screen("Physics HUST"))


def test_an_acronym_typed_with_a_city_of_another_country_is_weak(index, ror_ids):
    hits = index.screen("WWU Münster")
    american = [h for h in hits if h.registry_id in (ror_ids["walla_walla"], ror_ids["western_washington"])]
    assert american and all(h.score <= DEFAULT_THRESHOLD and h.strength == "possible" for h in american)
    assert all(code == "other_place" for h in american for code, _ in h.reasons[1:])


@pytest.mark.parametrize("name", ["SNGB AO", "Druzhba, AO", "Gazprom Dobycha Nadym, OOO"])
def test_a_russian_company_with_its_legal_form_is_its_listed_name_in_no_other_country(index, name):
    hit = top(index, name)
    assert hit.listed_name == name and hit.score >= 0.999
    assert all(code != "other_country" for code, _ in hit.reasons)


@pytest.mark.parametrize(("listed", "key"), [
    # Its alias "Suzhou University" is also another university's name: the main name decides.
    ("Soochow University", "soochow"),
    # Two registry universities are "China University of Geosciences"; the name says which city.
    ("China University of Geosciences (Wuhan)", "geosciences_wuhan"),
])
def test_a_list_entry_is_linked_by_its_main_name_and_its_city(index, ror_ids, listed, key):
    entry = next(e for e in index.entities if e.list_id == "aspi-unitracker" and e.name == listed)
    assert [index.entities[uid].entity_id for uid, _score in entry.links] == [ror_ids[key]]


def test_a_list_entry_is_linked_by_its_main_name_to_the_first_registry_organisation_too():
    # The organisation its main name names is the index's first: uid 0 links like any other.
    listed = ListVersion(source="t", title="T", version_date=None, entries=[ListEntry(
        "t:1", [ListName("Soochow University", "official"), ListName("Suzhou University", "alias")], country="cn")])
    index = build_index([_org("soochow", "Soochow University", "cn", city="Suzhou"),
                         _org("suzhou", "Suzhou University", "cn", city="Suzhou")], [listed])
    entry = index.entity("t", "t:1")
    assert [index.entities[uid].entity_id for uid, _score in entry.links] == ["https://ror.org/soochow"]


def test_a_name_of_words_and_trigrams_too_common_to_search_by_is_found_as_itself():
    # Each word and trigram of the name is in more names than the search goes by.
    name = "National University of Science and Technology"
    index = build_index([_org(f"campus{i}", f"{name} Campus Q{i:02d}") for i in range(60)] + [_org("nust", name, "ru")])
    hits = index.screen(name)
    assert hits and hits[0].entity_id == "https://ror.org/nust" and hits[0].score == 1.0


def test_a_companys_alias_followed_by_another_kind_of_organisation_is_not_that_company():
    entry = ListEntry("bis:xaa", [ListName("Xi'an Aerospace Automation Co., Ltd.", "official"),
                                  ListName("Xi'an Aerospace", "alias")], "cn")
    index = build_index([_org("boston", "Boston University")], [ListVersion("bis-entity-list", "Entity List", None, [entry])])
    hit = next(h for h in index.screen("Xian Aerospace Propulsion Institute", threshold=0.5) if h.entity_id == "bis:xaa")
    assert hit.score < 0.8 and hit.strength == "possible"
    assert explain.english(hit.reasons) == [
        "The name “Xi'an Aerospace” is written out in the text, but followed by “Propulsion Institute”, while the "
        "organisation's full name is “Xi'an Aerospace Automation Co., Ltd.”."]
    # The company's own words after the alias are the company.
    assert index.screen("Xian Aerospace Automation Co Ltd")[0].score >= 0.9


def test_a_name_the_acronym_is_in_another_country_yields_to_the_acronyms_organisation_in_the_city_typed():
    petroleum = RegistryOrg("https://ror.org/api-us", [ListName("American Petroleum Institute", "official"),
                                                       ListName("API", "acronym")], "us", city="Washington")
    index = build_index([petroleum, _org("api-jp", "API (Japan)", "jp", city="Gifu City"),
                         _org("dc", "Howard University", "us", city="Washington")])
    for text in ("API, Washington", "API Washington"):
        hits = index.screen(text)
        assert [h.entity_id for h in hits][:2] == ["https://ror.org/api-us", "https://ror.org/api-jp"], text
        japan = hits[1]
        assert japan.score < hits[0].score and japan.strength == "possible"
        assert "Washington in the text is a place in another country than the organisation's (Japan)." in \
            explain.english(japan.reasons)


def test_a_city_after_the_name_is_no_listed_company_by_the_short_name_made_of_its_name():
    cio = RegistryOrg("https://ror.org/cio", [ListName("Centro de Investigaciones en Optica", "official"),
                                              ListName("CIO", "acronym")], "mx", city="León")
    leon = ListEntry("bis:leon", [ListName("Leon Technology Co., Ltd.", "official")], "cn")
    index = build_index([cio, _org("ule", "Universidad de León", "es", city="León")],
                        [ListVersion("bis-entity-list", "Entity List", None, [leon])])
    assert index.screen("Leon")[0].entity_id == "bis:leon"  # the short name typed alone is the company's
    assert "bis:leon" not in {h.entity_id for h in index.screen("CIO, León")}


def test_a_city_after_the_name_is_no_organisation_another_of_whose_names_it_is():
    msc = RegistryOrg("https://ror.org/msc", [ListName("Michigan Soybean Committee", "official"),
                                              ListName("MSC", "acronym")], "us", city="St. Johns")
    school = RegistryOrg("https://ror.org/school", [ListName("St. John's School", "official"),
                                                    ListName("Saint Johns", "alias")], "us", city="Houston")
    index = build_index([msc, school, _org("stj", "Saint Johns Bank"), _org("sj", "Saint Johns County", city="St. Johns")])
    resolved = index.resolve("MSC, Saint Johns")
    assert "https://ror.org/school" not in {h.entity_id for h in resolved.hits}
    assert resolved.chosen is None or resolved.chosen.entity_id == "https://ror.org/msc"
    # Typed first, the words are the alias they are.
    assert index.screen("Saint Johns")[0].entity_id == "https://ror.org/school"


def test_a_companys_research_institute_reaches_the_groups_listed_entries():
    huawei = RegistryOrg("https://ror.org/huawei", [ListName("Huawei Technologies (China)", "official")], "cn",
                         types=["company"])
    entry = ListEntry("bis:huawei", [ListName("Huawei Technologies Co., Ltd.", "official")], "cn")
    others = [_org(f"u{i}", f"University Number {i}", "cn") for i in range(40)]
    index = build_index([huawei, *others], [ListVersion("bis-entity-list", "Entity List", None, [entry])])
    hits = {h.entity_id: h for h in index.screen("Huawei Research Institute")}
    # No hit at all before; a part of the company is weak evidence, for a reviewer to confirm.
    assert {"https://ror.org/huawei", "bis:huawei"} <= set(hits)
    assert all(h.strength == "possible" and h.score == pytest.approx(0.9) for h in hits.values())


def test_a_piece_of_a_text_that_is_another_name_as_a_whole_ranks_below_it():
    index = build_index([_org("donders", "Donders Institute for Brain, Cognition and Behaviour", "nl"),
                         _org("cbt", "Cognition and Behaviour", "gb"), _org("other", "Boston University")])
    for text in ("Donders Institute for Brain, Cognition and Behaviour",
                 "Dondes Institute for Brain, Cognition and Behaviour"):  # with a typist's slip, too
        hits = index.screen(text)
        assert hits[0].entity_id == "https://ror.org/donders", text
        piece = next(h for h in hits if h.entity_id == "https://ror.org/cbt")
        assert piece.score < hits[0].score and piece.reasons[0][0] == "spelled_out_in_longer", text
    # Written alone, the piece is that organisation.
    assert index.screen("Cognition and Behaviour")[0].entity_id == "https://ror.org/cbt"


def test_a_part_of_an_organisation_written_with_a_slip_comes_before_the_organisation():
    academy = _org("cas", "Czech Academy of Sciences", "cz", children=["https://ror.org/geonics"])
    institute = _org("geonics", "Czech Academy of Sciences, Institute of Geonics", "cz",
                     parents=["https://ror.org/cas"])
    index = build_index([academy, institute, _org("other", "Boston University")])
    # The academy, named exactly by the piece before the comma, came first at 1.0.
    hits = index.screen("Czech Academy of Sciences, Institute of GGeonics")
    assert hits[0].entity_id == "https://ror.org/geonics"
    parent = next(h for h in hits if h.entity_id == "https://ror.org/cas")
    assert parent.score < hits[0].score and parent.reasons[0][0] == "spelled_out_in_longer"
    # Without the slip both are named exactly, as they were.
    exact = {h.entity_id: h.score for h in index.screen("Czech Academy of Sciences, Institute of Geonics")}
    assert exact == {"https://ror.org/geonics": 1.0, "https://ror.org/cas": 1.0}


def test_a_name_of_common_words_with_a_kind_word_misspelt_is_found():
    # No search finds a name made of common words alone, as in the registry, where each of them is
    # in too many names to be searched by; a kind word with one slip in such a name found nothing.
    places = [a + b for a in ("Kar", "Lom", "Mir", "Nov", "Pet", "Sar", "Tam", "Vol") for b in ("aba", "eda", "ovo", "una",
                                                                                              "ixa", "ery", "ank")]
    common = [_org(f"c{i}", f"{place} National University of Science and Technology") for i, place in enumerate(places)]
    index = build_index([_org("nust", "National University of Science and Technology", "zw"), *common])
    for text in ("National University of Scienc and Technology", "National Unievrsity of Science and Technology"):
        assert index.screen(text)[0].entity_id == "https://ror.org/nust", text


def test_a_name_inside_a_text_read_without_its_last_acronym_ranks_below_the_name_the_text_is():
    index = build_index([_org("vtt", "National metrology institute VTT MIKES", "fi"),
                         _org("zw", "National Metrology Institute", "zw"), _org("other", "Boston University")])
    hits = index.screen("National metrology institute VTT MKES")
    assert hits[0].entity_id == "https://ror.org/vtt"
    inside = next(h for h in hits if h.entity_id == "https://ror.org/zw")
    assert inside.score < hits[0].score and inside.reasons[0][0] == "spelled_out_in_longer"


def test_a_slip_is_read_as_a_rarer_word_beside_commoner_ones():
    # "Gyods" is one slip from "goods", "ghods", "gods" and "gyds", each in more names than "Gyoda":
    # read as the three commonest alone, the search never looked for Gyoda General Hospital.
    commoner = [_org(f"{word}{i}", f"{word.title()} {kind}")
                for word in ("goods", "ghods", "gods", "gyds") for i, kind in enumerate(("Institute", "Foundation"))]
    index = build_index([_org("gyoda", "Gyoda General Hospital", "jp"), *commoner])
    assert "gyoda" in _search_words("Gyods General Hospital", ["gyods", "general", "hospital"],
                                    unknown=index._unknown_word)


def _listed(list_id: str, entries: list[ListEntry]) -> ListVersion:
    return ListVersion(list_id, list_id, None, entries)


def test_a_listed_university_that_shares_its_name_with_one_elsewhere_is_only_possible_without_a_country():
    index = build_index([_org("neu-cn", "Northeastern University", "cn"), _org("neu-us", "Northeastern University"),
                         _org("other", "Boston University")],
                        [_listed("aspi-unitracker", [ListEntry("aspi:neu", [ListName("Northeastern University", "official")],
                                                               "cn")])])
    listed = next(h for h in index.screen("Northeastern University") if h.list_id == "aspi-unitracker")
    # Strong at 1.0 before: in Boston it is not the university on the tracker.
    assert listed.strength == "possible" and listed.score < DEFAULT_THRESHOLD + 0.1
    assert ("namesake_elsewhere", {"organisation": "Northeastern University", "country": "US"}) in listed.reasons
    assert explain.english(listed.reasons)[-1] == ("Northeastern University (United States) has the same name, "
                                                   "and the text does not say which of the two it means.")
    # A country or a city in the text says which.
    for text in ("Northeastern University, Shenyang, China", "Northeastern University, China"):
        listed = next(h for h in index.screen(text) if h.list_id == "aspi-unitracker")
        assert listed.strength == "strong" and listed.score == 1.0, text


def test_a_list_entry_written_inside_another_organisations_full_name_is_only_possible():
    icgeb = "International Centre for Genetic Engineering and Biotechnology"
    index = build_index([_org("icgeb", icgeb, "it"), _org("other", "Boston University")],
                        [_listed("state-nonproliferation", [ListEntry(
                            "isn:cigb", [ListName("Center for Genetic Engineering and Biotechnology", "official")], "cu")])])
    hits = index.screen(f"Molecular Immunology Laboratory, {icgeb}")
    assert hits[0].entity_id == "https://ror.org/icgeb"
    listed = next(h for h in hits if h.list_id == "state-nonproliferation")
    assert listed.strength == "possible" and listed.reasons[-1][0] == "inside_another_name"
    # Its own name is still the entry, strong.
    own = next(h for h in index.screen("Center for Genetic Engineering and Biotechnology")
               if h.list_id == "state-nonproliferation")
    assert own.strength == "strong" and own.score == 1.0


def test_a_university_name_going_on_with_of_and_a_field_names_another_university():
    index = build_index([_org("scu", "Sichuan University", "cn"), _org("other", "Boston University")],
                        [_listed("bis-entity-list", [ListEntry("bis:scu", [ListName("Sichuan University", "official")],
                                                               "cn")])])
    # The Sichuan University of Science and Engineering, in Zigong, is not in this registry: it was
    # Sichuan University, strong on the Entity List, and chosen.
    result = index.resolve("Sichuan University of Science and Engineering")
    assert result.chosen is None
    assert result.hits and all(h.strength == "possible" and h.reasons[0][0] == "spelled_out_in_longer"
                               for h in result.hits)
    # Where "of" brings a place, or a unit names it, it is the university.
    for text in ("Sichuan University of China", "School of Chemistry, Sichuan University", "Sichuan University"):
        result = index.resolve(text)
        assert result.chosen is not None and result.chosen.entity_id == "https://ror.org/scu", text
        assert all(h.strength == "strong" for h in result.hits), text


def test_a_name_of_hyphenated_words_is_known_without_its_city():
    ovgu = _org("ovgu", "Otto-von-Guericke-Universität Magdeburg", "de", city="Magdeburg")
    entry = ListEntry("bis:vniief", [ListName("All-Russian Scientific Research Institute of Experimental Physics",
                                              "official"), ListName("Institute of Experimental Physics", "alias")], "ru")
    index = build_index([ovgu, _org("other", "Boston University")], [_listed("bis-entity-list", [entry])])
    hits = index.screen("Otto-von-Guericke-University")
    assert hits[0].entity_id == "https://ror.org/ovgu" and hits[0].score == 1.0
    # Named so in an affiliation, the university is what its institute belongs to: the Russian
    # nuclear weapons institute, whose alias is the institute's generic name, was a strong hit.
    text = "Department of Biomedical Magnetic Resonance, Institute of Experimental Physics, Otto-von- Guericke-University"
    assert not [h for h in index.screen(text) if h.list_id == "bis-entity-list"]


def test_a_list_entrys_own_name_names_the_registry_organisation_tied_to_it():
    caep = _org("caep", "China Academy of Engineering Physics", "cn")
    entry = ListEntry("aspi:caep", [ListName("Chinese Academy of Engineering Physics", "official"),
                                    ListName("China Academy of Engineering Physics", "alias")], "cn")
    index = build_index([caep, _org("other", "Boston University")], [_listed("aspi-unitracker", [entry])])
    # Copied from the list, the name found the entry alone: no registry organisation to choose.
    result = index.resolve("Chinese Academy of Engineering Physics")
    registry = next(h for h in result.hits if h.list_id == REGISTRY)
    assert registry.entity_id == "https://ror.org/caep" and registry.score == 1.0 and registry.strength == "strong"
    assert registry.reasons[-1] == ("named_by_list", {"text": "Chinese Academy of Engineering Physics"})
    assert explain.english(registry.reasons)[-1] == (
        "“Chinese Academy of Engineering Physics” is the name of a list entry tied to this organisation.")


def test_a_city_as_english_writes_it_is_the_city_its_own_language_names():
    index = build_index([_org("nova", "Universidade Nova de Lisboa", "pt"), _org("ul", "University of Lisbon", "pt"),
                         _org("tum", "Technische Universität München", "de"), _org("other", "Boston University")])
    resolved = index.resolve("NOVA University of Lisbon")
    assert resolved.hits[0].entity_id == "https://ror.org/nova" and resolved.chosen.entity_id == "https://ror.org/nova"
    assert index.screen("Technical University of Munich")[0].entity_id == "https://ror.org/tum"


def test_a_units_field_is_no_company_trading_under_those_words():
    # "Measurement Incorporated" trades as "Measurement Technology", the words a key laboratory's
    # name ends in: what the laboratory works on, not whose it is.
    index = build_index([_org("measurement", "Measurement Incorporated", types=["company"]),
                         *(_org(f"u{i}", f"University of Somewhere {i}") for i in range(5))])
    assert not index.screen("Key Laboratory of Space Precision Measurement Technology")
    hits = index.screen("Measurement Technology")
    assert hits and hits[0].entity_id == "https://ror.org/measurement"


def test_a_country_or_capital_that_is_a_word_of_the_name_typed_is_no_other_country():
    # The institute in Ecuador is named after Japan, the clinic in Venezuela after a saint, not Sofia.
    index = build_index([_org("japon", "Instituto Superior Tecnológico Japón", "ec"),
                         _org("sofia", "Clínica Santa Sofía", "ve"), _org("tsinghua", "Tsinghua University", "cn"),
                         *(_org(f"u{i}", f"University of Somewhere {i}") for i in range(5))])
    for text in ("Instituto Superior Tecnológico Japón", "Clínica Santa Sofía"):
        hits = index.screen(text)
        assert hits[0].score == 1.0 and hits[0].strength == "strong", text
    # A country the name does not have is still another country.
    hits = index.screen("Tsinghua University, Japan")
    assert hits[0].score < 1.0 and hits[0].strength == "possible"


def test_a_legal_form_after_a_comma_is_no_city_of_the_registry():
    # Zaō is a town in Japan with an organisation in the registry; "ZAO" after a Russian company's name
    # is its legal form, so the text names no country and the company keeps its full strength.
    index = build_index([_org("zao", "Zao Onsen Clinic", "jp", city="Zao"),
                         _org("yamal", "Yamalgazinvest", "ru", types=["company"]),
                         *(_org(f"u{i}", f"University of Somewhere {i}") for i in range(5))])
    result = index.resolve("Yamalgazinvest, ZAO")
    assert result.country is None
    assert result.hits[0].entity_id == "https://ror.org/yamal" and result.hits[0].strength == "strong"
    assert index.resolve("Department of Surgery, Zao Onsen Clinic, Zao").country == "jp"


@pytest.mark.parametrize(("text", "read"), [
    ("Department of Pharmacology, University of California, San Francisco School of Medicine", True),
    ("Department of Pathology, University of Pennsylvania, Perelman School of Medicine", False),
])
def test_a_campus_before_a_units_word_is_read_with_its_university_where_it_is_a_city(index, text, read):
    (pair, _campus), = parse(text).campuses
    assert (pair in index._placed(parse(text)).parts) is read


@pytest.mark.parametrize("typed", ["laxoSmithKline (Japan)", "GlaxoSmithKlin", "GlaxoSmithKline (Japan)"])
def test_a_name_in_one_word_typed_with_a_slip_is_still_that_name(typed):
    # "laxoSmithKline", its first letter left out, was read "laxoSmith Kline": pieces that are neither
    # the name nor its words "Glaxo Smith Kline", and nothing was found.
    gsk = RegistryOrg("https://ror.org/gsk", [ListName("GlaxoSmithKline (Japan)", "official")], "jp")
    other = RegistryOrg("https://ror.org/smith", [ListName("Smith College", "official")], "us")
    hits = build_index([gsk, other]).screen(typed)
    assert hits and hits[0].entity_id == "https://ror.org/gsk"
