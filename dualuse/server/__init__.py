"""The HTTP server: a FastAPI app over the screening pipeline, with API keys and a web page.

``create_app`` builds the app (see :mod:`dualuse.server.app`); ``dualuse serve``
runs it under uvicorn. The server holds no screening logic of its own.
The app is imported on first use, so key management (``dualuse keys``) works
without the ``server`` extra installed.
"""

from __future__ import annotations

from typing import Any

from dualuse.server.auth import ROLES, ApiKey, KeyStore

__all__ = ["ROLES", "ApiKey", "KeyStore", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from dualuse.server.app import create_app

        return create_app
    raise AttributeError(f"module 'dualuse.server' has no attribute {name!r}")
