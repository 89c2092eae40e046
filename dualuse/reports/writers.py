"""Report writers: table, JSON, JSON Lines, CSV and a self-contained HTML page.

All writers take screening results as plain dicts (``ScreeningResult.to_dict()``)
so that they hold no business logic. JSON, JSON Lines and CSV are streamed (one
result at a time, constant memory); the HTML report and the table need the
whole run for their summary and keep only what they show.

Safety:

* CSV cells that a spreadsheet would run as a formula (starting with ``=``,
  ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'`` (OWASP
  "CSV injection" advice), so an order that says ``=HYPERLINK(...)`` stays text.
* Every value in the HTML report goes through :func:`html.escape`; the page has
  inline CSS, no script and no external resource, so it opens offline.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv", "html")
CSV_COLUMNS = (
    "order_id",
    "decision",
    "score",
    "reasons",
    "party_hits",
    "goods_hits",
    "route_hits",
    "input_errors",
    "list_versions",
    "config_hash",
    "dualuse_version",
    "screened_at",
    "screening_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell value a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _party_hit_text(h: dict[str, Any]) -> str:
    status = "" if h.get("status") == "open" else f" [{str(h.get('status')).replace('_', ' ')}]"
    return (
        f"{h.get('role')} '{h.get('party_name')}' -> {h.get('caption')} [{h.get('entity_id')}] "
        f"{h.get('source')} score {float(h.get('score') or 0):.2f} hit {h.get('hit_id')}{status}"
    )


def _goods_hit_text(h: dict[str, Any]) -> str:
    tier = f" tier {h['tier']}" if h.get("tier") else ""
    what = h.get("code") or h.get("category") or ""
    return f"line {h.get('line')}: {h.get('list')}{tier} {what}".strip()


def _versions(r: dict[str, Any]) -> list[str]:
    return [
        f"{v['source']}@{v.get('version_date') or 'undated'}" for v in r.get("list_versions", [])
    ]


class Writer:
    """Base: ``write(result)`` for each result, then ``close(summary)``."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, result: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self, summary: dict[str, Any]) -> None:
        return None


class JsonWriter(Writer):
    def write(self, result: dict[str, Any]) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        self.out.write(json.dumps(result, ensure_ascii=False, default=str))
        self.count += 1

    def close(self, summary: dict[str, Any]) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter(Writer):
    def write(self, result: dict[str, Any]) -> None:
        self.out.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
        self.count += 1


class CsvWriter(Writer):
    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.csv = csv.writer(out)
        self.csv.writerow(CSV_COLUMNS)

    def write(self, r: dict[str, Any]) -> None:
        row = {
            "order_id": r["order_id"],
            "decision": r["decision"],
            "score": f"{r['score']:g}",
            "reasons": " | ".join(f"{x['rule_id']}: {x['text']}" for x in r["reasons"]),
            "party_hits": " | ".join(_party_hit_text(h) for h in r["party_hits"]),
            "goods_hits": " | ".join(_goods_hit_text(h) for h in r["goods_hits"]),
            "route_hits": " | ".join(h["reason"] for h in r["route_hits"]),
            "input_errors": " | ".join(_error_text(e) for e in r["input_errors"]),
            "list_versions": " ".join(_versions(r)),
            "config_hash": r["config_hash"],
            "dualuse_version": r["dualuse_version"],
            "screened_at": r["screened_at"],
            "screening_id": r["screening_id"],
        }
        self.csv.writerow([csv_safe(row[c]) for c in CSV_COLUMNS])
        self.count += 1


def _error_text(e: dict[str, Any]) -> str:
    where = []
    if e.get("file"):
        where.append(f"{e['file']}:{e['line']}" if e.get("line") else e["file"])
    elif e.get("line"):
        where.append(f"line {e['line']}")
    if e.get("field"):
        where.append(f"column {e['field']!r}")
    return (", ".join(where) + ": " if where else "") + str(e.get("message"))


