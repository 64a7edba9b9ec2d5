"""From names found in text to chosen places: filters, context cues and scoring.

The steps of :func:`resolve`, each leaving a trace in ``Mention.reason``:

1. Every indexed name on word boundaries (:meth:`Gazetteer.raw_matches`); Latin names must be
   capitalised (unless the whole text is lower case); ``not_places.tsv`` rejects adjectives,
   months and common words, or asks for strong evidence (policy ``cue``); the longest name wins
   where matches overlap ("Chasiv Yar" over "Yar").
2. Person names and unit names are dropped ("Tim Lister", "Kholodnyi Yar Brigade").
3. Cues around the name choose a kind: "X region" -> oblast, "the city of X" -> settlement,
   "the X River" -> river, "southern X" -> oblast; "Donetsk and Luhansk regions" shares the cue.
4. Misspellings in a cue context are fuzzy-matched (:mod:`gazetteer.fuzzy`), with less confidence.
5. Candidates are scored: kind cue, an oblast or raion named nearby, distance to the other
   places of the text (geopy), "N km north of X" offsets, then population.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from geopy.distance import distance as geo_distance
from geopy.distance import great_circle
from rapidfuzz import fuzz

from gazetteer.errors import DataError
from gazetteer.normalize import fold, normalize_name, word_set, words_after, words_before
from gazetteer.types import Mention, Place

__all__ = ["FRONTLINE_OBLASTS", "load_not_places", "resolve"]

#: Oblasts where the war is fought or that border Russia/Belarus: a small prior for homonyms
#: and the places fuzzy matching compares misspellings with.
FRONTLINE_OBLASTS = frozenset(
    {
        "Donetsk Oblast", "Luhansk Oblast", "Zaporizhzhia Oblast", "Kherson Oblast",
        "Kharkiv Oblast", "Mykolaiv Oblast", "Dnipropetrovsk Oblast", "Sumy Oblast",
        "Chernihiv Oblast", "Kyiv Oblast", "Autonomous Republic of Crimea", "Zhytomyr Oblast",
    }
)  # fmt: skip

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
_BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
    "southwest": 225, "west": 270, "northwest": 315,
}  # fmt: skip
_COMPASS = {
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
}  # fmt: skip
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_OFFSET_RE = re.compile(
    r"\b(?P<num>\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
    r"[\s-]*(?P<unit>km|kilomet(?:re|er)s?|miles?)\b(?:\s*\([^)]{0,25}\))?\s+"
    r"(?:to\s+the\s+)?(?P<dir>north-?east|north-?west|south-?east|south-?west|north|south|"
    r"east|west|(?-i:NE|NW|SE|SW|N|S|E|W))(?:ern)?\s+(?:of|from)\s+"
    r"(?:the\s+(?:city|town|village)\s+of\s+)?",
    re.IGNORECASE,
)


def _unit_positions(folded: str) -> list[int]:
    """Where "km", "kilomet..." or "mile..." start a word (found with str.find, not a regex)."""
    out = []
    for unit in ("km", "kilomet", "mile"):
        at = folded.find(unit)
        while at >= 0:
            if at == 0 or not folded[at - 1].isalpha():
                out.append(at)
            at = folded.find(unit, at + 1)
    return sorted(out)


_UNKNOWN_BEFORE_RE = re.compile(
    r"(?:(?:village|town|settlement|hamlet)\s+of\s+)?"
    r"(?P<name>[A-Z][a-z'’ʼ]+(?:[- ][A-Z][a-z'’ʼ]+)?)"
    r",?\s+(?:(?:a|the)\s+(?:small\s+)?(?:village|town|settlement|hamlet)\s+)?"
    r"(?:(?:some|about|around|roughly|approximately|just|only)\s+)?$"
)
_KIND_PRIOR = {
    "settlement": 0.3, "country": 3.0, "oblast": 1.5, "region": 1.5, "raion": 0.5,
    "river": 0.8, "water": 0.8, "site": -0.3, "district": -0.5,
}  # fmt: skip
_NAME_KIND_PRIOR = {
    "official": 1.0,  # the place's own name beats a stray alternate of another place
    "russian": -0.1,
    "historical": -0.2,
    "misspelling": -0.3,
    "bare": -3.0,
}
_SMALL = 50_000
_LIST_GAP_RE = re.compile(r"(?:['’ʼ]s)?\s*(?:,|,?\s+and|,?\s+or|\s*&)\s+", re.IGNORECASE)
_UNIT_GAP_RE = re.compile(r"\s*(?:,|\(|in\s+the|in)\s*")
_EARTH_KM = 6371.009  # geopy's mean earth radius
_LETTERS = re.compile(r"[^\W\d_]+")


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


@dataclass(slots=True)
class _Cand:
    place: Place
    name_kind: str
    score: float = 0.0
    sim: float = 0.0  # similarity (0-100) when the name was found by fuzzy matching
    base: float = 0.0  # score before the article's context (first pass)
    base_why: list[str] = field(default_factory=list)
    matched: str = ""
    why: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Work:
    """A mention being resolved (mutable while the passes run)."""

    start: int
    end: int
    key: str
    cands: list[_Cand]
    cue: str = ""  # oblast | raion | settlement | river | site | direction
    cue_text: str = ""
    strong: bool = False  # an explicit noun or admin unit says this is a place
    fuzzy: float = 0.0  # rapidfuzz ratio when found by fuzzy matching
    fuzzy_note: str = ""
    policy: str = ""  # "cue" or "strong" when not_places.tsv lists the name
    policy_note: str = ""
    chosen: _Cand | None = None
    margin: float = 0.0
    offset_place: Place | None = None
    chain: int = -1  # works joined by "and" / "," share an id: peers, not context
    after: list[tuple[int, int]] = field(default_factory=list)
    before: list[tuple[int, int]] = field(default_factory=list)


def _gap_is_space(text: str, a: int, b: int) -> bool:
    return b - a == 1 and text[a] == " "


def _is_titlecase_line(text: str, lo: int) -> bool:
    """True for headlines in title case, where capitals say nothing about names."""
    hi = text.find("\n", lo)
    line = text[lo : hi if hi >= 0 else len(text)]
    if len(line) > 300:
        return False  # a paragraph, not a headline
    words = [w for w in _LETTERS.findall(line) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.7


def _cues(w: _Work, text: str, folded: str) -> str | None:
    """Set the kind cue of a mention; return a rejection reason for unit or person names."""
    after = w.after = words_after(folded, w.end)
    before = w.before = words_before(folded, w.start)
    nxt = [folded[a:b] for a, b in after]
    prv = [folded[a:b] for a, b in before]
    if nxt and nxt[0] == "s" and after and text[w.end] in "'’ʼ":
        after, nxt = after[1:], nxt[1:]  # possessive
    if any(word in _UNIT_WORDS for word in nxt[:3]) and not any(
        word in _OBLAST_CUES | _SETTLEMENT_NOUNS for word in nxt[:1]
    ):
        return "the name of a military unit"
    if (
        nxt
        and nxt[0] in _ORG_WORDS
        and _gap_is_space(text, w.end, after[0][0])
        and text[after[0][0]].isupper()
    ):
        return f"part of a name ({text[w.start : after[0][1]]})"
    last = w.key.rsplit(" ", 1)[-1]
    if last in _OBLAST_CUES:
        w.cue, w.cue_text, w.strong = "oblast", last, True
    elif last in _RAION_CUES:
        w.cue, w.cue_text, w.strong = "raion", last, True
    elif nxt:
        if nxt[0] in _OBLAST_CUES:
            w.cue, w.cue_text, w.strong = "oblast", text[after[0][0] : after[0][1]], True
        elif nxt[0] in _RAION_CUES:
            w.cue, w.cue_text, w.strong = "raion", text[after[0][0] : after[0][1]], True
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


def _person_reason(
    w: _Work,
    text: str,
    folded: str,
    starts: set[int],
    not_places: dict[str, tuple[str, str]],
    titlecase: dict[int, bool],
) -> str | None:
    """Why the name looks like part of a person's name here, or None."""
    if w.strong:
        return None
    big = any(
        c.place.kind in ("country", "oblast", "region") or c.place.population >= _SMALL
        for c in w.cands
    )
    before, after = w.before[:1], w.after[:1]
    if before and _gap_is_space(text, before[0][1], w.start):
        word = text[before[0][0] : before[0][1]]
        low = folded[before[0][0] : before[0][1]]
        if word[:1].isupper() and (
            low in _TITLES or not_places.get(low, ("", ""))[1] == "first name"
        ):
            return f"part of a person's name ({word} {text[w.start : w.end]})"
    if big:
        return None
    line_start = text.rfind("\n", 0, w.start) + 1
    if line_start not in titlecase:
        titlecase[line_start] = _is_titlecase_line(text, line_start)
    if titlecase[line_start]:
        return None
    if after and _gap_is_space(text, w.end, after[0][0]):
        word = text[after[0][0] : after[0][1]]
        low = folded[after[0][0] : after[0][1]]
        if word[:1].isupper() and low not in _NOT_NAMES and after[0][0] not in starts:
            return f"followed by a capitalised name ({text[w.start : w.end]} {word})"
    if before and _gap_is_space(text, before[0][1], w.start):
        word = text[before[0][0] : before[0][1]]
        low = folded[before[0][0] : before[0][1]]
        if (
            word[:1].isupper()
            and low not in _FUNCTION_WORDS
            and low not in _NOT_NAMES
            and before[0][0] not in starts
            and not _sentence_start(text, before[0][0])
        ):
            return f"preceded by a capitalised name ({word} {text[w.start : w.end]})"
    return None


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].rstrip(" \"'“‘«(")
    return not head or head[-1] in ".!?\n:;—–-•"


