"""Offsets: "Nesteriianka, 8 km north of Bakhmut" places a name by distance and bearing.

:func:`find_offsets` finds the phrases of a text that put one mention (or a capitalised name
no table holds) at a distance and bearing from another; :mod:`gazetteer.scoring` then prefers
the candidate nearest that point, or places an unknown name there.
"""

from __future__ import annotations

import re

from gazetteer.cues import Work, load_not_places
from gazetteer.normalize import normalize_name

__all__ = ["find_offsets"]

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


def find_offsets(
    works: list[Work], text: str, folded: str
) -> dict[int, tuple[Work, float, float, str]]:
    """ "X, five kilometres north of Y": X's id -> (Y, km, bearing, phrase)."""
    out: dict[int, tuple[Work, float, float, str]] = {}
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
            target = Work(
                start, start + len(um.group("name")), normalize_name(um.group("name")), ()
            )
            target.strong = True
            works.append(target)
        if target is not ref:
            target.strong = True  # a distance and bearing say it is a place
            out[id(target)] = (ref, km, bearing, phrase)
    works.sort(key=lambda w: (w.start, w.end))
    return out
