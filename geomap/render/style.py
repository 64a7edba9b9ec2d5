"""Colours, symbol shapes, legend text, attribution and tile providers of geomap maps.

The palette is Okabe–Ito (safe for the common colour-vision deficiencies), and every category
also has its own *shape* so a map still reads in greyscale print:

=============  =====================  ======================================
meaning        colour                 shape
=============  =====================  ======================================
RU control     vermillion ``#D55E00``  solid square
UA control     blue ``#0072B2``        circle with a white ring
contested      orange ``#E69F00``      diamond, hatched
unknown        grey ``#999999``        small hollow circle
fighting       yellow ``#F0E442``      star, sized by reports, faded by age
siege          purple ``#CC79A7``      thick dashed ring
advance        side's colour           triangle pointing up
withdrawal     side's colour           hollow triangle pointing down
mentioned      grey                    hollow circle with a dot (layer off by default)
=============  =====================  ======================================
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AGREEMENT_COLORS",
    "ATTRIBUTION",
    "COLORS",
    "TILES",
    "TileChoice",
    "legend_html",
    "style_config",
    "tile_choice",
]

#: Okabe–Ito colours by meaning.
COLORS: dict[str, str] = {
    "RU": "#D55E00",
    "UA": "#0072B2",
    "contested": "#E69F00",
    "unknown": "#999999",
    "fighting": "#F0E442",
    "siege": "#CC79A7",
    "region": "#009E73",
    "ink": "#222222",
    "land": "#F4F1EA",
    "sea": "#DCE9F2",
    "border": "#8A8175",
}

#: Badges of the "Agreement with the reference" layer: colour *and* shape differ (Okabe–Ito
#: bluish green circle with a tick, black square with a cross, sky-blue diamond with a bar).
AGREEMENT_COLORS: dict[str, str] = {
    "agrees": "#009E73",
    "disagrees": "#222222",
    "near line": "#56B4E9",
}

#: Shown on every map (HTML: Leaflet's attribution control takes markup; this is ours, not data).
ATTRIBUTION = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), KATOTTG (Ministry '
    "for Communities and Territories Development of Ukraine); basemap: "
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); geomap'
)


@dataclass(frozen=True, slots=True)
class TileChoice:
    """A web tile layer: URL template, attribution (HTML) and zoom limit."""

    name: str
    url: str
    attribution: str
    max_zoom: int


def _provider(key: str) -> TileChoice:
    import xyzservices.providers as xyz

    p = xyz.OpenStreetMap.Mapnik if key == "osm" else xyz.CartoDB.Positron
    # Fill the template ourselves: build_url() warns about CARTO's (optional) API key.
    url = str(p["url"]).replace("{variant}", str(p.get("variant", ""))).replace("{r}", "")
    url = url.replace("{s}", "a").split("?key=")[0]
    return TileChoice(
        name=str(p["name"]),
        url=url,
        attribution=str(p.html_attribution),
        max_zoom=int(p.get("max_zoom", 19)),
    )


#: Names accepted by ``--tiles``.
TILES = ("none", "osm", "carto")


def tile_choice(name: str | None) -> TileChoice | None:
    """The tile layer for ``--tiles`` (``None``/"none": the offline basemap only)."""
    if name in (None, "", "none"):
        return None
    if name not in TILES:
        from geomap.errors import RenderError

        raise RenderError(f"unknown tiles {name!r}: choose one of {', '.join(TILES)}")
    return _provider(name)


def style_config() -> dict:
    """The colours handed to the page's JavaScript (one place to change them)."""
    return dict(sorted(COLORS.items()))


