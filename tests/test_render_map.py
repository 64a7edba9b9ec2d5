"""Render tests without a browser: what a map page contains, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from browser_helpers import D1, D2, sample
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import BadDate, RenderError
from geomap.models import Actor, Kind, Modality
from geomap.render import embed_snippet, render_compare, render_map, render_timeline
from geomap.render.evidence import Evidence, dumps_script, safe_href
from geomap.render.scene import date_layers


def _blob(html: str) -> dict:
    m = re.search(r"var geomap_data_\w+ = (\{.*?\});\n", html)
    assert m, "no data blob in the page"
    return json.loads(m.group(1))


def test_map_is_self_contained() -> None:
    s = sample()
    html = render_map(s.reports, D2, articles=s.articles)
    assert "<script src=" not in html
    assert 'rel="stylesheet"' not in html
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
    assert "Leaflet 1.9" in html  # inlined
    assert "Situation on 2022-06-01" in html


def test_cdn_option_links_leaflet() -> None:
    html = render_map(sample().reports, D2, cdn=True)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@' in html
    assert len(html) < len(render_map(sample().reports, D2)) - 100_000


def test_attribution_on_every_map_and_tiles_credit() -> None:
    s = sample()
    for html in (
        render_map(s.reports, D2),
        render_compare(s.reports, D1, D2),
        render_timeline(s.reports),
    ):
        attribution = _blob(html)["attribution"]
        assert "GeoNames" in attribution and "CC BY 4.0" in attribution
        assert "KATOTTG" in attribution and "Natural Earth" in attribution
    osm = render_map(s.reports, D2, tiles="osm")
    assert "tile.openstreetmap.org" in osm
    assert "openstreetmap.org/copyright" in osm  # the tile layer's own credit
    assert _blob(osm)["tiles"] is True


def test_same_inputs_give_identical_bytes() -> None:
    s = sample()
    assert render_map(s.reports, D2, articles=s.articles) == render_map(
        list(reversed(s.reports)), D2, articles=s.articles
    )
    assert render_compare(s.reports, D1, D2) == render_compare(s.reports, D1, D2)
    assert render_timeline(s.reports) == render_timeline(s.reports)


def test_layers_never_draw_hypothetical_as_fact_and_regions_as_areas() -> None:
    s = sample()
    ev = Evidence(s.articles)
    view = date_layers(s.reports, D2, ev, window_days=7)
    names = {
        k: sorted(ev.places[row[0]][0] for row in view[k])
        for k in ("control", "fighting", "sieges", "moves", "regions", "mentioned")
    }
    # the hypothetical "if the Russians manage to take Lysychansk" is only a mention
    lys = [row for row in view["control"] if ev.places[row[0]][0] == "Lysychansk"]
    assert lys and lys[0][1] == "UA"
    assert names["mentioned"] == ["Lysychansk"]
    # the Donbas is a region (a shape), never a point of control or fighting
    assert names["regions"] == ["Donbas"]
    assert "Donbas" not in names["control"] + names["fighting"]
    donbas = ev.places[view["regions"][0][0]]
    assert donbas[6] is not None  # an area: geometry or box, not a bare point
    # partial control keeps its percentage
    sev = [row for row in view["control"] if ev.places[row[0]][0] == "Sievierodonetsk"]
    assert sev[0][2] == 70.0


def test_popup_data_carries_evidence() -> None:
    s = sample()
    blob = _blob(render_map(s.reports, D2, articles=s.articles))
    t = blob["tables"]
    sev = next(r for r in t["reports"] if "70%" in t["sentences"][r[1]])
    sentence = t["sentences"][sev[1]]
    assert sentence[sev[2] : sev[3]] == "Sievierodonetsk"
    assert sev[6] == "Luhansk regional governor"
    art = t["articles"][sev[0]]
    assert art[0] == "Severodonetsk street fighting" and "seeds/000.txt" in art[2]


def test_window_changes_fighting() -> None:
    s = sample()
    late = D2 + dt.timedelta(days=10)
    assert _blob(render_map(s.reports, late))["view"]["fighting"] == []
    assert len(_blob(render_map(s.reports, late, window_days=14))["view"]["fighting"]) == 2


def test_script_json_cannot_close_the_script() -> None:
    text = dumps_script({"x": "</script><script>alert(1)</script><!-- \u2028"})
    assert "</script" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text)["x"].startswith("</script>")


def test_safe_href_keeps_only_http() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "seeds/a.txt",
        "",
    ):
        assert safe_href(bad) == ""


def test_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(BadDate, match="2022-13-01"):
        render_map([], "2022-13-01")
    with pytest.raises(RenderError, match="before"):
        render_compare([], D2, D1)
    with pytest.raises(RenderError, match="no dated reports"):
        render_timeline([])
    with pytest.raises(RenderError, match="tiles"):
        render_map([], D2, tiles="google")


def test_embed_snippet_is_responsive_and_escaped() -> None:
    html = embed_snippet('maps/a"b.html', title="<Bakhmut>")
    assert "width:100%" in html and "min-height:360px" in html
    assert "a&#34;b.html" in html and "&lt;Bakhmut&gt;" in html
    assert 'sandbox="allow-scripts' in html


def test_negated_report_stays_off_the_control_layer() -> None:
    from browser_helpers import article, report

    a = article("Failed assault", D2)
    r = report(
        a,
        "Avdiivka",
        Kind.CAPTURED,
        Actor.RU,
        D2,
        lat=48.14,
        lon=37.74,
        modality=Modality.NEGATED,
        sentence="Russia failed to capture Avdiivka.",
    )
    blob = _blob(render_map([r], D2, articles={a.id: a}))
    assert blob["view"]["control"] == []
    assert len(blob["view"]["mentioned"]) == 1


def test_every_map_command_has_help() -> None:
    runner = CliRunner()
    for name in ("map", "compare", "timeline", "build", "png"):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example" in result.output


def test_map_command_reports_a_missing_store(tmp_path) -> None:
    result = CliRunner().invoke(
        cli, ["map", "--date", "2022-06-01", "--store", str(tmp_path / "none.sqlite")]
    )
    assert result.exit_code == 1
    assert "Error:" in result.output and "none.sqlite" in result.output


def test_map_command_rejects_a_bad_date(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["map", "--date", "June", "--store", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "June" in result.output


def test_public_api_resolves() -> None:
    import geomap.render as render

    for name in render.__all__:
        assert callable(getattr(render, name)), name
    with pytest.raises(AttributeError):
        _ = render.no_such_thing


def test_a_lasting_siege_shows_what_said_so() -> None:
    s = sample()
    ev = Evidence(s.articles)
    view = date_layers(s.reports, D2, ev)
    (kherson,) = view["sieges"]
    assert ev.places[kherson[0]][0] == "Kherson"
    said = [ev.sentences[ev.reports[i][1]] for i in kherson[1]]
    assert said == ["The Russian army announced that it has besieged Kherson."]


def test_reports_without_real_coordinates_are_left_off() -> None:
    from browser_helpers import article, report

    a = article("Broken", D2)
    bad = report(a, "Nowhere", Kind.FIGHTING, Actor.RU, D2, lat=float("nan"), lon=30.0)
    good = report(a, "Kupiansk", Kind.FIGHTING, Actor.RU, D2, lat=49.71, lon=37.61)
    for html in (render_map([bad, good], D2), render_timeline([bad, good])):
        places = [p[0] for p in _blob(html)["tables"]["places"]]
        assert places == ["Kupiansk"]


def test_places_sharing_a_name_get_the_oblast_then_raion_then_coordinates() -> None:
    ev = Evidence({})
    for pid, lat, lon in [
        ("gn:700119", 48.862, 37.768),  # Mykolaivka, Kramatorsk Raion, Donetsk Oblast
        ("gn:700131", 48.576, 37.798),  # another in the same raion
        ("gn:700130", 48.590, 39.522),  # Mykolaivka, Luhansk Oblast
        ("x:unknown", 50.0, 30.0),  # not in the gazetteer
    ]:
        ev.place(pid, "Mykolaivka", lat, lon)
    ev.place("t:bakhmut", "Bakhmut", 48.595, 38.0)
    where = [row[7] for row in ev.tables()["places"]]
    assert where == [
        "Kramatorsk Raion, Donetsk Oblast, 48.86, 37.77",
        "Kramatorsk Raion, Donetsk Oblast, 48.58, 37.80",
        "Luhansk Oblast",
        "50.00, 30.00",
        "",
    ]
    assert [row[0] for row in ev.tables()["places"]][:2] == ["Mykolaivka", "Mykolaivka"]


def test_a_river_and_a_city_of_one_name_are_told_apart_by_kind() -> None:
    ev = Evidence({})
    ev.place("gn:709930", "Dnipro", 48.45, 35.04)  # the city
    ev.place("ft:dnipro-river", "Dnipro", 47.5, 34.0, kind="river")
    where = [row[7] for row in ev.tables()["places"]]
    assert where == ["Dnipropetrovsk Oblast", "river"]
