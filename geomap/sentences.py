"""Split article text into sentences, keeping character offsets.

News text mixes titles without a full stop, captions, quotes that end a sentence inside the
closing quote mark (``… weak.”``) and abbreviations (``Mr.``, ``U.S.``, ``Gen.``), so a plain
split on full stops goes wrong. :func:`sentences` returns ``(start, end)`` spans into the text,
stripped of surrounding whitespace, in order.

>>> text = "Mr. Zelensky spoke. The U.S. Army said “Bakhmut holds.” It did."
>>> [text[s:e] for s, e in sentences(text)]
['Mr. Zelensky spoke.', 'The U.S. Army said “Bakhmut holds.”', 'It did.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from geomap.claim_rules import Claimant, RuleSet
from geomap.models import Actor
from geomap.quickscan import lead_of, lowered, scan

__all__ = ["ABBREVIATIONS", "Speaker", "Speakers", "sentences", "straight_apostrophes"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that end with a full stop without ending a sentence (compared lower-case, no dot).
ABBREVIATIONS = _words(
    "mr mrs ms dr st gen lt col maj capt sgt cpl pvt adm cmdr gov sen rep prof rev "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vs approx est dept fig "
    "inc ltd co corp jr sr e.g i.e etc cf al"
)

# A candidate end of sentence: terminal punctuation, closing quotes/brackets, then space.
_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s)""")
# Where a new sentence may start: capital, digit, opening quote or bracket.
_STARTER = re.compile(r"""\s+(?=["'“‘«(\[]?[A-Z0-9\u0400-\u042F])""")
_SPACES = re.compile(r"\s*")
_WORD_BEFORE = re.compile(r"(\S+)$")
# Words that do not end a line of a sentence: a line break after them is hard wrapping.
_JOINING = _words("a an the of in on at by to for from with and or but as into near than that")
_CLOSERS = "\"'”’»)]:.!?…"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    lo = max(0, dot - 30)
    if dot == lo or text[dot - 1] == "\n":  # "$" also matches before a last newline
        m = _WORD_BEFORE.search(text, lo, dot)
        if not m:
            return False
        word = m.group(1)
    elif text[dot - 1].isspace():
        return False
    else:  # the word before the dot (its last 30 characters), as _WORD_BEFORE finds it
        word = text[lo:dot].rsplit(None, 1)[-1]
    word = word.lstrip("(\"'“‘«[")
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    if "." in word:  # U.S, U.K, e.g — internal dots mean an abbreviation
        return True
    return len(word) == 1 and word.isupper()  # an initial: "J. Smith"


def _line_breaks(text: str) -> list[int]:
    """Offsets in ``text`` where a newline ends a sentence (paragraph or title)."""
    cuts = []
    n = len(text)
    find = text.find
    run_start = run_end = 0  # the white space around the newline (its run)
    pos = find("\n")
    while pos >= 0:
        if pos >= run_end:  # the first newline of a run
            run_start = pos
            while run_start and text[run_start - 1].isspace():
                run_start -= 1
            run_end = _SPACES.match(text, pos).end()
        # Text before and after, within 200 characters (only the nearby text matters).
        if run_start and run_end < n and pos - 200 < run_start and run_end < pos + 200:
            last = text[run_start - 1]
            ends = text[pos + 1] == "\n" or last in _CLOSERS  # a paragraph, or a closed line
            # A single newline inside hard-wrapped prose: keep going when the next line
            # continues.
            if ends or not (
                text[run_end].islower()
                or last in ",-;"
                or text[max(0, pos - 200) : run_start].rsplit(None, 1)[-1].lower() in _JOINING
            ):
                cuts.append(pos)
                # One cut in a run of white space is enough: the text between two cuts in
                # the same run is white space, which makes no sentence.
                pos = find("\n", run_end)
                continue
        pos = find("\n", pos + 1)
    return cuts


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences of ``text``, in order.

    A sentence ends at ``.``, ``!``, ``?`` (with any closing quotes) followed by a capital, a
    digit or an opening quote, unless the word before is an abbreviation or an initial; and at
    a newline that ends a paragraph, a title or a caption line. Empty text gives ``[]``.
    """
    if not text:
        return []
    cuts: set[int] = set(_line_breaks(text))
    for m in _END.finditer(text):
        end = m.end()
        if not _STARTER.match(text, end):
            continue
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(end)
    spans = []
    start = 0
    for cut in sorted(cuts):
        span = _strip(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    span = _strip(text, start, len(text))
    if span:
        spans.append(span)
    return spans


# ---------------------------------------------------------------------------- who says it


def straight_apostrophes(text: str) -> str:
    """``text`` with curly apostrophes made straight; the same length, so offsets stay valid."""
    # str.replace is much faster than str.translate with a table, and most texts have none.
    if "’" in text:
        text = text.replace("’", "'")
    if "‘" in text:
        text = text.replace("‘", "'")
    if "ʼ" in text:
        text = text.replace("ʼ", "'")
    return text


_NAME_AFTER = re.compile(r",?\s+((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’-]+)")
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_PRONOUN_LEAD = lead_of(_PRONOUN)
_first = itemgetter(0)
_HE = "\x00he"  # a speaker named by a pronoun, resolved to the last one named
# Claimants that are also places: after "in", "to"… they are where, not who.
_PLACE_NAMES = frozenset({"ukraine", "russia", "kyiv", "kiev", "moscow"})
_QUOTE_CHARS = '“”"«»„'
_QUOTE_MARK = re.compile(f"[{_QUOTE_CHARS}]")


class _RuleLeads:
    """The leads of a rule set's attribution and claimant patterns, worked out once."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules  # kept, so the ids below stay those of these claimants
        self.attribution = lead_of(rules.attribution)
        self.claimants = {id(c): lead_of(c.regex) for c in rules.claimants}


