"""The state commands through click's runner: control, changes, frontline, check-reference."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geomap.cli.state_cmd import COMMANDS
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Report
from geomap.store import ReportStore

REFERENCE = Path(__file__).parent / "data" / "state" / "reference_small.geojson"
D = dt.date


@click.group()
def cli() -> None:
    """Stand-in for the geomap group (the integrator registers COMMANDS there)."""


for _command in COMMANDS:
    cli.add_command(_command)


def _report(rid, place, lon, lat, kind, actor, day, side=Actor.UNKNOWN):
    return Report(
        rid,
        "art1",
        f"p:{place.lower()}",
        place,
        lat,
        lon,
        kind,
        actor,
        Modality.ASSERTED,
        DateGuess.exact(day, "explicit"),
        f"{place} {kind}",
        0,
        5,
        0,
        3,
        claimant_side=side,
    )


@pytest.fixture()
def store(tmp_path):
    path = tmp_path / "war.sqlite"
    reports = [
        _report("r1", "Kherson", 32.62, 46.64, Kind.CAPTURED, Actor.RU, D(2022, 3, 2)),
        _report("r2", "Kherson", 32.62, 46.64, Kind.LIBERATED, Actor.UA, D(2022, 11, 11)),
        _report("r3", "Donetsk", 37.80, 48.00, Kind.CONTROLS, Actor.RU, D(2022, 11, 1)),
        _report("r4", "Kramatorsk", 37.55, 48.72, Kind.HOLDS, Actor.UA, D(2022, 11, 1)),
        _report("r5", "Horlivka", 38.05, 48.30, Kind.CONTROLS, Actor.UA, D(2022, 11, 2)),
    ]
    article = Article(
        id="art1",
        text="x" * 20,
        title="t",
        source="t.txt",
        published=DateGuess.exact(D(2022, 11, 12), "explicit"),
    )
    with ReportStore(path) as s:
        s.add(article, [], reports)
    return str(path)


def test_control_table_and_json(store):
    runner = CliRunner()
    result = runner.invoke(cli, ["control", "--store", store, "--date", "2022-11-12", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["place_name"], r["controller"], r["since"]) for r in rows] == [
        ("Donetsk", "RU", "2022-11-01"),
        ("Horlivka", "UA", "2022-11-02"),
        ("Kherson", "UA", "2022-11-11"),
        ("Kramatorsk", "UA", "2022-11-01"),
    ]
    table = runner.invoke(cli, ["control", "--store", store, "--date", "2022-03-05"])
    assert table.exit_code == 0
    assert table.output.splitlines()[0].startswith("place_name")
    assert "Kherson" in table.output and "Donetsk" not in table.output


def test_changes_with_geojson(store, tmp_path):
    out = tmp_path / "changes.geojson"
    result = CliRunner().invoke(
        cli,
        ["changes", "2022-10-01", "2022-11-30", "--store", store, "--csv", "--geojson", str(out)],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "place_name,kind,before,after,since,reports,place_id"
    assert lines[3] == "Kherson,regained by UA,RU,UA,2022-11-11,r2,p:kherson"
    assert len(json.loads(out.read_text())["features"]) == 4


def test_frontline_writes_geojson(store, tmp_path):
    out = tmp_path / "front.geojson"
    result = CliRunner().invoke(
        cli, ["frontline", "--store", store, "--date", "2022-11-12", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    layers = {f["properties"]["layer"] for f in json.loads(out.read_text())["features"]}
    assert layers == {"zone", "line"}


def test_check_reference(store, tmp_path):
    out = tmp_path / "check.geojson"
    result = CliRunner().invoke(
        cli,
        [
            "check-reference",
            str(REFERENCE),
            "--store",
            store,
            "--date",
            "2022-11-12",
            "--select",
            "layer=occupied",
            "--geojson",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:]}
    # Donetsk is 7 km outside the small test polygon, Horlivka inside it
    assert rows == {
        "Donetsk": "disagrees",
        "Horlivka": "disagrees",
        "Kherson": "agrees",
        "Kramatorsk": "agrees",
    }
    assert "Warning: the reference is of 2023-01-16, the states of 2022-11-12." in result.stderr
    assert "2 agree, 2 disagree, 0 near the line" in result.stderr
    layer = json.loads(out.read_text())
    assert layer["features"][0]["properties"]["layer"] == "reference"


def test_errors_are_one_line_with_exit_1(store, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["control", "--store", store, "--date", "June"])
    assert bad.exit_code == 1 and "Error: --date: 'June' is not a date" in bad.output
    missing = runner.invoke(
        cli, ["control", "--store", str(tmp_path / "no.sqlite"), "--date", "2022-01-01"]
    )
    assert missing.exit_code == 1 and "no store here" in missing.output
    ref = runner.invoke(
        cli,
        [
            "check-reference",
            str(tmp_path / "none.geojson"),
            "--store",
            store,
            "--date",
            "2022-11-12",
        ],
    )
    assert ref.exit_code == 1 and "none.geojson: no such file" in ref.output
    back = runner.invoke(cli, ["changes", "2022-11-30", "2022-10-01", "--store", store])
    assert back.exit_code == 1 and "before FIRST" in back.output
    for command in COMMANDS:
        assert command.help and runner.invoke(cli, [command.name, "--help"]).exit_code == 0
