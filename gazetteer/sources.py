"""Where places come from: one base class, sources looked up by name.

========================  =====================================================================
name                      what it gives
========================  =====================================================================
``embedded``              the data shipped in the package (GeoNames + KATOTTG + curated tables)
``user``                  a CSV/TSV file of a user's own places and aliases
``geonames-dump``         a full GeoNames country dump (``UA.zip``, ``UA.txt``, ``allCountries``)
``nominatim``             the OpenStreetMap geocoder through geopy: opt-in, rate-limited, cached
========================  =====================================================================

Every source has ``load() -> SourceData`` (places and their names) and ``lookup(name)``;
options are keyword-only with shared defaults, as geopy's geocoders do.

>>> from gazetteer.sources import get_source
>>> get_source("embedded")().lookup("Bakhmut")[0].admin1
'Donetsk Oblast'

The user file
-------------
A CSV (or TSV: tab-separated, or a ``.tsv`` name) with a header row. Columns:

``name`` (required)
    the place's name as you want it shown.
``lat``, ``lon``
    WGS84 degrees. Leave both empty on an *alias row* (see ``target``).
``kind``
    one of ``gazetteer.types.PLACE_KINDS``; default ``settlement``.
``aliases``
    other names, separated by ``|`` or ``;`` (``names`` is accepted as a synonym).
``admin1``, ``admin2``, ``country``
    oblast ("Donetsk Oblast"), raion, ISO country code (default ``UA``).
``note``
    free text shown with the place.
``id``
    optional stable id; default ``user:<slug of name>``. An id of the embedded data
    (``gn:713174``) replaces that place.
``target``
    on an alias row: the place the name stands for, as an id (``gn:713174``) or a canonical name
    (``Bakhmut``). The row's ``name`` and ``aliases`` become names of that place.

Example (``target`` is only needed on alias rows)::

    name,lat,lon,kind,aliases,admin1,note,target
    Koksokhim plant,48.5711,37.9512,site,Coke plant,Donetsk Oblast,seen in a 2023 report,
    Bahmuth,,,,,,a spelling seen in a blog,Bakhmut

"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from gazetteer.errors import DataError, GeocoderError
from gazetteer.types import PLACE_KINDS, Place

__all__ = [
    "SOURCES",
    "EmbeddedSource",
    "GeoNamesDumpSource",
    "NominatimSource",
    "Source",
    "SourceData",
    "UserFileSource",
    "get_source",
    "imported_files",
    "read_extra",
    "resolve_targets",
    "user_data_dir",
]

Name = tuple[str, str, str]  # (name, place_id, name_kind)


@dataclass(frozen=True, slots=True)
class SourceData:
    """What a source gives: places and (name, place_id, name_kind) rows."""

    places: tuple[Place, ...]
    names: tuple[Name, ...]


def user_data_dir() -> Path:
    """Where imported data and caches live: ``$GEOMAP_DATA_DIR``, else ~/.local/share/geomap."""
    env = os.environ.get("GEOMAP_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "geomap"


def imported_files(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Places files written by ``geomap gazetteer import``, sorted by name."""
    folder = Path(data_dir) if data_dir is not None else user_data_dir()
    return sorted((folder / "gazetteer").glob("*.tsv.gz"))


def read_extra(
    paths: Iterable[str | os.PathLike[str]], *, known: Iterable[Place] = ()
) -> SourceData:
    """Places and names from extra files: gazetteer tables (what ``geomap gazetteer import``
    writes, gzip or not) and user CSV/TSV files (:class:`UserFileSource`).

    Alias rows of user files are resolved against *known* (say the embedded places) and the
    files' own places. Raises :class:`DataError` naming the file for anything unreadable.
    """
    from gazetteer.data import parse_places

    places: list[Place] = []
    names: list[Name] = []
    pending: list[Name] = []
    for path in paths:
        p = Path(path)
        try:
            head = p.read_bytes()
        except OSError as exc:
            raise DataError(f"{p}: cannot read the places file ({exc})") from exc
        if head[:2] == b"\x1f\x8b" or head.startswith(b"#id\t"):
            more, more_names = parse_places(head, origin=str(p))
            places.extend(more)
            names.extend(more_names)
        else:
            data = UserFileSource(p).load()
            places.extend(data.places)
            pending.extend(data.names)
    resolved = resolve_targets(SourceData(tuple(places), tuple(pending)), known)
    return SourceData(tuple(places), (*names, *resolved.names))


