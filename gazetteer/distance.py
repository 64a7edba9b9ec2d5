"""Distances between places, for the gazetteer's choice among namesakes.

The places an article names support each other: a candidate near another place of the text
(an *anchor*) gains a bonus that fades with distance (:class:`Geography`), and the reason
"12 km from Bakhmut, also in the text" (:class:`Near`) is shown for the one chosen. A place
abroad and far from Ukraine (:func:`far_abroad`) is only likely when the text names places
near it. :mod:`gazetteer.scoring` uses these; this module knows nothing of names.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from gazetteer.types import Place

__all__ = ["Geography", "Near", "Spot", "far_abroad", "spot"]

_EARTH_KM = 6371.009  # geopy's mean earth radius
# Ukraine's bounding box (south, west, north, east): a place this far outside it is far from
# the war; border regions abroad (Belgorod, Kursk, Bryansk, Rostov, Gomel) stay within.
_UKRAINE_BOX = (44.38, 22.14, 52.38, 40.23)
_NEAR_ABROAD_KM = 250.0
Spot = tuple[int, int, float, float, float, float, float, bool]


def spot(p: Place) -> Spot:
    """What the support of anchors needs of a place: its cell, latitude and longitude in
    radians, the cosine of the latitude, the longitudes 125 km west and east (every anchor that
    can count lies between), and whether the neighbouring cells must be checked (above 60°
    the 125 km may reach past them; below, an anchor that near is always in one)."""
    phi = math.radians(p.lat)
    lam = math.radians(p.lon)
    cos_phi = math.cos(phi)
    reach = _WINDOW / cos_phi if cos_phi > 1e-9 else math.inf
    return (*_cell(p), phi, lam, cos_phi, lam - reach, lam + reach, abs(p.lat) > 60.0)


def _cell(p: Place) -> tuple[int, int]:
    """The (row, column) of a place's cell of 2° latitude by 3° longitude."""
    return math.floor(p.lat / 2.0), math.floor(p.lon / 3.0)


#: The penalty of each weight the first pass gives anchors (see _Base.anchors, _Geography).
_PENALTIES = {weight: -30.0 * math.log(weight) for weight in (1.0, 0.8, 0.4)}

#: Anchors further than this (125 km, in radians) in latitude or in longitude are further
#: than any distance whose bonus counts (0.05 at ~123 km): they are not even measured.
_WINDOW = 125.0 / _EARTH_KM


