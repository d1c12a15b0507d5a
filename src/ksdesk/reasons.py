"""The sentence a person reads for each error code, in English (the message id); the Dutch is in
translations/nl/LC_MESSAGES/reasons.po (the other catalogues may hold a sentence already).

Services raise errors with a code and its parameters (``ksdesk.errors``); the web translates the
code's sentence here, the API returns the code beside its English message. Pydantic's own error
types are codes too. A code that is raised but missing here, or here but untranslated, fails
tests/test_reasons.py. Parameters fill the ``%(name)s`` placeholders.
"""

from __future__ import annotations

from ksdesk.vocab import _

NOT_VALID = _("This value is not valid.")

TEXTS: dict[str, str] = {
    # Every error class has a code of its own, for refusals that need no sentence of their own.
    "bad_request": _("The request could not be processed."),
    "not_found": _("The page or item you asked for does not exist, or you have no access to it."),
    "forbidden": _("Your role does not allow this. Nothing was changed."),
    "unauthenticated": _("Sign in to continue."),
    "validation_failed": _("Check what you entered and try again."),
    "conflict": _("Someone else changed this in the meantime. Reload the page and make your change again."),
    "too_many_requests": _("Too many attempts. Please try again later."),
    "rate_limited": _("Too many requests from you in a short time. Nothing was changed. Please try again in "
                      "%(minutes)s minutes."),
    "csrf_missing": _("The form could not be accepted because its security code is missing. "
                      "Go back, reload the page and try again. Nothing was changed."),
    "csrf_failed": _("The form could not be accepted because its security code is not valid or has "
                     "expired. Go back, reload the page and try again. Nothing was changed."),
    "client_gone": _("The form did not arrive in full. Nothing was changed."),
    "format_unknown": _("Choose one of the formats."),
    "schema_missing": _("The database has no schema yet."),
    "restore_refused": _("The backup could not be restored."),
    "backup_failed": _("The backup could not be written."),
    "import_rejected": _("The file was not imported: nothing was changed. See the problems per row."),
    "import_stopped": _("The import stopped at a bad row: the rows before it were imported, nothing from it on. "
                        "Fix the row and import the rest from its line."),
    "request_too_large": _("What you sent is larger than this address accepts. Nothing was changed."),
    # Pydantic's error types.
    "missing": _("This field is required."),
    "string_type": _("This field is required."),
    "string_too_short": _("Use at least %(n)s characters."),
    "string_too_long": _("Use at most %(n)s characters."),
    "too_long": _("Too many entries: at most %(n)s."),
    "enum": _("Choose one of the options."),
    "literal_error": _("Choose one of the options."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number, e.g. 25 or 12.5."),
    "float_type": _("Enter a number, e.g. 25 or 12.5."),
    "bool_parsing": _("Choose yes or no."),
    "date_parsing": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "date_type": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "greater_than_equal": _("Enter a number of at least %(n)s."),
    "greater_than": _("Enter a number of at least %(n)s."),
    "less_than_equal": _("Enter a number of at most %(n)s."),
    "less_than": _("Enter a number of at most %(n)s."),
    "list_type": NOT_VALID,
    "dict_type": NOT_VALID,
    "model_type": NOT_VALID,
    "value_error": NOT_VALID,
    # Any form.
    "required": _("This field is required."),
    "choose_an_option": _("Choose one of the options."),
    "text_length": _("Write between 1 and %(n)s characters."),
    "text_too_long": _("Use at most %(n)s characters."),
    "number_too_large": _("The number is too large."),
    "text_control_characters": _("The text holds a control character or a direction override, which can hide what "
                                 "it says. Remove it and send again. Nothing was changed."),
    "text_invisible_only": _("The text holds only invisible characters. Write text or leave the field empty. "
                             "Nothing was changed."),
    "language_unknown": _("Choose Dutch or English."),
    "page_not_found": _("The page was not found."),
    "role_not_allowed": _("Your role does not allow this. Nothing was changed."),
    "changed_meanwhile": _("Someone else changed this in the meantime. Reload the page and make your change again."),
    "country_unknown": _("Unknown country code %(code)s."),
    "country_code_format": _("Use a two-letter country code, e.g. NL."),
    "email_invalid": _("Enter a valid e-mail address, e.g. name@example.org."),
    "file_required": _("Choose a file."),
    "file_too_large": _("The file is larger than 50 MB. Split it into smaller files and upload them one by one."),
    "file_empty": _("The file is empty. Choose a file with one name per line."),
    "file_not_utf8": _("The file is not UTF-8 text (byte %(byte)s). Save it as UTF-8 and try again."),
    "too_many_files": _("Upload at most %(n)s files."),
    "step_needs_reason": _("Give a reason for this step."),
    "step_not_possible": _("This step is not possible in the current status."),
    # Accounts.
    "sign_in_required": _("Sign in to continue."),
    "sign_in_delayed": _("Too many failed sign-in attempts from here. Wait %(minutes)s minutes before you try again, "
                         "or ask an administrator."),
    "name_required": _("Enter a name."),
    "password_too_short": _("A password needs at least %(n)s characters."),
    "email_taken": _("A user with e-mail address %(email)s already exists."),
    "institution_needed": _("Choose the institution this person works for."),
    "institution_not_for_role": _("This role does not belong to an institution; leave it empty."),
    "ministry_needed": _("Choose the ministry of this liaison."),
    "ministry_not_for_role": _("Only a ministry liaison has a ministry; leave it empty."),
    "user_not_created": _("The user was not created. Correct the fields below."),
    "user_not_found": _("This user does not exist."),
    "token_not_found": _("This API token does not exist."),
    # The registry.
    "organisation_not_found": _("No organisation with number %(id)s."),
    "organisation_unknown": _("No organisation with number %(id)s."),
    "organisation_name_unknown": _("No organisation found called “%(name)s”."),
    "organisation_name_ambiguous": _("Several organisations are called “%(name)s”: %(choices)s. Enter the number, e.g. #12."),
    "organisation_own_parent": _("An organisation cannot be its own parent."),
    "ror_id_format": _("A ROR id has nine characters, e.g. https://ror.org/027bh9e22."),
    "website_format": _("Enter a web address that starts with https:// or http://."),
    "ror_id_taken": _("This ROR id already belongs to %(name)s (number %(id)s)."),
    "name_blank": _("A name cannot be blank."),
    "institution_unknown": _("Unknown institution."),
    "institution_required": _("Choose the registering institution."),
    "institution_not_yours": _("You can only register collaborations of your own institution."),
    "institution_fixed": _("This cannot be changed."),
    "institution_not_dutch": _("An institution is a Dutch knowledge institution: choose an organisation in the Netherlands."),
    "collaboration_not_found": _("This collaboration does not exist, or you have no access to it."),
    "collaboration_not_saved": _("The collaboration was not saved. Correct the fields below."),
    "collaboration_locked": _("This collaboration cannot be changed by you in its current status."),
    "end_before_start": _("The end date lies before the start date."),
    "funding_over_100": _("The funding shares add up to %(total)s%%; at most 100%% is possible."),
    "partner_twice": _("An organisation is listed as partner more than once."),
    "agreement_item_unknown": NOT_VALID,
    "entry_too_long": _("Each entry has at most 200 characters."),
    # Screening.
    "screen_name_required": _("Enter a name to screen."),
    "threshold_range": _("Enter a score between 0 and 1, e.g. 0.8."),
    "review_decision_unknown": _("Choose true match, false positive or unsure."),
    "false_positive_reason_required": _("Say why this is a false positive."),
    "column_missing": _("This column is not in the file. Columns found: %(found)s."),
    "country_column_needs_column": _("A country column needs a column with the names too."),
    "csv_invalid": _("Line %(line)s of the file is not valid CSV."),
    "job_not_found": _("This screening job does not exist."),
    "job_not_done": _("The results are not ready yet."),
    "alert_not_found": _("This alert does not exist."),
    "alert_resolved": _("This alert was already resolved."),
    "alert_resolution_required": _("Say how the alert was resolved."),
    "entity_id_too_long": _("%(count)s entries have an id longer than %(n)s characters; the list was not loaded."),
    "watchlist_not_found": _("This watchlist does not exist."),
    "watchlist_version_not_found": _("This version of the watchlist does not exist."),
    "list_format_unknown": _("Choose one of the formats."),
    "list_one_file": _("This format takes one file."),
    "list_format_mismatch": _("The file could not be read in the chosen format. Check the format and the file."),
    "mapping_not_yaml": _("This is not valid YAML. Use one rule per line, e.g. default: high."),
    "yaml_too_large": _("This YAML repeats itself through aliases too often or nests too deeply to be read. "
                        "Write the values out. Nothing was changed."),
    "mapping_unknown_keys": _("Use only the rules default, use_source, by_category, minimum and research_minimum."),
    "mapping_unknown_level": _("Use only the levels low, medium, high and very high."),
    # Assessment.
    "answers_not_accepted": _("Some answers were not accepted. Correct the questions marked below."),
    "answer_not_accepted": NOT_VALID,
    "assessment_version_not_found": _("This assessment version does not exist."),
    "assessment_missing": _("Answer the questionnaire first: there is no assessment yet."),
    "assessment_decided": _("This assessment version was decided and cannot be changed; save the answers to start a "
                            "new version."),
    "assessment_awaiting_confirmation": _("This approval waits for a second advisor's confirmation; it cannot be "
                                          "changed until it is confirmed or sent back."),
    "nothing_to_confirm": _("No approval of this collaboration waits for confirmation."),
    "four_eyes_second_advisor": _("A second advisor confirms the approval, not the advisor who approved it."),
    "send_back_reason_required": _("Say why the approval goes back."),
    "institution_not_found": _("This institution does not exist."),
    "mitigation_unknown": _("Unknown mitigation: %(ids)s."),
    "mitigation_not_chosen": _("This mitigation was not chosen for this collaboration."),
    "decision_unknown": _("Choose a decision."),
    "decision_reasons_required": _("Give the reasons for the decision."),
    "conditions_need_mitigations": _("Choose the mitigations that are the conditions first."),
    "decision_needs_override": _("Approving passes over %(hits)s unreviewed high-risk hits and %(questions)s "
                                 "unanswered questions. Give the reason to approve all the same."),
    "note_text_required": _("Write the note."),
    "decision_needs_confirmation": _("Confirm the decision and the status it gives the collaboration."),
    "decision_not_recorded": _("The decision was not recorded. Correct the fields below."),
    "rule_set_not_found": _("This rule-set version does not exist."),
    "rule_set_refused": _("The rule set was refused; the rule set in force stays. See the problems below."),
    "catalogue_not_found": _("This catalogue does not exist."),
    "catalogue_refused": _("The catalogue was refused; the edition in force stays. See the problems below."),
    "country_data_unreadable": _("The country data could not be read."),
    # The desk.
    "question_not_found": _("This question does not exist, or you have no access to it."),
    "question_not_sent": _("The question was not sent. Correct the fields below."),
    "asker_name_required": _("Your name is needed to answer you."),
    "asker_email_required": _("An e-mail address is needed to send you the answer."),
    "institution_name_required": _("Name the knowledge institution you work for or are connected to."),
    "consent_required": _("Please agree that the desk stores and uses your details to answer your question."),
    "collaboration_unknown": _("None of your registered collaborations has this number."),
    "collaboration_link_needs_sign_in": _("Sign in to link a registered collaboration."),
    "too_many_questions": _("You have sent too many questions in a short time. Nothing was stored. Please try again in "
                            "an hour, or e-mail the contact point directly."),
    "question_closed": _("The question is closed; reopen it first."),
    "question_closed_ask_anew": _("This question is closed; please ask a new question."),
    "question_not_open": _("This question is not open."),
    "question_waiting": _("The question is already waiting for the asker."),
    "question_not_waiting": _("The question is not waiting for the asker."),
    "step_not_manual": _("This step is not done by hand."),
    "officer_unknown": _("Choose an active desk officer."),
    "questions_none_selected": _("Select at least one question (at most %(n)s)."),
    "pause_reason_required": _("Say what the desk is waiting for."),
    "ministry_unknown": _("Unknown ministry %(names)s."),
    "ministry_required": _("Choose at least one ministry."),
    "ministry_already_asked": _("Already asked: %(names)s."),
    "ministry_not_asked": _("This ministry was not asked about this question."),
    "advice_closed": _("The question has been answered; the advice can no longer be changed."),
    "placeholder_syntax": _("The placeholders have a syntax error on line %(line)s."),
    "placeholder_unknown": _("Unknown placeholder %(names)s; available: %(available)s."),
    "template_not_saved": _("The template was not saved. Correct the fields below."),
    "template_name_taken": _("A template with this name already exists in this language."),
    "template_not_found": _("This template does not exist."),
    "personal_data": _("Remove the personal data (the asker's name, e-mail addresses, phone numbers): the knowledge "
                       "base is public and anonymous."),
    "entry_not_published": _("The entry was not published. Correct the fields below."),
    "entry_not_found": _("This entry does not exist."),
    "not_answered_yet": _("Only an answered question can become a knowledge-base entry."),
    "closure_reason_required": _("Give a reason of at most %(n)s characters."),
    "closure_day_exists": _("This day is already a closure day."),
    "closure_day_not_found": _("This day is not a closure day."),
    "holiday_choice_unknown": _("Choose whether the desk works on this holiday: as the holiday calendar says, "
                                "closed, or working."),
    "working_days_range": _("Enter a number of working days between 1 and %(n)s."),
    "third_party_data": _("Your question seems to contain personal data of other people, such as a CV, a passport "
                          "or citizen service number, a date of birth or an e-mail address. The desk advises on "
                          "collaborations and does not investigate persons: please remove them, or tick the box "
                          "if the desk really needs them."),
    "retention_range": _("Enter a number of months between 1 and %(n)s."),
    "settings_not_saved": _("The settings were not saved. Correct the fields below."),
    # Official sources (list and registry updates).
    "source_not_found": _("There is no source %(code)s in the catalogue."),
    "source_catalogue_invalid": _("The source catalogue %(file)s is not valid."),
    "source_http_status": _("The source's server answered with error %(status)s. Nothing was changed."),
    "source_timeout": _("The source's server did not answer in time. Nothing was changed."),
    "source_unreachable": _("The source's server could not be reached. Nothing was changed."),
    "source_too_large": _("The download is larger than %(n)s MB. Nothing was changed."),
    "source_empty": _("The source sent an empty file. Nothing was changed."),
    "source_truncated": _("The download ended before the whole file had arrived. Nothing was changed."),
    "source_checksum_mismatch": _("The file %(file)s does not have the checksum its publisher gives. "
                                  "Nothing was changed."),
    "source_unreadable": _("The file %(file)s cannot be read in the source's format. Nothing was changed."),
    "source_no_entries": _("The new version of %(code)s has no entries. Nothing was changed."),
    "source_drop_held": _("The new version of %(code)s has %(entries)s entries where the version in use has "
                          "%(previous)s. It is held until an administrator applies or discards it."),
    "source_nothing_held": _("There is no held version of %(code)s."),
    "partner_not_found": _("This organisation is not a partner of this collaboration."),
    "bulk_review_nothing": _("Every hit of this partner already has this decision: nothing was changed."),
    "source_held_needs_confirmation": _("Confirm that you checked the publisher's page before you apply or "
                                        "discard the held version."),
    "source_held_choice": _("Choose whether to apply or to discard the held version."),
    "source_held_not_loaded": _("The held version could not be loaded. Nothing was changed."),
    # The portfolio.
    "filter_refused": _("The filter could not be applied."),
    "filter_country_unknown": _("Choose a country from the list."),
    "filter_form_unknown": _("Choose a form from the list."),
    "filter_year_range": _("Enter a year between 1900 and 2200."),
    "filter_years_reversed": _("The last year comes before the first year."),
    "filter_period_fixed": _("Analysts see the whole record; the chart by year gives each year."),
    "exact_needs_institution": _("Exact figures are only available for a single institution."),
}


def text_of(code: str) -> str:
    """The English sentence (message id) of a code; an unknown code reads as "not valid"."""
    return TEXTS.get(code, NOT_VALID)
