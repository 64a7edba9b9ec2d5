"""The public names of the articles and dating modules are what their docs promise."""

from __future__ import annotations

import importlib

import pytest

MODULES = {
    "geomap.articles": {"read_paths", "read_text", "article_id", "normalise_text", "decode"},
    "geomap.dating": {"date_article", "event_date", "event_dates", "undated_hint"},
    "geomap.dating_input": {"parse_date", "load_sidecar", "sidecar_date", "check_day"},
    "geomap.dating_rules": {"WAR_RULES", "ANCHORS", "EVENTS", "SEASON_RULES", "parse_number"},
    "geomap.dating_scan": {"fold_case", "folded", "may_contain", "windowed_finditer"},
    "geomap.readers": {"Doc", "detect_format", "parse", "FORMATS"},
    "geomap.readers.options": {"read_options", "read_kwargs"},
    "geomap.readers.command": {"COMMANDS", "read"},
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_exports_resolve_and_include_the_documented_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__)
    assert MODULES[name] <= exported
    for attr in exported:
        assert getattr(module, attr) is not None


@pytest.mark.parametrize("name", ["geomap.articles", "geomap.dating", "geomap.dating_input"])
def test_public_functions_have_docstrings(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        value = getattr(module, attr)
        if callable(value) and not isinstance(value, type):
            assert value.__doc__, f"{name}.{attr} has no docstring"


def test_rule_ids_are_unique() -> None:
    from geomap.dating_rules import ANCHORS, EVENTS, SEASON_RULES, WAR_RULES

    ids = [r.id for r in (*WAR_RULES, *ANCHORS, *EVENTS, *SEASON_RULES)]
    assert len(ids) == len(set(ids))
