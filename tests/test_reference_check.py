"""Reference layers: load a control GeoJSON and check states and reports against it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap import reference
from geomap.errors import InputError
from geomap.models import Actor, Controller, ControlState, DateGuess, Kind, Modality, Report

DATA = Path(__file__).parent / "data" / "state"
SMALL = DATA / "reference_small.geojson"
D = dt.date


def state(pid, lon, lat, controller, *, stale=False):
    return ControlState(
        pid,
        pid.title(),
        lat,
        lon,
        controller,
        D(2023, 1, 1),
        D(2023, 1, 16),
        supporting=(f"r-{pid}",),
        stale=stale,
    )


def load_occupied():
    return reference.load(SMALL, select={"layer": "occupied"})


def test_load_reads_polygons_date_and_selection():
    ref = load_occupied()
    assert ref.date == D(2023, 1, 16) and ref.controller is Controller.RU
    assert ref.geometry.bounds == (37.9, 47.5, 39.8, 49.5)
    both = reference.load(SMALL, date=D(2023, 2, 1))
    assert both.date == D(2023, 2, 1) and both.geometry.area > ref.geometry.area
    assert ref.controller_at(38.5, 48.5) is Controller.RU
    assert ref.controller_at(36.5, 48.5) is Controller.UA
    layer = ref.to_geojson()["features"][0]["properties"]
    assert layer["date"] == "2023-01-16" and layer["controller"] == "RU"


def test_check_states_verdicts():
    ref = load_occupied()
    states = {
        "donetsk": state("donetsk", 38.5, 48.5, Controller.RU),  # deep inside: agrees
        "kramatorsk": state("kramatorsk", 37.55, 48.72, Controller.UA),  # outside: agrees
        "wrong": state("wrong", 39.0, 48.0, Controller.UA),  # inside but says UA
        "edge": state("edge", 37.91, 48.5, Controller.UA),  # 0.7 km from the edge
        "front": state("front", 37.85, 48.3, Controller.CONTESTED),  # contested near the edge
        "far": state("far", 30.5, 50.45, Controller.CONTESTED),  # contested far from it
        "blank": state("blank", 36.0, 48.0, Controller.UNKNOWN),
        "moscow": state("moscow", 37.62, 55.75, Controller.RU),
    }
    found = reference.check(states, ref)
    verdicts = {a.place_id: a.verdict for a in found}
    assert verdicts == {
        "donetsk": "agrees",
        "kramatorsk": "agrees",
        "wrong": "disagrees",
        "edge": "near line",
        "front": "agrees",
        "far": "disagrees",
        "blank": "no claim",
        "moscow": "outside",
    }
    by_id = {a.place_id: a for a in found}
    assert by_id["donetsk"].distance_km > 30 and by_id["kramatorsk"].distance_km < 0
    assert by_id["wrong"].reference is Controller.RU and by_id["wrong"].claimed is Controller.UA
    assert by_id["wrong"].reports == ("r-wrong",)
    assert [a.place_name for a in found] == sorted(a.place_name for a in found)
    assert reference.summary(found) == {
        "agrees": 3,
        "disagrees": 2,
        "near line": 1,
        "no claim": 1,
        "outside": 1,
        "rate_percent": 60,
        "stale": 0,
    }
    geo = reference.agreements_geojson(found)
    assert {f["properties"]["verdict"] for f in geo["features"]} == set(reference.VERDICTS)
    assert reference.check(states, ref, margin_km=0)[2].verdict != "near line"


def test_check_reports_uses_each_control_report():
    ref = load_occupied()

    def rep(rid, kind, actor, lon, lat, modality=Modality.ASSERTED):
        return Report(
            rid,
            "a",
            f"p{rid}",
            f"P{rid}",
            lat,
            lon,
            kind,
            actor,
            modality,
            DateGuess.exact(D(2023, 1, 10), "explicit"),
            "s",
            0,
            1,
            0,
            1,
        )

    reports = [
        rep("1", Kind.CAPTURED, Actor.RU, 38.5, 48.5),
        rep("2", Kind.HOLDS, Actor.UA, 38.6, 48.6),
        rep("3", Kind.FIGHTING, Actor.RU, 38.5, 48.5),  # activity: no claim to check
        rep("4", Kind.CAPTURED, Actor.RU, 36.5, 48.5, Modality.HYPOTHETICAL),
    ]
    found = reference.check(reports, ref)
    assert [(a.reports, a.verdict) for a in found] == [(("1",), "agrees"), (("2",), "disagrees")]
    assert found[0].date == D(2023, 1, 10)


@pytest.mark.parametrize(
    "content,message",
    [
        ("not json", "not JSON"),
        ('{"a": 1}', "not GeoJSON"),
        ('{"type": "FeatureCollection", "features": []}', "no polygons"),
        ('{"type": "Point", "coordinates": [30, 50]}', "no polygons"),
        (
            '{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", '
            '"coordinates": "x"}}',
            "bad geometry",
        ),
    ],
)
def test_bad_files_say_which_file_and_why(tmp_path, content, message):
    path = tmp_path / "ref.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        reference.load(path)
    assert str(path) in str(info.value)


def test_missing_file_and_bad_controller(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        reference.load(tmp_path / "nope.geojson")
    with pytest.raises(InputError, match="RU or UA"):
        reference.load(SMALL, controller="contested")


def test_date_from_file_name(tmp_path):
    data = json.loads(SMALL.read_text())
    for f in data["features"]:
        f["properties"] = {}
    path = tmp_path / "occupied_2024-02-18.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert reference.load(path).date == D(2024, 2, 18)


def test_a_coastal_place_is_not_near_the_line():
    import shapely

    from geomap import geodata

    area = geodata.ukraine_outline().intersection(shapely.box(36.5, 46.0, 38.0, 47.5))
    ref = reference.Reference(area, date=D(2022, 6, 1), source="coast test")
    berdiansk = state("berdiansk", 36.80, 46.76, Controller.RU, stale=True)  # on the coast
    (found,) = reference.check([berdiansk], ref)
    assert found.verdict == "agrees" and found.distance_km > 20
    assert reference.summary([found])["stale"] == 1
