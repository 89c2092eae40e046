"""Commands of transaction screening: ``screen``, ``history``, ``review``, ``rescreen``.

``screen`` streams the order file through the pipeline, stores every result in
the audit trail in batches (one transaction per batch), writes the chosen
report and exits with 0 (all clear), 1 (something to review or block) or 2
(bad input: the orders that could be read were still screened and reported).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections import Counter
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dualuse import __version__
from dualuse.errors import InputError

err_console = Console(stderr=True)

BATCH = 500  #: screenings per audit transaction
TABLE_MAX_ROWS = 200  #: above this, the table shows only orders to review or block

DECISION_STYLE = {"block": "bold red", "review": "bold yellow", "clear": "green"}


def _open_out(path: str | None) -> Any:
    if path is None or path == "-":
        return nullcontext(sys.stdout)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115


def _user(by: str | None) -> str:
    if by:
        return by
    try:
        return os.environ.get("DUALUSE_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _table(results: list[dict[str, Any]], out: TextIO, *, only_flagged: bool) -> None:
    console = Console(file=out, width=max(100, Console().width))
    table = Table(title="Screening decisions", title_justify="left", show_lines=True)
    table.add_column("order", no_wrap=True)
    table.add_column("decision", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("reasons")
    shown = 0
    for r in results:
        if only_flagged and r["decision"] == "clear":
            continue
        shown += 1
        reasons = [f"[{x['severity']}] {x['rule_id']}: {x['text']}" for x in r["reasons"][:6]]
        if len(r["reasons"]) > 6:
            reasons.append(f"... and {len(r['reasons']) - 6} more")
        reasons += [f"(reviewed) {n}" for n in r.get("notes", [])]
        reasons += [f"[input] {e['message']}" for e in r["input_errors"][:3]]
        table.add_row(
            escape(r["order_id"]),
            f"[{DECISION_STYLE[r['decision']]}]{r['decision']}[/]",
            f"{r['score']:g}",
            # reasons are plain text: "[high]" and "[ofac-sdn-16418]" are not markup
            escape("\n".join(reasons)) or "no red flag",
        )
    console.print(table, highlight=False)
    if only_flagged:
        console.print(f"({len(results) - shown} clear orders not shown)")


def register(app: typer.Typer) -> None:
    @app.command()
    def screen(
        path: str = typer.Argument(
            ..., help="Order file (.csv, .json, .jsonl, .xlsx) or - for CSV on stdin."
        ),
        fmt: str = typer.Option(
            "table", "--format", "-f", help="table | json | jsonl | csv | html"
        ),
        out: str | None = typer.Option(
            None, "--out", "-o", help="Write the report here (default stdout)."
        ),
        html: str | None = typer.Option(
            None,
            "--html",
            help="Also write the HTML report here (table format: default dualuse-report.html).",
        ),
        no_html: bool = typer.Option(
            False, "--no-html", help="Do not write the extra HTML report."
        ),
        input_format: str | None = typer.Option(
            None, "--input-format", help="csv | json | jsonl | xlsx"
        ),
        rules: list[str] = typer.Option([], "--rules", help="Extra rule file (YAML); repeatable."),
        policy: str | None = typer.Option(None, "--policy", help="Decision policy file (YAML)."),
        no_audit: bool = typer.Option(False, "--no-audit", help="Do not store the screenings."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Screen orders: parties, goods, route and red flags -> clear / review / block."""
        from dualuse.reports import FORMATS, make_writer
        from dualuse.screening import ScreeningConfig, read_orders
        from dualuse.screening.pipeline import Screener

        if fmt not in FORMATS:
            raise InputError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
        reader = read_orders(path, input_format)  # checks the file exists / format first
        store, matcher, audit = _backend(no_audit)
        config = ScreeningConfig.load(rules, policy, memory=audit)
        screener = Screener(store=store, matcher=matcher, config=config)
        labels = [
            f"{v['source']}@{v.get('version_date') or 'undated'}" for v in screener.list_versions
        ]
        run_id = None
        if audit is not None:
            run_id = audit.start_run(
                "screen",
                input_name=reader.name,
                config_hash=config.hash,
                list_versions=labels,
                dualuse_version=__version__,
                user=_user(None),
            )
        html_path = None if no_html else html
        if fmt == "table" and html_path is None and not no_html:
            html_path = "dualuse-report.html"
        counts: Counter[str] = Counter()
        order_errors: list[dict[str, Any]] = []
        collected: list[dict[str, Any]] = []
        extra_html = None
        batch: list[Any] = []
        show_progress = not quiet and err_console.is_terminal
        progress = Progress(
            SpinnerColumn(),
            TextColumn("screening {task.fields[name]}"),
            BarColumn(),
            TextColumn("{task.fields[orders]} orders"),
            TimeElapsedColumn(),
            console=err_console,
            disable=not show_progress,
        )
        with _open_out(out if fmt != "table" else None) as stream, progress:
            writer = make_writer(fmt, stream) if fmt != "table" else None
            task = progress.add_task("screen", total=reader.size, name=reader.name, orders=0)
            if html_path and fmt != "html":
                from io import StringIO

                from dualuse.reports import HtmlWriter

                extra_html = HtmlWriter(StringIO())
            for order in reader:
                result = screener.screen(order)
                data = result.to_dict()
                counts[result.decision] += 1
                order_errors.extend(data["input_errors"])
                if writer is not None:
                    writer.write(data)
                if fmt == "table":
                    collected.append(_slim(data))
                if extra_html is not None:
                    extra_html.write(data)
                if audit is not None and run_id is not None:
                    batch.append(result)
                    if len(batch) >= BATCH:
                        audit.write_batch(run_id, batch)
                        batch = []
                progress.update(task, completed=reader.bytes_read, orders=reader.orders_read)
            if audit is not None and run_id is not None and batch:
                audit.write_batch(run_id, batch)
            summary = {
                "input": reader.name,
                "run_id": run_id,
                "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "config_hash": config.hash,
                "dualuse_version": __version__,
                "counts": dict(counts),
                "input_errors": [e.to_dict() for e in reader.errors],
                "list_versions_full": screener.list_versions,
            }
            if writer is not None:
                writer.close(summary)
        if fmt == "table":
            target = _open_out(out)
            with target as stream:
                _table(collected, stream, only_flagged=len(collected) > TABLE_MAX_ROWS)
        if html_path and extra_html is not None:
            extra_html.close(summary)
            Path(html_path).parent.mkdir(parents=True, exist_ok=True)
            Path(html_path).write_text(extra_html.out.getvalue(), encoding="utf-8")  # type: ignore[attr-defined]
        problems = [e.to_dict() for e in reader.errors] + order_errors
        for problem in problems[:30]:
            from dualuse.reports.writers import _error_text

            err_console.print(f"[red]input:[/] {_error_text(problem)}", highlight=False)
        if len(problems) > 30:
            err_console.print(f"[red]input:[/] ... and {len(problems) - 30} more problems")
        total = sum(counts.values())
        err_console.print(
            f"{total} orders: {counts.get('block', 0)} block, {counts.get('review', 0)} review, "
            f"{counts.get('clear', 0)} clear; {len(problems)} input problems; lists "
            f"{', '.join(labels)}; config {config.hash}"
            + (f"; run {run_id}" if run_id else "")
            + (f"; HTML report {html_path}" if html_path else ""),
            highlight=False,
        )
        if problems:
            raise typer.Exit(2)
        if counts.get("block") or counts.get("review"):
            raise typer.Exit(1)
        raise typer.Exit(0)

    @app.command()
    def history(
        order: str | None = typer.Option(None, "--order", help="Only this order id."),
        decision: str | None = typer.Option(None, "--decision", help="clear | review | block"),
        entity: str | None = typer.Option(
            None, "--entity", help="Only screenings hitting this list entry."
        ),
        run: str | None = typer.Option(None, "--run", help="Only this run id."),
        since: str | None = typer.Option(None, "--since", help="ISO date/time, inclusive."),
        until: str | None = typer.Option(None, "--until", help="ISO date/time, inclusive."),
        limit: int = typer.Option(50, "--limit", min=1, max=100000),
        as_json: bool = typer.Option(False, "--json", help="JSON array for machines."),
    ) -> None:
        """Past screenings from the audit trail, newest first."""
        from dualuse.audit import AuditLog
        from dualuse.store import open_store

        if decision and decision not in ("clear", "review", "block"):
            raise InputError(f"--decision {decision!r} is not one of clear, review, block")
        audit = AuditLog(open_store())
        rows = audit.history(
            order_id=order,
            decision=decision,
            entity_id=entity,
            run_id=run,
            since=since,
            until=until,
            limit=limit,
        )
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        table = Table(title=f"Screenings ({len(rows)})", title_justify="left")
        table.add_column("screened at (UTC)", no_wrap=True)
        table.add_column("order", no_wrap=True)
        table.add_column("decision", no_wrap=True)
        table.add_column("score", justify="right")
        table.add_column("rules")
        for r in rows:
            table.add_row(
                r["screened_at"][:16].replace("T", " "),
                r["order_id"],
                f"[{DECISION_STYLE[r['decision']]}]{r['decision']}[/]",
                f"{r['score']:g}",
                ", ".join(dict.fromkeys(x["rule_id"] for x in r["reasons"])) or "—",
            )
        console = Console()
        console.print(table, highlight=False)
        if rows:
            console.print(
                f"lists of the newest: {', '.join(rows[0]['list_versions'])}; "
                "--json for reasons, runs and configuration hashes",
                highlight=False,
            )

    @app.command()
    def review(
        hit_id: str = typer.Argument(..., help="Hit id as shown in a report (e.g. H1a2b3c4d5e6)."),
        false_positive: bool = typer.Option(
            False, "--false-positive", help="Not the listed party."
        ),
        true_positive: bool = typer.Option(False, "--true-positive", help="Is the listed party."),
        reason: str = typer.Option(..., "--reason", help="Why (kept in the audit trail)."),
        by: str | None = typer.Option(None, "--by", help="Analyst name (default: login name)."),
    ) -> None:
        """Record an analyst's decision on a hit; a false positive is not raised again
        for the same party and list entry until that entry changes."""
        from dualuse.audit import AuditLog
        from dualuse.store import open_store

        if false_positive == true_positive:
            raise InputError("give exactly one of --false-positive and --true-positive")
        verdict = "false_positive" if false_positive else "true_positive"
        audit = AuditLog(open_store())
        rec = audit.review(hit_id, verdict, reason, _user(by))
        Console().print(
            f"recorded: hit {rec.hit_id} ({rec.entity_id}) = {verdict.replace('_', ' ')} "
            f"by {rec.reviewed_by} at {rec.reviewed_at}",
            highlight=False,
        )

    @app.command()
    def rescreen(
        as_json: bool = typer.Option(False, "--json", help="JSON for machines."),
        rules: list[str] = typer.Option([], "--rules", help="Extra rule file (YAML)."),
        policy: str | None = typer.Option(None, "--policy", help="Decision policy file (YAML)."),
    ) -> None:
        """Screen the stored book of parties again; report only new or changed hits."""
        from dualuse.audit import rescreen as do_rescreen
        from dualuse.screening import ScreeningConfig

        store, matcher, audit = _backend(False)
        assert audit is not None
        config = ScreeningConfig.load(rules, policy, memory=audit)
        report = do_rescreen(audit, store=store, matcher=matcher, config=config)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            table = Table(
                title=f"Rescreen {report.run_id}: {report.parties} parties, "
                f"{len(report.items)} new findings ({', '.join(report.list_versions)})",
                title_justify="left",
            )
            for col in ("change", "hit", "party", "list entry", "score"):
                table.add_column(col)
            for i in report.items:
                table.add_row(
                    i.change.replace("_", " "),
                    i.hit_id,
                    f"{i.party_name} ({i.party_country or '—'})",
                    f"{i.caption or ''} [{i.entity_id}]",
                    "" if i.score is None else f"{i.score:.2f}",
                )
            Console().print(table, highlight=False)
        raise typer.Exit(1 if report.items else 0)


def _slim(data: dict[str, Any]) -> dict[str, Any]:
    """What the table needs of a result (keeps a long run's memory small)."""
    return {
        "order_id": data["order_id"],
        "decision": data["decision"],
        "score": data["score"],
        "reasons": data["reasons"],
        "notes": data.get("notes", []),
        "input_errors": data["input_errors"],
    }


def _backend(no_audit: bool) -> tuple[Any, Any, Any]:
    """Store, matcher and audit log (the seam the tests replace)."""
    from dualuse.audit import AuditLog
    from dualuse.matching import get_matcher
    from dualuse.store import open_store

    # a fresh install loads the shipped lists and builds the match index once (~30 s)
    with err_console.status("opening the lists and the match index ..."):
        store = open_store()
        matcher = get_matcher(store)
    audit = None if no_audit else AuditLog(store)
    return store, matcher, audit
