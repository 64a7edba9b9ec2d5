"""The folium skeleton every geomap page shares: an offline Map, inline assets, the data blob.

folium's own ``Map`` pulls jQuery, Bootstrap and Font Awesome from CDNs; :class:`OfflineMap`
declares no external JS/CSS at all, and :class:`InlineAssets` pastes Leaflet and geomap's JS
into the page instead. folium names elements with random ids; :func:`deterministic_ids` swaps
them for a counter while a page is built and rendered, so the same inputs give the same bytes.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from markupsafe import escape

from geomap import fileio
from geomap.errors import RenderError
from geomap.render import assets, style
from geomap.render.evidence import dumps_script

__all__ = [
    "DataScript",
    "InlineAssets",
    "OfflineMap",
    "deterministic_ids",
    "new_figure",
    "new_map",
    "render_figure",
    "write_atomic",
]

#: Where a map looks before its symbols are known: the middle of Ukraine.
UKRAINE_CENTER = (48.6, 31.2)

_ID_LOCK = threading.RLock()


@contextmanager
def deterministic_ids() -> Iterator[None]:
    """Within this block, folium/branca elements get ids from a counter, not from urandom."""
    counter = itertools.count(1)
    with _ID_LOCK:
        original = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(lambda cls: f"gm{next(counter):06d}")  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Element._generate_id = original  # type: ignore[method-assign]


class OfflineMap(folium.Map):
    """A folium Map that links nothing from a CDN (Leaflet comes from :class:`InlineAssets`)."""

    default_js: list = []  # noqa: RUF012 - folium's class-level API
    default_css: list = []  # noqa: RUF012


class InlineAssets(Element):
    """Leaflet and geomap's JS/CSS in the page head: inline by default, CDN links with ``cdn``."""

    def __init__(self, *, cdn: bool = False, reference: bool = False) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.cdn = cdn
        self.reference = reference

    def render(self, **kwargs) -> str:  # type: ignore[override]
        return assets.asset_tags(cdn=self.cdn, reference=self.reference)


class DataScript(MacroElement):
    """One JSON blob and the call that draws it: ``GM.<entry>(map(s), blob)``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {{ this.blob_json }};
            GM.{{ this.entry }}({{ this.map_names|join(", ") }}, {{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, entry: str, maps: list[folium.Map], blob: dict) -> None:
        super().__init__()
        self._name = "GeomapData"
        if entry not in ("single", "compare", "timeline"):
            raise RenderError(f"unknown page kind {entry!r}")
        self.entry = entry
        self.map_names = [m.get_name() for m in maps]
        self.blob_json = dumps_script(blob)


def new_figure(title: str, *, cdn: bool = False, reference: bool = False) -> Figure:
    """A page with geomap's assets in its head and an escaped ``<title>``.

    ``reference`` adds the script that draws a reference layer.
    """
    fig = Figure(title=str(escape(title)))
    fig.header.add_child(Element('<meta name="generator" content="geomap"/>'), name="gm_generator")
    fig.header.add_child(InlineAssets(cdn=cdn, reference=reference), name="gm_assets")
    fig.html.add_child(
        Element(
            "<noscript><p>This map is drawn by JavaScript, which is turned off. The data are "
            "in the reports.geojson and reports.csv files next to it.</p></noscript>"
        ),
        name="gm_noscript",
    )
    return fig


def new_map(
    fig: Figure | Element,
    *,
    tiles: str | None = None,
    width: str = "100%",
    left: str = "0%",
    name: str | None = None,
) -> OfflineMap:
    """An offline map with a scale bar and canvas rendering, optionally with web tiles."""
    m = OfflineMap(
        location=list(UKRAINE_CENTER),
        zoom_start=6,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
        width=width,
        left=left,
        min_zoom=3,
        max_zoom=13,
        font_size="13px",
    )
    m.add_to(fig, name=name)
    tile = style.tile_choice(tiles)
    if tile is not None:
        folium.TileLayer(
            tiles=tile.url,
            attr=tile.attribution,
            name=tile.name,
            max_zoom=tile.max_zoom,
            overlay=False,
            control=False,
        ).add_to(m)
    return m


# folium's viewport forbids zooming the page (user-scalable=no): readers who need larger text
# must be able to pinch-zoom (WCAG 1.4.4). Leaflet still takes pinches made on the map itself.
_FOLIUM_VIEWPORT = re.compile(
    r'<meta name="viewport" content="width=device-width,\s*initial-scale=1\.0, '
    r'maximum-scale=1\.0, user-scalable=no" />'
)
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def render_figure(fig: Figure) -> str:
    """The page's HTML (call inside :func:`deterministic_ids`)."""
    html = fig.render().replace("<html>\n", '<html lang="en">\n', 1)
    return _FOLIUM_VIEWPORT.sub(_VIEWPORT, html)


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace`` (never half-written)."""
    try:
        return fileio.write_atomic(path, text)
    except OSError as exc:
        raise RenderError(f"{path}: cannot write: {exc.strerror or exc}") from exc
