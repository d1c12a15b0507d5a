"""Chinese characters as pinyin syllables, with a small phrase table of our own.

pypinyin reads a character by the phrase it stands in ("重庆" is chong qing, not zhong
qing). Its whole phrase table is 47,000 phrases that take some 50 MB in every process that
reads one Chinese name, most of them words no organisation's name holds. The shipped table
(``pinyin_phrases.json``, written by ``ksdesk registry pinyin-phrases``) keeps only the
phrases that matter for names: those read otherwise than their characters alone, and
every phrase in a Chinese name of the shipped registry and lists. Names and queries are
read by the same table, so they always meet.

Even so pypinyin holds its table of 42,000 characters and ours of phrases as Python objects,
some 11 MB in every process that reads one Chinese name. What it answers for each character
and each phrase is therefore written once (``pinyin_table.idx``, by ``ksdesk registry
pinyin-phrases``) into a table every process maps into memory and shares, and a run of
characters is cut into phrases as pypinyin cuts it (the longest phrase first, strictly:
``mmseg.Seg`` with ``no_non_phrases``). A test checks the table against pypinyin entry by
entry; where it was written from another pypinyin or another phrase table, pypinyin answers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType
from typing import Any

from ksdesk.screening import store

PHRASES_FILE = "pinyin_phrases.json"
TABLE_FILE = "pinyin_table.idx"
_FORMAT = 1
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _pypinyin() -> ModuleType:
    # pypinyin decides on import whether it loads (and copies) its whole phrase table.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    import pypinyin

    table = json.loads(resources.files("ksdesk.screening").joinpath(PHRASES_FILE).read_text(encoding="utf-8"))
    pypinyin.load_phrases_dict(table)
    return pypinyin


def syllables(han: str) -> list[str]:
    """The pinyin syllables of a run of Chinese characters, without tones."""
    table = _table()
    if table is None:
        return pypinyin_syllables(han)
    phrases, prefixes, characters, readings = table
    out: list[str] = []
    for word in _cut(han, phrases, prefixes):
        # A phrase is read as a whole, anything else character by character, as pypinyin reads it.
        found = phrases.get(word)
        if found is not None:
            out.extend(readings[found].split())
            continue
        for character in word:
            one = characters.get(character)
            if one is not None:
                out.extend(readings[one].split())
    return out


def pypinyin_syllables(han: str) -> list[str]:
    """pypinyin's own reading, with the shipped phrase table."""
    pypinyin = _pypinyin()
    return list(pypinyin.lazy_pinyin(han, style=pypinyin.Style.NORMAL, errors="ignore"))


def _cut(text: str, phrases: store.StrMap, prefixes: store.StrMap) -> Iterable[str]:
    # pypinyin's strict longest-phrase-first cut (pypinyin.seg.mmseg.Seg.cut, no_non_phrases=True).
    remain = text
    while remain:
        last_valid_word = ""
        last_valid_index = 0
        for index in range(len(remain)):
            word = remain[: index + 1]
            if word in prefixes:
                if word in phrases:
                    last_valid_word = word
                    last_valid_index = index + 1
            else:
                if last_valid_word:
                    yield last_valid_word
                    remain = remain[last_valid_index:]
                else:
                    yield remain[0]
                    remain = remain[1:]
                break
        else:
            if last_valid_word:
                yield last_valid_word
                remain = remain[last_valid_index:]
            else:
                if remain not in phrases:
                    yield from remain
                else:
                    yield remain
                break


def _phrases_digest() -> str:
    return hashlib.sha256(resources.files("ksdesk.screening").joinpath(PHRASES_FILE).read_bytes()).hexdigest()


def table_path() -> Path:
    return Path(str(resources.files("ksdesk.screening").joinpath(TABLE_FILE)))


@lru_cache(maxsize=1)
def _table() -> tuple[store.StrMap, store.StrMap, store.StrMap, store.Strings] | None:
    path = table_path()
    if not path.exists():
        return None
    arrays, meta = store.read(path)
    if (meta.get("format") != _FORMAT or meta.get("pypinyin") != metadata.version("pypinyin")
            or meta.get("phrases") != _phrases_digest()):
        return None
    phrases, prefixes, characters = (store.StrMap.unpack(store.unprefixed(arrays, name), "int")
                                     for name in ("phrases", "prefixes", "characters"))
    return phrases, prefixes, characters, store.Strings.unpack(store.unprefixed(arrays, "readings"))


def pypinyin_tables() -> tuple[dict[str, str], dict[str, str]]:
    """What pypinyin reads each phrase of the shipped table and each character as (syllables
    joined by spaces): phrase → reading, character → reading."""
    _pypinyin()  # with the shipped phrases loaded
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    phrases = {phrase: " ".join(pypinyin_syllables(phrase)) for phrase in PHRASES_DICT}
    characters = {chr(code): " ".join(pypinyin_syllables(chr(code))) for code in PINYIN_DICT}
    return phrases, characters


def write_table(path: Path) -> int:
    """Write pypinyin's readings of the shipped phrases and of every character to ``path``; how many."""
    phrases, characters = pypinyin_tables()
    readings = sorted(set(phrases.values()) | set(characters.values()))
    number = {reading: i for i, reading in enumerate(readings)}
    prefixes = {phrase[:i]: 0 for phrase in phrases for i in range(1, len(phrase) + 1)}
    arrays = store.prefixed("readings", store.Strings.pack(readings))
    for name, table in (("phrases", {p: number[r] for p, r in phrases.items()}), ("prefixes", prefixes),
                        ("characters", {c: number[r] for c, r in characters.items()})):
        packed, kind = store.StrMap.pack(table)
        assert kind == "int"
        arrays.update(store.prefixed(name, packed))
    meta = {"format": _FORMAT, "pypinyin": metadata.version("pypinyin"), "phrases": _phrases_digest()}
    store.write(path, arrays, meta)
    return len(phrases) + len(characters)


def phrase_table(names: Iterable[str]) -> dict[str, Any]:
    """The phrases of pypinyin's whole table that names need: those whose reading is not
    their characters' first reading, and those found in ``names``."""
    _pypinyin()  # first: pypinyin imported otherwise would read with its whole table from then on
    from pypinyin.phrases_dict import phrases_dict as whole
    from pypinyin.pinyin_dict import pinyin_dict as characters

    longest = max(map(len, whole))
    table = {phrase: reading for phrase, reading in whole.items()
             if [_toneless(r[0]) for r in reading] != [_toneless(characters.get(ord(c), "").split(",")[0])
                                                      for c in phrase]}
    for name in names:
        for run in _HAN_RUN.findall(name or ""):
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + longest) + 1):
                    if run[i:j] in whole:
                        table[run[i:j]] = whole[run[i:j]]
    return dict(sorted(table.items()))


def _toneless(syllable: str) -> str:
    # Syllables are compared as they are searched: without tones.
    decomposed = unicodedata.normalize("NFKD", syllable)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
