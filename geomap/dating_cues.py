"""The weaker cues of a publication date: phrases relative to the invasion and battles.

:func:`war_cue` reads a war-relative phrase ("the fourth day of the offensive", "the
13-month-old war") matched by a rule of :data:`geomap.dating_rules.WAR_RULES`;
:func:`anchor_cues` finds battles said to be going on ("fighting in Bakhmut"), their
durations ("after seven months of fighting") and past events ("the capture of Soledar in
January"). Each is a :class:`Cue`: a range of dates with its rule and the words it read,
which :func:`geomap.dating.date_article` weighs against the others.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from geomap.dating_input import add_months, shift
from geomap.dating_rules import (
    ANCHORS,
    EVENTS,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    QUALIFIER_RE,
    QUALIFIERS,
    WarRule,
    parse_number,
)
from geomap.dating_scan import folded, windowed_finditer
from geomap.models import INVASION_DATE

__all__ = ["Cue", "anchor_cues", "war_cue"]


@dataclass(frozen=True, slots=True)
class Cue:
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


def war_cue(rule: WarRule, m: re.Match[str], today: dt.date) -> Cue | None:
    quote = m.group(0)
    g = m.groupdict()
    inv = INVASION_DATE
    if rule.kind == "day":
        n = parse_number(g["n"])
        if not n:
            return None
        day = inv + dt.timedelta(days=n - 1)
        return Cue(2, day, day, day, "war-relative", rule.id, quote)
    if rule.kind == "age":
        n = parse_number(g["n"])
        if n is None:
            return None
        if g.get("q"):  # "the nearly two-year-old war": a qualified duration
            bounds = _duration_bounds(g["q"], g["n"], g["unit"])
            if bounds is None:
                return None
            low, high, unit = bounds
            return Cue(2, shift(inv, low, unit), shift(inv, high, unit), None, "war-relative",
                        rule.id, quote)  # fmt: skip
        lo, hi = shift(inv, n, g["unit"]), shift(inv, n + 1, g["unit"]) - dt.timedelta(1)
        return Cue(2, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "nth":
        n = parse_number(g["n"])
        if not n:
            return None
        lo, hi = shift(inv, n - 1, g["unit"]), shift(inv, n, g["unit"]) - dt.timedelta(1)
        return Cue(3, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "duration":
        half = bool(g.get("half") or g.get("half2"))
        bounds = _duration_bounds(g.get("q") or "", g["n"], g["unit"], half)
        if bounds is None:
            return None
        low, high, unit = bounds
        lo, hi = shift(inv, low, unit), shift(inv, high, unit)
        if unit == "day":  # "411 days since the invasion": some count the first day, some not
            lo -= dt.timedelta(days=1)
        return Cue(2, lo, hi, None, "war-relative", rule.id, quote)
    if rule.kind == "anniversary":
        n = parse_number(g["n"])
        if not n:
            return None
        day = add_months(inv, 12 * n)
        return Cue(2, day - dt.timedelta(14), day + dt.timedelta(14), day, "war-relative",
                    rule.id, quote)  # fmt: skip
    if rule.kind in {"year-after", "years-after"}:
        n = 1 if rule.kind == "year-after" else parse_number(g["n"])
        if not n:
            return None
        year = inv.year + n
        return Cue(3, dt.date(year, 1, 1), dt.date(year, 12, 31), None, "war-relative",
                    rule.id, quote)  # fmt: skip
    if rule.kind == "first-week":
        return Cue(2, inv, inv + dt.timedelta(6), None, "war-relative", rule.id, quote)
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


def anchor_cues(text: str, today: dt.date) -> list[Cue]:
    cues: list[Cue] = []
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
            cues.append(Cue(3, anchor.start, end, None, "war-relative", f"{anchor.id}-ongoing",
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
            cues.append(Cue(2, lo, min(hi, today), None, "war-relative",
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
        cues.append(Cue(3, event.day, max(hi, event.day), None, "war-relative", event.id,
                         quote))  # fmt: skip
    return cues
