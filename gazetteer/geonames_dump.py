"""Reading GeoNames dumps (``UA.zip``, ``UA.txt``, ``allCountries.zip``) for the gazetteer.

Used by :class:`gazetteer.sources.GeoNamesDumpSource`; the format is the ``geoname`` table of
https://download.geonames.org/export/dump/ (19 tab-separated columns, UTF-8).
"""

from __future__ import annotations

import contextlib
import math
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from gazetteer.errors import DataError
from gazetteer.sources import Name, SourceData, _fold
from gazetteer.types import Place

__all__ = ["read_dump"]


def _rows(path: Path, progress: bool) -> Iterator[tuple[int, list[str]]]:
    """(line number, 19 fields) of every place row, with a progress bar if asked."""
    from tqdm import tqdm

    with contextlib.ExitStack() as stack:
        try:
            if zipfile.is_zipfile(path):
                archive = stack.enter_context(zipfile.ZipFile(path))
                members = [
                    m
                    for m in archive.infolist()
                    if m.filename.endswith(".txt") and "readme" not in m.filename.lower()
                ]
                if len(members) != 1:
                    raise DataError(
                        f"{path}: expected one GeoNames table (.txt) in the archive, found "
                        f"{[m.filename for m in members] or 'none'}"
                    )
                handle = stack.enter_context(archive.open(members[0]))
                total = members[0].file_size
            else:
                handle = stack.enter_context(open(path, "rb"))
                total = path.stat().st_size
        except (OSError, zipfile.BadZipFile) as exc:
            raise DataError(f"{path}: cannot open the GeoNames dump ({exc})") from exc
        bar = stack.enter_context(
            tqdm(total=total, unit="B", unit_scale=True, desc=path.name, disable=not progress)
        )
        for number, raw in enumerate(handle, 1):
            bar.update(len(raw))
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise DataError(f"{path}: line {number}: not UTF-8 ({exc})") from exc
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 19:
                raise DataError(
                    f"{path}: line {number}: {len(fields)} columns, a GeoNames table has 19 "
                    "(is this the geoname table, e.g. UA.txt from UA.zip?)"
                )
            yield number, fields


