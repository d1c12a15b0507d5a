"""Every word on the screening pages has a Dutch translation in the merged catalogue."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from ksdesk.web import i18n

SRC = Path(i18n.__file__).resolve().parents[1]


def _ids(folder: Path, method: str, options=None) -> set[str]:
    pattern = "**.html" if method == "jinja2" else "**.py"
    return {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _ctx in extract_from_dir(
            folder, [(pattern, method)], options_map={pattern: options or {}}, keywords={"_": None, "gettext": None})
    }


def test_every_message_of_the_screening_pages_has_a_dutch_translation():
    dutch = i18n.load_catalogue("nl")
    wanted = _ids(SRC / "screening/templates/screening", "jinja2", {"extensions": "jinja2.ext.i18n"})
    wanted |= {m for m in _ids(SRC / "screening", "python")}
    # Some words are the same in Dutch ("Status"), so the test asks for an entry, not a different text.
    missing = sorted(m for m in wanted if not dutch._catalog.get(m))
    assert missing == []


def test_the_service_messages_shown_on_forms_are_translated():
    from ksdesk.errors import Refusal, ValidationFailed
    from ksdesk.web.messages import Say

    words = Say("nl", i18n.load_catalogue("nl").gettext)
    shown = words.service(ValidationFailed("x", code="validation_failed", field_errors={
        "file": Refusal("file_too_large", "at most 50 MB"),
        "reason": Refusal("false_positive_reason_required", "a reason is required"),
        "column": Refusal("column_missing", "columns found: a, b", {"found": "a, b"})}))
    assert shown == {"file": "Het bestand is groter dan 50 MB. Splits het in kleinere bestanden en upload die een "
                             "voor een.",
                     "reason": "Geef aan waarom dit een vals positief is.",
                     "column": "Deze kolom staat niet in het bestand. Gevonden kolommen: a, b."}
