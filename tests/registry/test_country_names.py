"""One source of country names: the profiles, the assessment and every page name a country alike."""

from sqlalchemy import select

from ksdesk.country_names import iso_names, names_in, names_of, options_in
from ksdesk.registry.models import CountryProfile
from tests.web.test_i18n import switch


def test_every_country_profile_carries_the_names_of_the_one_source(db):
    profiles = list(db.scalars(select(CountryProfile)))
    assert {p.code for p in profiles} == set(names_in("en")) == set(names_in("nl"))
    for profile in profiles:
        assert (profile.name_en, profile.name_nl) == (names_in("en")[profile.code], names_in("nl")[profile.code])


def test_a_code_without_an_iso_name_is_named_by_itself_and_kosovo_by_its_name():
    assert names_of("DE") == iso_names("DE") == {"en": "Germany", "nl": "Duitsland"}
    assert names_of("XK") == {"en": "Kosovo", "nl": "Kosovo"}
    assert iso_names("SU") is None and names_of("SU") == {"en": "SU", "nl": "SU"}


def test_options_are_in_the_order_of_their_names_and_leave_out_what_is_asked():
    options = options_in("nl", without=frozenset({"NL"}))
    assert [name for _code, name in options] == sorted(name for _code, name in options)
    assert ("DE", "Duitsland") in options and "NL" not in dict(options)


def test_a_page_names_a_country_in_the_readers_language(browser, partner):
    bob = browser("bob")
    assert "Belgium" in bob.get(f"/organisations/{partner.id}").text
    switch(bob, "nl", f"/organisations/{partner.id}")
    assert "België" in bob.get(f"/organisations/{partner.id}").text


def test_a_country_as_lists_and_spreadsheets_write_it_is_read_as_its_code():
    from ksdesk.country_names import code_of_name

    assert code_of_name("nl") == "NL" and code_of_name(" Netherlands ") == "NL"
    assert code_of_name("People's Republic of China") == "CN" and code_of_name("North Korea") == "KP"
    assert code_of_name("") is None and code_of_name(None) is None and code_of_name("Atlantis") is None
