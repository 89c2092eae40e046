"""The FastAPI application: routes, authentication, limits, metrics, the web page.

The server holds no screening logic: every route calls the pipeline's modules
(:mod:`dualuse.matching`, :mod:`dualuse.goods`, :mod:`dualuse.screening`,
:mod:`dualuse.audit`) on the :class:`~dualuse.server.state.Serving` that was
current when the request started, and names its list versions in the body
(``list_versions``) and in the ``X-Dualuse-List-Versions`` header.

``create_app`` is a factory: tests build apps on their own stores; ``dualuse
serve`` builds one from the settings.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dualuse import __version__
from dualuse.errors import ErrorDetail, InputError, NotFoundError
from dualuse.server.auth import ApiKey, KeyStore
from dualuse.server.errors import ApiError, error_body, install_error_handlers
from dualuse.server.metrics import Metrics
from dualuse.server.models import (
    ListUpdateRequest,
    MatchRequest,
    PartyScreenRequest,
    ReviewRequest,
    ScreenRequest,
    query_from_example,
    to_orders,
)
from dualuse.server.settings import ServerSettings, load_server_settings
from dualuse.server.state import ServerState, Serving
from dualuse.store import Store

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
VERSIONS_HEADER = "X-Dualuse-List-Versions"


# -- body size limit (pure ASGI: counts bytes as they arrive, chunked or not) ----------


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413 in the one error shape."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] == "/screen/file" else self.limit
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                await _send_413(send, limit, int(declared))
                return
        if declared is not None or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            # the server (h11) holds the client to its Content-Length
            await self.app(scope, receive, send)
            return
        # No Content-Length (chunked): read the body up to the limit first, then replay it.
        # (An exception raised while the app reads the body would be turned into a 400.)
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await _send_413(send, limit, received)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _send_413(send: Send, limit: int, size: int) -> None:
    import json

    body = json.dumps(
        error_body(
            413,
            "payload_too_large",
            f"the request body ({size} bytes or more) is over the limit of {limit} bytes",
            [ErrorDetail("body too large", field="body", value=size)],
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- the factory ------------------------------------------------------------------------


def create_app(
    store: Store | None = None,
    *,
    settings: ServerSettings | None = None,
    load_snapshot: bool = True,
    background: bool = True,
    matcher_factory: Callable[[Store], Any] | None = None,
) -> FastAPI:
    """Build the app on ``store`` (default: the configured store).

    ``background=False`` loads the lists before returning (tests); otherwise a
    thread loads them and ``/readyz`` is 503 until it is done.
    """
    settings = settings or load_server_settings()
    if store is None:
        from dualuse.config import load_settings

        base = load_settings()
        if not base.database_url:
            base.data_dir.mkdir(parents=True, exist_ok=True)
        store = Store(base.store_url)
    state = ServerState(store, load_snapshot=load_snapshot, matcher_factory=matcher_factory)
    keys = KeyStore(store.engine)
    metrics = Metrics()
    state.on_swap.append(lambda serving: _observe_swap(serving, metrics))

    from dualuse.audit import AuditLog

    AuditLog(store)  # creates the audit tables once, before any request

    app = FastAPI(
        title="dualuse",
        version=__version__,
        description=(
            "Screen parties, goods and routes against sanctions, export-control and "
            "drone-component lists. Every answer names the list versions it was made "
            "against. Authenticate with `Authorization: Bearer <key>` or `X-API-Key`."
        ),
        # FastAPI's /docs page loads Swagger UI from a CDN; the server works offline, so
        # only the OpenAPI description itself is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.dualuse = state
    app.state.keys = keys
    app.state.metrics = metrics
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes
    )

    @app.middleware("http")
    async def _observe(request: Request, call_next: Callable[[Request], Any]) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        metrics.requests.labels(template, request.method, str(response.status_code)).inc()
        metrics.latency.labels(template).observe(time.perf_counter() - started)
        serving = getattr(request.state, "serving", None) or state.current
        if serving is not None:
            response.headers[VERSIONS_HEADER] = ",".join(serving.labels)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if template in ("/", "/static") or request.url.path.startswith("/static/"):
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
            )
        return response

    if background:

        def _start() -> None:
            state.start_loading()
            state.start_watching(settings.reload_seconds)

        app.router.on_startup.append(_start)
    else:
        state.load()
        if state.current is None:
            raise RuntimeError(f"lists could not be loaded: {state.error}")

    _routes(app, state, keys, metrics, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _observe_swap(serving: Serving, metrics: Metrics) -> None:
    metrics.swaps.inc()
    metrics.ready.set(1)
    for v in serving.versions:
        metrics.parties.labels(v.source).set(v.party_count)


# -- dependencies -----------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer du_...`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: du_...`")


def require(role: str) -> Callable[..., ApiKey]:
    """A dependency admitting keys whose role includes ``role``."""

    def dependency(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header: Annotated[str | None, Depends(_header)],
    ) -> ApiKey:
        presented = header or (bearer.credentials if bearer else None)
        if not presented:
            raise ApiError(
                401,
                "unauthorized",
                "an API key is needed: send `Authorization: Bearer <key>` or `X-API-Key: <key>`",
            )
        key = request.app.state.keys.verify(presented)
        if key is None:
            raise ApiError(401, "unauthorized", "the API key is not valid or has been revoked")
        if not key.allows(role):
            raise ApiError(
                403,
                "forbidden",
                f"this needs the {role!r} role; key {key.key_id!r} has {key.role!r}",
                [ErrorDetail("role too low", field="role", value=key.role)],
            )
        request.state.key = key
        return key

    return dependency


def serving(request: Request) -> Serving:
    """The Serving current at the start of this request (kept for the whole request)."""
    state: ServerState = request.app.state.dualuse
    current = state.current
    if current is None:
        detail = state.error or "the lists are still loading"
        raise ApiError(503, "not_ready", f"not ready: {detail}")
    request.state.serving = current
    return current


Screener = Annotated[ApiKey, Depends(require("screener"))]
Analyst = Annotated[ApiKey, Depends(require("analyst"))]
Admin = Annotated[ApiKey, Depends(require("admin"))]
Current = Annotated[Serving, Depends(serving)]


# -- routes -----------------------------------------------------------------------------


def _routes(
    app: FastAPI,
    state: ServerState,
    keys: KeyStore,
    metrics: Metrics,
    settings: ServerSettings,
) -> None:
    from dualuse.audit import AuditLog

    screening_config: dict[str, Any] = {}

    def base_config() -> Any:
        # rules and policy are read once; each request gets a copy with its own review memory
        if "config" not in screening_config:
            from dualuse.screening import ScreeningConfig

            config = ScreeningConfig.load()
            config.hash  # noqa: B018 - computed once; the per-request copies inherit it
            screening_config["config"] = config
        return screening_config["config"]

    @app.get("/healthz", tags=["health"], summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get(
        "/readyz",
        tags=["health"],
        summary="Ready: lists loaded and the match index built",
        responses={503: {"description": "still loading, or loading failed"}},
    )
    def readyz() -> JSONResponse:
        current = state.current
        if current is None:
            detail = state.error or "the lists are still loading"
            return JSONResponse(error_body(503, "not_ready", f"not ready: {detail}"), 503)
        return JSONResponse(
            {
                "status": "ready",
                "built_at": current.built_at,
                "build_seconds": current.build_seconds,
                "list_versions": current.versions_dicts(),
            }
        )

    @app.get("/metrics", tags=["health"], summary="Prometheus metrics")
    def prometheus(_key: Screener) -> Response:
        metrics.ready.set(1 if state.current is not None else 0)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/whoami", tags=["keys"], summary="The key in use and its role")
    def whoami(key: Screener) -> dict[str, Any]:
        return key.to_dict()

    # -- lists and entities --------------------------------------------------------------

    @app.get("/lists", tags=["lists"], summary="List versions served and stored")
    def lists(_key: Screener, current: Current) -> dict[str, Any]:
        return {
            "list_versions": current.versions_dicts(),
            "versions": [v.to_dict() for v in current.versions],
            "built_at": current.built_at,
            "swaps": state.swaps,
        }

    @app.post("/lists/update", tags=["lists"], summary="Fetch lists and swap them in (admin)")
    def lists_update(body: ListUpdateRequest, _key: Admin) -> dict[str, Any]:
        return state.update(body.sources)

    @app.get("/entities/{entity_id}", tags=["lists"], summary="A listed entity with provenance")
    def entity(
        entity_id: str,
        _key: Screener,
        current: Current,
    ) -> dict[str, Any]:
        if not 1 <= len(entity_id) <= 200:
            raise InputError(
                "entity ids are 1-200 characters",
                [ErrorDetail("bad length", field="entity_id", value=entity_id[:50])],
            )
        ent, version = current.store.get_entity(entity_id)
        statements = [
            {
                "prop": s.prop,
                "value": s.value,
                "lang": s.lang,
                "original_value": s.original_value if s.original_value != s.value else None,
            }
            for s in sorted(ent.statements, key=lambda s: (s.prop, s.value))
            if s.prop != "id"
        ]
        related = current.store.related(entity_id)
        sanctions = [r.to_dict() for r in related if r.schema.name == "Sanction"]
        links = [r.to_dict() for r in related if r.schema.name != "Sanction"]
        return {
            "entity": ent.to_dict(),
            "caption": ent.caption,
            "provenance": {
                "source": version.source,
                "title": version.title,
                "list_version": version.label,
                "version_date": version.version_date,
                "checksum": version.checksum,
                "files": version.files,
                "loaded_at": version.loaded_at,
                "origin": version.origin,
            },
            "statements": statements,
            "sanctions": sanctions,
            "links": links,
            "list_versions": current.versions_dicts(),
        }

    # -- matching ------------------------------------------------------------------------

    def _match(
        body: MatchRequest, limit: int, threshold: float | None, current: Serving, dataset: str
    ) -> dict[str, Any]:
        from dualuse.matching import PartyQuery

        if len(body.queries) > settings.max_match_queries:
            raise ApiError(
                422,
                "batch_too_large",
                f"{len(body.queries)} queries in one request; at most {settings.max_match_queries}",
                [ErrorDetail("too many queries", field="queries", value=len(body.queries))],
            )
        sources = {v.source for v in current.versions}
        if dataset not in ("default", "all") and dataset not in sources:
            raise NotFoundError(
                f"dataset {dataset!r} is not served; use 'default' or one of "
                f"{', '.join(sorted(sources))}",
                [ErrorDetail("unknown dataset", field="dataset", value=dataset)],
            )
        responses: dict[str, Any] = {}
        for key, example in body.queries.items():
            names, fields = query_from_example(example)
            best: dict[str, Any] = {}
            for name in names[:10]:
                query = PartyQuery(name=name, **fields)
                for hit in current.matcher.match(query, limit=limit * 2, threshold=threshold):
                    if dataset not in ("default", "all") and hit.source != dataset:
                        continue
                    if hit.entity_id not in best or hit.score > best[hit.entity_id].score:
                        best[hit.entity_id] = hit
            hits = sorted(best.values(), key=lambda h: (-h.score, h.entity_id))[:limit]
            metrics.match_queries.inc()
            results = []
            for hit in hits:
                data = hit.to_dict()
                data.update(
                    id=hit.entity_id,
                    match=hit.score >= hit.threshold,
                    explanation=[f"{f.name}: {f.reason}" for f in hit.features],
                    datasets=[hit.source],
                    properties=_properties(current, hit.entity_id),
                )
                results.append(data)
            responses[key] = {
                "status": 200,
                "results": results,
                "total": {"value": len(results), "relation": "eq"},
                "query": {
                    "id": example.id,
                    "schema": example.schema_,
                    "properties": example.properties,
                },
            }
        return {
            "responses": responses,
            "limit": limit,
            "threshold": threshold,
            "list_versions": current.versions_dicts(),
        }

    match_doc = (
        'yente-compatible: `{"queries": {"q1": {"schema": "Person", "properties": '
        '{"name": [...], "birthDate": [...], "nationality": [...]}}}}`. Each result has '
        "its score, the features that made it and a plain-words explanation."
    )

    @app.post("/match", tags=["screening"], summary="Match parties", description=match_doc)
    def match(
        body: MatchRequest,
        _key: Screener,
        current: Current,
        limit: Annotated[int, Query(ge=1, le=100)] = 5,
        threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    ) -> dict[str, Any]:
        return _match(body, min(limit, settings.max_limit), threshold, current, "default")

    @app.post(
        "/match/{dataset}",
        tags=["screening"],
        summary="Match parties (yente path)",
        description=match_doc,
    )
    def match_dataset(
        dataset: str,
        body: MatchRequest,
        _key: Screener,
        current: Current,
        limit: Annotated[int, Query(ge=1, le=100)] = 5,
        threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    ) -> dict[str, Any]:
        return _match(body, min(limit, settings.max_limit), threshold, current, dataset[:100])

    @app.get("/search", tags=["screening"], summary="Search listed parties by name")
    def search(
        _key: Screener,
        current: Current,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        schema: Annotated[
            str, Query(pattern="^(Any|Person|Organization|Company|Vessel|Airplane)$")
        ] = "Any",
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        threshold: Annotated[float, Query(ge=0.0, le=1.0)] = 0.3,
    ) -> dict[str, Any]:
        from dualuse.matching import PartyQuery

        if not q.strip():
            raise InputError("q is empty", [ErrorDetail("empty query", field="q", value=q)])
        hits = current.matcher.match(
            PartyQuery(name=q, schema=schema), limit=limit, threshold=threshold
        )
        return {
            "query": q,
            "results": [h.to_dict() for h in hits],
            "total": len(hits),
            "list_versions": current.versions_dicts(),
        }

    @app.get("/goods", tags=["screening"], summary="Screen goods: HS code, part number, maker")
    def goods(
        _key: Screener,
        current: Current,
        code: Annotated[str | None, Query(max_length=20)] = None,
        part_number: Annotated[str | None, Query(max_length=200)] = None,
        manufacturer: Annotated[str | None, Query(max_length=200)] = None,
        description: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> dict[str, Any]:
        if not any(v and v.strip() for v in (code, part_number, manufacturer, description)):
            raise InputError(
                "give at least one of code, part_number, manufacturer, description",
                [ErrorDetail("nothing to screen", field="code")],
            )
        try:
            from dualuse.goods import screen_goods
        except ImportError as exc:
            raise ApiError(503, "not_ready", "goods screening is not installed") from exc
        result = screen_goods(
            code=code or None,
            part_number=part_number or None,
            manufacturer=manufacturer or None,
            description=description or None,
        )
        return {**result.to_dict(), "list_versions": current.versions_dicts()}

    # -- transactions ----------------------------------------------------------------------

    def _screen(orders: list[Any], current: Serving, key: ApiKey, keep: bool, **cfg: Any) -> dict:
        from dualuse.screening import Screener as PipelineScreener

        audit = AuditLog(current.store)
        config = dataclasses.replace(base_config(), memory=audit, **cfg)
        screener = PipelineScreener(store=current.store, matcher=current.matcher, config=config)
        results = [screener.screen(order) for order in orders]
        run_id = None
        if keep and results:
            run_id = audit.start_run(
                "screen",
                input_name="api",
                config_hash=config.hash,
                list_versions=current.labels,
                dualuse_version=__version__,
                user=key.name,
            )
            audit.write_batch(run_id, results)
        for r in results:
            metrics.decisions.labels(r.decision).inc()
        return {
            "run_id": run_id,
            "results": [r.to_dict() for r in results],
            "list_versions": current.versions_dicts(),
        }

    @app.post("/screen", tags=["screening"], summary="Screen one order or a batch")
    def screen(body: ScreenRequest, key: Screener, current: Current) -> dict[str, Any]:
        if (body.order is None) == (body.orders is None):
            raise InputError(
                "send either `order` (one order) or `orders` (a batch), not both or neither",
                [ErrorDetail("exactly one of order/orders", field="order")],
            )
        items = [body.order] if body.order is not None else list(body.orders or [])
        if len(items) > settings.max_batch:
            raise ApiError(
                422,
                "batch_too_large",
                f"{len(items)} orders in one request; at most {settings.max_batch}",
                [ErrorDetail("too many orders", field="orders", value=len(items))],
            )
        _check_sizes(items, settings)
        orders = to_orders(items, "order" if body.order is not None else "orders")
        return _screen(orders, current, key, body.store)

    @app.post("/screen/party", tags=["screening"], summary="Screen one party (a one-party order)")
    def screen_party(body: PartyScreenRequest, key: Screener, current: Current) -> dict[str, Any]:
        from dualuse.matching import PartyQuery
        from dualuse.screening import Order, Party
        from dualuse.screening.orders import parse_country

        try:
            country = parse_country(body.country)
        except ValueError as exc:
            raise InputError(
                str(exc), [ErrorDetail(str(exc), field="country", value=body.country)]
            ) from exc
        order = Order(
            order_id=body.order_id or f"party:{body.name[:80]}",
            parties=[
                Party(
                    role=body.role,
                    name=body.name,
                    country=country,
                    country_raw=body.country,
                    identifiers=list(body.identifiers),
                )
            ],
            source="api",
        )

        def query(name: str, schema: str, countries: tuple, ids: tuple) -> Any:
            # the form knows the schema and birth date that an order line does not
            return PartyQuery(
                name=name,
                schema=body.schema_ if schema == "Any" else schema,
                countries=countries,
                birth_date=body.birth_date,
                identifiers=ids,
            )

        return _screen([order], current, key, True, query_factory=query)

    @app.post("/screen/file", tags=["screening"], summary="Screen an uploaded order file")
    def screen_file(
        key: Screener,
        current: Current,
        file: Annotated[UploadFile, File(description="CSV, JSON, JSON Lines or xlsx")],
    ) -> dict[str, Any]:
        from dualuse.screening import read_orders

        name = Path(file.filename or "orders.csv").name
        suffix = "".join(Path(name).suffixes[-1:]).lower()
        if suffix not in (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx"):
            raise InputError(
                f"file {name!r}: type {suffix or '(none)'} is not one of csv, json, jsonl, xlsx",
                [ErrorDetail("unsupported file type", file=name, value=suffix)],
            )
        with tempfile.TemporaryDirectory(prefix="dualuse-upload-") as tmp:
            path = Path(tmp) / name
            with path.open("wb") as fh:
                while chunk := file.file.read(1 << 20):
                    fh.write(chunk)
            reader = read_orders(path)
            orders = []
            for order in reader:
                orders.append(order)
                if len(orders) > settings.max_batch:
                    raise ApiError(
                        422,
                        "batch_too_large",
                        f"file {name!r} has more than {settings.max_batch} orders; "
                        "screen larger files with `dualuse screen`",
                        [ErrorDetail("too many orders", file=name, value=len(orders))],
                    )
            file_errors = [e.to_dict() for e in getattr(reader, "errors", [])]
        result = _screen(orders, current, key, True)
        result["file_errors"] = file_errors
        return result

    # -- reviews and history --------------------------------------------------------------

    @app.post("/reviews", tags=["reviews"], summary="Record a decision on a hit (analyst)")
    def review(body: ReviewRequest, key: Analyst) -> dict[str, Any]:
        audit = AuditLog(state.store)
        recorded = audit.review(body.hit_id, body.verdict, body.reason, by=key.name)
        metrics.reviews.labels(body.verdict).inc()
        return {
            "review": recorded.to_dict(),
            "reviews": [r.to_dict() for r in audit.reviews(body.hit_id)],
        }

    @app.get("/reviews", tags=["reviews"], summary="Reviews of a hit, oldest first")
    def reviews(
        _key: Screener,
        hit_id: Annotated[str | None, Query(max_length=16)] = None,
    ) -> dict[str, Any]:
        return {"reviews": [r.to_dict() for r in AuditLog(state.store).reviews(hit_id)]}

    @app.get("/history", tags=["reviews"], summary="The audit trail of screenings, newest first")
    def history(
        _key: Screener,
        order_id: Annotated[str | None, Query(max_length=200)] = None,
        decision: Annotated[str | None, Query(pattern="^(clear|review|block)$")] = None,
        entity_id: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=32)] = None,
        until: Annotated[str | None, Query(max_length=32)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        rows = AuditLog(state.store).history(
            order_id=order_id,
            decision=decision,
            entity_id=entity_id,
            since=since,
            until=until,
            limit=limit,
        )
        current = state.current
        return {
            "screenings": rows,
            "list_versions": current.versions_dicts() if current else [],
        }

    @app.get("/history/{screening_id}", tags=["reviews"], summary="One stored screening")
    def history_item(screening_id: str, _key: Screener) -> dict[str, Any]:
        if len(screening_id) > 40:
            raise NotFoundError(f"no screening {screening_id[:40]!r}...")
        return AuditLog(state.store).screening(screening_id)

    # -- keys (admin) -------------------------------------------------------------------

    @app.get("/keys", tags=["keys"], summary="API keys (admin)")
    def list_keys(_key: Admin) -> dict[str, Any]:
        return {"keys": [k.to_dict() for k in keys.list()]}


def _properties(current: Serving, entity_id: str) -> dict[str, list[str]]:
    """The listed entity's FtM properties, as yente returns them with each result."""
    try:
        entity, _version = current.store.get_entity(entity_id)
    except NotFoundError:  # swapped out since the match: the hit still stands on its own
        return {}
    return dict(entity.to_dict().get("properties", {}))


def _check_sizes(items: list[Any], settings: ServerSettings) -> None:
    details = []
    for i, o in enumerate(items):
        if len(o.parties) > settings.max_parties:
            details.append(
                ErrorDetail(
                    f"{len(o.parties)} parties; at most {settings.max_parties}",
                    field=f"orders[{i}].parties",
                    value=len(o.parties),
                )
            )
        if len(o.lines) > settings.max_lines:
            details.append(
                ErrorDetail(
                    f"{len(o.lines)} lines; at most {settings.max_lines}",
                    field=f"orders[{i}].lines",
                    value=len(o.lines),
                )
            )
    if details:
        raise ApiError(422, "batch_too_large", "an order is over the size limits", details)