# Legend swatches are small static SVGs (our markup, never data), drawn like the canvas symbols.
_SWATCH = {
    "RU": f'<rect x="3" y="3" width="12" height="12" fill="{COLORS["RU"]}" stroke="#222"/>',
    "UA": f'<circle cx="9" cy="9" r="6" fill="{COLORS["UA"]}" stroke="#fff" stroke-width="2"/>'
    '<circle cx="9" cy="9" r="7.5" fill="none" stroke="#222"/>',
    "contested": '<defs><pattern id="gmh" width="4" height="4" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="2" height="4" fill="#E69F00"/></pattern></defs>'
    '<path d="M9 1 L17 9 L9 17 L1 9 Z" fill="url(#gmh)" stroke="#222"/>',
    "unknown": '<circle cx="9" cy="9" r="4" fill="none" stroke="#777" stroke-width="2"/>',
    "fighting": '<path d="M9 1 L11 6.5 L17 7 L12.5 10.5 L14 16.5 L9 13 L4 16.5 L5.5 10.5 L1 7 '
    'L7 6.5 Z" fill="#F0E442" stroke="#222"/>',
    "siege": '<circle cx="9" cy="9" r="6.5" fill="none" stroke="#CC79A7" stroke-width="3" '
    'stroke-dasharray="3 2"/>',
    "advance": '<path d="M9 2 L16 15 L2 15 Z" fill="#555" stroke="#222"/>',
    "withdrew": '<path d="M9 16 L16 3 L2 3 Z" fill="#fff" stroke="#222" stroke-width="2"/>',
    "approx": '<circle cx="9" cy="9" r="7" fill="#999" fill-opacity="0.15" stroke="#666" '
    'stroke-dasharray="2 2"/>',
    "region": '<ellipse cx="9" cy="9" rx="8" ry="5.5" fill="#009E73" fill-opacity="0.2" '
    'stroke="#009E73" stroke-dasharray="3 2"/>',
    "mentioned": '<circle cx="9" cy="9" r="5" fill="none" stroke="#777" stroke-width="1.5"/>'
    '<circle cx="9" cy="9" r="1.5" fill="#777"/>',
    "zones": '<rect x="1" y="3" width="8" height="12" fill="#D55E00" fill-opacity="0.2"/>'
    '<rect x="9" y="3" width="8" height="12" fill="#0072B2" fill-opacity="0.2"/>'
    '<path d="M9 1 L9 17" stroke="#222" stroke-width="2.5" stroke-dasharray="4 2"/>',
}


# Reference rows: the area swatch takes the holding side's colour; the file name is put into
# the empty span by the page's script as text (it is data, never markup).
def _reference_swatch(color: str) -> str:
    return (
        '<defs><pattern id="gmrh" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{color}" '
        f'fill-opacity="0.12"/><rect width="1.5" height="4" fill="{color}" fill-opacity="0.6"/>'
        '</pattern></defs><rect x="1" y="2" width="16" height="14" fill="url(#gmrh)" '
        f'stroke="{color}" stroke-width="2" stroke-dasharray="1 3" stroke-linecap="round"/>'
    )


_AGREEMENT_SWATCH = {
    "agrees": f'<circle cx="9" cy="9" r="7" fill="{AGREEMENT_COLORS["agrees"]}" stroke="#fff" '
    'stroke-width="1.5"/><path d="M5.5 9.2 L8 11.8 L12.8 6.4" fill="none" stroke="#fff" '
    'stroke-width="2"/>',
    "disagrees": f'<rect x="2.5" y="2.5" width="13" height="13" '
    f'fill="{AGREEMENT_COLORS["disagrees"]}" stroke="#fff" stroke-width="1.5"/>'
    '<path d="M6 6 L12 12 M12 6 L6 12" stroke="#fff" stroke-width="2"/>',
    "near line": f'<path d="M9 1 L17 9 L9 17 L1 9 Z" fill="{AGREEMENT_COLORS["near line"]}" '
    'stroke="#222" stroke-width="1"/><path d="M5 9 L13 9" stroke="#222" stroke-width="2"/>',
}

_AGREEMENT_ROWS = (
    ("agrees", "Reports agree with the reference"),
    ("disagrees", "Reports disagree with the reference"),
    ("near line", "Near the reference's line: too close to call"),
)

_LEGEND_ROWS = (
    ("RU", "Russian control (70% = partial)"),
    ("UA", "Ukrainian control"),
    ("contested", "Contested"),
    ("unknown", "Control unknown"),
    ("fighting", "Fighting, attacks, strikes (size: reports, fade: age)"),
    ("siege", "Siege / encirclement"),
    ("advance", "Advance (side's colour)"),
    ("withdrew", "Withdrawal (side's colour)"),
    ("region", "Region named in reports"),
    ("approx", "Approximate position"),
    ("mentioned", "Mentioned only (hypothetical/negated, off by default)"),
    ("zones", "Estimated zones and front line (off by default)"),
)


def _row(swatch: str, label: str) -> str:
    return (
        f'<div class="gm-legend-row"><svg width="18" height="18" viewBox="0 0 18 18" '
        f'aria-hidden="true">{swatch}</svg><span>{label}</span></div>'
    )


def legend_html(*, reference: str | None = None) -> str:
    """The legend's inner HTML (static; no user data in it).

    ``reference`` ("RU" or "UA", the side holding a reference's area) adds the reference and
    agreement rows; the reference's name is filled in by the page, as text.
    """
    rows = "".join(_row(_SWATCH[key], label) for key, label in _LEGEND_ROWS)
    if reference is not None:
        color = COLORS.get(reference, COLORS["RU"])
        rows += _row(_reference_swatch(color), '<span class="gm-ref-name">Reference</span>')
        rows += "".join(_row(_AGREEMENT_SWATCH[k], label) for k, label in _AGREEMENT_ROWS)
    return (
        '<details class="gm-legend-box" open><summary>Legend</summary>'
        f'<div class="gm-legend-rows">{rows}</div></details>'
    )
