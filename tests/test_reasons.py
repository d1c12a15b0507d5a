"""Every refusal has a stable code, and every code a sentence in English and in Dutch."""

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

import ksdesk
from ksdesk import errors
from ksdesk.reasons import TEXTS

SRC = Path(ksdesk.__file__).resolve().parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Errors whose class code says too little for a form or a page: each refusal names its own.
NEEDS_OWN_CODE = {"KsdeskError", "ValidationFailed", "Conflict", "TooManyRequests"}


def _calls():
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                yield path.relative_to(SRC), node, name


def _codes_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for path, node, name in _calls():
        codes = [kw.value.value for kw in node.keywords
                 if kw.arg == "code" and isinstance(kw.value, ast.Constant)]
        if name in ("Refusal", "PydanticCustomError") and node.args and isinstance(node.args[0], ast.Constant):
            codes.append(node.args[0].value)
        if name == "of_field" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            codes.append(node.args[1].value)
        for code in codes:
            found.setdefault(code, f"{path}:{node.lineno}")
    return found


def _class_codes() -> set[str]:
    out = set()
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (isinstance(item, ast.Assign) and [getattr(t, "id", None) for t in item.targets] == ["code"]
                            and isinstance(item.value, ast.Constant)):
                        out.add(item.value.value)
    return out


def _dutch() -> dict[str, str]:
    out = {}
    for path in sorted((SRC / "translations/nl/LC_MESSAGES").glob("*.po")):
        for message in read_po(path.open("rb"), locale="nl"):
            if message.id and message.string and "fuzzy" not in message.flags:
                out[message.id] = message.string
    return out


def test_every_code_the_system_raises_has_an_english_sentence():
    missing = {code: where for code, where in _codes_in_source().items() if code not in TEXTS}
    missing |= {code: "class code" for code in _class_codes() if code not in TEXTS}
    assert missing == {}


def test_every_code_has_a_dutch_sentence_with_the_same_placeholders():
    dutch = _dutch()
    untranslated = sorted(code for code, text in TEXTS.items() if text not in dutch)
    assert untranslated == []
    for code, text in TEXTS.items():
        assert set(PLACEHOLDER.findall(dutch[text])) <= set(PLACEHOLDER.findall(text)), code


def test_errors_that_refuse_input_name_their_own_code():
    anonymous = [f"{path}:{node.lineno}" for path, node, name in _calls()
                 if name in NEEDS_OWN_CODE and not any(kw.arg == "code" for kw in node.keywords)]
    assert anonymous == []


def test_a_sentence_fills_in_its_parameters_in_either_language():
    from ksdesk.web.i18n import translations
    from ksdesk.web.messages import Say

    refusal = errors.ValidationFailed("funding shares add up to 120%", code="funding_over_100", params={"total": "120"})
    assert Say("en", translations("en").gettext).error(refusal) == "The funding shares add up to 120%; at most 100% is possible."
    assert "120" in Say("nl", translations("nl").gettext).error(refusal)
    fraction = errors.ValidationFailed("funding shares add up to 100.5%", code="funding_over_100",
                                       params={"total": 100.5})
    assert "100,5%" in Say("nl", translations("nl").gettext).error(fraction)
    assert "100.5%" in Say("en", translations("en").gettext).error(fraction)
