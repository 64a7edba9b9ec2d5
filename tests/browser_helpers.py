"""Helpers for the render tests: sample reports, and a headless Chromium with the network cut.

Imported by tests/test_render_*.py as a plain module (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from geomap.models import Actor, Article, DateGuess, Kind, Modality, Report
from geomap.render.png import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"


def chromium_missing() -> bool:
    """True when Debian's chromium is not installed (browser tests then skip, saying so)."""
    return not Path(CHROMIUM).exists() and shutil.which("chromium") is None


# ---- sample data ------------------------------------------------------------------------------
def article(title: str, day: dt.date, *, url: str = "", source: str = "") -> Article:
    aid = hashlib.sha256(title.encode()).hexdigest()
    return Article(
        id=aid,
        text="",
        title=title,
        source=source or f"{title[:10]}.txt",
        url=url,
        published=DateGuess.exact(day, "date-line", day.isoformat()),
    )


def report(
    art: Article,
    place: str,
    kind: Kind,
    actor: Actor,
    day: dt.date,
    *,
    lat: float,
    lon: float,
    sentence: str | None = None,
    modality: Modality = Modality.ASSERTED,
    claimed_by: str = "",
    side: Actor = Actor.UNKNOWN,
    percent: float | None = None,
    precision: str = "exact",
    place_kind: str = "settlement",
    place_id: str | None = None,
) -> Report:
    sentence = sentence or f"Reports said {kind.value} in {place} involved {actor.value} forces."
    start = sentence.find(place)
    if start < 0:
        start = 0
    pid = place_id or "t:" + place.lower().replace(" ", "-")
    rid = hashlib.sha256(f"{art.id}|{pid}|{kind}|{sentence}".encode()).hexdigest()[:16]
    return Report(
        id=rid,
        article_id=art.id,
        place_id=pid,
        place_name=place,
        lat=lat,
        lon=lon,
        kind=kind,
        actor=actor,
        modality=modality,
        date=DateGuess.exact(day, "explicit", day.isoformat()),
        sentence=sentence,
        sentence_start=100,
        sentence_end=100 + len(sentence),
        mention_start=100 + start,
        mention_end=100 + start + len(place),
        claimed_by=claimed_by,
        claimant_side=side,
        percent=percent,
        precision=precision,
        place_kind=place_kind,
    )


@dataclass
class Sample:
    articles: dict[str, Article]
    reports: list[Report]
    expected: dict[str, int] = field(default_factory=dict)


D1 = dt.date(2022, 2, 27)
D2 = dt.date(2022, 6, 1)


