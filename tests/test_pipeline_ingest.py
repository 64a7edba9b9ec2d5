"""The ingest pipeline and the ``ingest``/``reports``/``export`` commands, with stand-ins for the
reader, the gazetteer and the claim extractor (see tests/data/store/standins.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_helpers import standins

import gazetteer
from geomap import pipeline
from geomap.cli import cli
from geomap.store import ReportStore

DATA = Path(__file__).parent / "data" / "store"


S = standins()


def _run(paths, store, **kw):
    return pipeline.ingest(
        paths, store, gazetteer=S.Gazetteer(), reader=S.read_paths, extractor=S.extract,
        progress=False, **kw,
    )  # fmt: skip


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a.txt").write_text(
        "date 2022-06-01 Russian forces captured Sievierodonetsk. Lysychansk was shelled.\n",
        encoding="utf-8",
    )
    (d / "b.txt").write_text("If Bakhmut falls, Zzyzx and Zzyzx follow. Qwertovka too.\n")
    (d / "c.txt").write_text("date 2023-01-05 Fighting in Kharkiv.\n")
    (d / "d-empty.txt").write_bytes(b"")
    (d / "e-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    (d / "f-latin1.txt").write_bytes("Kharkiv était bombardée.".encode("latin-1"))
    (d / "g-junk.html").write_text("<html><script>var x;</script></html>")
    (d / "h-boom.txt").write_text("BOOM in Kherson.")
    return d


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_with_bad_files_goes_on(batch: Path, tmp_path: Path, jobs: int):
    seen = []
    with ReportStore(tmp_path / "s.sqlite") as store:
        summary = _run(
            [batch], store, on_error=lambda s, p: seen.append((Path(s).name, p)), jobs=jobs
        )
        assert store.check() == []
        assert store.stats().articles == 3
    assert (summary.articles_new, summary.articles_skipped_duplicate) == (3, 0)
    assert summary.reports == 4 and summary.mentions == 7
    assert [Path(s).name for s in summary.undated] == ["b.txt"]
    assert summary.unresolved == (("Zzyzx", 2), ("Qwertovka", 1))
    assert (
        [(Path(s).name, p) for s, p in summary.errors]
        == seen
        == [
            ("d-empty.txt", "empty file"),
            ("e-binary.txt", "binary file, not text"),
            ("f-latin1.txt", "not UTF-8 text"),
            ("g-junk.html", "HTML without article text"),
            ("h-boom.txt", "internal error: RuntimeError: stand-in extractor exploded"),
        ]
    )
    assert summary.ok


def test_reingest_is_a_no_op(batch: Path, tmp_path: Path):
    with ReportStore(tmp_path / "s.sqlite") as store:
        first = _run([batch], store)
        before = store.stats()
        again = _run([batch], store)
        assert store.stats() == before
    assert (again.articles_new, again.articles_skipped_duplicate, again.reports) == (0, 3, 0)
    assert first.articles_new == 3


def test_date_override_reaches_the_reader(batch: Path, tmp_path: Path):
    with ReportStore(tmp_path / "s.sqlite") as store:
        summary = _run([batch / "b.txt"], store, date=dt.date(2023, 3, 1))
        assert summary.undated == ()
        (report,) = store.reports()
    assert report.date.best == dt.date(2023, 3, 1) and report.date.method == "override"


def test_every_input_failing_is_not_ok(batch: Path, tmp_path: Path):
    with ReportStore(tmp_path / "s.sqlite") as store:
        summary = _run([batch / "d-empty.txt", batch / "e-binary.txt"], store)
    assert not summary.ok and len(summary.errors) == 2
    assert summary.as_dict()["errors"][0]["problem"] == "empty file"


# -- the commands ---------------------------------------------------------------------------


@pytest.fixture
def standins(monkeypatch):
    monkeypatch.setattr(pipeline, "_default_reader", lambda: S.read_paths)
    monkeypatch.setattr(pipeline, "_default_extractor", lambda: S.extract)
    monkeypatch.setattr(gazetteer, "default", lambda: S.Gazetteer(), raising=False)
    monkeypatch.delenv("GEOMAP_STORE", raising=False)


def _cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ingest_command_prints_a_summary_and_errors(standins, batch, tmp_path):
    store = str(tmp_path / "s.sqlite")
    result = _cli("ingest", str(batch), "--store", store)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Ingested 3 new articles into {store} (0 already stored): 4 reports, 7 place mentions.",
        f"Undated: 1 article (use --date or --dates): {batch / 'b.txt'}",
        "Unresolved names: 2 (Zzyzx ×2, Qwertovka ×1)",
        "Skipped 5 inputs with errors (listed on stderr).",
    ]
    assert result.stderr.splitlines()[0] == f"Error: {batch / 'd-empty.txt'}: empty file"
    assert len(result.stderr.splitlines()) == 5


def test_ingest_json_and_exit_code_when_all_fail(standins, batch, tmp_path):
    store = str(tmp_path / "s.sqlite")
    result = _cli("ingest", str(batch / "d-empty.txt"), "--store", store, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == [
        {"source": str(batch / "d-empty.txt"), "problem": "empty file"}
    ]
    result = _cli("ingest", str(batch / "a.txt"), "--store", store, "--quiet")
    assert (result.exit_code, result.stdout) == (0, "")


def test_ingest_store_from_the_environment(standins, batch, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_STORE", str(tmp_path / "env.sqlite"))
    assert _cli("ingest", str(batch / "a.txt"), "-q").exit_code == 0
    with ReportStore(tmp_path / "env.sqlite", create=False) as store:
        assert store.stats().articles == 1


def test_ingest_bad_date_option(standins, batch, tmp_path):
    result = _cli("ingest", str(batch), "--store", str(tmp_path / "s"), "--date", "2022-02-30")
    assert result.exit_code == 1
    assert result.stderr == "Error: --date: '2022-02-30' is not a date\n"
    with ReportStore(tmp_path / "s") as store:
        assert store.stats().articles == 0


def test_reports_command(standins, batch, tmp_path):
    store = str(tmp_path / "s.sqlite")
    _cli("ingest", str(batch), "--store", store, "-q")
    table = _cli("reports", "--store", store)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "date", "place", "kind", "actor", "modality", "claimed_by", "sentence",
    ]  # fmt: skip
    assert len(lines) == 5
    assert lines[1].split()[:5] == ["2022-06-01", "Lysychansk", "strike", "unknown", "asserted"]

    as_json = json.loads(_cli("reports", "--store", store, "--place", "BAKHMUT", "--json").stdout)
    assert [(r["place"], r["modality"], r["date"]) for r in as_json] == [
        ("Bakhmut", "hypothetical", "")
    ]
    as_csv = _cli("reports", "--store", store, "--kind", "captured", "--csv").stdout.splitlines()
    assert as_csv[0].startswith("report_id,date,date_earliest,date_latest,date_precision,place,")
    assert len(as_csv) == 2 and ",Sievierodonetsk," in as_csv[1]
    limited = _cli("reports", "--store", store, "--limit", "2", "--json").stdout
    assert [r["place"] for r in json.loads(limited)] == ["Lysychansk", "Sievierodonetsk"]
    dated = _cli("reports", "--store", store, "--start", "2023-01-01", "--json").stdout
    assert [r["place"] for r in json.loads(dated)] == ["Kharkiv"]
    none = _cli("reports", "--store", store, "--date", "2020-01-01")
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No reports match.\n")
    stats = json.loads(_cli("reports", "--store", store, "--stats").stdout)
    assert (stats["articles"], stats["reports"], stats["by_kind"]["strike"]) == (3, 4, 1)


def test_reports_command_errors(standins, tmp_path):
    missing = tmp_path / "missing.sqlite"
    result = _cli("reports", "--store", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no store here (run `geomap ingest` first)\n"
    assert not missing.exists()
    ReportStore(missing).close()
    bad = _cli("reports", "--store", str(missing), "--bbox", "1,2,3")
    assert bad.exit_code == 1 and "--bbox: '1,2,3' is not WEST,SOUTH,EAST,NORTH" in bad.stderr
    order = _cli("reports", "--store", str(missing), "--start", "2023-01-02", "--end", "2023-01-01")
    assert "Error: --start 2023-01-02 is after --end 2023-01-01" in order.stderr


def test_export_command(standins, batch, tmp_path):
    store = str(tmp_path / "s.sqlite")
    _cli("ingest", str(batch), "--store", store, "-q")
    out = tmp_path / "r.geojson"
    result = _cli("export", "--store", store, "-o", str(out), "--modality", "asserted")
    assert (result.exit_code, result.stderr) == (0, f"Wrote 3 reports to {out}\n")
    assert len(json.loads(out.read_text())["features"]) == 3
    unknown = _cli("export", "--store", store, "-o", str(tmp_path / "r.xlsx"))
    assert unknown.exit_code == 1 and "cannot tell the format from the suffix" in unknown.stderr


def test_every_command_has_help():
    for name in ("ingest", "reports", "export"):
        result = _cli(name, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


def test_a_locked_store_stops_the_ingest(batch, tmp_path):
    import sqlite3

    from geomap.store import StoreUnwritable

    with ReportStore(tmp_path / "s.sqlite", timeout=0.05) as store:
        other = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the file
        try:
            with pytest.raises(StoreUnwritable, match="cannot write: database is locked"):
                _run([batch / "a.txt", batch / "c.txt"], store)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.stats().articles == 0
        assert _run([batch / "a.txt", batch / "c.txt"], store).articles_new == 2


def test_table_fits_a_terminal_and_not_a_file():
    from geomap.cli.ingest import _table

    row = {
        "date": "2022-06-01", "place": "Sievierodonetsk", "kind": "partial_control",
        "actor": "RU", "modality": "asserted", "claimed_by": "local official",
        "sentence": "Russian forces   controlled about 70% of Sievierodonetsk. " * 5,
    }  # fmt: skip
    narrow = _table([row], 140).splitlines()[1]
    assert len(narrow) == 140 and narrow.endswith("…") and "   " not in narrow[95:]
    full = _table([row], None).splitlines()[1]
    assert full.endswith("of Sievierodonetsk.") and full.count("Russian forces") == 5


@pytest.mark.parametrize("jobs", [1, 2])
def test_errors_in_input_order_and_a_repeat_stored_once(batch: Path, tmp_path: Path, jobs: int):
    # Articles pass each stage a chunk at a time: errors from reading, finding and extracting
    # still come in input order, and an article read twice in one chunk is stored once.
    def reader(paths, **kw):
        items = list(S.read_paths(paths, **kw))
        good = [i for i in items if not isinstance(i, BaseException)]
        yield from [items[-1], good[0], *items, good[0]]  # h-boom.txt first; a.txt three times

    seen = []
    with ReportStore(tmp_path / "s.sqlite") as store:
        summary = pipeline.ingest(
            [batch], store, gazetteer=S.Gazetteer(), reader=reader, extractor=S.extract,
            progress=False, on_error=lambda s, p: seen.append(Path(s).name), jobs=jobs,
        )  # fmt: skip
        assert store.check() == [] and store.stats().articles == 3
    assert (summary.articles_new, summary.articles_skipped_duplicate) == (3, 2)
    assert [Path(s).name for s, _ in summary.errors] == seen
    assert seen == ["h-boom.txt", "d-empty.txt", "e-binary.txt", "f-latin1.txt", "g-junk.html",
                    "h-boom.txt"]  # fmt: skip


def test_reports_table_tells_namesakes_apart_by_oblast():
    from geomap.cli.ingest import _table

    def row(place_id: str, oblast: str, place: str = "Mykolaivka") -> dict:
        return {
            "date": "2023-01-04", "place": place, "place_id": place_id, "oblast": oblast,
            "kind": "repelled", "actor": "UA", "modality": "asserted",
            "claimed_by": "Ukraine", "sentence": f"An attack on {place} was repelled.",
        }  # fmt: skip

    lines = _table(
        [row("gn:1", "Donetsk Oblast"), row("gn:2", "Luhansk Oblast"), row("gn:3", "", "Kharkiv")],
        width=None,
    ).splitlines()
    assert [line.split("  ")[1].strip() for line in lines[1:]] == [
        "Mykolaivka (Donetsk)", "Mykolaivka (Luhansk)", "Kharkiv"
    ]  # fmt: skip
    one = _table([row("gn:1", "Donetsk Oblast"), row("gn:1", "Donetsk Oblast")], width=None)
    assert "(Donetsk)" not in one  # one place, named twice: nothing to tell apart
