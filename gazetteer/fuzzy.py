"""Misspellings no table holds ("Bahkmut", "Soldar", "Adviivka"), matched with rapidfuzz.

Only capitalised words the tables do not know are tried, and only where the text says a place
is named: after "the village of", "near", "in", "the battle for"..., before "village", or in a
list with places already found ("Bakhmut, Soldar and Kramatorsk"). They are compared with the
names of places that have a population or lie in the front-line oblasts; the best match above
a threshold (lower after a strong cue) wins. Where nothing supports a place, nothing is invented.
Every other occurrence of the same spelling in the text follows the decision.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import OSA

from gazetteer.cues import cue_phrases
from gazetteer.normalize import (
    is_cyrillic,
    normalize_name,
    words_before,
)

__all__ = ["FuzzyIndex", "SpanSet", "Unknown", "unknown_names"]

_CAP = r"[A-Z][a-z'’ʼ]+(?:-[A-Z]?[a-z'’ʼ]+)?"
_WORD_RE = re.compile(_CAP)
_LAST_CAP_RE = re.compile(rf"({_CAP})$")
_POSSESSIVE = re.compile(r"['’ʼ]s?$")


@lru_cache(maxsize=1)
def _cue_automaton() -> ahocorasick.Automaton:
    """Cue phrases padded with spaces: value (phrase, strong, the name comes before it)."""
    automaton = ahocorasick.Automaton()
    for phrase, value in cue_phrases():
        automaton.add_word(phrase, value)
    automaton.make_automaton()
    return automaton


def _sentence_initial(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].rstrip(" \"'“‘«(")
    return not head or head[-1] in ".!?\n:;"


_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+$")
_LIST_GAP_AFTER = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")  # used with match()


@dataclass(frozen=True, slots=True)
class Unknown:
    """A capitalised word the tables do not know, in a context that names a place."""

    start: int
    end: int
    surface: str
    strong: bool
    cue: str


class SpanSet:
    """Spans of text, asked "does [start, end) overlap any?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]] = ()) -> None:
        self._spans = sorted(spans)
        self._reindex()

    @property
    def starts(self) -> list[int]:
        """The starts of the spans, sorted."""
        return self._starts

    def _reindex(self) -> None:
        # The starts, and the largest end so far at each span (in C: no Python loop).
        self._starts = list(map(itemgetter(0), self._spans))
        self._max_end: list[int] = list(accumulate(map(itemgetter(1), self._spans), max))

    def add(self, start: int, end: int) -> None:
        """Add a span (re-indexes; meant for a few additions)."""
        bisect.insort(self._spans, (start, end))
        self._reindex()

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._max_end[i] > start


def unknown_names(
    text: str,
    folded: str,
    taken: SpanSet,
    found: list[tuple[int, int]],
    cues: list[tuple[int, tuple[str, bool, bool]]] | None = None,
) -> list[Unknown]:
    """Capitalised unknown words where the context says a place is named, sorted by start.

    ``folded`` is :func:`~gazetteer.normalize.fold` of the text; ``taken``: spans any table
    name covers (not tried); ``found``: spans of accepted mentions (their list neighbours are
    tried); ``cues``: the cue phrases in `` {folded} `` as (end, value of
    :func:`~gazetteer.cues.cue_phrases`), found in the same pass as the names (``Gazetteer._raw``)
    or else here.
    """
    out: dict[tuple[int, int], Unknown] = {}
    # One C pass finds the cue words; only those followed by a capital are looked at.
    size = len(text)
    starts = set(taken.starts)  # most names that follow a cue start a known name
    if cues is None:
        cues = _cue_automaton().iter(f" {folded} ")
    # The common case, "in the", "of a", dropped in a comprehension: a cue before a name is
    # followed by a capital.
    cues = [hit for hit in cues if hit[1][2] or (hit[0] < size and text[hit[0]].isupper())]
    for end_pos, (cue, strong, after) in cues:
        if after:
            # "X village": the capitalised word before the noun.
            before = words_before(folded, end_pos - len(cue) - 1, 1)
            if not before:
                continue
            start = before[0][0]
            m = _WORD_RE.match(text, start)
            if m is None or m.end() != before[0][1]:
                continue
        else:
            if end_pos in starts or taken.overlaps(end_pos, end_pos + 1):
                continue  # the next word starts a known name (most do): nothing to try
            m = _WORD_RE.match(text, end_pos)  # end_pos is the next word in the text
            if m is None:
                continue
            cue_start = end_pos - len(cue) - 1
            if not (text[cue_start].islower() or _sentence_initial(text, cue_start)):
                continue
        start, end = m.span()
        if end - start < 5 or taken.overlaps(start, end):
            continue
        if (start, end) not in out or strong:
            out[(start, end)] = Unknown(start, end, m.group(0), strong, cue.strip())
    # Cheap tests first, in comprehensions: most mentions are not in a list. (A neighbour
    # found from both sides is the same Unknown: the order of the two loops does not matter.)
    for a in [a for a, _b in found if text.endswith((", ", " and ", " or "), max(0, a - 5), a)]:
        before = text[max(0, a - 40) : a]
        gm = _LIST_GAP.search(before)
        wm = _LAST_CAP_RE.search(before, 0, gm.start()) if gm else None
        s = a - len(before) + wm.start(1) if wm else 0
        if wm and not taken.overlaps(s, s + 1):  # a known neighbour: nothing to try
            out.setdefault(
                (s, s + len(wm.group(1))),
                Unknown(s, s + len(wm.group(1)), wm.group(1), False, "list"),
            )
    # The 40 characters after a mention, matched in place (no slice), when they may hold a
    # list gap: a comma, or a space before a comma, "and", "or", more space or the end.
    for b in [
        b
        for _a, b in found
        if text.startswith((",", " a", " o", " ,"), b)
        or (text[b : b + 1] == " " and (b + 1 == size or text[b + 1].isspace()))
    ]:
        gm = _LIST_GAP_AFTER.match(text, b, b + 40)
        if gm:
            wm = _WORD_RE.match(text, gm.end(), b + 40)
            if wm and not taken.overlaps(wm.start(), wm.start() + 1):
                s = wm.start()
                out.setdefault(
                    (s, s + len(wm.group(0))),
                    Unknown(s, s + len(wm.group(0)), wm.group(0), False, "list"),
                )
    result: list[Unknown] = []
    last_end = -1
    for (start, end), u in sorted(out.items()):
        pm = _POSSESSIVE.search(u.surface) if u.surface[-1] in "'’ʼs" else None
        if pm:
            end = start + pm.start()
            u = Unknown(start, end, u.surface[: pm.start()], u.strong, u.cue)
        if start < last_end or taken.overlaps(start, end):
            continue
        last_end = end
        result.append(u)
    return result


