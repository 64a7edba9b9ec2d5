"""The tables that :mod:`geomap.dating` reads dates with: words, patterns and war events.

Everything here is data. A rule is a named regular expression plus the *kind* of arithmetic the
interpreter in :mod:`geomap.dating` applies to its match, so adding a phrase means adding a row,
not a branch. Rule ids appear in :attr:`geomap.models.DateGuess.evidence`, so a reader can see
which row produced a date. Each war rule also lists the words every match holds, so the
windowed search of :mod:`geomap.dating_scan` tries its pattern only where a match can be.

War-relative kinds (all counted from :data:`geomap.models.INVASION_DATE`, 2022-02-24 = day 1):

``day``          "the fourth day of the offensive", "day 100 of the war": that one day.
``age``          "the 13-month-old war": the war is N units old, so the date lies in
                 [invasion + N units, invasion + (N+1) units - 1 day].
``nth``          "the war's second year", "into its second year": [start of unit N, its end].
``duration``     "three months into the war", "nearly a year of war": N units after the
                 invasion, widened by the qualifier (see :data:`QUALIFIERS`).
``anniversary``  "the first anniversary of the invasion": within two weeks of it.
``year-after``   "the initial offensive last year": the invasion was last year, so 2023.
``years-after``  "the invasion two years ago": the year is 2022 + N.
``first-week``   "since the beginning of the offensive on Thursday": the start is named by its
                 weekday, so the article is from the first week (2022-02-24 ... 2022-03-02).

Battle anchors date an article by a battle that had a known start and end: a sentence that says
fighting goes on there puts the article inside the battle, and "for nearly eight months" or
"after more than half a year" in such a sentence counts from the battle's start. Point events
("the capture of Soledar") give a lower bound. Dates are the commonly cited ones (Wikipedia).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from geomap.dating_scan import fold_case, folded, windowed_finditer

__all__ = [
    "ANCHORS",
    "EVENTS",
    "MONTHS",
    "MONTH_RE",
    "NUMBER_RE",
    "ORDINAL_RE",
    "QUALIFIERS",
    "QUALIFIER_RE",
    "SEASONS",
    "SEASON_RULES",
    "WAR_RULES",
    "WEEKDAYS",
    "WEEKDAY_RE",
    "Anchor",
    "Event",
    "SeasonRule",
    "WarRule",
    "parse_number",
]


class _Words(dict):
    """A table of lower-case words that also finds a word written with the letters
    re.IGNORECASE equates with plain ones ("Auguſt", "Frıday"), which the patterns match."""

    def __missing__(self, key: str) -> object:
        folded = fold_case(key)
        if folded != key and folded in self:
            return self[folded]
        raise KeyError(key)


MONTHS: dict[str, int] = _Words({
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # Ukrainian and Russian, in the genitive that dates use ("7 березня 2023", "7 марта 2023").
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
})  # fmt: skip

WEEKDAYS: dict[str, int] = _Words({
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
})  # fmt: skip

# Longest alternatives first so "September" is not read as "Sep".
MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
WEEKDAY_RE = "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True))

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}  # fmt: skip
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                 "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}  # fmt: skip

_CARD_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_ORD_WORD = "|".join(sorted([*_ORDINAL_UNITS, *_ORDINAL_TENS], key=len, reverse=True))
#: A cardinal: "13", "thirteen", "twenty-one", "a", "one hundred".
NUMBER_RE = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,4}}|(?:{_CARD_WORD})(?:[- ](?:{_CARD_WORD}))?|"
    r"hundred|a\s+hundred|an?)"
)
#: An ordinal: "4th", "fourth", "twenty-first", "100th", "hundredth".
ORDINAL_RE = (
    rf"(?:\d{{1,4}}(?:st|nd|rd|th)|(?:(?:{_CARD_WORD})[- ])?(?:{_ORD_WORD})|(?:one\s+)?hundredth)"
)


def parse_number(word: str) -> int | None:
    """Read a cardinal or ordinal written in digits or English words; None if it is neither.

    >>> parse_number("fourth"), parse_number("13"), parse_number("twenty-first"), parse_number("a")
    (4, 13, 21, 1)
    """
    w = re.sub(r"\s+", " ", fold_case(word.strip()))
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", w.replace(",", ""))
    if m:
        return int(m.group(1))
    if w in {"a", "an", "one"}:
        return 1
    if w in {"hundred", "a hundred", "one hundred", "hundredth", "one hundredth"}:
        return 100
    total = 0
    for part in re.split(r"[- ]", w):
        value = _UNITS.get(part) or _TENS.get(part) or _ORDINAL_UNITS.get(part)
        value = value or _ORDINAL_TENS.get(part)
        if value is None:
            return None
        total += value
    return total or None


#: How a qualifier widens "N units": (low, high) multipliers of N, plus/minus whole units.
#: "more than half a year" = 6 to 9 months; "nearly eight months" = 7 to 8 months.
QUALIFIERS: dict[str, tuple[float, float, int, int]] = _Words(
    {
        # qualifier: (low factor, high factor, low offset in units, high offset in units)
        "": (1.0, 1.0, 0, 1),
        "more than": (1.0, 1.5, 0, 0),
        "over": (1.0, 1.5, 0, 0),
        "at least": (1.0, 1.5, 0, 0),
        "just over": (1.0, 1.2, 0, 0),
        "nearly": (1.0, 1.0, -1, 0),
        "almost": (1.0, 1.0, -1, 0),
        "just under": (1.0, 1.0, -1, 0),
        "less than": (1.0, 1.0, -1, 0),
        "about": (1.0, 1.0, -1, 1),
        "around": (1.0, 1.0, -1, 1),
        "some": (1.0, 1.0, -1, 1),
        "roughly": (1.0, 1.0, -1, 1),
    }
)
QUALIFIER_RE = "|".join(
    sorted((re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS if q), key=len, reverse=True)
)

_THE = r"(?:the\s+|their\s+|its\s+|this\s+|Russia['’]s\s+|Moscow['’]s\s+|Putin['’]s\s+)?"
_FULL = r"(?:full[- ]scale\s+|large[- ]scale\s+|Russian\s+)?"
_WAR = r"(?:war|invasion|offensive|special\s+military\s+operation|military\s+operation|conflict)"


@dataclass(frozen=True, slots=True)
class WarRule:
    """A phrase that dates an article relative to the invasion of 2022-02-24.

    ``needles`` are lower-case words one of which every match contains; :meth:`finditer` runs
    the full pattern only around them, which keeps long articles fast (a pattern that begins
    with an alternation of number words is slow to try at every position).
    """

    id: str
    kind: str  # see the module docstring
    pattern: re.Pattern[str]
    needles: tuple[str, ...]
    # Groups of lower-case words: every match holds a word of each group ("year" and "war"),
    # so a stretch of text around a needle that lacks one is not searched at all.
    requires: tuple[tuple[str, ...], ...] = ()
    # A case-sensitive pattern that the case-folded text of every match holds (the fixed end
    # of a pattern that begins with number words): a window without it is not searched.
    gate: re.Pattern[str] | None = None
    # A part of ``gate`` that begins with a fixed word, so that searching the whole
    # case-folded text for it is quick: a text without it cannot pass the gate anywhere.
    screen: re.Pattern[str] | None = None

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The matches of ``pattern`` in ``text`` (each once, in order)."""
        if self.screen is not None and not self.screen.search(folded(text)):
            return []  # no window would pass the gate
        found = windowed_finditer(
            self.pattern, self.needles, text, requires=self.requires, gate=self.gate
        )
        return [m for _, _, m in found]


