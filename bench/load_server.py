"""Load test of the HTTP server on loopback: requests/s and p50/p99 latency of
``POST /match`` and ``POST /screen``.

Starts ``uvicorn dualuse.server.app:create_app`` on a free 127.0.0.1 port with a
temporary data folder (the shipped snapshot is loaded into it and the match index
built; that set-up is timed apart), creates a key, then runs each endpoint with
``--concurrency`` client threads until ``--requests`` requests are done or
``--seconds`` have passed, whichever comes first. Only loopback is ever used.

    python bench/load_server.py                      # 400 requests per endpoint, <= 60 s each
    python bench/load_server.py --requests 2000 --concurrency 8 --workers 2

Queries are a fixed, seeded mix: spellings of real drone-network SDN entries and
made-up company names from word lists (so most queries are clean, as in real
traffic). Orders have two parties and two goods lines.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

LISTED = (  # spellings of entries on the OFAC SDN list (drone network)
    "Qods Aviation Industries",
    "Shahed Aviation Industries Research Center",
    "Generation Trading FZE",
    "Alabuga Machinery LLC",
    "OOO Grend Si",
    "Khazar Sea Shipping Lines",
    "Iran Aircraft Manufacturing Industrial Company",
)
WORDS_A = "Nord Baltic Alpine Delta Orion Vega Atlas Polar Summit Harbor Meridian Aurora".split()
WORDS_B = "Tech Electronics Systems Industrial Machinery Components Trading Controls".split()
FORMS = ("GmbH", "Ltd", "LLC", "S.A.", "B.V.", "AB", "Oy")
COUNTRIES = ("DE", "FR", "AE", "TR", "CN", "RU", "US", "GB", "KZ", "AM")
CODES = ("854231", "854232", "847150", "850650", "880730", "901380", "392690", "731815")


def made_up(rng: random.Random) -> str:
    return f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(FORMS)}"


def name(rng: random.Random) -> str:
    return rng.choice(LISTED) if rng.random() < 0.2 else made_up(rng)


def match_body(rng: random.Random) -> dict:
    return {
        "queries": {
            "q1": {
                "schema": "Company",
                "properties": {"name": [name(rng)], "country": [rng.choice(COUNTRIES)]},
            }
        }
    }


def screen_body(rng: random.Random, n: int) -> dict:
    return {
        "order": {
            "order_id": f"LOAD-{n}",
            "customer_id": f"C-{rng.randint(1, 500)}",
            "parties": [
                {"role": "buyer", "name": name(rng), "country": rng.choice(COUNTRIES)},
                {"role": "end_user", "name": name(rng), "country": rng.choice(COUNTRIES)},
            ],
            "lines": [
                {"hs_code": rng.choice(CODES), "quantity": rng.randint(1, 500)},
                {"hs_code": rng.choice(CODES), "description": "electronic components"},
            ],
        }
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(url: str, key: str, path: str, make, total: int, seconds: float, threads: int) -> dict:  # noqa: ANN001
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    issued = 0
    deadline = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        nonlocal issued
        rng = random.Random(seed)
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
            while True:
                with lock:
                    if issued >= total or time.perf_counter() > deadline:
                        return
                    issued += 1
                    n = issued
                body = make(rng, n)
                t0 = time.perf_counter()
                response = client.post(path, json=body)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50_ms": pct(latencies, 0.50) * 1000,
        "p99_ms": pct(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="per endpoint (bound)")
    parser.add_argument("--seconds", type=float, default=60.0, help="per endpoint (bound)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--startup-timeout", type=float, default=900.0)
    args = parser.parse_args()

    from dualuse.server.auth import KeyStore
    from dualuse.store import Store

    with tempfile.TemporaryDirectory(prefix="dualuse-load-") as tmp:
        env = dict(os.environ, DUALUSE_DATA_DIR=tmp)
        env.pop("DUALUSE_DATABASE_URL", None)
        key = KeyStore(Store(f"sqlite:///{Path(tmp) / 'dualuse.sqlite'}").engine).create(
            "load-test", "screener"
        )[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        cmd = [
            sys.executable, "-m", "uvicorn", "dualuse.server.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
            "--log-level", "warning",
        ]  # fmt: skip
        started = time.perf_counter()
        server = subprocess.Popen(cmd, env=env)
        try:
            ready = False
            while time.perf_counter() - started < args.startup_timeout:
                if server.poll() is not None:
                    sys.exit(f"server exited with {server.returncode}")
                try:
                    r = httpx.get(url + "/readyz", timeout=5)
                    if r.status_code == 200:
                        ready = r.json()
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            if not ready:
                sys.exit("server not ready in time")
            setup = time.perf_counter() - started
            labels = ", ".join(v["label"] for v in ready["list_versions"])
            parties = sum(v["party_count"] for v in ready["list_versions"])
            print(f"server ready in {setup:.1f}s (snapshot load + index): {labels}")
            print(f"{parties} listed parties; {args.workers} worker(s), "
                  f"{args.concurrency} client threads, {os.cpu_count()} CPUs")  # fmt: skip
            # warm-up (first requests load rules, goods tables, caches)
            run(url, key, "/match", lambda r, n: match_body(r), 10, 30, 1)
            run(url, key, "/screen", lambda r, n: screen_body(r, n), 10, 30, 1)
            for path, make in (
                ("/match", lambda r, n: match_body(r)),
                ("/screen", lambda r, n: screen_body(r, n)),
            ):
                res = run(url, key, path, make, args.requests, args.seconds, args.concurrency)
                print(
                    f"{path:8s} {res['requests']:6d} requests in {res['seconds']:6.1f}s  "
                    f"{res['rps']:7.1f} req/s  p50 {res['p50_ms']:7.1f} ms  "
                    f"p99 {res['p99_ms']:7.1f} ms  mean {res['mean_ms']:7.1f} ms  "
                    f"status {res['statuses']}"
                )
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
