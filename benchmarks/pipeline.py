"""Benchmark: the whole ingest pipeline (read → date → find places → extract → store), one core.

Generates a seeded corpus (benchmarks/corpus.py, 10,000 articles by default) in a temporary
directory, ingests it into a fresh store, and prints articles/s, reports/s, peak memory (RSS),
the time per stage (to see which one to speed up), the rate of a re-ingest (everything already
stored) and the ratio against a naive store (a connection and a commit per row, rollback
journal, synchronous=FULL). Target: at least 500 articles/s end to end.

Uses the real ``geomap.articles``, ``gazetteer`` and ``geomap.claims``.

Usage: ``python benchmarks/pipeline.py [-n 10000] [--seed 0] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402

from geomap import pipeline  # noqa: E402
from geomap.store import ReportStore  # noqa: E402

TARGET = 500.0


def _components() -> tuple[object, object, object, list[str]]:
    """(reader, gazetteer, extractor, notes), the gazetteer loaded and warmed up."""
    import gazetteer
    from geomap.articles import read_paths as reader
    from geomap.claims import extract as extractor

    started = time.perf_counter()
    gaz = gazetteer.default()
    gaz.find("Warm-up: fighting in Bakhmut and Kharkiv.")
    notes = [f"gazetteer: loaded in {time.perf_counter() - started:.2f} s (not counted)"]
    return reader, gaz, extractor, notes


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _naive_add(path: Path, article, mentions, reports) -> None:
    """The way one might first write it: a connection per article, a commit per row."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE IF NOT EXISTS a (id TEXT PRIMARY KEY, text TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS m (article_id TEXT, start INT, place_id TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS r (id TEXT, article_id TEXT, place_id TEXT, kind TEXT)")
    db.execute("INSERT OR IGNORE INTO a VALUES (?, ?)", (article.id, article.text))
    db.commit()
    for m in mentions:
        db.execute(
            "INSERT INTO m VALUES (?, ?, ?)", (article.id, m.start, m.place.id if m.place else None)
        )
        db.commit()
    for r in reports:
        db.execute("INSERT INTO r VALUES (?, ?, ?, ?)", (r.id, article.id, r.place_id, str(r.kind)))
        db.commit()
    db.close()


def _rows(path: Path) -> str:
    """A digest of every article, mention and report row of a store."""
    digest = hashlib.sha1()
    with contextlib.closing(sqlite3.connect(path)) as db:
        for table in ("articles", "mentions", "reports"):
            for row in sorted(repr(r) for r in db.execute(f"SELECT * FROM {table}")):
                digest.update(row.encode("utf-8"))
    return digest.hexdigest()


