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

import bisect
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from geomap.dating_input import (
    add_months,
    explicit_dates,
    find_explicit,
    guess_from_range,
    parse_date,
    shift,
)
from geomap.dating_rules import (
    ANCHORS,
    EVENTS,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    QUALIFIER_RE,
    QUALIFIERS,
    SEASON_RULES,
    SEASONS,
    WAR_RULES,
    WEEKDAYS,
    WarRule,
    parse_number,
)
from geomap.dating_scan import folded, windowed_finditer
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


@dataclass(frozen=True, slots=True)
class _Cue:
    rank: int  # lower is more trusted
    earliest: dt.date
    latest: dt.date
    best: dt.date | None
    method: str
    rule: str
    quote: str

    @property
    def width(self) -> int:
        return (self.latest - self.earliest).days


def _duration_bounds(
    q: str, n_text: str, unit: str, half: bool = False
) -> tuple[float, float, str] | None:
    """(low, high, unit) of a qualified duration: "more than half a year" -> (6, 9, month)."""
    unit = unit.rstrip("s").lower()
    if re.fullmatch(r"half\s+a", n_text.strip(), re.I):
        n: float = 0.5
    else:
        parsed = parse_number(n_text)
        if parsed is None:
            return None
        n = parsed + (0.5 if half else 0.0)
    if unit == "year":
        n, unit = n * 12, "month"
    low_f, high_f, low_off, high_off = QUALIFIERS[re.sub(r"\s+", " ", q.lower())]
    low, high = n * low_f + low_off, n * high_f + high_off
    return max(low, 0.0), max(high, low), unit