_NEEDLES: dict[str, tuple[str, ...]] = {
    "nth-day-of-war": ("day of",),
    "day-n-of-war": ("day ",),
    "war-day-n": ("day ",),
    "n-unit-old-war": ("-old", " old"),  # "[- ]old" in the pattern
    "n-unit-war": ("war", "invasion", "conflict"),
    "war-into-nth-unit": ("its ",),
    "nth-unit-of-war": ("day of", "week of", "month of", "year of"),
    "wars-nth-unit": ("'s", "’s"),
    "units-into-war": ("war", "invasion"),
    "units-since-russia-invaded": ("invaded", "launched", "began", "started", "sent"),
    "anniversary-of-war": ("anniversary",),
    "invasion-last-year": ("last year",),
    "invasion-n-years-ago": ("ago",),
    "start-on-thursday": ("thursday",),
}


# Words every match of a rule holds, one of each group (see WarRule.requires).
_UNIT_WORDS = ("day", "week", "month", "year")
_WAR_WORDS = ("war", "invasion", "offensive", "operation", "conflict")
_REQUIRES: dict[str, tuple[tuple[str, ...], ...]] = {
    "nth-day-of-war": ((*_WAR_WORDS, "assault", "attack", "onslaught", "fighting"),),
    "day-n-of-war": (_WAR_WORDS,),
    "war-day-n": (("war", "invasion"),),
    "n-unit-old-war": (_WAR_WORDS,),
    "n-unit-war": (_UNIT_WORDS,),
    "war-into-nth-unit": (_UNIT_WORDS,),
    "nth-unit-of-war": (_WAR_WORDS,),
    "wars-nth-unit": (("war", "invasion", "conflict"), ("week", "month", "year")),
    "units-into-war": (_UNIT_WORDS, ("into", "of", "since")),
    "units-since-russia-invaded": (_UNIT_WORDS, ("after", "since"), ("russia", "moscow", "putin")),
    "anniversary-of-war": (("war", "invasion"),),
    "invasion-last-year": (("offensive", "invasion", "invaded", "war"),),
    "invasion-n-years-ago": (("invasion", "invaded", "war"), ("year",)),
    "start-on-thursday": (("beginning", "start", "launch", "outbreak"),),
}


