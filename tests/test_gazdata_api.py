"""The data layer's public API: what the modules export exists and says what it does."""

from __future__ import annotations

import importlib

import pytest

MODULES = ("gazetteer.data", "gazetteer.sources", "gazetteer.geonames_dump")


@pytest.mark.parametrize("name", MODULES)
def test_exports_exist_and_are_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__
    assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n))
    for export in module.__all__:
        value = getattr(module, export)
        if callable(value):
            assert value.__doc__, f"{name}.{export} has no docstring"


def test_the_contract_names_are_there():
    from gazetteer import data

    assert {"load_places", "load_names", "data_info"} <= set(data.__all__)
    assert data.NAME_KINDS == (
        "official", "alternate", "russian", "historical", "cyrillic", "alias", "misspelling",
    )  # fmt: skip