def _fold(text: str) -> str:
    """Lookup key: casefolded, no accents or apostrophes, one space."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn" or ch in "\u0306\u0308")
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"['’ʼ`´‘]", "", text)
    return " ".join(text.replace("-", " ").split())


def _write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Source:
    """Base of every source of places. Subclasses set ``name`` and implement :meth:`load`."""

    name: ClassVar[str] = ""

    def load(self) -> SourceData:
        """Every place the source has, with its names."""
        raise NotImplementedError

    def lookup(self, name: str) -> list[Place]:
        """Places with this name (case, accents and apostrophes ignored), most populous first."""
        key = _fold(name)
        data = self.load()
        ids = {pid for n, pid, _kind in data.names if _fold(n) == key}
        ids.update(p.id for p in data.places if _fold(p.name) == key)
        found = [p for p in data.places if p.id in ids]
        return sorted(found, key=lambda p: (-p.population, p.id))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class EmbeddedSource(Source):
    """The data shipped in the package (see :mod:`gazetteer.data`)."""

    name = "embedded"

    def load(self) -> SourceData:
        from gazetteer.data import load_names, load_places

        return SourceData(load_places(), tuple(load_names()))


class UserFileSource(Source):
    """A CSV/TSV file of the user's own places and aliases (columns in the module docstring)."""

    name = "user"

    def __init__(self, path: str | os.PathLike[str], *, country: str = "UA") -> None:
        self.path = Path(path)
        self.country = country
        self._data: SourceData | None = None

    def __repr__(self) -> str:
        return f"UserFileSource({str(self.path)!r})"

    def load(self) -> SourceData:
        if self._data is None:
            self._data = self._read()
        return self._data

    def _read(self) -> SourceData:
        p = self.path
        try:
            raw = p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{p}: cannot read the places file ({exc})") from exc
        first = raw.split("\n", 1)[0]
        tabbed = p.suffix.lower() in (".tsv", ".tab") or "\t" in first
        reader = csv.DictReader(io.StringIO(raw), dialect="excel-tab" if tabbed else "excel")
        fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
        if "name" not in fields:
            raise DataError(f"{p}: line 1: no 'name' column (columns: {', '.join(fields)})")
        places: dict[str, Place] = {}
        names: list[Name] = []
        for number, cells in enumerate(reader, 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in cells.items() if k}
            name = row.get("name", "")
            if not name:
                raise DataError(f"{p}: line {number}: empty name")
            aliases = [
                a.strip() for a in re.split(r"[|;]", row.get("aliases") or row.get("names") or "")
            ]
            aliases = [a for a in aliases if a and a != name]
            if not row.get("lat") and not row.get("lon"):
                target = row.get("target", "")
                if not target:
                    raise DataError(
                        f"{p}: line {number}: {name!r} has no lat/lon and no target; give a "
                        "point, or the place it is another name for in a 'target' column"
                    )
                names.extend((a, f"={target}", "alias") for a in (name, *aliases))
                continue
            place = self._place(row, name, aliases, number)
            if place.id in places:
                raise DataError(f"{p}: line {number}: id {place.id} already used above")
            places[place.id] = place
            names.append((name, place.id, "official"))
            names.extend((a, place.id, "alias") for a in aliases)
        return SourceData(tuple(places[k] for k in sorted(places)), tuple(names))

    def _place(self, row: dict[str, str], name: str, aliases: list[str], number: int) -> Place:
        where = f"{self.path}: line {number}"
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, ValueError):
            raise DataError(
                f"{where}: lat/lon must be numbers, got {row.get('lat')!r}, {row.get('lon')!r}"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{where}: lat {lat}, lon {lon} out of range (lat first, then lon)")
        kind = row.get("kind") or "settlement"
        if kind not in PLACE_KINDS:
            raise DataError(f"{where}: kind {kind!r} is not one of {', '.join(PLACE_KINDS)}")
        try:
            population = int(row.get("population") or 0)
        except ValueError:
            raise DataError(f"{where}: population {row['population']!r} is not a number") from None
        slug = re.sub(r"[^\w]+", "-", _fold(name)).strip("-") or f"line-{number}"
        return Place(
            id=row.get("id") or f"user:{slug}",
            name=name,
            kind=kind,
            lat=lat,
            lon=lon,
            country=row.get("country") or self.country,
            admin1=row.get("admin1", ""),
            admin2=row.get("admin2", ""),
            population=population,
            source="user",
            names=(name, *sorted(set(aliases))),
            note=row.get("note", ""),
        )


def resolve_targets(data: SourceData, places: Iterable[Place]) -> SourceData:
    """Turn alias rows of a user file (place id ``=target``) into names of real places.

    *places* are the places the targets may name (the embedded ones and the file's own).
    Raises :class:`DataError` for a target that names nothing.
    """
    by_id = {p.id: p for p in places}
    by_id.update({p.id: p for p in data.places})
    by_name: dict[str, list[Place]] = {}
    for place in by_id.values():
        by_name.setdefault(_fold(place.name), []).append(place)
    names: list[Name] = []
    for name, pid, kind in data.names:
        if not pid.startswith("="):
            names.append((name, pid, kind))
            continue
        target = pid[1:]
        if target in by_id:
            names.append((name, target, kind))
            continue
        hits = sorted(by_name.get(_fold(target), []), key=lambda p: (-p.population, p.id))
        if not hits:
            raise DataError(f"alias {name!r}: target {target!r} is no known place id or name")
        names.append((name, hits[0].id, kind))
    return SourceData(data.places, tuple(names))


class GeoNamesDumpSource(Source):
    """A GeoNames dump (``UA.zip`` from download.geonames.org/export/dump, or its ``.txt``).

    Populated places (feature class P) by default; ``classes="PHST"`` adds rivers and water
    (H), sites (S) and islands (T). Places the embedded data already has by GeoNames id are left
    to it; an embedded settlement placed only approximately (a hromada's centre) takes the dump's
    exact point when a dump place of the same name lies within ``match_km`` of it.
    """

    name = "geonames-dump"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        classes: str = "P",
        countries: Iterable[str] | None = None,
        min_population: int = 0,
        match_km: float = 40.0,
        progress: bool = False,
        embedded: Iterable[Place] | None = None,
    ) -> None:
        self.path = Path(path)
        self.classes = classes.upper()
        self.countries = {c.upper() for c in countries} if countries else None
        self.min_population = min_population
        self.match_km = match_km
        self.progress = progress
        self._embedded = tuple(embedded) if embedded is not None else None
        self._data: SourceData | None = None

    def __repr__(self) -> str:
        return f"GeoNamesDumpSource({str(self.path)!r}, classes={self.classes!r})"

    def load(self) -> SourceData:
        if self._data is None:
            embedded = self._embedded
            if embedded is None:
                from gazetteer.data import load_places

                embedded = load_places()
            from gazetteer.geonames_dump import read_dump

            self._data = read_dump(
                self.path,
                classes=self.classes,
                countries=self.countries,
                min_population=self.min_population,
                match_km=self.match_km,
                progress=self.progress,
                embedded=embedded,
            )
        return self._data

    def import_to(self, data_dir: str | os.PathLike[str] | None = None) -> Path:
        """Write the dump's places as a gazetteer table in the user data dir; return its path.

        The file (``<data dir>/gazetteer/geonames-<name>.tsv.gz``) is written atomically and in
        the embedded format, so ``gazetteer.load(extra_files=imported_files())`` reads it.
        """
        from gazetteer.data import format_places

        data = self.load()
        folder = Path(data_dir) if data_dir is not None else user_data_dir()
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", self.path.name.split(".")[0]) or "dump"
        out = folder / "gazetteer" / f"geonames-{stem}.tsv.gz"
        _write_atomic(out, format_places(data.places, data.names))
        return out


