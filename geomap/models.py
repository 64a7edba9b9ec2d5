"""The data model of geomap: articles, dates, reports and control states.

Flow: :class:`Article` (read by ``geomap.articles``) gets a :class:`DateGuess` (``geomap.dating``)
and mentions (``gazetteer``); ``geomap.claims`` turns its sentences into :class:`Report` rows that
``geomap.store`` keeps and ``geomap.state`` folds into :class:`ControlState` per place and date.
All types are frozen: a value never changes after it is made, so it can be cached and compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

#: The full-scale invasion began on this day; "day N of the war" counts from it.
INVASION_DATE = dt.date(2022, 2, 24)


class Precision(StrEnum):
    """How precisely a date is known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Kind(StrEnum):
    """What a report says happened at a place."""

    FIGHTING = "fighting"
    STRIKE = "strike"  # shelling, missile or air strike
    ATTACK = "attack"  # attack, assault, offensive on a place
    ADVANCE = "advance"
    REPELLED = "repelled"  # an attack on the place was repelled (defender holds)
    BESIEGED = "besieged"  # besieged, encircled, surrounded
    CAPTURED = "captured"  # taken by the actor
    LIBERATED = "liberated"  # recaptured / liberated by the actor
    CONTROLS = "controls"  # actor controls the place
    PARTIAL_CONTROL = "partial_control"  # actor controls ``percent`` of the place
    WITHDREW = "withdrew"  # actor withdrew from the place
    HOLDS = "holds"  # actor holds / defends / remains in control


#: Kinds that say who controls a place (the others are activity: fighting, strikes...).
CONTROL_KINDS = frozenset(
    {
        Kind.CAPTURED,
        Kind.LIBERATED,
        Kind.CONTROLS,
        Kind.PARTIAL_CONTROL,
        Kind.WITHDREW,
        Kind.HOLDS,
        Kind.REPELLED,
    }
)
#: Kinds drawn as fighting activity.
FIGHTING_KINDS = frozenset({Kind.FIGHTING, Kind.STRIKE, Kind.ATTACK, Kind.ADVANCE, Kind.BESIEGED})


class Actor(StrEnum):
    RU = "RU"
    UA = "UA"
    UNKNOWN = "unknown"


class Controller(StrEnum):
    RU = "RU"
    UA = "UA"
    CONTESTED = "contested"
    UNKNOWN = "unknown"


class Modality(StrEnum):
    """Whether the text asserts a report. Only ASSERTED reports are drawn as facts."""

    ASSERTED = "asserted"
    HYPOTHETICAL = "hypothetical"  # "if Bakhmut falls", "could have gone to Kramatorsk"
    NEGATED = "negated"  # "failed to capture", "not yet captured"


@dataclass(frozen=True, slots=True)
class DateGuess:
    """A date known within ``[earliest, latest]``, with a best guess and the evidence for it.

    ``method`` names how it was found: "override", "sidecar", "metadata", "date-line", "dateline",
    "explicit", "war-relative", "relative-weekday", "relative", "caption", "publication".
    """

    best: dt.date
    earliest: dt.date
    latest: dt.date
    precision: Precision
    method: str
    evidence: str = ""  # the words the date was read from

    @classmethod
    def exact(cls, day: dt.date, method: str, evidence: str = "") -> DateGuess:
        return cls(day, day, day, Precision.DAY, method, evidence)

    def describe(self) -> str:
        """A short human description: "2022-02-27 (day; war-relative: 'the fourth day')"."""
        if self.precision is Precision.DAY:
            when = self.best.isoformat()
        else:
            when = f"{self.earliest.isoformat()} – {self.latest.isoformat()}"
        how = f"{self.method}: {self.evidence!r}" if self.evidence else self.method
        return f"{when} ({self.precision.value}; {how})"


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read, with its provenance. ``id`` is the sha256 of its normalised text."""

    id: str
    text: str
    title: str = ""
    source: str = ""  # file path (as given), "-" for stdin, or URL
    url: str = ""
    published: DateGuess | None = None  # None: undated
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
    # (start, end) spans of the text that are captions or junk ("Read more", "Leave a comment").
    captions: tuple[tuple[int, int], ...] = ()
    junk: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """One thing an article says happened at one place, with its evidence.

    ``id`` is stable: a hash of article id, place id, kind and mention span, so re-ingesting the
    same article yields the same ids. ``date`` is the event date if the sentence gives one,
    else the article's publication date; ``date_method`` says which.
    """

    id: str
    article_id: str
    place_id: str
    place_name: str
    lat: float
    lon: float
    kind: Kind
    actor: Actor
    modality: Modality
    date: DateGuess | None
    sentence: str
    sentence_start: int  # offsets of the sentence in the article text
    sentence_end: int
    mention_start: int  # offsets of the place mention in the article text
    mention_end: int
    claimed_by: str = ""  # "Russian Defence Ministry", "Ukrainian military", "narration"...
    claimant_side: Actor = Actor.UNKNOWN  # the side of whoever claims it
    reported_speech: bool = False  # said by someone quoted, not the article's own voice
    percent: float | None = None  # for PARTIAL_CONTROL
    place_kind: str = "settlement"
    precision: str = "exact"  # coordinate precision of the place
    confidence: float = 1.0
    rule: str = ""  # id of the rule that made it, so an editor can see why

    @property
    def is_fact(self) -> bool:
        """True when the report may be drawn as a fact (asserted, not hypothetical/negated)."""
        return self.modality is Modality.ASSERTED


@dataclass(frozen=True, slots=True)
class ControlState:
    """Who controls a place as of a date, and on what evidence."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    controller: Controller
    since: dt.date | None
    as_of: dt.date
    percent: float | None = None  # share held by ``controller`` for partial control
    supporting: tuple[str, ...] = ()  # report ids
    contradicting: tuple[str, ...] = ()  # report ids
    stale: bool = False  # the newest supporting report is older than the staleness limit
    besieged: bool = False
    precision: str = "exact"