def _common_word_here(key: str, text: str) -> bool:
    """True when the name also occurs in lower case in the text (a common word there)."""
    if " " in key or not key.isascii():
        return False
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text) is not None


def _candidates(gaz, key: str) -> list[_Cand]:
    return [_Cand(place, kind) for place, kind in gaz.candidates(key)]


def resolve(gaz, text: str) -> list[Mention]:
    """Find and resolve the place names of *text* against the gazetteer *gaz*."""
    folded = fold(text)
    not_places = gaz.not_places
    case_free = text == text.lower()
    raw = gaz.raw_matches(text, folded)
    taken: list[tuple[int, int]] = []  # every span a table name covers, kept or not
    valid: list[tuple[int, int, str, str, str]] = []
    for start, end, key in raw:
        taken.append((start, end))
        first = start + 4 if key.startswith("the ") else start  # "the Dnipro"
        if not case_free and not text[first].isupper():
            continue
        policy, why = not_places.get(key, ("", ""))
        if policy == "never":
            continue
        valid.append((start, end, key, policy, why))
    # Longest match wins among overlapping ones.
    valid.sort(key=lambda v: (v[0], -(v[1] - v[0]), v[2]))
    works: list[_Work] = []
    last_end = -1
    for start, end, key, policy, why in valid:
        if start < last_end:
            continue
        cands = _candidates(gaz, key)
        if not cands:
            continue
        works.append(_Work(start, end, key, cands, policy=policy, policy_note=why))
        last_end = end
    starts = {w.start for w in works}
    kept: list[_Work] = []
    titlecase: dict[int, bool] = {}
    for w in works:
        if len(w.cands) == 1 and w.cands[0].place.kind == "country" and not w.policy:
            kept.append(w)  # "Ukraine", "Russia": nothing around them changes what they name
            continue
        if _cues(w, text, folded) is not None:
            continue
        if _person_reason(w, text, folded, starts, not_places, titlecase) is not None:
            continue
        kept.append(w)
    _share_admin_cues(kept, text)
    _strong_from_admin(kept, text)
    offsets = _offsets(kept, text, folded)
    final: list[_Work] = []
    common: dict[str, bool] = {}
    for index, w in enumerate(kept):
        if not w.cands:
            final.append(w)  # an unknown name placed by an offset ("X, 5 km north of Y")
            taken.append((w.start, w.end))
            continue
        if (
            w.policy
            and not w.strong
            and (w.policy == "strong" or not _moderate_evidence(index, kept, text, folded))
            # A town of 10,000 named like a common Ukrainian word is that town in English text.
            and not (
                w.policy_note.startswith("Ukrainian")
                and max(c.place.population for c in w.cands) >= 10_000
            )
        ):
            continue
        small = all(
            c.place.population < 1000 and c.place.kind in ("settlement", "district")
            for c in w.cands
        )
        if small and not w.strong and not case_free:
            if w.key not in common:
                common[w.key] = _common_word_here(w.key, text)
            if common[w.key]:
                continue
        if small and not w.strong and len(w.key) <= 3:
            continue
        final.append(w)
    final.extend(_fuzzy(gaz, text, folded, taken, final))
    final.sort(key=lambda w: (w.start, w.end))
    _score(final, text, gaz, offsets)
    return [_mention(w, text) for w in final if w.chosen is not None or w.offset_place]


