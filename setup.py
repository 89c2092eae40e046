"""Build step: the party matcher's two hot spots compiled, whenever that can be done.

- dualuse/matching/names.py (the name alignment), compiled with mypyc: about 1.8x faster;
- dualuse/matching/_ranking.c (the candidate index's last step), a small C extension:
  about 4x faster than the numpy it stands in for (index.top_names_numpy).

Everything else about the package is in pyproject.toml. Pure Python stays a complete
install: nothing is compiled when ``DUALUSE_PURE_PYTHON=1`` is set at build time, and
a missing mypyc, a mypyc error or a compiler error prints why and leaves that part in
Python (each part on its own).

The extension is named ``_names_compiled<EXT_SUFFIX>``, not ``names<EXT_SUFFIX>``, and
the SHA-256 of the names.py it was compiled from is written beside it, so that
dualuse/matching/_native.py uses it only while that names.py is unchanged (an editable
install leaves it in the source tree; see there). The C extension carries the SHA-256 of
its _ranking.c in itself (``SOURCE_SHA256``), for the same check.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from importlib.machinery import EXTENSION_SUFFIXES

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# The import side of these names is in dualuse/matching/_native.py
# (tests/matching/test_native.py checks that they agree).
MODULE = "dualuse.matching.names"
STEM = "_names_compiled"
RECORD_SUFFIX = ".source-sha256"
ENV = "DUALUSE_PURE_PYTHON"

SOURCE = os.path.join("dualuse", "matching", "names.py")
RANKING_MODULE = "dualuse.matching._ranking"
RANKING_SOURCE = os.path.join("dualuse", "matching", "_ranking.c")
GROUP = f"dualuse.matching.{STEM}"
SHARED = f"{GROUP}__mypyc"  # the extension mypyc names after the group
# mypy checks names.py alone against its own sources and typeshed, not against what is
# installed: the same C whatever the environment, and seconds instead of a minute.
MYPY_ARGS = [
    "--config-file=",  # no project or user mypy settings: the defaults mypyc needs
    "--no-site-packages",
    "--ignore-missing-imports",  # rapidfuzz & co are called through Python as they are
    "--follow-imports=silent",  # other dualuse modules give types, their errors are theirs
    "--cache-dir=" + os.path.join("build", "mypy-cache"),
]


def say(message: str) -> None:
    print(f"dualuse setup.py: {message}", file=sys.stderr, flush=True)


def pure_python_wanted() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def source_sha256(path: str = SOURCE) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def ranking_extension() -> Extension:
    return Extension(
        RANKING_MODULE,
        [RANKING_SOURCE],
        define_macros=[("DUALUSE_SOURCE_SHA256", f'"{source_sha256(RANKING_SOURCE)}"')],
        extra_compile_args=["-O2"] if os.name == "posix" else [],
    )


class BuildNames(build_ext):
    """build_ext that compiles names.py with mypyc and _ranking.c with the C compiler,
    each when it can, and leaves out whichever it cannot."""

    #: SHA-256 of the names.py that mypyc compiled ("" when nothing was)
    compiled_sha256 = ""

    def run(self) -> None:
        # mypyc writes the C only now, when extensions are built: pip runs setup.py
        # several times per install (build requirements, metadata) and builds once.
        if any(ext.name in (SHARED, MODULE) for ext in self.extensions):
            self._use_mypyc_extensions()
        built = os.path.join(self.build_lib, self.get_ext_filename(MODULE))
        # a record is written only after a whole successful build (build_extensions), and
        # a names<EXT_SUFFIX> left in build/ by another tool must not reach the wheel
        stray = [os.path.join(os.path.dirname(built), "names" + s) for s in EXTENSION_SUFFIXES]
        for path in [self._record(built), *stray]:
            if os.path.exists(path):
                os.remove(path)
        try:
            super().run()
        except Exception as exc:  # whatever else went wrong: nothing compiled
            say(f"building the extensions failed ({exc!r}); {SOURCE} stays pure Python")
            self._drop(list(self.extensions))

    def _use_mypyc_extensions(self) -> None:
        """Fill the stand-ins with mypyc's extensions (or drop them when mypyc cannot)."""
        stand_ins = [ext for ext in self.extensions if ext.name in (SHARED, MODULE)]
        made = {ext.name: ext for ext in self._mypyc_extensions()}
        if made and set(made) != {ext.name for ext in stand_ins}:
            say(f"mypyc made other extensions than expected ({sorted(made)}); pure Python")
            made = {}
        if not made:
            self._drop(stand_ins)
            return
        for ext in stand_ins:
            # keeps what setuptools' finalize_options noted on the stand-in (_full_name...)
            vars(ext).update(vars(made[ext.name]))

    def _drop(self, extensions: list[Extension]) -> None:
        """Build none of ``extensions``, and remove what was built of them."""
        for ext in extensions:
            path = os.path.join(self.build_lib, self.get_ext_filename(ext.name))
            if os.path.exists(path):
                os.remove(path)  # never ship half a build
            if ext in self.extensions:
                self.extensions.remove(ext)
        self.distribution.ext_modules = self.extensions

    def _mypyc_extensions(self) -> list[Extension]:
        try:
            from mypyc.build import mypycify
        except ImportError:
            say("mypyc is not installed; names.py stays pure Python")
            return []
        before = source_sha256()
        try:
            extensions = mypycify([*MYPY_ARGS, SOURCE], group_name=GROUP)
        except (Exception, SystemExit) as exc:  # mypy type errors end in SystemExit
            say(f"mypyc could not compile {SOURCE} ({exc!r}); it stays pure Python")
            return []
        if source_sha256() != before:
            say(f"{SOURCE} changed while mypyc read it; it stays pure Python")
            return []
        self.compiled_sha256 = before
        return list(extensions)

    def get_ext_filename(self, fullname: str) -> str:
        filename = super().get_ext_filename(fullname)
        # _names_compiled<EXT_SUFFIX> (see the module docstring); distutils asks by the
        # last part of the name too
        if fullname in (MODULE, MODULE.rpartition(".")[2]):
            head, tail = os.path.split(filename)
            filename = os.path.join(head, STEM + tail[len(MODULE.rpartition(".")[2]) :])
        return filename

    @staticmethod
    def _record(extension_path: str) -> str:
        return extension_path + RECORD_SUFFIX

    def build_extensions(self) -> None:
        self.check_extensions_list(self.extensions)
        # each part on its own: a C compiler error in one leaves the other compiled
        for ext in [e for e in self.extensions if e.name == RANKING_MODULE]:
            try:
                self.build_extension(ext)
            except Exception as exc:
                say(f"compiling {RANKING_SOURCE} failed ({exc!r}); the index ranks with numpy")
                self._drop([ext])
        group = [e for e in self.extensions if e.name in (SHARED, MODULE)]
        try:
            for ext in group:
                self.build_extension(ext)
        except Exception as exc:
            say(f"compiling {SOURCE} failed ({exc!r}); it stays pure Python")
            self._drop(group)
            self.compiled_sha256 = ""
        if self.compiled_sha256:
            path = os.path.join(self.build_lib, self.get_ext_filename(MODULE))
            with open(self._record(path), "w", encoding="ascii") as fh:
                fh.write(f"{self.compiled_sha256}  names.py\n")  # sha256sum's format
            say(f"compiled {SOURCE} into {os.path.basename(path)}")

    def copy_extensions_to_source(self) -> None:
        # editable install: the extensions go beside names.py, then their record
        super().copy_extensions_to_source()
        for built, inplace in self.get_output_mapping().items():
            if built.endswith(RECORD_SUFFIX):
                shutil.copyfile(built, inplace)

    def get_output_mapping(self) -> dict[str, str]:
        mapping = super().get_output_mapping()
        for built, inplace in list(mapping.items()):
            if os.path.exists(self._record(built)):
                mapping[self._record(built)] = self._record(inplace)
        return mapping

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        return outputs + [self._record(p) for p in outputs if os.path.exists(self._record(p))]


# Stand-ins for mypyc's two extensions (its code for the group, and the module that loads
# it): they make setuptools run build_ext and tag the wheel for this platform, and
# build_ext fills them in, or drops them.
ext_modules = (
    []
    if pure_python_wanted()
    else [*(Extension(n, [SOURCE]) for n in (SHARED, MODULE)), ranking_extension()]
)
if not ext_modules:
    say(f"{ENV} is set: names.py stays pure Python, the index ranks with numpy")
setup(ext_modules=ext_modules, cmdclass={"build_ext": BuildNames})
