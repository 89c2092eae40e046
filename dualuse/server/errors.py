"""The one JSON error shape of the HTTP API, and the one table of status codes.

Every error the server sends, whatever raised it (a :class:`DualuseError` from
the pipeline, a request that fails validation, a missing key, a body that is
too large, an unknown route), has the same body::

    {"error": "invalid_input", "status": 422, "message": "...",
     "details": [{"message": ..., "file": ..., "line": ..., "field": ..., "value": ...}]}

``STATUS_BY_ERROR`` maps the :mod:`dualuse.errors` classes to HTTP codes; the
most specific class wins. ``tests/server/test_errors.py`` pins both.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dualuse.errors import (
    ConfigError,
    DualuseError,
    ErrorDetail,
    InputError,
    NotFoundError,
    ParseError,
    UpdateError,
)

log = logging.getLogger(__name__)

#: dualuse error class -> HTTP status. Ordered from specific to general.
STATUS_BY_ERROR: tuple[tuple[type[DualuseError], int], ...] = (
    (InputError, 422),  # the request breaks a rule (a 5-digit HS code, an unknown verdict)
    (ParseError, 422),  # an uploaded file that cannot be read
    (NotFoundError, 404),  # an entity, hit or screening that does not exist
    (UpdateError, 409),  # a list update refused; the version in use stays
    (ConfigError, 500),  # the server's own configuration is broken: not the caller's fault
    (DualuseError, 400),
)

#: Error codes the HTTP layer itself produces (no dualuse class behind them).
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "not_ready",
}


class ApiError(DualuseError):
    """An error of the HTTP layer with its own status (401, 403, 413, 503...)."""

    def __init__(
        self, status: int, code: str, message: str, details: list[ErrorDetail] | None = None
    ) -> None:
        super().__init__(message, details or [], code)
        self.status = status


def status_for(exc: DualuseError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 400


def error_body(
    status: int, code: str, message: str, details: list[ErrorDetail] | None = None
) -> dict[str, Any]:
    return {
        "error": code,
        "status": status,
        "message": message,
        "details": [d.to_dict() for d in details or []],
    }


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status, headers=headers)


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "queries", "q1", "properties") -> "queries.q1.properties"
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts
    return ".".join(parts)


def validation_details(errors: list[dict[str, Any]]) -> tuple[bool, list[ErrorDetail]]:
    """Pydantic errors as ErrorDetails; the flag says the body was not JSON at all."""
    malformed = False
    details = []
    for err in errors:
        kind = err.get("type", "")
        if kind == "json_invalid":
            malformed = True
            ctx = err.get("ctx") or {}
            details.append(
                ErrorDetail(
                    f"not valid JSON: {ctx.get('error', 'cannot be decoded')}",
                    field="body",
                    line=None,
                    value=None,
                )
            )
            continue
        value = err.get("input")
        if isinstance(value, dict | list):
            value = None  # do not echo whole objects back
        details.append(
            ErrorDetail(str(err.get("msg", "invalid")), field=_loc(err["loc"]), value=value)
        )
    return malformed, details


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one shape."""

    @app.exception_handler(DualuseError)
    async def _dualuse(_request: Request, exc: DualuseError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("server error: %s", exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        malformed, details = validation_details(list(exc.errors()))
        if malformed:
            return error_response(
                400, "malformed_json", "the request body is not valid JSON", details
            )
        fields = ", ".join(sorted({d.field or "?" for d in details}))
        return error_response(
            422, "invalid_input", f"the request does not fit the API ({fields})", details
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # A bug: log it with its traceback, tell the caller no internals.
        log.exception("unhandled error")
        return error_response(500, "internal_error", "internal error; see the server log")
