"""City districts among GeoNames' Ukrainian places, for the gazetteer build.

Part of scripts/build_gazetteer.py. GeoNames cities500 carries no feature codes, so its
"sections of populated places" (Saltivka, Obolon, Donetsk's Oleksandrivskyi) look like villages;
``part_of`` tells them by where they lie and how many people GeoNames counts in them. Only places
no KATOTTG settlement is linked to are tested: the codifier's towns and villages stay settlements.
"""

from __future__ import annotations

import math
from collections import defaultdict

from build_gazetteer_katottg import VILLAGE_MAX_POPULATION, haversine_km
from build_gazetteer_rows import Build

__all__ = [
    "DISTRICT_CITY_POPULATION",
    "DISTRICT_CORE_KM",
    "DISTRICT_RADIUS_FACTOR",
    "DISTRICT_RADIUS_MAX_KM",
    "DISTRICT_TOO_BIG_KM",
    "district_radius_km",
    "log_districts",
    "part_of",
]

#: Cities whose unmatched GeoNames neighbours are taken as their districts.
DISTRICT_CITY_POPULATION = 100_000
#: A city's built-up area reaches about 0.6·√(people/1000) km from its point: a disc at some
#: 900 people/km² (Ukrainian cities with their parks and works), with room for long shapes
#: (Donetsk's Petrovskyi district lies 16 km out); no farther than the cap (Kyiv: 33 → 20 km).
DISTRICT_RADIUS_FACTOR = 0.6
DISTRICT_RADIUS_MAX_KM = 20.0
#: This close to a city's point a place is its district even if GeoNames counts more people in
#: it (Mariupol's Right Bank district, 352,000 people, against the city's own 230,000).
DISTRICT_CORE_KM = 5.0
#: A place too big to be a village (VILLAGE_MAX_POPULATION) belongs to the nearest big city
#: within this distance (Kryvyi Rih, 60 km long, has Inhulets 22 km from its point).
DISTRICT_TOO_BIG_KM = 30.0


def district_radius_km(population: int) -> float:
    """How far (km) from its point a city of this many people reaches."""
    return min(DISTRICT_RADIUS_FACTOR * math.sqrt(population / 1000), DISTRICT_RADIUS_MAX_KM)


def part_of(city: dict, big_cities: list[dict]) -> tuple[dict, str, float] | None:
    """(big city, rule, km) when an unlinked place is a district of a city of 100,000+ people.

    "radius": within ``district_radius_km`` of a bigger city (or ``DISTRICT_CORE_KM`` of any);
    of several, the one it is deepest in (Makiivka's Hirnytskyi lies in Donetsk's radius too).
    "too big": GeoNames counts more people in it than any village has, so it is part of the
    nearest bigger city within ``DISTRICT_TOO_BIG_KM``.
    """
    lat, lon, people = city["latitude"], city["longitude"], city["population"]
    best: tuple[float, int, dict, float] | None = None
    for big in big_cities:
        d = haversine_km(lat, lon, big["latitude"], big["longitude"])
        radius = district_radius_km(big["population"])
        if d <= DISTRICT_CORE_KM or (d <= radius and big["population"] > people):
            key = (d / radius, big["geonameid"], big, d)
            if best is None or key[:2] < best[:2]:
                best = key
    if best is not None:
        return best[2], "radius", best[3]
    if people >= VILLAGE_MAX_POPULATION:
        near = [
            (d, big["geonameid"], big)
            for big in big_cities
            if big["population"] > people
            and (d := haversine_km(lat, lon, big["latitude"], big["longitude"]))
            <= DISTRICT_TOO_BIG_KM
        ]
        if near:
            d, _, big = min(near, key=lambda n: n[:2])
            return big, "too big", d
    return None


def log_districts(
    unmatched: int, reclassified: list[tuple[int, str, int, str, str, float]], b: Build
) -> None:
    """Counts and examples of the GeoNames places taken as districts of cities."""
    reclassified.sort()
    by_rule = {rule: sum(1 for r in reclassified if r[4] == rule) for rule in ("radius", "too big")}
    by_city: dict[str, int] = defaultdict(int)
    for r in reclassified:
        by_city[r[3]] += 1
    b.stats["geonames_ua_unmatched"] = unmatched
    b.stats["geonames_ua_districts"] = len(reclassified)
    b.stats["geonames_ua_districts_by_rule"] = by_rule
    b.say(
        f"GeoNames Ukrainian places without a KATOTTG match: {unmatched}, of which "
        f"{len(reclassified)} lie within a city and are kept as its districts ({by_rule}); "
        "by city: "
        + ", ".join(f"{c} {n}" for c, n in sorted(by_city.items(), key=lambda i: (-i[1], i[0])))
    )
    for pop, name, gid, city, rule, distance in reclassified[:12]:
        b.say(f"  district: {name} (gn:{gid}, {-pop:,}) of {city}, {distance:.1f} km ({rule})")
    for pop, name, gid, city, rule, distance in reclassified:
        if rule == "too big" or distance > 12:
            b.say(f"  far district: {name} (gn:{gid}, {-pop:,}) of {city}, {distance:.1f} km "
                  f"({rule})")  # fmt: skip
