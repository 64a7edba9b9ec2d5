"""The labelled sentences: precision and recall of ``find`` on places in Ukraine and the border."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import gazetteer

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "tests" / "data" / "gazfind" / "labelled.jsonl"
CASES = (
    "possessive", "apostrophe-hyphen", "case", "city-of", "region", "multiword", "cyrillic",
    "person", "nationality", "common-word", "date", "misspelling", "no-support", "homonym-admin",
    "homonym-near", "offset", "population", "homonym-abroad",
)  # fmt: skip


def _eval_module():
    """scripts/eval_gazetteer.py, the one command that prints the figures."""
    if "eval_gazetteer" in sys.modules:
        return sys.modules["eval_gazetteer"]
    path = REPO / "scripts" / "eval_gazetteer.py"
    spec = importlib.util.spec_from_file_location("eval_gazetteer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_gazetteer"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    ev = _eval_module()
    return ev.evaluate(ev.load_rows(LABELLED), gazetteer.default())


def test_set_is_big_and_covers_every_case():
    rows = _eval_module().load_rows(LABELLED)
    assert len(rows) >= 150
    assert set(CASES) <= {r["case"] for r in rows}


def test_precision_and_recall_overall(scores):
    total = scores["ALL"]
    assert total.precision >= 0.95, "\n".join(total.errors)
    assert total.recall >= 0.95, "\n".join(total.errors)


def test_nothing_invented_where_nothing_supports_it(scores):
    for case in ("no-support", "nationality", "person", "common-word", "date"):
        assert scores[case].fp == 0, "\n".join(scores[case].errors)
