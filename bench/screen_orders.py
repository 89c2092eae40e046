"""Screening throughput: generate N orders (default 100,000) and push them through
the real pipeline (CSV reader -> matcher on the shipped snapshot -> goods -> route
-> rules -> decision -> audit trail in batches -> JSON Lines report).

Prints orders/s and parties/s, with the set-up (store + index) timed apart.

    python bench/screen_orders.py                 # 100,000 orders, temp data dir
    python bench/screen_orders.py --orders 5000 --no-audit

The generated file is synthetic: made-up company names from word lists (seeded,
so every run screens the same file), ~1 % of orders carrying spellings of real
drone-network SDN entries, ~3 % Caspian routes, CHPL and plain HS codes.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

WORDS_A = (
    "Nord Baltic Alpine Delta Orion Vega Atlas Polar Summit Harbor Meridian Zenit Aurora Falcon "
    "Granite Cedar Silver Crystal Pioneer Vertex Nova Titan Horizon Coral Amber Sierra Cobalt "
    "Lumen Quartz Rhein Danube Iberia Aegean Pacific Union Prime Apex Sigma Omega Helix"
).split()
WORDS_B = (
    "Tech Electronics Systems Industrial Machinery Components Trading Instruments Controls "
    "Automation Devices Logic Power Motion Optics Sensors Robotics Networks Circuits Precision "
    "Engineering Supply Parts Solutions Dynamics Fluid Thermal Metal Plastics Tools Labs Works"
).split()
FORMS = ("GmbH", "Ltd", "LLC", "S.A.", "B.V.", "SARL", "Sp. z o.o.", "AB", "Oy", "Co., Ltd")
COUNTRIES = (
    "DE",
    "FR",
    "NL",
    "PL",
    "IT",
    "ES",
    "SE",
    "FI",
    "GB",
    "US",
    "JP",
    "KR",
    "AE",
    "TR",
    "KZ",
)
HS = ("940360", "841370", "732690", "392690", "848180", "854231", "853224", "851762", "847150")
NETWORK = (
    ("Ghods Aviation Industries", "IR"),
    ("Shahed Aviation Industries Research Centre", "IR"),
    ("924th State Centre for UAV Aviation", "RU"),
    ("ООО Алабуга Экзим", "RU"),
    ("سرمد الکترونیک سپاهان", "IR"),
    ("Generation Trading F.Z.E.", "AE"),
)
HEADER = [
    "order_id",
    "customer_id",
    "end_use",
    "buyer_name",
    "buyer_country",
    "consignee_name",
    "consignee_country",
    "end_user_name",
    "end_user_country",
    "freight_forwarder_name",
    "freight_forwarder_country",
    "hs_code",
    "description",
    "quantity",
    "port_of_loading",
    "port_of_discharge",
]


def company(rng: random.Random) -> str:
    return f"{rng.choice(WORDS_A)} {rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(FORMS)}"


def generate(path: Path, n: int, seed: int = 7) -> int:
    """Write n orders (1-3 lines each); return the number of parties."""
    rng = random.Random(seed)
    parties = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(n):
            buyer, bc = company(rng), rng.choice(COUNTRIES)
            consignee, cc = (
                (buyer, bc) if rng.random() < 0.6 else (company(rng), rng.choice(COUNTRIES))
            )
            end_user, ec = (
                (consignee, cc) if rng.random() < 0.7 else (company(rng), rng.choice(COUNTRIES))
            )
            if rng.random() < 0.01:
                end_user, ec = rng.choice(NETWORK)
            ff, fc = (company(rng), rng.choice(COUNTRIES)) if rng.random() < 0.3 else ("", "")
            pol, pod = ("DEHAM", "AEJEA") if rng.random() < 0.2 else ("", "")
            if rng.random() < 0.03:
                pol, pod = "IRAMD", "Makhachkala"
            parties += len({(buyer, bc), (consignee, cc), (end_user, ec)}) + (1 if ff else 0)
            for _line in range(rng.randint(1, 3)):
                code = rng.choice(HS)
                out.writerow(
                    [
                        f"B{i:06d}",
                        f"K{rng.randint(1, n // 3 + 1)}",
                        "Production",
                        buyer,
                        bc,
                        consignee,
                        cc,
                        end_user,
                        ec,
                        ff,
                        fc,
                        code,
                        "",
                        rng.randint(1, 500),
                        pol,
                        pod,
                    ]
                )
    return parties


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--no-audit", action="store_true", help="Do not write the audit trail.")
    parser.add_argument("--data-dir", help="Data folder (default: a new temporary folder).")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dualuse-bench-"))
    os.environ["DUALUSE_DATA_DIR"] = args.data_dir or str(tmp / "data")
    from dualuse.audit import AuditLog
    from dualuse.matching import get_matcher
    from dualuse.reports import make_writer
    from dualuse.screening import ScreeningConfig, read_orders
    from dualuse.screening.pipeline import Screener
    from dualuse.store import open_store

    path = tmp / "orders.csv"
    t0 = time.perf_counter()
    parties = generate(path, args.orders)
    print(
        f"generated {args.orders} orders ({parties} parties, {path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - t0:.1f}s"
    )

    t0 = time.perf_counter()
    store = open_store()
    matcher = get_matcher(store)
    audit = None if args.no_audit else AuditLog(store)
    config = ScreeningConfig.load(memory=audit)
    screener = Screener(store=store, matcher=matcher, config=config)
    setup = time.perf_counter() - t0
    print(f"set-up (store with shipped snapshot + match index): {setup:.1f}s")

    run_id = (
        audit.start_run(
            "screen",
            input_name=path.name,
            config_hash=config.hash,
            list_versions=[],
            dualuse_version="bench",
        )
        if audit
        else None
    )
    decisions: Counter[str] = Counter()
    batch = []
    screened_parties = 0
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        writer = make_writer("jsonl", sink)
        for order in read_orders(path):
            result = screener.screen(order)
            decisions[result.decision] += 1
            screened_parties += len(order.parties)
            writer.write(result.to_dict())
            if audit is not None and run_id is not None:
                batch.append(result)
                if len(batch) >= 500:
                    audit.write_batch(run_id, batch)
                    batch = []
        if audit is not None and run_id is not None and batch:
            audit.write_batch(run_id, batch)
    elapsed = time.perf_counter() - t0
    n = sum(decisions.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"screened {n} orders, {screened_parties} party slots in {elapsed:.1f}s")
    print(f"orders/s: {n / elapsed:,.0f}")
    print(
        f"parties/s: {screened_parties / elapsed:,.0f} (party slots; repeated names in one "
        "order are matched once)"
    )
    print(f"decisions: {dict(decisions)}; audit: {'on' if audit else 'off'}; peak RSS {rss:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
