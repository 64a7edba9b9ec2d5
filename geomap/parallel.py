"""Find places and extract reports in worker processes (``geomap ingest --jobs N``).

Finding places and extracting reports is nine tenths of an ingest and needs nothing but the
article, so it runs in a pool of worker processes. Reading and storing stay in the calling
process: SQLite wants one writer, and the store must see the articles in input order so that a
parallel ingest writes exactly the rows a serial one writes.

On Linux the workers get the gazetteer by ``fork`` (the parent's gazetteer, shared
copy-on-write, whatever it is); elsewhere each worker loads :func:`gazetteer.default`, so a
custom gazetteer needs Linux (or one job). Mentions come back with their places as ids, which the
parent turns back into its own :class:`~gazetteer.types.Place` objects: a place of the
gazetteer is sent as its id, anything else (a place placed by an offset, "5 km north of X") in
full.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from gazetteer.errors import GazetteerError
from gazetteer.types import Mention, Place
from geomap.errors import GeomapError
from geomap.models import Article, Report

__all__ = ["Outcome", "WorkerPool", "available_cores"]

#: What a worker made of one article: (mentions, reports) or the problem, as a message.
Outcome = tuple[list[Mention], list[Report]] | str

# The gazetteer and extractor of this process, set in the parent before a fork (inherited) or
# by _load_default in a spawned worker.
_WORKER: tuple[Any, Callable[[Article, list], list]] | None = None

_Packed = tuple  # a mention as plain values, places as ids where the gazetteer has them


def available_cores() -> int:
    """The cores this process may run on (``os.sched_getaffinity`` where there is one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def problem(exc: BaseException, source: str) -> str:
    """The message recorded for an article that failed after it was read, without its source."""
    if isinstance(exc, (GeomapError, GazetteerError)):
        message = str(exc)
        prefix = f"{getattr(exc, 'source', '') or source}: "
        if message.startswith(prefix):
            message = message[len(prefix) :]
        return message or type(exc).__name__
    return f"internal error: {type(exc).__name__}: {exc}"


def _place_ref(gazetteer: Any, place: Place | None) -> str | Place | None:
    if place is None:
        return None
    get = getattr(gazetteer, "get", None)
    return place.id if get is not None and get(place.id) == place else place


def _pack(gazetteer: Any, mentions: Sequence[Mention]) -> list[_Packed]:
    ref = _place_ref
    return [
        (m.start, m.end, m.text, ref(gazetteer, m.place),
         tuple(ref(gazetteer, c) for c in m.candidates), m.confidence, m.reason, m.matched_name,
         m.extra or None)
        for m in mentions
    ]  # fmt: skip


def _unpack(gazetteer: Any, rows: list[_Packed]) -> list[Mention]:
    def place(ref: str | Place | None) -> Place | None:
        return gazetteer.get(ref) if isinstance(ref, str) else ref

    return [
        Mention(start, end, text, place(p), tuple(place(c) for c in cands), confidence, reason,
                matched, extra or {})
        for start, end, text, p, cands, confidence, reason, matched, extra in rows
    ]  # fmt: skip


def _analyse(article: Article) -> tuple[list[_Packed], list[Report]] | str:
    """In a worker: the packed mentions and the reports of ``article``, or the problem."""
    if _WORKER is None:
        raise RuntimeError("geomap.parallel: a worker was started without a gazetteer")
    gazetteer, extract = _WORKER
    try:
        mentions = list(gazetteer.find(article.text))
        reports = list(extract(article, mentions))
    except Exception as exc:  # one bad article must not stop a batch
        return problem(exc, article.source)
    return _pack(gazetteer, mentions), reports


def _load_default(extract: Callable[[Article, list], list]) -> None:
    """Initializer of a spawned worker: the default gazetteer, loaded once."""
    global _WORKER
    import gazetteer

    _WORKER = (gazetteer.default(), extract)


class WorkerPool:
    """``jobs`` worker processes that find places and extract reports, results in input order.

    Use as a context manager; :meth:`submit` sends a list of articles and returns a handle whose
    ``get()`` gives one :data:`Outcome` per article, in order.
    """

    def __init__(
        self,
        jobs: int,
        gazetteer: Any,
        extract: Callable[[Article, list], list],
        *,
        default_gazetteer: bool,
    ) -> None:
        global _WORKER
        self.jobs = jobs
        self.gazetteer = gazetteer
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
        chunk = max(1, len(articles) // (self.jobs * 4))
        return _Pending(self, self._pool.map_async(_analyse, articles, chunksize=chunk))

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
    """Outcomes of one :meth:`WorkerPool.submit`, unpacked into the parent's places."""

    def __init__(self, pool: WorkerPool, result: Any) -> None:
        self._pool = pool
        self._result = result

    def get(self) -> list[Outcome]:
        """Wait for the outcomes, one per article submitted, in order."""
        out: list[Outcome] = []
        for item in self._result.get():
            if isinstance(item, str):
                out.append(item)
            else:
                packed, reports = item
                out.append((_unpack(self._pool.gazetteer, packed), reports))
        return out
