"""Static PNGs of map pages, for print and social cards, with headless Chromium.

The page is opened from disk with every non-file request refused, so a PNG never depends on
(or leaks to) the network; the screenshot is taken once the page says it has drawn.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from geomap.errors import RenderError

__all__ = ["CHROMIUM_ARGS", "chromium_path", "render_png"]

#: Flags for headless Chromium on a machine with no network: without the background-networking
#: ones it keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_PRINT_CSS = (
    ".leaflet-control-zoom, .leaflet-control-layers, .gm-slider button { display: none; }"
    " .gm-legend details:not([open]) { display: none; }"
)


def chromium_path() -> str:
    """The Chromium to use: ``$GEOMAP_CHROMIUM``, else ``chromium`` on PATH."""
    found = (
        os.environ.get("GEOMAP_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )
    if not found:
        raise RenderError(
            "no Chromium found: install it (apt install chromium) or set GEOMAP_CHROMIUM"
        )
    return found


def render_png(
    html_path: str | os.PathLike[str],
    png_path: str | os.PathLike[str],
    *,
    width: int = 1200,
    height: int = 800,
    scale: float = 1.0,
    timeout_ms: int = 20000,
) -> Path:
    """Screenshot the map page ``html_path`` into ``png_path`` (written atomically)."""
    src = Path(html_path)
    if not src.is_file():
        raise RenderError(f"{src}: no such map file")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RenderError("PNG export needs playwright: pip install playwright") from exc
    out = Path(png_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp.png")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(
                    viewport={"width": width, "height": height}, device_scale_factor=scale
                )
                page.route(
                    "**/*",
                    lambda r: (
                        r.continue_()
                        if r.request.url.startswith(("file:", "data:", "blob:"))
                        else r.abort()
                    ),
                )
                page.goto(src.resolve().as_uri())
                page.wait_for_function("window.geomapReady === true", timeout=timeout_ms)
                # a picture has no use for buttons: keep title, legend, scale and attribution
                page.add_style_tag(content=_PRINT_CSS)
                page.evaluate("GM.maps.forEach(function (e) { e.map.invalidateSize(); })")
                page.screenshot(path=str(tmp), full_page=False)
            finally:
                browser.close()
        os.replace(tmp, out)
    except PlaywrightError as exc:
        tmp.unlink(missing_ok=True)
        raise RenderError(f"{src}: could not take a screenshot: {exc}") from exc
    return out
