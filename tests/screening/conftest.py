"""A small screening index from real registry records and real lists, built once per session."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ksdesk.screening.building import build_index
from ksdesk.screening.lists import load_aspi, load_nro_csv, load_ror, load_un, load_us_lists

FIXTURES = Path(__file__).parent / "fixtures"

# Real organisations the tests name, and their look-alikes.
ROR_IDS = {
    "nudt": "https://ror.org/05d2yfz11",
    "bit": "https://ror.org/01skt4w74",
    "bjut": "https://ror.org/037b1pp87",
    "nju": "https://ror.org/01rxvg760",
    "nuaa": "https://ror.org/01scyh794",
    "njust": "https://ror.org/00xp9wg62",
    "tsinghua": "https://ror.org/03cve4549",
    "buaa": "https://ror.org/00wk2mp56",
    "hit": "https://ror.org/01yqg2h08",
    "hit_shenzhen": "https://ror.org/00hwfqh10",
    "hit_robotics_lab": "https://ror.org/015m77g16",
    "msu": "https://ror.org/010pmpe69",
    "athens": "https://ror.org/04gnjpq42",
    "kostanay_stu": "https://ror.org/0246fxh44",
    "kostanay_su": "https://ror.org/05y74m987",
    "pku": "https://ror.org/02v51f717",
    "whu": "https://ror.org/033vjfk17",
    "delft": "https://ror.org/02e2c7k09",
    "chicago": "https://ror.org/024mw5h28",
    "chicago_mc": "https://ror.org/0076kfe04",
    "ucsd": "https://ror.org/0168r3w48",
    "uc_system": "https://ror.org/00pjdza24",
    "yale": "https://ror.org/03v76x132",
    "ucl": "https://ror.org/02jx3x895",
    "ucl_australia": "https://ror.org/024atcf19",
    "uvic": "https://ror.org/04s5mat29",
    "victoria_au": "https://ror.org/04j757h98",
    "victoria_ug": "https://ror.org/01rrz9s51",
    "hust": "https://ror.org/00p991c53",
    "nwpu": "https://ror.org/01y0j0j86",
    "immunology_de": "https://ror.org/01x8c0495",
    "immunology_hr": "https://ror.org/02zhyrb63",
    "lbnl": "https://ror.org/02jbv0t02",
    "jgi": "https://ror.org/04xm1d337",
    "asml": "https://ror.org/01vxknj13",
    "huawei": "https://ror.org/00cmhce21",
    "harvard": "https://ror.org/03vek6s52",
    "wake_forest": "https://ror.org/0207ad724",
    "ucdavis": "https://ror.org/05rrcem69",
    "ucsf": "https://ror.org/043mz5j54",
    "limoges": "https://ror.org/02cp04407",
    "shandong": "https://ror.org/0207yh398",
    "humboldt": "https://ror.org/01hcx6992",
    "turin": "https://ror.org/048tbm396",
    "prio": "https://ror.org/04dx54y73",
    "brain_surgery_rawalpindi": "https://ror.org/05sr29j23",
    "uiuc": "https://ror.org/047426m28",
    "illinois_system": "https://ror.org/05e94g991",
    "hku": "https://ror.org/02zhqgq86",
    "hkust_gz": "https://ror.org/050h0vm43",
    "innsbruck_medical": "https://ror.org/03pt86f80",
    "fu_berlin": "https://ror.org/046ak2485",
    "fred_hutch": "https://ror.org/007ps6h72",
    "tennessee_system": "https://ror.org/00xzqjh13",
    "wisconsin_system": "https://ror.org/03ydkyb10",
    "unlv": "https://ror.org/0406gha72",
    "unr": "https://ror.org/01keh0577",
    "defence_sweden": "https://ror.org/01n3rmm34",
    "henry_ford": "https://ror.org/02kwnkm68",
    "ucla": "https://ror.org/046rm7j60",
    "nyu": "https://ror.org/0190ak572",
    "mordovia": "https://ror.org/0262qgk29",
    "toshiba": "https://ror.org/0326v3z14",
    "zte": "https://ror.org/00rjhhq63",
    "ericsson": "https://ror.org/05a7rhx54",
    "honeywell": "https://ror.org/02t71h845",
    "nxp": "https://ror.org/059be4e97",
    "samsung_us": "https://ror.org/01bfbvm65",
    "samsung_kr": "https://ror.org/04w3jy968",
    "imcb_singapore": "https://ror.org/04xpsrn94",
    "ibmc_porto": "https://ror.org/005dkht93",
    "cell_chemical_biology_paris": "https://ror.org/03k37h274",
    "lumc": "https://ror.org/05xvt9f17",
    "cologne": "https://ror.org/00rcxh774",
    "chongqing": "https://ror.org/023rhb549",
    "chongqing_tech": "https://ror.org/04vgbd477",
    "tottori": "https://ror.org/024yc3q36",
    "tottori_hospital": "https://ror.org/03wa1wy25",
    "culturgest": "https://ror.org/02bt8f617",
    "caixa": "https://ror.org/003fvp188",
    "education_winneba": "https://ror.org/00y1ekh28",
    "education_pakistan": "https://ror.org/052z7nw84",
    "sysu": "https://ror.org/0064kty71",
    "sysu_stomatology": "https://ror.org/04bswr545",
    "universia": "https://ror.org/05gpc3w70",
    "university_foundation_be": "https://ror.org/001t02e86",
    "agriculture_korea": "https://ror.org/009g8rq41",
    "nwo": "https://ror.org/04jsz6e67",
    "nwo_institutes": "https://ror.org/010e01376",
    "usgs": "https://ror.org/035a68863",
    "usgs_wetland_centre": "https://ror.org/05qtybq80",
    "agriculture_estonia": "https://ror.org/004gem776",
    "mayo_cancer_arizona": "https://ror.org/003xpy695",
    "mayo_cancer_florida": "https://ror.org/007q04248",
    "pacific_lima": "https://ror.org/05mmg7t28",
    "pacific_santiago": "https://ror.org/005gk0s47",
    "cibio": "https://ror.org/0476hs695",
    "cibio_withdrawn": "https://ror.org/02vpwt473",
    "xian_technology": "https://ror.org/038avdt50",
    "shanghaitech": "https://ror.org/030bhh786",
    "shanghai_science_technology": "https://ror.org/00ay9v204",
    "foundation_1675": "https://ror.org/04n3dya31",
    "hust_harbin": "https://ror.org/04e6y1282",
    "walla_walla": "https://ror.org/02x559v43",
    "western_washington": "https://ror.org/05wn7r715",
    "munster": "https://ror.org/00pd74e08",
    "soochow": "https://ror.org/05t8y2r12",
    "suzhou": "https://ror.org/02bz8aa76",
    "geosciences_wuhan": "https://ror.org/04gcegc37",
    "geosciences_beijing": "https://ror.org/04q6c7p66",
    "wuhan": "https://ror.org/033vjfk17",
    "wuhan_technology": "https://ror.org/03fe7t173",
    "wuhan_virology": "https://ror.org/01jxjav08",
    "nanchang": "https://ror.org/042v6xz23",
    "boston_university": "https://ror.org/05qwgg493",
    "tufts": "https://ror.org/05wvpxv85",
    "chengdu_university": "https://ror.org/034z67559",
    "andrews": "https://ror.org/04aaa2n62",
    "princeton": "https://ror.org/00hx57361",
    "incor": "https://ror.org/00q3jak84",
    "insb": "https://ror.org/00rydyx93",
    "ibmc_strasbourg": "https://ror.org/05qpmg879",
    "beheshti": "https://ror.org/0091vmj44",
    "beheshti_medical": "https://ror.org/034m2b326",
    "qilu_hospital": "https://ror.org/056ef9489",
    "pasteur_paris": "https://ror.org/0495fxg12",
    "pasteur_iran": "https://ror.org/00wqczk30",
    "paris_cite": "https://ror.org/05f82e368",
    "life_sciences_beijing": "https://ror.org/05kje8j93",
    "yunnan": "https://ror.org/0040axw97",
    "cas": "https://ror.org/034t30j35",
    "physics_cas": "https://ror.org/05cvf7v30",
    "mipt": "https://ror.org/00v0z9322",
    "moscow_aviation": "https://ror.org/033zpbv42",
    "csic": "https://ror.org/02gfc7t72",
    "csic_shipbuilder": "https://ror.org/0410k9915",
    "cajal": "https://ror.org/012gwbh42",
    "kaist": "https://ror.org/05apxxy63",
    "montreal_neurological": "https://ror.org/05ghs6f64",
    "mcgill": "https://ror.org/01pxwe438",
    "astar": "https://ror.org/036wvzt09",
    "inserm": "https://ror.org/02vjkv261",
    "requimte": "https://ror.org/04j14t006",
    "porto": "https://ror.org/043pwc612",
    "problemas_nacionales": "https://ror.org/045hhcf06",
    "drake": "https://ror.org/001skmk61",
    "heidelberg_hospital": "https://ror.org/013czdx64",
    "unam": "https://ror.org/01tmp8f25",
    "chile": "https://ror.org/047gc3g35",
    "chile_central": "https://ror.org/0577avk88",
    "cetc": "https://ror.org/0098hst83",
    "pla_general": "https://ror.org/04gw3ra78",
    "nuhs": "https://ror.org/05tjjsh18",
    "leiden": "https://ror.org/027bh9e22",
    "chu_nantes": "https://ror.org/05c1qsg97",
    "inta": "https://ror.org/02m44ak47",
    "yangtze": "https://ror.org/05bhmhz54",
    "it_del": "https://ror.org/02r7z4c46",
    "zhejiang": "https://ror.org/00a2xv884",
    "zhejiang_af": "https://ror.org/02vj4rn06",
    "nc_state": "https://ror.org/04tj63d06",
    "nc_at": "https://ror.org/02aze4h65",
    "florida": "https://ror.org/02y3ad647",
    "florida_am": "https://ror.org/00c4wc133",
    "samsung": "https://ror.org/04w3jy968",
    "ghana": "https://ror.org/01r22mr83",
    "lymphoma_foundation": "https://ror.org/02y7bdg71",
    "nau": "https://ror.org/0272j5188",
    "northern_university": "https://ror.org/024rm9722",
    "unsam": "https://ror.org/00v29jp57",
    "crg": "https://ror.org/03wyzt892",
    "rki": "https://ror.org/01k5qnb77",
    "entre_rios": "https://ror.org/01wgfva68",
    "american_cancer_society": "https://ror.org/02e463172",
    "indonesia_health": "https://ror.org/00fqjrd79",
    "shariaty": "https://ror.org/04qt8pd90",
    "communication_china": "https://ror.org/04facbs33",
    "redeemer": "https://ror.org/04qx1zg28",
    "ipn": "https://ror.org/059sp8j34",
    "ucb_brasilia": "https://ror.org/0058wy590",
    "berkeley": "https://ror.org/01an7q238",
    "pirkanmaa": "https://ror.org/01vf7he45",
    "nust_misis": "https://ror.org/019vsm959",
    "nust_oman": "https://ror.org/00rb2rb24",
    "nust_zimbabwe": "https://ror.org/02kesvt12",
    "nust_iraq": "https://ror.org/01ss3xk05",
    "nih": "https://ror.org/01cwqze88",
    "joan_xxiii": "https://ror.org/05s4b1t72",
    "amsterdam": "https://ror.org/04dkp9463",
    "virginia": "https://ror.org/0153tk833",
    "usariem": "https://ror.org/00rg6zq05",
    "us_doe": "https://ror.org/01bj3aw27",
    "whitehead": "https://ror.org/04vqm6w82",
    "ecopetrol": "https://ror.org/05gsrh908",
    "hebut": "https://ror.org/018hded08",
    "hebust": "https://ror.org/05h3pkk68",
    "upc_east_china": "https://ror.org/05gbn2817",
    "ecut": "https://ror.org/027385r44",
    "gottingen": "https://ror.org/01y9bpm73",
    "aarhus": "https://ror.org/01aj84f44",
    "oslo": "https://ror.org/01xtthb56",
    "ntu_taiwan": "https://ror.org/05bqach95",
    "astu": "https://ror.org/02ccba128",
    "polish_academy": "https://ror.org/01dr6c206",
}


@pytest.fixture(scope="session")
def all_ror():
    return load_ror()


@pytest.fixture(scope="session")
def registry_subset(all_ror):
    wanted = set(ROR_IDS.values())
    by_id = {o.ror_id: o for o in all_ror}
    # Parents and children of the named organisations, and a seeded sample as distractors.
    for rid in list(wanted):
        wanted.update(by_id[rid].parents)
        wanted.update(by_id[rid].children)
    rng = random.Random(5)
    others = rng.sample(all_ror, 2500)
    return [o for o in all_ror if o.ror_id in wanted] + [o for o in others if o.ror_id not in wanted]


@pytest.fixture(scope="session")
def small_lists():
    us = [v for v in load_us_lists() if v.source in ("bis-entity-list", "dow-1286")]
    return [load_aspi(), load_nro_csv(), load_un(), *us]


@pytest.fixture(scope="session")
def index(registry_subset, small_lists):
    return build_index(registry_subset, small_lists)


@pytest.fixture(scope="session")
def ror_ids():
    return ROR_IDS
