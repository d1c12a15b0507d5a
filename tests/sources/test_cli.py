"""`ksdesk sources` and `ksdesk registry import FILE` as an operator runs them."""

from tests.cli.test_import_export import _cli, cli_env  # noqa: F401
from tests.sources.ror_zip import shipped_records, write_dump


def test_sources_update_status_and_a_refusal_from_the_command_line(cli_env, mirrored, store):
    env = {**cli_env, "KSDESK_SOURCES_MIRROR": mirrored.url, "KSDESK_SOURCES_DIR": str(store)}
    assert _cli(["init"], env).returncode == 0
    updated = _cli(["sources", "update", "canada-nro", "un-consolidated"], env)
    assert updated.returncode == 0, updated.stderr
    assert "canada-nro: applied, 103 entries" in updated.stdout
    mirrored.behaviour["canada-nro/named-research-organizations.html"] = "missing"
    refused = _cli(["sources", "update", "canada-nro"], env)
    assert refused.returncode == 3 and "canada-nro: refused" in refused.stderr and "HTTP 404" in refused.stderr
    status = _cli(["sources", "status"], env)
    assert status.returncode == 3 and "refused" in status.stdout
    unknown = _cli(["sources", "update", "no-such-list"], env)
    assert unknown.returncode == 2 and "no source 'no-such-list'" in unknown.stderr
    nothing = _cli(["sources", "apply", "canada-nro"], env)
    assert nothing.returncode == 2 and "no held version" in nothing.stderr


def test_registry_import_applies_an_official_dump_zip(cli_env, tmp_path):
    assert _cli(["init"], cli_env).returncode == 0
    dump = write_dump(tmp_path / "v1.99-2026-11-20-ror-data.zip", list(shipped_records(300)))
    result = _cli(["registry", "import", str(dump)], cli_env)
    assert result.returncode == 0, result.stderr
    assert "registry: 300 records; 300 added, 0 changed" in result.stdout
    broken = tmp_path / "broken.zip"
    broken.write_bytes(dump.read_bytes()[:2000])
    refused = _cli(["registry", "import", str(broken)], cli_env)
    assert refused.returncode == 2 and "could not be read as an ROR dump" in refused.stderr
