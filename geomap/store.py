"""The report store: one embedded SQLite file holding articles, mentions, places and reports.

Layout (schema version 2; SQL and row conversions in :mod:`geomap.store_schema`)::

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
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.types import Mention, Place
from geomap import store_schema as schema
from geomap.errors import StoreError
from geomap.models import Article, Kind, Modality, Report
from geomap.store_rows import ArticleRows, article_rows, places_complete
from geomap.store_schema import SCHEMA, SCHEMA_VERSION, UPGRADES

__all__ = [
    "DEFAULT_STORE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "UPGRADES",
    "ArticleRows",
    "ReportStore",
    "StoreStats",
    "StoreUnwritable",
    "article_rows",
    "default_store_path",
]

#: File name of the store when neither ``--store`` nor ``$GEOMAP_STORE`` says otherwise.
DEFAULT_STORE = "geomap.sqlite"

# A batch commits at least this often, so a killed ingest loses at most about a second of work.
_BATCH_SECONDS = 1.0


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
            # Every report goes into five indexes at random places. With SQLite's default
            # 2 MB cache their pages are re-read and spilled again and again once the store
            # grows (a 10,000-article ingest slowed from 0.5 to 1 ms per article); 64 MB holds
            # them (memory is only taken as pages are used). Checkpointing after 40 MB of WAL
            # instead of 4 MB copies a page that changes in many chunks to the file once.
            self._db.execute("PRAGMA cache_size = -65536")
            self._db.execute("PRAGMA wal_autocheckpoint = 10000")
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
        self._places: dict[str, tuple] = {}  # place rows this connection wrote, by id
        self._data_version: int | None = None  # of the file when _places was last valid
        self._open: list[ArticleRows] = []  # articles added in the open batch transaction

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
                for statement in schema.statements(script):
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
        return self.add_rows(article_rows(article, mentions, reports))

    def add_rows(self, rows: ArticleRows) -> bool:
        """:meth:`add` for rows made by :func:`article_rows` (perhaps in another process)."""
        if not places_complete(rows):
            raise StoreError(
                f"{self.path}: cannot store article {rows.source!r}: a mention or report names "
                "a place that is not among its place rows"
            )
        db = self._db
        try:
            if not db.in_transaction:
                self._begin()
        except sqlite3.Error as exc:
            raise StoreUnwritable(f"{self.path}: cannot write: {exc}") from exc
        # Skip places this connection already wrote exactly so (most of them, in a batch).
        fresh = [row for row in rows.places if self._places.get(row[0]) != row]
        try:
            added = self._insert(rows, fresh)
        except BaseException as exc:
            self._undo()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path}: cannot store article {rows.source!r}: {exc}"
                ) from exc
            raise
        if added:
            for row in fresh:
                self._places[row[0]] = row
        if self._batch_size > 0:
            if added:
                self._open.append(rows)
            if (
                len(self._open) >= self._batch_size
                or time.monotonic() - self._batch_started > _BATCH_SECONDS
            ):
                self._commit()
        else:
            self._commit()
        return added

    def _begin(self) -> None:
        """Start a write transaction, forgetting the places written when another connection
        has changed the file since (it may have removed some)."""
        db = self._db
        # SQLite's foreign-key checks cost a tenth of a write; _places_complete does their work
        # (the other keys are the article's own). On again for remove(): it cascades.
        db.execute("PRAGMA foreign_keys = OFF")  # no-op inside a transaction: set it before
        db.execute("BEGIN IMMEDIATE")
        self._batch_started = time.monotonic()
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._places.clear()
            self._data_version = version

    def _insert(self, rows: ArticleRows, places: Sequence[tuple]) -> bool:
        db = self._db
        # The article first: its unique id says whether it is new, and gives the key.
        cursor = db.execute(schema.INSERT_ARTICLE, rows.article)
        if not cursor.rowcount:
            return False  # stored already
        key = cursor.lastrowid
        if places:  # in a batch, most articles name only places written before
            db.executemany(schema.INSERT_PLACE, places)
        db.executemany(schema.INSERT_MENTION, [(key, *row) for row in rows.mentions])
        db.executemany(schema.INSERT_REPORT, [(key, *row) for row in rows.reports])
        return True

    def _undo(self) -> None:
        """Take back an article that failed halfway: roll back the open transaction and write
        again the articles added in it before. (A savepoint per article would do the same but
        copies every page each article touches, a tenth of the cost of storing it; failures
        are rare.) If they cannot be written again, they are lost with the transaction."""
        db = self._db
        done, self._open = self._open, []
        if db.in_transaction:
            db.execute("ROLLBACK")
        if not done:
            return
        started = self._batch_started
        try:
            self._begin()
            for rows in done:
                self._insert(rows, rows.places)  # every place: another writer may have been in
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            self._places.clear()
            if isinstance(exc, sqlite3.Error):
                raise StoreUnwritable(f"{self.path}: cannot write: {exc}") from exc
            raise
        self._batch_started = started
        self._open = done

    def _commit(self) -> None:
        self._open = []
        if self._db.in_transaction:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                self._places.clear()
                raise StoreUnwritable(f"{self.path}: cannot commit: {exc}") from exc

    @contextlib.contextmanager
    def batch(self, size: int = 200) -> Iterator[ReportStore]:
        """Group the next :meth:`add` calls into transactions of up to ``size`` articles.

        Much faster for big ingests (shared index pages are written once per chunk). Each
        article stays all-or-nothing (one that fails is rolled back alone); a chunk is
        committed when it is full, after about a second, and when the block ends. If the
        process dies, only the articles of the open chunk are lost (they are absent, never
        partial). If the block ends with an exception, the articles already added in it are
        still committed.
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
        db.execute("PRAGMA foreign_keys = ON")  # mentions and reports go with their article
        db.execute("BEGIN IMMEDIATE")
        try:
            deleted = db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            db.execute(f"DELETE {schema.ORPHAN_PLACES}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            self._places.clear()  # some may be gone now
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
            f"SELECT {', '.join(schema.ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return schema.article_from(row) if row else None

    @_reading
    def articles(self) -> list[Article]:
        """Every stored article, by publication date (undated last), then source and id."""
        rows = self._db.execute(
            f"SELECT {', '.join(schema.ARTICLE_COLUMNS)} FROM articles "
            "ORDER BY pub_best IS NULL, pub_best, source, id"
        )
        return [schema.article_from(row) for row in rows]

    @_reading
    def mentions(self, article_id: str) -> list[Mention]:
        """The place mentions found in one article, in text order.

        Each mention carries its chosen place as stored (id, name, kind, coordinates, precision,
        admin areas); the candidates that were considered are not kept.
        """
        rows = self._db.execute(
            'SELECT m.start, m."end", m.text, m.confidence, m.reason, m.matched_name, '
            f"{', '.join('p.' + c for c in schema.PLACE_COLUMNS)} FROM mentions m "
            "LEFT JOIN places p ON p.id = m.place_id "
            "WHERE m.article_key = (SELECT key FROM articles WHERE id = ?) ORDER BY m.seq",
            (article_id,),
        )
        return [
            Mention(
                start=row[0],
                end=row[1],
                text=row[2],
                place=schema.place_from(row[6:]) if row[6] is not None else None,
                confidence=row[3],
                reason=row[4],
                matched_name=row[5],
            )
            for row in rows
        ]

    @_reading
    def places(self) -> list[Place]:
        """Every place a stored mention or report refers to, by id."""
        rows = self._db.execute(f"SELECT {', '.join(schema.PLACE_COLUMNS)} FROM places ORDER BY id")
        return [schema.place_from(row) for row in rows]

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
            args.append(schema.iso(start))
        if end is not None:
            where.append("r.date_best <= ?")
            args.append(schema.iso(end))
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
        sql = f"{schema.SELECT_REPORTS}{clause}{schema.REPORT_ORDER}"
        return [schema.report_from(row) for row in self._db.execute(sql, args)]

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
        orphans = _scalar(db, f"SELECT count(*) {schema.ORPHAN_PLACES}")
        if orphans:
            problems.append(f"{orphans} places used by no mention or report")
        return problems


def _scalar(db: sqlite3.Connection, sql: str) -> object:
    return db.execute(sql).fetchone()[0]


def _marks(n: int) -> str:
    return ", ".join("?" * n)
