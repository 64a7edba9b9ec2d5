"""``geomap png``: a static image of a map, taken offline."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from browser_helpers import D2, chromium_missing, sample
from click.testing import CliRunner

from geomap.cli import cli
from geomap.render import render_map, render_png, write_atomic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_missing(), reason="Debian chromium (/usr/bin/chromium) absent"),
]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_png_of_a_map(tmp_path: Path) -> None:
    s = sample()
    html = write_atomic(tmp_path / "map.html", render_map(s.reports, D2, articles=s.articles))
    out = render_png(html, tmp_path / "map.png", width=1200, height=630)
    assert _png_size(out) == (1200, 630)
    assert out.stat().st_size > 20_000  # a drawn map, not a blank page


def test_png_command_at_print_scale(tmp_path: Path) -> None:
    s = sample()
    html = write_atomic(tmp_path / "map.html", render_map(s.reports, D2, articles=s.articles))
    result = CliRunner().invoke(
        cli, ["png", str(html), "--width", "600", "--height", "400", "--scale", "2"]
    )
    assert result.exit_code == 0, result.output
    assert _png_size(tmp_path / "map.png") == (1200, 800)


def test_png_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["png", str(tmp_path / "nope.html")])
    assert result.exit_code == 2 and "nope.html" in result.output
