"""The report store: round trips, idempotence, filters, order, all-or-nothing writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from store_helpers import standins

from geomap.errors import BadDate, StoreError
from geomap.models import Article, DateGuess, Kind, Modality, Precision
from geomap.store import SCHEMA_VERSION, ReportStore, article_rows

DATA = Path(__file__).parent / "data" / "store"


S = standins()

TEXT_A = (
    "date 2022-06-01 Russian forces captured Sievierodonetsk. Lysychansk was shelled. "
    "Fighting near Zzyzx."
)
TEXT_B = "If Bakhmut falls, the road opens. Russian forces shelled Kharkiv."


def _article(text: str, source: str, published: DateGuess | None = None, **kw) -> Article:
    import hashlib

    return Article(
        id=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        title=source.upper(),
        source=source,
        published=published,
        **kw,
    )


def _add(store: ReportStore, article: Article) -> bool:
    mentions = S.Gazetteer().find(article.text)
    return store.add(article, mentions, S.extract(article, mentions))


@pytest.fixture
def store(tmp_path: Path):
    with ReportStore(tmp_path / "s.sqlite") as s:
        yield s


@pytest.fixture
def filled(store: ReportStore):
    a = _article(
        TEXT_A,
        "a.txt",
        DateGuess(
            dt.date(2022, 6, 1), dt.date(2022, 5, 30), dt.date(2022, 6, 1), Precision.WEEK,
            "date-line", "date 2022-06-01",
        ),
        url="https://example.org/a",
        captions=((0, 4),),
        junk=((5, 9), (10, 12)),
        metadata={"b": 1, "a": ["x"]},
    )  # fmt: skip
    b = _article(TEXT_B, "b.txt", DateGuess.exact(dt.date(2023, 3, 1), "explicit", "1 March"))
    c = _article("Fighting in Kherson.", "c.txt")  # undated
    for art in (a, b, c):
        assert _add(store, art)
    return store, a, b, c


def test_article_round_trip(filled):
    store, a, b, _ = filled
    assert store.article(a.id) == a
    assert store.article(a.id).metadata == {"a": ["x"], "b": 1}
    assert store.article("nope") is None
    assert [x.source for x in store.articles()] == ["a.txt", "b.txt", "c.txt"]
    assert store.has_article(b.id) and not store.has_article("nope")


def test_reports_round_trip_exactly(filled):
    store, a, _, _ = filled
    mentions = S.Gazetteer().find(a.text)
    expected = S.extract(a, mentions)
    assert store.reports(article_id=a.id) == sorted(expected, key=lambda r: r.place_name)
    got = store.reports(place="Sievierodonetsk")[0]
    assert got.kind is Kind.CAPTURED and got.date.precision is Precision.WEEK
    assert got.date.evidence == "date 2022-06-01"


def test_adding_again_is_a_no_op(filled):
    store, a, _, _ = filled
    before = store.stats()
    assert _add(store, a) is False
    assert _add(store, dataclasses.replace(a, source="copy-of-a.txt")) is False
    assert store.stats() == before


def test_mentions_keep_places_and_unresolved_names(filled):
    store, a, _, _ = filled
    got = store.mentions(a.id)
    assert [(m.text, m.place.id if m.place else None) for m in got] == [
        ("Sievierodonetsk", "gn:700569"),
        ("Lysychansk", "gn:702658"),
        ("Zzyzx", None),
    ]
    assert got[0].place.admin1 == "Luhansk Oblast"
    assert got[2].reason == "unknown name"
    assert store.mentions("nope") == []


def test_places_are_stored_with_their_admin_area(filled):
    store, *_ = filled
    places = store.places()
    assert [(p.id, p.name) for p in places] == [
        ("gn:700569", "Sievierodonetsk"),
        ("gn:702658", "Lysychansk"),
        ("gn:706448", "Kherson"),
        ("gn:706483", "Kharkiv"),
        ("gn:712451", "Bakhmut"),
    ]
    assert {p.admin1 for p in places} >= {"Donetsk Oblast", "Luhansk Oblast"}


def test_filters(filled):
    store, *_ = filled
    names = lambda rs: [(r.place_name, str(r.kind)) for r in rs]  # noqa: E731
    assert names(store.reports()) == [
        ("Lysychansk", "strike"),
        ("Sievierodonetsk", "captured"),
        ("Bakhmut", "fighting"),
        ("Kharkiv", "strike"),
        ("Kherson", "fighting"),  # undated last
    ]
    assert names(store.reports(start="2023-01-01")) == [
        ("Bakhmut", "fighting"),
        ("Kharkiv", "strike"),
    ]
    assert names(store.reports(end=dt.date(2022, 12, 31))) == [
        ("Lysychansk", "strike"),
        ("Sievierodonetsk", "captured"),
    ]
    assert names(store.reports(place="kharkiv")) == [("Kharkiv", "strike")]
    assert names(store.reports(place=["gn:706448", "Bakhmut"])) == [
        ("Bakhmut", "fighting"),
        ("Kherson", "fighting"),
    ]
    assert names(store.reports(kinds=[Kind.STRIKE, "captured"])) == [
        ("Lysychansk", "strike"),
        ("Sievierodonetsk", "captured"),
        ("Kharkiv", "strike"),
    ]
    assert names(store.reports(modality=Modality.HYPOTHETICAL)) == [("Bakhmut", "fighting")]
    # Luhansk Oblast only.
    assert names(store.reports(bbox=(38.0, 48.5, 39.0, 49.5))) == [
        ("Lysychansk", "strike"),
        ("Sievierodonetsk", "captured"),
        ("Bakhmut", "fighting"),
    ]


def test_bad_date_filter_names_the_value(store):
    with pytest.raises(BadDate, match="2022-13-01"):
        store.reports(start="2022-13-01")


def test_stats_and_check(filled):
    store, *_ = filled
    s = store.stats()
    assert (s.articles, s.undated_articles, s.reports, s.mentions, s.unresolved_mentions) == (
        3, 1, 5, 6, 1,
    )  # fmt: skip
    assert (s.first_date, s.last_date) == (dt.date(2022, 6, 1), dt.date(2023, 3, 1))
    assert dict(s.by_kind) == {"captured": 1, "fighting": 2, "strike": 2}
    assert store.check() == []


def test_a_failed_write_leaves_nothing(store):
    art = _article("Russian forces captured Bakhmut.", "x.txt")
    mentions = S.Gazetteer().find(art.text)
    reports = S.extract(art, mentions)
    bad = dataclasses.replace(reports[0], id="r2", place_id=None)  # violates NOT NULL
    with pytest.raises(StoreError, match=r"x\.txt"):
        store.add(art, mentions, [reports[0], bad])
    assert not store.has_article(art.id)
    assert store.stats().reports == 0 and store.stats().places == 0
    assert store.add(art, mentions, reports) is True
    assert store.check() == []


def test_rows_naming_a_place_they_lack_are_refused(store):
    art = _article("Russian forces captured Bakhmut.", "x.txt")
    mentions = S.Gazetteer().find(art.text)
    rows = article_rows(art, mentions, S.extract(art, mentions))
    for broken in (
        dataclasses.replace(rows, places=()),
        dataclasses.replace(rows, reports=tuple((r[0], "gn:0", *r[2:]) for r in rows.reports)),
    ):
        with pytest.raises(StoreError, match=r"x\.txt.*not among its place rows"):
            store.add_rows(broken)
        assert not store.has_article(art.id)
    assert store.add_rows(rows) is True
    assert store.check() == []


def test_duplicate_report_ids_keep_the_first(store):
    art = _article("Russian forces captured Bakhmut.", "x.txt")
    mentions = S.Gazetteer().find(art.text)
    (report,) = S.extract(art, mentions)
    assert store.add(art, mentions, [report, dataclasses.replace(report, rule="second")])
    assert [r.rule for r in store.reports()] == ["stand-in"]
    assert store.check() == []


def test_remove_takes_everything_of_the_article(filled):
    store, a, *_ = filled
    assert store.remove(a.id) is True and store.remove(a.id) is False
    assert store.reports(article_id=a.id) == [] and store.mentions(a.id) == []
    assert "Lysychansk" not in [p.name for p in store.places()]
    assert store.check() == []


def test_file_is_wal_and_versioned(store):
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_reopening_keeps_the_data(tmp_path, filled):
    store, a, *_ = filled
    path = store.path
    store.close()
    with ReportStore(path) as again:
        assert again.article(a.id) == a
        assert again.stats().reports == 5


def test_open_errors_name_the_file(tmp_path):
    with pytest.raises(StoreError, match=r"missing\.sqlite: no store here"):
        ReportStore(tmp_path / "missing.sqlite", create=False)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"junk\.sqlite: not a geomap store"):
        ReportStore(junk)
    with pytest.raises(StoreError, match="is a directory"):
        ReportStore(tmp_path)
    with pytest.raises(StoreError, match=r"no-such-dir.s\.sqlite: cannot open the store"):
        ReportStore(tmp_path / "no-such-dir" / "s.sqlite")
    newer = tmp_path / "newer.sqlite"
    ReportStore(newer).close()
    db = sqlite3.connect(newer)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this geomap"):
        ReportStore(newer)


def test_default_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_STORE", str(tmp_path / "env.sqlite"))
    with ReportStore() as s:
        assert s.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").is_file()


def _visible(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        db.close()


def test_batch_commits_in_chunks_and_keeps_articles_whole(store):
    texts = [f"Russian forces captured Bakhmut, report {i}." for i in range(5)]
    with store.batch(size=2):
        assert _add(store, _article(texts[0], "0.txt"))
        assert _visible(store.path) == 0  # not committed yet: other readers do not see it
        assert store.has_article(_article(texts[0], "0.txt").id)  # this connection does
        assert _add(store, _article(texts[1], "1.txt"))
        assert _visible(store.path) == 2  # a full chunk is committed
        bad = _article(texts[2], "2.txt")
        mentions = S.Gazetteer().find(bad.text)
        (report,) = S.extract(bad, mentions)
        with pytest.raises(StoreError, match=r"2\.txt"):
            store.add(bad, mentions, [report, dataclasses.replace(report, id="x", place_id=None)])
        assert not store.has_article(bad.id)
        assert _add(store, _article(texts[3], "3.txt"))
        assert not _add(store, _article(texts[3], "3.txt"))
    assert _visible(store.path) == 3  # the rest is committed when the block ends
    assert store.check() == []
    assert [a.source for a in store.articles()] == ["0.txt", "1.txt", "3.txt"]


def test_a_failure_mid_batch_keeps_the_articles_before_it(store):
    texts = [f"Russian forces captured Bakhmut, report {i}." for i in range(4)]
    with store.batch(size=50):
        assert _add(store, _article(texts[0], "0.txt"))
        assert _add(store, _article("Russian forces shelled Kharkiv.", "1.txt"))
        bad = _article(texts[2], "2.txt")
        mentions = S.Gazetteer().find(bad.text)
        (report,) = S.extract(bad, mentions)
        with pytest.raises(StoreError, match=r"2\.txt"):
            store.add(bad, mentions, [report, dataclasses.replace(report, id="x", place_id=None)])
        assert _visible(store.path) == 0  # still one open transaction
        assert [a.source for a in store.articles()] == ["0.txt", "1.txt"]
        assert _add(store, _article(texts[3], "3.txt"))
    assert [a.source for a in store.articles()] == ["0.txt", "1.txt", "3.txt"]
    assert sorted(p.name for p in store.places()) == ["Bakhmut", "Kharkiv"]
    assert store.stats().reports == 3
    assert store.check() == []


def test_places_removed_by_another_connection_are_written_again(store):
    first = _article("Russian forces captured Bakhmut.", "a.txt")
    assert _add(store, first)
    with ReportStore(store.path) as other:
        assert other.remove(first.id)  # Bakhmut goes with it: no one else names it
        assert other.places() == []
    assert _add(store, _article("Fighting in Bakhmut.", "b.txt"))
    assert [p.name for p in store.places()] == ["Bakhmut"]
    assert store.check() == []
    # The same on one connection.
    assert store.remove(_article("Fighting in Bakhmut.", "b.txt").id)
    assert _add(store, _article("Fighting near Bakhmut.", "c.txt"))
    assert [p.name for p in store.places()] == ["Bakhmut"]
    assert store.check() == []


def test_batch_size_must_be_positive(store):
    with pytest.raises(ValueError, match="at least 1"), store.batch(size=0):
        pass


def test_reading_does_not_wait_for_a_writer(filled):
    store, a, *_ = filled
    writer = sqlite3.connect(store.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingest in the middle of a batch
    try:
        with ReportStore(store.path, create=False, timeout=0.05) as reader:
            assert reader.article(a.id) == a
            assert len(reader.reports()) == 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_version_1_store_is_upgraded_in_place(tmp_path):
    """tests/data/store/v1.sql is a dump of a store the first layout wrote (keyed by hash)."""
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript((DATA / "v1.sql").read_text(encoding="utf-8"))
    db.close()
    with ReportStore(path) as store:
        assert store.check() == []
        stats = store.stats()
        assert (stats.articles, stats.reports, stats.mentions) == (3, 6, 7)
        article = next(a for a in store.articles() if a.source.endswith("a.txt"))
        mentions = S.Gazetteer().find(article.text)
        assert store.reports(article_id=article.id) == sorted(
            S.extract(article, mentions), key=lambda r: r.place_name
        )
        assert [m.text for m in store.mentions(article.id)] == [m.text for m in mentions]
        assert _add(store, _article("Fighting in Kharkiv.", "new.txt"))
        assert store.check() == []
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_another_programs_database_is_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a geomap store"):
        ReportStore(path)
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    db.close()
    assert tables == ["customers"]