_GEO_PREPS = word_set(
    "near outside around towards toward into in at from to liberated captured recaptured retook "
    "took freed shelled struck hit attacked entered reached stormed encircled surrounded "
    "besieged defended defending evacuated"
)


def _moderate_evidence(index: int, works: list[_Work], text: str, folded: str) -> bool:
    """Enough for a name that is also a common word: a place preposition or a list of places."""
    w = works[index]
    if w.before:
        a, b = w.before[0]
        if folded[a:b] in _GEO_PREPS and text[a].islower():
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


def _fuzzy(gaz, text: str, folded: str, taken, found: list[_Work]) -> list[_Work]:
    """Mentions of misspelt names in cue contexts; one candidate set per spelling per text.

    Every name within the cutoff stays a candidate (with a penalty for its distance), so the
    article's other places can choose between "Rtyshchivka" and "Klishchiivka".
    """
    from gazetteer.fuzzy import SpanSet, unknown_names

    taken = SpanSet(taken)
    unknowns = unknown_names(text, folded, taken, [(w.start, w.end) for w in found])
    if not unknowns:
        return []
    not_places = gaz.not_places
    index = gaz.fuzzy_index()
    decided: dict[str, tuple[list[tuple[str, float, tuple[str, ...]]], str]] = {}
    # Strong cues decide first, so a weak occurrence of the same spelling follows them.
    for u in sorted(unknowns, key=lambda u: (not u.strong, u.start)):
        key = normalize_name(u.surface)
        if (key in decided and decided[key][0]) or key in not_places:
            continue
        decided[key] = (index.match(u.surface, strong=u.strong), u.cue)
    out: list[_Work] = []
    hits = {key: hit for key, hit in decided.items() if hit[0]}
    if not hits:
        return out
    # Every capitalised occurrence of a decided spelling, cue or not, follows the decision.
    alternatives = "|".join(re.escape(k) for k in sorted(hits, key=lambda k: (-len(k), k)))
    pattern = re.compile(rf"(?<![\w'’ʼ-])(?:{alternatives})(?![\w-])")
    for m in pattern.finditer(folded):
        start, end = m.span()
        if not text[start].isupper() or taken.overlaps(start, end):
            continue
        names, cue = hits[m.group(0)]
        cands: dict[str, _Cand] = {}
        for name, sim, _ids in names:
            for c in _candidates(gaz, name):
                if c.place.id not in cands:
                    c.sim = sim
                    c.matched = name
                    cands[c.place.id] = c
        w = _Work(start, end, names[0][0], [cands[k] for k in sorted(cands)])
        w.fuzzy = names[0][1]
        w.fuzzy_note = f"misspelling (cue '{cue}')"
        _cues(w, text, folded)
        w.strong = True
        if w.cands:
            out.append(w)
    return out


