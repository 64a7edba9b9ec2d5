"""Export stored reports as GeoJSON, CSV or GeoPackage, one point per report.

The columns are stable (tools such as QGIS, Datawrapper and kepler.gl remember them), in this
order; new columns are only ever appended:

================  =====================================================================
report_id         stable id of the report (same text → same id)
date              best date of the event, ISO ``YYYY-MM-DD`` (empty when undated)
date_earliest     the event happened on or after this day
date_latest       ... and on or before this day
date_precision    day, week, month or year
place             place name (canonical English)
place_id          gazetteer id (``gn:…``, ``ua:…``, ``ft:…``, ``user:…``)
lat               latitude, WGS 84 degrees, 6 decimals
lon               longitude, WGS 84 degrees, 6 decimals
precision         how the coordinate was found: exact, hromada, raion, oblast, …
kind              fighting, strike, attack, advance, repelled, besieged, captured,
                  liberated, controls, partial_control, withdrew, holds
actor             RU, UA or unknown: who did it
modality          asserted, hypothetical or negated (only asserted is a fact)
claimed_by        who says so ("Russian Defence Ministry", "narration", …)
claimant_side     RU, UA or unknown: the side of whoever claims it
percent           share held, for partial_control (empty otherwise)
sentence          the evidence sentence, verbatim
article_title     title of the article
article_source    file path or URL the article was read from
article_url       URL of the article, if known
article_id        content hash of the article
date_method       how the date was found (explicit, war-relative, publication, …)
reported_speech   true when said by someone the article quotes
confidence        0–1, how sure the extractor is
rule              id of the extraction rule, to see why
oblast            the place's oblast (a first-level region abroad); tells namesakes apart
================  =====================================================================

Files are written atomically (a temporary file, then renamed) and byte-for-byte the same for
the same reports. Rows are sorted as :meth:`ReportStore.reports` sorts them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geomap.errors import GeomapError
from geomap.fileio import write_atomic
from geomap.models import Article, Report
from geomap.store import ReportStore

__all__ = ["COLUMNS", "FORMATS", "frame", "rows", "to_csv", "to_geojson", "to_gpkg", "write"]

COLUMNS: tuple[str, ...] = (
    "report_id", "date", "date_earliest", "date_latest", "date_precision", "place", "place_id",
    "lat", "lon", "precision", "kind", "actor", "modality", "claimed_by", "claimant_side",
    "percent", "sentence", "article_title", "article_source", "article_url", "article_id",
    "date_method", "reported_speech", "confidence", "rule", "oblast",
)  # fmt: skip

#: Output formats and the file suffix each implies.
FORMATS = {"geojson": ".geojson", "csv": ".csv", "gpkg": ".gpkg"}

# The GeoPackage driver stamps the current time into the file unless told a fixed one.
_FIXED_TIMESTAMP = "2000-01-01T00:00:00.000Z"


def rows(
    store: ReportStore, reports: Iterable[Report] | None = None, **filters: Any
) -> list[dict[str, Any]]:
    """One dict per report with the :data:`COLUMNS`, in order.

    ``reports`` defaults to ``store.reports(**filters)``; the store supplies the articles.
    """
    chosen = list(reports) if reports is not None else store.reports(**filters)
    articles: dict[str, Article | None] = {}
    oblasts = {p.id: p.admin1 for p in store.places()} if chosen else {}
    out = []
    for r in chosen:
        if r.article_id not in articles:
            articles[r.article_id] = store.article(r.article_id)
        article = articles[r.article_id]
        d = r.date
        out.append(
            {
                "report_id": r.id,
                "date": d.best.isoformat() if d else "",
                "date_earliest": d.earliest.isoformat() if d else "",
                "date_latest": d.latest.isoformat() if d else "",
                "date_precision": str(d.precision) if d else "",
                "place": r.place_name,
                "place_id": r.place_id,
                "lat": round(float(r.lat), 6),
                "lon": round(float(r.lon), 6),
                "precision": r.precision,
                "kind": str(r.kind),
                "actor": str(r.actor),
                "modality": str(r.modality),
                "claimed_by": r.claimed_by,
                "claimant_side": str(r.claimant_side),
                "percent": r.percent,
                "sentence": r.sentence,
                "article_title": article.title if article else "",
                "article_source": article.source if article else "",
                "article_url": article.url if article else "",
                "article_id": r.article_id,
                "date_method": d.method if d else "",
                "reported_speech": bool(r.reported_speech),
                "confidence": round(float(r.confidence), 4),
                "rule": r.rule,
                "oblast": oblasts.get(r.place_id, ""),
            }
        )
    return out


def frame(store: ReportStore, reports: Iterable[Report] | None = None, **filters: Any) -> Any:
    """The reports as a ``geopandas.GeoDataFrame`` of points (EPSG:4326), columns in order."""
    import geopandas as gpd
    import pandas as pd

    data = rows(store, reports, **filters)
    df = pd.DataFrame(data, columns=list(COLUMNS))
    df["percent"] = df["percent"].astype("float64")
    df["lat"] = df["lat"].astype("float64")
    df["lon"] = df["lon"].astype("float64")
    df["confidence"] = df["confidence"].astype("float64")
    df["reported_speech"] = df["reported_speech"].astype("bool")
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def _atomic(path: Path, write: Any, suffix: str) -> None:
    """Call ``write(tmp_path)`` then move the result over ``path`` in one step."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise GeomapError(f"{path}: directory {directory} does not exist")
    write_atomic(path, writer=write, suffix=suffix)


