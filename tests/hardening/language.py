"""What a page says, and what of it is in the wrong language or is not language at all.

A page's words are its text nodes and the attributes people read or hear (a button's value, a
tooltip, an accessible name). Code-like regions (scripts, styles, ``<pre>``, ``<code>``, a text
area's content, and anything marked ``translate="no"``) are left out: a rule set's YAML is meant
to be read as code, and a person's own text is theirs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from ksdesk.web import i18n

# A citation keeps the language of the work it names.
SKIPPED = {"script", "style", "pre", "code", "kbd", "samp", "cite", "textarea", "template", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, words in it are skipped)
        self.parts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # An element that names its own language (the language switch, the bilingual logo) is
        # rightly in that language, whatever the page's.
        own_language = tag != "html" and "lang" in attributes
        skip = self.skipping or tag in SKIPPED or attributes.get("translate") == "no" or own_language
        if not skip:
            self.parts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.parts.append(attributes["value"] or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.skipping:
            text = " ".join(data.split())
            if text:
                self.parts.append(text)


def words_of(html: str) -> list[str]:
    """The page's texts as a reader meets them, each with its whitespace normalised."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    return parser.parts


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str]:
    """English message → its Dutch translation, for the messages whose Dutch differs."""
    pairs: dict[str, str] = {}
    for path in sorted((i18n.TRANSLATIONS_DIR / "nl" / "LC_MESSAGES").glob("*.po")):
        with Path(path).open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                if not message.id or not message.string or isinstance(message.id, tuple):
                    continue
                english, dutch = str(message.id), str(message.string)
                if english != dutch and "%(" not in english and "{" not in english:
                    pairs[english] = dutch
    return pairs


# A key a program uses (true_match, very_high, question.submit); e-mail addresses, web addresses
# and file names are not keys.
SNAKE_KEY = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-]|\.[a-z])")
DOTTED_KEY = re.compile(r"(?<![\w@./-])[a-z]{2,}(?:\.[a-z_]{2,})+(?![\w@/-]|\.[a-z])")
NOT_KEYS = re.compile(r"\.(?:csv|xlsx|pdf|yaml|yml|json|txt|org|nl|com|eu|gov|int|edu|net|uk|de|be|fr|io|info|example)$")
# "None" is an English word (a map's legend says it), never a Dutch one.
REPRS = {"en": (re.compile(r"^(?:True|False|\[\]|\{\})$"), re.compile(r"\{'|\['|<ksdesk\.|datetime\.|Decimal\(")),
         "nl": (re.compile(r"^(?:True|False|\[\]|\{\})$"), re.compile(r"\{'|\['|<ksdesk\.|\bNone\b|datetime\.|Decimal\("))}


def problems(html: str, language: str) -> list[str]:
    found: list[str] = []
    pairs = catalogue()
    dutch_texts = {d for e, d in pairs.items() if d not in pairs}
    for text in words_of(html):
        for pattern in REPRS[language]:
            if pattern.search(text):
                found.append(f"Python value: {text!r}")
                break
        for match in SNAKE_KEY.finditer(text):
            found.append(f"raw key {match.group(0)!r} in {text!r}")
        for match in DOTTED_KEY.finditer(text):
            if not NOT_KEYS.search(match.group(0)):
                found.append(f"raw key {match.group(0)!r} in {text!r}")
        if language == "nl" and text in pairs:
            found.append(f"English on a Dutch page: {text!r}")
        elif language == "nl" and len(text.split()) >= 4:
            found.extend(f"English on a Dutch page: {e!r} in {text!r}"
                         for e in pairs if len(e.split()) >= 4 and e in text)
        if language == "en" and text in dutch_texts:
            found.append(f"Dutch on an English page: {text!r}")
    return sorted(set(found))
