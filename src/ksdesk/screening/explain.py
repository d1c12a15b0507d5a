"""Why a hit matched, in words for people, in the reader's language.

The engine records each reason as a code with parameters (``Hit.reasons``); the texts
below are the English message ids, translated like every other text of the web app
(``translations/nl/LC_MESSAGES/screening.po``).
"""

from __future__ import annotations

from collections.abc import Callable

from ksdesk.vocab import _

TEXTS: dict[str, str] = {
    "same_name": _("“%(text)s” is the same name as “%(name)s”."),
    "close_name": _("“%(text)s” is close to the name “%(name)s” (score %(score)s)."),
    "spelled_out": _("The name “%(name)s” is written out in full in the text."),
    "acronym": _("“%(text)s” is the acronym “%(name)s” uses; an acronym is weak evidence on its own."),
    "initials": _("“%(text)s” are the initials of “%(name)s”; initials are weak evidence on their own."),
    "short_name": _("“%(text)s” is the short name of “%(name)s”."),
    "domain": _("The e-mail or web domain %(text)s belongs to “%(name)s”."),
    "same_country": _("Same country: %(country)s."),
    "other_country": _("Another country: the text points to %(query_country)s, the entry is in %(country)s."),
    "linked": _("The list entry is tied to the registry organisation %(organisation)s."),
    "linked_through_parent": _("The list entry is tied to %(parent)s, of which %(organisation)s is a part."),
    "listed_under": _("%(part)s is listed as part of %(entity)s."),
}


def sentences(reasons: list[tuple[str, dict]], translate: Callable[..., str]) -> list[str]:
    """The reasons as sentences; ``translate`` is a gettext taking (message id, **params).
    The parameters include ``text``, so the message id is passed by position."""
    return [translate(TEXTS[code], **params) for code, params in reasons if code in TEXTS]


def english(reasons: list[tuple[str, dict]]) -> list[str]:
    return sentences(reasons, lambda message, **params: message % params)
