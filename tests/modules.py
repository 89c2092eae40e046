"""Loading a module from its file, for tests of code that is not imported as a package
module (a bench script) or that must be a second, fresh copy (names.py beside its build)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def module_from_file(name: str, path: str | Path) -> ModuleType:
    """The module at ``path``, executed afresh and registered as ``name`` (dataclasses
    look their module up in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
