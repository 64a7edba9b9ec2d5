"""``geomap read`` and the shared reading options, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from geomap.readers.command import read
from geomap.readers.options import read_kwargs

DATA = Path(__file__).parent / "data" / "articles"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(read, list(args), input=input)


def test_read_seeds_prints_one_line_per_article(seeds_dir: Path) -> None:
    result = run(str(seeds_dir))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    assert len(lines) == 5
    assert lines[0].split("  ")[2] == "2022-06-01 (day, date-line)"
    assert lines[2].split("  ")[2] == "2022-02-27 (day, war-relative)"
    assert "    evidence: nth-day-of-war: the fourth day of their offensive" in result.stdout


def test_read_json_output_and_field_options(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"story": "Shelling in Kherson.", "when": "2022-12-01"}\n', "utf-8")
    result = run(str(path), "--text-field", "story", "--date-field", "when", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["published"]["best"] == "2022-12-01"
    assert record["source"] == f"{path}:1"


def test_undated_and_unreadable_are_warnings_with_a_fix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling went on.\nMore shelling.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert f"warning: {tmp_path / 'b.txt'}: the file is empty" in result.stderr
    assert "no date found; give one with --date YYYY-MM-DD" in result.stderr


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "Error: no article could be read" in result.stderr


def test_bad_date_option_is_an_error_not_a_traceback(seeds_dir: Path) -> None:
    result = run(str(seeds_dir), "--date", "2022-02-30")
    assert result.exit_code == 1
    assert "Error: --date: '2022-02-30' is not a real date" in result.stderr


def test_stdin_and_format_option() -> None:
    result = run("-", "--format", "text", "--date", "2023-03", input="Fighting in Bakhmut.")
    assert result.exit_code == 0, result.output
    assert "2023-03-01 – 2023-03-31 (month, override)" in result.stdout


def test_read_kwargs_maps_options() -> None:
    kwargs = read_kwargs({"text_field": "body", "max_size_mb": 1.0, "fmt": "json"})
    assert kwargs["fields"] == {"text": "body"}
    assert kwargs["max_bytes"] == 1024 * 1024
    assert kwargs["fmt"] == "json" and kwargs["date"] is None
