"""Maps of the war from reports: one date, two dates side by side, a timeline, PNG, embeds.

Every page is one self-contained HTML file (Leaflet inlined, an offline basemap, no request to
any server) whose symbols open the quoted evidence on click::

    >>> from geomap.render import render_map, write_atomic         # doctest: +SKIP
    >>> write_atomic("map.html", render_map(reports, "2022-06-01", articles=articles))

``build(paths, out_dir)`` does the whole job of ``geomap build``: ingest, then every map.
"""

from __future__ import annotations

from geomap.render.common import load_store, parse_day
from geomap.render.compare import render_compare
from geomap.render.embed import embed_snippet
from geomap.render.index import BuildResult, build
from geomap.render.page import write_atomic
from geomap.render.png import render_png
from geomap.render.single import render_map
from geomap.render.timeline import render_timeline

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
