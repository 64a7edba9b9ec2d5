"""``geomap places``: lookups and the mentions of an article, as tables and JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geomap.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, ["places", *args], input=input)


def test_lookup_table():
    result = run("Bakhmut", "Kiev")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["query", "id", "name", "kind"]
    assert any(line.startswith("Bakhmut") and "Donetsk Oblast" in line for line in lines)
    assert any(line.startswith("Kiev") and " Kyiv " in line for line in lines)


def test_lookup_json():
    result = run("Soledar", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    (place,) = [p for p in data["Soledar"] if p["kind"] == "settlement"]
    assert place["admin1"] == "Donetsk Oblast"
    assert {"lat", "lon", "precision", "source"} <= set(place)


def test_misspelt_lookup_is_found_by_fuzzy_matching():
    result = run("Kramatorks", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["Kramatorks"][0]["name"] == "Kramatorsk"


def test_unknown_name_is_an_error():
    result = run("Xyzzyq")
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: no place named 'Xyzzyq'")


def test_text_file_table_and_json(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Russian troops shelled Bakhmut's centre and the Kharkiv region.", encoding="utf-8"
    )
    result = run("--text", str(article))
    assert result.exit_code == 0, result.output
    assert "Bakhmut" in result.output and "Kharkiv Oblast" in result.output
    data = json.loads(run("--text", str(article), "--json").output)
    assert [(m["text"], m["place"]["kind"]) for m in data] == [
        ("Bakhmut", "settlement"),
        ("Kharkiv region", "oblast"),
    ]
    assert all(m["reason"] for m in data)


def test_text_from_stdin():
    result = run("--text", "-", "--json", input="Explosions in Kherson.")
    assert json.loads(result.output)[0]["place"]["name"] == "Kherson"


def test_text_without_places(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nothing here.", encoding="utf-8")
    assert run("--text", str(article)).output.strip() == "no places found"


def test_bad_files_are_errors(tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02 Bakhmut")
    result = run("--text", str(binary))
    assert result.exit_code == 1
    assert "Error:" in result.output and "b.bin" in result.output
    latin = tmp_path / "l.txt"
    latin.write_bytes("Kyiv caf\xe9".encode("latin-1"))
    result = run("--text", str(latin))
    assert result.exit_code == 1 and "not UTF-8" in result.output
    result = run("--text", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and "missing.txt" in result.output


def test_usage_errors():
    assert run().exit_code == 2
    assert run("Bakhmut", "--text", "x").exit_code == 2


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "--text" in result.output and "--json" in result.output


def test_extra_places_file(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "name,lat,lon,admin1\nZzyzx Outpost,48.1,37.9,Donetsk Oblast\n", encoding="utf-8"
    )
    result = run("Zzyzx Outpost", "--extra", str(mine), "--json")
    assert result.exit_code == 0, result.output
    (place,) = json.loads(result.output)["Zzyzx Outpost"]
    assert (place["id"], place["source"]) == ("user:zzyzx-outpost", "user")
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nX\n", encoding="utf-8")
    result = run("Bakhmut", "--extra", str(bad))
    assert result.exit_code == 1 and "bad.csv" in result.output
