"""Misspellings no table holds ("Bahkmut", "Soldar", "Adviivka"), matched with rapidfuzz.

Only capitalised words the tables do not know are tried, and only where the text says a place
is named: after "the village of", "near", "in", "the battle for"..., before "village", or in a
list with places already found ("Bakhmut, Soldar and Kramatorsk"). They are compared with the
names of places that have a population or lie in the front-line oblasts; the best match above
a threshold (lower after a strong cue) wins. Where nothing supports a place, nothing is invented.
Every other occurrence of the same spelling in the text follows the decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from gazetteer.normalize import is_cyrillic, normalize_name

__all__ = ["FuzzyIndex", "Unknown", "unknown_names"]

_CAP = r"[A-Z][a-z'’ʼ]+(?:-[A-Z]?[a-z'’ʼ]+)?"
_NAME = rf"(?P<name>{_CAP}(?:\s{_CAP})?)"
_STRONG_BEFORE = (
    r"(?:[Vv]illages?|[Tt]owns?|[Cc]ity|[Ss]ettlements?|[Hh]amlets?|[Oo]utskirts|[Ss]uburbs?)"
    r"\s+of"
)
_WEAK_BEFORE = (
    r"[Nn]ear|[Oo]utside|[Aa]round|[Tt]owards?|[Ii]nto|[Ii]n|[Ff]rom|[Aa]t|[Ff]or|[Oo]ver|"
    r"captured|liberated|recaptured|retook|took|shelled|struck|attacked|stormed|encircled|"
    r"besieged|surrounded|entered|defending|defend|visited|of|[Bb]attle\s+(?:for|of|over)"
)
_CUE_RE = re.compile(
    rf"\b(?:(?P<strong>{_STRONG_BEFORE})|(?P<weak>{_WEAK_BEFORE}))\s+(?:the\s+)?{_NAME}"
    rf"|{_NAME.replace('name', 'name2')}\s+(?P<after>village|town|settlement)\b"
)
_WORD_RE = re.compile(_CAP)
_POSSESSIVE = re.compile(r"['’ʼ]s?$")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+$")
_LIST_GAP_AFTER = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or)\s+")


@dataclass(frozen=True, slots=True)
class Unknown:
    """A capitalised word the tables do not know, in a context that names a place."""

    start: int
    end: int
    surface: str
    strong: bool
    cue: str


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def unknown_names(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, int]]
) -> list[Unknown]:
    """Capitalised unknown words where the context says a place is named, sorted by start.

    ``taken``: spans any table name covers (not tried); ``found``: spans of accepted mentions
    (their list neighbours are tried).
    """
    out: dict[tuple[int, int], Unknown] = {}
    for m in _CUE_RE.finditer(text):
        group = "name" if m.group("name") else "name2"
        start, end = m.span(group)
        cue = (m.group("strong") or m.group("weak") or m.group("after") or "").strip()
        strong = bool(m.group("strong") or m.group("after"))
        out.setdefault((start, end), Unknown(start, end, m.group(group), strong, cue))
    for a, b in found:
        before = text[max(0, a - 40) : a]
        gm = _LIST_GAP.search(before)
        if gm:
            head = before[: gm.start()]
            wm = re.search(rf"({_CAP})$", head)
            if wm:
                s = a - len(before) + wm.start(1)
                out.setdefault(
                    (s, s + len(wm.group(1))),
                    Unknown(s, s + len(wm.group(1)), wm.group(1), False, "list"),
                )
        after = text[b : b + 40]
        gm = _LIST_GAP_AFTER.match(after)
        if gm:
            wm = _WORD_RE.match(after, gm.end())
            if wm:
                s = b + wm.start()
                out.setdefault(
                    (s, s + len(wm.group(0))),
                    Unknown(s, s + len(wm.group(0)), wm.group(0), False, "list"),
                )
    result: list[Unknown] = []
    last_end = -1
    for (start, end), u in sorted(out.items()):
        pm = _POSSESSIVE.search(u.surface)
        if pm:
            end = start + pm.start()
            u = Unknown(start, end, u.surface[: pm.start()], u.strong, u.cue)
        if start < last_end:
            continue
        last_end = end
        if _overlaps(start, end, taken):
            # "Bahkmut Tuesday": a known word inside the phrase; keep the unknown first word.
            first = _WORD_RE.match(text, start)
            if first and not _overlaps(start, first.end(), taken):
                result.append(Unknown(start, first.end(), first.group(0), u.strong, u.cue))
            continue
        result.append(u)
    return result


class FuzzyIndex:
    """Names fuzzy matching may return, with the place ids each names."""

    def __init__(self, names: dict[str, tuple[str, ...]], weights: dict[str, float]) -> None:
        self._names = names
        self._choices = sorted(names)
        self._weights = weights

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

    def match(self, surface: str, *, strong: bool) -> tuple[str, float, tuple[str, ...]] | None:
        """The best (name, ratio, place ids) for a misspelt *surface*, or None.

        Thresholds: 76 after a strong cue ("the village of"), 84 otherwise; words shorter than
        five letters are never matched (too many near neighbours).
        """
        key = normalize_name(surface)
        if len(key) < 5 or key in self._names:
            return None
        cutoff = 76.0 if strong else 84.0
        hits = process.extract(key, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
        if not hits:
            return None
        # Ties on ratio go to front-line and populous places, then alphabetical order.
        best = max(hits, key=lambda h: (round(h[1], 1), self._weights.get(h[0], 0.0), h[0]))
        name, ratio = best[0], best[1]
        return name, float(ratio), self._names[name]
