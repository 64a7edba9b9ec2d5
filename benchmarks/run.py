"""Run every benchmark of geomap and print its figures.

Usage: ``python benchmarks/run.py [NAME ...]`` (names: gazetteer_load, gazetteer_find,
articles, pipeline, state, render). Each benchmark is a script of its own that prints its
figures and its ratio against a naive baseline; this runs them one after the other, each in a
fresh process so that one's caches and memory do not colour the next.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("gazetteer_load", "gazetteer_find", "articles", "pipeline", "state", "render")


def main(argv: list[str]) -> int:
    names = argv or [n for n in ORDER if (HERE / f"{n}.py").exists()]
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"unknown benchmark {name!r}; known: {', '.join(ORDER)}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], check=False)
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
