"""Errors of cyberscope's own; the CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class CyberscopeError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""

    exit_code = 1


class InputError(CyberscopeError):
    """The input cannot be read or holds nothing to classify."""


class ModelError(CyberscopeError):
    """The model is missing, altered, or does not match its manifest."""