def _share_admin_cues(works: list[_Work], text: str) -> None:
    """ "Donetsk and Luhansk regions", "southern Donetsk and Luhansk": one cue for the chain."""
    chains: list[list[_Work]] = []
    for w in works:
        if chains:
            prev = chains[-1][-1]
            if w.start - prev.end <= 8 and _LIST_GAP_RE.fullmatch(text, prev.end, w.start):
                chains[-1].append(w)
                continue
        chains.append([w])
    for number, chain in enumerate(chains):
        if len(chain) < 2:
            continue
        for w in chain:
            # Only names that could be admin units are peers; "Andriivka, Donetsk region" is
            # a village and the oblast it lies in.
            if any(c.place.kind in ("oblast", "raion") for c in w.cands):
                w.chain = number
        cues = [w for w in chain if w.cue in ("oblast", "direction", "raion")]
        if not cues:
            continue
        source = cues[-1] if any(c.cue != "direction" for c in cues) else cues[0]
        for w in chain:
            if not w.cue and any(c.place.kind in ("oblast", "raion") for c in w.cands):
                w.cue = source.cue
                w.cue_text = f"{source.cue_text} (shared with {text[source.start : source.end]})"
                w.strong = source.strong


def _strong_from_admin(works: list[_Work], text: str) -> None:
    """ "Mayak, Donetsk region" / "Andriivka in the Bakhmut district": the unit is evidence."""
    for a, b in itertools.pairwise(works):
        if b.start - a.end > 10 or not _UNIT_GAP_RE.fullmatch(text, a.end, b.start):
            continue
        if b.cue in ("oblast", "raion") or any(
            c.place.kind in ("oblast", "raion") and c.name_kind != "bare" for c in b.cands
        ):
            a.strong = True


