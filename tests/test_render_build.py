"""``geomap build`` on the seed articles: the site it writes, byte-identical on a rebuild."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import chromium_missing, open_page
from click.testing import CliRunner

from geomap.cli import cli


def _build(seeds_dir: Path, root: Path) -> Path:
    out = root / "output"
    result = CliRunner().invoke(
        cli, ["build", str(seeds_dir), "-o", str(out), "--store", str(root / "s.sqlite"), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeds_dir: Path) -> Path:
    return _build(seeds_dir, tmp_path_factory.mktemp("site"))


def test_build_writes_every_output(site: Path) -> None:
    names = sorted(p.name for p in (site / "maps").iterdir())
    assert "2022-02-27.html" in names
    assert "2022-06-01.html" in names
    assert any(re.match(r"2023-0[1-4]-\d\d\.html", n) for n in names), names
    for name in ("index.html", "timeline.html", "compare.html", "reports.geojson", "reports.csv"):
        assert (site / name).is_file(), name
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="maps/{name}"' in index
    assert 'href="timeline.html"' in index and 'href="compare.html"' in index
    assert 'href="reports.geojson"' in index and 'href="reports.csv"' in index
    assert "GeoNames" in index


def test_rebuild_is_byte_identical(site: Path, seeds_dir: Path, tmp_path: Path) -> None:
    again = _build(seeds_dir, tmp_path)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")}
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name
    # and building again into the same directory and store changes nothing
    _build(seeds_dir, site.parent)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")} == first


@pytest.mark.browser
@pytest.mark.skipif(chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent")
def test_built_pages_open_offline(site: Path) -> None:
    with open_page(site / "index.html", ready=False) as (page, run):
        links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
        assert "timeline.html" in links and "maps/2022-06-01.html" in links
        # the latest map is embedded the way an article would embed it, and it draws
        frame = page.frame_locator("iframe")
        frame.locator(".gm-title-main").wait_for(timeout=15000)
        assert frame.locator(".gm-title-main").inner_text().startswith("Situation on 2023-")
    assert run.blocked == [] and run.page_errors == []
    for name in ("maps/2022-02-27.html", "maps/2022-06-01.html", "timeline.html", "compare.html"):
        with open_page(site / name) as (page, run):
            counts = page.evaluate("GM.counts(0)")
            assert counts["control"] + counts["fighting"] > 0, name
        assert run.page_errors == [] and run.console_errors == [] and run.blocked == [], name


def test_map_commands_on_the_built_store(site: Path, tmp_path: Path) -> None:
    store = str(site.parent / "s.sqlite")
    runner = CliRunner()
    out = tmp_path / "m.html"
    result = runner.invoke(
        cli, ["map", "--date", "2022-06-01", "--store", store, "-o", str(out), "--embed"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and "Situation on 2022-06-01" in out.read_text(encoding="utf-8")
    assert '<iframe src="m.html"' in result.stdout
    result = runner.invoke(
        cli,
        ["compare", "2022-02-27", "2022-06-01", "--store", store, "-o", str(tmp_path / "c.html")],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["timeline", "--store", store, "-o", str(tmp_path / "t.html"), "--cdn"]
    )
    assert result.exit_code == 0, result.output
    assert "cdn.jsdelivr.net/npm/leaflet@" in (tmp_path / "t.html").read_text(encoding="utf-8")
    result = runner.invoke(
        cli, ["compare", "2022-06-01", "2022-02-27", "--store", store, "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 1 and "before" in result.output


def test_build_of_nothing_readable_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(tmp_path / "nope"),
            "-o",
            str(tmp_path / "out"),
            "--store",
            str(tmp_path / "s.sqlite"),
            "-q",
        ],
    )
    assert result.exit_code == 1
    assert "Error:" in result.output and "nope" in result.output
    assert not (tmp_path / "out" / "index.html").exists()


def test_build_summary_names_a_few_dates_and_gives_the_span_of_many(tmp_path):
    import datetime as dt

    from geomap.render.index import BuildResult

    def result(n: int) -> BuildResult:
        days = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(n)]
        return BuildResult(
            out_dir=tmp_path, index=tmp_path / "index.html",
            maps=tuple((d, tmp_path / f"maps/{d}.html") for d in days),
            timeline=None, compare=None, exports=(), reports=n, undated_reports=0,
        )  # fmt: skip

    assert "Maps for 2 date(s): 2023-01-01, 2023-01-02" in result(2).summary_lines()
    assert "Maps for 0 date(s): none" in result(0).summary_lines()
    many = result(482).summary_lines()
    assert "Maps for 482 date(s): 2023-01-01 to 2024-04-26 (listed in index.html)" in many
    assert max(len(line) for line in many) < 120
