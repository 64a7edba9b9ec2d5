"""The rows the gazetteer build makes, and the names GeoNames gives them.

Part of scripts/build_gazetteer.py: a :class:`Row` becomes one line of places.tsv.gz; a
:class:`Build` holds the rows, the log and the figures of one run.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field

from build_gazetteer_names import (
    is_cyrillic,
    keep_name,
    looks_russian,
    looks_ukrainian,
    norm_key,
    ru_romanise,
    ua_romanise,
)

__all__ = ["KIND_PRIORITY", "Build", "Row", "geonames_names"]


#: When one name reaches a place by several routes, the first kind here wins.
KIND_PRIORITY = {
    kind: i
    for i, kind in enumerate(
        ("official", "misspelling", "alias", "historical", "russian", "alternate", "cyrillic")
    )
}


@dataclass
class Row:
    """A place being built; becomes one line of places.tsv.gz."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    precision: str = "exact"
    error_km: float = 0.0
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    source: str = ""
    note: str = ""
    bbox: tuple[float, float, float, float] | None = None
    names: dict[str, str] = field(default_factory=dict)  # name -> name_kind
    folded: dict[str, str] = field(default_factory=dict)  # casefolded name -> name
    own: set[str] = field(default_factory=set)  # norm_key of names that are its own, today

    def add_own(self, name: str, kind: str) -> None:
        """Add one of the place's current official names (never dropped as shadowed)."""
        self.own.add(norm_key(name))
        self.add_name(name, kind)

    def add_name(self, name: str, kind: str) -> None:
        """Record a name, keeping the most specific kind when it arrives twice.

        Names differing only in case are one name (the matcher ignores case): the first
        spelling stays, the better kind wins.
        """
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        if not name or "|" in name or "\t" in name:
            return
        name = self.folded.setdefault(name.casefold(), name)
        old = self.names.get(name)
        if old is None or KIND_PRIORITY[kind] < KIND_PRIORITY[old]:
            self.names[name] = kind


@dataclass
class Build:
    """State of one build; `run` fills it, `write` serialises it."""

    rows: dict[str, Row] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.log.append(message)
        print(message, file=sys.stderr)


def geonames_names(row: Row, city: dict, official_cyr: str | None) -> None:
    """Add GeoNames' names to a row, classified by script and language."""
    row.add_name(city["name"], "alternate")
    official_key = norm_key(official_cyr) if official_cyr else None
    for name in city["alternatenames"]:
        if not keep_name(name):
            continue
        if not is_cyrillic(name):
            row.add_name(name, "alternate")
            continue
        row.add_name(name, "cyrillic")
        if official_key is not None and norm_key(name) == official_key:
            continue
        if looks_ukrainian(name):
            # A Ukrainian name other than today's: a former name (Артемівськ, Сєвєродонецьк).
            kind = "historical" if official_key is not None else "alternate"
            row.add_name(ua_romanise(name), kind)
        elif looks_russian(name) or row.country in ("RU", "BY", "UA"):
            for form in ru_romanise(name):
                row.add_name(form, "russian")
