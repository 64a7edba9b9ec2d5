"""The hand-curated tables in gazetteer/data/: reading them, and applying them to the build.

- ``features.tsv``: places that are not settlements (oblasts, regions, rivers, sites, countries);
- ``aliases.tsv``: extra names of places (former names, Russian-based spellings, misspellings),
  one reason per row;
- ``canonical.tsv``: the English name Wikipedia uses where it is not the strict romanisation.

Each reader stops the build with ``file:line: problem`` on a malformed row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from build_gazetteer_katottg import bbox_of, median_point
from build_gazetteer_names import is_cyrillic, norm_key
from build_gazetteer_rows import Build, Row

__all__ = [
    "Alias",
    "CanonicalOverride",
    "Feature",
    "apply_curated",
    "drop_shadowed_names",
    "read_aliases",
    "read_canonical",
    "read_features",
]

PLACE_KINDS = ("settlement", "district", "raion", "oblast", "region", "country", "river",
               "water", "site")  # fmt: skip
NAME_KINDS = ("official", "alternate", "russian", "historical", "cyrillic", "alias", "misspelling")


class CuratedError(SystemExit):
    """A curated table is malformed; the build stops with the file and line."""


@dataclass(frozen=True)
class CanonicalOverride:
    cyrillic: str
    oblast: str  # KATOTTG oblast code or ""
    english: str
    reason: str


@dataclass(frozen=True)
class Feature:
    slug: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    bbox: tuple[float, float, float, float] | None
    country: str
    admin1: str
    names: tuple[tuple[str, str], ...]  # (name, name_kind)
    note: str


@dataclass(frozen=True)
class Alias:
    alias: str
    target: str  # a place id, or "Canonical name, Admin1"
    kind: str
    reason: str
    where: str  # file:line, for messages


def _rows(path: Path, columns: tuple[str, ...]):
    """Yield (where, dict) for each data line of a TSV with a header; '#' lines are comments."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header = None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = tuple(cells)
            if header != columns:
                raise CuratedError(f"{path}:{number}: header should be {columns}, got {header}")
            continue
        if len(cells) != len(columns):
            raise CuratedError(
                f"{path}:{number}: {len(cells)} cells, expected {len(columns)} ({columns})"
            )
        yield f"{path.name}:{number}", dict(zip(columns, (c.strip() for c in cells), strict=True))


def read_canonical(path: Path) -> dict[tuple[str, str], CanonicalOverride]:
    """Overrides keyed by (normalised Ukrainian name, KATOTTG oblast code or "")."""
    out = {}
    for where, row in _rows(path, ("cyrillic", "oblast", "english", "reason")):
        if not row["english"] or not row["reason"]:
            raise CuratedError(f"{where}: english and reason are required")
        item = CanonicalOverride(row["cyrillic"], row["oblast"], row["english"], row["reason"])
        out[(norm_key(item.cyrillic), item.oblast)] = item
    return out


