"""Property tests: any report survives the store unchanged; order does not depend on insertion."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import export
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Precision, Report
from geomap.store import ReportStore

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_day = st.dates(dt.date(2014, 1, 1), dt.date(2026, 12, 31))


@st.composite
def _date_guess(draw) -> DateGuess | None:
    if draw(st.booleans()):
        return None
    a, b, c = sorted(draw(st.lists(_day, min_size=3, max_size=3)))
    return DateGuess(b, a, c, draw(st.sampled_from(Precision)), draw(_text), draw(_text))


@st.composite
def _report(draw, article_id: str, index: int) -> Report:
    start = draw(st.integers(0, 10_000))
    return Report(
        id=f"{article_id[:8]}-{index}",
        article_id=article_id,
        place_id=draw(st.sampled_from(["gn:1", "gn:2", "ua:UA123", "ft:donbas"])),
        place_name=draw(st.sampled_from(["Bakhmut", "Kharkiv", "Kyiv", "Donbas"])),
        lat=draw(st.floats(44, 53, allow_nan=False)),
        lon=draw(st.floats(22, 41, allow_nan=False)),
        kind=draw(st.sampled_from(Kind)),
        actor=draw(st.sampled_from(Actor)),
        modality=draw(st.sampled_from(Modality)),
        date=draw(_date_guess()),
        sentence=draw(_text),
        sentence_start=start,
        sentence_end=start + 50,
        mention_start=start + 3,
        mention_end=start + 9,
        claimed_by=draw(_text),
        claimant_side=draw(st.sampled_from(Actor)),
        reported_speech=draw(st.booleans()),
        percent=draw(st.none() | st.floats(0, 100, allow_nan=False)),
        place_kind=draw(st.sampled_from(["settlement", "region"])),
        precision=draw(st.sampled_from(["exact", "hromada"])),
        confidence=draw(st.floats(0, 1, allow_nan=False)),
        rule=draw(_text),
    )


@st.composite
def _batch(draw) -> list[tuple[Article, list[Report]]]:
    out = []
    for n in range(draw(st.integers(1, 4))):
        text = f"article {n}: " + draw(_text)
        article = Article(
            id=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            title=draw(_text),
            source=f"{n}.txt",
            published=draw(_date_guess()),
            metadata={"k": draw(_text)},
        )
        reports = [draw(_report(article.id, i)) for i in range(draw(st.integers(0, 5)))]
        out.append((article, reports))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batch(), st.randoms())
def test_reports_round_trip_and_order_is_stable(batch, rnd):
    with tempfile.TemporaryDirectory() as tmp:
        with ReportStore(Path(tmp) / "one.sqlite") as one:
            for article, reports in batch:
                assert one.add(article, [], reports)
            first = one.reports()
            assert sorted(first, key=lambda r: r.id) == sorted(
                (r for _, rs in batch for r in rs), key=lambda r: r.id
            )
            for article, _ in batch:
                assert one.article(article.id) == article
            assert one.check() == []
            geojson = Path(tmp) / "r.geojson"
            export.to_geojson(one, geojson)
            props = [f["properties"] for f in json.loads(geojson.read_text())["features"]]
            assert [p["report_id"] for p in props] == [r.id for r in first]
            assert [p["sentence"] for p in props] == [r.sentence for r in first]
        shuffled = list(batch)
        rnd.shuffle(shuffled)
        with ReportStore(Path(tmp) / "two.sqlite") as two:
            for article, reports in shuffled:
                two.add(article, [], list(reversed(reports)))
            assert two.reports() == first