Geocode = Callable[..., Any]


class NominatimSource(Source):
    """OpenStreetMap's Nominatim through geopy, for names the embedded data lacks.

    Off unless ``enabled=True`` (or ``GEOMAP_ONLINE=1``): a gazetteer of war reports must not
    send every unknown word to a web service by surprise. Requests are spaced by
    ``min_delay_seconds`` (Nominatim's policy is at most one per second) and every answer,
    empty ones too, is kept in a JSON cache so a name is asked once. A failed request is retried
    once after ``error_wait_seconds``. Pass ``geocoder`` (a callable like
    ``Nominatim(...).geocode``) to use another service or a fake in tests.
    """

    name = "nominatim"

    def __init__(
        self,
        *,
        enabled: bool | None = None,
        geocoder: Geocode | None = None,
        cache_path: str | os.PathLike[str] | None = None,
        user_agent: str = "geomap-gazetteer",
        min_delay_seconds: float = 1.0,
        error_wait_seconds: float = 5.0,
        country_codes: Iterable[str] = ("ua", "ru", "by", "md"),
        limit: int = 3,
        timeout: float = 10.0,
    ) -> None:
        if enabled is None:
            enabled = os.environ.get("GEOMAP_ONLINE", "") not in ("", "0", "false", "no")
        self.enabled = enabled
        self.cache_path = (
            Path(cache_path) if cache_path is not None else user_data_dir() / "nominatim.json"
        )
        self.user_agent = user_agent
        self.min_delay_seconds = min_delay_seconds
        self.error_wait_seconds = error_wait_seconds  # pause before the one retry of a failure
        self.country_codes = tuple(country_codes)
        self.limit = limit
        self.timeout = timeout
        self._geocoder = geocoder
        self._limited: Geocode | None = None
        self._cache: dict[str, list[dict]] | None = None

    def __repr__(self) -> str:
        return f"NominatimSource(enabled={self.enabled}, cache_path={str(self.cache_path)!r})"

    # -- cache
    def _load_cache(self) -> dict[str, list[dict]]:
        if self._cache is None:
            try:
                raw = self.cache_path.read_text(encoding="utf-8")
            except FileNotFoundError:
                self._cache = {}
            except OSError as exc:
                raise GeocoderError(f"{self.cache_path}: cannot read the cache ({exc})") from exc
            else:
                try:
                    loaded = json.loads(raw)
                except ValueError as exc:
                    raise DataError(
                        f"{self.cache_path}: the geocoder cache is not valid JSON ({exc}); "
                        "delete it to start afresh"
                    ) from exc
                if not isinstance(loaded, dict):
                    raise DataError(f"{self.cache_path}: the geocoder cache is not a JSON object")
                self._cache = loaded
        return self._cache

    def _save_cache(self) -> None:
        text = json.dumps(self._cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _write_atomic(self.cache_path, text.encode("utf-8"))

    # -- network
    def _geocode(self) -> Geocode:
        if self._limited is None:
            from geopy.extra.rate_limiter import RateLimiter

            geocoder = self._geocoder
            if geocoder is None:
                from geopy.geocoders import Nominatim

                geocoder = Nominatim(user_agent=self.user_agent, timeout=self.timeout).geocode
            self._limited = RateLimiter(
                geocoder,
                min_delay_seconds=self.min_delay_seconds,
                error_wait_seconds=self.error_wait_seconds,
                max_retries=1,
                swallow_exceptions=False,
            )
        return self._limited

    def _ask(self, query: str) -> list[dict]:
        from geopy.exc import GeopyError

        try:
            found = self._geocode()(
                query,
                exactly_one=False,
                limit=self.limit,
                country_codes=list(self.country_codes) or None,
                language="en",
            )
        except GeopyError as exc:
            raise GeocoderError(f"Nominatim could not look up {query!r}: {exc}") from exc
        results = []
        for location in found or []:
            raw = dict(getattr(location, "raw", {}) or {})
            results.append(
                {
                    "lat": float(location.latitude),
                    "lon": float(location.longitude),
                    "address": str(getattr(location, "address", "") or ""),
                    "osm_type": str(raw.get("osm_type", "")),
                    "osm_id": str(raw.get("osm_id", "")),
                    "class": str(raw.get("class", raw.get("category", ""))),
                    "type": str(raw.get("type", "")),
                }
            )
        return results

    # -- API
    def lookup(self, name: str) -> list[Place]:
        """Places Nominatim finds for *name* (cached answers first; asks only when enabled)."""
        key = _fold(name)
        if not key:
            return []
        cache = self._load_cache()
        if key not in cache:
            if not self.enabled:
                raise GeocoderError(
                    f"{name!r} is not in the geocoder cache and online geocoding is off; "
                    "enable it with --online or GEOMAP_ONLINE=1"
                )
            cache[key] = {"query": name, "results": self._ask(name)}
            self._save_cache()
        return [_place_of(name, hit) for hit in _results(cache[key], self.cache_path)]

    def load(self) -> SourceData:
        """The places already in the cache (never asks the service)."""
        places: dict[str, Place] = {}
        names: list[Name] = []
        for _key, entry in sorted(self._load_cache().items()):
            query = str(entry.get("query", "")) if isinstance(entry, dict) else ""
            for hit in _results(entry, self.cache_path):
                place = _place_of(query or _key, hit)
                places.setdefault(place.id, place)
                names.append((query or _key, place.id, "alternate"))
        return SourceData(tuple(places[k] for k in sorted(places)), tuple(names))


def _results(entry: object, path: Path) -> list[dict]:
    """The answers of one cache entry, checked: {"query": ..., "results": [{lat, lon...}]}."""
    results = entry.get("results") if isinstance(entry, dict) else None
    if not isinstance(results, list) or not all(
        isinstance(r, dict) and isinstance(r.get("lat"), int | float) for r in results
    ):
        raise DataError(f"{path}: a geocoder cache entry is malformed ({entry!r:.80}); delete it")
    return results


_OSM_KINDS = {
    ("place", "city"): "settlement",
    ("place", "town"): "settlement",
    ("place", "village"): "settlement",
    ("place", "hamlet"): "settlement",
    ("place", "isolated_dwelling"): "settlement",
    ("place", "suburb"): "district",
    ("place", "neighbourhood"): "district",
    ("place", "quarter"): "district",
    ("waterway", "river"): "river",
    ("waterway", "stream"): "river",
    ("natural", "water"): "water",
    ("natural", "bay"): "water",
    ("boundary", "administrative"): "raion",
    ("place", "country"): "country",
    ("place", "state"): "oblast",
    ("place", "region"): "region",
}


def _place_of(query: str, hit: dict) -> Place:
    """A Place from one cached Nominatim answer."""
    address = hit.get("address", "")
    name = address.split(",")[0].strip() or query
    kind = _OSM_KINDS.get((hit.get("class", ""), hit.get("type", "")), "site")
    osm = f"{hit.get('osm_type', '')}/{hit.get('osm_id', '')}".strip("/")
    pid = f"osm:{osm}" if osm else f"osm:{_fold(query)}@{hit['lat']:.4f},{hit['lon']:.4f}"
    names = (name,) if _fold(query) == _fold(name) else (name, query)
    return Place(
        id=pid,
        name=name,
        kind=kind,
        lat=float(hit["lat"]),
        lon=float(hit["lon"]),
        precision="online",
        source="nominatim",
        names=names,
        note=f"Nominatim (OpenStreetMap): {address}" if address else "Nominatim (OpenStreetMap)",
    )


#: Sources by name, as ``get_source`` finds them.
SOURCES: dict[str, type[Source]] = {
    EmbeddedSource.name: EmbeddedSource,
    UserFileSource.name: UserFileSource,
    GeoNamesDumpSource.name: GeoNamesDumpSource,
    NominatimSource.name: NominatimSource,
}


def get_source(name: str) -> type[Source]:
    """The source class registered under *name* (``embedded``, ``user``, ``geonames-dump``,
    ``nominatim``); raises :class:`DataError` listing them for any other name."""
    try:
        return SOURCES[name.strip().lower()]
    except KeyError:
        raise DataError(
            f"no gazetteer source named {name!r}; known: {', '.join(sorted(SOURCES))}"
        ) from None
