"""The SQL layout of the report store and the conversions between rows and model objects.

:data:`SCHEMA` makes a new store at :data:`SCHEMA_VERSION`; ``UPGRADES[n - 1]`` takes a store
from version n to n + 1 (run by :class:`geomap.store.ReportStore` when it opens a file).
Dates are ISO ``YYYY-MM-DD`` text, so they sort and compare as dates do.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence

from gazetteer.types import Mention, Place
from geomap.errors import BadDate
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Precision, Report

__all__ = [
    "ARTICLE_COLUMNS",
    "INSERT_ARTICLE",
    "INSERT_MENTION",
    "INSERT_PLACE",
    "INSERT_REPORT",
    "ORPHAN_PLACES",
    "PLACE_COLUMNS",
    "REPORT_COLUMNS",
    "REPORT_ORDER",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SELECT_REPORTS",
    "UPGRADES",
    "article_from",
    "date_columns",
    "date_from",
    "iso",
    "mention_row",
    "place_from",
    "place_row",
    "report_from",
    "report_row",
    "report_rows",
    "spans",
    "statements",
]

# Column definitions shared by a fresh store and the upgrade that rebuilds the tables.
_ARTICLES_DDL = """
CREATE TABLE {name} (
    key           INTEGER PRIMARY KEY, -- rows of other tables point here (smaller than id)
    id            TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    source        TEXT NOT NULL,
    url           TEXT NOT NULL,
    text          TEXT NOT NULL,
    captions      TEXT NOT NULL,       -- JSON [[start, end], ...]
    junk          TEXT NOT NULL,       -- JSON [[start, end], ...]
    metadata      TEXT NOT NULL,       -- JSON object, keys sorted
    pub_best      TEXT,                -- ISO dates; NULL when undated
    pub_earliest  TEXT,
    pub_latest    TEXT,
    pub_precision TEXT,
    pub_method    TEXT,
    pub_evidence  TEXT,
    n_mentions    INTEGER NOT NULL,    -- rows written with the article, for integrity checks
    n_reports     INTEGER NOT NULL
);
"""
_MENTIONS_DDL = """
CREATE TABLE {name} (
    article_key  INTEGER NOT NULL REFERENCES {articles}(key) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    place_id     TEXT REFERENCES places(id),
    confidence   REAL NOT NULL,
    reason       TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    PRIMARY KEY (article_key, seq)
) WITHOUT ROWID;
"""
# Rows are appended in article order; report ids are unique per article (see add()).
_REPORTS_DDL = """
CREATE TABLE {name} (
    article_key     INTEGER NOT NULL REFERENCES {articles}(key) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    place_id        TEXT NOT NULL REFERENCES places(id),
    place_name      TEXT NOT NULL,
    lat             REAL NOT NULL,
    lon             REAL NOT NULL,
    kind            TEXT NOT NULL,
    actor           TEXT NOT NULL,
    modality        TEXT NOT NULL,
    date_best       TEXT,
    date_earliest   TEXT,
    date_latest     TEXT,
    date_precision  TEXT,
    date_method     TEXT,
    date_evidence   TEXT,
    sentence        TEXT NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    mention_start   INTEGER NOT NULL,
    mention_end     INTEGER NOT NULL,
    claimed_by      TEXT NOT NULL,
    claimant_side   TEXT NOT NULL,
    reported_speech INTEGER NOT NULL,
    percent         REAL,
    place_kind      TEXT NOT NULL,
    precision       TEXT NOT NULL,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL
);
"""
_PLACES_DDL = """
CREATE TABLE places (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    lat       REAL NOT NULL,
    lon       REAL NOT NULL,
    precision TEXT NOT NULL,
    admin1    TEXT NOT NULL,
    admin2    TEXT NOT NULL,
    country   TEXT NOT NULL
);
CREATE INDEX places_name ON places(name COLLATE NOCASE);
"""
_INDEXES = """
CREATE INDEX articles_pub ON articles(pub_best);
CREATE INDEX mentions_place ON mentions(place_id);
CREATE INDEX reports_date ON reports(date_best);
CREATE INDEX reports_place ON reports(place_id, date_best);
CREATE INDEX reports_kind ON reports(kind, date_best);
CREATE INDEX reports_article ON reports(article_key);
CREATE INDEX reports_lonlat ON reports(lon, lat);
"""

#: The layout of a new store (the latest schema version).
SCHEMA = (
    _ARTICLES_DDL.format(name="articles")
    + _PLACES_DDL
    + _MENTIONS_DDL.format(name="mentions", articles="articles")
    + _REPORTS_DDL.format(name="reports", articles="articles")
    + _INDEXES
)

# Version 1 (first development layout) keyed mentions and reports by the 64-character article
# hash; version 2 gives articles an integer key: a third smaller and faster to write.
_UPGRADE_1_TO_2 = (
    _ARTICLES_DDL.format(name="articles_v2")
    + "INSERT INTO articles_v2 (id, title, source, url, text, captions, junk, metadata, "
    "pub_best, pub_earliest, pub_latest, pub_precision, pub_method, pub_evidence, n_mentions, "
    "n_reports) SELECT id, title, source, url, text, captions, junk, metadata, pub_best, "
    "pub_earliest, pub_latest, pub_precision, pub_method, pub_evidence, n_mentions, n_reports "
    "FROM articles ORDER BY rowid;\n"
    + _MENTIONS_DDL.format(name="mentions_v2", articles="articles_v2")
    + 'INSERT INTO mentions_v2 SELECT a.key, m.seq, m.start, m."end", m.text, m.place_id, '
    "m.confidence, m.reason, m.matched_name FROM mentions m JOIN articles_v2 a "
    "ON a.id = m.article_id;\n"
    + _REPORTS_DDL.format(name="reports_v2", articles="articles_v2")
    + "INSERT INTO reports_v2 SELECT a.key, r.id, r.place_id, r.place_name, r.lat, r.lon, "
    "r.kind, r.actor, r.modality, r.date_best, r.date_earliest, r.date_latest, "
    "r.date_precision, r.date_method, r.date_evidence, r.sentence, r.sentence_start, "
    "r.sentence_end, r.mention_start, r.mention_end, r.claimed_by, r.claimant_side, "
    "r.reported_speech, r.percent, r.place_kind, r.precision, r.confidence, r.rule "
    "FROM reports r JOIN articles_v2 a ON a.id = r.article_id ORDER BY a.key, r.rowid;\n"
    # Children first, so that dropping the old articles cascades to nothing.
    "DROP TABLE reports;\nDROP TABLE mentions;\nDROP TABLE articles;\n"
    # Renaming also rewrites the foreign keys that name articles_v2.
    "ALTER TABLE articles_v2 RENAME TO articles;\n"
    "ALTER TABLE mentions_v2 RENAME TO mentions;\n"
    "ALTER TABLE reports_v2 RENAME TO reports;\n" + _INDEXES
)

#: Upgrades: ``UPGRADES[n - 1]`` takes a store from version n to n + 1.
UPGRADES: tuple[str, ...] = (_UPGRADE_1_TO_2,)
SCHEMA_VERSION = len(UPGRADES) + 1

# In Report field order; "article_id" is read through the articles table.
REPORT_COLUMNS = (
    "id", "article_id", "place_id", "place_name", "lat", "lon", "kind", "actor", "modality",
    "date_best", "date_earliest", "date_latest", "date_precision", "date_method", "date_evidence",
    "sentence", "sentence_start", "sentence_end", "mention_start", "mention_end", "claimed_by",
    "claimant_side", "reported_speech", "percent", "place_kind", "precision", "confidence", "rule",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "id", "title", "source", "url", "text", "captions", "junk", "metadata", "pub_best",
    "pub_earliest", "pub_latest", "pub_precision", "pub_method", "pub_evidence", "n_mentions",
    "n_reports",
)  # fmt: skip
PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "precision", "admin1", "admin2", "country")

# Undated reports sort last; ties are broken by fields that make the order total.
REPORT_ORDER = (
    "ORDER BY r.date_best IS NULL, r.date_best, r.place_name, a.id, r.mention_start, r.kind, r.id"
)

STORED_REPORT_COLUMNS = ("article_key", *(c for c in REPORT_COLUMNS if c != "article_id"))
SELECT_REPORTS = (
    "SELECT "
    + ", ".join("a.id" if c == "article_id" else f"r.{c}" for c in REPORT_COLUMNS)
    + " FROM reports r JOIN articles a ON a.key = r.article_key "
)

ORPHAN_PLACES = (
    "FROM places WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.place_id = places.id) "
    "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.place_id = places.id)"
)

# A place row is only replaced by one that knows its admin area (gazetteer beats report).
INSERT_PLACE = (
    f"INSERT INTO places ({', '.join(PLACE_COLUMNS)}) VALUES ({', '.join('?' * 9)}) "
    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
    "lat=excluded.lat, lon=excluded.lon, precision=excluded.precision, "
    "admin1=excluded.admin1, admin2=excluded.admin2, country=excluded.country "
    "WHERE excluded.admin1 != '' OR places.admin1 = ''"
)
# Changes no row (rowcount 0) when an article with the same id is stored already.
INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * 16)}) "
    "ON CONFLICT(id) DO NOTHING"
)
INSERT_MENTION = f"INSERT INTO mentions VALUES ({', '.join('?' * 9)})"
INSERT_REPORT = (
    f"INSERT INTO reports ({', '.join(STORED_REPORT_COLUMNS)}) VALUES ({', '.join('?' * 28)})"
)


def date_columns(guess: DateGuess | None) -> tuple:
    if guess is None:
        return (None, None, None, None, None, None)
    return (
        guess.best.isoformat(),
        guess.earliest.isoformat(),
        guess.latest.isoformat(),
        str(guess.precision),
        guess.method,
        guess.evidence,
    )


def date_from(row: Sequence) -> DateGuess | None:
    best, earliest, latest, precision, method, evidence = row
    if best is None:
        return None
    return DateGuess(
        dt.date.fromisoformat(best),
        dt.date.fromisoformat(earliest),
        dt.date.fromisoformat(latest),
        Precision(precision),
        method or "",
        evidence or "",
    )


def iso(day: dt.date | str | None) -> str | None:
    if day is None:
        return None
    if isinstance(day, dt.date):
        return day.isoformat()
    try:
        return dt.date.fromisoformat(str(day)).isoformat()
    except ValueError as exc:
        raise BadDate(f"not a date: {day!r} (expected YYYY-MM-DD)") from exc


def spans(pairs: Iterable[tuple[int, int]]) -> str:
    if not pairs:
        return "[]"  # most articles have no captions or junk
    return json.dumps([[int(a), int(b)] for a, b in pairs])


def place_row(place: Place) -> tuple:
    return (
        place.id, place.name, place.kind, float(place.lat), float(place.lon), place.precision,
        place.admin1, place.admin2, place.country,
    )  # fmt: skip


def mention_row(seq: int, m: Mention) -> tuple:
    """A mentions row without its first column (the article's key, known once it is stored)."""
    place_id = m.place.id if m.place is not None else None
    return (
        seq, m.start, m.end, m.text, place_id, float(m.confidence), m.reason, m.matched_name,
    )  # fmt: skip


def report_row(r: Report, dates: tuple | None = None) -> tuple:
    """A reports row without its first column (the article's key, known once it is stored).
    ``dates`` are ``date_columns(r.date)`` when the caller has them already."""
    return (
        r.id, r.place_id, r.place_name, float(r.lat), float(r.lon), str(r.kind),
        str(r.actor), str(r.modality), *(dates or date_columns(r.date)), r.sentence,
        r.sentence_start, r.sentence_end, r.mention_start, r.mention_end, r.claimed_by,
        str(r.claimant_side), int(r.reported_speech), r.percent, r.place_kind, r.precision,
        float(r.confidence), r.rule,
    )  # fmt: skip


def report_rows(reports: Iterable[Report]) -> tuple[tuple, ...]:
    """:func:`report_row` of each report; the date columns are made once per date object
    (most reports of an article share the article's publication date)."""
    rows = []
    last: DateGuess | None = None
    columns = date_columns(None)
    for r in reports:
        if r.date is not last:
            last = r.date
            columns = date_columns(last)
        rows.append(report_row(r, columns))
    return tuple(rows)


def report_from(row: Sequence) -> Report:
    return Report(
        id=row[0], article_id=row[1], place_id=row[2], place_name=row[3], lat=row[4], lon=row[5],
        kind=Kind(row[6]), actor=Actor(row[7]), modality=Modality(row[8]),
        date=date_from(row[9:15]),
        sentence=row[15], sentence_start=row[16], sentence_end=row[17], mention_start=row[18],
        mention_end=row[19], claimed_by=row[20], claimant_side=Actor(row[21]),
        reported_speech=bool(row[22]), percent=row[23], place_kind=row[24], precision=row[25],
        confidence=row[26], rule=row[27],
    )  # fmt: skip


def place_from(row: Sequence) -> Place:
    return Place(
        id=row[0], name=row[1], kind=row[2], lat=row[3], lon=row[4], precision=row[5],
        admin1=row[6], admin2=row[7], country=row[8],
    )  # fmt: skip


def article_from(row: Sequence) -> Article:
    return Article(
        id=row[0],
        title=row[1],
        source=row[2],
        url=row[3],
        text=row[4],
        captions=tuple((a, b) for a, b in json.loads(row[5])),
        junk=tuple((a, b) for a, b in json.loads(row[6])),
        metadata=json.loads(row[7]),
        published=date_from(row[8:14]),
    )


def statements(script: str) -> list[str]:
    """Split a SQL script into statements (``executescript`` would commit our transaction)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer)
            buffer = ""
    return out
