"""cyberscope: label the provisions of a draft cybercrime law by how far they reach."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"

LABELS: tuple[str, ...] = ("cyber-dependent", "cyber-enabled", "other")
