"""Killing ``geomap ingest`` midway (SIGKILL) leaves a consistent store; re-ingesting completes it.

The batch mixes thousands of good articles with bad inputs (empty, binary, non-UTF-8, a 50 MB
file, broken JSON, HTML junk), generated at test time. The command runs in a subprocess with
the stand-in reader/gazetteer/extractor of tests/data/store/standins.py, so the test is about
the store and the pipeline alone.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import standins

from geomap.store import ReportStore

DATA = Path(__file__).parent / "data" / "store"


S = standins()
GOOD = 3000

DRIVER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("standins", {standins!r})
S = importlib.util.module_from_spec(spec)
spec.loader.exec_module(S)
import gazetteer
from geomap import pipeline
pipeline._default_reader = lambda: S.read_paths
pipeline._default_extractor = lambda: S.extract
gazetteer.default = lambda: S.Gazetteer()
from geomap.cli import main
sys.argv = ["geomap", *sys.argv[1:]]
main()
"""

PLACES = ("Bakhmut", "Kharkiv", "Sievierodonetsk", "Lysychansk", "Kherson", "Zzyzx")


def _make_batch(root: Path) -> Path:
    batch = root / "batch"
    batch.mkdir()
    for i in range(GOOD):
        a, b = PLACES[i % 6], PLACES[(i * 7 + 3) % 6]
        (batch / f"{i:05d}.txt").write_text(
            f"date 2022-{i % 12 + 1:02d}-{i % 28 + 1:02d} Article {i}. Russian forces shelled "
            f"{a}. Fighting near {b} went on. If {a} falls, {b} follows. Russian forces "
            f"captured {b}.\n",
            encoding="utf-8",
        )
    bad = {
        "00100-empty.txt": b"",
        "00200-binary.txt": bytes(range(256)) * 10,
        "00300-latin1.txt": "Kharkiv était bombardée à l'aube.".encode("latin-1"),
        "00400-broken.json": b'{"title": "Bakhmut", "text": "unterminated',
        "00500-junk.html": b"<html><body><script>var a=1;</script></body></html>",
    }
    for name, data in bad.items():
        (batch / name).write_bytes(data)
    with (batch / "00600-huge.txt").open("wb") as f:
        chunk = b"Fighting in Bakhmut. " * 50_000  # ~1 MB
        for _ in range(50):
            f.write(chunk)
    return batch


