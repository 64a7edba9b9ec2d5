"""The ingest pipeline: files → articles → mentions → reports → the store.

Each article is stored all or nothing (a savepoint of its own): a file that cannot be read, or
an article the extractor chokes on, is recorded in :attr:`IngestSummary.errors` (in input order)
and the batch goes on. Articles pass each stage a few dozen at a time, which keeps the CPU caches
warm. Articles already in the store (same content hash) are skipped before any work is done, so
re-running an ingest is cheap and changes nothing.

Example::

    >>> from geomap.store import ReportStore, StoreUnwritable                  # doctest: +SKIP
    >>> with ReportStore("geomap.sqlite") as store:
    ...     summary = ingest(["seeds/"], store)
    >>> summary.articles_new, summary.reports
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from gazetteer.errors import GazetteerError
from geomap.errors import GeomapError
from geomap.models import Article
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


def _error_parts(error: BaseException, fallback_source: str) -> tuple[str, str]:
    """(source, problem) of an error, without repeating the source inside the problem."""
    source = getattr(error, "source", "") or fallback_source
    message = str(error)
    prefix = f"{source}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return source, message or type(error).__name__


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

    A reader that fails before yielding anything (a bad ``date`` or ``sidecar``) raises
    :class:`~geomap.errors.InputError`: that is the user's to fix, not one file's problem.
    An article that fails anywhere after it was read (finding places, extracting reports,
    storing) is recorded as an error with its source; nothing of it is stored. If the store
    itself cannot be written, :class:`~geomap.store.StoreUnwritable` stops the ingest.
    """
    started = time.perf_counter()
    if gazetteer is None:
        import gazetteer as gazetteer_module

        gazetteer = gazetteer_module.default()
    read = reader or _default_reader()
    extract = extractor or _default_extractor()

    new = skipped = n_reports = n_mentions = 0
    undated: list[str] = []
    unresolved: Counter[str] = Counter()
    errors: list[tuple[str, str]] = []
    bar = _progress_bar(progress)

    def fail(source: str, problem: str) -> None:
        errors.append((source, problem))
        if on_error is not None:
            if bar is None:
                on_error(source, problem)
            else:
                with bar.external_write_mode(file=sys.stderr):
                    on_error(source, problem)

    items: Iterator[Any] = iter(
        read(list(paths), date=date, sidecar=sidecar, **dict(read_options or {}))
    )
    started_reading = False
    carry: Any = None  # an article read but left for the next chunk
    try:
        with store.batch(batch_size):
            finished = False
            while not finished:
                # Read a chunk. A repeated id ends it: the repeat must see the first one stored.
                chunk: list[Any] = [] if carry is None else [carry]
                ids = {carry.id} if carry is not None else set()
                carry = None
                while len(chunk) < _CHUNK:
                    try:
                        item = next(items)
                    except StopIteration:
                        finished = True
                        break
                    except GeomapError as exc:
                        if not started_reading:
                            raise  # a bad option, before any file was read
                        # A reader that gives up midway: recorded in turn; the reader is done.
                        chunk.append(exc)
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
                # Each stage over the whole chunk, then each article stored in input order.
                work = [
                    i
                    for i, item in enumerate(chunk)
                    if not isinstance(item, BaseException) and not store.has_article(item.id)
                ]
                # index -> (mentions, reports), or the error to report when its turn comes
                done: dict[int, tuple[list, list] | Exception] = {}
                mentions_of: dict[int, list] = {}
                for i in work:
                    try:
                        mentions_of[i] = list(gazetteer.find(chunk[i].text))
                    except Exception as exc:
                        done[i] = exc
                for i, mentions in mentions_of.items():
                    try:
                        done[i] = (mentions, list(extract(chunk[i], mentions)))
                    except Exception as exc:
                        done[i] = exc
                for i, item in enumerate(chunk):
                    if isinstance(item, BaseException):
                        fail(*_error_parts(item, "?"))
                        continue
                    article: Article = item
                    if i not in done:
                        skipped += 1  # already stored
                        continue
                    outcome = done[i]
                    try:
                        if isinstance(outcome, Exception):
                            raise outcome
                        mentions, reports = outcome
                        added = store.add(article, mentions, reports)
                    except StoreUnwritable:
                        raise  # the store, not the article: nothing else would get in either
                    except (GeomapError, GazetteerError) as exc:
                        fail(article.source or "?", _error_parts(exc, article.source)[1])
                        continue
                    except Exception as exc:  # one bad article must not stop a batch
                        fail(article.source or "?", f"internal error: {type(exc).__name__}: {exc}")
                        continue
                    if not added:
                        skipped += 1
                        continue
                    new += 1
                    n_reports += len({r.id for r in reports})
                    n_mentions += len(mentions)
                    if article.published is None:
                        undated.append(article.source)
                    unresolved.update(m.text for m in mentions if m.place is None)
    finally:
        if bar is not None:
            bar.close()

    return IngestSummary(
        articles_new=new,
        articles_skipped_duplicate=skipped,
        reports=n_reports,
        mentions=n_mentions,
        undated=tuple(sorted(undated)),
        unresolved=tuple(sorted(unresolved.items(), key=lambda kv: (-kv[1], kv[0]))),
        errors=tuple(errors),
        elapsed_s=time.perf_counter() - started,
    )


def _progress_bar(enabled: bool) -> Any:
    """A tqdm counter on stderr that appears only after a second, on a terminal; or None."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(desc="ingest", unit=" articles", file=sys.stderr, delay=1.0, leave=False)
