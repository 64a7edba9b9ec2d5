"""What one map shows at one date, as compact JSON-ready rows over :class:`Evidence` tables."""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from geomap.models import Kind, Report
from geomap.render import _state
from geomap.render.evidence import AREA_KINDS, POINT_KINDS, Evidence
from geomap.render.zones import zone_layers

__all__ = ["CONTEXT_DAYS", "ReportIndex", "date_layers", "drawable", "report_day"]

#: How far back region shapes and "mentioned only" statements stay on a dated map (days).
CONTEXT_DAYS = 60


def drawable(reports: Iterable[Report], upto: dt.date | None = None) -> list[Report]:
    """Reports that can be put on a map: dated (up to ``upto``) and with real coordinates."""
    return [
        r
        for r in reports
        if (d := report_day(r)) is not None
        and (upto is None or d <= upto)
        and math.isfinite(r.lat)
        and math.isfinite(r.lon)
    ]


def report_day(r: Report) -> dt.date | None:
    """The day a report is drawn at (its event date, else its article's date; None: undated)."""
    return r.date.best if r.date else None


class ReportIndex:
    """Reports sorted by day with lookups by id and place kind, shared by many dates."""

    def __init__(self, reports: Sequence[Report]) -> None:
        dated = sorted(
            (r for r in reports if report_day(r) is not None), key=lambda r: (report_day(r), r.id)
        )
        self.dated = dated
        self.days = [report_day(r) for r in dated]
        self.by_id = {r.id: r for r in reports}
        self.rows: dict[tuple, list] = {}  # control rows by (evidence, place, state) signature
        self.besieged: dict[str, list[Report]] = defaultdict(list)  # asserted, by day
        for r in dated:
            if r.kind is Kind.BESIEGED and r.is_fact:
                self.besieged[r.place_id].append(r)
        self.kind_of: dict[str, str] = {}
        for r in reports:
            self.kind_of.setdefault(r.place_id, r.place_kind)

    def between(self, start: dt.date, end: dt.date) -> list[Report]:
        """Dated reports with ``start < day <= end``."""
        return self.dated[bisect_right(self.days, start) : bisect_right(self.days, end)]

    def upto(self, end: dt.date) -> list[Report]:
        """Dated reports with ``day <= end``."""
        return self.dated[: bisect_right(self.days, end)]


def _within(r: Report, start: dt.date, day: dt.date) -> bool:
    d = report_day(r)
    return d is not None and start < d <= day


def date_layers(
    reports: Sequence[Report],
    day: dt.date,
    ev: Evidence,
    *,
    window_days: int = 7,
    states: Mapping | None = None,
    fighting: Iterable | None = None,
    zones: bool = True,
    index: ReportIndex | None = None,
) -> dict:
    """The layers of a map at ``day``: control, fighting, sieges, moves, regions, mentioned.

    Every row starts with a place index into ``ev.places`` and ends with report indices into
    ``ev.reports`` (the evidence its popup shows). ``zones`` adds the estimated control zones
    and line of contact of :mod:`geomap.frontline` (rows of label and GeoJSON geometry).
    """
    if index is None:
        index = ReportIndex(reports)
    by_id, kind_of = index.by_id, index.kind_of
    # only reports of the last CONTEXT_DAYS can be on the windowed layers
    recent = index.between(day - dt.timedelta(days=max(CONTEXT_DAYS, window_days)), day)
    if states is None:
        states = _state.control_at(reports, day)
    if fighting is None:
        fighting = _state.fighting_at(recent, day, window_days=window_days)
    window_start = day - dt.timedelta(days=window_days)
    context_start = day - dt.timedelta(days=CONTEXT_DAYS)

    control = []
    cache = index.rows  # a timeline meets the same state of a place on many dates
    for pid in sorted(states):
        s = states[pid]
        kind = kind_of.get(pid, "settlement")
        if kind not in POINT_KINDS:
            continue
        sig = (
            id(ev),
            pid,
            s.controller,
            s.percent,
            s.since,
            s.stale,
            s.besieged,
            s.supporting,
            s.contradicting,
        )
        row = cache.get(sig)
        if row is None:
            p = ev.place(pid, s.place_name, s.lat, s.lon, precision=s.precision, kind=kind)
            row = cache[sig] = [
                p,
                str(s.controller),
                s.percent,
                s.since.isoformat() if s.since else "",
                1 if s.stale else 0,
                1 if s.besieged else 0,
                ev.reports_of(s.supporting, by_id),
                ev.reports_of(s.contradicting, by_id),
            ]
        control.append(row)

    fight = []
    for s in sorted(fighting, key=lambda s: s.place_id):
        if kind_of.get(s.place_id, "settlement") not in POINT_KINDS:
            continue
        age = max(0, (day - s.last_date).days)
        recency = round(max(0.15, 1 - age / (window_days + 1)), 3)
        ids = tuple(s.reports)
        p = ev.place(
            s.place_id,
            s.place_name,
            s.lat,
            s.lon,
            kind=kind_of.get(s.place_id, "settlement"),
            precision=getattr(s, "precision", "exact"),
        )
        fight.append(
            [p, int(s.count), recency, sorted(str(k) for k in s.kinds), ev.reports_of(ids, by_id)]
        )

    sieges: dict[str, list[str]] = defaultdict(list)
    moves: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    regions: dict[str, list[str]] = defaultdict(list)
    mentioned: dict[str, list[str]] = defaultdict(list)
    for r in sorted(recent, key=lambda r: r.id):
        if r.place_kind not in POINT_KINDS:
            # named regions are drawn as soft areas (asserted reports only), never as points
            if r.place_kind in AREA_KINDS and _within(r, context_start, day) and r.is_fact:
                regions[r.place_id].append(r.id)
            continue
        if not r.is_fact:
            if _within(r, context_start, day):
                mentioned[r.place_id].append(r.id)
            continue
        if not _within(r, window_start, day):
            continue
        if r.kind is Kind.BESIEGED:
            sieges[r.place_id].append(r.id)
        elif r.kind in (Kind.ADVANCE, Kind.WITHDREW):
            moves[(r.place_id, str(r.kind), str(r.actor))].append(r.id)
    for pid in sorted(states):
        if (
            states[pid].besieged
            and pid not in sieges
            and kind_of.get(pid, "settlement") in POINT_KINDS
        ):
            # the evidence of a siege is what said so, not what says who holds the place
            said = [r.id for r in index.besieged.get(pid, ()) if report_day(r) <= day][-5:]
            sieges[pid].extend(said or states[pid].supporting)

    def place_of(pid: str, ids: list[str]) -> int:
        for rid in ids:
            if rid in by_id:
                return ev.place_of(by_id[rid])
        st = states[pid]
        return ev.place(pid, st.place_name, st.lat, st.lon, precision=st.precision)

    estimate = zone_layers(states) if zones else {"zones": [], "line": []}
    return {
        "zones": estimate["zones"],
        "line": estimate["line"],
        "date": day.isoformat(),
        "window": window_days,
        "control": control,
        "fighting": fight,
        "sieges": [
            [place_of(pid, ids), ev.reports_of(ids, by_id)] for pid, ids in sorted(sieges.items())
        ],
        "moves": [
            [place_of(pid, ids), kind, actor, ev.reports_of(ids, by_id)]
            for (pid, kind, actor), ids in sorted(moves.items())
        ],
        "regions": [
            [place_of(pid, ids), ev.reports_of(ids, by_id)] for pid, ids in sorted(regions.items())
        ],
        "mentioned": [
            [place_of(pid, ids), ev.reports_of(ids, by_id)]
            for pid, ids in sorted(mentioned.items())
        ],
    }