def _score(
    works: list[_Work], text: str, gaz, offsets: dict[int, tuple[_Work, float, float, str]]
) -> None:
    """Score every candidate, choose, in two passes (the second uses the first's anchors)."""
    for pass_no in (1, 2):
        admin = _admin_context(works) if pass_no == 2 else {}
        geography = _Geography(_anchors(works) if pass_no == 2 else [])
        for w in works:
            if pass_no == 2 and len(w.cands) < 2:
                continue  # context only separates candidates
            own = {x.place.id for x in w.cands}
            homonyms = sum(x.place.kind in _SPOTS for x in w.cands) >= 2
            for c in w.cands:
                if pass_no == 1:
                    c.base, c.base_why = _base_score(w, c)
                c.score, c.why = c.base, list(c.base_why)
                if pass_no == 2:
                    _context_score(w, c, admin, geography, own, homonyms)
                    if id(w) in offsets:
                        _offset_score(w, c, offsets[id(w)])
            ranked = sorted(w.cands, key=lambda c: (-c.score, -c.place.population, c.place.id))
            w.chosen = ranked[0] if ranked else None
            w.margin = ranked[0].score - ranked[1].score if len(ranked) > 1 else 4.0
            w.cands = ranked
    for w in works:
        if w.offset_place is None and not w.cands and id(w) in offsets:
            _place_by_offset(w, offsets[id(w)])


_PRIORS: dict[tuple[str, str, str, float], float] = {}


def _prior(key: str, c: _Cand) -> float:
    """What a candidate is worth before any context (cached: it depends on the name only)."""
    memo_key = (key, c.place.id, c.name_kind, c.sim)
    cached = _PRIORS.get(memo_key)
    if cached is not None:
        return cached
    p = c.place
    if p.kind in ("settlement", "district", "site"):
        # An unknown population (0 in the codifier) is taken as a village of about 300. Towns
        # above 10,000 and cities above 200,000 weigh more: a reporter writing "Kyiv" next to
        # "Mykolaiv" means the capital, not the hamlet of Kyiv near Mykolaiv.
        pop = max(p.population, 300)
        score = 0.5 * math.log10(pop) + 0.5 * max(0.0, math.log10(pop) - 4.0)
        score += (1.0 if pop >= 200_000 else 0.0) + _KIND_PRIOR.get(p.kind, 0.0)
    else:
        score = _KIND_PRIOR.get(p.kind, 0.0)
    score += _NAME_KIND_PRIOR.get(c.name_kind, 0.0)
    if c.name_kind not in ("official", "bare", "admin") and not c.sim:
        # An alternate name: prefer the place whose own name is spelt like it (a stray
        # alternate such as Nikopol's "Slov'yansk" loses to Sloviansk).
        score += fuzz.ratio(key, _norm(p.name)) / 100.0
    if c.sim:
        score += (c.sim - 100.0) / 8.0  # one edit in eight letters costs about 1.5
    if p.admin1 in FRONTLINE_OBLASTS:
        score += 0.2
    if p.country and p.country != "UA" and p.kind != "country":
        score -= 1.0  # war reporting from Ukraine: a namesake abroad is the less likely
    if len(_PRIORS) > 200_000:
        _PRIORS.clear()
    _PRIORS[memo_key] = score
    return score


