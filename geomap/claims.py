"""Turn the sentences of an article that mention places into :class:`~geomap.models.Report` rows.

For each sentence that names a place (or refers back to one: "the city"), the place mentions are
replaced by slots and the rules of ``geomap/rules/claims.yaml`` are matched against it. A match
gives a kind (captured, besieged, fighting…); the words before its verb give the modality
(hypothetical after "if" or "could", negated after "not yet" or "failed to"); the actor comes
from the match ("captured by Russia") or the nearest side named before the verb; the claimant
from the attribution ("the Russian army announced", "Haidai added"). Each report keeps its
evidence: the sentence and its span, the mention span and the id of the rule that made it.

>>> from gazetteer.types import Mention, Place
>>> from geomap.models import Article
>>> text = "Russian forces captured Soledar, the Russian Defence Ministry said."
>>> soledar = Place("ua:soledar", "Soledar", "settlement", 48.68, 38.09)
>>> [(r.kind.value, r.actor.value, r.modality.value, r.claimed_by)
...  for r in extract(Article("a1", text), [Mention(24, 31, "Soledar", soledar)])]
[('captured', 'RU', 'asserted', 'Russian Defence Ministry')]
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, replace

from gazetteer.types import Mention, Place
from geomap.claim_modality import clause_start, is_passive, modality_of
from geomap.claim_rules import SLOT, Rule, RuleSet, _factor, default_rules, slot
from geomap.dating import event_date
from geomap.dating_scan import fold_case
from geomap.models import CONTROL_KINDS, Actor, Article, DateGuess, Kind, Modality, Report
from geomap.sentences import Speakers, sentences, straight_apostrophes

__all__ = ["NARRATION", "extract", "sentences"]

#: ``Report.claimed_by`` when the article states something in its own voice.
NARRATION = "narration"

_KIND_ORDER = {k: i for i, k in enumerate(Kind)}
# Control kinds that become an advance when a site in the place was taken (the others are
# dropped: withdrawing from a plant in a town says little about the town).
_FACILITY_ADVANCE = frozenset(
    {Kind.CAPTURED, Kind.LIBERATED, Kind.CONTROLS, Kind.PARTIAL_CONTROL, Kind.REPELLED}
)
_SINGLE_QUOTES = re.compile(r"(?<![\w⟩])'|'(?!\w)")  # quote marks, not apostrophes
_DOUBLE_QUOTES = ("“", "”", '"', "«", "»", "„")
# Sides named by a place: after "in", "to", "of"… they are where, not who ("in Ukraine").
# Possessives ("Moscow's troops") and adjectives ("Russian attacks") always name a side.
_PLACE_ACTORS = frozenset({"russia", "ukraine", "moscow", "kyiv", "kiev"})
# Every date expression geomap.dating.event_date reads has one of these; a sentence without any
# is not worth asking about.
_DATE_WORDS = re.compile(
    r"\d|"
    + _factor(
        r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday"
        r"|thursday|friday|saturday|sunday|yesterday|today|tonight|overnight|morning|afternoon"
        r"|evening|night|week|month|year|ago|spring|summer|autumn|fall|winter)\b"
    ),
)  # searched in the case-folded text (dating_scan.fold_case): faster than IGNORECASE
# "the eastern town of Avdiivka", "Avdiivka, a town in Donetsk Oblast": the noun a place is called.
_DESCRIBED_BEFORE = re.compile(r"\b(city|town|village)\s+of\s+$", re.IGNORECASE)
_DESCRIBED_AFTER = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(city|town|village)\b", re.IGNORECASE
)
# Where a clause ends in the raw text: its date is the one of the place it names.
_CLAUSE_END = re.compile(r"[;:()—–]|,\s(?!\d)| - ")
_RECENT_SENTENCES = 3  # how far back an implicit place or "they" may reach
_ANAPHORA_CONFIDENCE = 0.7
_IMPLICIT_CONFIDENCE = 0.5
_CONFIDENCE_FACTOR = {"named": 1.0, "anaphora": _ANAPHORA_CONFIDENCE}


@dataclass(slots=True)
class _Slot:
    """A place in a sentence: named, or referred back to ("the city")."""

    start: int  # offsets in the article text of the words that name the place
    end: int
    place: Place
    mention: Mention | None
    how: str  # "named", "anaphora" or "implicit"


@dataclass(slots=True)
class _State:
    """What the article has said so far, for "the city" and "they"."""

    counts: dict[str, int] = field(default_factory=dict)
    last_settlement: Place | None = None
    described: dict[str, Place] = field(default_factory=dict)  # "town" -> "the town of Avdiivka"
    reported: dict[int, list[Place]] = field(default_factory=dict)  # sentence -> places


def _stable_id(article_id: str, place_id: str, kind: str, start: int, end: int) -> str:
    text = f"{article_id}\x1f{place_id}\x1f{kind}\x1f{start}\x1f{end}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def _inside(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _is_metonym(rules: RuleSet, text: str, m: Mention) -> bool:
    """True when a capital's name stands for its government ("Kiev's military", "Moscow said")."""
    if m.text.lower() not in rules.metonym_names and (
        m.place is None or m.place.name.lower() not in rules.metonym_names
    ):
        return False
    after = straight_apostrophes(text[m.end : m.end + 40])
    before = text[max(0, m.start - 30) : m.start]
    return bool(rules.metonym_after.search(after) or rules.metonym_before.search(before))


