"""Inline assets: Leaflet (from the ``xstatic-leaflet`` package) and geomap's own JS and CSS.

A map is one self-contained HTML file by default: Leaflet's JS and CSS are pasted in (its CSS
images become ``data:`` URIs) so the page makes no request to any server. ``cdn=True`` links
the same Leaflet version from a CDN instead, for smaller files.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path

from geomap.errors import RenderError

__all__ = [
    "LEAFLET_VERSION",
    "app_css",
    "app_js",
    "asset_tags",
    "leaflet_css",
    "leaflet_js",
    "reference_css",
    "reference_js",
    "script_safe",
]


def _xstatic_dir() -> Path:
    try:
        import xstatic.pkg.leaflet as xl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RenderError(
            "the xstatic-leaflet package is missing; install it (pip install xstatic-leaflet) "
            "or pass cdn=True / --cdn"
        ) from exc
    return Path(xl.BASE_DIR)


def _leaflet_version() -> str:
    try:
        import xstatic.pkg.leaflet as xl
    except ImportError:  # pragma: no cover
        return "1.9.3"
    return str(xl.VERSION)


LEAFLET_VERSION = _leaflet_version()
_CDN = "https://cdn.jsdelivr.net/npm/leaflet@{v}/dist/leaflet.{ext}"


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript, as packaged by xstatic-leaflet."""
    return script_safe((_xstatic_dir() / "leaflet.js").read_text(encoding="utf-8"))


@functools.cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images turned into ``data:`` URIs (no request for them)."""
    base = _xstatic_dir()
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        path = base / match.group(1)
        if not path.is_file():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    # An old IE behaviour URL; drop it so nothing in the page even looks like a URL to fetch.
    return css.replace("behavior: url(#default#VML);", "")


def _asset(name: str) -> str:
    return (
        resources.files("geomap.render")
        .joinpath("assets")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


@functools.cache
def app_js() -> str:
    """geomap's own drawing code (canvas symbols, popups, legend, slider, map sync)."""
    return script_safe(_asset("symbols.js") + "\n" + _asset("geomap.js"))


@functools.cache
def reference_js() -> str:
    """The reference layer's drawing code, in a page only when it shows a reference."""
    return script_safe(_asset("reference.js"))


@functools.cache
def reference_css() -> str:
    """The reference layer's styles (its table), in a page only when it shows a reference."""
    return _asset("reference.css")


@functools.cache
def app_css() -> str:
    """geomap's own styles (title, legend, popups, panels, phone widths)."""
    return _asset("geomap.css")


def script_safe(code: str) -> str:
    """Make text safe to paste inside ``<script>``: no ``</script`` or ``<!--`` can end it."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def asset_tags(*, cdn: bool = False, reference: bool = False) -> str:
    """The ``<style>``/``<script>`` tags every geomap page needs in its ``<head>``.

    ``reference`` adds the reference layer's script and styles (pages without one stay as
    they were).
    """
    if cdn:
        leaflet = (
            f'<link rel="stylesheet" href="{_CDN.format(v=LEAFLET_VERSION, ext="css")}"/>\n'
            f'<script src="{_CDN.format(v=LEAFLET_VERSION, ext="js")}"></script>\n'
        )
    else:
        leaflet = f"<style>{leaflet_css()}</style>\n<script>{leaflet_js()}</script>\n"
    extra = ""
    if reference:
        extra = f"<style>{reference_css()}</style>\n<script>{reference_js()}</script>\n"
    return f"{leaflet}<style>{app_css()}</style>\n<script>{app_js()}</script>\n{extra}"