def _base_score(w: _Work, c: _Cand) -> tuple[float, list[str]]:
    p = c.place
    why: list[str] = []
    score = _prior(w.key, c)
    if c.sim:
        why.append(f"spelt like {c.matched!r} (similarity {c.sim:.0f})")
    if w.cue == "oblast":
        bonus = {"oblast": 12.0, "raion": 11.0, "region": 10.5}.get(p.kind, 0.0)
        if bonus:
            score += bonus
            why.append(f"'{w.cue_text}' says a region")
    elif w.cue == "raion":
        bonus = {"raion": 12.0, "district": 10.0, "oblast": 1.0}.get(p.kind, 0.0)
        if bonus:
            score += bonus
            why.append(f"'{w.cue_text}' says a district")
    elif w.cue == "direction" and p.kind == "oblast":
        score += 10.0
        why.append(f"'{w.cue_text} X' names a region")
    elif w.cue == "river" and p.kind in ("river", "water"):
        score += 12.0
        why.append("'river' says a river")
    elif w.cue == "settlement" and p.kind in ("settlement", "district"):
        score += 12.0
        why.append(f"'{w.cue_text}' says a settlement")
    elif w.cue == "site" and p.kind == "site":
        score += 6.0
        why.append(f"'{w.cue_text}' says a site")
    if p.population and p.kind in ("settlement", "district"):
        why.append(f"population {p.population:,}")
    return score, why


def _admin_context(works: list[_Work]) -> dict[str, list[tuple[int, int, Place]]]:
    """Oblasts and raions the text names: name -> [(position, chain, unit)] by position."""
    out: dict[str, list[tuple[int, int, Place]]] = {}
    for w in works:
        c = w.chosen
        if c and c.place.kind in ("oblast", "raion") and (c.name_kind != "bare" or w.cue):
            out.setdefault(_norm(c.place.name), []).append((w.start, w.chain, c.place))
    return out


_SPOTS = ("settlement", "district", "site")


def _anchors(works: list[_Work]) -> list[tuple[str, Place, float]]:
    """The article's geography after the first pass: (name, place, weight).

    A mention with a clear margin contributes its choice (weight 1); an unsure one its plausible
    settlements (within 1.0 of its best score, at most three) with less weight, so that "Terny
    and Torske, north of Lyman" can support each other before any is sure.
    """
    out: dict[tuple[str, str], tuple[Place, float]] = {}
    for w in works:
        if not w.cands or w.chosen is None:
            continue
        best = w.chosen.score
        sure = w.margin >= 0.6
        for rank, c in enumerate(w.cands[: 1 if sure else 3]):
            if c.place.kind not in _SPOTS or c.score < best - 1.0:
                continue
            weight = 1.0 if sure else 0.8 if rank == 0 else 0.4
            key = (w.key, c.place.id)
            if weight > out.get(key, (c.place, 0.0))[1]:
                out[key] = (c.place, weight)
    return [(key, place, weight) for (key, _), (place, weight) in sorted(out.items())]


@lru_cache(maxsize=4096)
def _norm(name: str) -> str:
    return normalize_name(name)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine; the same formula as geopy's great_circle,
    without building Point objects in this inner loop)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _cell(p: Place) -> tuple[int, int]:
    return math.floor(p.lat / 2.0), math.floor(p.lon / 3.0)


