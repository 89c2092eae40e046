"""Commands about the lists themselves: ``lists``, ``lists diff``, ``update``, ``entity``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dualuse.errors import InputError
from dualuse.store import open_store
from dualuse.store.store import ListVersion

console = Console()


#: Short labels for the table; the JSON output keeps the FtM schema names.
_SHORT = {"Organization": "Org", "LegalEntity": "Entity", "UnknownLink": "Link"}


def _versions_table(versions: list[ListVersion], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("parties", justify="right", no_wrap=True)
    table.add_column("entities by schema", overflow="fold")
    table.add_column("sha256", no_wrap=True)
    for v in versions:
        schemata = " · ".join(f"{_SHORT.get(k, k)} {n}" for k, n in v.counts.items())
        in_use = "" if v.in_use else " (old)"
        table.add_row(
            f"{v.source}{in_use}",
            v.version_date or "undated",
            str(v.party_count),
            schemata,
            v.checksum[:12],
        )
    return table


def register(app: typer.Typer) -> None:
    lists_app = typer.Typer(help="Show the lists in use and compare versions.")

    @lists_app.callback(invoke_without_command=True)
    def lists(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help="One JSON object for machines."),
        all_versions: bool = typer.Option(False, "--all", help="Also superseded versions."),
    ) -> None:
        """Every source with its version date, checksum and counts by schema."""
        if ctx.invoked_subcommand is not None:
            return
        store = open_store()
        versions = store.versions() if all_versions else store.active_versions()
        if as_json:
            typer.echo(json.dumps({"lists": [v.to_dict() for v in versions]}, indent=2))
            return
        console.print(_versions_table(versions, "Lists in use" if not all_versions else "All"))
        if versions:
            origins = sorted({v.origin for v in versions})
            loaded = max(v.loaded_at for v in versions)
            console.print(
                f"origin: {', '.join(origins)}; last loaded {loaded}. "
                "Snapshot lists are old: run `dualuse update` where a network exists.",
                style="dim",
            )

    @lists_app.command("diff")
    def diff(
        old: str = typer.Argument(None, help="Old version id, or an old list file."),
        new: str = typer.Argument(None, help="New version id, or a new list file."),
        source: str = typer.Option(
            None,
            "--source",
            "-s",
            help="Source key (e.g. ofac_sdn); with no versions given, "
            "compares its last two stored versions.",
        ),
        as_json: bool = typer.Option(False, "--json"),
        limit: int = typer.Option(50, help="Entries shown per group in the table."),
    ) -> None:
        """Added, removed and changed entries between two versions of a list."""
        from dualuse.lists.diff import diff_parsed, diff_versions

        if old and new and Path(old).is_file() and Path(new).is_file():
            from dualuse.sources.registry import SOURCES

            if not source or source not in SOURCES:
                raise InputError(
                    f"comparing two files needs --source, one of {', '.join(sorted(SOURCES))}"
                )
            parse = SOURCES[source].parse
            delta = diff_parsed(
                parse([Path(old)], source=source), parse([Path(new)], source=source)
            )
        else:
            store = open_store()
            if old and new:
                try:
                    old_id, new_id = int(old), int(new)
                except ValueError as exc:
                    raise InputError(
                        f"{old!r}/{new!r}: give two version ids (see `dualuse lists --all`) "
                        "or two existing files"
                    ) from exc
            else:
                if not source:
                    raise InputError("give two version ids or files, or --source")
                versions = store.versions(source)
                if len(versions) < 2:
                    raise InputError(f"{source} has {len(versions)} stored version(s); need 2")
                old_id, new_id = versions[1].id, versions[0].id
            delta = diff_versions(store, old_id, new_id)
        if as_json:
            typer.echo(json.dumps(delta.to_dict(), indent=2, ensure_ascii=False))
            return
        console.print(
            f"[bold]{escape(delta.old_label)} → {escape(delta.new_label)}[/]: "
            f"{len(delta.added)} added, "
            f"{len(delta.removed)} removed, {len(delta.changed)} changed"
        )
        for label, rows in (
            ("added", delta.added),
            ("removed", delta.removed),
            ("changed", delta.changed),
        ):
            for entity_id, caption in rows[:limit]:
                console.print(
                    f"  {label:8} {entity_id:24} {caption}", highlight=False, markup=False
                )
            if len(rows) > limit:
                console.print(f"  ... {len(rows) - limit} more {label}")

    app.add_typer(lists_app, name="lists")

    @app.command("update")
    def update(
        sources: list[str] = typer.Argument(None, help="Sources to update (default: all)."),
        url: list[str] = typer.Option(None, "--url", help="Override the download address(es)."),
        file: list[Path] = typer.Option(
            None, "--file", help="Load local file(s) instead of downloading (one source)."
        ),
    ) -> None:
        """Download the current lists, validate them and swap them in atomically.

        A failed download, a file that does not parse, or a party count that falls
        by more than DUALUSE_UPDATE_MAX_DROP keeps the version in use (exit 1).
        """
        from dualuse.lists.update import update_sources
        from dualuse.sources.registry import SOURCES

        store = open_store()
        wanted = list(sources) if sources else [s for s in SOURCES if SOURCES[s].urls]
        if (url or file) and len(wanted) != 1:
            raise InputError("--url and --file apply to exactly one source")
        outcomes = update_sources(store, wanted, urls=url or None, local_files=file or None)
        for outcome in outcomes:
            mark = "[green]ok[/]" if outcome.ok else "[red]refused[/]"
            console.print(f"{mark} {outcome.message}", highlight=False)
        if not all(o.ok for o in outcomes):
            raise typer.Exit(1)

    @app.command("entity")
    def entity(
        entity_id: str = typer.Argument(..., help="Entity id, e.g. ofac-sdn-12345"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """One listed entity with all its values and where each came from."""
        store = open_store()
        ent, version = store.get_entity(entity_id)
        provenance = {
            "source": version.source,
            "source_entry_id": entity_id,
            "list_version": version.label,
            "version_id": version.id,
            "checksum": version.checksum,
        }
        related = store.related(entity_id)
        if as_json:
            data = {
                "id": ent.id,
                "schema": ent.schema.name,
                "caption": ent.caption,
                "provenance": provenance,
                "values": [
                    {
                        "prop": s.prop,
                        "value": s.value,
                        "lang": s.lang,
                        "original_value": s.original_value,
                    }
                    for s in ent.statements
                    if s.prop != "id"
                ],
                "related": [r.to_dict() for r in related],
            }
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        console.print(
            f"[bold]{escape(ent.caption)}[/] ({ent.schema.label}, {escape(ent.id or '')})",
            highlight=False,
        )
        console.print(
            f"from {version.title} [{version.label}, sha256 {version.checksum[:12]}, "
            f"loaded {version.loaded_at}]",
            highlight=False,
            markup=False,
        )
        table = Table(show_header=True)
        table.add_column("property")
        table.add_column("value", overflow="fold")
        table.add_column("lang")
        table.add_column("as published", overflow="fold")
        for stmt in sorted(ent.statements, key=lambda s: (s.prop, s.value)):
            if stmt.prop == "id":
                continue
            original = stmt.original_value if stmt.original_value != stmt.value else ""
            table.add_row(
                ent.schema.get(stmt.prop).label if ent.schema.get(stmt.prop) else stmt.prop,
                stmt.value,
                stmt.lang or "",
                original or "",
            )
        console.print(table)
        for rel in related:
            props = "; ".join(
                f"{k}: {', '.join(v)}"
                for k, v in rel.to_dict()["properties"].items()
                if k not in ("entity", "subject", "object") or entity_id not in v
            )
            console.print(f"  {rel.schema.label}: {props}", highlight=False, markup=False)
