"""Every kind of map page opened in headless Chromium with the network blocked.

Each test checks that the map draws, counts the symbols against the data, opens a popup by
clicking a symbol and finds the quoted evidence, and sees no script error and no request
other than the file itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_helpers import (
    D1,
    D2,
    article,
    chromium_missing,
    click_symbol,
    open_page,
    report,
    sample,
)

from geomap.models import Actor, Kind
from geomap.render import render_compare, render_map, render_timeline, write_atomic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent"),
]

_LAYERS = ("control", "fighting", "sieges", "moves", "regions", "mentioned")


def _blob(html: str) -> dict:
    return json.loads(re.search(r"var geomap_data_\w+ = (\{.*?\});\n", html).group(1))


def _clean(run, path: Path) -> None:
    assert run.page_errors == []
    assert run.console_errors == []
    assert run.blocked == []
    assert run.requests == [path.resolve().as_uri()]


def test_single_map_draws_counts_and_opens_evidence(tmp_path: Path) -> None:
    s = sample()
    html = render_map(s.reports, D2, articles=s.articles)
    path = write_atomic(tmp_path / "map.html", html)
    view = _blob(html)["view"]
    with open_page(path) as (page, run):
        counts = page.evaluate("GM.counts(0)")
        for layer in _LAYERS:
            assert counts[layer] == len(view[layer]), layer
        assert counts["control"] >= 5 and counts["fighting"] == 2
        assert page.locator(".leaflet-control-scale").count() == 1
        assert page.locator(".leaflet-control-layers").count() == 1
        assert "GeoNames" in page.inner_text(".leaflet-control-attribution")
        assert page.inner_text(".gm-title-main") == "Situation on 2022-06-01"
        assert page.locator(".gm-legend").count() == 1
        # estimated zones exist but, being estimates, are off by default
        assert counts["zones"] > 0
        assert page.evaluate("GM.maps[0].map.hasLayer(GM.maps[0].painter.groups.zones)") is False
        # the "mentioned only" layer is off by default: its markers are not on the map
        assert (
            page.evaluate("GM.maps[0].map.hasLayer(GM.maps[0].painter.groups.mentioned)") is False
        )
        # the list of places (for keyboards and phones) opens the same evidence
        page.click(".gm-list summary")
        listed = page.locator(".gm-list button").all_inner_texts()
        assert listed == sorted(set(listed)) and "Melitopol" in listed
        page.locator(".gm-list button", has_text="Melitopol").click()
        page.wait_for_selector(".gm-popup h3")
        assert page.inner_text(".gm-popup h3") == "Melitopol"
        assert page.locator(".gm-list details[open]").count() == 0
        # click the partial-control symbol of Sievierodonetsk
        names = page.evaluate("GM.names(0, 'control')")
        page.evaluate("GM.maps[0].map.setZoom(9)")
        page.evaluate("GM.maps[0].map.panTo(L.latLng(48.95, 38.49), {animate: false})")
        click_symbol(page, "control", names.index("Sievierodonetsk"))
        popup = page.inner_text(".gm-popup")
        assert "Russian control · 70% of the place" in popup
        assert "Russian forces controlled about 70% of Sievierodonetsk" in popup
        assert page.inner_text(".gm-popup mark") == "Sievierodonetsk"
        assert "Luhansk regional governor" in popup
        assert "Severodonetsk street fighting" in popup
        assert "2022-06-01" in popup
    _clean(run, path)


def test_conflicting_claims_are_side_by_side(tmp_path: Path) -> None:
    s = sample()
    path = write_atomic(tmp_path / "d1.html", render_map(s.reports, D1, articles=s.articles))
    with open_page(path) as (page, run):
        names = page.evaluate("GM.names(0, 'control')")
        click_symbol(page, "control", names.index("Melitopol"))
        assert page.locator(".gm-popup .gm-side-RU").count() >= 1
        assert page.locator(".gm-popup .gm-side-UA").count() >= 1
        assert "Contested" in page.inner_text(".gm-headline")
        # Vasylivka's position is only known to its raion: a dashed ring of its error radius
        assert page.evaluate("GM.counts(0)")["approx"] == 1
        assert page.evaluate("GM.names(0, 'moves')") == ["Vasylivka"]
        ru = page.locator(".gm-popup .gm-side-RU").first.bounding_box()
        ua = page.locator(".gm-popup .gm-side-UA").first.bounding_box()
        assert abs(ru["y"] - ua["y"]) < 5 and ru["x"] != ua["x"]  # columns, side by side
    _clean(run, path)


def test_evidence_against_what_is_drawn_sits_beside_it(tmp_path: Path) -> None:
    s = sample()
    path = write_atomic(tmp_path / "d2.html", render_map(s.reports, D2, articles=s.articles))
    with open_page(path) as (page, run):
        click_symbol(page, "control", page.evaluate("GM.names(0, 'control')").index("Izium"))
        assert page.inner_text(".gm-headline").startswith("Russian control")
        cols = page.locator(".gm-popup .gm-conflict > .gm-side")
        assert cols.count() == 2
        drawn, against = cols.nth(0), cols.nth(1)
        assert "Russian forces now control Izium." in drawn.inner_text()
        assert "The Ukrainian army says Izium remains under its control." in against.inner_text()
        assert "Conflicting claims" in against.inner_text()
        a, b = drawn.bounding_box(), against.bounding_box()
        assert abs(a["y"] - b["y"]) < 5 and b["x"] > a["x"] + 50
    _clean(run, path)


def test_phone_width(tmp_path: Path) -> None:
    s = sample()
    path = write_atomic(tmp_path / "map.html", render_map(s.reports, D2, articles=s.articles))
    with open_page(path, width=375, height=700) as (page, run):
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = page.locator(".gm-title").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert page.evaluate("GM.counts(0)")["control"] >= 5
        # the widest popup (claims side by side) fits the screen, and nothing covers it
        click_symbol(page, "control", page.evaluate("GM.names(0, 'control')").index("Izium"))
        page.wait_for_timeout(300)  # the popup's fade-in
        pop = page.locator(".leaflet-popup").bounding_box()
        assert pop["x"] >= 0 and pop["x"] + pop["width"] <= 375
        assert page.locator(".gm-legend").is_hidden() and page.locator(".gm-list").is_hidden()
    _clean(run, path)


def test_compare_maps_move_together_and_list_changes(tmp_path: Path) -> None:
    s = sample()
    html = render_compare(s.reports, D1, D2, articles=s.articles)
    path = write_atomic(tmp_path / "compare.html", html)
    blob = _blob(html)
    with open_page(path) as (page, run):
        assert page.locator(".folium-map").count() == 2
        left, right = page.evaluate("GM.counts(0)"), page.evaluate("GM.counts(1)")
        assert left["control"] == len(blob["left"]["control"])
        assert right["control"] == len(blob["right"]["control"])
        assert right["changes"] == len(blob["right"]["changes"]) > 0
        page.evaluate("GM.maps[0].map.setView([48.9, 38.4], 9, {animate: false})")
        assert page.evaluate("GM.maps[1].map.getZoom()") == 9
        center = page.evaluate("GM.maps[1].map.getCenter()")
        assert abs(center["lat"] - 48.9) < 0.01 and abs(center["lng"] - 38.4) < 0.01
        changes = page.inner_text("#gm-changes")
        assert "2022-02-27 → 2022-06-01" in changes and "Sievierodonetsk" in changes
        click_symbol(page, "changes", 0, map_index=1)
        assert page.locator(".gm-popup blockquote").count() >= 1
        # the list of changes shows each place on the map
        page.evaluate("GM.maps.forEach(e => e.map.closePopup())")
        page.locator("#gm-changes button.gm-link").first.click()
        page.wait_for_selector(".gm-popup", timeout=5000)
        first = page.locator("#gm-changes button.gm-link").first.inner_text()
        assert page.inner_text(".gm-popup h3") == first
    _clean(run, path)


def test_timeline_slider_changes_the_date(tmp_path: Path) -> None:
    s = sample()
    path = write_atomic(tmp_path / "timeline.html", render_timeline(s.reports, articles=s.articles))
    with open_page(path) as (page, run):
        assert page.evaluate("window.geomapDate") == "2022-06-01"
        late = page.evaluate("GM.counts(0)")
        page.click(".gm-prev")
        assert page.evaluate("window.geomapDate") == "2022-02-27"
        assert page.inner_text(".gm-slider-date") == "2022-02-27"
        early = page.evaluate("GM.counts(0)")
        assert early["control"] < late["control"]
        assert early["fighting"] == 3
        click_symbol(page, "fighting", 0)
        assert "2022-02-27" in page.inner_text(".gm-popup")
        page.click(".gm-next")
        assert page.evaluate("GM.counts(0)") == late
        # Play from the last date starts again at the first and walks forward to the end
        page.click(".gm-play")
        assert page.evaluate("window.geomapDate") == "2022-02-27"
        page.wait_for_function("window.geomapDate === '2022-06-01'", timeout=5000)
        page.wait_for_function("document.querySelector('.gm-play').textContent === 'Play'")
        # what Leaflet clears when a marker goes must cover its name, or stepping back in time
        # leaves names of the later date on the canvas
        uncovered = page.evaluate(
            """() => {
              const e = GM.maps[0], ctx = e.painter.R._ctx, bad = [];
              e.map.setZoom(9, {animate: false});
              e.painter.groups.control.getLayers().forEach(m => {
                ctx.font = '12px system-ui, sans-serif';
                const c = m._center(), w = ctx.measureText(m.options.name).width;
                if (m._pxBounds.max.x < c.x + m._radius + 5 + w) bad.push(m.gmName);
              });
              return bad; }"""
        )
        assert uncovered == []
    _clean(run, path)


def test_embedded_map_fills_an_article_column_on_a_phone(tmp_path: Path) -> None:
    from geomap.render import embed_snippet

    s = sample()
    write_atomic(tmp_path / "map.html", render_map(s.reports, D2, articles=s.articles))
    article = write_atomic(
        tmp_path / "article.html",
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        '</head><body style="margin:0"><main style="max-width:680px;margin:0 auto;'
        'padding:0 16px"><p>Reporting from the east.</p>'
        + embed_snippet("map.html", title="Situation on 2022-06-01")
        + "<p>More text.</p></main></body></html>",
    )
    for width, column in ((375, 343), (1200, 680)):
        with open_page(article, width=width, height=800, ready=False) as (page, run):
            frame = page.frame_locator("iframe")
            frame.locator(".gm-title-main").wait_for(timeout=15000)
            box = page.locator("iframe").bounding_box()
            assert abs(box["width"] - column) < 1
            assert box["height"] >= 360
            assert frame.locator(".gm-title-main").inner_text() == "Situation on 2022-06-01"
        assert run.blocked == [] and run.page_errors == [] and run.console_errors == []


def _bakhmut_and_kharkiv(a) -> list:
    """Two reports from inside Ukraine, on D2."""
    return [
        report(a, "Bakhmut", Kind.FIGHTING, Actor.RU, D2, lat=48.595, lon=38.0),
        report(a, "Kharkiv", Kind.STRIKE, Actor.RU, D2, lat=49.99, lon=36.23),
    ]


def _in_view(page) -> bool:
    """Both of those are in the first map's view."""
    return _view_holds(page, 48.595, 38.0) and _view_holds(page, 49.99, 36.23)