class _Geography:
    """The anchors of an article in cells of 2° latitude by 3° longitude (at least 220 km a
    side in Ukraine), with the support of each (name, place) computed once."""

    def __init__(self, anchors: list[tuple[str, Place, float]]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, Place, float, float, float]]] = {}
        for name, place, weight in anchors:
            self.cells.setdefault(_cell(place), []).append(
                (name, place, weight, math.radians(place.lat), math.radians(place.lon))
            )
        self.memo: dict[tuple[str, str], tuple[float, float, Place] | None] = {}

    def support(self, key: str, p: Place) -> tuple[float, float, Place] | None:
        """(bonus, km, anchor) of the best anchor near *p* not named *key*, or None."""
        memo_key = (key, p.id)
        if memo_key in self.memo:
            return self.memo[memo_key]
        best: tuple[float, float, Place] | None = None
        # The bonus fades below 0.05 past ~125 km: the neighbouring cells hold every anchor
        # that can matter.
        lat0, lon0 = _cell(p)
        phi, lam = math.radians(p.lat), math.radians(p.lon)
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for name, anchor, weight, aphi, alam in self.cells.get(
                    (lat0 + dlat, lon0 + dlon), ()
                ):
                    if name == key:
                        continue  # a name is no evidence for itself
                    # Equirectangular distance: within 0.5% of the great circle below 200 km.
                    x = (alam - lam) * math.cos((aphi + phi) / 2)
                    d = _EARTH_KM * math.sqrt(x * x + (aphi - phi) ** 2)
                    bonus = weight * 3.0 * math.exp(-d / 30.0)
                    if best is None or bonus > best[0]:
                        best = (bonus, d, anchor)
        if best is not None and best[0] < 0.05:
            best = None
        self.memo[memo_key] = best
        return best


def _context_score(
    w: _Work,
    c: _Cand,
    admin: dict[str, list[tuple[int, int, Place]]],
    geography: _Geography,
    own: set[str],
    homonyms: bool,
) -> None:
    p = c.place
    best_admin = 0.0
    note = ""
    for field_value in (p.admin1, p.admin2):
        if not field_value:
            continue
        for pos, chain, unit in admin.get(_norm(field_value), ()):
            if unit.id in own or pos == w.start or (chain >= 0 and chain == w.chain):
                continue  # a mention is no context for itself, nor a city for its own oblast
            near = abs(pos - w.start) <= 200
            bonus = 4.5 if near else 1.5
            if bonus > best_admin:
                best_admin = bonus
                note = f"in {unit.name}, named {'nearby' if near else 'in the text'}"
    if best_admin:
        c.score += best_admin
        c.why.insert(0, note)
    if not homonyms or p.kind not in _SPOTS:
        return  # distance only separates homonymous settlements
    best = geography.support(w.key, p)
    if best is not None:
        bonus, d, anchor = best
        c.score += bonus
        c.why.insert(0, f"{d:.0f} km from {anchor.name}, also in the text")


def _offsets(
    works: list[_Work], text: str, folded: str
) -> dict[int, tuple[_Work, float, float, str]]:
    """ "X, five kilometres north of Y": X's id -> (Y, km, bearing, phrase)."""
    out: dict[int, tuple[_Work, float, float, str]] = {}
    if "km" not in folded and "kilomet" not in folded and "mile" not in folded:
        return out  # most articles: no distances at all
    by_start = {w.start: w for w in works}
    # The full pattern only runs around the units ("km", "kilometres", "miles") found first.
    for at in _unit_positions(folded):
        m = _OFFSET_RE.search(text, max(0, at - 30), at + 70)
        if m is None or m.start("unit") != at:
            continue
        ref = by_start.get(m.end())
        if ref is None:
            continue
        num = m.group("num").lower().replace(",", ".")
        km = float(_NUMBERS.get(num, 0) or num)
        if m.group("unit").lower().startswith("mi"):
            km *= 1.609
        direction = m.group("dir").lower().replace("-", "")
        bearing = float(_BEARINGS[_COMPASS.get(direction, direction)])
        phrase = m.group(0).strip()
        target = None
        for w in works:
            if (
                w.end <= m.start()
                and m.start() - w.end <= 60
                and "." not in text[w.end : m.start()]
            ):
                target = w
        if target is None:
            head = text[max(0, m.start() - 80) : m.start()]
            um = _UNKNOWN_BEFORE_RE.search(head)
            if um is None or normalize_name(um.group("name")) in load_not_places():
                continue
            start = m.start() - len(head) + um.start("name")
            target = _Work(
                start, start + len(um.group("name")), normalize_name(um.group("name")), []
            )
            target.strong = True
            works.append(target)
        if target is not ref:
            target.strong = True  # a distance and bearing say it is a place
            out[id(target)] = (ref, km, bearing, phrase)
    works.sort(key=lambda w: (w.start, w.end))
    return out


