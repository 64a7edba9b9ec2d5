"""The ingest pipeline: files → articles → mentions → reports → the store.

Each article is stored all or nothing: a file that cannot be read, or an article the extractor
chokes on, is recorded in :attr:`IngestSummary.errors` (in input order) and the batch goes on.
Articles pass each stage a few dozen at a time, which keeps the CPU caches warm. Articles
already in the store (same content hash) are skipped before any work is done, so re-running an
ingest is cheap and changes nothing.

Example::

    >>> from geomap.store import ReportStore
    >>> with ReportStore("geomap.sqlite") as store:                  # doctest: +SKIP
    ...     summary = ingest(["seeds/"], store)
    >>> summary.articles_new, summary.reports                         # doctest: +SKIP
    (5, 47)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from geomap.errors import GeomapError
from geomap.models import Article
from geomap.parallel import (
    Analysed,
    WorkerPool,
    analyse,
    available_cores,
    error_parts,
    problem,
)
from geomap.store import ReportStore, StoreUnwritable

__all__ = ["IngestSummary", "ingest"]

# Articles go through the stages a chunk at a time (places found in each, then reports
# extracted from each, then each stored): each stage's code and data stay in the CPU caches,
# ~4% faster than taking every article through all stages in turn. Errors are still reported
# in input order, and each article is still stored (or not) on its own.
_CHUNK = 32

#: ``reader(paths, *, date=..., sidecar=...)`` yields articles and the errors of unreadable ones.
Reader = Callable[..., Iterable[Any]]
#: ``extractor(article, mentions)`` returns the reports of one article.
Extractor = Callable[[Article, list], list]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest did. Every sequence is sorted, so two runs compare equal."""

    articles_new: int = 0
    articles_skipped_duplicate: int = 0
    reports: int = 0
    mentions: int = 0
    undated: tuple[str, ...] = ()  # sources of new articles with no publication date
    unresolved: tuple[tuple[str, int], ...] = ()  # (name as written, count), most frequent first
    errors: tuple[tuple[str, str], ...] = ()  # (source, problem), in input order
    elapsed_s: float = field(default=0.0, compare=False)  # wall time, for the progress summary

    @property
    def articles_read(self) -> int:
        """Articles read successfully, new or already stored."""
        return self.articles_new + self.articles_skipped_duplicate

    @property
    def ok(self) -> bool:
        """False only when every input failed (nothing was read and something went wrong)."""
        return self.articles_read > 0 or not self.errors

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (``geomap ingest --json``)."""
        return {
            "articles_new": self.articles_new,
            "articles_skipped_duplicate": self.articles_skipped_duplicate,
            "reports": self.reports,
            "mentions": self.mentions,
            "undated": list(self.undated),
            "unresolved": [{"name": n, "count": c} for n, c in self.unresolved],
            "errors": [{"source": s, "problem": p} for s, p in self.errors],
        }


def _default_reader() -> Reader:
    from geomap.articles import read_paths

    return read_paths


def _default_extractor() -> Extractor:
    from geomap.claims import extract

    return extract


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: ReportStore,
    *,
    gazetteer: Any = None,
    date: dt.date | str | None = None,
    sidecar: str | os.PathLike[str] | None = None,
    progress: bool = True,
    on_error: Callable[[str, str], None] | None = None,
    read_options: Mapping[str, Any] | None = None,
    batch_size: int = 200,
    reader: Reader | None = None,
    extractor: Extractor | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Read every article under ``paths`` and store its mentions and reports.

    ``gazetteer`` defaults to ``gazetteer.default()``; ``date`` overrides every article's
    publication date and ``sidecar`` names a file of dates per article (both handed to
    ``geomap.articles.read_paths``). ``progress`` shows a bar on stderr for batches that take
    more than a moment (only on a terminal). ``on_error(source, problem)`` is called as each
    failure happens, e.g. to print it. ``read_options`` are more keyword arguments for the
    reader (``fields``, ``fmt``, ``encoding``, ``max_bytes``). Articles are committed
    ``batch_size`` at a time (and at least every second); each one is all-or-nothing, so a
    crash loses at most the open chunk, never part of an article. ``reader`` and
    ``extractor`` replace ``geomap.articles.read_paths`` and ``geomap.claims.extract`` (for
    tests and experiments).

    ``jobs`` worker processes find places and extract reports (:mod:`geomap.parallel`; 0: one
    per core). Reading and storing stay in this process, in input order, so the store and the
    summary are the same whatever ``jobs`` is.

    A reader that fails before yielding anything (a bad ``date`` or ``sidecar``) raises
    :class:`~geomap.errors.InputError`: that is the user's to fix, not one file's problem.
    An article that fails anywhere after it was read (finding places, extracting reports,
    storing) is recorded as an error with its source; nothing of it is stored. If the store
    itself cannot be written, :class:`~geomap.store.StoreUnwritable` stops the ingest.
    """
    started = time.perf_counter()
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per core) or more, not {jobs}")
    default_gazetteer = gazetteer is None
    if gazetteer is None:
        import gazetteer as gazetteer_module

        gazetteer = gazetteer_module.default()
    read = reader or _default_reader()
    extract = extractor or _default_extractor()
    jobs = jobs or available_cores()

    bar = _progress_bar(progress)
    tally = _Tally(on_error, bar)
    items: Iterator[Any] = iter(
        read(list(paths), date=date, sidecar=sidecar, **dict(read_options or {}))
    )
    pool: Any = None
    try:
        if jobs > 1:
            pool = WorkerPool(jobs, gazetteer, extract, default_gazetteer=default_gazetteer)
        submit = (
            pool.submit
            if pool is not None
            else (lambda articles: _Done(analyse(gazetteer, extract, articles)))
        )
        # Chunks whose articles are being worked on; with workers, two are kept in flight so
        # that they never wait while this process reads and stores.
        in_flight: deque[tuple[list[Any], list[int], Any]] = deque()
        depth = 2 if pool is not None else 0
        with store.batch(batch_size):
            for chunk in _chunks(items, bar, size=_CHUNK * (jobs if pool is not None else 1)):
                work = [
                    i
                    for i, item in enumerate(chunk)
                    if not isinstance(item, BaseException) and not store.has_article(item.id)
                ]
                pending = submit([chunk[i] for i in work])
                in_flight.append((chunk, work, pending))
                while len(in_flight) > depth:
                    tally.store_chunk(store, *in_flight.popleft())
            while in_flight:
                tally.store_chunk(store, *in_flight.popleft())
    finally:
        if pool is not None:
            pool.close()
        if bar is not None:
            bar.close()
    return tally.summary(time.perf_counter() - started)


