"""Benchmark: control state at a date, and zone plus line estimation.

1. ``state.control_at`` for 100,000 seeded synthetic reports on 5,000 places (target < 0.2 s
   for the one-shot call; the :class:`~geomap.state.Timeline` query alone is also shown),
   against a naive baseline that scans every report for every place (timed on a sample of
   places and scaled up).
2. ``frontline.estimate`` for 2,000 controlled places along a synthetic front (target < 2 s),
   against a naive dissolve that unions the cells one at a time.

3. With ``--reference FILE`` (a GeoJSON of occupied territory, e.g. from ../shared/reference/,
   never committed): the gazetteer's settlements within 40 km of the file's front are given the
   control the file says, thinned to one per ``--spacing-km`` square, and the estimated line is
   compared with the file's front: the share of the estimated line within 10 km of it, and the
   share of the front within 10 km of the estimate.

Usage: ``python benchmarks/state.py [--reports 100000] [--places 5000] [--zones 2000]
[--reference FILE [--spacing-km 10]]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

import numpy as np
from shapely.geometry import Point

from geomap import frontline, geodata
from geomap.models import (
    Actor,
    Controller,
    ControlState,
    DateGuess,
    Kind,
    Modality,
    Precision,
    Report,
)
from geomap.state import Timeline, control_at

_KINDS = [
    Kind.CAPTURED, Kind.LIBERATED, Kind.CONTROLS, Kind.HOLDS, Kind.REPELLED, Kind.WITHDREW,
    Kind.PARTIAL_CONTROL, Kind.BESIEGED, Kind.FIGHTING, Kind.ATTACK, Kind.STRIKE, Kind.ADVANCE,
]  # fmt: skip


def synthetic_reports(n: int, places: int, seed: int = 0) -> list[Report]:
    rng = random.Random(seed)
    start = dt.date(2022, 2, 24).toordinal()
    coords = [(rng.uniform(33.0, 39.5), rng.uniform(46.5, 50.5)) for _ in range(places)]
    reports = []
    for i in range(n):
        p = rng.randrange(places)
        lon, lat = coords[p]
        day = dt.date.fromordinal(start + rng.randrange(900))
        precision = Precision.DAY if rng.random() < 0.8 else Precision.MONTH
        kind = rng.choice(_KINDS)
        actor = rng.choice((Actor.RU, Actor.UA, Actor.RU, Actor.UA, Actor.UNKNOWN))
        reports.append(
            Report(
                id=f"r{i:07d}",
                article_id=f"a{i // 10:06d}",
                place_id=f"p{p:05d}",
                place_name=f"Place {p}",
                lat=lat,
                lon=lon,
                kind=kind,
                actor=actor,
                modality=Modality.ASSERTED if rng.random() < 0.9 else Modality.HYPOTHETICAL,
                date=DateGuess(day, day, day, precision, "explicit"),
                sentence="",
                sentence_start=0,
                sentence_end=0,
                mention_start=0,
                mention_end=0,
                claimant_side=rng.choice((Actor.RU, Actor.UA, Actor.UNKNOWN)),
                percent=rng.choice((30.0, 70.0)) if kind == Kind.PARTIAL_CONTROL else None,
            )
        )
    return reports


def naive_control(reports: list[Report], place_ids: list[str], day: dt.date) -> dict:
    """For each place, scan all reports, sort its own and fold them (the obvious way)."""
    from geomap.state import _Fold  # the same rules, so only the data handling differs

    out = {}
    for place_id in place_ids:
        mine = [
            r
            for r in reports
            if r.place_id == place_id and r.is_fact and r.date is not None and r.date.best <= day
        ]
        mine.sort(key=lambda r: (r.date.best, r.id))
        fold = _Fold(3)
        for r in mine:
            if r.kind in (Kind.FIGHTING, Kind.ATTACK, Kind.STRIKE, Kind.ADVANCE):
                continue
            fold.add(r, r.date.best.toordinal())
        out[place_id] = fold.snap()
    return out


def best_of(fn, repeat: int = 3) -> float:
    """Best CPU time of ``repeat`` runs (process time: the machine may be shared, and wall
    time then measures the neighbours; :func:`wall_of` gives the wall-clock figure too)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def wall_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def synthetic_front(n: int, seed: int = 0) -> list[ControlState]:
    """``n`` places spread over the Donbas, RU east of a wavy line, inside Ukraine."""
    rng = np.random.default_rng(seed)
    outline = geodata.ukraine_outline()
    states = []
    while len(states) < n:
        lon, lat = rng.uniform(35.5, 39.8), rng.uniform(46.8, 50.0)
        if not outline.contains(Point(lon, lat)):
            continue
        side = Controller.RU if lon > 37.6 + 0.4 * np.sin(lat * 4) else Controller.UA
        i = len(states)
        states.append(
            ControlState(f"p{i:05d}", f"Place {i}", float(lat), float(lon), side,
                         dt.date(2023, 1, 1), dt.date(2023, 2, 1), supporting=(f"r{i}",))
        )  # fmt: skip
    return states


