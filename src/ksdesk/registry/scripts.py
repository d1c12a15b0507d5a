"""Which writing system a name is in (ISO 15924 codes), for the registry's name records."""

from __future__ import annotations

import unicodedata

_PREFIXES = (
    ("CJK", "Hani"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"), ("HANGUL", "Kore"), ("CYRILLIC", "Cyrl"),
    ("GREEK", "Grek"), ("ARABIC", "Arab"), ("HEBREW", "Hebr"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"),
    ("ARMENIAN", "Armn"), ("GEORGIAN", "Geor"), ("LATIN", "Latn"),
)


def script_of(text: str) -> str | None:
    """The script of the first letter that is not Latin, else Latin; None when there are no letters."""
    if text.isascii():
        # Most names: every ASCII letter is Latin, and looking each one up costs most of an import.
        return "Latn" if any(char.isalpha() for char in text) else None
    found = None
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for prefix, code in _PREFIXES:
            if name.startswith(prefix):
                if code != "Latn":
                    return code
                found = "Latn"
                break
    return found
