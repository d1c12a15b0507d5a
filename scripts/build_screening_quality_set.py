"""Build the labelled screening quality set (bench/data/screening_quality.jsonl).

Every query is a variant of a real organisation's name, written the way names turn up
in publication affiliations, e-mail signatures and contracts, and labelled with the
registry id (ROR) or list entity it must resolve to. Look-alikes (a real name with its
place or proper name swapped for another real place) and names of organisations that
exist nowhere are labelled as such.

The variants are made with conventions from outside the screening code: Web of
Science / ISO 4 abbreviations, BGN/PCGN romanisation of Cyrillic, ELOT 743 for Greek,
German umlaut spelling, Arabic/Persian keyboard letter variants, traditional/simplified
Chinese characters, Hanyu Pinyin word grouping with and without tone marks, keyboard
typos. Pinyin syllables come from pypinyin, as in the screening code, but are written
the way people write them: in words, capitalised, some with tone marks. The screening
code's normaliser is used only to check that a name is unique (a
name two organisations share cannot be resolved by its name), never to make a variant.
The set is deterministic (seeded) and is committed; rebuild it with

    .venv/bin/python scripts/build_screening_quality_set.py
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT
from rigour.territories import get_territory

from ksdesk.screening.lists import load_all_lists, load_ror
from ksdesk.screening.names import has_han, key

OUT = Path(__file__).resolve().parents[1] / "bench" / "data" / "screening_quality.jsonl"

# Web of Science / ISO 4 journal-and-affiliation abbreviations.
WOS = {
    "university": "Univ",
    "institute": "Inst",
    "technology": "Technol",
    "science": "Sci",
    "sciences": "Sci",
    "academy": "Acad",
    "laboratory": "Lab",
    "national": "Natl",
    "research": "Res",
    "engineering": "Engn",
    "center": "Ctr",
    "centre": "Ctr",
    "hospital": "Hosp",
    "medical": "Med",
    "international": "Int",
    "chinese": "Chinese",
    "agricultural": "Agr",
    "aeronautics": "Aeronaut",
    "astronautics": "Astronaut",
    "polytechnic": "Polytech",
    "federal": "Fed",
    "company": "Co",
    "limited": "Ltd",
    "corporation": "Corp",
    "technical": "Tech",
    "college": "Coll",
    "school": "Sch",
    "foundation": "Fdn",
    "department": "Dept",
    "medicine": "Med",
    "physics": "Phys",
    "chemistry": "Chem",
    "electronic": "Elect",
    "information": "Informat",
    "state": "State",
    "normal": "Normal",
    "environmental": "Environm",
    "biological": "Biol",
    "applied": "Appl",
}
BGN_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "w",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "ђ": "dj",
    "џ": "dz",
    "қ": "q",
    "ғ": "gh",
    "ң": "ng",
    "ө": "o",
    "ү": "u",
    "ұ": "u",
    "һ": "h",
    "ә": "a",
}
ELOT_GREEK = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
# Arabic-keyboard and Persian-keyboard spellings of the same letters.
ARABIC_SWAPS = [("ی", "ي"), ("ي", "ی"), ("ک", "ك"), ("ك", "ک"), ("ة", "ه"), ("أ", "ا"), ("إ", "ا")]
TRAD = dict(
    zip(
        "学国华电医东业术农师范军与广门开济语台湾体机气药发兰阳宁龙岛团会现实验质经贸财进产设计资节处区县远运边长钢铁铁关联飞贵黄鲁辽吉苏浙闽赣湘鄂粤桂琼渝川黔滇陕甘青蒙疆藏港澳东海沈哈尔滨连",
        "學國華電醫東業術農師範軍與廣門開濟語臺灣體機氣藥發蘭陽寧龍島團會現實驗質經貿財進產設計資節處區縣遠運邊長鋼鐵鐵關聯飛貴黃魯遼吉蘇浙閩贛湘鄂粵桂瓊渝川黔滇陝甘青蒙疆藏港澳東海瀋哈爾濱連",
        strict=True,
    )
)
SIMP = {v: k for k, v in TRAD.items()}
KANA = re.compile(r"[\u3040-\u30ff]")
KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm".split()
DEPARTMENTS = [
    "Department of Physics",
    "School of Computer Science",
    "College of Chemistry and Chemical Engineering",
    "Department of Electrical Engineering",
    "School of Materials Science",
    "Key Laboratory of Photonics",
    "Department of Mathematics",
    "School of Life Sciences",
    "Faculty of Medicine",
    "Department of Mechanical Engineering",
    "College of Computer",
    "State Key Laboratory of Advanced Optics",
    "Department of Earth Sciences",
]
FIELDS = [
    "Marine Robotics",
    "Desert Agriculture",
    "Quantum Photonics",
    "Polar Hydrology",
    "Applied Glaciology",
    "Tropical Forestry",
    "Computational Linguistics",
    "Space Weather",
    "Volcanic Geochemistry",
    "Textile Engineering",
    "Coastal Ecology",
    "Sports Medicine",
    "Nuclear Materials",
    "Viticulture",
    "Arctic Shipping",
]
SURNAMES = ["Smith", "Wang", "Ivanova", "Haddad", "Jansen", "Kim"]
TYPES = ["Institute of", "Academy of", "College of", "Research Center for", "University of"]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def translit(text: str, table: dict[str, str]) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep.capitalize() if ch != low and rep else rep)
        else:
            out.append(ch)
    return "".join(out)


def bgn(text: str) -> str:
    # BGN/PCGN writes the adjective endings -ий/-ый as -iy/-yy.
    text = re.sub(r"ий\b", "iy", text)
    text = re.sub(r"ый\b", "yy", text)
    return translit(text, BGN_CYRILLIC)


def elot(text: str) -> str:
    text = strip_accents(text)
    for a, b in (("ου", "ou"), ("ΟΥ", "OU"), ("Ου", "Ou"), ("αι", "ai"), ("ει", "ei"), ("οι", "oi")):
        text = text.replace(a, b)
    return translit(text, ELOT_GREEK)


def abbreviate(name: str, rng: random.Random, dots: bool) -> str | None:
    words = name.split()
    hits = [
        i
        for i, w in enumerate(words)
        if w.lower().strip(",") in WOS and WOS[w.lower().strip(",")].lower() != w.lower().strip(",")
    ]
    if len(hits) < 1:
        return None
    out = list(words)
    for i in hits:
        short = WOS[words[i].lower().strip(",")]
        out[i] = short + ("." if dots else "") + ("," if words[i].endswith(",") else "")
    text = " ".join(w for w in out if w.lower() not in ("of", "the", "and", "for") or dots)
    return text if text != name else None


def reorder(name: str) -> str | None:
    m = re.match(
        r"^(University|Institute|Academy|College|School|Museum) of (?:the )?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)$", name
    )
    if m:
        return f"{m.group(2)} {m.group(1)}"
    m = re.match(r"^([A-Z][\w'-]+) (University|Institute|Academy|College)$", name)
    if m and m.group(1) not in ("State", "National", "Technical", "Medical", "Normal"):
        return f"{m.group(2)} of {m.group(1)}"
    m = re.match(r"^([^,()]+), ([^,()]+)$", name)
    if m and len(name.split()) <= 8 and not re.search(r"\b(Co|Ltd|Inc|LLC|GmbH|S\.?A)\b", name):
        return f"{m.group(2)}, {m.group(1)}"
    return None


def typo(name: str, rng: random.Random) -> str | None:
    words = name.split()
    choices = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not choices:
        return None
    i = rng.choice(choices)
    w = words[i]
    p = rng.randrange(1, len(w) - 2)
    kind = rng.choice(["swap", "drop", "double", "neighbour"])
    if kind == "swap":
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    elif kind == "drop":
        w = w[:p] + w[p + 1 :]
    elif kind == "double":
        w = w[:p] + w[p] + w[p:]
    else:
        row = next((r for r in KEYBOARD if w[p].lower() in r), None)
        if not row:
            return None
        j = row.index(w[p].lower())
        w = w[:p] + row[j + 1 if j + 1 < len(row) and row[j + 1] != " " else j - 1] + w[p + 1 :]
    words[i] = w
    out = " ".join(words)
    return out if out != name else None


# Characters that Hanyu Pinyin orthography writes as a word of their own after a name:
# province, city, county, office, bureau, room, institute, committee, ...
SUFFIX_CHARS = set("省市县区厅局室所院会部站馆厂处司")
# Words of institution names as people write them in pinyin ("Guojia Zhongdian Shiyanshi").
HANZI_WORDS = {
    "国家",
    "重点",
    "实验室",
    "大学",
    "学院",
    "研究所",
    "研究院",
    "研究中心",
    "中心",
    "科学院",
    "委员会",
    "中国",
    "科学",
    "技术",
    "工程",
    "工业",
    "医院",
    "人民",
    "附属",
    "第一",
    "第二",
    "师范",
    "理工",
    "农业",
    "医科",
    "医学",
    "交通",
    "科技",
    "电子",
    "信息",
    "航空",
    "航天",
    "材料",
    "化学",
    "物理",
    "生物",
    "资源",
    "环境",
    "地质",
    "海洋",
    "能源",
    "电力",
    "水利",
    "经济",
    "管理",
    "政法",
    "财经",
    "外国语",
    "语言",
    "公司",
    "有限",
    "集团",
    "股份",
    "责任",
    "省",
    "市",
    "自治区",
    "国立",
    "联合",
}


def hanzi_words(zh: str) -> list[str]:
    """Greedy longest match on pypinyin's phrase list, the rest in two-character words."""
    words, buffer, i = [], "", 0

    def flush():
        nonlocal buffer
        words.extend(buffer[j : j + 2] for j in range(0, len(buffer), 2))
        buffer = ""

    while i < len(zh):
        for size in (4, 3, 2):
            if zh[i : i + size] in PHRASES_DICT or zh[i : i + size] in HANZI_WORDS:
                flush()
                words.append(zh[i : i + size])
                i += size
                break
        else:
            if zh[i] in SUFFIX_CHARS:
                flush()
                words.append(zh[i])
            else:
                buffer += zh[i]
            i += 1
    flush()
    return [w for w in words if w.strip()]


