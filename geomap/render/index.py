"""``geomap build``: ingest articles, then write a small static site of maps and exports.

Layout of the output directory::

    index.html                 links to everything below, with counts per date
    maps/YYYY-MM-DD.html       one map for every date that has reports
    timeline.html              one map with a slider over all those dates
    compare.html               the first and last dates side by side, with the changes
    reports.geojson            every report as a GeoJSON point (geomap.export)
    reports.csv                the same as CSV

Every file is rewritten atomically; map files of dates that no longer have reports are
removed, so the directory always matches the store.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from geomap.errors import InputError, RenderError
from geomap.models import Report
from geomap.render import page
from geomap.render.compare import render_compare
from geomap.render.embed import embed_snippet
from geomap.render.scene import drawable, report_day
from geomap.render.single import render_map
from geomap.render.style import ATTRIBUTION
from geomap.render.timeline import render_timeline
from geomap.state import Timeline

__all__ = ["BuildResult", "build", "render_index"]

_MAP_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.html$")


_LISTED_DAYS = 12  # the build summary names each date up to this many


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What :func:`build` wrote, relative paths under ``out_dir``."""

    out_dir: Path
    index: Path
    maps: tuple[tuple[dt.date, Path], ...]
    timeline: Path | None
    compare: Path | None
    exports: tuple[Path, ...]
    reports: int
    undated_reports: int
    ingest: object | None = field(default=None, compare=False)

    def summary_lines(self) -> list[str]:
        """A short human summary for the CLI."""
        lines = []
        if self.ingest is not None:
            s = self.ingest
            lines.append(
                f"Ingested {s.articles_new} new article(s) ({s.articles_skipped_duplicate} "
                f"already stored), {s.reports} report(s); {len(s.errors)} error(s)."
            )
        days = [d.isoformat() for d, _ in self.maps]
        if len(days) > _LISTED_DAYS:  # a long archive: the span, not hundreds of dates
            shown = f"{days[0]} to {days[-1]} (listed in {self.index.name})"
        else:
            shown = ", ".join(days) or "none"
        lines.append(f"Maps for {len(days)} date(s): {shown}")
        if self.undated_reports:
            lines.append(f"{self.undated_reports} undated report(s) are not on any map.")
        lines.append(f"Open {self.index}")
        return lines


def _day_counts(reports: Sequence[Report]) -> dict[dt.date, tuple[int, int, int]]:
    per: dict[dt.date, list[Report]] = {}
    for r in reports:
        d = report_day(r)
        if d is not None:
            per.setdefault(d, []).append(r)
    return {
        d: (len(rs), len({r.article_id for r in rs}), len({r.place_id for r in rs}))
        for d, rs in sorted(per.items())
    }


def render_index(
    *,
    days: dict[dt.date, tuple[int, int, int]],
    has_timeline: bool,
    compare: tuple | None,
    exports: Iterable[str],
    undated: int,
    errors: Iterable[tuple[str, str]] = (),
    kinds: Counter | None = None,
    preview: dt.date | None = None,
) -> str:
    """The index page: plain HTML (no script of its own), every value escaped.

    ``preview`` embeds that date's map at the top, the way an article would embed it.
    """
    e = escape
    rows = "\n".join(
        f'<tr><td><a href="maps/{d.isoformat()}.html">{d.isoformat()}</a></td>'
        f"<td>{n}</td><td>{a}</td><td>{p}</td></tr>"
        for d, (n, a, p) in days.items()
    )
    extra = []
    if has_timeline:
        extra.append('<li><a href="timeline.html">Timeline</a>: one map with a date slider</li>')
    if compare:
        extra.append(
            f'<li><a href="compare.html">Comparison</a>: {e(compare[0].isoformat())} and '
            f"{e(compare[1].isoformat())} side by side, with what changed</li>"
        )
    exp = "".join(f'<li><a href="{e(x)}">{e(x)}</a></li>' for x in exports)
    notes = []
    if undated:
        notes.append(f"<p>{undated} undated report(s) are on no map.</p>")
    errs = list(errors)
    if errs:
        items = "".join(f"<li><code>{e(s)}</code>: {e(p)}</li>" for s, p in errs)
        notes.append(f"<h2>Articles that could not be read</h2><ul>{items}</ul>")
    kind_txt = ""
    if kinds:
        kind_txt = (
            "<p>Reports by kind: "
            + ", ".join(f"{e(k)} {n}" for k, n in sorted(kinds.items()))
            + ".</p>"
        )
    shown = ""
    if preview is not None:
        src = f"maps/{preview.isoformat()}.html"
        snippet = embed_snippet(src, title=f"Situation on {preview.isoformat()}")
        shown = (
            f"<h2>Latest: {e(preview.isoformat())}</h2>\n{snippet}\n"
            f"<details><summary>Embed this map in an article</summary>"
            f"<pre><code>{e(snippet)}</code></pre></details>"
        )
    body_rows = rows or '<tr><td colspan="4">No dated reports.</td></tr>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="generator" content="geomap"/>
