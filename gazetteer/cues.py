"""The context of a name in text: cues that say what kind of place it is, or that it is none.

Used by :mod:`gazetteer.resolve`. Everything here looks at a few words around a mention:

* kind cues: "X region" / "X Oblast" -> oblast, "the city of X" -> settlement, "across the X"
  -> river, "southern X" -> oblast; a list ("Donetsk and Luhansk regions") shares its cue;
* filters: person names ("Tim Lister", "President X"), unit names ("Kholodnyi Yar Brigade"),
  organisations ("Kyiv Post"), headlines in title case, common words (``not_places.tsv``);
* evidence for names that are also common words: a place preposition, a list of places, an
  oblast named next to them;
* relative descriptions: "X, five kilometres north of Y" (:func:`find_offsets`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from gazetteer.errors import DataError
from gazetteer.normalize import normalize_name, word_set, words_before
from gazetteer.types import Place

__all__ = [
    "Cand",
    "Work",
    "big_place",
    "common_word_here",
    "cue_phrases",
    "kind_cue",
    "load_not_places",
    "moderate_evidence",
    "person_reason",
    "share_admin_cues",
    "strong_from_admin",
]

_OBLAST_CUES = word_set(
    """
    region regions oblast oblasts province provinces regional
    """
)
_RAION_CUES = word_set(
    """
    raion raions district districts
    """
)
_SETTLEMENT_NOUNS = word_set(
    """
    city town village settlement hamlet cities towns villages
    """
)
_SITE_CUES = word_set(
    """
    plant npp nuclear dam airport airfield port bridge
    """
)
_UNIT_WORDS = word_set(
    """
    brigade battalion regiment division corps detachment squadron
    """
)
_RIVER_VERBS = word_set("across crossed cross crossing along over bank banks shore")
_ORG_WORDS = word_set(
    """
    times post journal herald tribune gazette mail telegraph independent agency university
    institute club fc airlines pravda today review
    """
)
_PLACE_PREPOSITIONS = word_set("in near around outside from into towards toward at to of")
_DIRECTIONS = word_set(
    """
    southern northern eastern western central northeastern northwestern southeastern
    southwestern
    """
)
_TITLES = word_set(
    """
    president minister mr mrs ms dr general gen colonel col commander chancellor governor
    mayor spokesman spokeswoman secretary senator pope lieutenant lt sergeant sgt captain
    capt premier prime deputy chief ambassador envoy journalist correspondent
    """
)
# Capitalised words that may stand next to a place without making it a person's name.
_NOT_NAMES = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december oblast region raion district
    province river city town village mayor governor governors military administration
    council front direction axis offensive counteroffensive line nuclear power plant npp dam
    airport reservoir sea bay and or the of in on at to by for from with near i we he she
    they it as but if after before since while when tv news times post agency police army
    """
)
_FUNCTION_WORDS = word_set(
    """
    in near at from to the a an on for outside around and but as of by with after before
    since while when if towards toward into over under between across along both liberated
    captured occupied besieged shelled recaptured russian ukrainian eastern western southern
    northern central this that these those then where there about beyond via
    """
)
_SMALL = 50_000
_LIST_GAP_RE = re.compile(r"(?:['’ʼ]s)?\s*(?:,|,?\s+and|,?\s+or|\s*&)\s+", re.IGNORECASE)
_UNIT_GAP_RE = re.compile(r"\s*(?:,|\(|in\s+the|in)\s*")
_LONG_WORD_INITIALS = re.compile(r"(?<![^\W\d_])[^\W\d_](?=[^\W\d_]{3})")


# Words before (or after) a name that say a place is named there, for fuzzy matching of names
# no table holds (gazetteer.fuzzy); found in the same automaton pass as the names.
_PLACE_NOUNS = word_set(
    "village villages town towns city settlement settlements hamlet hamlets outskirts suburb "
    "suburbs"
)
_WEAK_BEFORE = word_set(
    "to near outside around towards toward into in from at for over captured liberated recaptured "
    "retook took shelled struck attacked stormed encircled besieged surrounded entered "
    "defending defend visited of"
)


