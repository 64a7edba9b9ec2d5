"""A reference map of control drawn under the reports, and how the reports agree with it.

The reference (:mod:`geomap.reference`: someone else's polygons of who holds what on a date)
becomes two layers of a map page: the area itself, a hatched translucent fill in the holding
side's colour with a dotted outline, and "Agreement with the reference": one badge per
checked place (agrees, disagrees, near the line) whose popup gives the reports' state, the
reference's verdict, the distance to the reference's edge and the reports' evidence.

The file name and anything else from the file are data: the page puts them in with text nodes
(the layer list, which Leaflet fills with ``innerHTML``, gets them escaped first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from geomap.models import ControlState, Report
from geomap.render.common import _round_coords
from geomap.render.evidence import POINT_KINDS, Evidence

__all__ = ["DRAWN_VERDICTS", "reference_label", "reference_subtitle", "reference_view"]

#: Verdicts that get a badge on the map (no claim / outside Ukraine only count in the table).
DRAWN_VERDICTS = ("agrees", "disagrees", "near line")

# Simplification tolerance (degrees, ~100 m) and rounding: a daily export of a whole front has
# tens of thousands of vertices; the map needs far fewer, and rounding keeps bytes stable.
_SIMPLIFY_DEG = 0.001
_DIGITS = 4


def reference_label(reference) -> str:
    """``Reference: <file name> (<date>)``: how the layer list and legend name it (plain text)."""
    name = Path(str(reference.source)).name or str(reference.source)
    when = reference.date.isoformat() if reference.date else "undated"
    return f"Reference: {name} ({when})"


def reference_subtitle(counts: Mapping[str, int]) -> str:
    """Counts for a map's subtitle: ``reference: agrees 3, disagrees 1, near line 0``."""
    return "reference: " + ", ".join(f"{v} {int(counts.get(v, 0))}" for v in DRAWN_VERDICTS)


def _polygons(geometry) -> list[dict]:
    simple = geometry.simplify(_SIMPLIFY_DEG, preserve_topology=True)
    if simple.is_empty:
        simple = geometry
    parts = [g for g in getattr(simple, "geoms", [simple]) if g.geom_type == "Polygon"]
    parts.sort(key=lambda g: tuple(round(v, 6) for v in g.bounds))
    out = []
    for part in parts:
        geo = part.__geo_interface__
        out.append({"type": "Polygon", "coordinates": _round_coords(geo["coordinates"], _DIGITS)})
    return out


def reference_view(
    reference,
    states: Mapping[str, ControlState],
    reports: Sequence[Report],
    ev: Evidence,
    day: dt.date,
) -> dict:
    """The ``reference`` part of a map's view: area polygons, agreement rows and counts.

    Rows are ``[place, verdict, claimed, reference side, distance_km, stale, as_of, reports]``
    (``place`` and ``reports`` index ``ev``'s tables; ``distance_km`` is positive inside the
    reference area). Only places drawn as points are checked, as on the control layer.
    """
    from geomap import reference as ref_mod

    kind_of: dict[str, str] = {}
    for r in reports:
        kind_of.setdefault(r.place_id, r.place_kind)
    by_id = {r.id: r for r in reports}
    checked = {pid: s for pid, s in states.items() if kind_of.get(pid, "settlement") in POINT_KINDS}
    found = ref_mod.check(checked, reference)
    rows = []
    for a in found:
        if a.verdict not in DRAWN_VERDICTS:
            continue
        s = checked.get(a.place_id)
        pi = ev.place(
            a.place_id,
            a.place_name,
            a.lat,
            a.lon,
            precision=getattr(s, "precision", "exact"),
            kind=kind_of.get(a.place_id, "settlement"),
        )
        rows.append(
            [
                pi,
                a.verdict,
                a.claimed.value,
                a.reference.value if a.reference is not None else "",
                round(float(a.distance_km), 1),
                1 if a.stale else 0,
                a.date.isoformat() if a.date else "",
                ev.reports_of(a.reports, by_id),
            ]
        )
    counts = ref_mod.summary(found)
    return {
        "label": reference_label(reference),
        "date": reference.date.isoformat() if reference.date else "",
        "map_date": day.isoformat(),
        "controller": reference.controller.value,
        "polygons": _polygons(reference.geometry),
        "rows": rows,
        "counts": {k: int(v) for k, v in sorted(counts.items())},
    }
