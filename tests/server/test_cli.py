"""``dualuse keys`` on the configured store (the test's temporary data folder)."""

from __future__ import annotations

from typer.testing import CliRunner

from dualuse.cli.main import app
from dualuse.config import load_settings
from dualuse.server.auth import KeyStore
from dualuse.store import Store


def test_keys_create_list_revoke() -> None:
    runner = CliRunner()
    created = runner.invoke(app, ["keys", "create", "--role", "analyst", "--name", "alice"])
    assert created.exit_code == 0, created.output
    plain = created.stdout.strip().splitlines()[-1]
    assert plain.startswith("du_")
    keys = KeyStore(Store(load_settings().store_url).engine)
    assert keys.verify(plain).name == "alice"
    listed = runner.invoke(app, ["keys", "list", "--json"])
    assert '"name": "alice"' in listed.stdout and plain not in listed.stdout
    key_id = plain.split("_")[1]
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    assert keys.verify(plain) is None
    bad = runner.invoke(app, ["keys", "create", "--role", "root", "--name", "x"])
    assert bad.exit_code != 0


def test_serve_is_registered() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.stdout