@lru_cache(maxsize=1)
def cue_phrases() -> tuple[tuple[str, tuple[str, bool, bool]], ...]:
    """The cue phrases of fuzzy matching, padded with spaces, sorted: (phrase, (cue, strong,
    the name comes before it))."""
    out: dict[str, tuple[str, bool, bool]] = {}
    for noun in _PLACE_NOUNS:
        out[f" {noun} of "] = (f"{noun} of", True, False)
    for word in _WEAK_BEFORE:
        out[f" {word} "] = (word, False, False)
        out[f" {word} the "] = (f"{word} the", False, False)
    for word in ("battle for", "battle of", "battle over", "fighting for", "fighting in"):
        out[f" {word} "] = (word, False, False)
    for noun in ("village", "town", "settlement"):
        out[f" {noun} "] = (noun, True, True)
    return tuple(sorted(out.items()))


@lru_cache(maxsize=1)
def load_not_places() -> dict[str, tuple[str, str]]:
    """The packaged ``not_places.tsv``: normalised name -> (policy, reason).

    Policy ``never``: not a place whatever the context ("Ukrainian", "May").
    Policy ``strong``: a place only with strong evidence ("the village of Victory").
    Policy ``cue``: also after a place preposition or in a list of places ("near Mayak").
    """
    resource = resources.files("gazetteer").joinpath("data", "not_places.tsv")
    try:
        lines = resource.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"not_places.tsv: cannot read ({exc})") from exc
    out: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or cells[1] not in ("never", "strong", "cue"):
            raise DataError(f"not_places.tsv: line {number}: need name, never|strong|cue, reason")
        out[normalize_name(cells[0])] = (cells[1], cells[2])
    return out


@dataclass(frozen=True, slots=True)
class Cand:
    """A place a name may mean. Shared by every mention of the name (cached per gazetteer):
    scores live on the :class:`Work`, not here."""

    place: Place
    name_kind: str
    sim: float = 0.0  # similarity (0-100) when the name was found by fuzzy matching
    matched: str = ""


class Work:
    """A mention being resolved (mutable while the passes run)."""

    __slots__ = (
        "after_a", "after_b", "base", "before_a", "before_b", "cands", "chain", "chosen", "cue",
        "cue_text", "end", "fuzzy", "fuzzy_note", "key", "margin", "offset_place", "policy",
        "policy_note", "scores", "shared", "start", "strong", "whys",
    )  # fmt: skip

    def __init__(
        self,
        start: int,
        end: int,
        key: str,
        cands: tuple[Cand, ...],  # ranked best first once scored
        policy: str = "",  # "cue" or "strong" when not_places.tsv lists the name
        policy_note: str = "",
    ) -> None:
        self.start = start
        self.end = end
        self.key = key
        self.cands = cands
        self.policy = policy
        self.policy_note = policy_note
        self.cue = ""  # oblast | raion | settlement | river | site | direction
        self.cue_text = ""
        self.strong = False  # an explicit noun or admin unit says this is a place
        self.fuzzy = 0.0  # rapidfuzz ratio when found by fuzzy matching
        self.fuzzy_note = ""
        self.chosen: Cand | None = None
        self.margin = 0.0
        #: Once scored: the score and the reasons (str, or formatted later) of each candidate;
        #: the works of one name with the same context share these tuples.
        self.scores: tuple[float, ...] = ()
        self.whys: tuple[tuple[object, ...], ...] = ()
        #: (key, cue, cue text) when the scores are the name's own, with no context of the
        #: article (the mention's fields may then be cached across texts).
        self.shared: tuple[str, str, str] | None = None
        self.offset_place: Place | None = None
        self.chain = -1  # works joined by "and" / "," share an id: peers, not context
        self.base = None  # the first scoring pass (gazetteer.scoring)
        #: The span of the next word and of the previous one (-1, -1 when there is none
        #: within 60 characters; set by kind_cue).
        self.after_a = self.after_b = self.before_a = self.before_b = -1

    def __repr__(self) -> str:
        return f"Work({self.start}, {self.end}, {self.key!r}, {len(self.cands)} candidates)"


def _gap_is_space(text: str, a: int, b: int) -> bool:
    return b - a == 1 and text[a] == " "


