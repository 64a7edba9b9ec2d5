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
from collections.abc import Callable, Iterable, Iterator
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
    """Build a :class:`Gazetteer` from the embedded data plus more files of places.

    *extra_files* are gazetteer tables (what ``geomap gazetteer import`` writes) or a user's
    CSV/TSV files (columns in :mod:`gazetteer.sources`; alias rows add names to known places).
    A place with the same id as an embedded one replaces it. Raises :class:`DataError` naming
    a bad file. The index of the embedded data alone is cached on disk; with extra files it is
    built afresh (about two seconds).
    """
    paths = [Path(p) for p in extra_files]
    return _load(paths, cache=not paths)


class _Names:
    """The name rows, read only if iterated: an index loaded from the cache never needs them."""

    def __init__(self, load: Callable[[], list], extra: list) -> None:
        self._load = load
        self._extra = extra

    def __iter__(self) -> Iterator:
        yield from self._load()
        yield from self._extra


def _load(paths: list[Path], *, cache: bool) -> Gazetteer:
    from gazetteer.core import combine
    from gazetteer.data import load_names, load_places
    from gazetteer.sources import read_extra

    places: list[Place] = list(load_places())
    extra_names: list = []
    digest = hashlib.sha256()
    # The code that builds the index is part of the key, so a change to it rebuilds the cache.
    from gazetteer import core, cues, normalize

    for module in (core, cues, normalize):  # (cues: the cue phrases are in the automaton)
        digest.update(Path(module.__file__).read_bytes())
    for part in ("places.tsv.gz", "not_places.tsv"):
        try:
            digest.update(resources.files("gazetteer").joinpath("data", part).read_bytes())
        except OSError:
            digest.update(part.encode())
    if paths:
        extra = read_extra(paths, known=places)
        for path in paths:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        places = combine(places, extra.places)
        extra_names.extend(extra.names)
    return Gazetteer(
        places,
        _Names(load_names, extra_names),
        cache_dir=_cache_dir() if cache else None,
        cache_key=digest.hexdigest(),
    )


def default() -> Gazetteer:
    """The gazetteer of the embedded data and the imported files, built once per process.

    Imported files are those ``geomap gazetteer import`` wrote (see
    :func:`gazetteer.sources.imported_files`).
    """
    global _default
    with _lock:
        if _default is None:
            from gazetteer.sources import imported_files

            _default = _load(imported_files(), cache=True)
        return _default


def find(text: str) -> list[Mention]:
    """Mentions of places in *text* with :func:`default` (see :meth:`Gazetteer.find`)."""
    return default().find(text)