class _Extractor:
    """One article's extraction; holds the per-article state while sentences are read."""

    def __init__(self, article: Article, mentions: list[Mention], rules: RuleSet) -> None:
        self.article = article
        self.text = article.text
        self.rules = rules
        self.spans = sentences(self.text)
        self.state = _State()
        self.event_date = event_date
        self.speakers = Speakers(self.text, self.spans, rules)
        self.mentions = self._usable(mentions)

    # ------------------------------------------------------------------ preparation
    def _usable(self, mentions: list[Mention]) -> list[Mention]:
        """Mentions with a chosen place, outside junk, that name a place rather than an actor."""
        out = []
        for m in mentions:
            if m.place is None or not (0 <= m.start < m.end <= len(self.text)):
                continue
            if _inside(self.article.junk, m.start, m.end):
                continue
            if m.place.kind == "country" or _is_metonym(self.rules, self.text, m):
                continue  # left in the text, where "Russia" or "Kiev's" name a side
            out.append(m)
        # Overlapping mentions (a gazetteer should not give them): the longer one wins.
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for m in out:
            if not kept or m.start >= kept[-1].end:
                kept.append(m)
        return kept

    # ------------------------------------------------------------------ slots
    def _antecedent(self, slots: list[_Slot], before: int, noun: str) -> Place | None:
        """The settlement "the city" at ``before`` refers to.

        The last settlement named before it in the sentence; else the last one the article
        called by the same noun ("the town of Avdiivka"); else the one named most (ties: the
        latest).
        """
        named = [s for s in slots if s.end <= before and s.place.kind == "settlement"]
        if named:
            return named[-1].place
        if noun in self.state.described:
            return self.state.described[noun]
        counts = self.state.counts
        if not counts:
            return None
        last = self.state.last_settlement
        best = None
        best_score = -1.0
        for pid, n in sorted(counts.items()):
            score = n + (1.5 if last is not None and last.id == pid else 0.0)
            if score > best_score:
                best, best_score = pid, score
        return self._places.get(best) if best else None

    def _slots(self, s: int, e: int, sentence_mentions: list[Mention]) -> list[_Slot]:
        slots = [
            _Slot(m.start, m.end, m.place, m, "named")
            for m in sentence_mentions
            if m.place is not None
        ]
        raw = self.text[s:e]
        low = raw.lower()
        if "city" in low or "town" in low or "village" in low:
            for m in self.rules.anaphora.finditer(raw):
                a_start, a_end = s + m.start(), s + m.end()
                if any(x.start < a_end and a_start < x.end for x in slots):
                    continue
                prev = [x for x in slots if x.end <= a_start]
                if prev and self.text[prev[-1].end : a_start].strip() == ",":
                    continue  # "Lysychansk, the only other city …": an apposition
                noun = m.group("noun").lower()
                place = self._antecedent(sorted(slots, key=lambda x: x.start), a_start, noun)
                if place is None:
                    continue
                slots.append(_Slot(a_start, a_end, place, None, "anaphora"))
        slots.sort(key=lambda x: x.start)
        return slots

    def _describe(self, sl: _Slot, s: int) -> None:
        """Remember the noun the text calls a settlement by: "the town of Avdiivka"."""
        before = _DESCRIBED_BEFORE.search(self.text, max(s, sl.start - 40), sl.start)
        after = _DESCRIBED_AFTER.match(self.text, sl.end)
        m = before or after
        if m:
            self.state.described[m.group(1).lower()] = sl.place

    def _mask(self, s: int, e: int, slots: list[_Slot]) -> str:
        """The sentence with each slot's words replaced by ``⟨i⟩``, quotes removed."""
        pieces = []
        pos = s
        for i, sl in enumerate(slots):
            pieces.append(self.text[pos : sl.start])
            if sl.how == "anaphora":
                kept = self.rules.anaphora_keep.findall(self.text[sl.start : sl.end])
                pieces.append(" ".join(["the", *kept, slot(i)]) if kept else slot(i))
            else:
                pieces.append(slot(i))
            pos = sl.end
        pieces.append(self.text[pos:e])
        masked = straight_apostrophes("".join(pieces))
        for q in _DOUBLE_QUOTES:
            if q in masked:
                masked = masked.replace(q, "")
        if "'" in masked:
            masked = _SINGLE_QUOTES.sub("", masked)
        return " ".join(masked.split())

    # ------------------------------------------------------------------ one match
    def _facility(self, masked: str, slots: list[_Slot], sl: _Slot) -> bool:
        """True when a named place only qualifies the noun after it ("the Avdiivka coke plant")."""
        if sl.how != "named":
            return False
        index = slots.index(sl)
        end = masked.find(slot(index))
        return end >= 0 and bool(self.rules.facility_after.match(masked, end + len(slot(index))))

    def _side_of(self, text: str) -> Actor:
        ru = self.rules.side_ru.search(text)
        ua = self.rules.side_ua.search(text)
        if ru and (not ua or ru.start() <= ua.start()):
            return Actor.RU
        return Actor.UA if ua else Actor.UNKNOWN

    def _earlier_side(self, idx: int) -> Actor:
        """The side last named in the sentences before ``idx`` (for "they")."""
        for j in range(idx - 1, max(-1, idx - 1 - _RECENT_SENTENCES), -1):
            s, e = self.spans[j]
            sides = [w[2] for w in self._actor_words(straight_apostrophes(self.text[s:e]))]
            sides = [side for side in sides if side in ("RU", "UA")]
            if sides:
                return Actor(sides[-1])
        return Actor.UNKNOWN

    def _actor(
        self,
        rule: Rule,
        m: re.Match[str],
        masked: str,
        verb: int,
        idx: int,
    ) -> Actor:
        """The side that acts, from the rule's actor sources in order."""
        words = None  # the sides the sentence names: only read when a source needs them
        clause = -1
        for source in rule.actor:
            if source == "group":
                for name, value in m.groupdict().items():
                    if name.startswith("actor") and value:
                        side = self._side_of(value)
                        if side is not Actor.UNKNOWN:
                            return side
            elif source in ("clause", "subject"):
                if words is None:
                    words = self._words.get(masked)
                    if words is None:
                        words = self._words[masked] = self._actor_words(masked)
                if source == "subject":
                    lo = 0
                else:
                    if clause < 0:
                        clause = clause_start(masked, verb)
                    lo = clause
                before = [w for w in words if lo <= w[0] and w[1] <= verb]
                if not before:
                    continue
                start, _, group = before[-1]
                if group in ("RU", "UA"):
                    return Actor(group)
                speaker = self.speakers.of(idx) if group == "WE" else None
                if speaker is not None and speaker.side is not Actor.UNKNOWN:
                    return speaker.side
                if group == "THEY":
                    named = [w for w in words if w[1] <= start and w[2] in ("RU", "UA")]
                    side = Actor(named[-1][2]) if named else self._earlier_side(idx)
                    if side is not Actor.UNKNOWN:
                        return side
            elif source == "claimant":
                speaker = self.speakers.of(idx)
                if speaker is not None and speaker.side is not Actor.UNKNOWN:
                    return speaker.side
            else:
                return Actor(source)
        return Actor.UNKNOWN

    def _actor_words(self, masked: str) -> list[tuple[int, int, str]]:
        """The sides named in a sentence, without those named as locations ("in Ukraine")."""
        locative = self.rules.locative
        return [
            (start, end, side)
            for start, end, side in self.rules.actor_words(masked)
            if masked[start:end].lower() not in _PLACE_ACTORS
            or not locative.search(masked, max(0, start - 40), start)
        ]

    def _percent(self, m: re.Match[str]) -> float | None:
        groups = m.groupdict()
        if groups.get("pct"):
            return float(groups["pct"].replace(",", "."))
        if groups.get("frac"):
            value = self.rules.fractions.get(groups["frac"].lower())
            return float(value) if value is not None else None
        return None

    # ------------------------------------------------------------------ a sentence
    def _implicit(self, idx: int) -> Place | None:
        """The settlement the last few sentences reported on, for rules without a place."""
        for j in range(idx - 1, max(-1, idx - 1 - _RECENT_SENTENCES), -1):
            places = self.state.reported.get(j)
            if places:
                return places[-1]
        return None

    def _sentence(self, idx: int, slots: list[_Slot]) -> list[tuple[Report, Place]]:
        s, e = self.spans[idx]
        # The cue words are looked for in the plain sentence (place names only add words), so
        # a sentence no rule can match is not masked at all.
        rules = self.rules.candidates(self.text[s:e])
        if not slots:
            rules = tuple(r for r in rules if r.implicit_place)
        if not rules:
            return []
        masked = self._mask(s, e, slots)
        if not slots and not any(r.regex.search(masked) for r in rules):
            return []
        found: dict[tuple[str, Kind, Modality], tuple[Report, Rule, Place]] = {}
        for rule in rules:
            allowed = (
                self.rules.control_place_kinds
                if rule.kind in CONTROL_KINDS
                else self.rules.activity_place_kinds
            )
            verb_groups = rule.verb_groups
            for m in rule.finditer(masked):
                verb = next((m.start(g) for g in verb_groups if m.group(g)), m.start())
                if rule.passive and not is_passive(m, masked, verb):
                    continue
                targets = self._targets(rule, m, slots, masked, verb, idx, s, e)
                targets = [t for t in targets if t.place.kind in allowed]
                if not targets:
                    continue
                actor = self._actor(rule, m, masked, verb, idx)
                if rule.require_actor and actor is Actor.UNKNOWN:
                    continue
                modality = (
                    Modality.ASSERTED
                    if rule.presupposed
                    else modality_of(self.rules, masked, m, verb, rule.kind)
                )
                for sl in targets:
                    kind = rule.kind
                    if kind in CONTROL_KINDS and self._facility(masked, slots, sl):
                        # "took control of the Avdiivka coke plant": a site in the place was
                        # taken, not the place; that is an advance there, if anything.
                        if kind not in _FACILITY_ADVANCE:
                            continue
                        kind = Kind.ADVANCE
                    key = (sl.place.id, kind, modality)
                    if key in found:
                        continue
                    report = self._report(idx, sl, rule, actor, modality, m)
                    if kind is not rule.kind:
                        report = replace(
                            report,
                            kind=kind,
                            percent=None,
                            rule=f"{report.rule}+facility",
                            id=_stable_id(
                                self.article.id, sl.place.id, kind.value, sl.start, sl.end
                            ),
                        )
                    found[key] = (report, rule, sl.place)
        return self._suppress(list(found.values()))

    def _targets(
        self,
        rule: Rule,
        m: re.Match[str],
        slots: list[_Slot],
        masked: str,
        verb: int,
        idx: int,
        s: int,
        e: int,
    ) -> list[_Slot]:
        if "places" in m.re.groupindex and m.group("places") is not None:
            return [slots[int(i)] for i in SLOT.findall(m.group("places")) if int(i) < len(slots)]
        if not rule.implicit_place:
            return []
        settlements = [
            (abs(mm.start() - verb), int(mm.group(1)))
            for mm in SLOT.finditer(masked)
            if slots[int(mm.group(1))].place.kind in self.rules.control_place_kinds
        ]
        if settlements:
            return [slots[min(settlements)[1]]]
        if rule.sentence_only:
            return []
        place = self._implicit(idx)
        return [_Slot(s, e, place, None, "implicit")] if place else []

    @staticmethod
    def _suppress(found: list[tuple[Report, Rule, Place]]) -> list[tuple[Report, Place]]:
        """Drop what a rule's ``suppress`` list rules out for the same place."""
        blocked = {(r.place_id, kind) for r, rule, _ in found for kind in rule.suppress}
        return [(r, p) for r, _, p in found if (r.place_id, r.kind) not in blocked]

    def _folded(self) -> str:
        """The article text case-folded, offsets kept (worked out when first needed)."""
        if self._folded_text is None:
            self._folded_text = fold_case(self.text)
        return self._folded_text

    def _date(self, idx: int, sl: _Slot | None = None) -> DateGuess | None:
        """The date of the clause that names the place if it gives one ("…captured it in May
        2023" after "Ukraine said on Saturday…"), else the sentence's, else the article's."""
        s, e = self.spans[idx]
        # A clause has a date word only if its sentence has one: most sentences have none.
        dated = self._dated.get(idx)
        if dated is None:
            dated = self._dated[idx] = bool(_DATE_WORDS.search(self._folded(), s, e))
        if not dated:
            return self.article.published
        if sl is not None and sl.how != "implicit":
            lo = max([b.end() for b in _CLAUSE_END.finditer(self.text, s, sl.start)] or [s])
            hi = _CLAUSE_END.search(self.text, sl.end, e)
            clause = (lo, hi.start() if hi else e)
            if clause != (s, e) and _DATE_WORDS.search(self._folded(), *clause):
                if clause not in self._clause_dates:
                    text = self.text[clause[0] : clause[1]]
                    self._clause_dates[clause] = self.event_date(text, self.article.published)
                if self._clause_dates[clause] is not None:
                    return self._clause_dates[clause]
        if idx in self._dates:
            return self._dates[idx]
        published = self.article.published
        found = self.event_date(self.text[s:e], published)
        self._dates[idx] = found or published
        return self._dates[idx]

    def _report(
        self,
        idx: int,
        sl: _Slot,
        rule: Rule,
        actor: Actor,
        modality: Modality,
        m: re.Match[str],
    ) -> Report:
        speaker = self.speakers.of(idx)
        s, e = self.spans[idx]
        place = sl.place
        base = sl.mention.confidence if sl.mention is not None and sl.mention.confidence else 1.0
        factor = _CONFIDENCE_FACTOR.get(sl.how, _IMPLICIT_CONFIDENCE)
        return Report(
            id=_stable_id(self.article.id, place.id, rule.kind.value, sl.start, sl.end),
            article_id=self.article.id,
            place_id=place.id,
            place_name=place.name,
            lat=place.lat,
            lon=place.lon,
            kind=rule.kind,
            actor=actor,
            modality=modality,
            date=self._date(idx, sl),
            sentence=self.text[s:e],
            sentence_start=s,
            sentence_end=e,
            mention_start=sl.start,
            mention_end=sl.end,
            claimed_by=speaker.label if speaker is not None else NARRATION,
            claimant_side=speaker.side if speaker is not None else Actor.UNKNOWN,
            reported_speech=speaker is not None,
            percent=self._percent(m) if rule.kind is Kind.PARTIAL_CONTROL else None,
            place_kind=place.kind,
            precision=place.precision,
            confidence=round(base * factor, 3),
            rule=rule.id if sl.how == "named" else f"{rule.id}+{sl.how}",
        )

    # ------------------------------------------------------------------ the article
    def run(self) -> list[Report]:
        self._dates: dict[int, DateGuess | None] = {}
        self._clause_dates: dict[tuple[int, int], DateGuess | None] = {}
        self._dated: dict[int, bool] = {}
        self._folded_text: str | None = None
        self._words: dict[str, list[tuple[int, int, str]]] = {}
        self._places: dict[str, Place] = {}
        mention_starts = [m.start for m in self.mentions]
        out: list[Report] = []
        for idx, (s, e) in enumerate(self.spans):
            lo = bisect.bisect_left(mention_starts, s)
            hi = bisect.bisect_left(mention_starts, e)
            here = [m for m in self.mentions[lo:hi] if m.end <= e]
            slots = self._slots(s, e, here)
            if slots or self._implicit(idx) is not None:
                found = self._sentence(idx, slots)
                out.extend(r for r, _ in found)
                topic = [p for _, p in found if p.kind in self.rules.control_place_kinds]
                if topic:
                    self.state.reported[idx] = topic
            for sl in slots:
                if sl.place.kind == "settlement":
                    self._places[sl.place.id] = sl.place
                    self.state.counts[sl.place.id] = self.state.counts.get(sl.place.id, 0) + 1
                    self.state.last_settlement = sl.place
                    if sl.how == "named":
                        self._describe(sl, s)
        out.sort(
            key=lambda r: (
                r.sentence_start,
                r.mention_start,
                r.mention_end,
                _KIND_ORDER[r.kind],
                r.modality.value,
                r.rule,
            )
        )
        seen: set[str] = set()
        unique = []
        for r in out:
            if r.id not in seen:
                seen.add(r.id)
                unique.append(r)
        return unique


def extract(
    article: Article, mentions: list[Mention], *, rules: RuleSet | None = None
) -> list[Report]:
    """Return the reports that ``article`` makes about the places in ``mentions``.

    ``mentions`` are the gazetteer's mentions in ``article.text`` (``gazetteer.find``); those
    without a chosen place, in junk spans or naming a country are ignored, and capitals used for
    their governments ("Kiev's military") are read as actors. Captions are read like any other
    text. The order is deterministic (by sentence, then mention, then kind) and ``Report.id`` is
    a stable hash of article id, place id, kind and mention span. ``rules`` defaults to the
    rules shipped in ``geomap/rules``.
    """
    return _Extractor(article, mentions, rules or default_rules()).run()
