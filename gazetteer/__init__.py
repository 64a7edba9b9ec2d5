"""gazetteer: names of places in war reporting resolved to coordinates, offline."""

from __future__ import annotations

from gazetteer.errors import DataError, GazetteerError, GeocoderError
from gazetteer.types import Mention, Place

__all__ = ["DataError", "GazetteerError", "GeocoderError", "Mention", "Place"]
