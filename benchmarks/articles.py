"""Benchmark of reading and dating articles: speed, and dating accuracy on the table of cases.

Usage: ``python benchmarks/articles.py [N]`` (default N=2000 articles).

Speed: N articles made from the seeds (each varied so that none is a duplicate) are written to a
temporary directory as .txt, plus the same N as one JSON Lines file, and read with
``read_paths`` (decode, captions/junk, id, full dating). The naive baseline only opens each
file, decodes it and looks for the seed's date line with one regular expression; the ratio
says how much the real reading costs on top of that.

Accuracy: every case of ``tests/data/articles/dating_cases.json``: how many dated cases get a
range holding the true day (and how wide it is), how many undated cases stay undated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from geomap.articles import read_paths, read_text
from geomap.dating import date_article
from geomap.models import Article

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 1)


def _corpus(folder: Path, n: int) -> list[Path]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paths = []
    with (folder / "all.jsonl").open("w", encoding="utf-8") as jsonl:
        for i in range(n):
            text = f"{seeds[i % len(seeds)]}\nReference {i}."
            path = folder / f"a{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            jsonl.write(json.dumps({"text": text, "id": i}) + "\n")
    return paths


def _naive(paths: list[Path]) -> int:
    found = 0
    pattern = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})")
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        found += bool(pattern.match(text))
    return found


def _speed(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = _corpus(folder, n)
        started = time.perf_counter()
        _naive(paths)
        naive = time.perf_counter() - started
        started = time.perf_counter()
        txt = [a for a in read_paths([str(p) for p in paths], today=TODAY)]
        real = time.perf_counter() - started
        started = time.perf_counter()
        rows = list(read_paths([folder / "all.jsonl"], today=TODAY))
        jsonl = time.perf_counter() - started
        big = "\n".join(p.read_text("utf-8") for p in paths[1:5])
    big = big * (19_000_000 // len(big))
    started = time.perf_counter()
    read_text(big, source="big.txt", today=TODAY)
    huge = time.perf_counter() - started
    ok = sum(isinstance(a, Article) for a in txt)
    print(f"read .txt:   {n} files, {ok} articles in {real:.2f} s = {n / real:.0f} articles/s")
    print(f"read .jsonl: {len(rows)} rows in {jsonl:.2f} s = {len(rows) / jsonl:.0f} articles/s")
    print(f"naive baseline (open, decode, one regex): {naive:.3f} s = {n / naive:.0f} files/s")
    print(f"ratio real/naive: {real / naive:.1f}x (dating and cleaning cost on top of I/O)")
    print(f"one {len(big) / 1e6:.0f} MB article (just under the default limit): {huge:.1f} s")


def _accuracy() -> None:
    cases = json.loads(
        (ROOT / "tests" / "data" / "articles" / "dating_cases.json").read_text("utf-8")
    )["cases"]
    dated = [c for c in cases if c["truth"]]
    undated = [c for c in cases if not c["truth"]]
    hits, widths, misses = 0, [], []
    for case in dated:
        guess = date_article(case["text"], today=TODAY)
        truth = dt.date.fromisoformat(case["truth"])
        if guess is not None and guess.earliest <= truth <= guess.latest:
            hits += 1
            widths.append((guess.latest - guess.earliest).days + 1)
        else:
            misses.append(case["text"][:60])
    quiet = sum(date_article(c["text"], today=TODAY) is None for c in undated)
    print(f"dated cases whose range holds the true day: {hits}/{len(dated)}")
    if widths:
        print(f"range width in days: median {statistics.median(widths):.0f}, max {max(widths)}")
    print(f"cases without evidence left undated: {quiet}/{len(undated)}")
    for miss in misses:
        print(f"  missed: {miss}")
    # Seeds: one line each, what a user would see.
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        guess = date_article(path.read_text("utf-8"), today=TODAY)
        shown = f"{guess.earliest} – {guess.latest} ({guess.precision.value})" if guess else "-"
        print(f"  seed {path.name[:3]}: {shown}")


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 2000
    _speed(n)
    _accuracy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
