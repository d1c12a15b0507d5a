"""Every setting is documented where operators look for it."""

from pathlib import Path

from ksdesk.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme_configuration_table():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Configuration"):text.index("## The command line")]
    missing = [name for name in Settings.model_fields if f"`KSDESK_{name.upper()}`" not in table]
    assert missing == []


def test_the_readme_lists_no_setting_that_does_not_exist():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Configuration"):text.index("## The command line")]
    listed = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `KSDESK_")}
    assert listed == {f"KSDESK_{name.upper()}" for name in Settings.model_fields}