def _view_holds(page, lat: float, lon: float) -> bool:
    return page.evaluate(f"GM.maps[0].map.getBounds().contains([{lat}, {lon}])")


def test_the_first_view_frames_ukraine_not_a_report_from_the_urals(tmp_path: Path) -> None:
    a = article("Strikes far and near", D2)
    reports = [
        *_bakhmut_and_kharkiv(a),
        report(a, "Yekaterinburg", Kind.STRIKE, Actor.UA, D2, lat=56.86, lon=60.61),
    ]
    path = write_atomic(tmp_path / "map.html", render_map(reports, D2, articles={a.id: a}))
    with open_page(path) as (page, run):
        assert _in_view(page)
        assert not _view_holds(page, 56.86, 60.61)  # drawn, a zoom out away
        assert page.evaluate("GM.counts(0)")["fighting"] == 3
        _clean(run, path)
    # A map of nothing but the far report is framed on it.
    alone = write_atomic(tmp_path / "far.html", render_map(reports[2:], D2, articles={a.id: a}))
    with open_page(alone) as (page, run):
        assert _view_holds(page, 56.86, 60.61)
        _clean(run, alone)


def test_places_that_share_a_name_are_told_apart_in_lists_and_popups(tmp_path: Path) -> None:
    a = article("Two villages, one name", D2)
    reports = [
        report(a, "Mykolaivka", Kind.FIGHTING, Actor.RU, D2, lat=48.862, lon=37.768,
               place_id="gn:700119"),  # Donetsk Oblast
        report(a, "Mykolaivka", Kind.STRIKE, Actor.RU, D2, lat=48.590, lon=39.522,
               place_id="gn:700130"),  # Luhansk Oblast
        report(a, "Bakhmut", Kind.FIGHTING, Actor.RU, D2, lat=48.595, lon=38.0),
    ]  # fmt: skip
    path = write_atomic(tmp_path / "map.html", render_map(reports, D2, articles={a.id: a}))
    with open_page(path) as (page, run):
        page.click(".gm-list summary")
        names = page.locator(".gm-list li button").all_inner_texts()
        assert names == [
            "Bakhmut", "Mykolaivka (Donetsk Oblast)", "Mykolaivka (Luhansk Oblast)"
        ]  # fmt: skip
        page.locator(".gm-list li button").nth(2).click()
        assert page.inner_text(".leaflet-popup-content h3") == "Mykolaivka (Luhansk Oblast)"
        _clean(run, path)