def _is_titlecase_line(text: str, lo: int) -> bool:
    """True for headlines in title case, where capitals say nothing about names."""
    hi = text.find("\n", lo)
    if hi < 0:
        hi = len(text)
    if hi - lo > 300:
        return False  # a paragraph, not a headline
    # The first letters of the words longer than three letters, counted without a Python loop.
    initials = _LONG_WORD_INITIALS.findall(text, lo, hi)
    return len(initials) >= 4 and sum(map(str.isupper, initials)) / len(initials) > 0.7


# Every word a cue below looks for: the last word of the name, the next word, the previous one.
_KEY_CUES = _OBLAST_CUES | _RAION_CUES
_NEXT_CUES = (
    _OBLAST_CUES
    | _RAION_CUES
    | _SETTLEMENT_NOUNS
    | _SITE_CUES
    | {"river", "rivers", "governor", "governors", "governorate"}
)
_PREV_CUES = _DIRECTIONS | _SETTLEMENT_NOUNS | {"of", "the", "river"}


_WORDS3 = re.compile(r" *([^ ]+)(?: +([^ ]+))?(?: +([^ ]+))?")
_WORDS2 = re.compile(r" *([^ ]+)(?: +([^ ]+))?")


def kind_cue(w: Work, text: str, folded: str, reverse: str | None = None) -> str | None:
    """Set the kind cue of a mention; return a rejection reason for unit or person names.

    *reverse* is ``folded[::-1]`` when the caller has it (the words before are read off it).
    """
    # The next three words (within 60 characters), from one regex match; spans are read as
    # ints (Match.regs would make a tuple per group).
    end = w.end
    words = _WORDS3.match(folded, end)
    nxt: tuple[str, ...] = ()
    a1 = b1 = -1
    if words is not None:
        limit = end + 60
        if words.start(1) < limit:
            a1, b1 = words.start(1), words.end(1)
            nxt = words.groups()
            if not 0 <= words.start(3) < limit:
                nxt = nxt[:2] if 0 <= words.start(2) < limit else nxt[:1]
    w.after_a, w.after_b = a1, b1
    # Two words before are all any cue reads.
    second = None
    if reverse is None:
        before = words_before(folded, w.start, 2)
        if before:
            w.before_a, w.before_b = before[0]
            if len(before) > 1:
                second = before[1]
    else:
        # words_before(folded, start, 2) from one regex match on the reversed folded text:
        # reverse[a:b] is folded[size - b : size - a] backwards; a word counts when it ends
        # within the 60 characters before the name.
        size = len(reverse)
        pos = w.start
        m = _WORDS2.match(reverse, size - pos)
        if m is not None:
            reach = size - 1 - max(0, pos - 60)
            start = m.start(1)
            if start <= reach:
                w.before_a, w.before_b = size - m.end(1), size - start
                start = m.start(2)
                if 0 <= start <= reach:
                    second = (size - m.end(2), size - start)
    if nxt:
        if nxt[0] == "s" and text[end] in "'’ʼ":
            nxt = nxt[1:]  # possessive: the words after it
            if nxt:
                a1, b1 = words.start(2), words.end(2)
        if nxt:  # (nothing may follow the possessive)
            if (
                not _UNIT_WORDS.isdisjoint(nxt)
                and nxt[0] not in _OBLAST_CUES
                and nxt[0] not in _SETTLEMENT_NOUNS
            ):
                return "the name of a military unit"
            if nxt[0] in _ORG_WORDS and _gap_is_space(text, end, a1) and text[a1].isupper():
                return f"part of a name ({text[w.start : b1]})"
    last = w.key.rsplit(" ", 1)[-1]
    prev = folded[w.before_a : w.before_b] if w.before_a >= 0 else ""
    if last not in _KEY_CUES and (not nxt or nxt[0] not in _NEXT_CUES) and prev not in _PREV_CUES:
        return None  # most names: no word around them says what kind of place they are
    prv = [] if w.before_a < 0 else [prev] if second is None else [prev, folded[slice(*second)]]
    if last in _OBLAST_CUES:
        w.cue, w.cue_text, w.strong = "oblast", last, True
    elif last in _RAION_CUES:
        w.cue, w.cue_text, w.strong = "raion", last, True
    elif nxt:
        if nxt[0] in _OBLAST_CUES:
            w.cue, w.cue_text, w.strong = "oblast", text[a1:b1], True
        elif nxt[0] in _RAION_CUES:
            w.cue, w.cue_text, w.strong = "raion", text[a1:b1], True
        elif nxt[0] in ("river", "rivers"):
            w.cue, w.cue_text, w.strong = "river", "river", True
        elif nxt[0] in _SETTLEMENT_NOUNS:
            w.cue, w.cue_text, w.strong = "settlement", nxt[0], True
        elif nxt[0] in _SITE_CUES:
            w.cue, w.cue_text = "site", nxt[0]
    if not w.cue and len(prv) >= 2 and prv[0] == "of":
        if prv[1] in _SETTLEMENT_NOUNS or prv[1] in ("outskirts", "suburbs", "centre", "center"):
            w.cue, w.cue_text, w.strong = "settlement", f"{prv[1]} of", True
        elif prv[1] in _OBLAST_CUES:
            w.cue, w.cue_text, w.strong = "oblast", f"{prv[1]} of", True
    if not w.cue and len(prv) >= 2 and prv[0] == "the" and prv[1] in _RIVER_VERBS:
        w.cue, w.cue_text = "river", f"{prv[1]} the"
    if not w.cue and nxt and nxt[0] in ("governor", "governors", "governorate"):
        w.cue, w.cue_text = "oblast", nxt[0]
    if not w.cue and prv:
        if prv[0] == "river":
            w.cue, w.cue_text, w.strong = "river", "river", True
        elif prv[0] in _DIRECTIONS:
            w.cue, w.cue_text = "direction", prv[0]
        elif prv[0] in _SETTLEMENT_NOUNS:
            w.cue, w.cue_text, w.strong = "settlement", prv[0], True
    return None