def naive_cells(states: list[ControlState], sample: int = 100) -> tuple[float, int]:
    """The textbook way: each place's cell is its 25 km disc cut by the half-plane towards every
    other place within 50 km (no tessellation). Returns the CPU time scaled from ``sample``
    places to all of them, and the sample size."""
    from shapely.geometry import Polygon

    from geomap.frontline import _seeds

    seeds = _seeds(states, None)
    xy = np.array([(s.x, s.y) for s in seeds])
    started = time.process_time()
    for i in range(min(sample, len(seeds))):
        cell = Point(xy[i]).buffer(25_000)
        dist = np.hypot(*(xy - xy[i]).T)
        for j in np.nonzero((dist > 0) & (dist < 50_000))[0]:
            mid = (xy[i] + xy[j]) / 2
            normal = (xy[j] - xy[i]) / dist[j]
            along = np.array([-normal[1], normal[0]]) * 1e6
            back = -normal * 1e6
            half = Polygon([mid + along, mid - along, mid - along + back, mid + along + back])
            cell = cell.intersection(half)
    elapsed = time.process_time() - started
    return elapsed * len(seeds) / min(sample, len(seeds)), min(sample, len(seeds))


def reference_accuracy(path: str, spacing_km: float) -> None:
    """Estimate the line from settlements labelled by a real reference map and compare."""
    import shapely

    from gazetteer.data import load_places
    from geomap import reference
    from geomap.frontline import _project
    from geomap.reference import _front_metric

    ref = reference.load(path)
    front = _front_metric(shapely.to_wkb(ref.geometry), 3.0)
    band = front.buffer(40_000)
    outline = geodata.ukraine_outline()
    cells: dict[tuple[int, int], ControlState] = {}
    for place in sorted(load_places(), key=lambda p: (-p.population, p.id)):
        if place.kind != "settlement" or place.precision not in ("exact", "hromada"):
            continue
        x, y = _project(np.array([place.lon]), np.array([place.lat]))
        point = Point(float(x[0]), float(y[0]))
        if not band.contains(point) or not outline.contains(Point(place.lon, place.lat)):
            continue
        key = (int(point.x // (spacing_km * 1000)), int(point.y // (spacing_km * 1000)))
        if key in cells:
            continue  # the biggest settlement of each square stands for it
        side = ref.controller_at(place.lon, place.lat)
        cells[key] = ControlState(place.id, place.name, place.lat, place.lon, side,
                                  ref.date, ref.date, supporting=(place.id,))  # fmt: skip
    states = list(cells.values())
    started = time.process_time()
    result = frontline.estimate(states)
    elapsed = time.process_time() - started
    est = shapely.transform(result.line.geometry.union_all(), _project, interleaved=False)
    xs, ys = _project(np.array([s.lon for s in states]), np.array([s.lat for s in states]))
    points = shapely.multipoints(np.column_stack([xs, ys]))
    dense = points.convex_hull  # the front where there are reports on it
    near_est = est.intersection(front.buffer(10_000)).length / max(est.length, 1.0)
    front_in = front.intersection(dense.buffer(-10_000))
    covered = front_in.intersection(est.buffer(10_000)).length / max(front_in.length, 1.0)
    print(
        f"reference {path} ({ref.date}): {len(states):,} settlements, one per "
        f"{spacing_km:g} km square within 40 km of its front; estimate {elapsed:.2f} s CPU"
    )
    print(
        f"  estimated line {est.length / 1000:,.0f} km, of which within 10 km of the "
        f"reference front: {100 * near_est:.1f}%"
    )
    print(
        f"  reference front {front_in.length / 1000:,.0f} km (inside the reported area), "
        f"of which within 10 km of the estimate: {100 * covered:.1f}%"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=5_000)
    parser.add_argument("--zones", type=int, default=2_000)
    parser.add_argument("--reference", help="GeoJSON of occupied territory to compare with")
    parser.add_argument("--spacing-km", type=float, default=10.0)
    args = parser.parse_args(argv)
    if args.reference:
        reference_accuracy(args.reference, args.spacing_km)
        return 0

    reports = synthetic_reports(args.reports, args.places)
    day = dt.date(2023, 6, 1)
    one_shot = best_of(lambda: control_at(reports, day))
    one_shot_wall = wall_of(lambda: control_at(reports, day))
    timeline = Timeline(reports)
    build = best_of(lambda: Timeline(reports))
    query = best_of(lambda: timeline.control_at(day))
    states = timeline.control_at(day)
    sample = sorted({r.place_id for r in reports})[:50]
    naive_sample = best_of(lambda: naive_control(reports, sample, day), repeat=1)
    naive = naive_sample * args.places / len(sample)
    counts: dict[str, int] = {}
    for s in states.values():
        counts[s.controller.value] = counts.get(s.controller.value, 0) + 1
    print(
        f"control_at: {args.reports:,} reports, {args.places:,} places -> {len(states):,} "
        f"states {dict(sorted(counts.items()))}"
    )
    print(
        f"  one-shot control_at      {one_shot:8.3f} s   CPU (target < 0.2 s); "
        f"wall {one_shot_wall:.3f} s"
    )
    print(f"  Timeline build           {build:8.3f} s")
    print(f"  Timeline.control_at      {query:8.3f} s   (each further date)")
    print(f"  naive scan per place     {naive:8.3f} s   CPU (scaled from {len(sample)} places)")
    print(f"  ratio naive / one-shot   {naive / one_shot:8.1f} x")

    front_states = synthetic_front(args.zones)
    estimate = best_of(lambda: frontline.estimate(front_states), repeat=2)
    estimate_wall = wall_of(lambda: frontline.estimate(front_states), repeat=2)
    result = frontline.estimate(front_states)
    naive_front, naive_sample_size = naive_cells(front_states)
    print(
        f"frontline.estimate: {args.zones:,} controlled places -> {len(result.zones)} zone "
        f"parts, {len(result.line)} line stretches, "
        f"{result.line.to_crs(geodata.METRIC_CRS).length.sum() / 1000:,.0f} km of line"
    )
    print(
        f"  estimate                 {estimate:8.3f} s   CPU (target < 2 s); "
        f"wall {estimate_wall:.3f} s"
    )
    print(
        f"  naive half-plane cells   {naive_front:8.3f} s   CPU (cells only, scaled from "
        f"{naive_sample_size} places)"
    )
    print(f"  ratio naive / estimate   {naive_front / estimate:8.1f} x")
    ok = one_shot < 0.2 and estimate < 2.0
    print("targets met (CPU time)" if ok else "TARGET MISSED (CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