def _chunks(items: Iterator[Any], bar: Any, *, size: int) -> Iterator[list[Any]]:
    """The reader's items (articles and errors) in chunks of up to ``size``, in order.

    A repeated article id ends a chunk, so that the repeat sees the first one stored. A reader
    that gives up midway (a :class:`GeomapError` after the first item) ends the last chunk with
    that error; one that fails before yielding anything raises it.
    """
    started_reading = False
    carry: Any = None  # an article read but left for the next chunk
    finished = False
    while not finished:
        chunk: list[Any] = [] if carry is None else [carry]
        ids = {carry.id} if carry is not None else set()
        carry = None
        while len(chunk) < size:
            try:
                item = next(items)
            except StopIteration:
                finished = True
                break
            except GeomapError as exc:
                if not started_reading:
                    raise  # a bad option, before any file was read
                chunk.append(exc)  # recorded in turn; the reader is done
                finished = True
                break
            started_reading = True
            if bar is not None:
                bar.update(1)
            if not isinstance(item, BaseException):
                if item.id in ids:
                    carry = item
                    break
                ids.add(item.id)
            chunk.append(item)
        if chunk:
            yield chunk


@dataclass(frozen=True, slots=True)
class _Done:
    """Outcomes already computed (the serial counterpart of a worker pool's pending result)."""

    outcomes: list[Analysed | str]

    def get(self) -> list[Analysed | str]:
        return self.outcomes


class _Tally:
    """The running counts of an ingest, and where its errors go."""

    def __init__(self, on_error: Callable[[str, str], None] | None, bar: Any) -> None:
        self.on_error = on_error
        self.bar = bar
        self.new = self.skipped = self.reports = self.mentions = 0
        self.undated: list[str] = []
        self.unresolved: Counter[str] = Counter()
        self.errors: list[tuple[str, str]] = []

    def fail(self, source: str, message: str) -> None:
        self.errors.append((source, message))
        if self.on_error is not None:
            if self.bar is None:
                self.on_error(source, message)
            else:
                with self.bar.external_write_mode(file=sys.stderr):
                    self.on_error(source, message)

    def store_chunk(
        self, store: ReportStore, chunk: list[Any], work: list[int], pending: Any
    ) -> None:
        """Store each article of ``chunk`` in input order, recording errors in turn.

        ``work`` are the indexes of the articles analysed and ``pending.get()`` their outcomes:
        :class:`~geomap.parallel.Analysed`, or the problem as a message.
        """
        outcomes = dict(zip(work, pending.get(), strict=True))
        for i, item in enumerate(chunk):
            if isinstance(item, BaseException):
                self.fail(*error_parts(item, "?"))
                continue
            article: Article = item
            if i not in outcomes:
                self.skipped += 1  # already stored
                continue
            outcome = outcomes[i]
            if isinstance(outcome, str):
                self.fail(article.source or "?", outcome)
                continue
            try:
                added = store.add_rows(outcome.rows)
            except StoreUnwritable:
                raise  # the store, not the article: nothing else would get in either
            except Exception as exc:  # one bad article must not stop a batch
                self.fail(article.source or "?", problem(exc, article.source))
                continue
            if not added:
                self.skipped += 1
                continue
            self.new += 1
            self.reports += len(outcome.rows.reports)
            self.mentions += outcome.mentions
            if article.published is None:
                self.undated.append(article.source)
            self.unresolved.update(outcome.unresolved)

    def summary(self, elapsed_s: float) -> IngestSummary:
        return IngestSummary(
            articles_new=self.new,
            articles_skipped_duplicate=self.skipped,
            reports=self.reports,
            mentions=self.mentions,
            undated=tuple(sorted(self.undated)),
            unresolved=tuple(sorted(self.unresolved.items(), key=lambda kv: (-kv[1], kv[0]))),
            errors=tuple(self.errors),
            elapsed_s=elapsed_s,
        )


def _progress_bar(enabled: bool) -> Any:
    """A tqdm counter on stderr that appears only after a second, on a terminal; or None."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc="ingest", unit=" articles", file=sys.stderr, delay=1.0, leave=False)
