"""Two dates side by side, panning and zooming together, with what changed between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from branca.element import MacroElement
from jinja2 import Template

from geomap.errors import RenderError
from geomap.models import Article, Report
from geomap.render import _state, page, style
from geomap.render.common import base_blob, parse_day
from geomap.render.evidence import POINT_KINDS, Evidence
from geomap.render.reference_layer import reference_subtitle, reference_view
from geomap.render.scene import date_layers, drawable

if TYPE_CHECKING:  # pragma: no cover
    from geomap.reference import Reference

__all__ = ["render_compare"]


class _Html(MacroElement):
    """A fixed piece of page markup (ours, never data), placed in document order."""

    _template = Template("{% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._name = "Html"
        self.markup = markup


def render_compare(
    reports: Sequence[Report],
    d1: dt.date | str,
    d2: dt.date | str,
    *,
    articles: Mapping[str, Article] | None = None,
    window_days: int = 7,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    basemap: bool = True,
    reference: Reference | None = None,
) -> str:
    """The HTML of two synchronised maps (``d1`` left, ``d2`` right) and a list of changes.

    The right map has a "Changes since the first date" layer: places gained (ring in the
    gaining side's colour), no longer held, newly contested, and new fighting.
    """
    d1, d2 = parse_day(d1), parse_day(d2)
    if d2 < d1:
        raise RenderError(f"the second date {d2} is before the first {d1}; swap them")
    ev = Evidence(articles)
    left_reports = drawable(reports, d1)
    right_reports = drawable(reports, d2)
    left = date_layers(left_reports, d1, ev, window_days=window_days)
    right_states = _state.control_at(right_reports, d2) if reference is not None else None
    right = date_layers(right_reports, d2, ev, window_days=window_days, states=right_states)
    by_id = {r.id: r for r in right_reports}
    kind_of = {r.place_id: r.place_kind for r in right_reports}
    rows = []
    for c in _state.changes(right_reports, d1, d2, window_days=window_days):
        if kind_of.get(c.place_id, "settlement") not in POINT_KINDS:
            continue
        p = ev.place(
            c.place_id,
            c.place_name,
            c.lat,
            c.lon,
            precision=by_id[c.reports[0]].precision
            if c.reports and c.reports[0] in by_id
            else "exact",
        )
        rows.append(
            [p, c.kind, c.before, c.after, c.actor, ev.reports_of(c.reports, by_id), c.label]
        )
    order = {"gained": 0, "contested": 1, "lost": 2, "new": 3, "new_fighting": 4}
    rows.sort(key=lambda row: (order.get(row[1], 9), ev.places[row[0]][0], row[0]))
    right["changes"] = rows
    heading = title or f"{d1.isoformat()} → {d2.isoformat()}"
    left["title"] = f"Situation on {d1.isoformat()}"
    n_left = len(left_reports)
    left["subtitle"] = f"{n_left} report{'s' if n_left != 1 else ''} up to this date"
    right["title"] = f"Situation on {d2.isoformat()}"
    right["subtitle"] = f"{len(right_reports)} reports · changes since {d1.isoformat()} ringed"
    if reference is not None:
        right["reference"] = reference_view(reference, right_states, right_reports, ev, d2)
        right["subtitle"] += " · " + reference_subtitle(right["reference"]["counts"])
    blob = base_blob(title=heading, subtitle="", tiles=tiles, basemap=basemap)
    if reference is not None:
        blob["legend"] = style.legend_html(reference=reference.controller.value)
    blob["tables"] = ev.tables()
    blob["left"] = left
    blob["right"] = right
    with page.deterministic_ids():
        fig = page.new_figure(f"{heading} — geomap", cdn=cdn, reference=reference is not None)
        _Html('<div class="gm-compare"><div class="gm-compare-maps">').add_to(fig)
        m1 = page.new_map(fig, tiles=tiles)
        m2 = page.new_map(fig, tiles=tiles)
        _Html(
            '</div><div id="gm-changes" role="region" aria-label="What changed"></div></div>'
        ).add_to(fig)
        page.DataScript("compare", [m1, m2], blob).add_to(m2)
        return page.render_figure(fig)