_RULE_LEADS: dict[int, _RuleLeads] = {}


def _rule_leads(rules: RuleSet) -> _RuleLeads:
    found = _RULE_LEADS.get(id(rules))
    if found is None or found.rules is not rules:
        if len(_RULE_LEADS) >= 8:  # a program uses one or two rule sets
            _RULE_LEADS.clear()
        found = _RULE_LEADS[id(rules)] = _RuleLeads(rules)
    return found


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who makes a claim: the label shown in reports and that speaker's side."""

    label: str
    side: Actor


class Speakers:
    """Who says each sentence of a text: the speaker named around an attribution word ("the
    Russian army announced", "said Mr. Zelensky"), the one a quotation is attributed to where it
    closes, the last one named for "he said", or None for the article's own voice.

    Names given after a title are remembered for the rest of the text: after "governor Serhiy
    Haidai said", "Haidai added" is the governor. Work is done only for the sentences asked.
    """

    def __init__(self, text: str, spans: list[tuple[int, int]], rules: RuleSet) -> None:
        self.text = text
        self.spans = spans
        self.rules = rules
        self._found: dict[int, Speaker | None] = {}
        self._names: dict[str, Speaker] = {}  # surname -> speaker
        self._known: dict[str, Claimant | None] = {}  # a name -> the claimant it is, if any
        self._leads = _rule_leads(rules)
        self._quote_open = self._quote_states()

    def _quote_states(self) -> list[bool]:
        """For each sentence, whether it begins inside a quotation.

        A quote mark after a space (or a bracket or dash) or before a word opens a quotation;
        any other closes it. Typographic quotes are often the wrong way round in real articles.
        """
        states = []
        inside = False
        text = self.text
        marks = [m.start() for m in _QUOTE_MARK.finditer(text)]
        i = 0
        for s, e in self.spans:
            states.append(inside)
            while i < len(marks) and marks[i] < e:
                pos = marks[i]
                i += 1
                if pos < s:
                    continue
                before = text[pos - 1] if pos > s else " "
                after = text[pos + 1] if pos + 1 < e else " "
                inside = (
                    before.isspace()
                    or before in "([—–-"
                    or (after.isalnum() and not before.isalnum() and before not in ".,!?")
                )
        return states

    # ------------------------------------------------------------------ claimants
    def of(self, idx: int) -> Speaker | None:
        """Who says sentence ``idx``, or None for the article's own voice."""
        if idx in self._found:
            return self._found[idx]
        self._found[idx] = None  # while it is being worked out ("he said" looks back)
        s, e = self.spans[idx]
        raw = self.text[s:e]
        norm = straight_apostrophes(raw)
        found = self._attributed(raw, norm, idx)
        if found is None and (self._quote_open[idx] or norm.lstrip()[:1] in _QUOTE_CHARS):
            # A quote that goes on past this sentence: its attribution comes where it closes.
            for later in range(idx + 1, min(idx + 5, len(self.spans))):
                ls, le = self.spans[later]
                if not self._quote_open[later]:
                    break
                lraw = self.text[ls:le]
                found = self._attributed(lraw, straight_apostrophes(lraw), later)
                if found is not None:
                    break
            if found is None:
                found = self._earlier_speaker(idx)
        self._found[idx] = found
        return found

    def _attributed(self, raw: str, norm: str, idx: int) -> Speaker | None:
        """The speaker named around an attribution word of the sentence, if it has one."""
        leads = self._leads
        low = lowered(norm)
        cues = scan(self.rules.attribution, leads.attribution, norm, low, 0, len(norm))
        if not cues:
            return None
        # A speaker is named near an attribution word: only that part is searched.
        lo = max(0, cues[0].start() - 100)
        hi = min(len(norm), cues[-1].end() + 60)
        window = norm[lo:hi].lower()
        low_window = lowered(norm[lo:hi]) if low is None else window
        candidates: list[tuple[int, int, str, Actor]] = []
        for surname, speaker in sorted(self._names.items()):
            if surname in window:
                for m in re.finditer(rf"\b{re.escape(surname)}\b", norm, re.IGNORECASE):
                    candidates.append((m.start(), m.end(), speaker.label, speaker.side))
        claimant_leads = leads.claimants
        for c in self.rules.claimants_in(window):
            for m in scan(c.regex, claimant_leads.get(id(c)), norm, low_window, lo, hi):
                if m.group().lower() in _PLACE_NAMES and self.rules.locative.search(
                    norm, max(0, m.start() - 40), m.start()
                ):
                    continue  # "cities in Ukraine" names no speaker
                label, end, side = self._label(c, raw, m.end())
                candidates.append((m.start(), end, label, side))
        candidates.sort(key=_first)
        for m in scan(_PRONOUN, _PRONOUN_LEAD, norm, low, 0, len(norm)):
            candidates.append((m.start(), m.end(), _HE, Actor.UNKNOWN))

        # A match inside another's span ("Haidai" in "governor Serhiy Haidai") is the same person.
        # When the outer match has no side ("President Volodymyr Zelensky"), the inner wins.
        if len(candidates) > 1:  # one alone lies inside nothing
            unknown = Actor.UNKNOWN
            spans = [(c[0], c[1], c[3] is not unknown) for c in candidates]
            kept = []
            for c, (start, end, known) in zip(candidates, spans, strict=True):
                for o_start, o_end, o_known in spans:
                    if o_start == start and o_end == end:
                        continue
                    if o_start <= start and end <= o_end and (o_known or not known):
                        break  # c lies inside o, which is as good
                    if start <= o_start and o_end <= end and o_known and not known:
                        break  # o lies inside c and has the side c lacks
                else:
                    kept.append(c)
            candidates = kept
        # The candidate nearest a cue; the first one when two are as near.
        cue_spans = [(c.start(), c.end(), c.group().lower().startswith("according")) for c in cues]
        best = None
        best_distance = 81  # farther is too far
        for start, end, label, side in candidates:
            for cue_start, cue_end, according in cue_spans:
                if cue_start <= start and end <= cue_end:
                    distance = 0  # "Zelenskiy: …" names the speaker in the cue itself
                elif end <= cue_start and not according:
                    distance = cue_start - end
                elif start >= cue_end and len(norm[cue_end:start].split()) <= 3:
                    distance = start - cue_end + 15  # "said X" is less usual than "X said"
                else:
                    continue
                if distance < best_distance:
                    best, best_distance = (label, side), distance
        if best is None:
            return Speaker("unnamed source", Actor.UNKNOWN)
        if best[0] == _HE:
            return self._earlier_speaker(idx) or Speaker("unnamed source", Actor.UNKNOWN)
        return Speaker(*best)

    def _earlier_speaker(self, idx: int) -> Speaker | None:
        """The last speaker named before sentence ``idx`` (for "he said")."""
        for j in range(idx - 1, max(-1, idx - 10), -1):
            found = self.of(j)
            if found is not None and found.label != "unnamed source":
                return found
        return None

    def _label(self, claimant: Claimant, raw: str, end: int) -> tuple[str, int, Actor]:
        """The claimant's label and side, with the person's name when the text gives it next.

        A name that is itself a known claimant gives its side and label: "President Volodymyr
        Zelensky" is the Ukrainian President. Other names are remembered ("Haidai added").
        """
        m = _NAME_AFTER.match(raw, end)
        if not m or claimant.label == "journalist":
            return claimant.label, end, claimant.side
        name = m.group(1).replace("’", "'")
        label, side = claimant.label, claimant.side
        if side is Actor.UNKNOWN:
            known = self._known.get(name, False)
            if known is False:
                known = self._known[name] = next(
                    (
                        c
                        for c in self.rules.claimants_in(name.lower())
                        if c.side is not Actor.UNKNOWN and c.regex.search(name)
                    ),
                    None,
                )
            if known is not None:
                label, side = known.label, known.side
        label = f"{label} {name}"
        surname = name.split()[-1].strip(".")
        if len(surname) > 2 and surname.lower() not in self._names:
            self._names[surname.lower()] = Speaker(label, side)
        return label, m.end(), side
