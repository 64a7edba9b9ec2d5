"""Find places and extract reports in worker processes (``geomap ingest --jobs N``).

Finding places and extracting reports is most of an ingest and needs nothing but the article,
so it runs in a pool of worker processes, which also turn the results into the rows the store
writes (:func:`geomap.store_rows.article_rows`: plain values, cheap to send back). Reading and
storing stay in the calling process: SQLite wants one writer, and the store must see the
articles in input order so that a parallel ingest writes exactly the rows a serial one writes.

On Linux the workers get the gazetteer by ``fork`` (the parent's gazetteer, shared
copy-on-write, whatever it is); elsewhere each worker loads :func:`gazetteer.default`, so a
custom gazetteer needs Linux (or one job).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gazetteer.errors import GazetteerError
from gazetteer.types import Mention
from geomap.errors import GeomapError
from geomap.models import Article, Report
from geomap.store_rows import ArticleRows, article_rows

__all__ = ["Analysed", "WorkerPool", "analyse", "available_cores", "error_parts", "problem"]

#: ``extractor(article, mentions)`` returns the reports of one article.
Extractor = Callable[[Article, list], list]

# The gazetteer and extractor of this process, set in the parent before a fork (inherited) or
# by _load_default in a spawned worker.
_WORKER: tuple[Any, Extractor] | None = None


@dataclass(frozen=True, slots=True)
class Analysed:
    """One article found and extracted: the rows to store and what the ingest summary counts."""

    rows: ArticleRows
    mentions: int
    unresolved: tuple[str, ...]  # names as written that no place was chosen for


def analysed(article: Article, mentions: Sequence[Mention], reports: Sequence[Report]) -> Analysed:
    """The :class:`Analysed` form of an article's mentions and reports."""
    return Analysed(
        rows=article_rows(article, mentions, reports),
        mentions=len(mentions),
        unresolved=tuple(m.text for m in mentions if m.place is None),
    )


def available_cores() -> int:
    """The cores this process may run on (``os.sched_getaffinity`` where there is one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def error_parts(error: BaseException, fallback_source: str) -> tuple[str, str]:
    """(source, problem) of an error, without repeating the source inside the problem."""
    source = getattr(error, "source", "") or fallback_source
    message = str(error)
    prefix = f"{source}: "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return source, message or type(error).__name__


def problem(exc: BaseException, source: str) -> str:
    """The message recorded for an article that failed after it was read, without its source."""
    if isinstance(exc, (GeomapError, GazetteerError)):
        return error_parts(exc, source)[1]
    return f"internal error: {type(exc).__name__}: {exc}"


def analyse(gazetteer: Any, extract: Extractor, articles: list[Article]) -> list[Analysed | str]:
    """Find places and extract reports, one stage at a time over ``articles``.

    One outcome per article, in order: :class:`Analysed`, or the problem as a message (one bad
    article does not stop the others). A stage over a whole chunk keeps its code and data in
    the CPU caches.
    """
    outcomes: list[Any] = []
    for article in articles:
        try:
            outcomes.append(list(gazetteer.find(article.text)))
        except Exception as exc:  # one bad article must not stop a batch
            outcomes.append(problem(exc, article.source))
    for k, (article, mentions) in enumerate(zip(articles, outcomes, strict=True)):
        if isinstance(mentions, str):
            continue
        try:
            outcomes[k] = analysed(article, mentions, list(extract(article, mentions)))
        except Exception as exc:  # one bad article must not stop a batch
            outcomes[k] = problem(exc, article.source)
    return outcomes


def _analyse_in_worker(articles: list[Article]) -> list[Analysed | str]:
    if _WORKER is None:
        raise RuntimeError("geomap.parallel: a worker was started without a gazetteer")
    return analyse(*_WORKER, articles)


def _load_default(extract: Extractor) -> None:
    """Initializer of a spawned worker: the default gazetteer, loaded once."""
    global _WORKER
    import gazetteer

    _WORKER = (gazetteer.default(), extract)


class WorkerPool:
    """``jobs`` worker processes running :func:`analyse`, results in input order.

    Use as a context manager; :meth:`submit` sends a list of articles and returns a handle whose
    ``get()`` gives one outcome per article, in order.
    """

    def __init__(
        self, jobs: int, gazetteer: Any, extract: Extractor, *, default_gazetteer: bool
    ) -> None:
        global _WORKER
        self.jobs = jobs
        # fork only on Linux: macOS has it, but system libraries there are not fork-safe.
        if sys.platform.startswith("linux"):
            _WORKER = (gazetteer, extract)  # inherited by the forked workers
            self._pool = multiprocessing.get_context("fork").Pool(jobs)
        elif default_gazetteer:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(jobs, initializer=_load_default, initargs=(extract,))
        else:
            raise GeomapError(
                "--jobs with a custom gazetteer needs Linux (workers started by fork); "
                "run with one job"
            )

    def submit(self, articles: list[Article]) -> _Pending:
        """Start work on ``articles``; the handle's ``get()`` waits for their outcomes."""
        # A few articles per task: each worker runs the stages over its slice, as analyse does.
        size = max(1, -(-len(articles) // (self.jobs * 2)))
        slices = [articles[i : i + size] for i in range(0, len(articles), size)]
        return _Pending(self._pool.map_async(_analyse_in_worker, slices))

    def close(self) -> None:
        """Stop the workers (at once: work not collected is not wanted)."""
        global _WORKER
        self._pool.terminate()
        self._pool.join()
        _WORKER = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Pending:
    """The outcomes of one :meth:`WorkerPool.submit`, once the workers are done."""

    def __init__(self, result: Any) -> None:
        self._result = result

    def get(self) -> list[Analysed | str]:
        """Wait for the outcomes, one per article submitted, in order."""
        return [outcome for part in self._result.get() for outcome in part]
