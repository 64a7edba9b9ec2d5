"""Every error geomap raises on purpose, in one hierarchy.

::

    GeomapError
    ├── InputError (ValueError)        a user's input is unusable: names the file and the problem
    │   ├── UnreadableArticle          empty, binary, not text, too large, broken JSON/HTML
    │   └── BadDate (ValueError)       an impossible or unparseable date
    ├── StoreError                     the report store cannot be opened or written
    ├── RenderError                    a map cannot be drawn (no reports at that date...)
    └── GazetteerError                 re-exported from ``gazetteer.errors``

The CLI prints ``Error: <message>`` and exits 1 for any of these; anything else is a bug.
"""

from __future__ import annotations

from gazetteer.errors import GazetteerError

__all__ = [
    "BadDate",
    "GazetteerError",
    "GeomapError",
    "InputError",
    "RenderError",
    "StoreError",
    "UnreadableArticle",
]


class GeomapError(Exception):
    """Base of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """A user's input cannot be used. ``source`` names the file (or "-" for stdin)."""

    def __init__(self, message: str, source: str = "") -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class UnreadableArticle(InputError):
    """An article file that is empty, binary, not decodable, too large or malformed."""


class BadDate(InputError):
    """A date that cannot be parsed or cannot be true (2022-02-30, before 1900, far future)."""


class StoreError(GeomapError):
    """The SQLite report store cannot be opened, migrated or written."""


class RenderError(GeomapError):
    """A map cannot be drawn from what was asked."""