def _war_cue(rule: WarRule, m: re.Match[str], today: dt.date) -> _Cue | None:
    quote = m.group(0)
    g = m.groupdict()
    inv = INVASION_DATE
    if rule.kind == "day":
        n = parse_number(g["n"])
        if not n:
            return None
        day = inv + dt.timedelta(days=n - 1)
        return _Cue(2, day, day, day, "war-relative", rule.id, quote)
    if rule.kind == "age":
        n = parse_number(g["n"])
        if n is None:
            return None
        if g.get("q"):  # "the nearly two-year-old war": a qualified duration
            bounds = _duration_bounds(g["q"], g["n"], g["unit"])
            if bounds is None:
                return None
            low, high, unit = bounds
            return _Cue(2, shift(inv, low, unit), shift(inv, high, unit), None, "war-relative",
                        rule.id, quote)  # fmt: skip
        lo, hi = shift(inv, n, g["unit"]), shift(inv, n + 1, g["unit"]) - dt.timedelta(1)
        return _Cue(2, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "nth":
        n = parse_number(g["n"])
        if not n:
            return None
        lo, hi = shift(inv, n - 1, g["unit"]), shift(inv, n, g["unit"]) - dt.timedelta(1)
        return _Cue(3, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "duration":
        half = bool(g.get("half") or g.get("half2"))
        bounds = _duration_bounds(g.get("q") or "", g["n"], g["unit"], half)
        if bounds is None:
            return None
        low, high, unit = bounds
        lo, hi = shift(inv, low, unit), shift(inv, high, unit)
        if unit == "day":  # "411 days since the invasion": some count the first day, some not
            lo -= dt.timedelta(days=1)
        return _Cue(2, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "anniversary":
        n = parse_number(g["n"])
        if not n:
            return None
        day = add_months(inv, 12 * n)
        return _Cue(2, day - dt.timedelta(14), day + dt.timedelta(14), day, "war-relative",
                    rule.id, quote)  # fmt: skip
    if rule.kind in {"year-after", "years-after"}:
        n = 1 if rule.kind == "year-after" else parse_number(g["n"])
        if not n:
            return None
        year = inv.year + n
        return _Cue(3, dt.date(year, 1, 1), dt.date(year, 12, 31), None, "war-relative",
                    rule.id, quote)  # fmt: skip
    if rule.kind == "first-week":
        return _Cue(2, inv, inv + dt.timedelta(6), None, "war-relative", rule.id, quote)
    return None


_FIGHT = (
    r"fight\w*|battle\w*|siege|besieged|defen[cs]e|defend\w*|stand\s+firm|assault\w*|storm\w*|"
    r"(?:take|taking|took)\s+control|capture|encircle\w*|hold\w*\s+(?:out|on)|war"
)
_PAST = re.compile(
    r"\b(?:last\s+year|in\s+20\d\d|years?\s+ago|had\s+been|fell|after\s+(?:the\s+)?(?:fall|"
    r"capture)|was\s+(?:captured|taken|lost))\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(r"\b(?:if|would|could|should|might|unless)\b", re.IGNORECASE)
_SINCE_DURATION = re.compile(
    r"\b(?:for|after|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last))\s+"
    rf"(?:(?P<q>{QUALIFIER_RE})\s+)?(?P<n>half\s+a|{NUMBER_RE})\s+"
    r"(?P<unit>weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_MONTH_NO_YEAR = re.compile(rf"\bin\s+(?P<month>{MONTH_RE})\b(?!\s*\d)", re.IGNORECASE)


# Breaks between sentences: white space after closing punctuation, or line breaks. Written
# as "(?<=[.!?…”\"])\s+|\n+" reads; starting with \s lets the engine skip to white space.
_SENTENCE_BREAK = re.compile(r"\s(?:(?<=[.!?…”\"]\s)\s*|(?<=\n)\n*)")
# Where a break can begin (closing punctuation or a line break) and the white space after.
_BREAK_START = re.compile(r"[.!?…”\"\n]\s*")
_LINE_BREAKS = re.compile(r"\n+")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``text`` lie, in order: the stretches between breaks that are
    not only white space (``_SENTENCE_BREAK.split(text)`` less the blank ones).

    Found from closing punctuation and line breaks, which are rarer than the white space that
    ``_SENTENCE_BREAK`` has to try (twice as fast on a long article)."""
    spans, start = [], 0
    for m in _BREAK_START.finditer(text):
        a, b = m.span()
        if text[a] != "\n":
            if b > a + 1:  # all the white space after closing punctuation is one break
                spans.append((start, a + 1))
                start = b
        elif b == a + 1:
            spans.append((start, a))
            start = b
        else:  # elsewhere each run of line breaks is a break
            for run in _LINE_BREAKS.finditer(text, a, b):
                spans.append((start, run.start()))
                start = run.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if a < b and not text[a:b].isspace()]


def _sentences_holding(
    low: str, words: tuple[str, ...], spans: list[tuple[int, int]], starts: list[int]
) -> list[int]:
    """Indexes (in order) of the sentences ``spans`` whose text holds one of ``words``
    (lower-case, no white space) in ``low``, the case-folded text. A word cannot straddle
    two sentences, which white space separates."""
    found = set()
    for word in words:
        pos = low.find(word)
        while pos >= 0:
            found.add(bisect.bisect_right(starts, pos) - 1)
            pos = low.find(word, pos + 1)
    return sorted(found)


def _count_names(name: re.Pattern[str], names: tuple[str, ...], text: str) -> int:
    """``len(name.findall(text))`` for ``name`` = ``\\b(?:names)\\b`` (IGNORECASE), trying
    the pattern only where the case-folded text has one of ``names`` (lower-case)."""
    low = folded(text)
    starts = set()
    for n in names:
        pos = low.find(n)
        while pos >= 0:
            starts.add(pos)
            pos = low.find(n, pos + 1)
    count, end = 0, 0
    for pos in sorted(starts):
        if pos >= end and (m := name.match(text, pos)):
            count, end = count + 1, max(m.end(), pos + 1)
    return count


_ATTEMPT = re.compile(
    r"\b(?:fail\w*|attempt\w*|try|trying|tried|bid|aim\w*|plan\w*|sought|seek\w*|push\w*|"
    r"want\w*|hopes?|hoping|intend\w*|could|would|will|may|might|not|never|yet\s+to)\s+"
    r"(?:to\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` holding ``[start, end)``."""
    lo = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[lo : min(ends) + 1 if ends else len(text)]


def _around(sentence: str, m: re.Match[str], width: int = 90) -> str:
    """The words around a match, at most ``width`` characters, cut at word boundaries."""
    if len(sentence) <= width:
        return sentence.strip()
    extra = max(0, width - (m.end() - m.start())) // 2
    lo, hi = max(0, m.start() - extra), min(len(sentence), m.end() + extra)
    lo = sentence.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    hi_space = sentence.find(" ", hi)
    hi = len(sentence) if hi_space < 0 else hi_space
    return ("…" if lo > 0 else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "")


def _anchor_cues(text: str, today: dt.date) -> list[_Cue]:
    cues: list[_Cue] = []
    spans: list[tuple[int, int]] = []  # of the sentences, found once a battle is named
    starts: list[int] = []
    folded_text = ""  # for quick word tests
    durations: list[tuple[str, re.Match[str]]] = []
    lowered = text.lower()
    for anchor in ANCHORS:
        names = tuple(n.lower() for n in anchor.names.split("|"))
        if not any(n in lowered for n in names):
            continue  # a cheap test first: most articles name none of the battles
        if not spans:  # split only for an article that names a battle
            spans = _sentence_spans(text)
            starts = [a for a, _ in spans]
            folded_text = folded(text)
            # A duration has its unit word: only sentences with one are searched.
            durations = [
                (s, m)
                for i in _sentences_holding(folded_text, ("week", "month", "year"), spans, starts)
                if (m := _SINCE_DURATION.search(s := text[spans[i][0] : spans[i][1]]))
            ]
        name = re.compile(rf"\b(?:{anchor.names})\b", re.IGNORECASE)
        total = _count_names(name, names, text)
        if not total:
            continue
        # Fighting *in* or *for* the place, or the place besieged: "near Bakhmut" is not enough
        # (fighting went on around the city after it fell).
        fight_near = re.compile(
            rf"\b(?:{_FIGHT})\b[^.;!?]{{0,60}}?\b(?:in|for|of|over|inside|within|into)\s+"
            rf"(?:the\s+(?:\w+\s+)?(?:city|town)\s+of\s+)?(?:{anchor.names})\b|"
            rf"\b(?:besieged|embattled|battered|encircled)\s+(?:city\s+of\s+)?(?:{anchor.names})\b|"
            rf"\b(?:{anchor.names})\b[^.;!?]{{0,20}}?\b(?:is|are|remains?)\s+(?:still\s+)?"
            r"(?:besieged|under\s+(?:siege|attack|fire)|encircled|surrounded|contested)\b",
            re.IGNORECASE,
        )
        # Only sentences holding a name (the regex below confirms it is the word).
        ongoing = [
            s
            for i in _sentences_holding(folded_text, names, spans, starts)
            if name.search(s := text[spans[i][0] : spans[i][1]])
            and fight_near.search(s)
            and not _PAST.search(s)
            and not _HYPOTHETICAL.search(s)
        ]
        if ongoing:
            quote = _around(ongoing[0], fight_near.search(ongoing[0]))  # type: ignore[arg-type]
            # A few days' grace after the fall: reports of fighting inside lag behind.
            end = anchor.end + dt.timedelta(days=10)
            cues.append(_Cue(3, anchor.start, end, None, "war-relative", f"{anchor.id}-ongoing",
                             quote))  # fmt: skip
        for s, m in durations:
            # The duration is the battle's when the sentence names the place, or when it speaks
            # of fighting/control and the article is mostly about that battle.
            about_it = name.search(s) or (total >= 3 and re.search(rf"\b(?:{_FIGHT})", s, re.I))
            if not about_it or _PAST.search(s):
                continue
            bounds = _duration_bounds(m["q"] or "", m["n"], m["unit"])
            if bounds is None:
                continue
            low, high, unit = bounds
            lo, hi = shift(anchor.start, low, unit), shift(anchor.start, high, unit)
            cues.append(_Cue(2, lo, min(hi, today), None, "war-relative",
                             f"{anchor.id}-duration", m.group(0)))  # fmt: skip
    for event in EVENTS:
        hits = [
            (start, end, m)
            for start, end, m in windowed_finditer(event.pattern, event.needles, text, margin=60)
            if not _ATTEMPT.search(text[max(0, start - 40) : start])
            and not _HYPOTHETICAL.search(_sentence_at(text, start, end))
        ]
        if not hits:
            continue
        end, m = hits[0][1], hits[0][2]
        tail = text[end : end + 40]
        month = _MONTH_NO_YEAR.match(tail.lstrip())
        hi = today
        if month and MONTHS[month["month"].lower()] == event.day.month:
            # "the capture of Soledar in January": said within a year of it.
            hi = min(today, add_months(event.day, 12))
        quote = m.group(0) + (f" {month.group(0)}" if month else "")
        cues.append(_Cue(3, event.day, max(hi, event.day), None, "war-relative", event.id,
                         quote))  # fmt: skip
    return cues


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


def _combine(cues: list[_Cue]) -> tuple[dt.date, dt.date, dt.date | None, list[_Cue], list[_Cue]]:
    """Intersect the cues' ranges, first dropping the ones that contradict the most others.

    Intervals that overlap pairwise share a common day, so once no two kept cues are disjoint
    their intersection is not empty. The cue dropped first is the one disjoint from the most
    others; on a tie, the less trusted (higher rank), then the wider one goes.
    """
    # The same rule reading the same range twice is one cue with twice the weight.
    weight: dict[tuple, int] = {}
    first: dict[tuple, _Cue] = {}
    for cue in cues:
        key = (cue.rank, cue.earliest, cue.latest, cue.best, cue.method, cue.rule)
        weight[key] = weight.get(key, 0) + 1
        first.setdefault(key, cue)
    kept = sorted(first.values(), key=lambda c: (c.rank, c.width, c.earliest, c.rule))
    weights = [weight[(c.rank, c.earliest, c.latest, c.best, c.method, c.rule)] for c in kept]
    dropped: list[_Cue] = []
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
    used: list[_Cue] = []
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
    cues: list[_Cue] = []
    for rule in WAR_RULES:
        for m in rule.finditer(text):
            cue = _war_cue(rule, m, today)
            if cue is not None and cue.earliest <= today:
                cues.append(cue)
    cues.extend(c for c in _anchor_cues(text, today) if c.earliest <= today)
    head = text[:800]
    for f in find_explicit(head[:300]):
        if f.weekday_named and f.day <= today:
            cues.append(_Cue(1, f.day, f.day, f.day, "explicit", "header-date",
                             head[f.start : f.end]))  # fmt: skip
    body = [f for f in find_explicit(text) if f.day <= today]
    if body:
        last = max(body, key=lambda f: (f.day, f.start))
        cues.append(_Cue(4, last.day, min(today, last.day + dt.timedelta(30)), last.day,
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
    text: str, lo: dt.date, hi: dt.date, used: list[_Cue]
) -> tuple[dt.date, dt.date, list[_Cue]]:
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
            used = [*used, _Cue(3, lo, hi, None, "war-relative", rule.id, m.group(0))]
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