def _offset_score(w: _Work, c: _Cand, spec: tuple[_Work, float, float, str]) -> None:
    ref, km, bearing, phrase = spec
    if ref.chosen is None:
        return
    point = geo_distance(kilometers=km).destination(
        (ref.chosen.place.lat, ref.chosen.place.lon), bearing
    )
    d = great_circle((c.place.lat, c.place.lon), (point.latitude, point.longitude)).km
    bonus = 6.0 if d < 3 else 4.0 if d < 8 else 2.0 if d < 15 else 0.0
    if bonus:
        c.score += bonus
        c.why.insert(0, f"{d:.1f} km from the point '{phrase} {ref.chosen.place.name}' gives")


def _place_by_offset(w: _Work, spec: tuple[_Work, float, float, str]) -> None:
    ref, km, bearing, phrase = spec
    if ref.chosen is None:
        return
    base = ref.chosen.place
    point = geo_distance(kilometers=km).destination((base.lat, base.lon), bearing)
    slug = re.sub(r"[^a-z0-9]+", "-", w.key).strip("-")
    w.offset_place = Place(
        id=f"offset:{slug}@{base.id}",
        name=w.key.title() if w.key.isascii() else w.key,
        kind="settlement",
        lat=round(point.latitude, 5),
        lon=round(point.longitude, 5),
        precision="offset",
        error_km=round(max(1.0, 0.25 * km), 1),
        country=base.country,
        admin1=base.admin1,
        admin2=base.admin2,
        source="offset",
        note=f"{phrase} {base.name}",
    )


_REASONS: dict[tuple, str] = {}


def _mention(w: _Work, text: str) -> Mention:
    surface = text[w.start : w.end]
    if w.offset_place is not None:
        p = w.offset_place
        return Mention(
            w.start, w.end, surface, p, (), 0.5,
            f"not in the gazetteer; placed by the text: '{p.note}'", w.key,
            {"offset": True},
        )  # fmt: skip
    n = len(w.cands)
    c = w.chosen
    if c is None:
        return Mention(w.start, w.end, surface, None, (), 0.0, "no candidate", w.key)
    contextual = any(not why.startswith("population") for why in c.why)
    if n > 1 and w.margin < 0.01 and not contextual:
        return Mention(
            w.start, w.end, surface, None, tuple(x.place for x in w.cands), 0.0,
            f"ambiguous: {n} places named {surface!r} and nothing in the text decides",
            w.key,
        )  # fmt: skip
    conf = 0.5 + 0.5 * (1.0 - math.exp(-w.margin / 1.5))
    if n == 1:
        conf = 0.95
    if w.fuzzy:
        conf *= 0.65
    if w.policy:
        conf *= 0.85
    memo_key = (c.place.id, n, w.fuzzy_note, w.policy_note if w.policy else "", *c.why)
    reason = _REASONS.get(memo_key)
    if reason is None:
        where = ", ".join(x for x in (c.place.admin2, c.place.admin1) if x and x != c.place.name)
        head = f"{c.place.name} ({c.place.kind}{', ' + where if where else ''})"
        reason = f"only candidate: {head}" if n == 1 else f"{n} candidates; chose {head}"
        details = list(c.why)
        if w.fuzzy_note:
            details.insert(0, w.fuzzy_note)
        if w.policy:
            details.insert(0, f"{w.policy_note}, accepted on the context")
        if details:
            reason += ": " + "; ".join(details)
        if len(_REASONS) > 50_000:
            _REASONS.clear()
        _REASONS[memo_key] = reason
    return Mention(
        w.start, w.end, surface, c.place, tuple(x.place for x in w.cands), round(conf, 3),
        reason, w.key, {"score": round(c.score, 3), "margin": round(w.margin, 3)},
    )  # fmt: skip
