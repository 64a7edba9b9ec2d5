"""One dated map: control, fighting, sieges, moves, regions and (off by default) mentions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from geomap.models import Article, Report
from geomap.render import _state, page, style
from geomap.render.common import base_blob, parse_day
from geomap.render.evidence import Evidence
from geomap.render.reference_layer import reference_subtitle, reference_view
from geomap.render.scene import date_layers, drawable

if TYPE_CHECKING:  # pragma: no cover
    from geomap.reference import Reference

__all__ = ["render_map"]


def render_map(
    reports: Sequence[Report],
    day: dt.date | str,
    *,
    articles: Mapping[str, Article] | None = None,
    window_days: int = 7,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    basemap: bool = True,
    states: Mapping | None = None,
    fighting: Sequence | None = None,
    reference: Reference | None = None,
) -> str:
    """The HTML of one self-contained map of the situation on ``day``.

    ``reports`` are all reports known (the map uses those dated up to ``day``); ``articles``
    gives titles and links for the popups. ``states``/``fighting`` may be passed in when the
    caller already has them from :mod:`geomap.state`. ``reference`` (from
    :func:`geomap.reference.load`) draws that area under the reports, and a layer saying which
    places agree with it; its counts go in the subtitle. ``tiles`` adds web tiles ("osm",
    "carto") over the offline basemap; ``cdn`` links Leaflet from a CDN instead of inlining it.

    >>> html = render_map([], "2022-06-01")
    >>> "Situation on 2022-06-01" in html
    True
    """
    day = parse_day(day)
    if window_days < 1:
        from geomap.errors import RenderError

        raise RenderError(f"window_days must be at least 1, not {window_days}")
    upto = drawable(reports, day)
    ev = Evidence(articles)
    if reference is not None and states is None:
        states = _state.control_at(upto, day)
    view = date_layers(upto, day, ev, window_days=window_days, states=states, fighting=fighting)
    n_articles = len({r.article_id for r in upto})
    heading = title or f"Situation on {day.isoformat()}"
    subtitle = (
        f"{len(upto)} reports from {n_articles} article{'s' if n_articles != 1 else ''} up to "
        f"this date · fighting: last {window_days} days"
    )
    if reference is not None:
        view["reference"] = reference_view(reference, states, upto, ev, day)
        subtitle += " · " + reference_subtitle(view["reference"]["counts"])
    blob = base_blob(title=heading, subtitle=subtitle, tiles=tiles, basemap=basemap)
    if reference is not None:
        blob["legend"] = style.legend_html(reference=reference.controller.value)
    blob["tables"] = ev.tables()
    blob["view"] = view
    with page.deterministic_ids():
        fig = page.new_figure(f"{heading} — geomap", cdn=cdn, reference=reference is not None)
        m = page.new_map(fig, tiles=tiles)
        page.DataScript("single", [m], blob).add_to(m)
        return page.render_figure(fig)
