"""Prometheus metrics of one app (its own registry, so several apps can live in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "dualuse_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "dualuse_http_request_seconds",
            "HTTP request latency by route template",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.ready = Gauge("dualuse_ready", "1 when the lists are loaded", registry=self.registry)
        self.swaps = Counter(
            "dualuse_list_swaps",
            "Times a new set of list versions was swapped in",
            registry=self.registry,
        )
        self.parties = Gauge(
            "dualuse_list_parties",
            "Parties in the list version served",
            ["source"],
            registry=self.registry,
        )
        self.decisions = Counter(
            "dualuse_screenings",
            "Orders screened by decision",
            ["decision"],
            registry=self.registry,
        )
        self.match_queries = Counter(
            "dualuse_match_queries", "Party queries matched", registry=self.registry
        )
        self.reviews = Counter(
            "dualuse_reviews", "Reviews recorded by verdict", ["verdict"], registry=self.registry
        )
