"""gazetteer: names of places in war reporting resolved to coordinates, offline.

>>> import gazetteer
>>> [(m.text, m.place.name) for m in gazetteer.find("Shelling hit Bahkmut and the Kharkiv region.")]
[('Bahkmut', 'Bakhmut'), ('Kharkiv region', 'Kharkiv Oblast')]
>>> gazetteer.default().lookup("Kiev")[0].name
'Kyiv'
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from gazetteer.core import Gazetteer
from gazetteer.errors import DataError, GazetteerError, GeocoderError
from gazetteer.types import Mention, Place

__all__ = [
    "DataError",
    "Gazetteer",
    "GazetteerError",
    "GeocoderError",
    "Mention",
    "Place",
    "default",
    "find",
    "load",
]

_lock = threading.Lock()
_default: Gazetteer | None = None


def _cache_dir() -> Path | None:
    """Where the prebuilt name index is kept ($GEOMAP_CACHE_DIR, else the user cache dir)."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env == "":
        return None  # caching turned off
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geomap"


def load(extra_files: Iterable[str | os.PathLike[str]] = ()) -> Gazetteer:
    """Build a :class:`Gazetteer` from the embedded data plus a user's files of places.

    *extra_files* are gazetteer tables (the embedded format, gzip or plain) or CSV/TSV files
    with columns name, lat, lon (see :func:`gazetteer.core.read_places_file`). A place with the
    same id as an embedded one replaces it. Raises :class:`DataError` naming a bad file.
    """
    from gazetteer.core import combine, read_places_file
    from gazetteer.data import load_names, load_places, parse_places

    places: list[Place] = list(load_places())
    names = load_names()
    extra: list[Place] = []
    digest = hashlib.sha256()
    # The code that builds the index is part of the key, so a change to it rebuilds the cache.
    from gazetteer import core, normalize

    for module in (core, normalize):
        digest.update(Path(module.__file__).read_bytes())
    for part in ("places.tsv.gz", "not_places.tsv"):
        try:
            digest.update(resources.files("gazetteer").joinpath("data", part).read_bytes())
        except OSError:
            digest.update(part.encode())
    for path in extra_files:
        p = Path(path)
        try:
            head = p.read_bytes()
        except OSError as exc:
            raise DataError(f"{p}: cannot read places file: {exc}") from exc
        digest.update(head)
        if head[:2] == b"\x1f\x8b" or head.startswith(b"#id\t"):
            more, more_names = parse_places(head, origin=str(p))
            extra.extend(more)
            names.extend(more_names)
        else:
            extra.extend(read_places_file(p))
    if extra:
        places = combine(places, extra)
    return Gazetteer(places, names, cache_dir=_cache_dir(), cache_key=digest.hexdigest())


def default() -> Gazetteer:
    """The gazetteer of the embedded data, built once per process."""
    global _default
    with _lock:
        if _default is None:
            _default = load()
        return _default


def find(text: str) -> list[Mention]:
    """Mentions of places in *text* with :func:`default` (see :meth:`Gazetteer.find`)."""
    return default().find(text)
