"""The ``dualuse goods`` command: screen a code, a part number, a maker or a description.

Exit codes: 0 when nothing hits, 1 when something hits, 2 on bad input (the
message names the value and the rule). ``--json`` prints one JSON object with
``hits`` (each with at least list, code, tier, source, reason), the ranked
description ``candidates`` and ``notes``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from dualuse.errors import DualuseError

console = Console()
err_console = Console(stderr=True)


def _print_result(result: object) -> None:
    from dualuse.goods.codes import format_code
    from dualuse.goods.screen import GoodsResult

    assert isinstance(result, GoodsResult)
    if result.hits:
        console.print(f"[bold red]{len(result.hits)} goods hit(s)[/]")
        for i, h in enumerate(result.hits, start=1):
            what = format_code(h.code) if h.code else (h.part_number or h.manufacturer or "")
            label = f"tier {h.tier}" if h.tier else (h.category or "")
            console.print(
                f"[bold][{i}] {h.list}[/] {h.kind} {what} - {label} "
                f"(confidence {h.confidence:.2f})",
                highlight=False,
            )
            console.print(f"    {h.reason}", highlight=False)
            date = f" ({h.date})" if h.date else ""
            console.print(f"    [dim]source: {h.source}{date}[/]", highlight=False)
        tiers = sorted({h.tier for h in result.hits if h.list == "CHPL" and h.tier})
        for t in tiers:
            meaning = next(h.tier_meaning for h in result.hits if h.tier == t)
            console.print(f"[bold]CHPL {meaning}[/]")
    else:
        console.print("[green]No goods hit.[/]")
    if result.candidates:
        cand = Table(title="Likely HS-6 subheadings (best first)", title_justify="left")
        for col in ("rank", "HS-6", "confidence", "words", "wording"):
            cand.add_column(col, overflow="fold")
        for i, c in enumerate(result.candidates, start=1):
            cand.add_row(
                str(i), format_code(c.code), f"{c.confidence:.2f}", ", ".join(c.words), c.wording
            )
        console.print(cand)
    if result.subheadings:
        sub = Table(title="Subheadings known beneath the heading", title_justify="left")
        for col in ("HS-6", "CHPL tier", "wording"):
            sub.add_column(col, overflow="fold")
        for s in result.subheadings:
            sub.add_row(s["code_display"], s["chpl_tier"] or "-", s["wording"])
        console.print(sub)
    for note in result.notes:
        console.print(f"[dim]note:[/] {note}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("goods")
    def goods(
        code: str = typer.Argument(
            None, help="HS-6, CN-8, HTS/Schedule B-10 or TN VED-10 code (or a 4-digit heading)."
        ),
        part: str = typer.Option(None, "--part", help="Part number, e.g. TMS320F28335PGFA."),
        manufacturer: str = typer.Option(None, "--manufacturer", help="Manufacturer name."),
        describe: str = typer.Option(
            None, "--describe", help="Free-text product description ('-' reads stdin)."
        ),
        table: list[Path] = typer.Option(
            None, "--table", help="Extra goods table (CSV or YAML); repeatable."
        ),
        as_json: bool = typer.Option(False, "--json", help="One JSON object for machines."),
        tiers: bool = typer.Option(False, "--tiers", help="Explain the CHPL tiers and exit."),
    ) -> None:
        """Screen goods against the CHPL, the Iran-UAV goods rules and the drone-component
        catalogue. Exit 0: no hit; 1: hit; 2: bad input."""
        from dualuse.goods import CHPL_TIERS, load_goods_table, screen_goods, tier_meaning

        if tiers:
            meanings = {t: tier_meaning(t) for t in CHPL_TIERS}
            if as_json:
                typer.echo(json.dumps({"chpl_tiers": meanings}, indent=2))
            else:
                for text in meanings.values():
                    console.print(text, highlight=False)
            raise typer.Exit(0)
        try:
            if describe == "-":
                describe = typer.get_text_stream("stdin").read()
            tables = [load_goods_table(p) for p in table or []]
            result = screen_goods(
                code=code,
                part_number=part,
                manufacturer=manufacturer,
                description=describe,
                tables=tables,
            )
        except DualuseError as exc:
            if as_json:
                typer.echo(json.dumps(exc.to_dict(), indent=2))
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        else:
            _print_result(result)
        raise typer.Exit(1 if result.hits else 0)
