"""dualuse: screen parties, goods and routes against sanctions, export-control
and drone-component lists, with every decision explained."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dualuse")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
