"""The evidence tables a map page carries: articles, sentences, reports and places, deduplicated.

Every symbol on a map points at rows of these tables by index; the page's JavaScript builds a
popup from them on click (with DOM text nodes, never ``innerHTML``, so article text cannot run
as code). Keeping one compact JSON blob instead of thousands of folium objects is what lets
10,000 reports render in seconds into a few megabytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from geomap.models import Article, Report

if TYPE_CHECKING:
    from gazetteer import Gazetteer

__all__ = [
    "AREA_KINDS",
    "POINT_KINDS",
    "Evidence",
    "PlaceInfo",
    "dumps_script",
    "place_info",
    "safe_href",
]

#: Places drawn as points: the kinds whose control reports decide (as in ``geomap.state``).
POINT_KINDS = frozenset({"settlement", "district", "site"})
#: Places drawn as areas (their shape, or a soft oval in their box), never as a point.
#: Countries are left off: shading all of Ukraine for "strikes on Ukraine" tells nothing.
AREA_KINDS = frozenset({"raion", "oblast", "region", "water", "river"})

# Typical coordinate error when the gazetteer does not say (km), by coordinate precision.
_DEFAULT_ERROR_KM = {
    "hromada": 6.0,
    "raion": 20.0,
    "oblast": 60.0,
    "offset": 10.0,
    "shape": 30.0,
    "online": 5.0,
}


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """What a map needs to know about a place beyond a report's own fields."""

    error_km: float = 0.0
    bbox: tuple[float, float, float, float] | None = None
    admin1: str = ""


def place_info(place_id: str, precision: str, kind: str) -> PlaceInfo:
    """Error radius and area box of a place, from the gazetteer when it knows the place."""
    import gazetteer

    if precision == "exact" and kind not in AREA_KINDS:
        return PlaceInfo()  # nothing to look up: spares loading the gazetteer for a map
    # A place the gazetteer no longer knows (a user's file since removed...) gets defaults.
    place = gazetteer.default().get(place_id)
    if place is not None:
        err = float(place.error_km) or (
            _DEFAULT_ERROR_KM.get(place.precision, 0.0) if place.precision != "exact" else 0.0
        )
        return PlaceInfo(error_km=err, bbox=place.bbox, admin1=place.admin1)
    err = _DEFAULT_ERROR_KM.get(precision, 0.0) if precision != "exact" else 0.0
    return PlaceInfo(error_km=err)


def safe_href(value: str) -> str:
    """A link target that cannot run script: http(s) URLs as they are, nothing else.

    File paths are shown as text (not links) by the page; ``javascript:``, ``data:`` and the
    like are dropped.
    """
    value = (value or "").strip()
    if not value:
        return ""
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""


def _round(x: float) -> float:
    return round(x, 5)