<title>geomap — maps by date</title>
<style>
body {{ font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
  max-width: 860px; padding: 12px 16px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; }}
td:not(:first-child), th:not(:first-child) {{ text-align: right; }}
a {{ color: #0060A0; }}
footer {{ margin-top: 24px; font-size: 12px; color: #555; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f4f4f4;
  padding: 8px; }}
</style>
</head>
<body>
<h1>Maps of the reports, by date</h1>
<ul>{"".join(extra)}</ul>
{shown}
<table>
<thead><tr><th>Date</th><th>Reports</th><th>Articles</th><th>Places</th></tr></thead>
<tbody>
{body_rows}
</tbody>
</table>
{kind_txt}
{"".join(notes)}
<h2>Data</h2>
<ul>{exp}</ul>
<footer>{ATTRIBUTION}</footer>
</body>
</html>
"""


def _exports(store, out: Path) -> list[str]:
    from geomap import export

    written = []
    for name, fn in (("reports.geojson", export.to_geojson), ("reports.csv", export.to_csv)):
        fn(store, out / name)
        written.append(name)
    return written


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "output",
    *,
    store_path: str | os.PathLike[str] | None = None,
    date: dt.date | str | None = None,
    window_days: int = 7,
    tiles: str | None = None,
    cdn: bool = False,
    progress: bool = False,
    on_error: Callable[[str, str], None] | None = None,
    exports: bool = True,
    jobs: int = 1,
) -> BuildResult:
    """Ingest ``paths`` into the store, then write the site to ``out_dir``.

    The maps show every report in the store (earlier ingests included). Returns what was
    written; bad articles are reported through ``on_error`` and listed on the index page.
    ``jobs`` worker processes analyse the articles (see :func:`geomap.pipeline.ingest`).
    """
    from geomap.pipeline import ingest
    from geomap.store import ReportStore

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out}: exists and is not a directory")
    (out / "maps").mkdir(parents=True, exist_ok=True)
    with ReportStore(store_path) as store:
        summary = ingest(
            list(paths), store, date=date, progress=progress, on_error=on_error, jobs=jobs
        )
        if not summary.ok:
            source, problem = summary.errors[0]
            raise InputError(
                f"no article could be read ({len(summary.errors)} error(s)); first: {problem}",
                source,
            )
        reports = store.reports()
        articles = {a.id: a for a in store.articles()}
        export_names = _exports(store, out) if exports else []

    days = _day_counts(reports)
    undated = sum(1 for r in reports if report_day(r) is None)
    maps: list[tuple[dt.date, Path]] = []
    # Fold the reports once for every date, not once per map (as render_map alone would).
    timeline_states = Timeline(drawable(reports))
    for day in days:
        html = render_map(
            reports,
            day,
            articles=articles,
            window_days=window_days,
            tiles=tiles,
            cdn=cdn,
            states=timeline_states.control_at(day),
        )
        maps.append((day, page.write_atomic(out / "maps" / f"{day.isoformat()}.html", html)))
    keep = {f"{d.isoformat()}.html" for d in days}
    for old in sorted((out / "maps").iterdir()):
        if _MAP_FILE.match(old.name) and old.name not in keep:
            old.unlink()

    timeline = compare = None
    cmp_days = None
    if days:
        timeline = page.write_atomic(
            out / "timeline.html",
            render_timeline(
                reports, articles=articles, window_days=window_days, tiles=tiles, cdn=cdn
            ),
        )
    else:
        (out / "timeline.html").unlink(missing_ok=True)
    if len(days) >= 2:
        first, last = min(days), max(days)
        cmp_days = (first, last)
        compare = page.write_atomic(
            out / "compare.html",
            render_compare(
                reports,
                first,
                last,
                articles=articles,
                window_days=window_days,
                tiles=tiles,
                cdn=cdn,
            ),
        )
    else:
        (out / "compare.html").unlink(missing_ok=True)

    index_html = render_index(
        days=days,
        has_timeline=timeline is not None,
        compare=cmp_days,
        exports=export_names,
        undated=undated,
        errors=summary.errors,
        kinds=Counter(str(r.kind) for r in reports),
        preview=max(days) if days else None,
    )
    index = page.write_atomic(out / "index.html", index_html)
    return BuildResult(
        out_dir=out,
        index=index,
        maps=tuple(maps),
        timeline=timeline,
        compare=compare,
        exports=tuple(out / n for n in export_names),
        reports=len(reports),
        undated_reports=undated,
        ingest=summary,
    )
