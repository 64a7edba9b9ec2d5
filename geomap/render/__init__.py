"""Maps of the war from reports: one date, two dates side by side, a timeline, PNG, embeds.

Every page is one self-contained HTML file (Leaflet inlined, an offline basemap, no request to
any server) whose symbols open the quoted evidence on click::

    from geomap.render import render_map, write_atomic
    write_atomic("map.html", render_map(reports, "2022-06-01", articles=articles))

A reference map of control (:func:`geomap.reference.load`) can be drawn under the reports,
with a layer and a table saying which places agree with it:
``render_map(reports, day, reference=geomap.reference.load("occupied.geojson"))``.

``build(paths, out_dir)`` does the whole job of ``geomap build``: ingest, then every map.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from geomap.render.common import load_store, parse_day
    from geomap.render.compare import render_compare
    from geomap.render.embed import embed_snippet
    from geomap.render.index import BuildResult, build
    from geomap.render.page import write_atomic
    from geomap.render.png import render_png
    from geomap.render.single import render_map
    from geomap.render.timeline import render_timeline

# Loaded on first use: folium takes a second to import, and `geomap --help` should not wait.
_WHERE = {
    "BuildResult": "index",
    "build": "index",
    "embed_snippet": "embed",
    "load_store": "common",
    "parse_day": "common",
    "render_compare": "compare",
    "render_map": "single",
    "render_png": "png",
    "render_timeline": "timeline",
    "write_atomic": "page",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"geomap.render.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'geomap.render' has no attribute {name!r}")


__all__ = [
    "BuildResult",
    "build",
    "embed_snippet",
    "load_store",
    "parse_day",
    "render_compare",
    "render_map",
    "render_png",
    "render_timeline",
    "write_atomic",
]
