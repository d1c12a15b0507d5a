"""Reading screening forms and uploads: the service's refusals are said by their codes (web.messages)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ksdesk import yaml_limits
from ksdesk.errors import Refusal, ValidationFailed
from ksdesk.screening import lists
from ksdesk.screening.bulk import MAX_UPLOAD_BYTES
from ksdesk.screening.index import DEFAULT_THRESHOLD
from ksdesk.screening.lists.aspi import CURRENT as ASPI_FILE
from ksdesk.screening.lists.risk import load_mapping
from ksdesk.screening.uploads import MAX_LIST_FILES
from ksdesk.vocab import _


def threshold(text: str | None) -> float:
    if text is None or not str(text).strip():
        return DEFAULT_THRESHOLD
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        raise ValidationFailed.of_field("threshold", "threshold_range", "between 0 and 1") from None
    if not 0 <= value <= 1:
        raise ValidationFailed.of_field("threshold", "threshold_range", "between 0 and 1")
    return value


def is_file(item) -> bool:
    return hasattr(item, "filename") and hasattr(item, "file")


def read_upload(item, field: str = "file", limit: int | None = None) -> tuple[str, bytes]:
    """The uploaded file's name and bytes; reads one byte past the limit so a huge file is refused
    without holding all of it in memory."""
    limit = MAX_UPLOAD_BYTES if limit is None else limit
    if not is_file(item) or not item.filename:
        raise ValidationFailed("no file", code="file_required", field_errors={field: Refusal("required", "required")})
    item.file.seek(0)
    data = item.file.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed("file too large", code="file_too_large",
                               field_errors={field: Refusal("file_too_large", "at most 50 MB")})
    return Path(item.filename).name, data


# ---------------------------------------------------------------- watchlist files


@dataclass(frozen=True)
class ListFormat:
    code: str
    label: str
    loader: Callable[..., Any]
    # The OFAC sets are several CSV files; ASPI's loader wants its file under its published name.
    several_files: bool = False
    file_name: str | None = None


LIST_FORMATS = {
    f.code: f
    for f in (
        ListFormat("aspi", _("ASPI China Defence Universities Tracker (MISP galaxy JSON)"),
                   lambda folder, name: lists.load_aspi(folder, initial=None), file_name=ASPI_FILE),
        ListFormat("us-list", _("US restricted-party list (JSON)"),
                   lambda folder, name: lists.us_lists.load_us_list(folder / name)),
        ListFormat("canada-nro-csv", _("Canada Named Research Organizations (CSV)"),
                   lambda folder, name: lists.load_nro_csv(folder / name)),
        ListFormat("canada-nro-html", _("Canada Named Research Organizations (HTML page)"),
                   lambda folder, name: lists.load_nro_html(folder / name)),
        ListFormat("un", _("UN Security Council Consolidated List (XML)"),
                   lambda folder, name: lists.load_un(folder / name)),
        ListFormat("ofac-sdn", _("OFAC SDN list (sdn.csv, alt.csv, add.csv)"),
                   lambda folder, name: lists.load_ofac_sdn(folder), several_files=True),
        ListFormat("ofac-consolidated", _("OFAC Consolidated non-SDN list (cons_prim.csv, cons_alt.csv, cons_add.csv)"),
                   lambda folder, name: lists.load_ofac_consolidated(folder), several_files=True),
        ListFormat("csl-csv", _("US Consolidated Screening List (CSV)"),
                   lambda folder, name: lists.load_csl_csv(folder / name)),
        ListFormat("csl-json", _("US Consolidated Screening List (JSON)"),
                   lambda folder, name: lists.load_csl_json(folder / name)),
        ListFormat("ftm", _("OpenSanctions (FollowTheMoney JSON lines)"),
                   lambda folder, name: lists.load_ftm(folder / name)),
    )
}


def read_list_files(fmt_code: str, files: list) -> tuple[lists.ListVersion, str]:
    """Parses uploaded watchlist files with the loader of their published format."""
    fmt = LIST_FORMATS.get(fmt_code)
    if fmt is None:
        raise ValidationFailed("unknown format", code="list_format_unknown",
                               field_errors={"format": Refusal("list_format_unknown", "one of the formats")})
    uploads = [read_upload(item) for item in files if is_file(item) and item.filename]
    if not uploads:
        raise ValidationFailed("no file", code="file_required", field_errors={"file": Refusal("required", "required")})
    if len(uploads) > 1 and not fmt.several_files:
        raise ValidationFailed("one file", code="list_one_file",
                               field_errors={"file": Refusal("list_one_file", "one file for this format")})
    if len(uploads) > MAX_LIST_FILES:
        raise ValidationFailed("too many files", code="too_many_files", params={"n": MAX_LIST_FILES}, field_errors={
            "file": Refusal("too_many_files", f"at most {MAX_LIST_FILES} files", {"n": MAX_LIST_FILES})})
    with tempfile.TemporaryDirectory(prefix="ksdesk-list-") as tmp:
        folder = Path(tmp)
        for name, data in uploads:
            (folder / (fmt.file_name or name)).write_bytes(data)
        try:
            version = fmt.loader(folder, fmt.file_name or uploads[0][0])
        except (OSError, ValueError, KeyError, TypeError, IndexError, SyntaxError) as exc:
            raise ValidationFailed(f"the file could not be read as {fmt.code}: {exc}", code="list_format_mismatch",
                                   field_errors={"file": Refusal("list_format_mismatch", "not this format")}) from exc
    return version, ", ".join(name for name, _data in uploads)


# ---------------------------------------------------------------- risk mapping

RULE_KEYS = {"default", "use_source", "by_category", "minimum", "research_minimum"}


def default_mapping_text(code: str) -> str:
    rules = load_mapping()["lists"].get(code)
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False) if rules else ""


def parse_mapping(text: str) -> dict | None:
    """The administrator's YAML for one list; empty means "use the documented default"."""
    if not text.strip():
        return None
    try:
        data = yaml_limits.safe_load(text)
    except yaml_limits.YamlTooLarge:
        raise ValidationFailed.of_field("mapping", "yaml_too_large", "the YAML expands too far") from None
    except yaml.YAMLError:
        raise ValidationFailed.of_field("mapping", "mapping_not_yaml", "not yaml") from None
    levels = load_mapping()["levels"]
    if not isinstance(data, dict) or not set(data) <= RULE_KEYS:
        raise ValidationFailed.of_field("mapping", "mapping_unknown_keys", "unknown keys")
    by_category = data.get("by_category") or {}
    if not isinstance(by_category, dict):
        raise ValidationFailed("by_category is not a mapping", code="mapping_unknown_keys",
                               field_errors={"mapping": Refusal("mapping_unknown_keys", "unknown keys")})
    named = [data.get(k) for k in ("default", "minimum", "research_minimum") if data.get(k) is not None]
    named += list(by_category.values())
    if any(level not in levels for level in named):
        raise ValidationFailed.of_field("mapping", "mapping_unknown_level", "unknown level")
    return data
