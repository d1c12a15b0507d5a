"""The assessment pages: questionnaire, levels with reasons, mitigations, decision, what-if and the report."""

import re

import pytest

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import default_rules_text, inputs
from tests.assessment.pdftext import is_pdf, pdf_text
from tests.webtools import csrf_of, post_form


@pytest.fixture
def case(make_collaboration):
    return make_collaboration("bob", title="Shared health data", technology_areas=["Facial recognition"]).id


def url(cid, rest=""):
    return f"/collaborations/{cid}/assessment{rest}"


def answer(client, cid, **answers):
    data = {f"answers.{k}": v for k, v in answers.items()}
    return post_form(client, url(cid, "/questionnaire"), url(cid, "/questionnaire"), data)


def test_the_advisor_answers_the_questionnaire_and_sees_levels_with_their_evidence(browser, case):
    alice = browser("alice")
    assert "has not been assessed yet" in alice.get(url(case)).text
    assert answer(alice, case, sensitive_data="yes", misuse_potential="yes").status_code == 303
    page = alice.get(url(case)).text
    assert 'id="level-ethics"' in page and 'data-level="high"' in page
    assert "Catalogue entry: “Facial recognition”" in page and "Answer: " in page
    assert 'id="rule-set-version">2026.3<' in page


def test_a_wrong_answer_is_shown_at_its_field_and_nothing_is_saved(browser, case):
    alice = browser("alice")
    response = answer(alice, case, sensitive_data="perhaps")
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text and 'href="#answers-sensitive_data"' in response.text
    assert "has not been assessed yet" in alice.get(url(case)).text


def test_a_post_without_the_csrf_token_is_refused(browser, case):
    alice = browser("alice")
    response = alice.post(url(case, "/questionnaire"), data={"answers.sensitive_data": "yes"}, follow_redirects=False)
    assert response.status_code in (400, 403)


def test_the_advisor_chooses_mitigations_tracks_them_and_decides(browser, case):
    alice = browser("alice")
    answer(alice, case, sensitive_data="yes", misuse_potential="yes")
    page = alice.get(url(case)).text
    suggested = re.findall(r'name="mitigation" value="([^"]+)"', page)
    assert suggested
    assert post_form(alice, url(case), url(case, "/mitigations"), {"mitigation": suggested[:2]}).status_code == 303
    decision = post_form(alice, url(case), url(case, "/decision"),
                         {"decision": "approve_with_conditions", "reasons": "Only with these measures.",
                          "override_reason": "The open questions do not apply to health data.", "confirm": "on"})
    assert decision.status_code == 303
    done = post_form(alice, url(case), url(case, f"/mitigations/{suggested[0]}"), {"status": "done", "note": ""})
    assert done.status_code == 303
    page = alice.get(url(case)).text
    assert 'data-decision="approve_with_conditions"' in page and 'data-status="done"' in page
    assert 'id="decision-form"' not in page and 'id="choose-mitigations"' not in page


def test_a_decision_without_reasons_is_refused_at_the_field(browser, case):
    alice = browser("alice")
    answer(alice, case, sensitive_data="no")
    response = post_form(alice, url(case), url(case, "/decision"), {"decision": "approve", "reasons": " "})
    assert response.status_code == 422 and 'href="#reasons"' in response.text


def test_the_what_if_view_shows_what_changes_and_saves_nothing(browser, case):
    alice = browser("alice")
    answer(alice, case, misuse_potential="no")
    response = post_form(alice, url(case, "/what-if"), url(case, "/what-if"),
                         {"answers.misuse_potential": "yes", "state_share": "0", "facilities_provider": "dutch_institution"})
    assert response.status_code == 200
    assert 'id="level-changes"' in response.text and 'data-theme="ethics"' in response.text
    assert 'id="answers-misuse_potential-no" name="answers.misuse_potential" value="no" checked' in alice.get(
        url(case, "/questionnaire")).text


def test_the_researcher_reads_the_assessment_but_cannot_answer_or_decide(browser, case):
    browser("alice")
    alice = browser("alice")
    answer(alice, case, sensitive_data="yes")
    bob = browser("bob")
    page = bob.get(url(case)).text
    assert 'id="level-ethics"' in page and 'id="open-questionnaire"' not in page and 'id="decision-form"' not in page
    assert bob.get(url(case, "/questionnaire")).status_code == 404


@pytest.mark.parametrize("who", ["carol", "erin", "frank", "gina", "hank"])
def test_other_institutions_and_other_roles_get_not_found(browser, case, who):
    assert browser(who).get(url(case)).status_code == 404


