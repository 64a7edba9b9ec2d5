"""The report store: one embedded SQLite file holding articles, mentions, places and reports.

Layout (schema version 2; :data:`SCHEMA` makes it, :data:`UPGRADES` bring older files to it)::

    schema_version(version)                          one row; migrations bring it up to date
    articles(key, id, title, source, url, text, captions, junk, metadata, pub_*, n_mentions,
             n_reports)                              key: a small integer the other tables use
    places(id, name, kind, lat, lon, precision, admin1, admin2, country)
    mentions(article_key, seq, start, end, text, place_id, confidence, reason, matched_name)
    reports(article_key, id, place_id, kind, actor, modality, date_*, sentence, ... every field)

An article's identity is its content hash (:attr:`Article.id`), so adding the same text twice
is a no-op. Each article is written in one transaction with its mentions, reports and places:
after a crash (even ``kill -9``) an article is either fully present or absent, and
``n_mentions``/``n_reports`` on the article row let :meth:`ReportStore.check` prove it.
The file is in WAL mode so readers (a map being drawn) never block an ingest.

Example::

    >>> with ReportStore("geomap.sqlite") as store:          # doctest: +SKIP
    ...     store.add(article, mentions, reports)
    ...     store.reports(place="Bakhmut", kinds=["captured"])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.types import Mention, Place
from geomap.errors import BadDate, StoreError
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Precision, Report

__all__ = [
    "DEFAULT_STORE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "UPGRADES",
    "ReportStore",
    "StoreStats",
    "StoreUnwritable",
    "default_store_path",
]

#: File name of the store when neither ``--store`` nor ``$GEOMAP_STORE`` says otherwise.
DEFAULT_STORE = "geomap.sqlite"

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

# A batch commits at least this often, so a killed ingest loses at most about a second of work.
_BATCH_SECONDS = 1.0

# In Report field order; "article_id" is read through the articles table.
_REPORT_COLUMNS = (
    "id", "article_id", "place_id", "place_name", "lat", "lon", "kind", "actor", "modality",
    "date_best", "date_earliest", "date_latest", "date_precision", "date_method", "date_evidence",
    "sentence", "sentence_start", "sentence_end", "mention_start", "mention_end", "claimed_by",
    "claimant_side", "reported_speech", "percent", "place_kind", "precision", "confidence", "rule",
)  # fmt: skip
_ARTICLE_COLUMNS = (
    "id", "title", "source", "url", "text", "captions", "junk", "metadata", "pub_best",
    "pub_earliest", "pub_latest", "pub_precision", "pub_method", "pub_evidence", "n_mentions",
    "n_reports",
)  # fmt: skip
_PLACE_COLUMNS = ("id", "name", "kind", "lat", "lon", "precision", "admin1", "admin2", "country")

# Undated reports sort last; ties are broken by fields that make the order total.
_REPORT_ORDER = (
    "ORDER BY r.date_best IS NULL, r.date_best, r.place_name, a.id, r.mention_start, r.kind, r.id"
)

_STORED_REPORT_COLUMNS = ("article_key", *(c for c in _REPORT_COLUMNS if c != "article_id"))
_SELECT_REPORTS = (
    "SELECT "
    + ", ".join("a.id" if c == "article_id" else f"r.{c}" for c in _REPORT_COLUMNS)
    + " FROM reports r JOIN articles a ON a.key = r.article_key "
)

_ORPHAN_PLACES = (
    "FROM places WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.place_id = places.id) "
    "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.place_id = places.id)"
)

# A place row is only replaced by one that knows its admin area (gazetteer beats report).
_INSERT_PLACE = (
    f"INSERT INTO places ({', '.join(_PLACE_COLUMNS)}) VALUES ({', '.join('?' * 9)}) "
    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
    "lat=excluded.lat, lon=excluded.lon, precision=excluded.precision, "
    "admin1=excluded.admin1, admin2=excluded.admin2, country=excluded.country "
    "WHERE excluded.admin1 != '' OR places.admin1 = ''"
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * 16)})"
)
_INSERT_MENTION = f"INSERT INTO mentions VALUES ({', '.join('?' * 9)})"
_INSERT_REPORT = (
    f"INSERT INTO reports ({', '.join(_STORED_REPORT_COLUMNS)}) VALUES ({', '.join('?' * 28)})"
)


class StoreUnwritable(StoreError):
    """The store as a whole cannot be written (locked, read-only, disk full).

    Unlike a :class:`StoreError` about one article's rows, this stops an ingest: the articles
    of the open batch are lost (absent, never partial) and the rest would fail the same way.
    """


def default_store_path() -> Path:
    """The store used when none is given: ``$GEOMAP_STORE`` or ``./geomap.sqlite``."""
    return Path(os.environ.get("GEOMAP_STORE") or DEFAULT_STORE)


@dataclass(frozen=True, slots=True)
class StoreStats:
    """What a store holds, for ``geomap reports --stats`` and summaries."""

    articles: int
    undated_articles: int
    reports: int
    mentions: int
    unresolved_mentions: int
    places: int
    first_date: dt.date | None
    last_date: dt.date | None
    by_kind: tuple[tuple[str, int], ...]  # (kind, count), sorted by kind


def _date_columns(guess: DateGuess | None) -> tuple:
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


def _date_from(row: Sequence) -> DateGuess | None:
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


def _iso(day: dt.date | str | None) -> str | None:
    if day is None:
        return None
    if isinstance(day, dt.date):
        return day.isoformat()
    try:
        return dt.date.fromisoformat(str(day)).isoformat()
    except ValueError as exc:
        raise BadDate(f"not a date: {day!r} (expected YYYY-MM-DD)") from exc


def _spans(spans: Iterable[tuple[int, int]]) -> str:
    return json.dumps([[int(a), int(b)] for a, b in spans])


def _place_row(place: Place) -> tuple:
    return (
        place.id, place.name, place.kind, float(place.lat), float(place.lon), place.precision,
        place.admin1, place.admin2, place.country,
    )  # fmt: skip


def _mention_row(key: int, seq: int, m: Mention) -> tuple:
    place_id = m.place.id if m.place is not None else None
    return (
        key, seq, m.start, m.end, m.text, place_id, float(m.confidence), m.reason,
        m.matched_name,
    )  # fmt: skip


def _report_row(key: int, r: Report) -> tuple:
    return (
        key, r.id, r.place_id, r.place_name, float(r.lat), float(r.lon), str(r.kind),
        str(r.actor), str(r.modality), *_date_columns(r.date), r.sentence, r.sentence_start,
        r.sentence_end, r.mention_start, r.mention_end, r.claimed_by, str(r.claimant_side),
        int(r.reported_speech), r.percent, r.place_kind, r.precision, float(r.confidence), r.rule,
    )  # fmt: skip


def _report_from(row: Sequence) -> Report:
    return Report(
        id=row[0], article_id=row[1], place_id=row[2], place_name=row[3], lat=row[4], lon=row[5],
        kind=Kind(row[6]), actor=Actor(row[7]), modality=Modality(row[8]),
        date=_date_from(row[9:15]),
        sentence=row[15], sentence_start=row[16], sentence_end=row[17], mention_start=row[18],
        mention_end=row[19], claimed_by=row[20], claimant_side=Actor(row[21]),
        reported_speech=bool(row[22]), percent=row[23], place_kind=row[24], precision=row[25],
        confidence=row[26], rule=row[27],
    )  # fmt: skip


def _place_from(row: Sequence) -> Place:
    return Place(
        id=row[0], name=row[1], kind=row[2], lat=row[3], lon=row[4], precision=row[5],
        admin1=row[6], admin2=row[7], country=row[8],
    )  # fmt: skip


def _article_from(row: Sequence) -> Article:
    return Article(
        id=row[0],
        title=row[1],
        source=row[2],
        url=row[3],
        text=row[4],
        captions=tuple((a, b) for a, b in json.loads(row[5])),
        junk=tuple((a, b) for a, b in json.loads(row[6])),
        metadata=json.loads(row[7]),
        published=_date_from(row[8:14]),
    )


_T = TypeVar("_T")


def _reading(method: Callable[..., _T]) -> Callable[..., _T]:
    """Turn SQLite errors of a read into :class:`StoreError` naming the file."""

    @functools.wraps(method)
    def wrapper(self: ReportStore, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the store: {exc}") from exc

    return wrapper


class ReportStore:
    """An open report store (a SQLite file). Use as a context manager, or call :meth:`close`.

    ``create=False`` refuses to make a new file (for commands that only read: a typo in
    ``--store`` then says "no store at …" instead of showing an empty store). ``timeout`` is
    how long to wait, in seconds, for another process writing to the same file.
    Raises :class:`~geomap.errors.StoreError` if the file is not a store or cannot be opened.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        timeout: float = 30.0,
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no store here (run `geomap ingest` first)")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per article.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is crash-safe in WAL mode (a killed process loses nothing committed).
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full...
            self._db.close()
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: not a geomap store ({exc})") from exc
        except StoreError:
            self._db.close()
            raise
        self._closed = False
        self._batch_size = 0  # > 0 inside batch(): adds share a transaction
        self._batch_started = 0.0
        self._pending = 0
        self._places: dict[str, tuple] = {}  # place rows this connection wrote, by id

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        db = self._db
        # Up to date already (the usual case): no write lock, so readers never wait on an ingest.
        with contextlib.suppress(sqlite3.OperationalError):  # no version table yet
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is not None and row[0] == SCHEMA_VERSION:
                return
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema version {version} is newer than this geomap "
                    f"understands ({SCHEMA_VERSION}); upgrade geomap"
                )
            if version == 0 and _scalar(
                db,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name != 'schema_version'",
            ):
                raise StoreError(f"{self.path}: not a geomap store (a database of something else)")
            scripts = [SCHEMA] if version == 0 else UPGRADES[version - 1 :]
            for script in scripts:
                for statement in _statements(script):
                    db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Commit any open batch and close the file. The store cannot be used afterwards."""
        if self._closed:
            return
        self._closed = True
        try:
            self._commit()
        finally:
            self._db.close()

    def __enter__(self) -> ReportStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReportStore({str(self.path)!r})"

    # -- writing ---------------------------------------------------------------------------

    def add(self, article: Article, mentions: Sequence[Mention], reports: Sequence[Report]) -> bool:
        """Store one article with its mentions and reports, all or nothing.

        Returns False (and changes nothing) when an article with the same id is already there.
        Reports with the same id as an earlier one in ``reports`` are dropped (first wins).
        Raises :class:`StoreError` if the rows cannot be written; nothing of the article is kept.
        Outside :meth:`batch` the article is committed before this returns.
        """
        seen: set[str] = set()
        unique = [r for r in reports if not (r.id in seen or seen.add(r.id))]
        # Full places from the gazetteer win over the few fields a report carries.
        places: dict[str, tuple] = {}
        for report in unique:
            places[report.place_id] = (
                report.place_id, report.place_name, report.place_kind, float(report.lat),
                float(report.lon), report.precision, "", "", "",
            )  # fmt: skip
        for mention in mentions:
            if mention.place is not None:
                places[mention.place.id] = _place_row(mention.place)
        # Skip places this connection already wrote exactly so (most of them, in a batch).
        fresh = [places[k] for k in sorted(places, key=str) if self._places.get(k) != places[k]]
        db = self._db
        in_batch = self._batch_size > 0
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
                self._batch_started = time.monotonic()
            if in_batch:
                db.execute("SAVEPOINT article")
        except sqlite3.Error as exc:
            raise StoreUnwritable(f"{self.path}: cannot write: {exc}") from exc
        try:
            added = self._insert(article, mentions, unique, fresh)
        except BaseException as exc:
            if in_batch:
                db.execute("ROLLBACK TO article")
                db.execute("RELEASE article")
            else:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path}: cannot store article {article.source!r}: {exc}"
                ) from exc
            raise
        if in_batch:
            db.execute("RELEASE article")
            self._pending += added
            if (
                self._pending >= self._batch_size
                or time.monotonic() - self._batch_started > _BATCH_SECONDS
            ):
                self._commit()
        else:
            self._commit()
        if added:
            for row in fresh:
                self._places[row[0]] = row
        return added

    def _insert(
        self, article: Article, mentions: Sequence[Mention], reports: list[Report], places: list
    ) -> bool:
        db = self._db
        if db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return False
        db.executemany(_INSERT_PLACE, places)
        key = db.execute(
            _INSERT_ARTICLE,
            (
                article.id,
                article.title,
                article.source,
                article.url,
                article.text,
                _spans(article.captions),
                _spans(article.junk),
                json.dumps(article.metadata, sort_keys=True, default=str, ensure_ascii=False),
                *_date_columns(article.published),
                len(mentions),
                len(reports),
            ),
        ).lastrowid
        db.executemany(
            _INSERT_MENTION, [_mention_row(key, seq, m) for seq, m in enumerate(mentions)]
        )
        db.executemany(_INSERT_REPORT, [_report_row(key, r) for r in reports])
        return True

    def _commit(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                self._places.clear()
                raise StoreUnwritable(f"{self.path}: cannot commit: {exc}") from exc
        self._pending = 0

    @contextlib.contextmanager
    def batch(self, size: int = 200) -> Iterator[ReportStore]:
        """Group the next :meth:`add` calls into transactions of up to ``size`` articles.

        Much faster for big ingests (shared index pages are written once per chunk). Each
        article stays all-or-nothing (a savepoint each); a chunk is committed when it is
        full, after about a second, and when the block ends. If the process dies, only the
        articles of the open chunk are lost (they are absent, never partial). If the block
        ends with an exception, the articles already added in it are still committed.
        """
        if size < 1:
            raise ValueError(f"batch size must be at least 1, not {size}")
        previous = self._batch_size
        self._batch_size = size
        try:
            yield self
        finally:
            self._batch_size = previous
            if not previous:
                self._commit()

    def remove(self, article_id: str) -> bool:
        """Delete an article with its mentions and reports. Returns False if it was not there."""
        db = self._db
        self._commit()
        db.execute("BEGIN IMMEDIATE")
        try:
            deleted = db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            db.execute(f"DELETE {_ORPHAN_PLACES}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return deleted > 0

    # -- reading ---------------------------------------------------------------------------

    @_reading
    def has_article(self, article_id: str) -> bool:
        """True if an article with this content hash is stored."""
        return (
            self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    @_reading
    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self._db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article_from(row) if row else None

    @_reading
    def articles(self) -> list[Article]:
        """Every stored article, by publication date (undated last), then source and id."""
        rows = self._db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles "
            "ORDER BY pub_best IS NULL, pub_best, source, id"
        )
        return [_article_from(row) for row in rows]

    @_reading
    def mentions(self, article_id: str) -> list[Mention]:
        """The place mentions found in one article, in text order.

        Each mention carries its chosen place as stored (id, name, kind, coordinates, precision,
        admin areas); the candidates that were considered are not kept.
        """
        rows = self._db.execute(
            'SELECT m.start, m."end", m.text, m.confidence, m.reason, m.matched_name, '
            f"{', '.join('p.' + c for c in _PLACE_COLUMNS)} FROM mentions m "
            "LEFT JOIN places p ON p.id = m.place_id "
            "WHERE m.article_key = (SELECT key FROM articles WHERE id = ?) ORDER BY m.seq",
            (article_id,),
        )
        return [
            Mention(
                start=row[0],
                end=row[1],
                text=row[2],
                place=_place_from(row[6:]) if row[6] is not None else None,
                confidence=row[3],
                reason=row[4],
                matched_name=row[5],
            )
            for row in rows
        ]

    @_reading
    def places(self) -> list[Place]:
        """Every place a stored mention or report refers to, by id."""
        rows = self._db.execute(f"SELECT {', '.join(_PLACE_COLUMNS)} FROM places ORDER BY id")
        return [_place_from(row) for row in rows]

    @_reading
    def reports(
        self,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        place: str | Iterable[str] | None = None,
        kinds: Iterable[Kind | str] | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        modality: Modality | str | Iterable[Modality | str] | None = None,
        article_id: str | None = None,
    ) -> list[Report]:
        """Stored reports matching every filter given, in a fixed order.

        ``start``/``end`` (inclusive) select by the report's best date; undated reports are
        left out whenever either is given. ``place`` is a place id or name (case-insensitive),
        or several. ``kinds`` and ``modality`` take enum members or their values. ``bbox`` is
        ``(west, south, east, north)`` in degrees. Order: date (undated last), place name,
        article, position in the text, kind, id.
        """
        where: list[str] = []
        args: list[object] = []
        if start is not None:
            where.append("r.date_best >= ?")
            args.append(_iso(start))
        if end is not None:
            where.append("r.date_best <= ?")
            args.append(_iso(end))
        if place is not None:
            names = [place] if isinstance(place, str) else sorted(set(place))
            marks = _marks(len(names))
            # Names through the places table, so that both branches of the OR use an index.
            where.append(
                f"(r.place_id IN ({marks}) OR r.place_id IN "
                f"(SELECT id FROM places WHERE name COLLATE NOCASE IN ({marks})))"
            )
            args.extend(names)
            args.extend(names)
        if kinds is not None:
            values = sorted({str(Kind(k)) for k in kinds})
            where.append(f"r.kind IN ({_marks(len(values))})")
            args.extend(values)
        if modality is not None:
            items = [modality] if isinstance(modality, str) else list(modality)
            values = sorted({str(Modality(m)) for m in items})
            where.append(f"r.modality IN ({_marks(len(values))})")
            args.extend(values)
        if bbox is not None:
            west, south, east, north = (float(v) for v in bbox)
            where.append("r.lon BETWEEN ? AND ? AND r.lat BETWEEN ? AND ?")
            args.extend((west, east, south, north))
        if article_id is not None:
            where.append("r.article_key = (SELECT key FROM articles WHERE id = ?)")
            args.append(article_id)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        sql = f"{_SELECT_REPORTS}{clause}{_REPORT_ORDER}"
        return [_report_from(row) for row in self._db.execute(sql, args)]

    @_reading
    def stats(self) -> StoreStats:
        """Counts of what the store holds."""
        db = self._db

        first, last = db.execute("SELECT min(date_best), max(date_best) FROM reports").fetchone()
        return StoreStats(
            articles=_scalar(db, "SELECT count(*) FROM articles"),
            undated_articles=_scalar(db, "SELECT count(*) FROM articles WHERE pub_best IS NULL"),
            reports=_scalar(db, "SELECT count(*) FROM reports"),
            mentions=_scalar(db, "SELECT count(*) FROM mentions"),
            unresolved_mentions=_scalar(db, "SELECT count(*) FROM mentions WHERE place_id IS NULL"),
            places=_scalar(db, "SELECT count(*) FROM places"),
            first_date=dt.date.fromisoformat(first) if first else None,
            last_date=dt.date.fromisoformat(last) if last else None,
            by_kind=tuple(
                db.execute("SELECT kind, count(*) FROM reports GROUP BY kind ORDER BY kind")
            ),
        )

    @_reading
    def check(self) -> list[str]:
        """Problems found in the file (empty when consistent).

        Runs SQLite's integrity and foreign-key checks and verifies that every article has
        exactly the mentions and reports it was written with.
        """
        db = self._db
        problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in db.execute("PRAGMA foreign_key_check")]
        rows = db.execute(
            "SELECT a.id, a.source, a.n_mentions, a.n_reports, "
            "(SELECT count(*) FROM mentions m WHERE m.article_key = a.key), "
            "(SELECT count(*) FROM reports r WHERE r.article_key = a.key) "
            "FROM articles a ORDER BY a.id"
        )
        for article_id, source, n_m, n_r, got_m, got_r in rows:
            if (n_m, n_r) != (got_m, got_r):
                problems.append(
                    f"article {article_id} ({source}): expected {n_m} mentions and {n_r} "
                    f"reports, found {got_m} and {got_r}"
                )
        orphans = _scalar(db, f"SELECT count(*) {_ORPHAN_PLACES}")
        if orphans:
            problems.append(f"{orphans} places used by no mention or report")
        return problems


def _scalar(db: sqlite3.Connection, sql: str) -> object:
    return db.execute(sql).fetchone()[0]


def _statements(script: str) -> list[str]:
    """Split a SQL script into statements (``executescript`` would commit our transaction)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer)
            buffer = ""
    return out


def _marks(n: int) -> str:
    return ", ".join("?" * n)
