"""When an article was published, and when the events it reports happened.

Publication date (:func:`date_article`), in order of trust:

1. a user's override (``--date``) or sidecar entry: taken as given (checked strictly);
2. metadata (a JSON/CSV field, front matter, ``article:published_time``, JSON-LD);
3. a date line: the seed format's leading `` date 2022-06-01``, a "Published: …" header line,
   a first line that is only a date, or a dateline with a full date ("Kyiv, 5 March 2022 –");
4. a dateline without a year ("KYIV, March 7 (Reuters) -"): the year is the one the weaker
   cues below allow, else the latest year the text mentions;
5. an explicit date with its weekday at the head of the text ("Wednesday, Feb 01, 2023");
6. phrases relative to the full-scale invasion of 2022-02-24 ("the fourth day of the
   offensive", "the 13-month-old war"), battles said to be going on ("fighting in Bakhmut":
   2022-08 to 2023-05), durations of those battles, past events ("the capture of Soledar in
   January"), then seasonal offensives whose year the rest settles;
7. the latest full date the text mentions (a lower bound, up to 30 days before publication).

The first three decide alone. Cues 5-7 are ranges: first the cue that contradicts the most
others is dropped (repeatedly, less trusted and wider ones first on a tie), then the rest are
intersected. The result is a :class:`~geomap.models.DateGuess` whose ``evidence`` lists each
rule id with the words it read, and the dropped cues; its precision follows the width of the
range (day; week: up to 10 days; month: up to a quarter; year). An article with no evidence
is *undated*: :func:`date_article` returns None and :func:`undated_hint` says how to give it a
date. Today's date is never used as a guess; it only bounds open ranges ("since the capture of
Soledar") and rejects dates in the future. Cues 4-7 are read from the first
:data:`MAX_DATING_CHARS` characters, which keeps a 20 MB article to seconds.

Event dates (:func:`event_date`) read one sentence against the publication date: "on May 30,
2022", "on Tuesday", "yesterday", "last week", "in January", "since 2014".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from geomap.dating_cues import Cue, anchor_cues, war_cue
from geomap.dating_input import (
    add_months,
    explicit_dates,
    find_explicit,
    guess_from_range,
    parse_date,
)
from geomap.dating_rules import (
    MONTH_RE,
    MONTHS,
    SEASON_RULES,
    SEASONS,
    WAR_RULES,
    WEEKDAYS,
)
from geomap.errors import BadDate
from geomap.models import INVASION_DATE, DateGuess

__all__ = [
    "MAX_DATING_CHARS",
    "METADATA_DATE_KEYS",
    "date_article",
    "event_date",
    "event_dates",
    "explicit_dates",
    "undated_hint",
]

#: Metadata keys read as the publication date, most trusted first (compared case-insensitively).
METADATA_DATE_KEYS = (
    "date_override", "date_line", "article:published_time", "og:published_time",
    "datepublished", "published_time", "published", "published_at", "publish_date",
    "publication_date", "pubdate", "date_published", "dc.date", "dc.date.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "date", "datecreated", "created",
    "date_publish", "time", "datemodified", "updated",
)  # fmt: skip


#: How much of a text the weaker cues (datelines, war-relative phrases, dates) are read from.
MAX_DATING_CHARS = 200_000


def undated_hint(source: str, text: str = "") -> str:
    """The message for an article without date evidence, saying how to give it a date.

    With the article's ``text``, a dateline that lacks only its year is named too.
    """
    name = source or "-"
    found = ""
    if text and (m := _DATELINE.search(text[:1500])) and not m["year"]:
        found = f" (its dateline {m.group(0).strip()!r} has no year)"
    return (
        f"{name}: no date found{found}; give one with --date YYYY-MM-DD or in a sidecar file "
        f"dates.csv (columns file,date) next to the articles"
    )


# --- publication date -----------------------------------------------------------------------

_SEED_DATE_LINE = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_HEADER_LINE = re.compile(
    r"(?:^|[|•·]\s*)(?:published|posted|date|updated|last\s+updated|first\s+published)"
    r"(?:\s+on)?\s*:?\s*\S",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z'’. -]{{2,30}}(?:,\s*[A-Z][A-Za-z'’. -]{{2,30}})?),\s+"
    rf"(?P<month>(?i:{MONTH_RE}))\.?\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?\s*"
    r"(?:\((?P<agency>[^)\n]{1,30})\)\s*)?[-–—]",
    re.MULTILINE,
)
_YEARS = re.compile(r"\b(20[0-4]\d)\b")


def _dateline_days(
    m: re.Match[str], lo: dt.date, hi: dt.date, text: str, context: bool
) -> list[dt.date]:
    """The dateline's possible days: its own year, else the year the other cues allow, else
    the latest year the text mentions (never the current year by default)."""
    month, day = MONTHS[m["month"].lower()], int(m["day"])
    years = [int(m["year"])] if m["year"] else list(range(INVASION_DATE.year - 8, hi.year + 1))
    days = []
    for year in years:
        try:
            days.append(dt.date(year, month, day))
        except ValueError:
            continue
    inside = [d for d in days if lo <= d <= hi]
    if m["year"]:
        return inside or days
    if context and inside:
        return inside
    mentioned = sorted({int(y) for y in _YEARS.findall(text)})
    return [d for d in days if d.year == mentioned[-1]] if mentioned else []


def _combine(cues: list[Cue]) -> tuple[dt.date, dt.date, dt.date | None, list[Cue], list[Cue]]:
    """Intersect the cues' ranges, first dropping the ones that contradict the most others.

    Intervals that overlap pairwise share a common day, so once no two kept cues are disjoint
    their intersection is not empty. The cue dropped first is the one disjoint from the most
    others; on a tie, the less trusted (higher rank), then the wider one goes.
    """
    # The same rule reading the same range twice is one cue with twice the weight.
    weight: dict[tuple, int] = {}
    first: dict[tuple, Cue] = {}
    for cue in cues:
        key = (cue.rank, cue.earliest, cue.latest, cue.best, cue.method, cue.rule)
        weight[key] = weight.get(key, 0) + 1
        first.setdefault(key, cue)
    kept = sorted(first.values(), key=lambda c: (c.rank, c.width, c.earliest, c.rule))
    weights = [weight[(c.rank, c.earliest, c.latest, c.best, c.method, c.rule)] for c in kept]
    dropped: list[Cue] = []
    while True:
        conflicts = [
            sum(
                w
                for o, w in zip(kept, weights, strict=True)
                if o.latest < c.earliest or c.latest < o.earliest
            )
            for c in kept
        ]
        if not conflicts or max(conflicts) == 0:
            break
        worst = max(range(len(kept)), key=lambda i: (conflicts[i], kept[i].rank, kept[i].width, i))
        dropped.append(kept.pop(worst))
        weights.pop(worst)
    lo, hi = dt.date.min, dt.date.max
    used: list[Cue] = []
    for cue in kept:
        new_lo, new_hi = max(lo, cue.earliest), min(hi, cue.latest)
        if new_lo > new_hi:
            dropped.append(cue)
            continue
        lo, hi = new_lo, new_hi
        used.append(cue)
    best = next((c.best for c in used if c.best is not None and lo <= c.best <= hi), None)
    return lo, hi, best, used, dropped


def _from_metadata(metadata: Mapping[str, object], today: dt.date) -> DateGuess | None:
    lowered = {str(k).lower(): v for k, v in metadata.items()}
    for key in METADATA_DATE_KEYS:
        value = lowered.get(key)
        if value in (None, ""):
            continue
        method = {"date_override": "override", "date_line": "date-line"}.get(key, "metadata")
        try:
            guess = parse_date(value, method=method, today=today)  # type: ignore[arg-type]
        except BadDate:
            continue  # a broken field in a file: the text may still date the article
        field = str(lowered.get("date_field") or key) if key == "published" else key
        evidence = {"metadata": f"{field}: {value}", "date-line": f"first line: date {value}"}.get(
            method, str(value)
        )
        return DateGuess(guess.best, guess.earliest, guess.latest, guess.precision, method,
                         evidence)  # fmt: skip
    return None


def _header_date(text: str, today: dt.date) -> DateGuess | None:
    """A date line (seed format, "Published: …", a line that is only a date) or a dateline
    with a full date ("Kyiv, 5 March 2022 – …") in the first lines; None if there is none."""
    if m := _SEED_DATE_LINE.match(text):
        try:
            guess = parse_date(m[1], method="date-line", today=today)
        except BadDate:
            return None
        return DateGuess.exact(guess.best, "date-line", f"first line: date {m[1]}")
    head = text.lstrip()[:600]
    for line in head.splitlines()[:6]:
        line = line.strip()
        found = [f for f in find_explicit(line) if f.day <= today + dt.timedelta(days=1)]
        if not found:
            continue
        first = found[0]
        header = _HEADER_LINE.search(line[: first.start + 1])
        only_date = len(line) - (first.end - first.start) <= 25
        if len(line) <= 120 and (header or only_date):
            return DateGuess.exact(first.day, "date-line", line)
        before, after = line[: first.start], line[first.end :]
        if _FULL_DATELINE_BEFORE.fullmatch(before) and _FULL_DATELINE_AFTER.match(after):
            quote = line[: first.end + len(_FULL_DATELINE_AFTER.match(after)[0])].strip()
            return DateGuess.exact(first.day, "dateline", quote)
    return None


_FULL_DATELINE_BEFORE = re.compile(r"[A-Z][\w'’. ]{1,40}(?:,\s*[A-Z][\w'’. ]{1,40})?,\s*")
_FULL_DATELINE_AFTER = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?[-–—]")


def date_article(
    text: str,
    *,
    metadata: Mapping[str, object] | None = None,
    override: str | dt.date | DateGuess | None = None,
    today: dt.date | None = None,
) -> DateGuess | None:
    """The publication date of an article, or None when nothing in it gives one.

    ``override`` (a user's ``--date`` or sidecar entry) wins and is checked strictly: an
    impossible value raises :class:`~geomap.errors.BadDate`. ``metadata`` fields named in
    :data:`METADATA_DATE_KEYS` come next (a broken one is skipped). ``today`` bounds the future;
    it defaults to the system date, read here at the boundary and nowhere else.

    >>> date_article("Russian forces advanced for the fourth day of their offensive.").describe()
    "2022-02-27 (day; war-relative: 'nth-day-of-war: the fourth day of their offensive')"
    """
    today = today or dt.date.today()
    if override is not None:
        return parse_date(override, method="override", today=today)
    if metadata:
        guess = _from_metadata(metadata, today)
        if guess is not None:
            return guess
    guess = _header_date(text, today)
    if guess is not None:
        return guess

    # Dating evidence sits near the top; a very long text (a live blog, a compilation) is read
    # up to this many characters so that dating stays fast.
    text = text[:MAX_DATING_CHARS]
    cues: list[Cue] = []
    for rule in WAR_RULES:
        for m in rule.finditer(text):
            cue = war_cue(rule, m, today)
            if cue is not None and cue.earliest <= today:
                cues.append(cue)
    cues.extend(c for c in anchor_cues(text, today) if c.earliest <= today)
    head = text[:800]
    for f in find_explicit(head[:300]):
        if f.weekday_named and f.day <= today:
            cues.append(Cue(1, f.day, f.day, f.day, "explicit", "header-date",
                             head[f.start : f.end]))  # fmt: skip
    body = [f for f in find_explicit(text) if f.day <= today]
    if body:
        last = max(body, key=lambda f: (f.day, f.start))
        cues.append(Cue(4, last.day, min(today, last.day + dt.timedelta(30)), last.day,
                         "explicit", "latest-date-mentioned",
                         text[last.start : last.end]))  # fmt: skip

    lo, hi, best, used, dropped = _combine(cues)
    if used:
        lo, hi, used = _season_refine(text, lo, hi, used)
    if not used:
        lo, hi = INVASION_DATE.replace(year=INVASION_DATE.year - 8), today
    if m := _DATELINE.search(text[:1500]):
        days = _dateline_days(m, lo, hi, text, bool(used))
        if len(days) == 1:
            day = days[0]
            note = [f"dateline: {m.group(0).strip()}"]
            if not m["year"]:
                note.append("year from the other evidence" if used else "year from the text")
            if lo <= day <= hi:
                note += [f"{c.rule}: {c.quote}" for c in used]
            return DateGuess.exact(day, "dateline", "; ".join(note))
    if not used:
        return None
    parts = [f"{c.rule}: {c.quote}" for c in used]
    parts += [f"ignored {c.rule}: {c.quote} (contradicts the rest)" for c in dropped]
    if hi - lo <= dt.timedelta(days=6):
        parts += _weekday_agreement(text, lo, hi)
    return guess_from_range(lo, hi, used[0].method, "; ".join(parts), best)


def _season_windows(season: str, before: int, after: int, years: range) -> list[tuple]:
    first, length = SEASONS[season]
    windows = []
    for year in years:
        start = dt.date(year - 1 if first == 12 else year, first, 1)
        end = add_months(start, length) - dt.timedelta(days=1)
        windows.append((add_months(start, -before), add_months(end + dt.timedelta(1), after)
                        - dt.timedelta(days=1)))  # fmt: skip
    return windows


def _season_refine(
    text: str, lo: dt.date, hi: dt.date, used: list[Cue]
) -> tuple[dt.date, dt.date, list[Cue]]:
    """Narrow [lo, hi] by seasonal offensives whose year the other evidence settles."""
    for rule in SEASON_RULES:
        m = rule.search(text)
        if not m:
            continue
        years = range(lo.year - 1, hi.year + 2)
        fits = [
            (max(lo, a), min(hi, b))
            for a, b in _season_windows(m["season"].lower(), rule.before, rule.after, years)
            if a <= hi and lo <= b
        ]
        if len(fits) == 1:
            lo, hi = fits[0]
            used = [*used, Cue(3, lo, hi, None, "war-relative", rule.id, m.group(0))]
    return lo, hi, used


def _weekday_agreement(text: str, lo: dt.date, hi: dt.date) -> list[str]:
    notes = []
    for m in re.finditer(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                         text):  # fmt: skip
        wd = WEEKDAYS[m[1].lower()]
        if lo == hi and lo.weekday() == wd:
            notes.append(f"a {m[1]}, as {m.group(0)!r} says")
            break
    return notes


# Event dates live in their own module; they are part of this module's API.
from geomap.dating_events import event_date, event_dates  # noqa: E402