class Geography:
    """The anchors of an article by latitude, and the support they give places.

    Only anchors in the 3 x 3 cells of 2° latitude by 3° longitude around a place count (at
    least 220 km a side in Ukraine); of those, only the ones within 125 km in latitude and in
    longitude are measured.
    """

    def __init__(self, anchors: list[tuple[str, Place, float]]) -> None:
        radians, floor = math.radians, math.floor
        # weight * exp(-d / 30) == exp(-(d + penalty) / 30) with penalty = -30 ln(weight)
        rows = [
            (
                radians(place.lat),
                radians(place.lon),
                floor(place.lat / 2.0),
                floor(place.lon / 3.0),
                name,
                place,
                _PENALTIES[weight] if weight in _PENALTIES else -30.0 * math.log(weight),
            )
            for name, place, weight in anchors
        ]
        # The order a scan of the neighbouring cells (by cell, then as listed) would meet
        # them in: it breaks ties between anchors at the same distance. (Plain tuples sort
        # without a key function.)
        rank = [0] * len(rows)
        for r, (_lam, _row, i) in enumerate(
            sorted([(row[1], row[2], i) for i, row in enumerate(rows)])
        ):
            rank[i] = r
        self.anchors = sorted([(row[0], rank[i], *row[1:]) for i, row in enumerate(rows)])
        self.lats = [row[0] for row in self.anchors]
        self.memo: dict[tuple[str, str, str], list[tuple[float, float, Place] | None]] = {}

    def supports(
        self, key: str, spots: tuple[Spot | None, ...]
    ) -> list[tuple[float, float, Place] | None] | None:
        """(bonus, km, anchor) of the best anchor near each spot not named *key*, or None for
        a spot without one; None when the text has no anchors."""
        if not self.lats:
            return None
        lats, anchors = self.lats, self.anchors
        sqrt, exp = math.sqrt, math.exp
        out: list[tuple[float, float, Place] | None] = []
        for spot in spots:
            if spot is None:
                out.append(None)
                continue
            row, col, phi, lam, cos_phi, west, east, north = spot
            lo = bisect_left(lats, phi - _WINDOW)
            hi = bisect_right(lats, phi + _WINDOW)
            best_cost, best_d, best_anchor, best_rank = math.inf, 0.0, None, 0
            for item in anchors[lo:hi]:
                alam = item[2]
                if alam < west or alam > east:
                    continue  # too far in longitude to count (most): nothing else is read
                aphi, rank, alam, arow, acol, name, anchor, penalty = item
                if name == key:
                    continue  # a name is no evidence for itself
                if north and (arow - row > 1 or row - arow > 1 or acol - col > 1 or col - acol > 1):
                    continue  # outside the neighbouring cells (far in the north only)
                # Equirectangular distance: within 1% of the great circle below 200 km.
                x = (alam - lam) * cos_phi
                y = aphi - phi
                d = _EARTH_KM * sqrt(x * x + y * y)
                cost = d + penalty  # the largest weight * exp(-d / 30): the lowest cost
                if cost < best_cost or (cost == best_cost and rank < best_rank):
                    best_cost, best_d, best_anchor, best_rank = cost, d, anchor, rank
            best = None
            if best_anchor is not None:
                bonus = 3.0 * exp(-best_cost / 30.0)
                if bonus >= 0.05:
                    best = (bonus, best_d, best_anchor)
            out.append(best)
        return out


class Near(NamedTuple):
    """A reason "N km from X, also in the text"; the distance (geopy's great-circle formula)
    is only computed when the reason is shown, for the chosen candidate."""

    lat: float
    lon: float
    anchor_lat: float
    anchor_lon: float
    anchor: str

    def __str__(self) -> str:
        return _near_text(self)


@lru_cache(maxsize=8192)
def _near_text(near: Near) -> str:
    """The reason of a Near, per pair of places (the same pairs recur from text to text)."""
    km = _great_circle_km(near.lat, near.lon, near.anchor_lat, near.anchor_lon)
    return f"{km:.0f} km from {near.anchor}, also in the text"


def far_abroad(p: Place) -> bool:
    """True for a place abroad, far from Ukraine (Moscow and beyond, not Belgorod)."""
    if not p.country or p.country == "UA" or p.kind == "country":
        return False
    return _km_beyond_ukraine(p.lat, p.lon) > _NEAR_ABROAD_KM


def _km_beyond_ukraine(lat: float, lon: float) -> float:
    """About how far a point lies outside Ukraine's bounding box, in km (0 inside it)."""
    south, west, north, east = _UKRAINE_BOX
    near_lat, near_lon = min(max(lat, south), north), min(max(lon, west), east)
    if (near_lat, near_lon) == (lat, lon):
        return 0.0
    return _great_circle_km(lat, lon, near_lat, near_lon)


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """geopy's ``great_circle(a, b).km``, the same operations without its objects (a tenth of
    the time; geopy also takes 80 ms to import)."""
    if abs(lon1) > 180 or abs(lon2) > 180 or abs(lat1) > 90 or abs(lat2) > 90:
        from geopy.distance import great_circle  # geopy normalises or rejects these

        return great_circle((lat1, lon1), (lat2, lon2)).km
    phi1, lam1, phi2, lam2 = map(math.radians, (lat1, lon1, lat2, lon2))
    sin_lat1, cos_lat1 = math.sin(phi1), math.cos(phi1)
    sin_lat2, cos_lat2 = math.sin(phi2), math.cos(phi2)
    delta = lam2 - lam1
    cos_delta, sin_delta = math.cos(delta), math.sin(delta)
    d = math.atan2(
        math.sqrt(
            (cos_lat2 * sin_delta) ** 2
            + (cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta) ** 2
        ),
        sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta,
    )
    return _EARTH_KM * d
