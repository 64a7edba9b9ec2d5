"""Worker processes give exactly what the serial pipeline gives, in input order."""

from __future__ import annotations

import pytest

import gazetteer
from geomap.articles import read_paths, read_text
from geomap.claims import extract
from geomap.errors import GeomapError
from geomap.models import Article
from geomap.parallel import Analysed, WorkerPool, analyse, available_cores, problem
from geomap.pipeline import ingest
from geomap.store import ReportStore, article_rows


@pytest.fixture(scope="module")
def articles(seeds_dir) -> list[Article]:
    seeds = [a for a in read_paths([seeds_dir]) if isinstance(a, Article)]
    offset = read_text("Nesteriianka, 8 km north of Bakhmut, was captured by Russian forces.")
    return [*seeds, offset]


def test_outcomes_equal_the_serial_ones_in_order(articles):
    gaz = gazetteer.default()
    serial = analyse(gaz, extract, articles)
    with WorkerPool(2, gaz, extract, default_gazetteer=True) as pool:
        first = pool.submit(articles[:3])
        second = pool.submit(articles[3:])
        outcomes = first.get() + second.get()
    assert outcomes == serial
    assert all(isinstance(o, Analysed) for o in outcomes)
    # The rows are what the store writes for the article, mentions and reports alike.
    mentions = gaz.find(articles[-1].text)
    assert outcomes[-1].rows == article_rows(
        articles[-1], mentions, extract(articles[-1], mentions)
    )
    assert outcomes[-1].mentions == len(mentions)


def _choke_on_kharkiv(article: Article, mentions: list) -> list:
    if "Kharkiv" in article.text:
        raise GeomapError(f"{article.source}: cannot read the claims")
    return extract(article, mentions)


def test_a_failing_article_gives_its_problem_and_the_others_go_on(articles):
    gaz = gazetteer.default()
    with WorkerPool(2, gaz, _choke_on_kharkiv, default_gazetteer=False) as pool:
        outcomes = pool.submit(articles).get()
    failed = [a for a, o in zip(articles, outcomes, strict=True) if isinstance(o, str)]
    assert failed and all("Kharkiv" in a.text for a in failed)
    assert {o for o in outcomes if isinstance(o, str)} == {"cannot read the claims"}
    assert any(isinstance(o, Analysed) and o.rows.reports for o in outcomes)


def test_problem_messages():
    assert problem(GeomapError("a.txt: bad date"), "a.txt") == "bad date"
    assert problem(ValueError("boom"), "a.txt") == "internal error: ValueError: boom"


def test_available_cores_is_at_least_one():
    assert available_cores() >= 1


def _dump(store) -> tuple:
    articles = store.articles()
    return (
        [(a.id, a.source, a.published) for a in articles],
        [store.mentions(a.id) for a in articles],
        store.reports(),
    )


def test_ingest_with_workers_stores_what_a_serial_ingest_stores(seeds_dir, tmp_path):
    # Many articles (so that several chunks are in flight), a repeat and a bad file among them.
    batch = tmp_path / "batch"
    batch.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for n in range(90):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (batch / f"{n:03d}.txt").write_text(f"{text}\n\n(Copy {n // len(seeds)})\n")
    (batch / "050-empty.txt").write_bytes(b"")
    (batch / "zzz-repeat.txt").write_text((batch / "000.txt").read_text(encoding="utf-8"))
    results = []
    for jobs in (1, 2):
        with ReportStore(tmp_path / f"jobs{jobs}.sqlite") as store:
            summary = ingest([batch], store, progress=False, jobs=jobs)
            results.append((summary, _dump(store)))
    (serial, serial_rows), (parallel, parallel_rows) = results
    assert parallel == serial
    assert parallel_rows == serial_rows
    assert serial.articles_new == 90  # the repeat is read once
    assert [p for _, p in serial.errors] == ["the file is empty"]
    with ReportStore(tmp_path / "jobs2.sqlite") as store:
        again = ingest([batch], store, progress=False, jobs=2)
    assert (again.articles_new, again.articles_skipped_duplicate) == (0, 90)


def test_ingest_jobs_zero_means_every_core(seeds_dir, tmp_path):
    with ReportStore(tmp_path / "s.sqlite") as store:
        summary = ingest([seeds_dir], store, progress=False, jobs=0)
    assert summary.articles_new == 5
    with pytest.raises(ValueError, match="jobs"), ReportStore(tmp_path / "t.sqlite") as store:
        ingest([seeds_dir], store, progress=False, jobs=-1)


def test_spawned_workers_load_the_default_gazetteer(articles, monkeypatch):
    # As on macOS and Windows: no fork, each worker loads gazetteer.default() itself.
    import geomap.parallel as parallel

    gaz = gazetteer.default()
    serial = analyse(gaz, extract, articles[:2])
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    with WorkerPool(2, gaz, extract, default_gazetteer=True) as pool:
        assert pool.submit(articles[:2]).get() == serial
    with pytest.raises(GeomapError, match="custom gazetteer"):
        WorkerPool(2, gaz, extract, default_gazetteer=False)


def test_ingest_and_build_commands_take_jobs(seeds_dir, tmp_path):
    from click.testing import CliRunner

    from geomap.cli import cli

    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        store = tmp_path / f"j{jobs}.sqlite"
        result = runner.invoke(cli, ["ingest", str(seeds_dir), "--store", str(store), "-j", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(result.output.replace(str(store), "STORE"))
    assert outputs[0] == outputs[1]
    assert "Ingested 5 new articles" in outputs[0]
    out = tmp_path / "site"
    result = runner.invoke(
        cli, ["build", str(seeds_dir), "-o", str(out), "--store", str(tmp_path / "b.sqlite"),
              "--jobs", "2", "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / "index.html").exists()
