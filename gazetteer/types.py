"""Immutable result types of the gazetteer: places and the mentions that name them."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Kinds of place. Settlements decide control; the rest are context (never a point of control).
PLACE_KINDS = (
    "settlement",  # city, town, village (GeoNames P*, KATOTTG M/T/C/X)
    "district",  # a named part of a big city (Saltivka)
    "raion",
    "oblast",  # also Crimea (AR), Kyiv and Sevastopol cities with special status as admin units
    "region",  # informal region: Donbas, Sloboda, Crimea as a peninsula
    "country",
    "river",
    "water",  # sea, reservoir, lake
    "site",  # power plant, dam, bridge, airport, plant, island
)

#: How a coordinate was obtained; a map draws anything but "exact" as approximate.
PRECISIONS = ("exact", "hromada", "raion", "oblast", "offset", "shape", "online")


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer.

    ``id`` is stable across builds: ``gn:<geonameid>`` for GeoNames places, ``ua:<KATOTTG code>``
    for settlements only the Ukrainian codifier knows, ``ft:<slug>`` for curated features,
    ``user:<slug>`` for a user's own places.
    """

    id: str
    name: str  # canonical English name (official Ukrainian romanisation for Ukraine)
    kind: str  # one of PLACE_KINDS
    lat: float
    lon: float
    precision: str = "exact"  # one of PRECISIONS
    error_km: float = 0.0  # typical error of the coordinate (0 for exact)
    country: str = ""  # ISO 3166-1 alpha-2
    admin1: str = ""  # oblast / first-level region, canonical English ("Donetsk Oblast")
    admin2: str = ""  # raion, canonical English ("Bakhmut Raion")
    population: int = 0
    source: str = ""  # "geonames", "katottg", "curated", "user", "geonames-dump", "nominatim"
    names: tuple[str, ...] = ()  # every known name, the canonical one first
    note: str = ""
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north) for areas

    @property
    def is_area(self) -> bool:
        """True for places that are areas on a map rather than points (oblasts, regions...)."""
        return self.kind in ("raion", "oblast", "region", "country", "water")

    @property
    def is_approximate(self) -> bool:
        return self.precision != "exact"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names a place, the candidates considered and the one chosen.

    ``start``/``end`` are character offsets into the text given to ``find`` (``text[start:end]``
    is the surface form, possessive stripped). ``place`` is None when no candidate was chosen
    (ambiguous without context, or rejected); ``reason`` says why in words a user can read.
    """

    start: int
    end: int
    text: str
    place: Place | None
    candidates: tuple[Place, ...] = ()
    confidence: float = 0.0
    reason: str = ""
    matched_name: str = ""  # the gazetteer name the text matched (after normalisation/fuzzy)
    extra: dict = field(default_factory=dict, compare=False, hash=False)
