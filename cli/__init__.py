"""cyberscope: label the provisions of a draft cybercrime law by how far they reach."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cyberscope")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

LABELS: tuple[str, ...] = ("cyber-dependent", "cyber-enabled", "other")
