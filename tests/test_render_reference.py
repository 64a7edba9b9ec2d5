"""A reference map of control drawn under the reports, with a layer of agreement.

The reference is tests/data/render/occupied_2022-06-01.geojson: three ~8 km boxes around
Berdyansk, Izium and Lysychansk ("occupied") and one around Kharkiv ("liberated"). Against the
stand-in reports of browser_helpers.sample() on 2022-06-01 (occupied layer only): Berdyansk,
Izium (RU, inside), Kharkiv, Kherson (UA, far outside) agree; Lysychansk (UA, inside), Bakhmut
(RU, outside) and Melitopol (contested, far from any edge) disagree; Sievierodonetsk lies 0.7
km outside the Lysychansk box: near the line.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser_helpers import D1, D2, chromium_missing, click_symbol, open_page, sample
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import reference
from geomap.cli import cli
from geomap.render import render_compare, render_map, write_atomic
from geomap.store import ReportStore

DATA = Path(__file__).parent / "data" / "render"
REF_FILE = DATA / "occupied_2022-06-01.geojson"
LABEL = "Reference: occupied_2022-06-01.geojson (2022-06-01)"
EXPECTED = {
    "agrees": ["Berdyansk", "Izium", "Kharkiv", "Kherson"],
    "disagrees": ["Bakhmut", "Lysychansk", "Melitopol"],
    "near line": ["Sievierodonetsk"],
}

browser = pytest.mark.skipif(
    chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent"
)


def _ref(path: Path = REF_FILE) -> reference.Reference:
    return reference.load(path, select={"layer": "occupied"})


def _blob(html: str) -> dict:
    return json.loads(re.search(r"var geomap_data_\w+ = (\{.*?\});\n", html).group(1))


def _clean(run, path: Path) -> None:
    assert run.page_errors == []
    assert run.console_errors == []
    assert run.dialogs == []
    assert run.blocked == []
    assert run.requests == [path.resolve().as_uri()]


# ---- without a browser ------------------------------------------------------------------------
def test_view_has_the_polygons_rows_and_counts() -> None:
    s = sample()
    html = render_map(s.reports, D2, articles=s.articles, reference=_ref())
    blob = _blob(html)
    ref = blob["view"]["reference"]
    assert ref["label"] == LABEL and ref["controller"] == "RU"
    assert len(ref["polygons"]) == 3  # the "liberated" Kharkiv box is not selected
    places = blob["tables"]["places"]
    got: dict[str, list[str]] = {}
    for row in ref["rows"]:
        got.setdefault(row[1], []).append(places[row[0]][0])
    assert {k: sorted(v) for k, v in got.items()} == EXPECTED
    assert ref["counts"]["agrees"] == 4 and ref["counts"]["near line"] == 1
    assert blob["subtitle"].endswith("reference: agrees 4, disagrees 3, near line 1")
    assert "Reports agree with the reference" in blob["legend"]


def test_same_inputs_same_bytes_and_no_reference_changes_nothing() -> None:
    s = sample()
    one = render_map(s.reports, D2, articles=s.articles, reference=_ref())
    assert one == render_map(s.reports, D2, articles=s.articles, reference=_ref())
    plain = render_map(s.reports, D2, articles=s.articles)
    assert plain == render_map(s.reports, D2, articles=s.articles, reference=None)
    for marker in ("Agreement with the reference", "gm-ref-name", '"reference"'):
        assert marker not in plain
    assert "Agreement with the reference" in one


def test_pages_allow_pinch_zoom() -> None:
    html = render_map([], D2)
    assert "user-scalable=no" not in html and "maximum-scale" not in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1.0" />' in html


@settings(max_examples=15, deadline=None)
@given(name=st.text(min_size=1, max_size=30).filter(lambda t: "/" not in t and "\x00" not in t))
def test_any_file_name_stays_data(name: str) -> None:
    ref = reference.Reference(_ref().geometry, date=D2, source=f"dir/{name}<script>x</script>")
    html = render_map([], D2, basemap=False, reference=ref)
    assert "<script>x</script>" not in html
    label = _blob(html)["view"]["reference"]["label"]
    assert label == f"Reference: {Path('dir/' + name + '<script>x</script>').name} (2022-06-01)"


# ---- in a browser -----------------------------------------------------------------------------
@pytest.mark.browser
@browser
def test_map_draws_reference_and_agreement_and_opens_popups(tmp_path: Path) -> None:
    s = sample()
    html = render_map(s.reports, D2, articles=s.articles, reference=_ref())
    path = write_atomic(tmp_path / "map.html", html)
    with open_page(path) as (page, run):
        counts = page.evaluate("GM.counts(0)")
        assert counts["reference"] == 3
        assert counts["agreement"] == 8
        assert page.evaluate("GM.maps[0].map.hasLayer(GM.maps[0].painter.groups.reference)")
        assert "agrees 4, disagrees 3, near line 1" in page.inner_text(".gm-title-sub")
        layers = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert [t.strip() for t in layers[-2:]] == [LABEL, "Agreement with the reference"]
        assert LABEL in page.text_content(".gm-legend")
        names = page.evaluate("GM.names(0, 'agreement')")
        page.evaluate("GM.maps[0].map.setZoom(10)")
        click_symbol(page, "agreement", names.index("Sievierodonetsk"))
        popup = page.inner_text(".gm-popup")
        assert "Near the reference's line: too close to call" in popup
        assert "Reports say: Russian control (as of 2022-06-01)" in popup
        assert "Reference says: Ukrainian control (outside its area)" in popup
        assert "Distance to the reference's edge: 0.7 km outside" in popup
        assert "Russian forces controlled about 70% of Sievierodonetsk" in popup
        click_symbol(page, "agreement", names.index("Lysychansk"))
        popup = page.inner_text(".gm-popup")
        assert "Disagrees with the reference" in popup
        assert "Reference says: Russian control (inside its area)" in popup
        assert "Lysychansk remains under Ukrainian control for now." in popup
        # the same check as a table whose place names are buttons (keyboard, screen readers)
        page.evaluate("GM.maps[0].map.closePopup()")
        page.click(".gm-ref-table summary")
        assert page.inner_text(".gm-ref-table summary") == (
            "Reference check (agrees 4, disagrees 3, near line 1)"
        )
        rows = page.locator(".gm-ref-table tbody tr").all_inner_texts()
        assert len(rows) == 8
        assert rows[names.index("Melitopol")].split("\t") == [
            "Melitopol", "contested", "UA", "disagrees", "-104.6"
        ]  # fmt: skip
        page.locator(".gm-ref-table button", has_text="Kherson").click()
        page.wait_for_selector(".gm-popup h3")
        assert page.inner_text(".gm-popup h3") == "Kherson"
        assert "Agrees with the reference" in page.inner_text(".gm-popup")
    _clean(run, path)


@pytest.mark.browser
@browser
def test_compare_draws_the_reference_on_the_second_map(tmp_path: Path) -> None:
    s = sample()
    html = render_compare(s.reports, D1, D2, articles=s.articles, reference=_ref())
    path = write_atomic(tmp_path / "compare.html", html)
    with open_page(path) as (page, run):
        assert "reference" not in page.evaluate("GM.counts(0)")
        right = page.evaluate("GM.counts(1)")
        assert right["reference"] == 3 and right["agreement"] == 8
        assert LABEL in page.text_content(".gm-legend")
    _clean(run, path)


@pytest.mark.browser
@browser
def test_hostile_file_name_and_properties_are_text(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>\"'&amp;.geojson"
    data = json.loads(REF_FILE.read_text())
    for f in data["features"]:
        f["properties"]["name"] = "<script>alert(2)</script>"
        f["properties"]["layer"] = "<b onmouseover=alert(3)>occupied</b>"
    src = tmp_path / hostile
    src.write_text(json.dumps(data))
    ref = reference.load(src, date=D2, select={"layer": "<b onmouseover=alert(3)>occupied</b>"})
    s = sample()
    html = render_map(s.reports, D2, articles=s.articles, reference=ref)
    assert "<img src=x" not in html and "<script>alert" not in html
    path = write_atomic(tmp_path / "map.html", html)
    label = f"Reference: {hostile} (2022-06-01)"
    with open_page(path) as (page, run):
        assert page.locator(".leaflet-control-layers img, .gm-legend img").count() == 0
        layers = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert label in [t.strip() for t in layers]
        assert label in page.text_content(".gm-legend")
        page.hover(".leaflet-control-layers")
    _clean(run, path)


@pytest.mark.browser
@browser
def test_phone_width_keeps_the_map_usable(tmp_path: Path) -> None:
    s = sample()
    path = write_atomic(
        tmp_path / "map.html", render_map(s.reports, D2, articles=s.articles, reference=_ref())
    )
    with open_page(path, width=375, height=700) as (page, run):
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.evaluate("GM.counts(0)")["agreement"] == 8
        names = page.evaluate("GM.names(0, 'agreement')")
        click_symbol(page, "agreement", names.index("Izium"))
        assert "Agrees with the reference" in page.inner_text(".gm-popup")
    _clean(run, path)


# ---- CLI --------------------------------------------------------------------------------------
def _store(tmp_path: Path) -> Path:
    s = sample()
    path = tmp_path / "s.sqlite"
    with ReportStore(path) as store:
        for aid, art in sorted(s.articles.items()):
            store.add(art, [], [r for r in s.reports if r.article_id == aid])
    return path


def test_cli_map_with_reference(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ref = tmp_path / REF_FILE.name
    shutil.copy(REF_FILE, ref)
    out = tmp_path / "check.html"
    args = ["map", "--date", "2022-06-01", "--store", str(store), "-o", str(out)]
    result = CliRunner().invoke(
        cli, [*args, "--reference", str(ref), "--reference-select", "layer=occupied"]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    blob = _blob(out.read_text())
    assert blob["view"]["reference"]["label"] == LABEL
    assert len(blob["view"]["reference"]["polygons"]) == 3
    assert blob["subtitle"].endswith("reference: agrees 4, disagrees 3, near line 1")
    # all four boxes, held by UA: the verdicts turn round
    result = CliRunner().invoke(
        cli, [*args, "--reference", str(ref), "--reference-controller", "UA"]
    )
    assert result.exit_code == 0, result.output
    assert len(_blob(out.read_text())["view"]["reference"]["polygons"]) == 4


def test_cli_reference_errors_are_clear(tmp_path: Path) -> None:
    store = _store(tmp_path)
    args = ["map", "--date", "2022-06-01", "--store", str(store), "-o", str(tmp_path / "m.html")]
    missing = tmp_path / "nope.geojson"
    result = CliRunner().invoke(cli, [*args, "--reference", str(missing)])
    assert result.exit_code == 1
    assert f"Error: {missing}: no such file" in result.output
    result = CliRunner().invoke(
        cli, [*args, "--reference", str(REF_FILE), "--reference-select", "layer=nothing"]
    )
    assert result.exit_code == 1 and "no polygons found" in result.output
    result = CliRunner().invoke(
        cli, [*args, "--reference", str(REF_FILE), "--reference-select", "x"]
    )
    assert result.exit_code == 1 and "'x' is not KEY=VALUE" in result.output
    result = CliRunner().invoke(cli, [*args, "--reference-select", "layer=occupied"])
    assert result.exit_code == 2 and "--reference-select needs --reference" in result.output
    result = CliRunner().invoke(
        cli, ["map", "--date", "2022-07-01", "--store", str(store), "-o", str(tmp_path / "m.html"),
              "--reference", str(REF_FILE)]
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Warning: the reference is dated 2022-06-01, the map 2022-07-01." in result.output


def test_cli_compare_with_reference(tmp_path: Path) -> None:
    store = _store(tmp_path)
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(
        cli,
        ["compare", "2022-02-27", "2022-06-01", "--store", str(store), "-o", str(out),
         "--reference", str(REF_FILE), "--reference-select", "layer=occupied"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    blob = _blob(out.read_text())
    assert "reference" not in blob["left"]
    assert blob["right"]["reference"]["label"] == LABEL
    assert blob["right"]["subtitle"].endswith("reference: agrees 4, disagrees 3, near line 1")
