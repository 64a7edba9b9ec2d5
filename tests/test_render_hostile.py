"""A hostile article (script tags, event handlers, javascript: links, quotes and backslashes)
rendered into every kind of page runs no script in the browser."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from browser_helpers import article, chromium_missing, click_symbol, open_page, report

from geomap.models import Actor, Kind, Modality
from geomap.render import render_compare, render_map, render_timeline, write_atomic
from geomap.render.index import render_index

DAY = dt.date(2023, 3, 1)
EVIL_NAME = "Bad\"'\\</script><svg onload=window.__pwned=1>town"
EVIL_TITLE = "<script>window.__pwned=2</script><img src=x onerror=window.__pwned=3>"
EVIL_SENTENCE = (
    "Troops entered " + EVIL_NAME + ' <img src=x onerror="window.__pwned=4"> '
    "<a href='javascript:window.__pwned=5'>read</a> \\u003c/script\\u003e <!-- -->"
)


def _hostile() -> tuple[dict, list]:
    a = article(EVIL_TITLE, DAY, url="javascript:window.__pwned=6")
    a2 = article("plain", DAY, url='https://example.org/"><script>window.__pwned=7</script>')
    rs = [
        report(
            a,
            EVIL_NAME,
            Kind.CAPTURED,
            Actor.RU,
            DAY,
            lat=48.6,
            lon=38.0,
            sentence=EVIL_SENTENCE,
            claimed_by="<b onmouseover=window.__pwned=8>MoD</b>",
            side=Actor.RU,
        ),
        report(
            a2,
            EVIL_NAME,
            Kind.FIGHTING,
            Actor.UNKNOWN,
            DAY,
            lat=48.6,
            lon=38.0,
            sentence=EVIL_SENTENCE,
        ),
        report(
            a,
            EVIL_NAME,
            Kind.CAPTURED,
            Actor.RU,
            DAY - dt.timedelta(days=3),
            lat=48.6,
            lon=38.0,
            sentence=EVIL_SENTENCE,
            modality=Modality.HYPOTHETICAL,
        ),
    ]
    return {a.id: a, a2.id: a2}, rs


def test_hostile_text_is_inert_in_the_html() -> None:
    articles, rs = _hostile()
    html = render_map(rs, DAY, articles=articles, title=EVIL_TITLE)
    assert "<svg onload" not in html and "<img src=x" not in html
    assert "<script>window.__pwned" not in html
    assert html.count("</script>") == html.count("<script")  # nothing closes a block early
    index = render_index(
        days={DAY: (1, 1, 1)},
        has_timeline=False,
        compare=None,
        exports=[],
        undated=0,
        errors=[(EVIL_NAME, EVIL_TITLE)],
    )
    assert "<script>window" not in index and "<svg onload" not in index


@pytest.mark.browser
@pytest.mark.skipif(chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent")
def test_hostile_article_runs_no_script(tmp_path: Path) -> None:
    articles, rs = _hostile()
    pages = {
        "map.html": render_map(rs, DAY, articles=articles, title=EVIL_TITLE),
        "compare.html": render_compare(rs, DAY - dt.timedelta(days=5), DAY, articles=articles),
        "timeline.html": render_timeline(rs, articles=articles, title=EVIL_TITLE),
    }
    for name, html in pages.items():
        path = write_atomic(tmp_path / name, html)
        map_index = 1 if name == "compare.html" else 0
        with open_page(path) as (page, run):
            page.evaluate(f"GM.maps[{map_index}].map.setView([48.6, 38.0], 8, {{animate:false}})")
            for group in ("control", "fighting"):
                if page.evaluate(f"GM.counts({map_index})")[group]:
                    click_symbol(page, group, 0, map_index=map_index)
                    popup = page.locator(".gm-popup")
                    text = popup.inner_text()
                    assert EVIL_NAME in text and "onerror" in text  # shown as text
                    assert popup.locator("img, svg, script, b").count() == 0
                    for link in popup.locator("a").all():
                        href = link.get_attribute("href") or ""
                        # set as a DOM property: markup in it stays inside the attribute
                        assert href.startswith("https://"), href
                    # the tooltip shows the name as text too
                    pt = page.evaluate(f"GM.symbolPoint({map_index}, {group!r}, 0)")
                    page.mouse.move(pt["x"], pt["y"])
                    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
                    assert EVIL_NAME in page.inner_text(".leaflet-tooltip")
                    page.mouse.move(5, 5)
            # hovering and clicking everything we drew must not fire any handler
            if name != "compare.html":
                title = page.inner_text(".gm-title-main")
                assert title == EVIL_TITLE or title.startswith("Timeline")
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert (
                page.evaluate("document.querySelectorAll('img[onerror], svg[onload]').length") == 0
            )
            assert run.dialogs == []
            assert run.page_errors == [] and run.console_errors == []
            assert run.blocked == []


HOSTILE_JSON = json.dumps(
    {
        "title": '<script>window.__pwned=1</script>Evil "quoted" back\\slash',
        "url": "javascript:window.__pwned=2",
        "date": "2023-03-01",
        "text": (
            'Russian forces captured Soledar <img src=x onerror="window.__pwned=3">, the Russian '
            "Defence Ministry said. Heavy fighting continued in Bakhmut, "
            "<a href='javascript:window.__pwned=5'>\"quoted\"</a> and back\\slashes "
            "</script><script>window.__pwned=4</script>."
        ),
    }
)


@pytest.mark.browser
@pytest.mark.skipif(chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent")
def test_hostile_article_ingested_and_built_runs_no_script(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from geomap.cli import cli

    src = tmp_path / "evil.json"
    src.write_text(HOSTILE_JSON, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(src), "-o", str(out), "--store", str(tmp_path / "s.sqlite"), "-q"]
    )
    assert result.exit_code == 0, result.output
    for name in ("maps/2023-03-01.html", "timeline.html"):
        with open_page(out / name) as (page, run):
            counts = page.evaluate("GM.counts(0)")
            assert counts["control"] >= 1 and counts["fighting"] >= 1
            page.evaluate("GM.maps[0].map.setZoom(10)")
            seen = ""
            for group in ("control", "fighting"):
                for i in range(counts[group]):
                    click_symbol(page, group, i)
                    popup = page.locator(".gm-popup")
                    assert popup.locator("img, script, svg").count() == 0
                    assert popup.locator("a[href^='javascript']").count() == 0
                    seen += popup.inner_text()
            assert "<img src=x onerror=" in seen  # the markup is shown as text
            assert "<script>window.__pwned=1</script>Evil" in seen
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert run.dialogs == [] and run.page_errors == [] and run.console_errors == []
            assert run.blocked == []
