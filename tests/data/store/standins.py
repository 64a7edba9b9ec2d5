"""Small stand-ins for the reader, gazetteer and claim extractor, for the store's tests.

They keep the contracts of ``geomap.articles.read_paths``, ``gazetteer.Gazetteer.find`` and
``geomap.claims.extract`` with a few fixed places and word rules, so the store and pipeline
are tested on their own. Tests import it by path (tests/data is not a package).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from gazetteer.types import Mention, Place
from geomap.errors import BadDate, UnreadableArticle
from geomap.models import Actor, Article, DateGuess, Kind, Modality, Report

PLACES = {
    "Bakhmut": Place(
        "gn:712451",
        "Bakhmut",
        "settlement",
        48.5953,
        38.0003,
        admin1="Donetsk Oblast",
        country="UA",
    ),
    "Kharkiv": Place(
        "gn:706483",
        "Kharkiv",
        "settlement",
        49.9808,
        36.2527,
        admin1="Kharkiv Oblast",
        country="UA",
    ),
    "Sievierodonetsk": Place(
        "gn:700569",
        "Sievierodonetsk",
        "settlement",
        48.9482,
        38.4917,
        admin1="Luhansk Oblast",
        country="UA",
    ),
    "Lysychansk": Place(
        "gn:702658",
        "Lysychansk",
        "settlement",
        48.9165,
        38.4273,
        admin1="Luhansk Oblast",
        country="UA",
    ),
    "Kherson": Place(
        "gn:706448",
        "Kherson",
        "settlement",
        46.6558,
        32.6178,
        admin1="Kherson Oblast",
        country="UA",
    ),
}
UNRESOLVED = ("Zzyzx", "Qwertovka")
_NAMES = re.compile("|".join(sorted([*PLACES, *UNRESOLVED], key=len, reverse=True)))
_DATE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})")
MAX_BYTES = 10_000_000


def read_paths(
    paths, *, date=None, sidecar=None, fields=None, **_options
) -> Iterator[Article | UnreadableArticle]:
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise BadDate(f"{date!r} is not a date", "--date") from None
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])
    for f in files:
        source = str(f)
        try:
            size = f.stat().st_size
        except OSError as exc:
            yield UnreadableArticle(f"cannot read: {exc.strerror}", source)
            continue
        if size == 0:
            yield UnreadableArticle("empty file", source)
            continue
        if size > MAX_BYTES:
            yield UnreadableArticle(f"too large ({size} bytes)", source)
            continue
        data = f.read_bytes()
        if b"\0" in data:
            yield UnreadableArticle("binary file, not text", source)
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            yield UnreadableArticle("not UTF-8 text", source)
            continue
        if text.lstrip().startswith("<"):
            yield UnreadableArticle("HTML without article text", source)
            continue
        published = None
        if date is not None:
            published = DateGuess.exact(date, "override")
        elif m := _DATE.match(text):
            published = DateGuess.exact(dt.date.fromisoformat(m.group(1)), "date-line", m.group(0))
        yield Article(
            id=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            title=text.strip().splitlines()[0][:80],
            source=source,
            published=published,
        )


class Gazetteer:
    def lookup(self, name: str) -> list[Place]:
        return [p for key, p in sorted(PLACES.items()) if key.lower() == name.lower()]

    def find(self, text: str) -> list[Mention]:
        out = []
        for m in _NAMES.finditer(text):
            place = PLACES.get(m.group(0))
            out.append(
                Mention(
                    m.start(),
                    m.end(),
                    m.group(0),
                    place,
                    (place,) if place else (),
                    0.9 if place else 0.0,
                    "stand-in" if place else "unknown name",
                )
            )
        return out


def extract(article: Article, mentions: list[Mention]) -> list[Report]:
    if "BOOM" in article.text:
        raise RuntimeError("stand-in extractor exploded")
    reports = []
    for m in mentions:
        if m.place is None:
            continue
        start = article.text.rfind(".", 0, m.start) + 1
        end = article.text.find(".", m.end)
        end = len(article.text) if end < 0 else end + 1
        sentence = article.text[start:end].strip()
        low = sentence.lower()
        kind = (
            Kind.CAPTURED
            if "captured" in low
            else Kind.STRIKE
            if "shelled" in low
            else Kind.FIGHTING
        )
        modality = Modality.HYPOTHETICAL if low.startswith("if ") else Modality.ASSERTED
        rid = hashlib.sha256(f"{article.id}|{m.place.id}|{kind}|{m.start}".encode()).hexdigest()[
            :16
        ]
        reports.append(
            Report(
                id=rid,
                article_id=article.id,
                place_id=m.place.id,
                place_name=m.place.name,
                lat=m.place.lat,
                lon=m.place.lon,
                kind=kind,
                actor=Actor.RU if "Russian" in sentence else Actor.UNKNOWN,
                modality=modality,
                date=article.published,
                sentence=sentence,
                sentence_start=start,
                sentence_end=end,
                mention_start=m.start,
                mention_end=m.end,
                claimed_by="narration",
                rule="stand-in",
                percent=70.0 if "70%" in sentence else None,
            )
        )
    return reports