def person_reason(
    w: Work,
    text: str,
    folded: str,
    starts: set[int],
    not_places: dict[str, tuple[str, str]],
    titlecase: dict[int, bool],
    big: bool | None = None,
) -> str | None:
    """Why the name looks like part of a person's name here, or None.

    *titlecase* caches the headline test per line start; *big* is :func:`big_place` of the
    candidates when the caller knows it.
    """
    if w.strong:
        return None
    # The previous word and the next one (-1 when there is none); a word counts when one
    # space separates it from the name and it is capitalised.
    ba, bb, aa, ab = w.before_a, w.before_b, w.after_a, w.after_b
    capital_before = ba >= 0 and w.start - bb == 1 and text[bb] == " " and text[ba].isupper()
    if capital_before:
        low = folded[ba:bb]
        if low in _TITLES or not_places.get(low, ("", ""))[1] == "first name":
            return f"part of a person's name ({text[ba:bb]} {text[w.start : w.end]})"
    if big_place(w.cands) if big is None else big:
        return None  # a big place keeps its name next to capitals
    reason = None
    # "Near Robotyne Ukrainian troops...": after a place preposition the name is a place.
    prep = ba >= 0 and folded[ba:bb] in _PLACE_PREPOSITIONS
    if not prep and aa >= 0 and aa - w.end == 1 and text[w.end] == " " and text[aa].isupper():
        low = folded[aa:ab]
        if (
            low not in _NOT_NAMES
            and not_places.get(low, ("", ""))[0] != "never"  # Ukrainian, Reuters, Monday
            and aa not in starts
        ):
            reason = f"followed by a capitalised name ({text[w.start : w.end]} {text[aa:ab]})"
    if reason is None and capital_before:
        low = folded[ba:bb]
        if (
            low not in _FUNCTION_WORDS
            and low not in _NOT_NAMES
            and not_places.get(low, ("", ""))[0] != "never"
            and ba not in starts
            and not _sentence_start(text, ba)
        ):
            reason = f"preceded by a capitalised name ({text[ba:bb]} {text[w.start : w.end]})"
    if reason is None:
        return None
    # In a headline in title case capitals say nothing (asked last: it reads the whole line).
    line_start = text.rfind("\n", 0, w.start) + 1
    if line_start not in titlecase:
        titlecase[line_start] = _is_titlecase_line(text, line_start)
    return None if titlecase[line_start] else reason


def big_place(cands: tuple[Cand, ...]) -> bool:
    """True when a candidate is a country, an oblast, a region or a place of 50,000 or more."""
    return any(
        c.place.kind in ("country", "oblast", "region") or c.place.population >= _SMALL
        for c in cands
    )


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].rstrip(" \"'“‘«(")
    return not head or head[-1] in ".!?\n:;—–-•"