def _float(where: str, value: str, what: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CuratedError(f"{where}: {what} {value!r} is not a number") from None


def read_features(path: Path) -> list[Feature]:
    """The curated features; names may carry a kind prefix ("russian:Kharkov Oblast")."""
    columns = ("slug", "kind", "name", "lat", "lon", "bbox", "country", "admin1", "names", "note")
    out = []
    seen = set()
    for where, row in _rows(path, columns):
        if row["kind"] not in PLACE_KINDS:
            raise CuratedError(f"{where}: kind {row['kind']!r} not one of {PLACE_KINDS}")
        if not row["slug"] or row["slug"] in seen:
            raise CuratedError(f"{where}: slug {row['slug']!r} missing or repeated")
        seen.add(row["slug"])
        if not row["note"]:
            raise CuratedError(f"{where}: every feature needs a note")
        lat = _float(where, row["lat"], "lat")
        lon = _float(where, row["lon"], "lon")
        if (lat is None) != (lon is None):
            raise CuratedError(f"{where}: give both lat and lon, or neither")
        bbox = None
        if row["bbox"]:
            parts = [_float(where, p.strip(), "bbox") for p in row["bbox"].split(",")]
            if len(parts) != 4 or parts[0] >= parts[2] or parts[1] >= parts[3]:
                raise CuratedError(f"{where}: bbox must be west,south,east,north")
            bbox = tuple(parts)
        names = []
        for item in filter(None, (n.strip() for n in row["names"].split("|"))):
            kind, sep, name = item.partition(":")
            if sep and kind in NAME_KINDS:
                names.append((name.strip(), kind))
            else:
                names.append((item, ""))
        out.append(
            Feature(
                row["slug"],
                row["kind"],
                row["name"],
                lat,
                lon,
                bbox,
                row["country"],
                row["admin1"],
                tuple(names),
                row["note"],
            )
        )
    return out


def read_aliases(path: Path) -> list[Alias]:
    """The curated alias table."""
    out = []
    for where, row in _rows(path, ("alias", "target", "name_kind", "reason")):
        if row["name_kind"] not in NAME_KINDS:
            raise CuratedError(f"{where}: name_kind {row['name_kind']!r} not in {NAME_KINDS}")
        if not row["alias"] or not row["target"] or not row["reason"]:
            raise CuratedError(f"{where}: alias, target and reason are required")
        out.append(Alias(row["alias"], row["target"], row["name_kind"], row["reason"], where))
    return out


# --------------------------------------------------------------------------- applying them

#: Towns this big keep their names to themselves (see drop_shadowed_names).
SHADOW_POPULATION = 10_000
#: A former name borne today by this many Ukrainian settlements is dropped from the place.
COMMON_NAME_BEARERS = 10


def drop_shadowed_names(b: Build) -> None:
    """Drop a former or foreign name of a place when it is a town's name today.

    GeoNames lists Slov'iansk among Nikopol's former names; a report saying Sloviansk means the
    city in Donetsk Oblast, so Nikopol loses that name. Only Ukrainian towns of SHADOW_POPULATION
    or more shadow others (a Russian Seversk must not take Siversk's Russian name from it); a
    place keeps its own current names. A former name that COMMON_NAME_BEARERS or more of
    today's settlements bear, of any size, is dropped too.
    """
    owner: dict[str, set[str]] = defaultdict(set)
    bearers: dict[str, int] = defaultdict(int)
    for row in b.rows.values():
        if row.kind == "settlement" and row.country == "UA":
            for name in row.own:
                bearers[name] += 1
                if row.population >= SHADOW_POPULATION:
                    owner[name].add(row.id)
    dropped = 0
    for row in b.rows.values():
        for name in sorted(row.names):
            key = norm_key(name)  # as a matcher sees it: Slov'iansk is Sloviansk
            if key in row.own:
                continue
            # A former name that many villages bear today (Donetsk was Oleksandrivka; 108
            # villages are) means one of them in a report, not the city.
            common = row.names[name] == "historical" and bearers[key] >= COMMON_NAME_BEARERS
            if not common and (not owner.get(key) or row.id in owner[key]):
                continue
            del row.names[name]
            del row.folded[name.casefold()]
            dropped += 1
    b.stats["shadowed_names_dropped"] = dropped
    b.say(f"names dropped because a town bears them today: {dropped}")


def apply_curated(b: Build, data_dir: Path) -> None:
    """Add the curated features and aliases to the built rows."""
    by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in b.rows.values():
        if row.kind == "settlement" and row.precision == "exact" and row.admin1:
            by_admin1[row.admin1].append((row.lat, row.lon))
    for feature in read_features(data_dir / "features.tsv"):
        pts = by_admin1.get(feature.name, []) if feature.kind == "oblast" else []
        lat, lon, bbox = feature.lat, feature.lon, feature.bbox
        if lat is None:
            centre = median_point(pts)
            if centre is None:
                raise SystemExit(f"features.tsv: {feature.slug} has no point and none to derive")
            lat, lon = centre
        bbox = bbox or bbox_of(pts)
        row = Row(
            id=f"ft:{feature.slug}",
            name=feature.name,
            kind=feature.kind,
            lat=round(lat, 5),
            lon=round(lon, 5),
            precision="exact" if feature.kind in ("settlement", "site", "district") else "shape",
            # Points placed by hand from knowledge of the map: about a kilometre.
            error_km=1.0 if feature.kind in ("settlement", "site", "district") else 0.0,
            country=feature.country,
            admin1=feature.admin1 or (feature.name if feature.kind == "oblast" else ""),
            source="curated",
            note=feature.note,
            bbox=tuple(round(v, 4) for v in bbox) if bbox else None,
        )
        row.add_name(feature.name, "official")
        for name, kind in feature.names:
            row.add_name(name, kind or ("cyrillic" if is_cyrillic(name) else "alternate"))
        if feature.kind == "oblast" and feature.name.endswith(" Oblast"):
            base = feature.name[: -len(" Oblast")]
            for variant in (f"{base} oblast", f"{base} region", f"{base} province"):
                row.add_name(variant, "alternate")
        b.rows[row.id] = row

    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in b.rows.values():
        by_name[row.name].append(row)
    for alias in read_aliases(data_dir / "aliases.tsv"):
        if alias.target in b.rows:
            target = b.rows[alias.target]
        else:
            name, _, admin1 = (p.strip() for p in alias.target.partition(","))
            found = [r for r in by_name.get(name, []) if not admin1 or r.admin1 == admin1]
            if not found:
                raise SystemExit(f"{alias.where}: target {alias.target!r} not found")
            found.sort(key=lambda r: (r.kind != "settlement", -r.population, r.id))
            if len(found) > 1 and found[0].population == found[1].population:
                b.say(f"warning: {alias.where}: {alias.target!r} is ambiguous, took {found[0].id}")
            target = found[0]
        target.add_name(alias.alias, alias.kind)