class CollectWriter(Writer):
    """Keeps the results (for the HTML report and the table)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.results: list[dict[str, Any]] = []

    def write(self, result: dict[str, Any]) -> None:
        self.results.append(result)
        self.count += 1


class HtmlWriter(CollectWriter):
    """Keeps every order to review or block and the first ``max_clear`` clear ones
    (a page with 100,000 clear orders helps nobody); the summary counts them all."""

    def __init__(self, out: TextIO, max_clear: int = 500) -> None:
        super().__init__(out)
        self.max_clear = max_clear
        self.counts: Counter[str] = Counter()

    def write(self, result: dict[str, Any]) -> None:
        self.counts[result["decision"]] += 1
        self.count += 1
        if result["decision"] != "clear" or self.counts["clear"] <= self.max_clear:
            self.results.append(result)

    def close(self, summary: dict[str, Any]) -> None:
        self.out.write(render_html(self.results, {**summary, "counts": dict(self.counts)}))


DECISION_COLOURS = {"block": "#b00020", "review": "#a15c00", "clear": "#1b6e20"}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)[:120]


def render_html(results: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    """One self-contained HTML page: summary, orders, list entries, cross-links."""
    e = html.escape
    counts = Counter(summary.get("counts") or Counter(r["decision"] for r in results))
    omitted = sum(counts.values()) - len(results)
    entities: dict[str, dict[str, Any]] = {}
    for r in results:
        for h in r["party_hits"]:
            ent = entities.setdefault(
                h["entity_id"],
                {
                    "caption": h.get("caption"),
                    "source": h.get("source"),
                    "schema": h.get("schema"),
                    "programs": h.get("programs") or [],
                    "list_version": h.get("list_version"),
                    "orders": [],
                },
            )
            if r["order_id"] not in ent["orders"]:
                ent["orders"].append(r["order_id"])
    versions = results[0]["list_versions"] if results else summary.get("list_versions_full", [])
    parts: list[str] = []
    parts.append(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>dualuse screening report — {e(str(summary.get('input', '')))}</title>"
        f"<style>{_CSS}</style></head><body>"
    )
    parts.append("<header><h1>dualuse screening report</h1>")
    parts.append(
        f"<p class='meta'>Input <b>{e(str(summary.get('input', '')))}</b> · screened "
        f"{e(str(summary.get('finished_at', '')))} · run {e(str(summary.get('run_id') or '—'))} · "
        f"configuration {e(str(summary.get('config_hash', '')))} · dualuse "
        f"{e(str(summary.get('dualuse_version', '')))}</p></header>"
    )
    parts.append("<section class='summary'><h2>Summary</h2><div class='cards'>")
    for decision in ("block", "review", "clear"):
        parts.append(
            f"<div class='card {decision}'><span class='n'>{counts.get(decision, 0)}</span>"
            f"<span>{decision}</span></div>"
        )
    errors = summary.get("input_errors", [])
    parts.append(
        f"<div class='card errors'><span class='n'>{len(errors)}</span>"
        "<span>input problems</span></div>"
    )
    parts.append("</div>")
    parts.append("<h3>Lists screened against</h3><ul class='versions'>")
    for v in versions:
        parts.append(
            f"<li><b>{e(str(v.get('source')))}</b> version "
            f"{e(str(v.get('version_date') or 'undated'))}"
            f" — {e(str(v.get('party_count', '')))} parties, checksum "
            f"<code>{e(str(v.get('checksum', ''))[:12])}</code></li>"
        )
    parts.append("</ul>")
    if errors:
        parts.append("<h3>Input problems (not screened)</h3><ul class='errors'>")
        for err in errors:
            parts.append(f"<li>{e(_error_text(err))}</li>")
        parts.append("</ul>")
    parts.append("</section>")

    parts.append(
        "<section><h2>Orders</h2><table class='orders'><thead><tr><th>Order</th>"
        "<th>Decision</th><th>Score</th><th>Main reason</th></tr></thead><tbody>"
    )
    for r in results:
        oid = _slug(r["order_id"])
        main = r["reasons"][0]["text"] if r["reasons"] else "no red flag"
        parts.append(
            f"<tr><td><a href='#order-{e(oid)}'>{e(r['order_id'])}</a></td>"
            f"<td><span class='badge {e(r['decision'])}'>{e(r['decision'])}</span></td>"
            f"<td>{r['score']:g}</td><td>{e(main)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if omitted > 0:
        parts.append(f"<p class='meta'>{omitted} further clear orders are not listed here.</p>")
    parts.append("</section>")

    for r in results:
        oid = _slug(r["order_id"])
        parts.append(
            f"<section class='order' id='order-{e(oid)}'><h3>{e(r['order_id'])} "
            f"<span class='badge {e(r['decision'])}'>{e(r['decision'])}</span> "
            f"<small>score {r['score']:g}</small></h3>"
        )
        parties = ", ".join(
            f"{p['role'].replace('_', ' ')}: {p['name']}"
            + (f" ({p['country']})" if p.get("country") else "")
            for p in r.get("parties", [])
        )
        parts.append(f"<p class='parties'>{e(parties)}</p>")
        route = r.get("route") or {}
        legs = [
            route.get("port_of_loading"),
            *(route.get("transit_ports") or []),
            route.get("port_of_discharge"),
        ]
        legs = [x for x in legs if x]
        facts = []
        if legs:
            facts.append("route " + " → ".join(legs))
        if route.get("transit_countries"):
            facts.append("via " + ", ".join(route["transit_countries"]))
        if r.get("end_use"):
            facts.append(f"declared end use: {r['end_use']}")
        if facts:
            parts.append(f"<p class='parties'>{e(' · '.join(facts))}</p>")
        if r["reasons"]:
            parts.append("<ol class='reasons'>")
            for x in r["reasons"]:
                parts.append(
                    f"<li><span class='sev {e(x['severity'])}'>{e(x['severity'])}</span> "
                    f"<b>{e(x['rule_id'])}</b> {e(x['text'])} "
                    f"<a class='src' href='{e(x['source'])}'>{e(x['authority'])}</a></li>"
                )
            parts.append("</ol>")
        else:
            parts.append("<p>No red flag.</p>")
        if r["party_hits"]:
            parts.append(
                "<table class='hits'><thead><tr><th>Hit</th><th>Party</th><th>List entry</th>"
                "<th>Score</th><th>Status</th></tr></thead><tbody>"
            )
            for h in r["party_hits"]:
                parts.append(
                    f"<tr><td><code>{e(str(h['hit_id']))}</code></td>"
                    f"<td>{e(str(h.get('role')))}: {e(str(h.get('party_name')))}</td>"
                    f"<td><a href='#entity-{e(_slug(str(h['entity_id'])))}'>"
                    f"{e(str(h.get('caption')))}</a> <small>{e(str(h['entity_id']))} · "
                    f"{e(str(h.get('list_version')))}</small></td>"
                    f"<td>{float(h.get('score') or 0):.2f}</td>"
                    f"<td>{e(str(h.get('status')).replace('_', ' '))}</td></tr>"
                )
            parts.append("</tbody></table>")
        for note in r.get("notes", []):
            parts.append(f"<p class='note'>{e(note)}</p>")
        if r["input_errors"]:
            parts.append("<ul class='errors'>")
            for err in r["input_errors"]:
                parts.append(f"<li>{e(_error_text(err))}</li>")
            parts.append("</ul>")
        parts.append(
            f"<p class='prov'>screening {e(r['screening_id'])} · {e(r['screened_at'])} · "
            f"rows {e(', '.join(map(str, r.get('rows', []))))}</p></section>"
        )

    if entities:
        parts.append("<section><h2>List entries hit</h2><dl class='entities'>")
        for eid, ent in sorted(entities.items()):
            links = ", ".join(f"<a href='#order-{e(_slug(o))}'>{e(o)}</a>" for o in ent["orders"])
            parts.append(
                f"<dt id='entity-{e(_slug(eid))}'>{e(str(ent['caption']))} "
                f"<code>{e(eid)}</code></dt>"
                f"<dd>{e(str(ent['schema']))} on {e(str(ent['list_version'] or ent['source']))}; "
                f"programs {e(', '.join(ent['programs']) or '—')}; orders: {links}</dd>"
            )
        parts.append("</dl></section>")
    parts.append(
        "<footer>Made by dualuse. Decisions are screening aids for a compliance officer, "
        "not legal determinations; every reason names its source.</footer></body></html>\n"
    )
    return "".join(parts)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;
max-width:1100px;padding:0 24px 40px;color:#1d1d1f;background:#fafafa}
header{border-bottom:3px solid #222;margin-bottom:16px}h1{margin:18px 0 4px;font-size:26px}
h2{font-size:20px;margin:26px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:17px;margin:18px 0 6px}.meta,.prov{color:#555;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 18px;min-width:110px;
display:flex;flex-direction:column;align-items:center}
.card .n{font-size:28px;font-weight:700}.card.block .n{color:#b00020}.card.review .n{color:#a15c00}
.card.clear .n{color:#1b6e20}.card.errors .n{color:#555}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0}
th,td{border:1px solid #e2e2e2;padding:5px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f0f0f0}.orders td:first-child{white-space:nowrap}
.badge{display:inline-block;padding:1px 9px;border-radius:10px;color:#fff;
font-size:12px;font-weight:700;text-transform:uppercase}.badge.block{background:#b00020}
.badge.review{background:#a15c00}.badge.clear{background:#1b6e20}
.order{background:#fff;border:1px solid #ddd;border-radius:8px;padding:4px 16px 8px;margin:14px 0}
.sev{display:inline-block;min-width:54px;font-size:11px;font-weight:700;text-transform:uppercase;
padding:0 5px;border-radius:4px;background:#eee;text-align:center}
.sev.block{background:#b00020;color:#fff}
.sev.high{background:#e57373;color:#fff}.sev.medium{background:#ffb74d}.sev.low{background:#e0e0e0}
.reasons li{margin:3px 0}.src{font-size:12px;color:#1a4f9c}.parties{color:#333}
.note{background:#eef5ff;border-left:3px solid #1a4f9c;padding:4px 8px}
.errors li{color:#8a1c1c}code{font-size:12px;background:#f3f3f3;padding:0 3px}
dt{font-weight:700;margin-top:8px}dd{margin:2px 0 6px 18px}
footer{margin-top:30px;color:#666;font-size:12px}
"""


def make_writer(fmt: str, out: TextIO) -> Writer:
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "html":
        return HtmlWriter(out)
    return CollectWriter(out)


def write_all(
    fmt: str, results: Iterable[dict[str, Any]], out: TextIO, summary: dict[str, Any]
) -> None:
    writer = make_writer(fmt, out)
    for r in results:
        writer.write(r)
    writer.close(summary)
