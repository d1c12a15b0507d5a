"""The learned choice of one registry organisation: reproducible trees, named reasons."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import ksdesk
from ksdesk.screening import chooser, explain
from ksdesk.screening import chooser_training as training

STRINGS = [
    ("Department of Physics, Yale University, New Haven, CT 06520, USA", "yale"),
    ("Institute for Immunology, Tsinghua University 1 , Beijing, China", "tsinghua"),
    ("Department of Medicine, University of California San Diego", "ucsd"),
    ("Joint Genome Institute, Lawrence Berkeley National Laboratory", "lbnl"),
    ("Department of Computer Science, University College London, London, UK", "ucl"),
    ("University of Victoria", "uvic"),
    ("Information Technology", None),
]


@pytest.fixture(scope="module")
def examples(index, ror_ids):
    rows = [training.Row(text, ror_ids[who] if who else None) for text, who in STRINGS]
    return training.examples(index, rows)


def test_the_same_strings_give_the_same_trees(examples):
    first = training.fit(examples, "test").as_json()
    second = training.fit(list(examples), "test").as_json()
    assert json.dumps(first) == json.dumps(second)
    assert first["features"] == list(chooser.FEATURES)


def test_the_exported_trees_give_the_probabilities_they_were_trained_to(examples):
    x, y = training._matrix(examples)
    classifier = training.boosted(x, y)
    trees, baseline = training.exported(classifier)
    model = chooser.Model("test", chooser.FEATURES, baseline, trees, 0.5)
    described = [c for e in examples for c in e.candidates]
    ours = [model.probability(c.features) for c in described]
    assert ours == pytest.approx(list(classifier.predict_proba(x)[:, 1]), abs=1e-9)


def test_the_trees_written_out_add_up_as_walked_node_by_node():
    shipped = chooser.shipped_model()
    assert shipped is not None
    model = chooser.Model.from_json(shipped.as_json())  # walks its trees, then writes them out
    rng = random.Random(5)
    rows = [[rng.choice([0.0, 1.0, 0.5, rng.random(), 3 * rng.random()]) for _ in model.features]
            for _ in range(2 * chooser.WRITTEN_OUT_AFTER)]
    for row in rows:
        walked = sum(tree(row) for tree in model.trees)
        assert model.probability(dict(zip(model.features, row, strict=True))) == 1.0 / (
            1.0 + math.exp(-max(min(model.baseline + walked, 40.0), -40.0)))
    assert "_walk" in model.__dict__, "written out once enough candidates were weighed"
    for row in rows:
        assert model._walk(row) == sum(tree(row) for tree in model.trees)


def test_trees_for_other_facts_are_refused():
    model = chooser.shipped_model()
    assert model is not None, "the shipped trees are part of the package"
    data = model.as_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="train it again"):
        chooser.Model.from_json(data)


def test_every_candidate_is_described_by_every_fact(examples):
    described = [c for e in examples for c in e.candidates]
    assert described, "the strings have registry candidates"
    assert all(set(c.features) == set(chooser.FEATURES) for c in described)


def test_an_acronym_is_never_a_candidate(index):
    result = index.resolve("HUST")
    assert result.hits, "the acronym is still a hit for a reviewer"
    assert chooser.candidates(result.hits, "HUST", None, index, None, None) == []


def test_a_choice_says_what_counted_most(index, ror_ids):
    result = index.resolve("Department of Physics, Yale University, New Haven, CT 06520, USA")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["yale"]
    assert result.chosen.because, "a choice names the facts behind it"
    assert set(result.chosen.because) <= set(explain.CHOSEN_TEXTS)
    assert result.chosen.as_dict()["because"] == list(result.chosen.because)
    # How sure the trees are, at or above the threshold they commit from.
    assert chooser.shipped_model().threshold <= result.chosen.probability <= 1
    assert result.chosen.as_dict()["probability"] == result.chosen.probability


@pytest.mark.parametrize("text", ["Currently atGeorg August Universität", "Currently at Georg August Universität"])
def test_words_that_lost_their_space_are_weighed_as_the_words_they_are(index, ror_ids, text):
    # The hits were found in "at Georg August Universität": the university is named last there, and
    # the trees weigh it so, not as if "atGeorg" were a word of the text naming nothing.
    result = index.resolve(text)
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["gottingen"]
    assert "chosen_named_last" in result.chosen.because


@pytest.mark.parametrize(("text", "university"), [
    ("Department of Urology, Aarhus University Hospital", "aarhus"),
    ("Department of Internal Medicine, National Taiwan University Hospital", "ntu_taiwan"),
    ("Department of Neurology, Oslo University Hospital", "oslo"),
])
def test_a_university_hospital_is_not_its_university(index, ror_ids, text, university):
    # The hospital is an organisation of its own, which people assign where the registry holds it;
    # the university stays a hit for a reviewer.
    result = index.resolve(text)
    assert result.chosen is None or result.chosen.entity_id != ror_ids[university]
    assert ror_ids[university] in {h.entity_id for h in result.hits}


def test_a_university_named_beside_its_hospital_is_still_chosen(index, ror_ids):
    result = index.resolve("Department of Medical Genetics, Oslo University Hospital and University of Oslo")
    assert result.chosen is not None and result.chosen.entity_id == ror_ids["oslo"]


def test_a_choice_by_the_plain_rule_claims_no_likelihood(index):
    result = index.resolve("Joint Genome Institute, Lawrence Berkeley National Laboratory")
    assert chooser.decide(result.hits, result.query, result.country, index, model=None).probability is None


def test_without_weights_the_documented_rule_decides(index, ror_ids):
    result = index.resolve("Joint Genome Institute, Lawrence Berkeley National Laboratory")
    plain = chooser.decide(result.hits, result.query, result.country, index, model=None)
    assert plain is not None and plain.entity_id == ror_ids["lbnl"]


def test_every_reason_for_a_choice_or_a_match_reads_in_dutch():
    po = Path(ksdesk.__file__).parent / "translations" / "nl" / "LC_MESSAGES" / "screening.po"
    with po.open("rb") as fh:
        catalogue = read_po(fh)
    missing = [text for text in [*explain.CHOSEN_TEXTS.values(), *explain.TEXTS.values()]
               if not (catalogue.get(text) and catalogue.get(text).string)]
    assert missing == []


def _namesake(ror_id: str, name: str, country: str, children: int = 0, types=("government",)):
    from ksdesk.screening.lists import ListName, RegistryOrg

    units = [f"https://ror.org/{ror_id}-unit{i}" for i in range(children)]
    return [RegistryOrg(f"https://ror.org/{ror_id}", [ListName(name, "official")], country, types=list(types),
                        children=units)] + [
        RegistryOrg(unit, [ListName(f"Unit {ror_id} {i}", "official")], country, parents=[f"https://ror.org/{ror_id}"])
        for i, unit in enumerate(units)]


def test_no_organisation_is_chosen_among_namesakes_the_text_does_not_tell_apart():
    from ksdesk.screening.building import build_index

    name = "Department of Science and Technology"
    index = build_index(_namesake("india", name, "in", 3) + _namesake("philippines", name, "ph", 2))
    assert index.resolve(name).chosen is None
    # A country in the text tells them apart.
    chosen = index.resolve(f"{name}, Manila, Philippines").chosen
    assert chosen is not None and chosen.entity_id == "https://ror.org/philippines"
    # A namesake with far fewer units does not stand in the way of the one people mean by the name alone.
    name = "Northeastern University"
    index = build_index(_namesake("us", name, "us", 12, ["education"]) + _namesake("cn", name, "cn", 0, ["education"]))
    found = chooser.candidates(index.screen(name), name, None, index, None, None)
    assert chooser.barred(found, index, name) == {"https://ror.org/cn"}


def test_a_namesake_whose_parent_the_text_also_names_is_told_apart_from_the_other():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    name = "National Cancer Institute"
    nih = RegistryOrg("https://ror.org/nih", [ListName("National Institutes of Health", "official"),
                                              ListName("NIH", "acronym")], "us", types=["government"],
                      children=["https://ror.org/us"])
    us = RegistryOrg("https://ror.org/us", [ListName(name, "official")], "us", types=["government"],
                     parents=["https://ror.org/nih"])
    index = build_index([nih, us, *_namesake("lt", name, "lt", 0, ["healthcare"])])
    text = f"Laboratory of Genome Integrity, {name}, NIH"
    found = chooser.candidates(index.screen(text), text, None, index, None, None)
    assert chooser.barred(found, index, text, index.screen(text)) == {"https://ror.org/lt"}
    # Without the parent nothing tells them apart.
    text = f"Laboratory of Genome Integrity, {name}"
    found = chooser.candidates(index.screen(text), text, None, index, None, None)
    assert {"https://ror.org/us", "https://ror.org/lt"} <= chooser.barred(found, index, text, index.screen(text))


def test_a_short_name_is_no_choice_where_the_words_are_another_organisations_own_name():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    # "Victoria University" is the one in Wellington without its city, and the name of those in
    # Melbourne and Kampala: the short name alone is no reason to choose Wellington's.
    index = build_index([
        RegistryOrg("https://ror.org/vuw", [ListName("Victoria University of Wellington", "official")], "nz",
                    city="Wellington", types=["education"]),
        RegistryOrg("https://ror.org/vu", [ListName("Victoria University", "official")], "au", city="Melbourne",
                    types=["education"])])
    assert "Victoria University" in {n for n, kind in index.names_of("registry", "https://ror.org/vuw")
                                     if kind == "short"}
    name = "Victoria University"
    found = chooser.candidates(index.screen(name), name, None, index, None, None)
    assert chooser.barred(found, index, name) == {"https://ror.org/vuw"}
    # The one whose own name it is may still be chosen, as "University College London" is UCL, not UCL
    # Australia, whose alias it is.
    chosen = index.resolve(name).chosen
    assert chosen is None or chosen.entity_id == "https://ror.org/vu"
    chosen = index.resolve("Victoria University, Wellington, New Zealand").chosen
    assert chosen is not None and chosen.entity_id == "https://ror.org/vuw"


def test_a_namesake_with_a_few_more_units_does_not_stand_for_the_name():
    from ksdesk.screening.building import build_index

    # Three units against none tell nothing: four universities are "National University of Science
    # and Technology", the one in Oman with three units in the registry, the one in Moscow with none.
    name = "National University of Science and Technology"
    index = build_index(_namesake("om", name, "om", 3, ["education"]) + _namesake("ru", name, "ru", 0, ["education"]))
    found = chooser.candidates(index.screen(name), name, None, index, None, None)
    assert chooser.barred(found, index, name) == {"https://ror.org/om", "https://ror.org/ru"}


def test_a_research_funder_with_as_many_units_or_more_stands_for_a_name_its_namesake_shares():
    from ksdesk.screening.building import build_index

    # The registry records the one in Evanston as a funder with units of its own; the college in the
    # Philippines is neither. York University in Toronto is a funder, the one in Nebraska is not, and
    # neither has units.
    for name, units in (("Northwestern University", 2), ("York University", 0)):
        index = build_index(_namesake("us", name, "us", units, ["education", "funder"])
                            + _namesake("ph", name, "ph", 0, ["education"]))
        found = chooser.candidates(index.screen(name), name, None, index, None, None)
        assert chooser.barred(found, index, name) == {"https://ror.org/ph"}
    # Two funders, or a funder with fewer units, tell nothing.
    name = "Northwestern University"
    for other_types, other_units in ((["education", "funder"], 0), (["education"], 3)):
        index = build_index(_namesake("us", name, "us", 2, ["education", "funder"])
                            + _namesake("cn", name, "cn", other_units, other_types))
        found = chooser.candidates(index.screen(name), name, None, index, None, None)
        assert chooser.barred(found, index, name) == {"https://ror.org/us", "https://ror.org/cn"}


def test_a_department_named_by_its_field_alone_is_never_chosen_for_whoever_bears_that_name():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    # Such a name is a registry organisation's too (the Russian Academy's department): the text's
    # department is a department of whatever follows it, here one the registry does not hold.
    orgs = [RegistryOrg("https://ror.org/ras-bio", [ListName("Department of Biological Sciences", "official")], "ru",
                        types=["government"]),
            RegistryOrg("https://ror.org/tsinghua", [ListName("Tsinghua University", "official")], "cn",
                        types=["education"])]
    index = build_index(orgs)
    assert index.resolve("Department of Biological Sciences, KAIST").chosen is None
    chosen = index.resolve("Department of Biological Sciences, Tsinghua University").chosen
    assert chosen is not None and chosen.entity_id == "https://ror.org/tsinghua"


@pytest.mark.parametrize(("text", "who"), [
    ("Molecular Cardiovascular Biology Division and Heart Institute, Cincinnati Children's Hospital Medical Center",
     "incor"),
    ("Department of Microbiology, Institute of Biological Sciences, Universidade Federal de Minas Gerais", "insb"),
    ("Institute of Molecular and Cellular Biology, National Tsing Hua University", "ibmc_strasbourg"),
])
def test_a_unit_named_by_its_field_before_another_host_is_not_a_namesake_unit_elsewhere(index, ror_ids, text, who):
    # The São Paulo, French and Strasbourg institutes whose names read so in English are still hits for
    # a reviewer; the text's institute is the hospital's or university's that follows, which the
    # registry does not hold.
    result = index.resolve(text)
    assert ror_ids[who] in {h.entity_id for h in result.hits}
    assert result.chosen is None or result.chosen.entity_id != ror_ids[who]


def test_a_unit_named_by_its_field_stays_a_candidate_where_the_text_names_its_host(index, ror_ids):
    text = "Institute of Molecular and Cellular Biology, University of Strasbourg"
    result = index.resolve(text)
    found = chooser.candidates(result.hits, text, result.country, index, None, None)
    assert ror_ids["ibmc_strasbourg"] in {c.entity_id for c in found}
    assert ror_ids["ibmc_strasbourg"] not in chooser.barred(found, index, text, result.hits)


def test_no_organisation_is_chosen_among_candidates_the_trees_cannot_tell_apart(index):
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    councils = [RegistryOrg(f"https://ror.org/csir-{cc}", [ListName(name, "official"), ListName("CSIR", "acronym")],
                            cc, types=["government"])
                for cc, name in (("in", "Council of Scientific and Industrial Research"),
                                 ("za", "Council for Scientific and Industrial Research"),
                                 ("gh", "Council for Scientific and Industrial Research"))]
    text = "CSIR-Institute of Genomics & Integrative Biology"
    tiny = build_index(councils)
    found = chooser.candidates(tiny.screen(text), text, None, tiny, None, None)
    assert len(found) == 3
    order = chooser.ranked(chooser.shipped_model(), found)
    assert chooser.tied(order) and tiny.resolve(text).chosen is None
    # The country the text names sets one apart.
    chosen = tiny.resolve(text + ", New Delhi, India").chosen
    assert chosen is None or chosen.entity_id == "https://ror.org/csir-in"


def test_no_organisation_is_chosen_by_another_name_that_a_listed_entity_of_another_country_bears():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg
    from ksdesk.screening.lists.model import ListEntry, ListVersion

    registry = [RegistryOrg("https://ror.org/utc", [ListName("United Technologies (United States)", "official"),
                                                    ListName("United Aircraft Corporation", "alias")], "us",
                            types=["company"]),
                RegistryOrg("https://ror.org/huawei", [ListName("Huawei Technologies (China)", "official")], "cn",
                            types=["company"])]
    entries = [ListEntry("bis:uac", [ListName("United Aircraft Corporation", "official")], "ru"),
               ListEntry("bis:huawei-eg", [ListName("Huawei Technology", "official")], "eg")]
    index = build_index(registry, [ListVersion("bis-entity-list", "Entity List", None, entries)])
    # The registry knows the name as an old one of the American company; the Entity List as the Russian one's.
    result = index.resolve("United Aircraft Corporation")
    assert result.chosen is None
    assert {"https://ror.org/utc", "bis:uac"} <= {h.entity_id for h in result.hits}
    # By its own name the organisation is still chosen, whatever a list writes the same way elsewhere.
    found = index.resolve("Huawei Technologies")
    assert found.chosen is None or found.chosen.entity_id == "https://ror.org/huawei"
    text = "Huawei Technologies"
    candidates = chooser.candidates(found.hits, text, None, index, None, None)
    assert "https://ror.org/huawei" not in chooser.barred(candidates, index, text, found.hits)


def test_a_name_written_as_one_organisation_writes_it_is_not_committed_to_another_it_translates_to():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    uk_units = [RegistryOrg(f"https://ror.org/ou{i}", [ListName(f"Open University Unit {i}", "official")], "gb",
                            parents=["https://ror.org/ou"], types=["education"]) for i in range(6)]
    registry = [RegistryOrg("https://ror.org/ou", [ListName("The Open University", "official")], "gb",
                            types=["education"], children=[u.ror_id for u in uk_units]),
                RegistryOrg("https://ror.org/ounl", [ListName("Open University of the Netherlands", "official"),
                                                     ListName("Open Universiteit", "alias")], "nl", types=["education"]),
                *uk_units]
    index = build_index(registry)
    # "Universiteit" is Dutch: the Open University in Milton Keynes was chosen, as the larger.
    result = index.resolve("Open Universiteit")
    assert result.hits[0].entity_id == "https://ror.org/ounl"
    assert result.chosen is None or result.chosen.entity_id == "https://ror.org/ounl"
    # In English the words are the British university's name as written.
    assert index.resolve("The Open University").hits[0].entity_id == "https://ror.org/ou"


def test_a_place_alone_is_no_commitment_to_the_organisation_named_after_it():
    from ksdesk.screening.building import build_index
    from ksdesk.screening.lists import ListName, RegistryOrg

    registry = [RegistryOrg("https://ror.org/unileon", [ListName("Universidad de León", "official")], "es",
                            city="León", types=["education"]),
                *(RegistryOrg(f"https://ror.org/u{i}", [ListName(f"{city} University", "official")], "us", city=city,
                              types=["education"])
                  for i, city in enumerate(("Boston", "Denver", "Austin", "Dallas", "Tulsa", "Omaha", "Fresno", "Akron",
                                            "Mesa", "Reno", "Tampa", "Miami")))]
    index = build_index(registry)
    # "Leon" is close to the university's name (0.85), and over the shipped registry was chosen: the
    # place alone is no candidate, though it stays a hit.
    result = index.resolve("Leon")
    assert [h.entity_id for h in result.hits] == ["https://ror.org/unileon"] and result.chosen is None
    assert chooser.candidates(result.hits, "Leon", None, index, None, None) == []
    named = index.resolve("Universidad de León")
    assert [c.entity_id for c in chooser.candidates(named.hits, "Universidad de León", None, index, None, None)] == [
        "https://ror.org/unileon"]
