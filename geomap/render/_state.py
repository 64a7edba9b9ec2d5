"""Control, fighting and changes for rendering: ``geomap.state`` when present, else stand-ins.

The stand-ins are deliberately small (latest asserted report wins; a tie between sides is
contested) so maps can be drawn and tested before or without the state area's module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from geomap.models import (
    CONTROL_KINDS,
    FIGHTING_KINDS,
    Actor,
    Controller,
    ControlState,
    Kind,
    Report,
)

__all__ = ["Change", "FightingSpot", "changes", "control_at", "fighting_at", "spot_reports"]


@dataclass(frozen=True, slots=True)
class FightingSpot:
    """Fighting at one place in a window of days (mirrors ``geomap.state.FightingSpot``)."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    count: int
    last_date: dt.date
    kinds: tuple[str, ...]
    reports: tuple[str, ...]
    intensity: float


@dataclass(frozen=True, slots=True)
class Change:
    """What changed at a place between two dates (mirrors ``geomap.state.Change``)."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    kind: str  # "gained", "lost", "contested", "new_fighting"
    before: str
    after: str
    actor: str = ""
    reports: tuple[str, ...] = ()
    label: str = ""  # in words: "gained by RU", "newly contested", "new fighting"...


def _day(r: Report) -> dt.date | None:
    return r.date.best if r.date else None


_OTHER = {Actor.RU: Actor.UA, Actor.UA: Actor.RU}


def _holder(r: Report) -> Actor:
    if r.kind is Kind.WITHDREW:
        return _OTHER.get(r.actor, Actor.UNKNOWN)
    return r.actor


def _control_fallback(reports: Sequence[Report], day: dt.date) -> dict[str, ControlState]:
    by_place: dict[str, list[Report]] = defaultdict(list)
    besieged: set[str] = set()
    for r in reports:
        d = _day(r)
        if d is None or d > day or not r.is_fact:
            continue
        if r.kind is Kind.BESIEGED:
            besieged.add(r.place_id)
        if r.kind in CONTROL_KINDS and _holder(r) is not Actor.UNKNOWN:
            by_place[r.place_id].append(r)
    out: dict[str, ControlState] = {}
    for pid in sorted(by_place):
        rs = sorted(by_place[pid], key=lambda r: (_day(r), r.id))
        last_day = _day(rs[-1])
        latest = [r for r in rs if _day(r) == last_day]
        sides = {_holder(r) for r in latest}
        pct = next((r.percent for r in latest if r.percent is not None), None)
        if len(sides) > 1 or any(r.kind is Kind.PARTIAL_CONTROL for r in latest):
            ctrl = Controller.CONTESTED if len(sides) > 1 else Controller(_holder(latest[0]).value)
        else:
            ctrl = Controller(sides.pop().value)
        if ctrl is Controller.CONTESTED:
            pct = None
        ref = latest[0]
        support = tuple(
            r.id for r in latest if ctrl is Controller.CONTESTED or _holder(r).value == ctrl.value
        )
        contra = tuple(r.id for r in rs if r.id not in support)
        out[pid] = ControlState(
            place_id=pid,
            place_name=ref.place_name,
            lat=ref.lat,
            lon=ref.lon,
            controller=ctrl,
            since=last_day,
            as_of=day,
            percent=pct,
            supporting=support,
            contradicting=contra,
            stale=(day - last_day).days > 60,
            besieged=pid in besieged,
            precision=ref.precision,
        )
    return out


def _fighting_fallback(
    reports: Sequence[Report], day: dt.date, window_days: int
) -> list[FightingSpot]:
    start = day - dt.timedelta(days=window_days)
    by_place: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        d = _day(r)
        if d is None or not (start < d <= day) or not r.is_fact or r.kind not in FIGHTING_KINDS:
            continue
        by_place[r.place_id].append(r)
    spots = []
    for pid in sorted(by_place):
        rs = sorted(by_place[pid], key=lambda r: (_day(r), r.id))
        last = _day(rs[-1])
        spots.append(
            FightingSpot(
                place_id=pid,
                place_name=rs[-1].place_name,
                lat=rs[-1].lat,
                lon=rs[-1].lon,
                count=len(rs),
                last_date=last,
                kinds=tuple(sorted({str(r.kind) for r in rs})),
                reports=tuple(r.id for r in rs),
                intensity=len(rs) * (1 - (day - last).days / (window_days + 1)),
            )
        )
    return spots


def control_at(reports: Sequence[Report], day: dt.date) -> dict[str, ControlState]:
    """Who controls each place as of ``day``."""
    try:
        from geomap import state
    except ImportError:
        return _control_fallback(reports, day)
    return state.control_at(reports, day)


def fighting_at(reports: Sequence[Report], day: dt.date, *, window_days: int = 7) -> list:
    """Places with fighting in the ``window_days`` before ``day`` (``.reports`` holds ids)."""
    try:
        from geomap import state
    except ImportError:
        return _fighting_fallback(reports, day, window_days)
    return state.fighting_at(reports, day, window_days=window_days)


def spot_reports(spot) -> tuple[str, ...]:
    """The report ids of a fighting spot (``reports`` in geomap.state, ``report_ids`` here)."""
    return tuple(getattr(spot, "reports", None) or getattr(spot, "report_ids", ()) or ())


# state's change labels -> (symbol class, actor shown)
_CHANGE_CLASS = {
    "gained by RU": "gained",
    "regained by UA": "gained",
    "newly contested": "contested",
    "no longer contested": "gained",
    "newly reported": "new",
    "no longer known": "lost",
}


def changes(
    reports: Sequence[Report], d1: dt.date, d2: dt.date, *, window_days: int = 7
) -> list[Change]:
    """What changed between ``d1`` and ``d2``: control changes, then new fighting.

    Each :class:`Change` has ``kind`` one of "gained", "new", "lost", "contested",
    "new_fighting" (how it is drawn) and ``label`` (what it is called);
    ``before``/``after`` are controllers and ``actor`` the side that gained (if any).
    """
    out: list[Change] = []
    try:
        from geomap import state
    except ImportError:
        state = None
    if state is not None:
        for c in state.changes(reports, d1, d2):
            after = str(c.after)
            out.append(
                Change(
                    c.place_id,
                    c.place_name,
                    c.lat,
                    c.lon,
                    _CHANGE_CLASS.get(c.kind, "gained"),
                    str(c.before),
                    after,
                    after if after in ("RU", "UA") else "",
                    tuple(c.reports),
                    str(c.kind),
                )
            )
    else:
        a, b = _control_fallback(reports, d1), _control_fallback(reports, d2)
        for pid in sorted(b):
            before = a[pid].controller.value if pid in a else "unknown"
            after = b[pid].controller.value
            if before == after:
                continue
            s = b[pid]
            kind = {"contested": "contested", "unknown": "lost"}.get(after, "gained")
            if before == "unknown" and kind == "gained":
                kind = "new"
            out.append(
                Change(
                    pid,
                    s.place_name,
                    s.lat,
                    s.lon,
                    kind,
                    before,
                    after,
                    after if after in ("RU", "UA") else "",
                    tuple(s.supporting),
                    f"{kind} ({before} → {after})",
                )
            )
    before_f = {s.place_id for s in fighting_at(reports, d1, window_days=window_days)}
    for s in fighting_at(reports, d2, window_days=window_days):
        if s.place_id not in before_f:
            out.append(
                Change(
                    s.place_id,
                    s.place_name,
                    s.lat,
                    s.lon,
                    "new_fighting",
                    "",
                    "",
                    "",
                    spot_reports(s),
                    "new fighting",
                )
            )
    return out