class FuzzyIndex:
    """Names fuzzy matching may return, with the place ids each names."""

    def __init__(self, names: dict[str, tuple[str, ...]], weights: dict[str, float]) -> None:
        self._names = names
        self._choices = sorted(names)
        self._weights = weights
        self._by_length: dict[int, list[str]] = {}
        for name in self._choices:
            self._by_length.setdefault(len(name), []).append(name)
        self._memo: dict[tuple[str, bool], list[tuple[str, float, tuple[str, ...]]]] = {}

    def __len__(self) -> int:
        return len(self._choices)

    @classmethod
    def from_gazetteer(cls, gaz) -> FuzzyIndex:
        """Index the Latin names of places with a population or in a front-line oblast."""
        from gazetteer.resolve import FRONTLINE_OBLASTS

        names: dict[str, set[str]] = {}
        weights: dict[str, float] = {}
        for place in gaz.places:
            if place.kind not in ("settlement", "river", "region", "oblast"):
                continue
            if not (place.population >= 1000 or place.admin1 in FRONTLINE_OBLASTS):
                continue
            for name in place.names or (place.name,):
                if is_cyrillic(name):
                    continue
                key = normalize_name(name)
                if len(key) < 5:
                    continue
                names.setdefault(key, set()).add(place.id)
                weight = 1.0 if place.admin1 in FRONTLINE_OBLASTS else 0.0
                weight += min(place.population, 1_000_000) / 1_000_000
                weights[key] = max(weights.get(key, 0.0), weight)
        return cls({k: tuple(sorted(v)) for k, v in names.items()}, weights)

    def match(self, surface: str, *, strong: bool) -> list[tuple[str, float, tuple[str, ...]]]:
        """Names a misspelt *surface* may stand for: [(name, similarity, place ids)], best first.

        Similarity is 100 minus the share of edits (insertions, deletions, substitutions and
        transpositions of neighbours: "Adviivka" is one edit from "Avdiivka"). The cutoff is
        lower after a strong cue ("the village of") and higher for short words; words shorter
        than five letters and known names are never matched.
        """
        memo = self._memo.get((surface, strong))
        if memo is not None:
            return memo
        key = normalize_name(surface)
        result = [] if len(key) < 5 or key in self._names else self._match(key, strong)
        if len(self._memo) < 100_000:
            self._memo[(surface, strong)] = result
        return result

    def _match(self, key: str, strong: bool) -> list[tuple[str, float, tuple[str, ...]]]:
        size = len(key)
        cutoff = 72.0 if size >= 8 else 80.0 if size >= 6 else 86.0
        if not strong:
            cutoff += 8.0
        # At least |len a - len b| edits are needed: longer or shorter names cannot qualify.
        spread = int((100 - cutoff) / 100 * (size + 2)) + 1
        choices = [
            n for length in range(size - spread, size + spread + 1)
            for n in self._by_length.get(length, ())
        ]  # fmt: skip
        hits = process.extract(
            key, choices, scorer=OSA.normalized_similarity, score_cutoff=cutoff / 100, limit=10
        )
        ranked = sorted(hits, key=lambda h: (-round(h[1], 3), -self._weights.get(h[0], 0.0), h[0]))
        return [(name, round(sim * 100, 1), self._names[name]) for name, sim, _ in ranked]