def read_dump(
    path: Path,
    *,
    classes: str,
    countries: set[str] | None,
    min_population: int,
    match_km: float,
    progress: bool,
    embedded: Iterable[Place],
) -> SourceData:
    """Read a GeoNames dump into places and names (see :class:`GeoNamesDumpSource`)."""
    embedded = tuple(embedded)
    by_id = {p.id: p for p in embedded}
    admin1_of: dict[tuple[str, str], dict[str, int]] = {}
    admin2_of: dict[tuple[str, str, str], dict[str, int]] = {}
    approximate: dict[tuple[str, str], list[Place]] = {}
    for place in embedded:
        if place.kind == "settlement" and place.precision != "exact":
            for name in place.names:
                approximate.setdefault((place.admin1, _fold(name)), []).append(place)
    new: dict[str, Place] = {}
    new_names: list[Name] = []
    pending: list[tuple[list[str], list[str], str]] = []  # fields, names, admin1 code key
    for number, f in _rows(path, progress):
        kind = _dump_kind(f[6], f[7])
        if kind is None or f[6] not in classes:
            continue
        if countries is not None and f[8].upper() not in countries:
            continue
        gid = f"gn:{f[0]}"
        if gid in by_id:
            counts = admin1_of.setdefault((f[8], f[10]), {})
            counts[by_id[gid].admin1] = counts.get(by_id[gid].admin1, 0) + 1
            if by_id[gid].admin2 and f[11]:
                counts = admin2_of.setdefault((f[8], f[10], f[11]), {})
                counts[by_id[gid].admin2] = counts.get(by_id[gid].admin2, 0) + 1
            continue
        try:
            population = int(f[14] or 0)
            float(f[4]), float(f[5])
        except ValueError:
            raise DataError(f"{path}: line {number}: bad number in {f[:6]}") from None
        if population < min_population:
            continue
        names = [f[1], f[2], *f[3].split(",")]
        names = list(dict.fromkeys(n.strip() for n in names if _usable_name(n.strip())))
        if f[1] not in names:
            names.insert(0, f[1])
        pending.append((f, names, kind))
    # Admin1 names as the embedded data spells them, learnt from the places both know.
    admin1 = {key: max(sorted(c), key=lambda n: c[n]) for key, c in admin1_of.items()}
    # Likewise raions: GeoNames' admin2 codes follow the codifier's raions.
    admin2 = {key: max(sorted(c), key=lambda n: c[n]) for key, c in admin2_of.items()}
    # Upgrade approximate embedded settlements: nearest same-named dump place wins.
    offers = []
    for index, (f, names, kind) in enumerate(pending):
        if kind != "settlement":
            continue
        region = admin1.get((f[8], f[10]), "")
        raion = admin2.get((f[8], f[10], f[11]), "")
        lat, lon = float(f[4]), float(f[5])
        seen = set()
        for name in names:
            for place in approximate.get((region, _fold(name)), ()):
                if place.id in seen:
                    continue
                seen.add(place.id)
                if raion and place.admin2 and raion != place.admin2:
                    continue  # same name in another raion: another village
                d = _km(lat, lon, place.lat, place.lon)
                if d <= match_km:
                    offers.append((d, index, place.id))
    upgraded: dict[int, Place] = {}
    taken: set[str] = set()
    for d, index, pid in sorted(offers):
        if index in upgraded or pid in taken:
            continue
        f, names, _kind = pending[index]
        old = by_id[pid]
        upgraded[index] = Place(
            id=old.id, name=old.name, kind=old.kind, lat=float(f[4]), lon=float(f[5]),
            precision="exact", error_km=0.0, country=old.country, admin1=old.admin1,
            admin2=old.admin2, population=max(old.population, int(f[14] or 0)),
            source="geonames-dump",
            names=tuple(dict.fromkeys((*old.names, *sorted(names)))),
            note=f"point from GeoNames {f[0]} ({d:.1f} km from the approximate one)",
            bbox=old.bbox,
        )  # fmt: skip
        taken.add(pid)
    for index, (f, names, kind) in enumerate(pending):
        if index in upgraded:
            place = upgraded[index]
        else:
            place = Place(
                id=f"gn:{f[0]}", name=f[1], kind=kind, lat=float(f[4]), lon=float(f[5]),
                country=f[8], admin1=admin1.get((f[8], f[10]), ""),
                admin2=admin2.get((f[8], f[10], f[11]), ""),
                population=int(f[14] or 0), source="geonames-dump",
                names=(f[1], *sorted(n for n in names if n != f[1])),
                note=f"GeoNames {f[7]}",
            )  # fmt: skip
        new[place.id] = place
        for name in names:
            kind_of_name = "official" if name == place.name else "alternate"
            if _is_cyrillic(name):
                kind_of_name = "cyrillic"
            new_names.append((name, place.id, kind_of_name))
    return SourceData(tuple(new[k] for k in sorted(new)), tuple(sorted(set(new_names))))


#: GeoNames feature codes kept from a dump, by class (None: every code of the class).
_DUMP_CODES = {
    "H": {
        "STM": "river", "STMI": "river", "CNL": "river", "RSV": "water", "LK": "water",
        "LKS": "water", "SEA": "water", "BAY": "water", "GULF": "water", "STRT": "water",
        "LGN": "water", "ESTY": "water", "CHN": "water",
    },
    "T": {"ISL": "site", "ISLS": "site", "PEN": "site", "SPIT": "site", "HLL": "site"},
    "A": {"ADM1": "oblast", "ADM2": "raion", "PCLI": "country"},
}  # fmt: skip


def _dump_kind(feature_class: str, code: str) -> str | None:
    """The kind of a GeoNames dump row, or None to skip it (historical places, roads...)."""
    if feature_class == "P":
        if code in ("PPLH", "PPLW"):
            return None  # historical or destroyed: not a place to map today
        return "district" if code == "PPLX" else "settlement"
    if feature_class == "S":
        return "site"
    return _DUMP_CODES.get(feature_class, {}).get(code)


def _is_cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def _usable_name(name: str) -> bool:
    """Latin or Cyrillic names of three letters or more, no digits, no codes."""
    if len(name) < 3 or len(name) > 80 or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    for ch in name:
        if ch.isalpha() and not (_is_cyrillic(ch) or unicodedata.name(ch, "").startswith("LATIN")):
            return False
    return True


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))