def to_geojson(
    store: ReportStore, path: str | os.PathLike[str], reports: Iterable[Report] | None = None,
    **filters: Any,
) -> int:  # fmt: skip
    """Write a GeoJSON FeatureCollection (RFC 7946, WGS 84); feature ids are report ids.

    Returns the number of reports written.
    """
    gdf = frame(store, reports, **filters)
    gdf.index = list(gdf["report_id"])
    text = gdf.to_json(na="null", drop_id=False, ensure_ascii=False, indent=None)

    def write(tmp: Path) -> None:
        tmp.write_text(text + "\n", encoding="utf-8")

    _atomic(Path(path), write, ".geojson")
    return len(gdf)


def to_csv(
    store: ReportStore, path: str | os.PathLike[str], reports: Iterable[Report] | None = None,
    **filters: Any,
) -> int:  # fmt: skip
    """Write a UTF-8 CSV, one row per report, with a header of :data:`COLUMNS`.

    Returns the number of reports written.
    """
    df = frame(store, reports, **filters).drop(columns="geometry")

    def write(tmp: Path) -> None:
        df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")

    _atomic(Path(path), write, ".csv")
    return len(df)


def to_gpkg(
    store: ReportStore, path: str | os.PathLike[str], reports: Iterable[Report] | None = None,
    **filters: Any,
) -> int:  # fmt: skip
    """Write a GeoPackage with one point layer, ``reports``. Returns the number written."""
    import pyogrio

    gdf = frame(store, reports, **filters)

    def write(tmp: Path) -> None:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_TIMESTAMP})
        try:
            gdf.to_file(tmp, driver="GPKG", layer="reports", engine="pyogrio")
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})

    _atomic(Path(path), write, ".gpkg")
    return len(gdf)


def write(
    store: ReportStore, path: str | os.PathLike[str], fmt: str | None = None,
    reports: Iterable[Report] | None = None, **filters: Any,
) -> int:  # fmt: skip
    """Write in ``fmt`` ("geojson", "csv", "gpkg"), or the format the file suffix names."""
    if fmt is None:
        suffix = Path(path).suffix.lower()
        matches = [name for name, ext in FORMATS.items() if ext == suffix]
        if suffix == ".json":
            matches = ["geojson"]
        if not matches:
            raise GeomapError(
                f"{path}: cannot tell the format from the suffix; use one of "
                f"{', '.join(FORMATS.values())} or give the format"
            )
        fmt = matches[0]
    writers = {"geojson": to_geojson, "csv": to_csv, "gpkg": to_gpkg}
    if fmt not in writers:
        raise GeomapError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](store, path, reports, **filters)
