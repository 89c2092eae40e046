"""The HTTP server: a FastAPI app over the screening pipeline, with API keys and a web page.

``create_app`` builds the app (see :mod:`dualuse.server.app`); ``dualuse serve``
runs it under uvicorn. The server holds no screening logic of its own.
"""

from dualuse.server.app import create_app
from dualuse.server.auth import ROLES, ApiKey, KeyStore

__all__ = ["ROLES", "ApiKey", "KeyStore", "create_app"]
