"""The :class:`Gazetteer`: an index of names over places, and ``find`` over text.

Names are indexed once in an Aho-Corasick automaton (pyahocorasick) over normalised keys padded
with spaces, so one pass over the folded text finds every name on word boundaries, multi-word
names included. Cyrillic names are indexed by their stem and accept a case ending in text
("у Бахмуті"). Choosing between candidates is :mod:`gazetteer.resolve`'s job; misspellings no
table holds are :mod:`gazetteer.fuzzy`'s.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from gazetteer.errors import DataError
from gazetteer.normalize import (
    CYRILLIC_ENDINGS,
    cyrillic_inflections,
    cyrillic_stem,
    cyrillic_stems,
    fold,
    is_cyrillic,
    name_variants,
    normalize_name,
    word_set,
)
from gazetteer.types import Mention, Place

__all__ = ["Entry", "Gazetteer", "combine"]

#: Words that turn a base name into the name of an admin unit ("Donetsk region").
_OBLAST_WORDS = ("oblast", "region", "province")
_RAION_WORDS = ("raion", "district")
_ADMIN_WORDS = word_set(
    "oblast oblasts region regions province provinces raion raions district districts regional"
)
_ADMIN_SUFFIX = re.compile(r"\s+(?:oblast|raion|region|province|district)$", re.IGNORECASE)
_CACHE_VERSION = "5"  # bump when the index format or the key derivation changes
#: Automaton values (32-bit ints) from here on are the cue phrases of fuzzy matching (index +
#: _CUE), found in the same pass as the names; from _CUE + _BOTH on, a cue phrase that is also
#: a key.
_CUE = 1 << 30
_BOTH = 1 << 20
# Separators of the packed index rows in the cache (fold() turns control characters in keys
# into spaces; a name holding one is simply not cached).
_FIELD_SEP, _ROW_SEP = "\x1f", "\x1e"


class Entry(NamedTuple):
    """One way a key names a place.

    ``kind`` is the data's name kind ("official", "russian", ...) or one this module derives:
    "bare" (an oblast or raion named by its centre's name alone, "southern Donetsk") and
    "admin" (a derived "X region" / "X district" / "X River" form that fixes the kind).
    """

    place_id: str
    name: str
    kind: str
    forced: bool = False  # the key itself says which kind of place (X Oblast, X River)


def _base_of(name: str) -> str:
    return _ADMIN_SUFFIX.sub("", name).strip()


def _derived_names(place: Place) -> list[tuple[str, str, bool]]:
    """Names the data does not list but writers use: "Donetsk region", "Pripyat River"."""
    out: list[tuple[str, str, bool]] = []
    if place.kind in ("oblast", "raion"):
        words = _OBLAST_WORDS if place.kind == "oblast" else _RAION_WORDS
        for name in place.names or (place.name,):
            if is_cyrillic(name):
                continue
            base = _base_of(name)
            if not base or (base == name and place.kind == "oblast" and " " in name):
                continue
            for word in words:
                out.append((f"{base} {word}", "admin", True))
                out.append((f"{base} {word}s", "admin", True))
            if place.kind == "oblast":
                out.append((f"{base} oblast's", "admin", True))
            if base != name:
                out.append((base, "bare", False))
    elif place.kind == "river":
        for name in place.names or (place.name,):
            if is_cyrillic(name):
                continue
            base = re.sub(r"\s+river$", "", name, flags=re.IGNORECASE).strip()
            out.append((f"{base} river", "admin", True))
            out.append((f"river {base}", "admin", True))
            if base != name:
                out.append((base, "alternate", False))
    return out


class Gazetteer:
    """Places and their names, with ``find`` over text, ``lookup`` by name and ``get`` by id.

    >>> from gazetteer.types import Place
    >>> g = Gazetteer([Place("gn:1", "Bakhmut", "settlement", 48.5953, 38.0003)])
    >>> [m.place.name for m in g.find("Shelling near Bakhmut's outskirts.")]
    ['Bakhmut']
    """

    def __init__(
        self,
        places: Iterable[Place],
        names: Iterable[tuple[str, str, str]] = (),
        *,
        not_places: dict[str, tuple[str, str]] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        cache_key: str = "",
    ) -> None:
        """Index *places* under their names and the (name, place id, name kind) rows *names*.

        With *cache_dir* and a *cache_key* that changes whenever the inputs do (``load`` uses
        a hash of the data files), the index and the automaton are pickled there once and
        loaded from there afterwards.
        """
        self._places: dict[str, Place] = {}
        for place in places:
            self._places[place.id] = place
        if not_places is None:
            from gazetteer.cues import load_not_places

            not_places = load_not_places()
        self.not_places = not_places
        self._cache_dir = cache_dir
        self._cache_key = cache_key
        self._automaton: ahocorasick.Automaton | None = None
        self._keys: list[str] = []  # sorted; the automaton's values point into it
        self._stem_groups: list[tuple[int, ...]] = []  # keys sharing a Cyrillic stem
        #: The cue phrases' values, and (the key's value, the cue's index) of phrases that
        #: are keys too.
        self._cues: tuple[tuple[str, bool, bool], ...] = ()
        self._both: tuple[tuple[int, int], ...] = ()
        #: From the cache: every key's rows packed in one string, decoded when asked for.
        self._packed: tuple[str, array] | None = None
        self._acronym_keys: tuple[str, ...] = ()
        self._fuzzy = None
        self._cand_cache: dict[str, tuple[tuple[Place, str], ...]] = {}
        #: Memos of :mod:`gazetteer.resolve` (priors, reasons): per gazetteer, since two
        #: gazetteers may hold different places under one id.
        self.memo: dict[str, dict] = {}
        self._index: dict[str, tuple[tuple[str, str, str, bool], ...]] | None = None
        if self._read_cache():
            return
        self._index = _build_index(self._places, names)
        path = self._cache_path()
        if path is not None:
            self._build_automaton()
            packed = _pack(self._keys, self._index)
            if packed is not None:
                acronyms = tuple(sorted(self.acronyms()))
                _write_pickle(
                    path,
                    (
                        *packed, self._keys, self._stem_groups, acronyms, self._automaton,
                        self._cues, self._both,
                    ),
                )  # fmt: skip

    # -- plain access -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._places)

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place, sorted by id."""
        return tuple(self._places[k] for k in sorted(self._places))

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, or None."""
        return self._places.get(place_id)

    def index_keys(self) -> list[str]:
        """Every normalised name the gazetteer indexes, sorted."""
        return list(self._keys) if self._index is None else sorted(self._index)

    def entries(self, key: str) -> list[Entry]:
        """Entries indexed under a key made by :func:`~gazetteer.normalize.normalize_name`."""
        return [Entry._make(row) for row in self._rows(key)]

    def _rows(self, key: str) -> tuple[tuple[str, str, str, bool], ...]:
        if self._index is not None:
            return self._index.get(key, ())
        blob, offsets = self._packed
        keys = self._keys
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return ()
        return tuple(
            (pid, name, kind, bool(forced))
            for pid, name, kind, forced in (
                row.split(_FIELD_SEP) for row in blob[offsets[i] : offsets[i + 1]].split(_ROW_SEP)
            )
        )

    def candidates(self, key: str) -> tuple[tuple[Place, str], ...]:
        """(place, name kind) pairs a normalised key may mean, sorted by place id (cached).

        A key naming an admin unit by its centre's name alone ("Donetsk" for the oblast) gets
        the kind "bare"; a derived form that fixes the kind ("Donetsk region") keeps only the
        places of that kind.
        """
        cached = self._cand_cache.get(key)
        if cached is not None:
            return cached
        rows = self._rows(key)  # (place id, name, kind, forced), as in an Entry
        forced = [row for row in rows if row[3]]
        admin_words = any(word in _ADMIN_WORDS for word in key.split())
        out: dict[str, tuple[Place, str]] = {}
        places = self._places
        for place_id, _name, kind, _forced in forced or rows:
            place = places.get(place_id)
            if place is None or place_id in out:
                continue
            if (
                place.kind in ("oblast", "raion")
                and kind != "admin"
                and not admin_words
                and normalize_name(place.name) != key
            ):
                kind = "bare"  # "Donetsk" naming the oblast: only with a cue
            out[place_id] = (place, kind)
        result = tuple(out[k] for k in sorted(out))
        self._cand_cache[key] = result
        return result

    def acronyms(self) -> frozenset[str]:
        """Keys known only from names written in capitals ("ARC", "DPR", "ZNPP")."""
        cached = self.memo.get("acronyms")
        if cached is None and self._index is None:
            cached = self.memo["acronyms"] = frozenset(self._acronym_keys)
        if cached is None:
            cached = frozenset(
                key
                for key, rows in self._index.items()
                if len(key) <= 6 and all(row[1].isupper() for row in rows)
            )
            self.memo["acronyms"] = cached
        return cached

    def lookup(self, name: str) -> list[Place]:
        """Return the places a name may mean, most likely first.

        The name is normalised first, so case, apostrophes and hyphens do not matter;
        "Donetsk region" finds the oblast, "Kiev" finds Kyiv. Places named so outright come
        before admin units named after their centre; then countries, oblasts and settlements
        by population.
        """
        found: dict[str, tuple[int, Place]] = {}
        for key in name_variants(name):
            for place, kind in self.candidates(key):
                rank = 1 if kind == "bare" else 0
                if place.id not in found or rank < found[place.id][0]:
                    found[place.id] = (rank, place)
        ordered = sorted(
            found.values(),
            key=lambda rp: (rp[0], -_kind_weight(rp[1]), -rp[1].population, rp[1].id),
        )
        return [place for _, place in ordered]

    # -- the automaton ------------------------------------------------------------------------

    def automaton(self) -> ahocorasick.Automaton:
        """The Aho-Corasick automaton over every key (built on first use, or from the cache).

        Its values are ints (pickled without a Python object per name): ``i >= 0`` is the key
        ``i`` padded with spaces, ``-j - 1`` the Cyrillic stem shared by the keys of group ``j``;
        the cue phrases of fuzzy matching (:func:`~gazetteer.cues.cue_phrases`) are in it too,
        from ``1 << 30`` on, so that one pass over a text finds both.
        """
        if self._automaton is None:
            self._build_automaton()
        return self._automaton

    def _build_automaton(self) -> None:
        keys = sorted(self._index)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        stems: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if is_cyrillic(key):
                for stem in cyrillic_stems(key):
                    stems.setdefault(" " + stem, []).append(i)
            else:
                automaton.add_word(f" {key} ", i)
        groups: list[tuple[int, ...]] = []
        for stem, ids in stems.items():
            groups.append(tuple(ids))
            automaton.add_word(stem, -len(groups))
        if len(keys) >= _CUE:
            raise DataError(f"{len(keys)} names: too many for the automaton")
        from gazetteer.cues import cue_phrases

        cues: list[tuple[str, bool, bool]] = []
        both: list[tuple[int, int]] = []
        for phrase, value in cue_phrases():
            cues.append(value)
            known = automaton.get(phrase, None)
            if known is None:
                automaton.add_word(phrase, _CUE + len(cues) - 1)
            else:  # a name written like a cue phrase ("Town"): both
                both.append((known, len(cues) - 1))
                automaton.add_word(phrase, _CUE + _BOTH + len(both) - 1)
        automaton.make_automaton()
        self._keys, self._stem_groups, self._automaton = keys, groups, automaton
        self._cues, self._both = tuple(cues), tuple(both)

    def _cache_path(self) -> Path | None:
        if self._cache_dir is None or not self._cache_key:
            return None
        return Path(self._cache_dir) / f"gazetteer-{_CACHE_VERSION}-{self._cache_key[:32]}.pickle"

    def _read_cache(self) -> bool:
        """Take the index and the automaton from the cache; False when there is none."""
        path = self._cache_path()
        if path is None or not path.exists():
            return False
        try:
            with path.open("rb") as fh:
                blob, offsets, keys, groups, acronyms, automaton, cues, both = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return False  # a stale or broken cache is rebuilt
        if (
            not isinstance(blob, str)
            or not isinstance(automaton, ahocorasick.Automaton)
            or len(offsets) != len(keys) + 1
            or offsets[-1] != len(blob)
        ):
            return False
        self._packed = (blob, offsets)
        self._keys, self._stem_groups, self._automaton = keys, groups, automaton
        self._acronym_keys = acronyms
        self._cues, self._both = cues, both
        return True

    def raw_matches(self, text: str, folded: str | None = None) -> list[tuple[int, int, str]]:
        """Every indexed name in *text* on word boundaries: (start, end, key), overlaps kept.

        Spans exclude a possessive ('s) and, for Cyrillic, the case ending.
        """
        if folded is None:
            folded = fold(text)
        return [(start, start - negative, key) for start, negative, key in self._raw(folded)[0]]

    def _raw(
        self, folded: str
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, tuple[str, bool, bool]]]]:
        """:meth:`raw_matches` of a folded text as (start, -length, key), sorted (by start,
        longest first): plain tuples, sorted without a key function; and the cue phrases of
        fuzzy matching in `` {folded} ``, in order: (end, (cue, strong, after))."""
        automaton = self.automaton()
        keys = self._keys
        out: list[tuple[int, int, str]] = []
        cues: list[tuple[int, tuple[str, bool, bool]]] = []
        groups = self._stem_groups
        padded = f" {folded} "
        for end_pos, value in automaton.iter(padded):
            if value >= 0:
                if value < _CUE:
                    key = keys[value]
                    size = len(key)
                    out.append((end_pos - size - 1, -size, key))
                    continue
                value -= _CUE
                if value < _BOTH:
                    cues.append((end_pos, self._cues[value]))
                    continue
                value, cue = self._both[value - _BOTH]
                cues.append((end_pos, self._cues[cue]))
                if value >= 0:
                    key = keys[value]
                    size = len(key)
                    out.append((end_pos - size - 1, -size, key))
                    continue
            ids = groups[-value - 1]
            start = end_pos - len(cyrillic_stem(keys[ids[0]]))
            word_end = padded.find(" ", end_pos + 1)
            ending = padded[end_pos + 1 : word_end]
            if ending not in CYRILLIC_ENDINGS:
                continue
            # The span is the whole inflected word ("Бахмуті"), as a reader would mark it.
            end = word_end - 1
            for i in ids:
                out.append((start, start - end, keys[i]))
        out.sort()
        return out, cues

    # -- finding ------------------------------------------------------------------------------

    def fuzzy_index(self):
        """The index of names fuzzy matching compares unknown words with (built on first use)."""
        if self._fuzzy is None:
            from gazetteer.fuzzy import FuzzyIndex

            self._fuzzy = FuzzyIndex.from_gazetteer(self)
        return self._fuzzy

    def find(self, text: str) -> list[Mention]:
        """Return the mentions of places in *text*, sorted by start.

        Each :class:`~gazetteer.types.Mention` has the span (possessive excluded), the chosen
        place (None when nothing decides between candidates), the candidates considered, a
        confidence in [0, 1] and the reason in words.

        Raises TypeError when *text* is not a str (decode bytes first).
        """
        if not isinstance(text, str):
            raise TypeError(f"find() needs a str, not {type(text).__name__}; decode bytes first")
        if not text or text.isspace():  # no copy of the text (strip() makes one)
            return []
        resolve = _resolver or _import_resolver()
        return resolve(self, text)


_resolver = None


def _import_resolver():
    """:func:`gazetteer.resolve.resolve`, imported on first use (it imports rapidfuzz)."""
    global _resolver
    from gazetteer.resolve import resolve

    _resolver = resolve
    return resolve


def _build_index(
    places: dict[str, Place], names: Iterable[tuple[str, str, str]]
) -> dict[str, tuple[tuple[str, str, str, bool], ...]]:
    """Normalised key -> the ways it names places, as :class:`Entry` rows (official first)."""
    raw: list[tuple[str, str, str, bool]] = []
    for name, place_id, kind in names:
        if place_id in places:
            raw.append((name, place_id, kind, False))
    for place in places.values():
        raw.append((place.name, place.id, "official", False))
        # Names the place carries; the rows of *names* say more (russian, historical...).
        raw.extend((name, place.id, "carried", False) for name in place.names)
        raw.extend((name, place.id, kind, forced) for name, kind, forced in _derived_names(place))
    # "Донецької області": case forms of Cyrillic names that start with an adjective.
    raw.extend(
        (form, place_id, kind, forced)
        for name, place_id, kind, forced in list(raw)
        if " " in name and is_cyrillic(name)
        for form in cyrillic_inflections(name)
    )
    index: dict[str, list[tuple[str, str, str, bool]]] = {}
    seen: set[tuple[str, str]] = set()
    # Official names first so an entry keeps the best kind it is known by.
    rank = {"official": 0, "admin": 1, "carried": 9}
    variants: dict[str, list[str]] = {}  # many names recur (data rows and carried names)
    for name, place_id, kind, forced in sorted(
        raw, key=lambda r: (rank.get(r[2], 5), r[1], r[0], r[3])
    ):
        keys = variants.get(name)
        if keys is None:
            keys = variants[name] = name_variants(name)
        for key in keys:
            if (key, place_id) in seen:
                continue
            seen.add((key, place_id))
            kind = "alternate" if kind == "carried" else kind
            index.setdefault(key, []).append((place_id, name, kind, forced))
    # Plain tuples: a pickled cache of them loads several times faster than of named tuples.
    return {key: tuple(rows) for key, rows in index.items()}


def _pack(
    keys: list[str], index: dict[str, tuple[tuple[str, str, str, bool], ...]]
) -> tuple[str, array] | None:
    """The rows of every key (in *keys* order) as one string and its offsets, for the cache:
    it loads in milliseconds where a dict of tuples takes a tenth of a second. None when a
    field holds a separator."""
    parts: list[str] = []
    offsets = array("q", [0])
    size = n_rows = 0
    for key in keys:
        rows = index[key]
        part = _ROW_SEP.join(
            f"{pid}{_FIELD_SEP}{name}{_FIELD_SEP}{kind}{_FIELD_SEP}{'1' if forced else ''}"
            for pid, name, kind, forced in rows
        )
        parts.append(part)
        n_rows += len(rows)
        size += len(part)
        offsets.append(size)
    blob = "".join(parts)
    # A separator inside a field would only add to these counts.
    if blob.count(_FIELD_SEP) != 3 * n_rows or blob.count(_ROW_SEP) != n_rows - len(keys):
        return None
    return blob, offsets


def _kind_weight(place: Place) -> float:
    return {"country": 3, "oblast": 2, "settlement": 1}.get(place.kind, 0) + (
        math.log10(place.population + 1) / 10
    )


def _write_pickle(path: Path, obj: object) -> None:
    """Write atomically; a cache that cannot be written is simply not cached.

    Only the three newest caches of this module are kept in the directory (each is ~30 MB).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        old = sorted(
            (p for p in path.parent.glob("gazetteer-*.pickle") if p != path),
            key=lambda p: p.stat().st_mtime,
        )
        for stale in [*old[:-2], *path.parent.glob("automaton-*.pickle")]:
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".automaton-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def combine(places: Sequence[Place], extra: Sequence[Place]) -> list[Place]:
    """Places with a user's places added (a user's id replaces the embedded one)."""
    by_id = {p.id: p for p in places}
    for p in extra:
        by_id[p.id] = p
    return [by_id[k] for k in sorted(by_id)]