_UNITS_RE = r"(?:day|week|month|year)s?(?:\s+and\s+a\s+half)?"
# _THE, _FULL and _WAR as case-folded text has them (they hold no escape but \s).
_THE_L, _FULL_L, _WAR_L = _THE.lower(), _FULL.lower(), _WAR.lower()
# A fixed part of each rule, lower-case: most rules start with number words, slow to try at
# every position of a window (see WarRule.gate).
_GATES: dict[str, re.Pattern[str]] = {
    "nth-day-of-war": re.compile(
        rf"day\s+of\s+{_THE_L}{_FULL_L}(?:{_WAR_L}|operation|assault|attack|onslaught|fighting)"
    ),
    "day-n-of-war": re.compile(rf"day\s+\d[\d,]*\s+of\s+{_THE_L}{_FULL_L}{_WAR_L}"),
    "war-day-n": re.compile(r"day\s+\d"),
    "n-unit-old-war": re.compile(rf"(?:day|week|month|year)[- ]old\s+{_FULL_L}{_WAR_L}"),
    "war-into-nth-unit": re.compile(r"(?:into|in|enters?|entered|entering)\s+its\s"),
    "nth-unit-of-war": re.compile(rf"(?:week|month|year)\s+of\s+{_THE_L}{_FULL_L}{_WAR_L}"),
    "wars-nth-unit": re.compile(r"(?:war|invasion|conflict)['’]s\s"),
    "n-unit-war": re.compile(
        r"(?:day|week|month|year)(?:[- ]long)?\s+(?:full[- ]scale\s+)?(?:war|invasion|conflict)"
    ),
    "units-into-war": re.compile(
        rf"{_UNITS_RE}(?:\s+(?:this|last|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)?\s+"
        r"(?:into|after\s+the\s+start\s+of|since\s+the\s+start\s+of|since\s+the\s+beginning"
        r"\s+of|since|of)\s+(?:the\s+|their\s+|its\s+|this\s+|russia['’]s\s+|moscow['’]s\s+|"
        r"putin['’]s\s+)?(?:full[- ]scale\s+|large[- ]scale\s+|russian\s+)?(?:war|invasion)"
    ),
    "units-since-russia-invaded": re.compile(
        rf"{_UNITS_RE}\s+(?:after|since)\s+(?:russia|moscow|putin|vladimir\s+putin|russian\s+"
        r"(?:forces|troops))\s+(?:invaded|launched|began|started|sent)"
    ),
}


