"""Loads :mod:`dualuse.matching.names` compiled by mypyc when that is safe, else names.py;
and the candidate ranking in C (``_ranking.c``) likewise, else numpy (:func:`ranking`).

``setup.py`` compiles ``names.py`` (the matcher's hot loop, about 1.8x faster
compiled) with mypyc when it can: the extension is ``_names_compiled<EXT_SUFFIX>``
beside ``names.py`` (with mypyc's code for it in ``_names_compiled__mypyc<EXT_SUFFIX>``),
and ``_names_compiled<EXT_SUFFIX>.source-sha256`` records the SHA-256 of the
``names.py`` it was compiled from.

Why the guard: an editable install (``pip install -e .``) leaves the extension in the
source tree, and a developer who then edits ``names.py`` must run the edited code, not
the old compiled one. So the extension is deliberately not named ``names<EXT_SUFFIX>``
(Python's import would prefer it to ``names.py`` by itself, stale or not), and this
module, imported by ``dualuse/matching/__init__.py`` before anything else, loads it as
``dualuse.matching.names`` only when its record matches the ``names.py`` beside it and
``DUALUSE_PURE_PYTHON`` is not set to 1. Otherwise, and when it fails to import,
``names.py`` itself is loaded (with one warning when a build was passed over as stale
or broken). Standard library only: this runs before the rest of the package.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Mapping
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

# The build's side of these names is in setup.py (tests/matching/test_native.py checks
# that they agree).
MODULE = "dualuse.matching.names"
STEM = "_names_compiled"
RECORD_SUFFIX = ".source-sha256"
ENV = "DUALUSE_PURE_PYTHON"

log = logging.getLogger(__name__)

#: why the module in use was chosen (set on import)
reason = ""


class Choice(NamedTuple):
    compiled: bool
    reason: str
    #: a build was passed over (stale, unrecorded or broken): worth a warning
    warn: bool = False


def pure_python_forced(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``DUALUSE_PURE_PYTHON`` asks for pure Python (an unclear value does, loudly)."""
    value = environ.get(ENV, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value not in ("1", "true", "yes", "on"):
        log.warning("%s=%r is neither 0 nor 1; using pure Python", ENV, value)
    return True


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_extension(directory: Path) -> Path | None:
    """The compiled build for this interpreter in ``directory``, if there is one."""
    for suffix in EXTENSION_SUFFIXES:
        path = directory / (STEM + suffix)
        if path.is_file():
            return path
    return None


def choose(source: Path, extension: Path | None, forced_pure: bool) -> Choice:
    """Use ``extension`` only if its build record holds the SHA-256 of ``source``."""
    if forced_pure:
        return Choice(False, f"{ENV}=1")
    if extension is None:
        return Choice(False, "not compiled")
    record = extension.with_name(extension.name + RECORD_SUFFIX)
    try:
        recorded = record.read_text(encoding="ascii").split()[0]
    except (OSError, UnicodeError, IndexError):
        return Choice(False, f"{extension.name} has no build record {record.name}", warn=True)
    return _against_source(source, recorded, extension.name, "compiled")


def _against_source(source: Path, built_from: str, label: str, verb: str) -> Choice:
    """Use the build ``label`` only if ``built_from`` is the SHA-256 of ``source``."""
    try:
        current = source_digest(source)
    except OSError:
        # no source to be stale against (an install stripped of sources)
        return Choice(True, f"{label}, unchecked: {source.name} is missing")
    if built_from != current:
        return Choice(
            False,
            f"{label} was {verb} from another {source.name} than the one beside it "
            "(edited since?); reinstall (pip install -e .) to compile it again",
            warn=True,
        )
    return Choice(True, label)


def _load(name: str, path: Path) -> ModuleType:
    """Import the file ``path`` (source or extension) as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}", name=name, path=str(path))
    try:
        module = importlib.util.module_from_spec(spec)  # runs an extension's init
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def select() -> ModuleType:
    """Import ``dualuse.matching.names``: the compiled build when it is current, else names.py."""
    global reason
    if MODULE in sys.modules:
        return sys.modules[MODULE]
    here = Path(__file__).parent
    source = here / "names.py"
    extension = find_extension(here)
    choice = choose(source, extension, pure_python_forced())
    module: ModuleType | None = None
    if choice.compiled and extension is not None:
        try:
            module = _load(MODULE, extension)
        except Exception as exc:  # whatever went wrong, names.py still works
            choice = Choice(False, f"{extension.name} does not import ({exc})", warn=True)
    reason = choice.reason
    if choice.warn:
        log.warning("%s: %s; using the pure-Python %s", MODULE, choice.reason, source.name)
    if module is None:
        # by its path: a names<EXT_SUFFIX> from a manual mypyc run is never picked up
        module = _load(MODULE, source)
    package, _, attr = MODULE.rpartition(".")
    setattr(sys.modules[package], attr, module)  # as the import system does for submodules
    return module


#: the C build of the candidate index's last step (setup.py; see _ranking.c)
RANKING_MODULE = "dualuse.matching._ranking"
RANKING_SOURCE = "_ranking.c"

#: why the candidate ranking in use was chosen (set by :func:`ranking`)
ranking_reason = ""


def choose_ranking(source: Path, built_from: str | None, forced_pure: bool) -> Choice:
    """Use the C ranking only if it was built from the ``_ranking.c`` beside it.

    ``built_from``: the SHA-256 the build recorded in itself (``SOURCE_SHA256``),
    or None when there is no build. An edited ``_ranking.c`` must run, not a stale build.
    """
    if forced_pure:
        return Choice(False, f"{ENV}=1")
    if built_from is None:
        return Choice(False, "not compiled")
    return _against_source(source, built_from, "C build", "built")


def ranking() -> Callable[..., list[tuple[int, float]]] | None:
    """The C ``top_names`` when it is current, else None (the index then uses numpy)."""
    global ranking_reason
    try:
        module = importlib.import_module(RANKING_MODULE)
        built_from: str | None = str(module.SOURCE_SHA256)
    except ImportError:
        module, built_from = None, None
    source = Path(__file__).with_name(RANKING_SOURCE)
    choice = choose_ranking(source, built_from, pure_python_forced())
    ranking_reason = choice.reason
    if choice.warn:
        log.warning("%s: %s; using numpy", RANKING_MODULE, choice.reason)
    if not choice.compiled or module is None:
        return None
    return module.top_names  # type: ignore[no-any-return]


def names_is_compiled() -> bool:
    """Whether the ``dualuse.matching.names`` in use is the mypyc-compiled build."""
    return isinstance(getattr(select(), "__loader__", None), ExtensionFileLoader)


select()
