"""One article as the rows the store writes: made anywhere, even in another process.

:func:`article_rows` turns an article, its mentions and its reports into plain tuples
(:class:`ArticleRows`, cheap to pickle), which :meth:`geomap.store.ReportStore.add_rows`
writes; :func:`places_complete` checks that every place the rows name is among them, which
keeps the store's foreign keys good without SQLite checking each row. The SQL and the
conversion of each row are in :mod:`geomap.store_schema`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer.types import Mention, Place
from geomap import store_schema as schema
from geomap.models import Article, Report

__all__ = ["ArticleRows", "article_rows", "places_complete"]


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """One article as the rows the store writes, all plain values (cheap to send to another
    process): made by :func:`article_rows`, written by :meth:`ReportStore.add_rows`. The rows
    of mentions and reports lack their first column, the article's key in this store."""

    id: str
    source: str
    article: tuple
    places: tuple[tuple, ...]  # every place named, sorted by id
    mentions: tuple[tuple, ...]
    reports: tuple[tuple, ...]  # one per report id (the first wins)


def article_rows(
    article: Article, mentions: Sequence[Mention], reports: Sequence[Report]
) -> ArticleRows:
    """The rows :meth:`ReportStore.add` writes for ``article``; needs no store."""
    seen: set[str] = set()
    unique = [r for r in reports if not (r.id in seen or seen.add(r.id))]
    # Full places from the gazetteer win over the few fields a report carries; otherwise the
    # last mention (or report) of a place gives its row. Each row is made once per place.
    named: dict[str, Place] = {}
    for mention in mentions:
        if mention.place is not None:
            named[mention.place.id] = mention.place
    reported: dict[str, Report] = {}
    for report in unique:
        if report.place_id not in named:
            reported[report.place_id] = report
    places: dict[str, tuple] = {key: schema.place_row(place) for key, place in named.items()}
    for key, report in reported.items():
        places[key] = (
            key, report.place_name, report.place_kind, float(report.lat), float(report.lon),
            report.precision, "", "", "",
        )  # fmt: skip
    row = (
        article.id,
        article.title,
        article.source,
        article.url,
        article.text,
        schema.spans(article.captions),
        schema.spans(article.junk),
        _metadata_json(article.metadata),
        *schema.date_columns(article.published),
        len(mentions),
        len(unique),
    )
    return ArticleRows(
        id=article.id,
        source=article.source,
        article=row,
        places=tuple(places[k] for k in sorted(places, key=str)),
        mentions=tuple(map(schema.mention_row, range(len(mentions)), mentions)),
        reports=schema.report_rows(unique),
    )


# One encoder for every article (json.dumps would build a new one per call for these options).
_metadata_json = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode


def places_complete(rows: ArticleRows) -> bool:
    """True when every place a mention or report of ``rows`` names is among its place rows
    (as :func:`article_rows` makes them). With the places cache of :meth:`ReportStore.add_rows`
    that keeps every foreign key of the file good, without SQLite checking each row."""
    ids = {row[0] for row in rows.places}
    return ids.issuperset(row[4] for row in rows.mentions if row[4] is not None) and (
        ids.issuperset(row[1] for row in rows.reports if row[1] is not None)
    )
