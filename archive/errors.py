"""Errors a user can act on. The CLI prints their message as one line, no traceback."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class: something the user can fix; `str()` says what and how."""

    exit_code = 1


class IndexMissing(ArchiveError):
    pass


class IndexIncompatible(ArchiveError):
    pass


class IndexLocked(ArchiveError):
    pass


class QueryError(ArchiveError):
    exit_code = 2


class NotFound(ArchiveError):
    pass


class UsageError(ArchiveError):
    exit_code = 2
