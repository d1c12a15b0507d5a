"""Why a hit matched, in words for people, in the reader's language.

The engine records each reason as a code with parameters (``Hit.reasons``); the texts
below are the English message ids, translated like every other text of the web app
(``translations/nl/LC_MESSAGES/screening.po``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ksdesk.country_names import with_country_names
from ksdesk.vocab import _

TEXTS: dict[str, str] = {
    "same_name": _("“%(text)s” is the same name as “%(name)s”."),
    "close_name": _("“%(text)s” is close to the name “%(name)s” (score %(score)s)."),
    "one_slip_from": _("“%(text)s” is one typing slip away from the name “%(name)s” (a letter left out, added or "
                       "changed, or two swapped); it may also be another name."),
    "slip_makes_another_word": _("“%(text)s” is the name “%(name)s” but for a word that is one typing slip away "
                                 "from the listed one; nothing closer was found, and the text may also be "
                                 "another name."),
    "spelled_out": _("The name “%(name)s” is written out in full in the text."),
    "spelled_out_in_longer": _("The name “%(name)s” is written out in “%(text)s”, but that reads as a whole as "
                               "another, longer name."),
    "spelled_out_other_words": _("The name “%(name)s” is written out in the text, but followed by “%(after)s”, "
                                 "while the organisation's full name is “%(official)s”."),
    "spelled_out_other_place": _("The name “%(name)s” is written out in the text, but with %(place)s, a place in "
                                 "another country than the organisation's."),
    "pieces_reordered": _("“%(text)s” is the name “%(name)s” with the pieces between its commas in another "
                          "order."),
    "start_of_longer_name": _("“%(text)s” matches “%(name)s”, but the text goes on to “%(longer)s”, the name of "
                              "%(other)s."),
    "name_goes_on": _("“%(text)s” is the full name of %(other)s; “%(name)s” goes on from it to name another "
                      "organisation."),
    "fewer_words_of_another": _("“%(text)s” is the full name of %(other)s; “%(name)s” has only some of its words, "
                                "and none that says what kind of organisation it is."),
    "head_of_another": _("“%(text)s” begins with the word that names “%(name)s”, but “%(whole)s” is the full name "
                         "of %(other)s."),
    "head": _("“%(text)s” begins with the word that names “%(name)s”; that word alone is weak evidence."),
    "acronym": _("“%(text)s” is the acronym “%(name)s” uses; an acronym is weak evidence on its own."),
    "acronym_head": _("“%(text)s” begins with %(acronym)s, the acronym of %(organisation)s; an acronym is weak "
                      "evidence on its own."),
    "acronym_other_city": _("“%(text)s” begins with %(acronym)s, the acronym of %(organisation)s, which is in "
                            "%(city)s, not in %(place)s; an acronym is weak evidence on its own."),
    "brand_trades_as": _("“%(text)s” is %(brand)s, the name of %(organisation)s, with what the company trades "
                         "as."),
    "brand_head": _("“%(text)s” begins with %(brand)s, the name of %(organisation)s; what follows says which part "
                    "of the company is meant, and the name alone is weak evidence."),
    "initials": _("“%(text)s” are the initials of “%(name)s”; initials are weak evidence on their own."),
    "short_name": _("“%(text)s” is the short name of “%(name)s”."),
    "domain": _("The e-mail or web domain %(text)s belongs to “%(name)s”."),
    "same_country": _("Same country: %(country)s."),
    "other_country": _("Another country: the text points to %(query_country)s, the entry is in %(country)s."),
    "other_place": _("%(place)s in the text is a place in another country than the organisation's (%(country)s)."),
    "linked": _("The list entry is tied to the registry organisation %(organisation)s."),
    "linked_through_parent": _("The list entry is tied to %(parent)s, of which %(organisation)s is a part."),
    "listed_under": _("%(part)s is listed as part of %(entity)s."),
    "namesake_official": _("“%(text)s” is the official name of %(organisation)s (%(country)s); the list gives "
                           "these words only as another name of this entry, and does not tie it to that "
                           "organisation."),
    "inside_another_name": _("“%(text)s” is the full name of %(organisation)s (%(country)s), to which this entry "
                             "is not tied; the entry's name “%(name)s” is only written inside it."),
    "namesake_elsewhere": _("%(organisation)s (%(country)s) has the same name, and the text does not say which "
                            "of the two it means."),
    "named_by_list": _("“%(text)s” is the name of a list entry tied to this organisation."),
    "registry_inactive": _("The registry lists this organisation as no longer active."),
    "registry_withdrawn": _("The registry has withdrawn this record, as a duplicate or made in error."),
}

# Why the engine committed to one organisation: the facts that weighed most (chooser.py).
CHOSEN_TEXTS: dict[str, str] = {
    "chosen_exact": _("Its name matches exactly."),
    "chosen_literal": _("Its name is written the same way, letter for letter."),
    "chosen_official": _("The text uses its official name."),
    "chosen_same_country": _("It is in the country the text names."),
    "chosen_host": _("The other organisations named in the text are part of it."),
    "chosen_named_last": _("It is named last, where an affiliation names the organisation a unit belongs to."),
    "chosen_university": _("It is a university or college, the usual host of the units named."),
    "chosen_by_rule": _("The plain rule (exact name, country, host) picks it as well."),
    "chosen_active": _("The registry lists it as active."),
    "chosen_spelled_out": _("Its full name is written out inside the text."),
}


def chosen_sentences(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The message ids for a choice's reasons; templates translate them."""
    return [CHOSEN_TEXTS[c] for c in codes if c in CHOSEN_TEXTS]


def messages(reasons: Iterable[Sequence]) -> list[tuple[str, dict]]:
    """The reasons as (message id, parameters) pairs, for templates to translate. Reasons kept
    as JSON (an alert's) come back as [code, parameters] lists, which read the same."""
    return [(TEXTS[code], params) for code, params in reasons if code in TEXTS]


def sentences(reasons: list[tuple[str, dict]], translate: Callable[..., str]) -> list[str]:
    """The reasons as sentences; ``translate`` is a gettext taking (message id, **params).
    The parameters include ``text``, so the message id is passed by position."""
    return [translate(message, **params) for message, params in messages(reasons)]


def english(reasons: list[tuple[str, dict]]) -> list[str]:
    """The sentences in English, countries by their names ("China", not "CN"), as the pages show them."""
    return sentences(reasons, lambda message, **params: message % with_country_names(params, "en"))
