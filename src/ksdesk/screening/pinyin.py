"""Chinese characters as pinyin syllables, with a small phrase table of our own.

pypinyin reads a character by the phrase it stands in ("重庆" is chong qing, not zhong
qing). Its whole phrase table is 47,000 phrases that take some 50 MB in every process that
reads one Chinese name, most of them words no organisation's name holds. The shipped table
(``pinyin_phrases.json``, written by ``ksdesk registry pinyin-phrases``) keeps only the
phrases that matter for names: those read otherwise than their characters alone, and
every phrase in a Chinese name of the shipped registry and lists. Names and queries are
read by the same table, so they always meet.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from types import ModuleType
from typing import Any

PHRASES_FILE = "pinyin_phrases.json"
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
    pypinyin = _pypinyin()
    return list(pypinyin.lazy_pinyin(han, style=pypinyin.Style.NORMAL, errors="ignore"))


def phrase_table(names: Iterable[str]) -> dict[str, Any]:
    """The phrases of pypinyin's whole table that names need: those whose reading is not
    their characters' first reading, and those found in ``names``."""
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