class Evidence:
    """Interning tables for one page: each article, sentence, place and report once.

    ``articles`` maps article ids to :class:`Article` for titles and links (reports of unknown
    articles still show their sentence, with the article id in place of a title).
    """

    def __init__(self, articles: Mapping[str, Article] | None = None) -> None:
        self._articles_by_id = dict(articles or {})
        self._article_idx: dict[str, int] = {}
        self._sentence_idx: dict[str, int] = {}
        self._place_idx: dict[str, int] = {}
        self._report_idx: dict[str, int] = {}
        self.articles: list[list] = []
        self.sentences: list[str] = []
        self.places: list[list] = []
        self.place_ids: list[str] = []
        self.reports: list[list] = []
        self._info: dict[str, PlaceInfo] = {}
        self._ids_cache: dict[tuple[int, tuple[str, ...]], list[int]] = {}

    # -- places ---------------------------------------------------------------------------
    def info(self, place_id: str, precision: str, kind: str) -> PlaceInfo:
        if place_id not in self._info:
            self._info[place_id] = place_info(place_id, precision, kind)
        return self._info[place_id]

    def place(
        self,
        place_id: str,
        name: str,
        lat: float,
        lon: float,
        *,
        precision: str = "exact",
        kind: str = "settlement",
    ) -> int:
        """Index of a place row ``[name, lat, lon, precision, error_km, kind, area|null]``
        (:meth:`tables` adds ``where``: the oblast of a place that shares its name).

        ``area`` is a GeoJSON geometry or a ``[west, south, east, north]`` box, for areas only.
        """
        idx = self._place_idx.get(place_id)
        if idx is None:
            info = self.info(place_id, precision, kind)
            # Areas are drawn as their shape when the offline basemap knows it, else as a soft
            # oval in their bounding box; points never carry either.
            area: dict | list | None = None
            if kind in AREA_KINDS:
                from geomap.render.common import region_geometry

                # only oblasts and regions by name: "Dnipro" the river is not the oblast
                area = region_geometry(name) if kind in ("oblast", "region") else None
                if area is None and info.bbox:
                    area = [_round(v) for v in info.bbox]
            idx = len(self.places)
            self.places.append(
                [name, _round(lat), _round(lon), precision, round(info.error_km, 1), kind, area]
            )
            self.place_ids.append(place_id)
            self._place_idx[place_id] = idx
        return idx

    def place_of(self, r: Report) -> int:
        return self.place(
            r.place_id, r.place_name, r.lat, r.lon, precision=r.precision, kind=r.place_kind
        )

    # -- reports --------------------------------------------------------------------------
    def _article(self, article_id: str) -> int:
        idx = self._article_idx.get(article_id)
        if idx is None:
            a = self._articles_by_id.get(article_id)
            if a is None:
                row = [f"article {article_id[:12]}", "", "", "undated"]
            else:
                source = a.source if a.source and a.source != "-" else "standard input"
                row = [
                    a.title,  # may be empty: the page then names the file or URL
                    safe_href(a.url) or safe_href(a.source),
                    a.url or source,
                    a.published.describe() if a.published else "undated",
                ]
            idx = len(self.articles)
            self.articles.append(row)
            self._article_idx[article_id] = idx
        return idx

    def _sentence(self, text: str) -> int:
        idx = self._sentence_idx.get(text)
        if idx is None:
            idx = len(self.sentences)
            self.sentences.append(text)
            self._sentence_idx[text] = idx
        return idx

    def report(self, r: Report) -> int:
        """Index of a report row.

        Fields (read by ``reportNode`` in symbols.js): article, sentence, mention start and
        end within the sentence, kind, actor, claimed by, claimant side, date (described),
        modality, percent, reported speech (0/1), place, confidence, rule.
        """
        idx = self._report_idx.get(r.id)
        if idx is None:
            m0 = max(0, r.mention_start - r.sentence_start)
            m1 = max(m0, min(len(r.sentence), r.mention_end - r.sentence_start))
            idx = len(self.reports)
            self.reports.append(
                [
                    self._article(r.article_id),
                    self._sentence(r.sentence),
                    m0,
                    m1,
                    str(r.kind),
                    str(r.actor),
                    r.claimed_by or "",
                    str(r.claimant_side),
                    r.date.describe() if r.date else "undated",
                    str(r.modality),
                    r.percent,
                    1 if r.reported_speech else 0,
                    self.place_of(r),
                    round(float(r.confidence), 2),
                    r.rule or "",
                ]
            )
            self._report_idx[r.id] = idx
        return idx

    def reports_of(self, ids: Iterable[str], by_id: Mapping[str, Report]) -> list[int]:
        """Report indices for report ids (unknown ids are skipped), newest first.

        Memoised on the ids: a timeline asks for the same evidence on many dates.
        """
        ids = tuple(ids)
        key = (id(by_id), ids)
        hit = self._ids_cache.get(key)
        if hit is None:
            found = [by_id[i] for i in ids if i in by_id]
            found.sort(key=lambda r: (_day(r) or dt.date.min, r.id), reverse=True)
            hit = self._ids_cache[key] = [self.report(r) for r in found]
        return list(hit)

    def tables(self) -> dict:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "places": [[*row, at] for row, at in zip(self.places, self._where(), strict=True)],
            "reports": self.reports,
        }

    def _where(self) -> list[str]:
        """For places that share a name on the page, where each is: the oblast (the kind, for
        a river or a region), with the raion where two share that too, then the coordinates
        where they share even the raion (lists and popups show "Mykolaivka (Donetsk
        Oblast)"); "" for the other places."""
        where = [""] * len(self.places)
        by_name: dict[str, list[int]] = {}
        for idx, row in enumerate(self.places):
            by_name.setdefault(row[0], []).append(idx)
        shared = [group for group in by_name.values() if len(group) > 1]
        if not shared:
            return where  # the common case: no gazetteer to load
        import gazetteer

        gaz = gazetteer.default()
        for group in shared:
            for idx in group:
                p = gaz.get(self.place_ids[idx])
                kind = self.places[idx][5]
                # "Dnipro (river)" beside "Dnipro (Dnipropetrovsk Oblast)", the city
                where[idx] = kind if kind not in POINT_KINDS else (p.admin1 if p else "")
            for finer in (self._raion_and_oblast, self._coordinates):
                counts = Counter(where[idx] for idx in group)
                for idx in group:
                    if counts[where[idx]] > 1 or not where[idx]:
                        where[idx] = finer(gaz, idx)
        return where

    def _raion_and_oblast(self, gaz: Gazetteer, idx: int) -> str:
        p = gaz.get(self.place_ids[idx])
        return ", ".join(v for v in (p.admin2, p.admin1) if v) if p is not None else ""

    def _coordinates(self, gaz: Gazetteer, idx: int) -> str:
        point = f"{self.places[idx][1]:.2f}, {self.places[idx][2]:.2f}"
        near = self._raion_and_oblast(gaz, idx)
        return f"{near}, {point}" if near else point


def _day(r: Report) -> dt.date | None:
    return r.date.best if r.date else None


def dumps_script(value: object) -> str:
    """JSON for a ``<script>`` block: deterministic, and no ``</script>``/``<!--`` can close it."""
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
