"""One map with a time slider over every date that has reports (small inline JS, no plugin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from geomap.errors import RenderError
from geomap.models import Article, Report
from geomap.render import page
from geomap.render.common import base_blob
from geomap.render.evidence import Evidence
from geomap.render.scene import ReportIndex, date_layers, drawable, report_day
from geomap.state import Timeline

__all__ = ["render_timeline", "report_dates"]


_LAYERS = ("control", "fighting", "sieges", "moves", "regions", "mentioned")


def _key(layer: str, row: list) -> str:
    """What identifies a row from one date to the next (see ``rowKey`` in geomap.js)."""
    return f"{row[0]}|{row[1]}|{row[2]}" if layer == "moves" else str(row[0])


def report_dates(reports: Sequence[Report]) -> list[dt.date]:
    """Every distinct day that dated reports fall on, in order."""
    return sorted({d for r in reports if (d := report_day(r)) is not None})


def _states_by_day(reports: Sequence[Report], days: Sequence[dt.date]) -> list[dict]:
    tl = Timeline(reports)  # fold the reports once, then ask for many dates
    return [tl.control_at(d) for d in days]


def render_timeline(
    reports: Sequence[Report],
    *,
    articles: Mapping[str, Article] | None = None,
    dates: Sequence[dt.date] | None = None,
    window_days: int = 7,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    basemap: bool = True,
) -> str:
    """The HTML of one map with a slider over ``dates`` (default: every date with reports).

    Each layer is stored as what changes from one date to the next (rows added or changed,
    keys removed) and replayed in the page, so the file grows with what changes, not with
    dates × places.
    """
    reports = drawable(reports)
    days = sorted(set(dates)) if dates else report_dates(reports)
    if not days:
        raise RenderError("no dated reports: nothing to put on a timeline")
    ev = Evidence(articles)
    index = ReportIndex(reports)
    states = _states_by_day(index.dated, days)
    steps: list[dict] = []
    previous: dict[str, dict[str, list]] = {k: {} for k in _LAYERS}
    for day, st in zip(days, states, strict=True):
        view = date_layers(
            index.upto(day),
            day,
            ev,
            window_days=window_days,
            states=st,
            zones=False,
            index=index,
        )
        step: dict[str, list] = {}
        for layer in _LAYERS:
            current = {_key(layer, row): row for row in view[layer]}
            before = previous[layer]
            added = [row for k, row in sorted(current.items()) if before.get(k) != row]
            gone = [k for k in sorted(before) if k not in current]
            if added:
                step[layer] = added
            if gone:
                step["-" + layer] = gone
            previous[layer] = current
        steps.append(step)
    heading = title or f"Timeline {days[0].isoformat()} – {days[-1].isoformat()}"
    blob = base_blob(title=heading, subtitle="", tiles=tiles, basemap=basemap)
    blob["tables"] = ev.tables()
    blob["timeline"] = {
        "dates": [d.isoformat() for d in days],
        "window": window_days,
        "steps": steps,
    }
    with page.deterministic_ids():
        fig = page.new_figure(f"{heading} — geomap", cdn=cdn)
        m = page.new_map(fig, tiles=tiles)
        page.DataScript("timeline", [m], blob).add_to(m)
        return page.render_figure(fig)