def test_the_report_is_a_page_and_a_pdf_with_levels_decision_and_signature_lines(browser, case):
    alice = browser("alice")
    answer(alice, case, sensitive_data="yes")
    post_form(alice, url(case), url(case, "/decision"), {"decision": "decline", "reasons": "Too much risk.", "confirm": "on"})
    page = alice.get(url(case, "/versions/1/report")).text
    assert "Assessment report" in page and 'id="signatures"' in page and 'id="report-partners"' in page
    pdf = alice.get(url(case, "/versions/1/report.pdf"))
    assert pdf.headers["content-type"] == "application/pdf" and is_pdf(pdf.content)
    pages, text = pdf_text(pdf.content)
    assert pages >= 1
    for expected in ("Shared health data", "KU Leuven", "Ethical issues", "Decline", "Too much risk.", "2026.3",
                     "On behalf of the board"):
        assert expected in text


def test_the_report_is_in_dutch_for_a_dutch_reader(browser, case):
    alice = browser("alice")
    answer(alice, case, sensitive_data="yes")
    token = csrf_of(alice.get(url(case)).text)
    alice.post("/language", data={"lang": "nl", "next": "/", "csrf_token": token})
    page = alice.get(url(case, "/versions/1/report")).text
    assert "Beoordelingsrapport" in page and "Ethische kwesties" in page


def test_the_sources_page_lists_catalogues_and_country_indicators_with_their_sources(browser):
    page = browser("gina").get("/assessment/sources").text
    assert "Freedom House" in page and "V-Dem" in page and 'id="country-IR"' in page
    assert 'id="mitigation-catalogue"' in page


def test_the_admin_uploads_a_rule_set_and_a_broken_one_is_refused_with_its_line(browser):
    from ksdesk.assessment import default_rules_text

    hank = browser("hank")
    broken = default_rules_text().replace('version: "2026.3"', 'version: "2026.7"').replace(
        "combine:\n      base: max", "combine:\n      base: average", 1)
    refused = post_form(hank, "/admin/rule-sets", "/admin/rule-sets", {"rules": broken})
    assert refused.status_code == 422 and "line " in refused.text and 'id="rule-set-problems"' in refused.text
    good = default_rules_text().replace('version: "2026.3"', 'version: "2026.8"')
    assert post_form(hank, "/admin/rule-sets", "/admin/rule-sets", {"rules": good}).status_code == 303
    assert "2026.8" in hank.get("/admin/rule-sets").text
    assert browser("alice").get("/admin/rule-sets").status_code == 404


def test_the_admin_edits_a_countrys_notes(browser):
    hank = browser("hank")
    response = post_form(hank, "/admin/countries/IR/notes", "/admin/countries/IR/notes",
                         {"notes": "Ask the desk before sharing data."})
    assert response.status_code == 303
    assert "Ask the desk before sharing data." in hank.get("/assessment/sources").text


def test_the_dutch_pdf_has_no_raw_keys_or_english_level_words(browser, case):
    alice = browser("alice")
    answer(alice, case, sensitive_data="yes", misuse_potential="yes", dual_use="unsure")
    token = csrf_of(alice.get(url(case)).text)
    alice.post("/language", data={"lang": "nl", "next": "/", "csrf_token": token})
    _pages, text = pdf_text(alice.get(url(case, "/versions/1/report.pdf")).content)
    assert "Beoordelingsrapport" in text
    raw = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)))
    assert raw == [], raw
    for english in ("Very high", "very high", "Medium", "true match", "unreviewed", "Not yet reviewed", "Nothing found",
                    "Checked, nothing found", " = "):
        assert english not in text, english


def test_a_rule_set_refused_for_a_missing_field_says_so_in_dutch(browser):
    from ksdesk.assessment import default_rules_text

    hank = browser("hank")
    hank.post("/language", data={"lang": "nl", "next": "/", "csrf_token": csrf_of(hank.get("/admin/rule-sets").text)})
    broken = default_rules_text().replace('version: "2026.3"', 'version: "2026.9"').replace(
        'name: ', 'naam: ', 1)
    refused = post_form(hank, "/admin/rule-sets", "/admin/rule-sets", {"rules": broken})
    assert refused.status_code == 422
    problems = refused.text.split('id="rule-set-problems"', 1)[1].split("</ul>", 1)[0]
    assert "regel " in problems and "Dit veld is verplicht." in problems, problems
    assert "Field required" not in problems and "line " not in problems


def test_why_a_reassessment_is_needed_is_said_in_dutch_without_english_words(browser, case, db):
    alice = browser("alice")
    assert answer(alice, case, sensitive_data="no").status_code == 303
    inputs.upload_rule_set(db, SYSTEM, default_rules_text().replace('version: "2026.3"', 'version: "2026.9"', 1))
    inputs.upload_catalogue(db, SYSTEM, "mitigations", inputs.current_catalogue_text(db, "mitigations") + "\n")
    db.commit()
    alice.headers["Accept-Language"] = "nl"
    page = alice.get(url(case)).text
    notices = page[page.index("Er geldt een nieuwe versie van de regelset"):]
    notices = notices[:notices.index("</ul>")]
    assert "Er geldt een nieuwe versie van de regelset: 2026.9" in notices
    assert "Er geldt een nieuwe editie van een catalogus: Maatregelen" in notices
    assert not re.search(r"\b(rule set|version|mitigations)\b", notices), notices
