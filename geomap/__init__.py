"""geomap: turn news reports of a war into dated, sourced maps."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