def sample() -> Sample:
    """Two dates of reports with every kind of symbol a map draws, and the counts to expect."""
    a1 = article("Day four of the offensive", D1, url="https://example.org/day4")
    a2 = article("Severodonetsk street fighting", D2, source="seeds/000.txt")
    ru, ua, unk = Actor.RU, Actor.UA, Actor.UNKNOWN
    rs = [
        report(
            a1,
            "Kherson",
            Kind.BESIEGED,
            ru,
            D1,
            lat=46.64,
            lon=32.61,
            sentence="The Russian army announced that it has besieged Kherson.",
            claimed_by="Russian army",
            side=ru,
        ),
        report(
            a1,
            "Berdyansk",
            Kind.CAPTURED,
            ru,
            D1,
            lat=46.75,
            lon=36.79,
            claimed_by="Russian Defence Ministry",
            side=ru,
        ),
        report(
            a1,
            "Kharkiv",
            Kind.REPELLED,
            ua,
            D1,
            lat=49.99,
            lon=36.23,
            sentence="The Ukrainian military repelled a Russian attempt to seize Kharkiv.",
            claimed_by="Ukrainian military",
            side=ua,
        ),
        report(
            a1,
            "Kharkiv",
            Kind.FIGHTING,
            unk,
            D1,
            lat=49.99,
            lon=36.23,
            sentence="Fierce fighting and street battles in Kharkiv.",
        ),
        report(
            a1,
            "Melitopol",
            Kind.CAPTURED,
            ru,
            D1,
            lat=46.85,
            lon=35.37,
            claimed_by="Russian Defence Ministry",
            side=ru,
        ),
        report(
            a1,
            "Melitopol",
            Kind.HOLDS,
            ua,
            D1,
            lat=46.85,
            lon=35.37,
            sentence="Ukrainian officials said Melitopol remains under Ukrainian control.",
            claimed_by="Ukrainian officials",
            side=ua,
        ),
        report(a1, "Vasylivka", Kind.ADVANCE, ru, D1, lat=47.44, lon=35.27, precision="raion"),
        report(
            a2,
            "Sievierodonetsk",
            Kind.PARTIAL_CONTROL,
            ru,
            D2,
            lat=48.95,
            lon=38.49,
            percent=70.0,
            claimed_by="Luhansk regional governor",
            side=ua,
            sentence="Russian forces controlled about 70% of Sievierodonetsk, an official said.",
        ),
        report(
            a2,
            "Sievierodonetsk",
            Kind.FIGHTING,
            unk,
            D2,
            lat=48.95,
            lon=38.49,
            sentence="Heavy fighting in Sievierodonetsk on May 30.",
        ),
        report(
            a2,
            "Lysychansk",
            Kind.HOLDS,
            ua,
            D2,
            lat=48.92,
            lon=38.43,
            sentence="Lysychansk remains under Ukrainian control for now.",
            claimed_by="Serhiy Haidai",
            side=ua,
        ),
        report(
            a2,
            "Lysychansk",
            Kind.STRIKE,
            ru,
            D2,
            lat=48.92,
            lon=38.43,
            sentence="Russians will shell Lysychansk more intensively.",
        ),
        report(a2, "Bakhmut", Kind.WITHDREW, ua, D2, lat=48.60, lon=38.00),
        report(
            a2,
            "Donbas",
            Kind.FIGHTING,
            unk,
            D2,
            lat=48.3,
            lon=38.0,
            place_kind="region",
            sentence="Street-by-street fighting in the eastern Donbas region.",
        ),
        report(
            a2,
            "Lysychansk",
            Kind.CAPTURED,
            ru,
            D2,
            lat=48.92,
            lon=38.43,
            modality=Modality.HYPOTHETICAL,
            sentence="If the Russians manage to take Lysychansk, they will install artillery.",
        ),
        # Izium: claimed by Russia and denied by Ukraine on day four, then said plainly to be
        # Russian-held in June: drawn RU, with the Ukrainian denial as a conflicting claim
        report(
            a1,
            "Izium",
            Kind.CAPTURED,
            ru,
            D1,
            lat=49.21,
            lon=37.26,
            claimed_by="Russian Defence Ministry",
            side=ru,
            sentence="The Russian Defence Ministry said its forces captured Izium.",
        ),
        report(
            a1,
            "Izium",
            Kind.HOLDS,
            ua,
            D1,
            lat=49.21,
            lon=37.26,
            claimed_by="Ukrainian army",
            side=ua,
            sentence="The Ukrainian army says Izium remains under its control.",
        ),
        report(
            a2,
            "Izium",
            Kind.CONTROLS,
            ru,
            D2,
            lat=49.21,
            lon=37.26,
            sentence="Russian forces now control Izium.",
        ),
    ]
    # On D2: control = Berdyansk, Kharkiv, Melitopol (contested), Sievierodonetsk, Lysychansk,
    # Izium (RU, with a conflicting Ukrainian claim);
    # fighting (7 days) = Sievierodonetsk, Lysychansk; moves = Bakhmut; regions = Donbas;
    # mentioned = Lysychansk (hypothetical). Sieges: none in window.
    expected = {"control": 5, "fighting": 2, "moves": 1, "regions": 1, "mentioned": 1, "sieges": 0}
    return Sample({a.id: a for a in (a1, a2)}, rs, expected)


# ---- browser ----------------------------------------------------------------------------------
@dataclass
class PageRun:
    """What happened while a page was open: requests tried, console errors, page errors."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def open_page(
    path: Path, *, width: int = 1200, height: int = 800, ready: bool = True
) -> Iterator[tuple]:
    """Open ``path`` in headless Chromium with every non-file request blocked.

    Yields ``(page, run)``; with ``ready``, waits until the page sets ``window.geomapReady``.
    """
    from playwright.sync_api import sync_playwright

    run = PageRun()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()

            def route(r) -> None:
                url = r.request.url
                run.requests.append(url)
                if url.startswith(("file:", "data:", "blob:", "about:")):
                    r.continue_()
                else:
                    run.blocked.append(url)
                    r.abort()

            page.route("**/*", route)
            page.on(
                "console",
                lambda m: run.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: run.page_errors.append(str(e)))

            def on_dialog(d) -> None:
                run.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            page.goto(path.resolve().as_uri())
            if ready:
                page.wait_for_function("window.geomapReady === true", timeout=15000)
            yield page, run
        finally:
            browser.close()


def click_symbol(page, group: str, index: int = 0, map_index: int = 0) -> None:
    """Click a drawn symbol with the mouse (canvas hit-testing, as a reader would)."""
    page.evaluate("GM.maps.forEach(e => e.map.closePopup())")
    page.wait_for_selector(".gm-popup", state="detached", timeout=5000)
    # bring the symbol into view first, as a reader would pan to it
    page.evaluate(
        f"(() => {{ const e = GM.maps[{map_index}];"
        f" const m = e.painter.groups[{group!r}].getLayers()[{index}];"
        " e.map.panTo(m.getLatLng(), {animate: false}); })()"
    )
    pt = page.evaluate(f"GM.symbolPoint({map_index}, {group!r}, {index})")
    page.mouse.click(pt["x"], pt["y"])
    page.wait_for_selector(".leaflet-popup-content .gm-popup", timeout=5000)
