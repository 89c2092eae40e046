"""``dualuse serve`` (the HTTP API and the analysts' page) and ``dualuse keys`` (API keys).

Keys are created, listed and revoked on the configured store (the same database
the server uses), so an admin can hand out a key before or while the server runs.
The plain key is printed once, at creation.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from dualuse.errors import ConfigError

keys_app = typer.Typer(help="Manage API keys of the server (stored hashed).", no_args_is_help=True)


def _keystore():  # noqa: ANN202 - typed in dualuse.server.auth
    from dualuse.config import load_settings
    from dualuse.server.auth import KeyStore
    from dualuse.store import Store

    settings = load_settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return KeyStore(Store(settings.store_url).engine)


@keys_app.command("create")
def keys_create(
    role: str = typer.Option(..., "--role", help="screener, analyst or admin"),
    name: str = typer.Option(..., "--name", help="who or what uses the key"),
) -> None:
    """Create a key; the key is printed once and cannot be shown again."""
    plain, key = _keystore().create(name, role)
    Console(stderr=True).print(
        f"created key [bold]{key.key_id}[/] for {key.name!r} ({key.role}); "
        "store it now, it is not shown again:",
        highlight=False,
    )
    typer.echo(plain)


@keys_app.command("list")
def keys_list(as_json: bool = typer.Option(False, "--json", help="JSON lines")) -> None:
    """List keys (ids, names, roles, state); secrets are never shown."""
    keys = _keystore().list()
    if as_json:
        for k in keys:
            typer.echo(json.dumps(k.to_dict()))
        return
    table = Table("key id", "name", "role", "created", "revoked")
    for k in keys:
        table.add_row(k.key_id, k.name, k.role, k.created_at, k.revoked_at or "")
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str = typer.Argument(..., help="the id shown by `keys list`")) -> None:
    """Revoke a key: it stops working at once."""
    key = _keystore().revoke(key_id)
    typer.echo(f"revoked {key.key_id} ({key.name}, {key.role}) at {key.revoked_at}")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="uvicorn worker processes"),
    log_level: str = typer.Option("info", "--log-level"),
) -> None:
    """Serve the HTTP API and the analysts' web page (FastAPI under uvicorn)."""
    try:
        import fastapi  # noqa: F401  (checked here so the message names the extra)
        import uvicorn
    except ImportError as exc:
        raise ConfigError(
            f"the server needs the 'server' extra ({exc.name} is not installed): "
            "pip install 'dualuse[server]'"
        ) from exc

    uvicorn.run(
        "dualuse.server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
