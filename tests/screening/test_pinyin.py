"""The small phrase table reads Chinese names as pypinyin's whole table does."""

from __future__ import annotations

import json
import os
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
