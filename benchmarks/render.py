"""Render benchmark: time and size of maps of 100, 1,000 and 10,000 reports, and ``geomap build``.

Prints, for each size: seconds to render the HTML, its size, and (when Chromium is present) the
seconds until the page has drawn and the mean time of a pan+zoom redraw in the browser. The
naive baseline is folium's own way: one ``CircleMarker`` with a ``Popup`` per report.
Targets: 10,000 reports in under 5 s, under 5 MB, and a page that stays responsive.

Usage: ``python benchmarks/render.py [--no-browser] [--sizes 100,1000,10000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gazetteer.data import load_places  # noqa: E402
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Report  # noqa: E402
from geomap.render import (  # noqa: E402
    render_compare,
    render_map,
    render_timeline,
    write_atomic,
)
from geomap.render.png import CHROMIUM_ARGS  # noqa: E402

END = dt.date(2023, 3, 28)
KINDS = list(Kind)
ACTORS = [Actor.RU, Actor.UA, Actor.UNKNOWN]


def synthetic(n: int, seed: int = 7) -> tuple[list[Report], dict[str, Article]]:
    """``n`` reports over 400 days at settlements in the east and south, 20 per article."""
    rng = random.Random(seed)
    places = [p for p in load_places() if p.kind == "settlement" and p.lon > 33 and p.lat < 50.5]
    places = rng.sample(places, min(len(places), max(50, n // 5)))
    articles: dict[str, Article] = {}
    reports = []
    for i in range(n):
        k = i // 20
        day = END - dt.timedelta(days=rng.randrange(400))
        aid = hashlib.sha256(f"a{k}".encode()).hexdigest()
        if aid not in articles:
            articles[aid] = Article(
                id=aid,
                text="",
                title=f"Front report number {k}",
                url=f"https://news.example/{k}",
                published=DateGuess.exact(day, "date-line"),
            )
        p = rng.choice(places)
        kind = rng.choice(KINDS)
        actor = rng.choice(ACTORS)
        sentence = (
            f"According to the general staff, {actor.value} forces reported "
            f"{kind.value.replace('_', ' ')} in and around {p.name} on the {i % 28 + 1}th, "
            f"with further details expected later in the day (item {i})."
        )
        start = sentence.index(p.name)
        reports.append(
            Report(
                id=hashlib.sha256(f"r{i}".encode()).hexdigest()[:16],
                article_id=aid,
                place_id=p.id,
                place_name=p.name,
                lat=p.lat,
                lon=p.lon,
                kind=kind,
                actor=actor,
                modality=Modality.ASSERTED if rng.random() > 0.1 else Modality.HYPOTHETICAL,
                date=DateGuess.exact(day, "explicit"),
                sentence=sentence,
                sentence_start=0,
                sentence_end=len(sentence),
                mention_start=start,
                mention_end=start + len(p.name),
                claimed_by=rng.choice(["General Staff of Ukraine", "Russian Defence Ministry", ""]),
                claimant_side=rng.choice(ACTORS),
                percent=rng.choice([None, 30.0, 70.0]) if kind is Kind.PARTIAL_CONTROL else None,
                precision=p.precision,
                place_kind=p.kind,
            )
        )
    return reports, articles


def naive_folium(reports: list[Report]) -> str:
    """The baseline: a folium object per report (what a first attempt would do)."""
    import folium

    m = folium.Map(location=[48.5, 36.5], zoom_start=6, tiles=None)
    for r in reports:
        folium.CircleMarker(
            [r.lat, r.lon], radius=5, popup=folium.Popup(r.sentence, max_width=300)
        ).add_to(m)
    return m.get_root().render()


def browser_figures(path: Path) -> tuple[float, float] | None:
    """(seconds until drawn, mean ms per pan+zoom redraw), or None without Chromium."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=CHROMIUM_ARGS,
        )
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.geomapReady === true", timeout=60000)
        ready = time.perf_counter() - t0
        ms = page.evaluate("""() => {
            const m = GM.maps[0].map; const t0 = performance.now(); const n = 10;
            for (let i = 0; i < n; i++) {
              m.setView([48 + (i % 3) * 0.3, 37 + (i % 4) * 0.3], 7 + (i % 3), {animate: false});
              GM.maps[0].painter.R._redraw && GM.maps[0].painter.R._redraw();
            }
            return (performance.now() - t0) / n; }""")
        browser.close()
    return ready, ms


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--sizes", default="100,1000,10000")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    t0 = time.perf_counter()
    render_map(synthetic(10)[0], END)  # loads the gazetteer and basemap once
    print(f"first map of a process (loads gazetteer and basemap): {time.perf_counter() - t0:.2f} s")
    print(
        f"{'reports':>8} {'render s':>9} {'size MB':>8} {'page s':>7} {'redraw ms':>9}"
        f" | {'naive s':>8} {'naive MB':>8} {'ratio':>6}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        reports, articles = synthetic(n)
        t0 = time.perf_counter()
        html = render_map(reports, END, articles=articles, window_days=14)
        took = time.perf_counter() - t0
        path = write_atomic(tmp / f"map-{n}.html", html)
        size = len(html.encode("utf-8")) / 1e6
        fig = None if args.no_browser else browser_figures(path)
        t0 = time.perf_counter()
        naive = naive_folium(reports)
        naive_s = time.perf_counter() - t0
        naive_mb = len(naive.encode("utf-8")) / 1e6
        page_s, redraw = fig if fig else (float("nan"), float("nan"))
        print(
            f"{n:>8} {took:>9.2f} {size:>8.2f} {page_s:>7.2f} {redraw:>9.1f}"
            f" | {naive_s:>8.2f} {naive_mb:>8.2f} {naive_s / took:>5.1f}x",
            flush=True,
        )
        t0 = time.perf_counter()
        cmp_html = render_compare(reports, END - dt.timedelta(days=180), END, articles=articles)
        cmp_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        tl_html = render_timeline(reports, articles=articles)
        tl_s = time.perf_counter() - t0
        print(
            f"{'':>8} compare {cmp_s:.2f} s {len(cmp_html.encode()) / 1e6:.2f} MB · "
            f"timeline ({len(set(r.date.best for r in reports))} dates) {tl_s:.2f} s "
            f"{len(tl_html.encode()) / 1e6:.2f} MB",
            flush=True,
        )
        if n >= 10000:
            ok = took < 5 and size < 5
            print(f"         target 10,000 reports < 5 s and < 5 MB: {'met' if ok else 'MISSED'}")
    seeds = REPO / "seeds"
    store = tmp / "fresh.sqlite"
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from geomap.cli import main; sys.argv[0] = 'geomap'; main()",
            "build",
            str(seeds),
            "-o",
            str(tmp / "out"),
            "--store",
            str(store),
            "-q",
        ],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    build_s = time.perf_counter() - t0
    if done.returncode:
        print(f"geomap build failed: {done.stderr.strip()[-400:]}")
        return 1
    files = sorted((tmp / "out").rglob("*.html"))
    total = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"geomap build seeds/ (fresh store, incl. start-up): {build_s:.2f} s, "
        f"{len(files)} pages, {total:.1f} MB"
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
