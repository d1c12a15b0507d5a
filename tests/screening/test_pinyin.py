"""The small phrase table reads Chinese names as pypinyin's whole table does."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from ksdesk.screening import names as nm
from ksdesk.screening import pinyin

_WHOLE_TABLE = """
import json, sys
from pypinyin import Style, lazy_pinyin
print(json.dumps([lazy_pinyin(t, style=Style.NORMAL, errors="ignore") for t in json.load(sys.stdin)]))
"""


def test_every_chinese_name_in_the_lists_reads_as_with_the_whole_table(index):
    runs = sorted({run for name in index.name_values for run in pinyin._HAN_RUN.findall(name or "")})
    assert len(runs) > 100  # the fixture lists and registry hold real Chinese names
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    whole = subprocess.run([sys.executable, "-c", _WHOLE_TABLE], input=json.dumps(runs), env=env,
                           capture_output=True, text=True, check=True)
    assert [pinyin.syllables(run) for run in runs] == json.loads(whole.stdout)


def test_a_character_is_read_by_the_phrase_it_stands_in():
    assert nm.to_ascii("重庆大学") == "chong qing da xue"  # not "zhong qing"
    assert nm.to_ascii("厦门大学") == "xia men da xue"
    assert nm.to_ascii("中国银行") == "zhong guo yin hang"


def test_the_table_keeps_phrases_read_otherwise_and_those_in_names():
    table = pinyin.phrase_table(["北京航空航天大学"])
    assert "重庆" in table  # read otherwise than its characters alone
    assert "航空" in table and "大学" in table  # in a name


def test_the_shipped_table_reads_every_character_and_phrase_as_pypinyin_does():
    table = pinyin._table()
    assert table is not None, "the shipped table is stale: run `ksdesk registry pinyin-table`"
    phrases, _prefixes, characters, readings = table
    by_phrase, by_character = pinyin.pypinyin_tables()
    assert len(phrases) == len(by_phrase) and len(characters) == len(by_character)
    assert {p: readings[phrases[p]] for p in by_phrase} == by_phrase
    assert {c: readings[characters[c]] for c in by_character} == by_character


def test_runs_of_characters_are_cut_into_phrases_as_pypinyin_cuts_them(index):
    # Real names, and runs made of phrases and characters glued together, where the longest
    # phrase first decides how they read.
    runs = sorted({run for name in index.name_values for run in pinyin._HAN_RUN.findall(name or "")})
    rng = random.Random(3)
    phrases = sorted(pinyin.pypinyin_tables()[0])
    characters = "中国人民大学科技院所研究北京重庆厦门银行长行乐音了的地得"
    for _ in range(3000):
        pieces = [rng.choice(phrases) if rng.random() < 0.6 else rng.choice(characters) for _ in range(rng.randint(1, 6))]
        runs.append("".join(pieces))
    runs += ["国防科技大学", "哈尔滨工业大学", "华为技术有限公司", "重", "〇"]
    assert [pinyin.syllables(run) for run in runs] == [pinyin.pypinyin_syllables(run) for run in runs]


def test_without_a_table_of_its_own_pypinyin_reads(monkeypatch, tmp_path):
    monkeypatch.setattr(pinyin, "table_path", lambda: tmp_path / "absent.idx")
    pinyin._table.cache_clear()
    try:
        assert pinyin._table() is None
        assert pinyin.syllables("重庆大学") == ["chong", "qing", "da", "xue"]
    finally:
        pinyin._table.cache_clear()