# Screens (see WarRule.screen): each matches inside every match of its rule's gate, and has
# no boundary test (\b, lookaround), so "not in the text" means "not in any window". Only for
# rules whose needles are common words and whose gates are rare.
_SCREENS: dict[str, re.Pattern[str]] = {
    "nth-day-of-war": _GATES["nth-day-of-war"],
    "day-n-of-war": _GATES["day-n-of-war"],
    "war-day-n": _GATES["war-day-n"],
    "n-unit-old-war": re.compile(rf"old\s+{_FULL_L}{_WAR_L}"),
}


def _rule(rule_id: str, kind: str, pattern: str) -> WarRule:
    return WarRule(rule_id, kind, re.compile(pattern, re.IGNORECASE), _NEEDLES[rule_id],
                   _REQUIRES[rule_id], _GATES.get(rule_id), _SCREENS.get(rule_id))  # fmt: skip


WAR_RULES: tuple[WarRule, ...] = (
    _rule(
        "nth-day-of-war",
        "day",
        rf"\b(?:the\s+)?(?P<n>{ORDINAL_RE})\s+day\s+of\s+{_THE}{_FULL}"
        rf"(?:{_WAR}|operation|assault|attack|onslaught|fighting)\b",
    ),
    _rule(
        "day-n-of-war",
        "day",
        rf"\bday\s+(?P<n>\d{{1,3}}(?:,\d{{3}})?|\d{{1,4}})\s+of\s+{_THE}{_FULL}{_WAR}\b",
    ),
    _rule(
        "war-day-n",  # live blogs: "Russia-Ukraine war: key events, day 1,000"
        "day",
        r"\b(?:war|invasion)\b[^.\n]{0,40}?\bday\s+(?P<n>\d{1,3}(?:,\d{3})?|\d{1,4})\b"
        r"(?!\s*(?:of|to|after|before|and|or|-))",
    ),
    _rule(
        "n-unit-old-war",
        "age",
        rf"\b(?:(?P<q>{QUALIFIER_RE})\s+)?(?P<n>{NUMBER_RE})[- ](?P<unit>day|week|month|year)"
        rf"[- ]old\s+{_FULL}{_WAR}\b",
    ),
    _rule(
        "n-unit-war",  # "the 18-month war", "the nine-month-long conflict"; not "a week-long
        "age",  # offensive", which is one push inside the war
        rf"\b(?:the|this|Russia['’]s|Moscow['’]s|its)\s+(?:(?P<q>{QUALIFIER_RE})\s+)?"
        rf"(?P<n>{NUMBER_RE})[- ](?P<unit>day|week|month|year)(?:[- ]long)?\s+"
        r"(?:full[- ]scale\s+)?(?:war|invasion|conflict)\b",
    ),
    _rule(
        "war-into-nth-unit",
        "nth",
        r"\b(?:war|invasion|conflict|fighting)\b[^.;!?]{0,40}?\b(?:into|in|enters?|entered|"
        rf"entering)\s+its\s+(?P<n>{ORDINAL_RE})\s+(?P<unit>day|week|month|year)\b",
    ),
    _rule(
        "nth-unit-of-war",
        "nth",
        rf"\b(?:the\s+|its\s+)?(?P<n>{ORDINAL_RE})\s+(?P<unit>week|month|year)\s+of\s+{_THE}"
        rf"{_FULL}{_WAR}\b",
    ),
    _rule(
        "wars-nth-unit",
        "nth",
        rf"\b(?:war|invasion|conflict)['’]s\s+(?P<n>{ORDINAL_RE})\s+(?P<unit>week|month|year)\b",
    ),
    _rule(
        "units-into-war",
        "duration",
        rf"\b(?:(?P<q>{QUALIFIER_RE})\s+)?(?P<n>half\s+a|{NUMBER_RE})"
        r"(?:\s+and\s+a\s+(?P<half>half))?\s+(?P<unit>days?|weeks?|months?|years?)"
        r"(?:\s+and\s+a\s+(?P<half2>half))?"
        r"(?:\s+(?:this|last|on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?"
        r"\s+(?:into|after\s+the\s+start\s+of|since\s+the\s+start\s+of|"
        rf"since\s+the\s+beginning\s+of|since|of)\s+{_THE}{_FULL}(?:war|invasion)\b",
    ),
    _rule(
        "units-since-russia-invaded",
        "duration",
        rf"\b(?:(?P<q>{QUALIFIER_RE})\s+)?(?P<n>half\s+a|{NUMBER_RE})"
        r"(?:\s+and\s+a\s+(?P<half>half))?\s+(?P<unit>days?|weeks?|months?|years?)"
        r"(?:\s+and\s+a\s+(?P<half2>half))?\s+(?:after|since)\s+(?:Russia|Moscow|Putin|"
        r"Vladimir\s+Putin|Russian\s+(?:forces|troops))\s+(?:invaded|launched|began|started|"
        r"sent)\b",
    ),
    _rule(
        "anniversary-of-war",
        "anniversary",
        rf"\b(?P<n>{ORDINAL_RE})\s+anniversary\s+of\s+{_THE}{_FULL}(?:war|invasion)\b",
    ),
    _rule(
        "invasion-last-year",
        "year-after",
        r"\b(?:offensive|invasion|invaded|war\s+(?:began|started))\b[^.;!?]{0,40}?\blast\s+year\b",
    ),
    _rule(
        "invasion-n-years-ago",
        "years-after",
        r"\b(?:invasion|invaded|war\s+(?:began|started))\b[^.;!?]{0,40}?\b"
        rf"(?P<n>{NUMBER_RE})\s+years?\s+ago\b",
    ),
    _rule(
        "start-on-thursday",
        "first-week",
        r"\b(?:beginning|start|launch|outbreak)\s+of\s+(?:the|their|its|Russia['’]s)\s+"
        r"(?:offensive|invasion|war|operation|attack)\s+(?:on|last)\s+Thursday\b",
    ),
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A battle with a known span; ``names`` is a regex of its spellings."""

    id: str
    names: str
    start: dt.date
    end: dt.date


#: Battles whose spans date the articles that describe them as going on.
ANCHORS: tuple[Anchor, ...] = (
    Anchor("battle-of-mariupol", r"Mariupol|Mariupil", dt.date(2022, 2, 24), dt.date(2022, 5, 20)),
    Anchor(
        "battle-of-sievierodonetsk",
        r"Sievierodonetsk|Severodonetsk|Syeverodonetsk|Siverodonetsk",
        dt.date(2022, 5, 6),
        dt.date(2022, 6, 25),
    ),
    Anchor(
        "battle-of-bakhmut",
        r"Bakhmut|Bahkmut|Bakhmout|Artemivsk|Artyomovsk|Artemovsk",
        dt.date(2022, 8, 1),
        dt.date(2023, 5, 20),
    ),
    Anchor(
        "battle-of-avdiivka",
        r"Avdiivka|Avdeevka|Avdiyivka|Avdeyevka",
        dt.date(2023, 10, 10),
        dt.date(2024, 2, 17),
    ),
)


@dataclass(frozen=True, slots=True)
class Event:
    """A past event on a known day: an article that mentions it as past is from later."""

    id: str
    pattern: re.Pattern[str]
    day: dt.date
    needles: tuple[str, ...]  # the place's names: the pattern is only tried around them


# A place name, not its region: "liberated Kherson" is the city, "Kherson region" is not.
def _place(names: str) -> str:
    return rf"(?:{names})(?!\s+(?:region|oblast|province|direction|axis|front))"


def _captured(names: str) -> str:
    place = _place(names)
    return (
        rf"\b(?:(?:capture|fall|seizure|loss|taking)\s+of\s+(?:the\s+(?:town|city)\s+of\s+)?"
        rf"{place}|{place}\s+(?:fell|was\s+(?:captured|taken|seized|lost))|"
        rf"(?:captured|took|seized)\s+(?:the\s+(?:town|city)\s+of\s+)?{place}|"
        rf"Ukrain\w*\s+(?:forces\s+|troops\s+)?(?:withdrew|withdrawal|retreat\w*|pulled\s+out)"
        rf"\s+from\s+{place})\b"
    )


def _liberated(names: str) -> str:
    place = _place(names)
    return (
        rf"\b(?:(?:liberation|recapture)\s+of\s+{place}|(?:liberated|recaptured|retook)\s+"
        rf"{place}|{place}\s+was\s+(?:liberated|recaptured|retaken)|"
        r"Russia(?:n\s+(?:forces|troops)|['’]s)?\s+(?:withdrawal|retreat|pull-?out)\s+from\s+"
        rf"{place}|Russian\s+(?:forces|troops)\s+(?:withdrew|retreated|pulled\s+out)\s+"
        rf"from\s+{place})\b"
    )


def _event(event_id: str, names: str, kind: str, day: dt.date) -> Event:
    pattern = {"liberated": _liberated, "captured": _captured}[kind](names)
    needles = tuple(n.replace("\\s+", " ").lower() for n in names.split("|"))
    return Event(event_id, re.compile(pattern, re.I), day, needles)


def _other(event_id: str, pattern: str, needles: tuple[str, ...], day: dt.date) -> Event:
    return Event(event_id, re.compile(pattern, re.I), day, needles)


#: Past events on known days (Wikipedia's dates): an article that mentions one as past is
#: from that day or later. "If Bakhmut falls" and "failed to capture" do not count (the
#: interpreter skips hypothetical sentences and attempts).
EVENTS: tuple[Event, ...] = (
    _event("mariupol-fell", "Mariupol", "captured", dt.date(2022, 5, 20)),
    _event(
        "sievierodonetsk-fell", "Sievierodonetsk|Severodonetsk", "captured", dt.date(2022, 6, 25)
    ),
    _event("lysychansk-fell", "Lysychansk|Lisichansk", "captured", dt.date(2022, 7, 3)),
    _event("snake-island-retaken", "Snake\\s+Island|Zmiinyi", "liberated", dt.date(2022, 6, 30)),
    _event("izium-liberated", "Izium|Izyum", "liberated", dt.date(2022, 9, 10)),
    _event("lyman-liberated", "Lyman", "liberated", dt.date(2022, 10, 1)),
    _event("kherson-liberated", "Kherson", "liberated", dt.date(2022, 11, 11)),
    _event("soledar-captured", "Soledar", "captured", dt.date(2023, 1, 13)),
    _event(
        "bakhmut-fell", "Bakhmut|Bahkmut|Artemivsk|Artyomovsk", "captured", dt.date(2023, 5, 20)
    ),
    _event("robotyne-liberated", "Robotyne", "liberated", dt.date(2023, 8, 28)),
    _event("avdiivka-fell", "Avdiivka|Avdeevka", "captured", dt.date(2024, 2, 17)),
    _event("vuhledar-fell", "Vuhledar|Ugledar", "captured", dt.date(2024, 10, 1)),
    _other(
        "kakhovka-dam-destroyed",
        r"\b(?:(?:destruction|collapse|breach|breaching|bombing|blowing\s+up)\s+of\s+the\s+"
        r"(?:Nova\s+)?Kakhovka\s+(?:dam|hydro\w*)|Kakhovka\s+dam\s+(?:was\s+)?(?:destroyed|"
        r"collapsed|breached|blown\s+up))\b",
        ("kakhovka",),
        dt.date(2023, 6, 6),
    ),
    _other(
        "wagner-mutiny",
        r"\b(?:Wagner|Prigozhin)(?:['’]s)?\s+(?:short-lived\s+|failed\s+|armed\s+)?"
        r"(?:mutiny|rebellion|revolt|uprising|march\s+on\s+Moscow)\b",
        ("mutiny", "rebellion", "revolt", "uprising", "march on moscow"),
        dt.date(2023, 6, 24),
    ),
    _other(
        "prigozhin-died",
        r"\b(?:Prigozhin(?:['’]s)?\s+(?:death|was\s+killed|died)|(?:the\s+)?late\s+"
        r"(?:Wagner\s+(?:chief|leader|boss)\s+)?(?:Yevgeny\s+)?Prigozhin)\b",
        ("prigozhin",),
        dt.date(2023, 8, 23),
    ),
    _other(
        "kursk-incursion",
        r"\b(?:incursion|offensive|operation|advance|push)\s+(?:in)?to\s+(?:Russia['’]s\s+|the\s+)?"
        r"Kursk\s+(?:region|oblast|province)\b",
        ("kursk",),
        dt.date(2024, 8, 6),
    ),
)


#: Meteorological seasons as (first month, number of months); winter starts in December.
SEASONS: dict[str, tuple[int, int]] = _Words({
    "winter": (12, 3), "spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3),
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeasonRule:
    """A seasonal offensive: the article is from a window around that season.

    ``before``/``after`` are months before the season starts and after it ends that the
    window covers (a negative ``after`` ends it inside the season). The year is whichever one
    the article's other evidence allows; when more than one year fits, the rule says nothing.

    An offensive still *anticipated* is talked of in the months before its season and in its
    first month at the latest (the "anticipated summer counteroffensive" of 2023 began on
    4 June): from five months before the season to the end of its first month.
    """

    id: str
    pattern: re.Pattern[str]
    before: int
    after: int

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, tried only around each "<season> [counter-]offensive" of
        the text: a match ends with one and has at most four words (and the end of a fifth)
        before the season, so six words back always hold its start."""
        best = None
        for lo, gate_end in _season_gates(text):
            for _ in range(6):  # back over white space, then a word
                while lo > 0 and text[lo - 1].isspace():
                    lo -= 1
                while lo > 0 and not text[lo - 1].isspace():
                    lo -= 1
            hi = gate_end
            while hi < len(text) and not text[hi].isspace():
                hi += 1  # the word's end, so that the final \b sees what the whole text has
            m = self.pattern.search(text, lo, hi)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best


# What every match of a SEASON_RULES pattern ends with, in case-folded text.
_SEASON_OFFENSIVE = re.compile(r"(?:spring|summer|autumn|fall|winter)\s+(?:counter-?)?offensive")


@lru_cache(maxsize=16)
def _season_gates(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of :data:`_SEASON_OFFENSIVE` in ``text`` case-folded, found once for every rule
    (the regex tries each position of the text; a text without "offensive" has none)."""
    low = folded(text)
    if "offensive" not in low:
        return ()
    return tuple(m.span() for m in _SEASON_OFFENSIVE.finditer(low))


_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
SEASON_RULES: tuple[SeasonRule, ...] = (
    SeasonRule(
        "season-offensive-ahead",
        re.compile(
            r"\b(?:anticipated|expected|upcoming|coming|looming|planned|impending|"
            r"long-awaited|forthcoming)\s+(?:Russian\s+|Ukrainian\s+|Kyiv['’]s\s+|"
            rf"Moscow['’]s\s+)?{_SEASON}\s+(?:counter-?)?offensive\b",
            re.IGNORECASE,
        ),
        before=5,
        after=-2,
    ),
    SeasonRule(
        "season-offensive",
        re.compile(
            r"\b(?:the|its|their|this|end\s+of\s+the)\s+(?:Russian\s+|Ukrainian\s+)?"
            rf"{_SEASON}\s+(?:counter-?)?offensive\b",
            re.IGNORECASE,
        ),
        before=0,
        after=2,
    ),
)
