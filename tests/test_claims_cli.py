"""``geomap claims``: reports with their rules, JSON Lines, facts only, and checking rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import cli
from geomap.cli.claims_cmd import check_rules


def run_claims(args):
    """Run ``geomap claims ARGS`` through the group, as a user does."""
    return CliRunner().invoke(cli, ["claims", *args])


REPO = Path(__file__).resolve().parent.parent
SEED = str(REPO / "seeds" / "002_88de84085c54f571.txt")


def test_table_names_the_rule_of_each_report():
    result = run_claims([SEED, "--explain"])
    assert result.exit_code == 0, result.output
    assert "Kherson" in result.output and "besieged" in result.output
    assert "besieged.verb" in result.output and "repelled.attack" in result.output
    assert "“Meanwhile, the Russian army announced" in result.output


def test_json_lines_and_facts_only():
    result = run_claims([str(REPO / "seeds"), "--json", "--facts"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(r["modality"] == "asserted" for r in records)
    assert {"place", "kind", "actor", "claimed_by", "rule", "sentence_span"} <= set(records[0])


def test_errors_are_plain(tmp_path):
    missing = run_claims([str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "Error:" in missing.output
    nothing = run_claims([])
    assert nothing.exit_code == 2 and "--check" in nothing.output


def test_check_passes_on_the_shipped_rules_and_names_a_broken_example(tmp_path):
    assert check_rules(None) == []
    ok = run_claims(["--check"])
    assert ok.exit_code == 0 and "rules OK" in ok.output
    shutil.copytree(REPO / "geomap" / "rules", tmp_path / "rules")
    claims = tmp_path / "rules" / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "      - Russian forces captured [Soledar] after weeks of fighting.",
            "      - Russian forces admired [Soledar] after weeks of fighting.",
        ),
        encoding="utf-8",
    )
    bad = run_claims(["--check", "--rules", str(tmp_path / "rules")])
    assert bad.exit_code == 1
    assert "captured.verb: 'Russian forces admired [Soledar]" in bad.output
    assert "makes no captured report for Soledar" in bad.output


def test_a_broken_rules_directory_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "lexicon.yaml").write_text("actors: [\n", encoding="utf-8")
    result = run_claims([SEED, "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error:" in result.output and "lexicon.yaml" in result.output
