"""Fast scanning for the dating rules: case folding and windowed search.

A dating pattern that begins with an alternation of number words ("the twenty-first day of
the war") is slow to try at every position of a long article. The helpers here let a rule
look first for cheap things with ``str.find`` on a lowered copy of the text (a *needle* that
every match holds, *required* words, a lower-case *gate* pattern) and run the full pattern
only in the small windows where a match can be. They never change what a rule finds, only
where it bothers to look.

:func:`fold_case` lowers text the way ``re.IGNORECASE`` compares letters ("ſ" is "s", "ı" is
"i"), keeping offsets, so a word missing from the folded text cannot match anywhere.
:mod:`geomap.dating_rules` holds the per-rule needles, required words and gates; this
module holds only the machinery, so it imports nothing from the rest of geomap.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["fold_case", "folded", "may_contain", "windowed_finditer"]


def _lower_in_place(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters grow when lowered ("İ"): keep those as they are so offsets hold.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# The rules of one article all search the same text: lower it once.
_lower = lru_cache(maxsize=16)(_lower_in_place)


# Letters that re.IGNORECASE matches to a lower-case letter that str.lower() does not give:
# "ſ" is "s", "ı" and "İ" are "i", and old forms of Cyrillic letters (re._casefix).
_CASE_FIXES = (
    ("ſ", "s"), ("ı", "i"), ("İ", "i"), ("ᲀ", "в"), ("ᲁ", "д"), ("ᲂ", "о"), ("ᲃ", "с"),
    ("ᲄ", "т"), ("ᲅ", "т"), ("ᲆ", "ъ"), ("ᲇ", "ѣ"),
)  # fmt: skip


def fold_case(text: str) -> str:
    """``text`` lower-cased as re.IGNORECASE compares letters, offsets kept: a lower-case word
    that is not in it cannot be matched case-insensitively anywhere in ``text``."""
    low = _lower_in_place(text)
    if not low.isascii():
        for odd, plain in _CASE_FIXES:
            if odd in low:  # rare: a scan for one character is much cheaper than translate()
                low = low.replace(odd, plain)
    return low


#: :func:`fold_case`, remembered for the last few texts (the rules of an article all read it).
folded = lru_cache(maxsize=16)(fold_case)


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False when no lower-case word of ``words`` can match in ``text`` ignoring case."""
    low = folded(text)
    return any(w in low for w in words)


def windowed_finditer(
    pattern: re.Pattern[str],
    needles: tuple[str, ...],
    text: str,
    margin: int = 160,
    requires: tuple[tuple[str, ...], ...] = (),
    gate: re.Pattern[str] | None = None,
) -> list[tuple[int, int, re.Match[str]]]:
    """(start, end, match) of each match of ``pattern`` that contains one of ``needles``.

    Needles are found with ``str.find`` in the lower-cased text and the pattern is searched
    in a window around each; ``start``/``end`` are offsets in ``text`` (the match's own spans
    are relative to its window). A window is skipped when it lacks a word of any group of
    ``requires`` (lower-case ASCII words that every match holds), or where the case-folded
    text has no match of ``gate``.
    """
    low = _lower(text)
    hits = []
    for needle in needles:
        pos = low.find(needle)
        while pos >= 0:
            hits.append((pos, pos + len(needle)))
            pos = low.find(needle, pos + 1)
    # Windows around the hits, merged where they overlap, so each stretch is searched once.
    regions: list[list] = []  # [lo, hi, hits]
    for h_start, h_end in sorted(hits):
        lo, hi = max(0, h_start - margin), min(len(text), h_end + margin)
        # Never cut a word: "twenty-first" cut to "first" would read as another number.
        while 0 < lo < h_start and not text[lo - 1].isspace():
            lo += 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
            regions[-1][2].append((h_start, h_end))
        else:
            regions.append([lo, hi, [(h_start, h_end)]])
    found: dict[tuple[int, int], re.Match[str]] = {}
    folded_text = folded(text) if (requires or gate) and regions else ""
    for lo, hi, inside in regions:
        if requires:
            stretch = folded_text[lo:hi]
            if not all(any(w in stretch for w in group) for group in requires):
                continue  # no match can lie in this window
        if gate is not None and not gate.search(folded_text, lo, hi):
            continue
        for m in pattern.finditer(text, lo, hi):
            if any(m.start() < e and s < m.end() for s, e in inside):
                found.setdefault((m.start(), m.end()), m)
    return [(start, end, found[(start, end)]) for start, end in sorted(found)]
