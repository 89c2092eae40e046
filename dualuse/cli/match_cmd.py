"""Commands ``match`` (screen one party name) and ``bench names`` (the name benchmark)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dualuse.errors import InputError

console = Console()
err_console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match(
        name: str = typer.Argument(..., help="The party's name, in any script."),
        schema: str = typer.Option(
            "Any", "--schema", help="Person, Organization, Company, Vessel, Airplane or Any."
        ),
        country: list[str] = typer.Option([], "--country", help="ISO country code (repeatable)."),
        dob: str | None = typer.Option(None, "--dob", help="Birth date or year (1970, 1970-05)."),
        ident: list[str] = typer.Option(
            [], "--id", help="Identifier: IMO, MMSI, passport, INN, OGRN, LEI, BIC (repeatable)."
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON for machines."),
        limit: int = typer.Option(10, "--limit", min=1, max=500, help="At most this many hits."),
        threshold: float | None = typer.Option(
            None, "--threshold", min=0.0, max=1.0, help="Override the schema's threshold."
        ),
    ) -> None:
        """Screen one party against the lists in use; every hit explains itself."""
        from dualuse.matching import PartyQuery, get_matcher
        from dualuse.store import open_store

        if not name.strip():
            raise InputError("the name to match is empty; give a party's name")
        store = open_store()
        matcher = get_matcher(store)
        query = PartyQuery(
            name=name,
            schema=schema,
            countries=tuple(c.lower() for c in country),
            birth_date=dob,
            identifiers=tuple(ident),
        )
        hits = matcher.match(query, limit=limit, threshold=threshold)
        versions = [v.to_dict() for v in store.active_versions()]
        if as_json:
            payload = {
                "query": {
                    "name": name,
                    "schema": schema,
                    "countries": list(query.countries),
                    "birth_date": dob,
                    "identifiers": list(ident),
                },
                "threshold": matcher.threshold_for(schema) if threshold is None else threshold,
                "hits": [h.to_dict() for h in hits],
                "list_versions": versions,
            }
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        labels = ", ".join(v["source"] + "@" + str(v["version_date"]) for v in versions)
        if not hits:
            console.print(f"No match for [bold]{escape(name)}[/] at the threshold. Lists: {labels}")
            return
        table = Table(title=escape(f"Matches for {name!r}"), title_justify="left", show_lines=True)
        table.add_column("score", justify="right")
        table.add_column("OFAC", justify="right")
        table.add_column("list")
        table.add_column("entity id", overflow="fold")
        table.add_column("matched name")
        table.add_column("why")
        for h in hits:
            why = "\n".join(f"{f.name}: {f.reason}" for f in h.features)
            table.add_row(
                f"{h.score:.2f}",
                f"{h.ofac_score:.2f}",
                escape(h.list_version or h.source),
                escape(h.entity_id),
                escape(
                    h.matched_name + (f"\n({h.caption})" if h.caption != h.matched_name else "")
                ),
                escape(why),
            )
        console.print(table)
        console.print(f"Lists: {labels}", highlight=False)

    bench_app = typer.Typer(help="Benchmarks (accuracy and speed, printed as figures).")

    @bench_app.command("names")
    def bench_names(
        cases: Path = typer.Option(..., "--cases", exists=True, dir_okay=False, help="Cases."),
        index: Path = typer.Option(..., "--index", exists=True, dir_okay=False, help="Index."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object."),
        peers: bool = typer.Option(False, "--peers", help="Also score rapidfuzz/nomenklatura."),
        processes: int = typer.Option(2, "--processes", min=1, max=64, help="For throughput."),
    ) -> None:
        """Name screening benchmark in the shared/bench format (index from INDEX only)."""
        from dualuse.matching.bench import run_bench

        report = run_bench(
            cases,
            index,
            processes=processes,
            peers=peers,
            progress=None if as_json else (lambda m: err_console.print(m, highlight=False)),
        )
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        _print_report(report)

    app.add_typer(bench_app, name="bench")


def _print_report(report: dict) -> None:  # type: ignore[type-arg]
    table = Table(title="dualuse name benchmark", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key in (
        "compiled",
        "ranking_compiled",
        "cases",
        "recall",
        "recall_perturbations",
        "fpr",
        "alerts_per_positive",
        "qps_single",
        "qps_single_cpu",
        "qps_single_cold",
        "qps_2proc",
        "p50_ms",
        "p99_ms",
        "p99_ms_cold",
        "build_s",
        "peak_mem_mb",
    ):
        if key in report:
            table.add_row(key, str(report[key]))
    console.print(table)
    kinds = Table(title="recall by kind (FPR for neg_*)", title_justify="left")
    kinds.add_column("kind")
    kinds.add_column("rate", justify="right")
    kinds.add_column("n", justify="right")
    for kind, row in report["by_kind"].items():
        kinds.add_row(kind, f"{row['rate']:.3f}", str(row["n"]))
    console.print(kinds)
    for peer in report.get("peers", []):
        console.print(
            f"peer {peer['tool']}: recall {peer.get('recall')} fpr {peer.get('fpr')} "
            f"qps {peer.get('qps')} {peer.get('note', '')}",
            highlight=False,
        )
