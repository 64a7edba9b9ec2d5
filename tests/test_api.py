"""The public API is what the docs promise: exports resolve, the docstring example runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import gazetteer
import geomap


def test_every_geomap_export_resolves():
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None, name


def test_every_gazetteer_export_resolves():
    for name in gazetteer.__all__:
        assert getattr(gazetteer, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    try:
        geomap.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_package_docstring_example_runs():
    failures, tried = doctest.testmod(geomap, verbose=False)
    assert tried > 0
    assert failures == 0


def test_import_geomap_does_not_load_the_heavy_libraries():
    code = "import sys, geomap; print(sorted({'folium', 'geopandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _modules(package) -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not info.name.endswith("__main__")  # runs the CLI when imported
    )


@pytest.mark.parametrize("name", _modules(geomap) + _modules(gazetteer))
def test_every_docstring_example_runs(name):
    failures, _ = doctest.testmod(
        importlib.import_module(name), verbose=False, report=False, optionflags=doctest.ELLIPSIS
    )
    assert failures == 0, f"{name}: {failures} docstring example(s) failed"