def test_a_timeline_whose_first_day_is_far_away_still_frames_ukraine(tmp_path: Path) -> None:
    a = article("Far first, then near", D2)
    reports = [
        report(a, "Yekaterinburg", Kind.STRIKE, Actor.UA, D1, lat=56.86, lon=60.61),
        *_bakhmut_and_kharkiv(a),
    ]
    path = write_atomic(tmp_path / "t.html", render_timeline(reports, articles={a.id: a}))
    with open_page(path) as (page, run):
        assert _in_view(page)
        assert not _view_holds(page, 56.86, 60.61)
        _clean(run, path)


def test_a_map_in_a_frame_without_a_size_yet_is_framed_once_it_has_one(tmp_path: Path) -> None:
    # An <iframe> still being laid out has no size when the map's script runs; fitting then
    # showed the whole world (the index page's embedded map, now and then).
    a = article("Embedded", D2)
    reports = _bakhmut_and_kharkiv(a)
    write_atomic(tmp_path / "map.html", render_map(reports, D2, articles={a.id: a}))
    host = write_atomic(
        tmp_path / "host.html",
        '<!doctype html><html><body><iframe id="f" src="map.html" '
        'style="width:0;height:0;border:0"></iframe><script>'
        "setTimeout(function () { var f = document.getElementById('f');"
        " f.style.width = '800px'; f.style.height = '600px'; }, 600);"
        "</script></body></html>",
    )
    with open_page(host, ready=False) as (page, run):
        page.wait_for_timeout(1500)
        frame = next(f for f in page.frames if f.url.endswith("map.html"))
        zoom, holds = frame.evaluate(
            "[GM.maps[0].map.getZoom(),"
            " GM.maps[0].map.getBounds().contains([48.595, 38.0])"
            " && GM.maps[0].map.getBounds().contains([49.99, 36.23])]"
        )
        assert zoom >= 5 and holds
        # Its popups are as wide as the map now allows, not as the map was at size 0 (200 px).
        width = frame.evaluate(
            "(() => { GM.maps[0].painter.groups.fighting.getLayers()[0].openPopup();"
            " return document.querySelector('.leaflet-popup-content').offsetWidth; })()"
        )
        assert width > 260
        assert run.page_errors == [] and run.blocked == []
