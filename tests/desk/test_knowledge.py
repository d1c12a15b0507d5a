import pytest

from ksdesk.desk import knowledge, messages, stemming
from ksdesk.errors import Forbidden, ValidationFailed


@pytest.fixture
def faq(db, world):
    erin = world.principal("erin")
    nl = knowledge.publish_faq(
        db, erin, language="nl", title="Samenwerking met een universiteit buiten de EU",
        question="Waar let ik op bij een samenwerking met een universiteit buiten de Europese Unie?",
        answer="Kijk naar de kennisveiligheid: gevoelige technologie, exportcontrole en de rol van de staat.")
    en = knowledge.publish_faq(
        db, erin, language="en", title="Research collaboration with a defence-linked partner",
        question="May we start a research collaboration with a university that works with the military?",
        answer="Check the export control rules and screen the partner against the watchlists first.")
    db.commit()
    return nl, en


def test_dutch_search_finds_other_forms_of_the_same_word(db, faq):
    nl, _ = faq
    assert [h.object_id for h in knowledge.search_faq(db, "samenwerkingen")] == [nl.id]
    assert [h.object_id for h in knowledge.search_faq(db, "universiteiten exportcontrole")] == [nl.id]


def test_english_search_finds_other_forms_of_the_same_word(db, faq):
    _, en = faq
    assert [h.object_id for h in knowledge.search_faq(db, "collaborations")] == [en.id]
    assert [h.object_id for h in knowledge.search_faq(db, "screening partners")] == [en.id]


def test_search_needs_every_word_and_ignores_junk(db, faq):
    assert knowledge.search_faq(db, "samenwerking drones") == []
    assert knowledge.search_faq(db, '"); DROP TABLE x; --') == []
    assert knowledge.search_faq(db, "   ") == []


def test_a_withdrawn_entry_is_no_longer_found(db, world, faq):
    nl, _ = faq
    knowledge.withdraw_faq(db, world.principal("erin"), nl.id, "verouderd")
    assert knowledge.search_faq(db, "samenwerking") == []
    assert [e.id for e in knowledge.list_faq(db)] == [faq[1].id]


def test_publishing_refuses_personal_data(db, world, ask):
    erin = world.principal("erin")
    question = ask()
    messages.add_reply(db, erin, question.id, "Antwoord")
    cases = {
        "question": "Jan Jansen vroeg ons naar een samenwerking.",
        "answer": "Bel ons op 06-12345678 of mail loket@example.org.",
    }
    with pytest.raises(ValidationFailed) as caught:
        knowledge.publish_faq(db, erin, language="nl", title="Een vraag", source_question_id=question.id, **cases)
    errors = {k: r.message for k, r in caught.value.field_errors.items()}
    assert "asker's name" in errors["question"]
    assert "e-mail address" in errors["answer"] and "phone number" in errors["answer"]


def test_years_and_ordinary_numbers_are_not_mistaken_for_phone_numbers():
    assert knowledge.personal_data_problems("In 2020-2024 kregen wij 1.250 vragen.", ["Jan de Vries"]) == []
    assert knowledge.personal_data_problems("Zoals De Vries schreef", ["Jan de Vries"]) == ["contains the asker's name"]


def test_only_answered_questions_become_entries(db, world, ask):
    with pytest.raises(ValidationFailed):
        knowledge.publish_faq(db, world.principal("erin"), language="nl", title="t", question="q", answer="a",
                              source_question_id=ask().id)


def test_only_the_desk_publishes(db, world):
    with pytest.raises(Forbidden):
        knowledge.publish_faq(db, world.principal("bob"), language="nl", title="t", question="q", answer="a")


def test_similar_answers_finds_earlier_answers_and_entries_for_a_new_question(db, world, ask, faq):
    erin = world.principal("erin")
    earlier = ask(subject="Samenwerking met Chinese universiteit",
                  text="Wij willen samenwerken met een Chinese universiteit op het gebied van quantumtechnologie.")
    messages.add_reply(db, erin, earlier.id, "Let op de exportcontrole voor quantumtechnologie.")
    unrelated = ask(subject="Uitwisseling studenten", text="Hoe regelen wij een studentenuitwisseling met Canada?")
    messages.add_reply(db, erin, unrelated.id, "Dat is een praktische vraag over visa.")
    new = ask(subject="Quantumtechnologie", text="Mogen wij onze quantumtechnologie delen met samenwerkingen in China?")
    hits = knowledge.similar_answers(db, erin, new.id)
    assert (hits[0].kind, hits[0].object_id) == ("answer", earlier.id)
    assert ("answer", new.id) not in [(h.kind, h.object_id) for h in hits]
    with pytest.raises(Forbidden):
        knowledge.similar_answers(db, world.principal("frank"), new.id)


def test_similar_answers_compare_the_whole_of_a_long_question(db, world, ask, faq):
    """The words a long question turns on may come at its very end, after thousands of others:
    the comparison counts them over the whole text, never over a cut-off start."""
    nl, _ = faq
    filler = " ".join(f"qz{n:05d}x" for n in range(2_300))  # 20,000 characters and more, no word twice
    ending = " universiteit exportcontrole kennisveiligheid" * 3
    text = (filler[: 20_000 - len(ending) - 1] + " " + ending.strip()).strip()
    assert len(text) <= 20_000 and "exportcontrole" not in text[:19_800]
    question = ask(subject="Een lange vraag " + "met veel woorden " * 10, text=text)
    hits = knowledge.similar_answers(db, world.principal("erin"), question.id)
    assert ("faq", nl.id) in [(h.kind, h.object_id) for h in hits]


def test_the_characteristic_words_are_the_most_used_over_the_whole_text():
    text = " ".join(f"woord{n}" for n in range(200)) + " laatste" * 5 + " voorlaatste" * 2
    words = knowledge.characteristic_words(text)
    assert len(words) == knowledge.SIMILAR_TERMS
    assert words[:2] == ["laatste", "voorlaatste"]


def test_public_search_never_returns_the_desks_own_answers(db, world, ask):
    question = ask(subject="Geheime samenwerking", text="Een vraag over een samenwerking met details.")
    messages.add_reply(db, world.principal("erin"), question.id, "Antwoord over de samenwerking.")
    assert knowledge.search_faq(db, "samenwerking") == []
    assert [h.kind for h in knowledge.search_desk(db, world.principal("erin"), "samenwerking")] == ["answer"]


@pytest.mark.parametrize("word, expected", [
    ("samenwerkingen", "samenwerk"), ("samenwerking", "samenwerk"), ("universiteiten", "universiteit"),
    ("lichamelijk", "licham"), ("maan", "man"), ("kennisveiligheid", "kennisveil"), ("beoordelingen", "beoordel"),
])
def test_dutch_stemmer_follows_snowball(word, expected):
    assert stemming.stem(word) == expected


def test_a_search_longer_than_max_query_is_refused_not_cut(db, world, faq):
    with pytest.raises(ValidationFailed) as refused:
        knowledge.search_faq(db, "x" * (knowledge.MAX_QUERY + 1))
    assert refused.value.code == "text_too_long" and refused.value.params == {"n": knowledge.MAX_QUERY}
    with pytest.raises(ValidationFailed):
        knowledge.search_desk(db, world.principal("erin"), "x" * (knowledge.MAX_QUERY + 1))
    assert knowledge.search_faq(db, "  " + "x" * knowledge.MAX_QUERY + "  ") == []