def pinyin_words(zh: str, tones: bool, spaced: bool) -> str:
    style = Style.TONE if tones else Style.NORMAL
    if spaced:
        return " ".join(s.capitalize() for s in lazy_pinyin(zh, style=style, errors="ignore"))
    # Hanyu Pinyin orthography writes words, not syllables.
    words = ["".join(lazy_pinyin(w, style=style, errors="ignore")) for w in hanzi_words(zh)]
    return " ".join(w.capitalize() for w in words if w)


def country_name(code: str | None) -> str:
    t = get_territory(code) if code else None
    return t.name if t else ""


def make(query, kind, expected, country=None, source=None, note=None, expect_list=None):
    rec = {"query": query, "kind": kind, "expected": expected}
    if country:
        rec["country"] = country
    if source:
        rec["source"] = source
    if note:
        rec["note"] = note
    if expect_list:
        rec["expect_list_entry"] = expect_list
    return rec


def build(seed: int = 20260709) -> list[dict]:
    rng = random.Random(seed)
    orgs = [o for o in load_ror() if o.status == "active"]
    lists = load_all_lists()
    by_id = {o.ror_id: o for o in orgs}
    all_keys = Counter(key(n.value) for o in orgs for n in o.names)
    for v in lists:
        for e in v.entries:
            for n in e.names:
                all_keys[key(n.value)] += 1
    acronym_owners = Counter(n.value.upper() for o in orgs for n in o.names if n.kind == "acronym")
    for v in lists:
        for e in v.entries:
            for n in e.names:
                if n.kind == "acronym":
                    acronym_owners[n.value.upper()] += 1
    # Names shared by two registry organisations cannot be resolved by a name alone.
    official_count = Counter(key(o.name) for o in orgs)
    unique = [o for o in orgs if official_count[key(o.name)] == 1 and len(o.name) <= 90]
    rng.shuffle(unique)
    out: list[dict] = []

    def take(kind, n, fn, pool=unique):
        made = 0
        for o in pool:
            if made >= n:
                break
            rec = fn(o)
            if rec:
                rec.setdefault("kind", kind)
                out.append(rec)
                made += 1

    take(
        "case_punctuation",
        90,
        lambda o: (
            make(
                (o.name.upper() if rng.random() < 0.5 else o.name.lower()).replace(",", "").replace("-", " "),
                "case_punctuation",
                o.ror_id,
            )
            if len(o.name.split()) >= 2
            else None
        ),
        unique[0:4000],
    )
    take(
        "diacritics",
        80,
        lambda o: (
            make(
                (translit(o.name, GERMAN) if any(c in o.name for c in "äöüß") else strip_accents(o.name)),
                "diacritics",
                o.ror_id,
            )
            if not o.name.isascii() and not has_han(o.name) and strip_accents(o.name) != o.name
            else None
        ),
    )
    take(
        "abbreviation",
        110,
        lambda o: (lambda a: make(a, "abbreviation", o.ror_id) if a else None)(
            abbreviate(o.name, rng, dots=rng.random() < 0.5)
        ),
        unique[4000:12000],
    )
    take(
        "word_order",
        90,
        lambda o: (lambda r: make(r, "word_order", o.ror_id) if r and key(r) not in all_keys else None)(
            reorder(o.name)
        ),
        unique[12000:30000],
    )
    take(
        "typo",
        110,
        lambda o: (lambda t: make(t, "typo", o.ror_id) if t else None)(typo(o.name, rng)),
        unique[30000:36000],
    )

    def acro(o):
        acros = [
            n.value
            for n in o.names
            if n.kind == "acronym" and acronym_owners[n.value.upper()] == 1 and len(n.value) >= 3 and n.value.isupper()
        ]
        if not acros:
            return None
        q = acros[0]
        if rng.random() < 0.5:
            return make(f"{q}, {o.city}, {country_name(o.country)}", "acronym", o.ror_id)
        return make(q, "acronym", o.ror_id, country=o.country)

    take("acronym", 90, acro, unique[36000:])

    def cyrillic(o):
        labels = [
            n.value
            for n in o.names
            if n.lang in ("ru", "uk", "bg", "sr", "be", "kk") and re.search("[а-яА-Я]", n.value)
        ]
        if not labels:
            return None
        return make(bgn(labels[0]), "transliteration_cyrillic", o.ror_id, note=labels[0])

    take("transliteration_cyrillic", 90, cyrillic)

    def greek(o):
        labels = [n.value for n in o.names if re.search("[α-ωΑ-Ω]", n.value)]
        return make(elot(labels[0]), "transliteration_greek", o.ror_id, note=labels[0]) if labels else None

    take("transliteration_greek", 40, greek)

    def arabic(o):
        labels = [n.value for n in o.names if n.lang in ("ar", "fa") and re.search("[\u0600-\u06ff]", n.value)]
        if not labels:
            return None
        text = labels[0]
        for a, b in ARABIC_SWAPS:
            if a in text:
                text = text.replace(a, b)
                break
        else:
            return None
        kind = "persian_script" if any(n.lang == "fa" for n in o.names) else "arabic_script"
        return make(text, kind, o.ror_id, note=labels[0])

    take("arabic_script", 80, arabic)

    def chinese(o):
        labels = [n.value for n in o.names if has_han(n.value) and n.lang == "zh" and not KANA.search(n.value)]
        if not labels:
            return None
        text = labels[0]
        converted = "".join(TRAD.get(c, c) for c in text)
        if converted == text:
            converted = "".join(SIMP.get(c, c) for c in text)
        if converted == text:
            return None
        return make(converted, "chinese_characters", o.ror_id, note=text)

    take("chinese_characters", 80, chinese)
    zh_pool = [
        o for o in unique if any(has_han(n.value) and n.lang == "zh" and not KANA.search(n.value) for n in o.names)
    ]
    rng.shuffle(zh_pool)

    def pinyin(spaced):
        def fn(o):
            zh = next(n.value for n in o.names if has_han(n.value) and n.lang == "zh" and not KANA.search(n.value))
            return make(
                pinyin_words(zh, tones=rng.random() < 0.3, spaced=spaced),
                "pinyin_spaced" if spaced else "pinyin_unspaced",
                o.ror_id,
                note=zh,
            )

        return fn

    take("pinyin_spaced", 60, pinyin(True), zh_pool[:200])
    take("pinyin_unspaced", 60, pinyin(False), zh_pool[200:400])

    # Affiliations: a department, the organisation, a city with a postcode, the country.
    def affiliation(o):
        if not o.city or not o.country or "education" not in o.types:
            return None
        dept = rng.choice(DEPARTMENTS)
        post = f" {rng.randint(10000, 999999)}" if rng.random() < 0.6 else ""
        return make(f"{dept}, {o.name}, {o.city}{post}, {country_name(o.country)}", "affiliation", o.ror_id)

    take("affiliation", 110, affiliation, unique[5000:])

    def email(o):
        if "education" not in o.types and "facility" not in o.types:
            return None
        short = abbreviate(o.name, rng, dots=True) or o.name
        parts = [
            f"Dr. {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(SURNAMES)}",
            rng.choice(DEPARTMENTS),
            short,
        ]
        if o.domains and rng.random() < 0.4:
            parts.append(f"{rng.choice(['j.smith', 'wang.li', 'a.ivanova'])}@{o.domains[0]}")
        return make(" | ".join(parts), "email_signature", o.ror_id)

    take("email_signature", 80, email, unique[15000:])

    def contract(o):
        if "company" not in o.types and "nonprofit" not in o.types:
            return None
        name = o.name
        name = re.sub(r"\bCo\.,? Ltd\.?$", "Company Limited", name) if rng.random() < 0.5 else name
        tail = rng.choice(
            [f", a legal entity registered in {country_name(o.country)}", " (hereinafter: the Partner)", ""]
        )
        return make(f"{name.upper()}{tail}", "contract", o.ror_id)

    take("contract", 70, contract, unique[20000:])

    # Former names and list-only organisations: resolve to the list entry.
    former = [
        (e, n)
        for v in lists
        for e in v.entries
        for n in e.names
        if n.kind == "former" and e.schema != "person" and len(n.value) > 6 and all_keys[key(n.value)] == 1
    ]
    rng.shuffle(former)
    for e, n in former[:60]:
        out.append(
            make(
                n.value.title() if n.value.isupper() else n.value.upper(), "former_name", e.entity_id, country=e.country
            )
        )

    # Children of listed institutions: the child must be found, and the listed parent with it.
    listed_names = {
        key(e.name): (v.source, e.entity_id)
        for v in lists
        for e in v.entries
        if v.source in ("aspi-unitracker", "canada-nro") and not e.parent_entity_id
    }
    children = []
    for o in orgs:
        for p in o.parents:
            parent = by_id.get(p)
            if parent and key(parent.name) in listed_names and official_count[key(o.name)] == 1:
                children.append((o, parent))
    rng.shuffle(children)
    for o, parent in children[:50]:
        out.append(
            make(
                o.name, "child_of_listed", o.ror_id, source=parent.ror_id, expect_list=listed_names[key(parent.name)][1]
            )
        )

    # Look-alike pairs that both exist: each must resolve to itself, not to the other.
    words = defaultdict(list)
    for o in unique[:40000]:
        words[frozenset(key(o.name).split())].append(o)
    pairs = []
    for o in unique[:40000]:
        toks = key(o.name).split()
        if len(toks) >= 3:
            sub = frozenset(toks[:2])
            for other in words.get(sub, []):
                if other.ror_id != o.ror_id and other.country == o.country:
                    pairs.append((other, o))
    rng.shuffle(pairs)
    for short, long_ in pairs[:60]:
        out.append(make(short.name, "lookalike_pair", short.ror_id, source=long_.ror_id, note=f"not {long_.name}"))

    # Negatives. Place swaps: a real name with its city replaced by another city of the country.
    cities = defaultdict(set)
    for o in orgs:
        if o.city and o.city.isascii() and len(o.city) >= 4:
            cities[o.country].add(o.city)
    swaps = 0
    for o in unique:
        if swaps >= 320:
            break
        # The place must be part of the name proper, not a qualifier after a comma or in
        # brackets: "X Institute, Delhi" for "X Institute, Lucknow" names a branch of X.
        head = re.split(r"[,(]", o.name)[0]
        if not o.city or o.city not in head or len(cities[o.country]) < 5 or len(head.split()) < 2:
            continue
        other = rng.choice(sorted(cities[o.country] - {o.city}))
        if other in o.name or other.lower() in o.name.lower():
            continue
        swapped = o.name.replace(o.city, other)
        if all_keys.get(key(swapped)):
            continue
        out.append(make(swapped, "lookalike_swap", None, source=o.ror_id, note=f"{o.city} -> {other}"))
        swaps += 1
    made = 0
    places = sorted({c for cs in cities.values() for c in cs})
    while made < 160:
        name = f"{rng.choice(places)} {rng.choice(TYPES)} {rng.choice(FIELDS)}"
        if not all_keys.get(key(name)):
            out.append(make(name, "nonexistent", None))
            made += 1

    # A name with its place, as affiliations and signatures write it: "X, Chongqing", "X Kunming",
    # "X, China", "X, Shanghai, China", sometimes in capitals.
    def with_place(o):
        if not o.city or not o.country or o.city.lower() in o.name.lower():
            return None
        country = country_name(o.country)
        text = rng.choice([f"{o.name}, {o.city}", f"{o.name} {o.city}", f"{o.name}, {country}",
                           f"{o.name}, {o.city}, {country}"])
        return make(text.upper() if rng.random() < 0.2 else text, "name_with_place", o.ror_id)

    take("name_with_place", 120, with_place, unique[40000:])

    # Look-alike pairs the other way round: the longer name must resolve to itself, not to the
    # shorter one spelled out at its start ("Chongqing University of Technology").
    for short, long_ in pairs[60:140]:
        out.append(make(long_.name, "longer_name", long_.ror_id, source=short.ror_id, note=f"not {short.name}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=20260709)
    args = parser.parse_args()
    records = build(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts = Counter(r["kind"] for r in records)
    print(f"{len(records)} queries -> {args.out}")
    for kind, n in sorted(counts.items()):
        print(f"  {kind:28s} {n}")


if __name__ == "__main__":
    main()
