"""Dates of the events an article reports, read one sentence at a time.

:func:`event_date` resolves "on May 30, 2022", "on Tuesday", "yesterday", "last week",
"in January", "three days ago" and "since 2014" against the article's publication date
(a :class:`~geomap.models.DateGuess`, possibly a range: the result is then a range too).
Month names must be capitalised in running text ("may" is a verb).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from geomap.dating_input import (
    add_months,
    find_explicit,
    guess_from_range,
    precision_for,
    shift,
)
from geomap.dating_rules import (
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    SEASONS,
    WEEKDAYS,
    parse_number,
)
from geomap.dating_scan import fold_case
from geomap.models import DateGuess

__all__ = ["event_date", "event_dates"]

_FULL_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EV_WEEKDAY = re.compile(
    rf"\b(?:(?P<rel>last|next|this|on|early|late)\s+)?(?P<wd>{_FULL_WEEKDAYS})\b"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
)
_EV_MONTH_DAY = re.compile(
    rf"\b(?:(?P<m1>{MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH_RE}))\b(?!,?\s*\d{{4}})(?!\s*\d)",
    re.IGNORECASE,
)
_EV_MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_EV_MONTH = re.compile(
    # The word before the month may open the sentence ("In January, ..."): any case.
    r"\b(?P<rel>(?i:in|since|last|early|late|mid|mid-|by|until|during|from))\s*"
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b(?!\s*\d)",
)
_EV_YEAR = re.compile(
    r"\b(?P<rel>(?i:in|since|during|by|from|of|until))\s+(?:early\s+|late\s+|mid-?)?"
    r"(?P<y>(?:19|20)\d\d)\b(?![-/]\d)"
)
_EV_WORDS = re.compile(
    r"\b(?P<w>yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|"
    r"last\s+night|overnight|last\s+week|this\s+week|earlier\s+this\s+week|last\s+month|"
    r"this\s+month|earlier\s+this\s+month|last\s+year|this\s+year|earlier\s+this\s+year)\b",
    re.IGNORECASE,
)
_EV_SEASON = re.compile(
    r"\b(?P<rel>last|this|next|in\s+the|during\s+the|over\s+the|in|since\s+the|since)\s+"
    r"(?:(?:early|late)\s+)?(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+(?:counter-?)?"
    r"offensive)",
    re.IGNORECASE,
)
_EV_AGO = re.compile(
    rf"\b(?P<n>{NUMBER_RE})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.IGNORECASE
)

# Quick tests for the costly expressions above: each needs a digit, or the word "ago".
_DIGIT = re.compile(r"\d")
_AGO = re.compile(r"ago\b", re.IGNORECASE)
# Words (or digits) each expression's matches hold, tested before it is run: most sentences
# hold no date at all. Lower-case ones are looked for in the case-folded sentence.
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")  # _EV_YEAR, _EV_MONTH_YEAR
_MONTH_STEMS = re.compile(  # MONTH_RE: "jan" for January and Jan., the Cyrillic names whole
    "|".join(sorted({m[:3] if m.isascii() else m for m in MONTHS}, key=lambda m: (-len(m), m)))
)
_MONTH_NAMES = re.compile(  # _EV_MONTH (case-sensitive)
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_WORD_STEMS = ("yesterday", "today", "night", "morning", "afternoon", "evening", "week", "month",
               "year")  # _EV_WORDS  # fmt: skip
_SEASON_WORDS = tuple(SEASONS)  # _EV_SEASON


def _season(season: str, rel: str, published: DateGuess) -> tuple[dt.date, dt.date] | None:
    """The season meant, from the publication date: "last summer" is the latest summer that
    had ended by then, "this/in the summer" the latest one begun by then, "next summer" the
    first one after. Winter runs from December to February."""
    first, length = SEASONS[season]
    pub = published.best
    windows = []
    for year in range(pub.year - 2, pub.year + 2):
        start = dt.date(year - 1 if first == 12 else year, first, 1)
        windows.append((start, add_months(start, length) - dt.timedelta(days=1)))
    begun = [w for w in windows if w[0] <= pub]
    if rel == "next":
        later = [w for w in windows if w[0] > pub]
        return later[0] if later else None
    if rel == "last":
        ended = [w for w in begun if w[1] < pub]
        return ended[-1] if ended else None
    return begun[-1] if begun else None


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _relative_words(word: str, pub: dt.date) -> tuple[dt.date, dt.date]:
    w = re.sub(r"\s+", " ", fold_case(word))
    if w == "yesterday":
        return pub - dt.timedelta(1), pub - dt.timedelta(1)
    if w in {"today", "tonight", "this morning", "this afternoon", "this evening"}:
        return pub, pub
    if w in {"last night", "overnight"}:
        return pub - dt.timedelta(1), pub
    if w == "last week":
        start = _week_start(pub) - dt.timedelta(7)
        return start, start + dt.timedelta(6)
    if w in {"this week", "earlier this week"}:
        return _week_start(pub), pub
    if w == "last month":
        first = add_months(pub.replace(day=1), -1)
        return first, _month_end(first.year, first.month)
    if w in {"this month", "earlier this month"}:
        return pub.replace(day=1), pub
    if w == "last year":
        return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)
    return dt.date(pub.year, 1, 1), pub  # this year, earlier this year


def _weekday_before(pub: dt.date, wd: int, rel: str) -> dt.date:
    if rel == "next":
        return pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
    back = (pub.weekday() - wd) % 7
    if rel == "last" and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+due|are\s+due|(?:is|are)\s+expected\s+to|plans?\s+to|"
    r"(?:is|are)\s+scheduled|(?:is|are)\s+set\s+to)\b[^,;.]{0,40}$",
    re.IGNORECASE,
)


def _since(start: dt.date, published: DateGuess, quote: str) -> DateGuess:
    """A state from ``start`` to publication; best guess: the publication date."""
    latest = max(start, published.latest)
    best = min(max(published.best, start), latest)
    return DateGuess(best, start, latest, precision_for(start, latest), "relative", quote)


def event_dates(sentence: str, published: DateGuess | None) -> list[tuple[int, int, DateGuess]]:
    """Every date expression in ``sentence`` as (start, end, DateGuess), in order of position.

    Relative expressions ("on Tuesday", "last week", "in January") are resolved against
    ``published`` and skipped when it is None. Semantics: a bare weekday is the latest such day
    on or before publication ("Wednesday" in a Wednesday article is that day); "in January"
    without a year is the latest January that began on or before publication; a weekday in a
    sentence about the future ("talks will be held on Monday") is the next one after
    publication. Seasons: "last winter", "this spring", "in the summer" (:func:`_season`).
    "since 2014" (or "since January", "since May 30, 2022") is a state that began
    then and holds at publication: the range runs from the start to publication and the best
    guess is the publication date, so a map of that date shows it.
    """
    out: list[tuple[int, int, DateGuess]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, guess: DateGuess) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        out.append((start, end, guess))

    for f in find_explicit(sentence):
        quote = sentence[f.start : f.end]
        since = published is not None and _SINCE_BEFORE.search(sentence[: f.start])
        if since and f.day <= published.latest:  # type: ignore[union-attr]
            add(f.start, f.end, _since(f.day, published, quote))  # type: ignore[arg-type]
            continue
        add(f.start, f.end, DateGuess.exact(f.day, "explicit", quote))
    folded = fold_case(sentence)
    year_digits = _YEAR_DIGITS.search(sentence) is not None
    month_word = _MONTH_STEMS.search(folded) is not None
    for m in _EV_MONTH_YEAR.finditer(sentence) if year_digits and month_word else ():
        if m["m"][0].islower():
            continue
        month, year = MONTHS[m["m"].lower()], int(m["y"])
        add(m.start(), m.end(), guess_from_range(dt.date(year, month, 1),
            _month_end(year, month), "explicit", m.group(0)))  # fmt: skip
    for m in _EV_YEAR.finditer(sentence) if year_digits else ():
        year = int(m["y"])
        lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        since = fold_case(m["rel"] or "") == "since"
        if since and published is not None and published.latest >= lo:
            add(m.start(), m.end(), _since(lo, published, m.group(0)))
            continue
        add(m.start(), m.end(), guess_from_range(lo, hi, "explicit", m.group(0)))
    if published is None:
        return sorted(out, key=lambda t: (t[0], t[1]))
    pub_lo, pub_hi = published.earliest, published.latest
    digits = month_word and _DIGIT.search(sentence) is not None
    for m in _EV_MONTH_DAY.finditer(sentence) if digits else ():
        if (m["m1"] or m["m2"])[0].islower():
            continue  # "may 5" is a verb and a number more often than a date
        month = MONTHS[(m["m1"] or m["m2"]).lower()]
        day = int(m["d1"] or m["d2"])
        days = []
        for year in (pub_hi.year, pub_hi.year - 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate <= pub_hi + dt.timedelta(days=1):
                days.append(candidate)
        if days:
            add(m.start(), m.end(), DateGuess.exact(max(days), "relative", m.group(0)))
    for m in _EV_WEEKDAY.finditer(sentence) if "day" in sentence else ():
        wd, rel = WEEKDAYS[m["wd"].lower()], fold_case(m["rel"] or "")
        # Future only when a "will"/"is due to" governs the weekday: it comes shortly before,
        # with no comma between ("talks will be held on Monday").
        if rel in {"", "on"} and _FUTURE.search(sentence[: m.start()]):
            rel = "next"
        lo, hi = _weekday_before(pub_lo, wd, rel), _weekday_before(pub_hi, wd, rel)
        add(
            m.start(),
            m.end(),
            guess_from_range(
                lo, hi, "relative-weekday", m.group(0), _weekday_before(published.best, wd, rel)
            ),
        )
    for m in _EV_WORDS.finditer(sentence) if any(w in folded for w in _WORD_STEMS) else ():
        if m.group(0)[0].isupper() and sentence[: m.start()].strip(" “\"‘'(") != "":
            continue  # "Russia Today" is a channel; "Today, ..." opens a sentence
        lo, hi = _relative_words(m["w"], pub_lo)[0], _relative_words(m["w"], pub_hi)[1]
        add(m.start(), m.end(), guess_from_range(lo, hi, "relative", m.group(0)))
    for m in _EV_AGO.finditer(sentence) if _AGO.search(sentence) else ():
        n = parse_number(m["n"])
        if n is None:
            continue
        lo, hi = shift(pub_lo, -n, m["unit"]), shift(pub_hi, -n, m["unit"])
        add(m.start(), m.end(), guess_from_range(lo, hi, "relative", m.group(0)))
    for m in _EV_SEASON.finditer(sentence) if any(w in folded for w in _SEASON_WORDS) else ():
        rel = re.sub(r"\s+", " ", fold_case(m["rel"]))
        window = _season(m["season"].lower(), rel, published)
        if window is not None:
            quote = m.group(0)
            if rel.startswith("since"):
                add(m.start(), m.end(), _since(window[0], published, quote))
            else:
                add(m.start(), m.end(), guess_from_range(*window, "relative", quote))
    for m in _EV_MONTH.finditer(sentence) if _MONTH_NAMES.search(sentence) else ():
        month = MONTHS[m["m"].lower()]
        rel = fold_case(m["rel"] or "")
        year = published.best.year if month <= published.best.month else published.best.year - 1
        if rel == "last" and month == published.best.month:
            year -= 1
        lo, hi = dt.date(year, month, 1), _month_end(year, month)
        if rel == "since":
            add(m.start(), m.end(), _since(lo, published, m.group(0)))
            continue
        add(m.start(), m.end(), guess_from_range(lo, hi, "relative", m.group(0)))
    return sorted(out, key=lambda t: (t[0], t[1]))


def event_date(sentence: str, published: DateGuess | None) -> DateGuess | None:
    """The date of the event a sentence reports: its most precise date expression, or None.

    >>> pub = DateGuess.exact(dt.date(2022, 6, 1), "date-line")
    >>> event_date("Zelensky claimed on Tuesday that ...", pub).best
    datetime.date(2022, 5, 31)
    >>> event_date("fighting in Donbas on May 30, 2022.", pub).best
    datetime.date(2022, 5, 30)
    """
    found = event_dates(sentence, published)
    if not found:
        return None
    return min(found, key=lambda t: ((t[2].latest - t[2].earliest).days, t[0]))[2]
