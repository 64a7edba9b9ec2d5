"""The real pipeline (reader, dating, gazetteer, claims) on the seed articles, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.store import ReportStore


def _cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir: Path) -> tuple[Path, Path]:
    """Two stores made independently from the seeds."""
    root = tmp_path_factory.mktemp("seeded")
    stores = root / "one.sqlite", root / "two.sqlite"
    for store in stores:
        result = _cli("ingest", str(seeds_dir), "--store", str(store), "--json")
        assert result.exit_code == 0, result.stderr
    return stores


def test_seeds_ingest_and_reingest(seeded, seeds_dir):
    one, _ = seeded
    with ReportStore(one, create=False) as store:
        stats = store.stats()
        assert store.check() == []
        sources = sorted(Path(a.source).name for a in store.articles())
        n_reports = len(store.reports())
    assert stats.articles == 5 and sources == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert stats.reports == n_reports > 10
    again = _cli("ingest", str(seeds_dir), "--store", str(one), "--json")
    summary = json.loads(again.stdout)
    assert (summary["articles_new"], summary["articles_skipped_duplicate"]) == (0, 5)
    assert summary["errors"] == [] and again.exit_code == 0
    with ReportStore(one, create=False) as store:
        assert store.stats() == stats


def test_seed_reports_keep_their_evidence(seeded):
    one, _ = seeded
    with ReportStore(one, create=False) as store:
        for report in store.reports():
            article = store.article(report.article_id)
            assert article is not None
            start, end = report.mention_start, report.mention_end
            assert 0 <= start < end <= len(article.text)
            assert report.sentence.strip()
        mentions = store.mentions(store.articles()[0].id)
        assert mentions and all(m.text for m in mentions)


def test_independent_ingests_give_identical_output(seeded, tmp_path):
    one, two = seeded
    listings = [_cli("reports", "--store", str(s), "--json").stdout for s in seeded]
    assert listings[0] == listings[1] and json.loads(listings[0])
    for suffix in (".geojson", ".csv", ".gpkg"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        assert _cli("export", "--store", str(one), "-o", str(a)).exit_code == 0
        assert _cli("export", "--store", str(two), "-o", str(b)).exit_code == 0
        assert a.read_bytes() == b.read_bytes(), suffix


def test_reports_by_alias_and_misspelling(seeded):
    one, _ = seeded
    by_name = json.loads(
        _cli("reports", "--store", str(one), "--place", "Bakhmut", "--json").stdout
    )
    assert by_name and {r["place"] for r in by_name} == {"Bakhmut"}
    # The gazetteer knows Artemivsk (historical) and Bahkmut (as the seeds misspell it).
    for alias in ("Artemivsk", "Bahkmut"):
        got = json.loads(_cli("reports", "--store", str(one), "--place", alias, "--json").stdout)
        assert got == by_name, alias
