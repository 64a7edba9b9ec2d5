"""The labelled sentences: scores above a floor, and never an asserted capture made from a
hypothetical or negated statement (python scripts/eval_claims.py prints the full table)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "claims"


def _eval_module():
    spec = importlib.util.spec_from_file_location(
        "eval_claims", REPO / "scripts" / "eval_claims.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_claims"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ev():
    return _eval_module()


SETS = ["labelled.jsonl", "heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl", "heldout4.jsonl"]


@pytest.mark.parametrize("name", SETS)
def test_the_sets_are_large_and_well_formed(ev, name):
    cases = ev.load_cases(DATA / name)
    assert len(cases) >= {"labelled.jsonl": 120, "heldout.jsonl": 40}.get(name, 20)
    assert all(c.places for c in cases)


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("labelled.jsonl", 0.9),
        ("heldout.jsonl", 0.85),
        ("heldout2.jsonl", 0.85),
        ("heldout3.jsonl", 0.85),
        ("heldout4.jsonl", 0.85),
    ],
)
def test_scores_with_the_gazetteer(ev, name, floor):
    result = ev.evaluate(ev.load_cases(DATA / name), finder=ev._real_finder())
    assert result.unsafe == []
    assert result.micro[2] >= floor, ev.format_table(result)
    assert result.kind_micro[2] >= floor, ev.format_table(result)


@pytest.mark.parametrize("name", SETS)
def test_no_unsafe_capture_with_stand_in_places(ev, name):
    result = ev.evaluate(ev.load_cases(DATA / name), finder=None)
    assert result.unsafe == []


def test_the_script_prints_the_table(ev, capsys):
    assert ev.main(["--stand-in"]) == 0
    out = capsys.readouterr().out
    assert "kind+modality" in out and "partial_control" in out and "negated" in out


def test_a_malformed_line_is_named(ev, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentence": "x", "places": ["A"], "expected": [{"place": "B"}]}\n')
    assert ev.main(["--data", str(bad)]) == 1
    assert f"{bad}:1" in capsys.readouterr().err