def common_word_here(key: str, text: str) -> bool:
    """True when the name also occurs in lower case in the text (a common word there)."""
    if " " in key or not key.isascii():
        return False
    # str.find and a look at the neighbours: a regex search would scan the text character by
    # character (it has no literal prefix to look for after the look-behind).
    size = len(key)
    at = text.find(key)
    while at >= 0:
        if (at == 0 or not _word_char(text[at - 1])) and (
            at + size == len(text) or not _word_char(text[at + size])
        ):
            return True
        at = text.find(key, at + 1)
    return False


def _word_char(ch: str) -> bool:
    """A character of ``[\\w-]`` in a regex."""
    return ch.isalnum() or ch == "_" or ch == "-"


_GEO_PREPS = word_set(
    "near outside around towards toward into in at from to liberated captured recaptured retook "
    "took freed shelled struck hit attacked entered reached stormed encircled surrounded "
    "besieged defended defending evacuated"
)


def moderate_evidence(index: int, works: list[Work], text: str, folded: str) -> bool:
    """Enough for a name that is also a common word: a place preposition or a list of places."""
    w = works[index]
    a, b = w.before_a, w.before_b
    if a >= 0 and folded[a:b] in _GEO_PREPS and text[a].islower():
        return True
    for other in works[max(0, index - 1) : index + 2]:
        if other is w or other.policy or not other.cands:
            continue
        if other.cands[0].place.kind not in ("settlement", "district"):
            continue
        gap = text[other.end : w.start] if other.end <= w.start else text[w.end : other.start]
        if len(gap) <= 6 and re.fullmatch(r"(?:['’ʼ]s)?\s*(?:,|,?\s+and|,?\s+or)\s+", gap):
            return True
    return False


def share_admin_cues(works: list[Work], text: str) -> None:
    """ "Donetsk and Luhansk regions", "southern Donetsk and Luhansk": one cue for the chain."""
    # Chains as (number, first, end) slices of works; a mention alone is a chain of one.
    # The mentions joined to the one before (a comprehension: most are not).
    joined = {
        i
        for i in range(1, len(works))
        if works[i].start - works[i - 1].end <= 8
        and _LIST_GAP_RE.fullmatch(text, works[i - 1].end, works[i].start)
    }
    if not joined:
        return  # no list: every mention is a chain of one
    chains: list[tuple[int, int, int]] = []
    number, first = -1, 0
    for i in range(len(works)):
        if i:
            if i in joined:
                continue
            if i - first >= 2:
                chains.append((number, first, i))
        number, first = number + 1, i
    if len(works) - first >= 2:
        chains.append((number, first, len(works)))
    admin: dict[int, bool] = {}  # per candidate tuple (shared by the mentions of a name)
    for number, first, end in chains:
        chain = works[first:end]
        for w in chain:
            # Only names that could be admin units are peers; "Andriivka, Donetsk region" is
            # a village and the oblast it lies in.
            if id(w.cands) not in admin:
                admin[id(w.cands)] = any(c.place.kind in ("oblast", "raion") for c in w.cands)
            if admin[id(w.cands)]:
                w.chain = number
        cues = [w for w in chain if w.cue in ("oblast", "direction", "raion")]
        if not cues:
            continue
        source = cues[-1] if any(c.cue != "direction" for c in cues) else cues[0]
        for w in chain:
            if not w.cue and admin[id(w.cands)]:
                w.cue = source.cue
                w.cue_text = f"{source.cue_text} (shared with {text[source.start : source.end]})"
                w.strong = source.strong


def strong_from_admin(works: list[Work], text: str) -> None:
    """ "Mayak, Donetsk region" / "Andriivka in the Bakhmut district": the unit is evidence."""
    for a, b in [(a, b) for a, b in itertools.pairwise(works) if b.start - a.end <= 10]:
        if not _UNIT_GAP_RE.fullmatch(text, a.end, b.start):
            continue
        if b.cue in ("oblast", "raion") or any(
            c.place.kind in ("oblast", "raion") and c.name_kind != "bare" for c in b.cands
        ):
            a.strong = True
