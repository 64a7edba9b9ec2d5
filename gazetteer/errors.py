"""Errors of the gazetteer package.

::

    GazetteerError
    ├── DataError (ValueError)     a data file (embedded, user's, GeoNames dump) is malformed
    └── GeocoderError              the opt-in online geocoder failed or is not allowed
"""

from __future__ import annotations


class GazetteerError(Exception):
    """Base of every error the gazetteer raises on purpose."""


class DataError(GazetteerError, ValueError):
    """A gazetteer data file is missing or malformed; the message names the file and line."""


class GeocoderError(GazetteerError):
    """The online geocoder failed, was rate-limited, or was used without being enabled."""
