"""Every text of the portfolio pages has a Dutch translation (in any of the merged catalogues)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from ksdesk.web import i18n

SRC = Path(i18n.__file__).resolve().parents[1]


def test_every_portfolio_message_has_a_dutch_translation():
    catalogue = i18n.load_catalogue("nl")
    method_map = [("portfolio/templates/portfolio/**.html", "jinja2"), ("portfolio/**.py", "python"),
                  ("**.py", "ignore"), ("**.html", "ignore")]
    options = {"portfolio/templates/portfolio/**.html": {"extensions": "jinja2.ext.i18n"}}
    ids = {m if isinstance(m, str) else m[0]
           for _f, _l, m, _c, _x in extract_from_dir(SRC, method_map, options_map=options,
                                                      keywords={"_": None, "gettext": None})}
    # The navigation's entries and the links on the home page.
    ids |= {"Desk charts", "National portfolio figures and charts", "The desk's figures as charts",
            "Portfolio of your institution"}
    # Words spelled the same in Dutch.
    same = {"Portfolio", "Open", "Status", "Code"}
    missing = sorted(i for i in ids if catalogue.gettext(i) == i and i not in same)
    assert missing == []


def test_the_page_speaks_dutch(browser, known):
    from tests.webtools import csrf_of

    alice = browser("alice")
    token = csrf_of(alice.get("/portfolio").text)
    alice.post("/language", data={"lang": "nl", "next": "/portfolio", "csrf_token": token})
    page = alice.get("/portfolio").text
    assert "Samenwerkingen per land" in page and "Braincirculatie per jaar" in page
    assert "Duitsland" in page
