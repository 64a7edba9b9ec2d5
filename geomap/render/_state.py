"""Control, fighting and changes for rendering, from :mod:`geomap.state`.

A thin layer: the state area decides who holds what; this module only adds "new fighting" to
its changes and names each change the way the map draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from geomap import state
from geomap.models import ControlState, Report

__all__ = ["Change", "changes", "control_at", "fighting_at"]


@dataclass(frozen=True, slots=True)
class Change:
    """What changed at a place between two dates, as the comparison map draws it.

    ``kind`` is how it is drawn: "gained", "new" (first reported), "lost", "contested" or
    "new_fighting"; ``label`` is what it is called ("gained by RU", "newly contested"...).
    """

    place_id: str
    place_name: str
    lat: float
    lon: float
    kind: str
    before: str
    after: str
    actor: str = ""
    reports: tuple[str, ...] = ()
    label: str = ""


# geomap.state's change labels -> how the map draws them
_CHANGE_CLASS = {
    "gained by RU": "gained",
    "regained by UA": "gained",
    "newly contested": "contested",
    "no longer contested": "gained",
    "newly reported": "new",
    "no longer known": "lost",
}


def control_at(reports: Sequence[Report], day: dt.date) -> dict[str, ControlState]:
    """Who controls each place as of ``day`` (:func:`geomap.state.control_at`)."""
    return state.control_at(reports, day)


def fighting_at(reports: Sequence[Report], day: dt.date, *, window_days: int = 7) -> list:
    """Places with fighting in the ``window_days`` up to ``day`` (``geomap.state``)."""
    return state.fighting_at(reports, day, window_days=window_days)


def changes(
    reports: Sequence[Report], d1: dt.date, d2: dt.date, *, window_days: int = 7
) -> list[Change]:
    """What changed between ``d1`` and ``d2``: changes of control, then places of new fighting."""
    out: list[Change] = []
    for c in state.changes(reports, d1, d2):
        after = str(c.after)
        out.append(
            Change(
                c.place_id, c.place_name, c.lat, c.lon, _CHANGE_CLASS.get(c.kind, "gained"),
                str(c.before), after, after if after in ("RU", "UA") else "",
                tuple(c.reports), str(c.kind),
            )
        )  # fmt: skip
    before = {s.place_id for s in fighting_at(reports, d1, window_days=window_days)}
    for s in fighting_at(reports, d2, window_days=window_days):
        if s.place_id not in before:
            out.append(
                Change(s.place_id, s.place_name, s.lat, s.lon, "new_fighting", "", "", "",
                       tuple(s.reports), "new fighting")
            )  # fmt: skip
    return out
