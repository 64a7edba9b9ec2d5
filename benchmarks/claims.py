"""Benchmark of claim extraction: articles per second on one core, mentions found beforehand.

Usage: ``python benchmarks/claims.py [N]`` (default N=1000 articles of the synthetic corpus of
``benchmarks/corpus.py``; the five seeds are measured on their own too).

The reader and the gazetteer run first and are not timed: the figures are the CPU time of
``geomap.claims.extract`` alone (process time, so other programs on the machine matter less).
The naive baseline runs every rule's regular expression over every sentence, as a rule engine
without the "only sentences with a place, only rules whose cue words are there" filters would.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402

import gazetteer  # noqa: E402
from geomap.articles import read_text  # noqa: E402
from geomap.claim_rules import default_rules  # noqa: E402
from geomap.claims import extract, sentences  # noqa: E402


def _naive(text: str) -> int:
    hits = 0
    for s, e in sentences(text):
        for rule in default_rules().rules:
            hits += sum(1 for _ in rule.regex.finditer(text, s, e))
    return hits


def _cpu(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _measure(label: str, texts: list[str], loops: int) -> None:
    articles = [read_text(t, f"a{i}.txt") for i, t in enumerate(texts)]
    mentions = [gazetteer.find(a.text) for a in articles]
    pairs = list(zip(articles, mentions, strict=True))
    reports = sum(len(extract(a, m)) for a, m in pairs)

    def run() -> None:
        for _ in range(loops):
            for a, m in pairs:
                extract(a, m)

    def naive() -> None:
        for a in articles:
            _naive(a.text)

    n = len(pairs) * loops
    best = _cpu(run)
    slow = _cpu(naive, repeat=1) * loops
    chars = sum(len(a.text) for a in articles) / len(articles)
    print(f"{label}: {len(articles)} articles, {chars:.0f} characters and "
          f"{reports / len(articles):.1f} reports each")  # fmt: skip
    print(f"  extract: {n / best:.0f} articles/s ({1000 * best / n:.2f} ms each, CPU, best of 3)")
    print(f"  naive, every rule on every sentence: {n / slow:.0f} articles/s")
    print(f"  ratio: {slow / best:.1f}x faster than naive")


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    default_rules()  # compile outside the timing
    seeds = [p.read_text(encoding="utf-8") for p in sorted((HERE.parent / "seeds").glob("*.txt"))]
    _measure("seeds", seeds, loops=40)
    _measure("synthetic corpus", [text for _, text in corpus.generate(n, seed=0)], loops=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
