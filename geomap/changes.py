"""What changed between two dates: places gained, regained, newly contested or reported.

:func:`changes` compares the control of :mod:`geomap.state` at two dates (one timeline, read
twice) and :func:`changes_geojson` writes the result as GeoJSON points. ``geomap.state``
exports both too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap.models import Controller, Report

if TYPE_CHECKING:
    from geomap.state import Timeline

__all__ = ["Change", "changes", "changes_geojson"]


@dataclass(frozen=True, slots=True)
class Change:
    """A place whose controller differs between two dates, with the reports that changed it."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    before: Controller
    after: Controller
    kind: str  # one of geomap.state.CHANGE_KINDS
    since: dt.date | None  # when the new state began
    reports: tuple[str, ...]  # supporting reports of the new state dated in (d1, d2]


def _change_kind(before: Controller, after: Controller) -> str:
    if after is Controller.RU:
        return "gained by RU" if before is not Controller.UNKNOWN else "newly reported"
    if after is Controller.UA:
        if before is Controller.RU:
            return "regained by UA"
        if before is Controller.CONTESTED:
            return "no longer contested"
        return "newly reported"
    if after is Controller.CONTESTED:
        return "newly contested"
    return "no longer contested" if before is Controller.CONTESTED else "no longer known"


def changes(
    reports: Iterable[Report] | Timeline,
    d1: dt.date,
    d2: dt.date,
    *,
    stale_after_days: int = 60,
    fighting_days: int = 14,
) -> list[Change]:
    """What changed hands between ``d1`` and ``d2`` (``d1 < d2``), sorted by place name and id.

    A place first reported after ``d1`` is "newly reported"; RU taking a place nobody reported
    before counts as "newly reported" too, since the reports do not say who held it.
    """
    d1, d2 = _state._as_date(d1, "d1"), _state._as_date(d2, "d2")
    if d2 < d1:
        raise ValueError(f"the second date {d2} is before the first {d1}")
    timeline = reports if isinstance(reports, _state.Timeline) else _state.Timeline(reports)
    kw = {"stale_after_days": stale_after_days, "fighting_days": fighting_days}
    before, after = timeline.control_at(d1, **kw), timeline.control_at(d2, **kw)
    out = []
    low, high = d1, d2
    for place_id, state in after.items():
        old = before.get(place_id)
        was = old.controller if old is not None else Controller.UNKNOWN
        if was == state.controller:
            continue
        dated = timeline.report_days(state.supporting)
        out.append(
            Change(
                place_id=place_id,
                place_name=state.place_name,
                lat=state.lat,
                lon=state.lon,
                before=was,
                after=state.controller,
                kind=_change_kind(was, state.controller),
                since=state.since,
                reports=tuple(r for r in state.supporting if low < dated.get(r, high) <= high),
            )
        )
    return sorted(out, key=lambda c: (c.place_name, c.place_id))


def changes_geojson(items: Iterable[Change]) -> dict:
    """Changes as a GeoJSON FeatureCollection of points (properties: before, after, kind...)."""
    features = []
    for c in items:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {
                    "place_id": c.place_id,
                    "place_name": c.place_name,
                    "before": c.before.value,
                    "after": c.after.value,
                    "kind": c.kind,
                    "since": None if c.since is None else c.since.isoformat(),
                    "reports": list(c.reports),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# geomap.state imports this module last; importing it here last too lets either go first.
from geomap import state as _state  # noqa: E402