def _density(summary, size: int, work: Path, gaz, reader, extractor) -> str:
    """Reports and mentions per KB of the corpus, next to the seed articles' (real news)."""
    seeds = HERE.parent / "seeds"
    seed_size = sum(p.stat().st_size for p in seeds.glob("*.txt"))
    with ReportStore(work / "seeds.sqlite") as store:
        real = pipeline.ingest(
            [seeds], store, gazetteer=gaz, reader=reader, extractor=extractor, progress=False
        )
    return (
        f"density: {summary.reports / (size / 1e3):.1f} reports and "
        f"{summary.mentions / (size / 1e3):.1f} mentions per KB, "
        f"{size / 1e3 / max(summary.articles_new, 1):.1f} KB per article (the seed articles: "
        f"{real.reports / (seed_size / 1e3):.1f}, {real.mentions / (seed_size / 1e3):.1f}, "
        f"{seed_size / 1e3 / max(real.articles_new, 1):.1f} KB)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, default=1000, help="articles for the stage times")
    parser.add_argument("--keep", help="write the corpus and store here instead of a temp dir")
    parser.add_argument(
        "--jobs", type=int, default=0,
        help="workers for the extra run on several cores (default: every core; 1: no such run)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else set()
    if cores:
        os.sched_setaffinity(0, {min(cores)})  # one core
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        started = time.perf_counter()
        corpus_dir = corpus.write_corpus(work / "corpus", args.n, seed=args.seed)
        size = sum(f.stat().st_size for f in corpus_dir.iterdir())
        print(
            f"corpus: {args.n} articles, {size / 1e6:.1f} MB, seed {args.seed} "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        reader, gaz, extractor, notes = _components()
        for note in notes:
            print(note)
        rss_before = _peak_rss_mb()

        store_path = work / "bench.sqlite"
        for leftover in (store_path, Path(f"{store_path}-wal"), Path(f"{store_path}-shm")):
            leftover.unlink(missing_ok=True)
        with ReportStore(store_path) as store:
            started = time.perf_counter()
            cpu = time.process_time()
            summary = pipeline.ingest(
                [corpus_dir], store, gazetteer=gaz, reader=reader, extractor=extractor,
                progress=False,
            )  # fmt: skip
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
            rate = summary.articles_new / wall
            print(
                f"pipeline: {summary.articles_new} articles in {wall:.2f} s "
                f"(cpu {cpu:.2f} s, {summary.articles_new / cpu:.0f} articles per cpu-second) = "
                f"{rate:.0f} articles/s, {summary.reports / wall:.0f} "
                f"reports/s ({summary.reports} reports, {summary.mentions} mentions, "
                f"{len(summary.errors)} errors) — target {TARGET:.0f} articles/s: "
                f"{'met' if rate >= TARGET else 'NOT MET'}"
            )
            print(f"peak RSS: {_peak_rss_mb():.0f} MB (before the ingest: {rss_before:.0f} MB)")
            print(f"store: {store_path.stat().st_size / 1e6:.1f} MB on disk")
            print(_density(summary, size, work, gaz, reader, extractor))

            started = time.perf_counter()
            again = pipeline.ingest(
                [corpus_dir], store, gazetteer=gaz, reader=reader, extractor=extractor,
                progress=False,
            )  # fmt: skip
            wall_again = time.perf_counter() - started
            print(
                f"re-ingest (all {again.articles_skipped_duplicate} already stored): "
                f"{again.articles_skipped_duplicate / wall_again:.0f} articles/s"
            )

        jobs = args.jobs or len(cores) or (os.cpu_count() or 1)
        if jobs > 1:
            # The same corpus with worker processes (geomap ingest --jobs), on every core.
            if cores:
                os.sched_setaffinity(0, cores)
            jobs_path = work / "jobs.sqlite"
            for leftover in (jobs_path, Path(f"{jobs_path}-wal"), Path(f"{jobs_path}-shm")):
                leftover.unlink(missing_ok=True)
            with ReportStore(jobs_path) as store:
                started = time.perf_counter()
                parallel = pipeline.ingest(
                    [corpus_dir], store, gazetteer=gaz, reader=reader, extractor=extractor,
                    progress=False, jobs=jobs,
                )  # fmt: skip
                wall_jobs = time.perf_counter() - started
            same = parallel == summary and _rows(jobs_path) == _rows(store_path)
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"with --jobs {jobs} on {len(cores) or jobs} cores: {parallel.articles_new} "
                f"articles in {wall_jobs:.2f} s = {parallel.articles_new / wall_jobs:.0f} "
                f"articles/s ({wall / wall_jobs:.2f}x one core; peak RSS of a worker "
                f"{children:.0f} MB); same store and summary as one core: {same}"
            )
            if cores:
                os.sched_setaffinity(0, {min(cores)})

        # Where the time goes, stage by stage, on a sample.
        files = sorted(corpus_dir.iterdir())[: args.sample]
        t0 = time.perf_counter()
        articles = [a for a in reader(files) if not isinstance(a, BaseException)]
        t1 = time.perf_counter()
        found = [gaz.find(a.text) for a in articles]
        t2 = time.perf_counter()
        reports = [extractor(a, m) for a, m in zip(articles, found, strict=True)]
        t3 = time.perf_counter()
        stages_path = work / "stages.sqlite"
        for leftover in (stages_path, Path(f"{stages_path}-wal"), Path(f"{stages_path}-shm")):
            leftover.unlink(missing_ok=True)  # a kept store from a previous run holds them all
        with ReportStore(stages_path) as store, store.batch():
            for a, m, r in zip(articles, found, reports, strict=True):
                store.add(a, m, r)
        t4 = time.perf_counter()
        n = len(articles)
        print(f"stages, ms per article (sample of {n}):")
        stages = (("read+date", t1 - t0), ("find places", t2 - t1), ("extract", t3 - t2),
                  ("store", t4 - t3))  # fmt: skip
        for name, seconds in stages:
            print(f"  {name:<12} {seconds / n * 1000:7.3f}  ({seconds / (t4 - t0) * 100:4.1f} %)")

        # The naive store on a smaller sample, for the ratio.
        sample = min(n, 300)
        naive_path = work / "naive.sqlite"
        naive_path.unlink(missing_ok=True)
        t5 = time.perf_counter()
        for a, m, r in zip(articles[:sample], found[:sample], reports[:sample], strict=True):
            _naive_add(naive_path, a, m, r)
        naive_store = (time.perf_counter() - t5) / sample
        per_article_ours = wall / max(summary.articles_new, 1)
        per_article_naive = (t3 - t0) / n + naive_store
        print(
            f"naive store (connection + commit per row): {naive_store * 1000:.2f} ms per article "
            f"vs {(t4 - t3) / n * 1000:.3f} ms; whole pipeline with it: "
            f"{1 / per_article_naive:.0f} articles/s; ratio ours/naive: "
            f"{per_article_naive / per_article_ours:.1f}x"
        )
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