def _articles_in(path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _ingest(driver: Path, batch: Path, store: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(driver), "ingest", str(batch), "--store", str(store), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_kill_midway_then_reingest(tmp_path: Path):
    batch = _make_batch(tmp_path)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(standins=str(DATA / "standins.py")), encoding="utf-8")
    store_path = tmp_path / "s.sqlite"

    proc = _ingest(driver, batch, store_path, "--quiet")
    deadline = time.monotonic() + 120
    while _articles_in(store_path) < GOOD // 10 and proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the ingest wrote nothing in 120 s")
        time.sleep(0.005)
    running = proc.poll() is None
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert running, "the ingest finished before it could be killed; make the batch bigger"
    assert proc.returncode == -signal.SIGKILL

    with ReportStore(store_path, create=False) as store:
        assert store.check() == []
        partial = store.stats().articles
        assert GOOD // 10 <= partial < GOOD
        for article in store.articles():
            expected = S.extract(article, S.Gazetteer().find(article.text))
            assert store.reports(article_id=article.id) == sorted(
                expected, key=lambda r: (r.place_name, r.mention_start, str(r.kind), r.id)
            )  # all of them, or none

    proc = _ingest(driver, batch, store_path, "--json")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["articles_new"] + summary["articles_skipped_duplicate"] == GOOD + 1
    assert summary["articles_skipped_duplicate"] >= partial
    problems = {Path(e["source"]).name: e["problem"] for e in summary["errors"]}
    assert sorted(problems) == [
        "00100-empty.txt",
        "00200-binary.txt",
        "00300-latin1.txt",
        "00500-junk.html",
        "00600-huge.txt",
    ]  # the broken JSON is read as text by the stand-in reader
    assert err.count("Error: ") == 5

    with ReportStore(store_path, create=False) as store:
        assert store.check() == []
        stats = store.stats()
    assert stats.articles == GOOD + 1
    expected = 0
    for name in [*(f"{i:05d}.txt" for i in range(GOOD)), "00400-broken.json"]:
        text = (batch / name).read_text(encoding="utf-8")
        expected += sum(m.place is not None for m in S.Gazetteer().find(text))
    assert stats.reports == expected


REAL_GOOD = 200
REAL_BAD = {
    "0010-empty.txt": b"",
    "0020-binary.txt": bytes(range(256)) * 10,
    "0030-not-utf8.txt": b"Fighting in Bakhmut \xff\xfe\xc3\x28 \x80\x81 continued.",
    "0040-broken.json": b'{"title": "Bakhmut", "text": "unterminated',
    "0050-junk.html": b"<html><body><script>var a=1;</script></body></html>",
}


def _real_batch(root: Path) -> Path:
    batch = root / "real"
    batch.mkdir()
    for i in range(REAL_GOOD):
        a, b = PLACES[i % 5], PLACES[(i * 7 + 3) % 5]
        (batch / f"{i:04d}.txt").write_text(
            f"Battle for {a} goes on\n date 2022-{i % 12 + 1:02d}-{i % 28 + 1:02d} "
            f"Russian forces shelled {a} overnight, the regional governor said. "
            f"Ukrainian troops repelled an attack on {b}, the General Staff said in report {i}. "
            f"If {a} falls, Russian forces could push on towards {b}.\n",
            encoding="utf-8",
        )
    for name, data in REAL_BAD.items():
        (batch / name).write_bytes(data)
    with (batch / "0060-huge.txt").open("wb") as f:
        chunk = b"Fighting in Bakhmut. " * 50_000  # ~1 MB
        for _ in range(50):
            f.write(chunk)
    return batch


def _geomap(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from geomap.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_real_geomap_ingest_killed_midway(tmp_path: Path):
    """The same with the real reader, gazetteer and extractor: ``geomap ingest``."""
    batch = _real_batch(tmp_path)
    store_path = tmp_path / "killed.sqlite"
    # One article per transaction, so that the kill comes early whatever the speed.
    proc = _geomap("ingest", str(batch), "--store", str(store_path), "--quiet", "--batch-size", "1")
    deadline = time.monotonic() + 300
    while _articles_in(store_path) < 5 and proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the ingest wrote nothing in 300 s")
        time.sleep(0.01)
    running = proc.poll() is None
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert running, "the ingest finished before it could be killed; make the batch bigger"

    with ReportStore(store_path, create=False) as store:
        assert store.check() == []
        partial = store.stats().articles
    assert 5 <= partial < REAL_GOOD

    resumed = _geomap("ingest", str(batch), "--store", str(store_path), "--json")
    out, err = resumed.communicate(timeout=900)
    assert resumed.returncode == 0, err
    summary = json.loads(out)
    assert summary["articles_skipped_duplicate"] == partial
    assert summary["articles_new"] == REAL_GOOD - partial
    failed = sorted(Path(e["source"]).name for e in summary["errors"])
    assert failed == [*sorted(REAL_BAD), "0060-huge.txt"]
    for name in failed:
        assert f"Error: {batch / name}: " in err

    clean_path = tmp_path / "clean.sqlite"
    clean = _geomap("ingest", str(batch), "--store", str(clean_path), "--quiet")
    clean.communicate(timeout=900)
    with (
        ReportStore(store_path, create=False) as store,
        ReportStore(clean_path, create=False) as fresh,
    ):
        assert store.check() == []
        assert store.stats().articles == REAL_GOOD
        assert store.reports() == fresh.reports()
        assert store.stats().reports > REAL_GOOD
