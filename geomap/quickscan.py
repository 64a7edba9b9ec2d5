r"""Find where a regular expression can start, so that it is run only there.

A pattern can only match where one of its possible beginnings ("leads": "said", "russian\s",
"zelensk") starts. :func:`lead_of` works them out from the parsed pattern (``re._parser``)
and builds one alternation of them grouped by letter, which the regex engine runs through
quickly over the lower-cased text; :func:`scan` then tries the pattern only at its hits. The
matches are exactly those of ``regex.finditer``: where nothing can be said about how a match
begins (or the parser is unavailable), :func:`lead_of` gives None and :func:`scan` runs
``finditer`` itself.

>>> regex = re.compile(r"\b(?:said|told)\b", re.IGNORECASE)
>>> text = "He said so and told them."
>>> [m.group() for m in scan(regex, lead_of(regex), text, lowered(text), 0, len(text))]
['said', 'told']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # private modules of re: a Python without them gets plain finditer (lead_of gives None)
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover
    _c = _parser = None

__all__ = ["Lead", "lead_of", "lowered", "scan"]

_WHOLE, _PREFIX, _AT_START = 0, 1, 2  # a lead is the whole match / its beginning / pos 0 only
_FREE, _NOT_AFTER_WORD, _BOUNDARY = 0, 1, 2  # what the match start needs before it
# A lead: its pieces (regex atoms: a lower-case letter or "\s", "\d"), kind, start condition.
_Entry = tuple[tuple[str, ...], int, int]
_Leads = frozenset[_Entry]
_MAX_LEADS = 64
_ANY: _Leads = frozenset({((), _PREFIX, _FREE)})  # nothing known about the beginning
_EMPTY: _Leads = frozenset({((), _WHOLE, _FREE)})
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) if _c else ()
# No case: the same in lower case.
_CLASS_ATOMS = {_c.CATEGORY_SPACE: r"\s", _c.CATEGORY_DIGIT: r"\d"} if _c else {}


def _then(first: _Leads, second: _Leads) -> _Leads:
    """The leads of a match of one part followed by a match of another."""
    out = set()
    for atoms, kind, before in first:
        if kind != _WHOLE:
            out.add((atoms, kind, before))
            continue
        for more, kind2, before2 in second:
            if kind2 == _AT_START:  # "^" after some text: only possible at the start
                out.add((atoms, _PREFIX, before) if atoms else ((), _AT_START, _FREE))
            else:
                out.add((atoms + more, kind2, before if atoms or before else before2))
    for size in (8, 4, 2, 1):  # too many: shorter leads are still true, and fewer
        if len(out) <= _MAX_LEADS:
            break
        out = {(a[:size], k if len(a) <= size or k == _AT_START else _PREFIX, b) for a, k, b in out}
    return frozenset(out)


def _step(op: Any, av: Any, flags: int) -> _Leads:
    """The leads of one parsed item."""
    if op is _c.LITERAL:
        return frozenset({((re.escape(chr(av).lower()),), _WHOLE, _FREE)}) if av < 128 else _ANY
    if op is _c.IN:
        if len(av) == 1 and av[0][0] is _c.CATEGORY and av[0][1] in _CLASS_ATOMS:
            return frozenset({((_CLASS_ATOMS[av[0][1]],), _WHOLE, _FREE)})
        if all(o is _c.LITERAL and v < 128 for o, v in av):  # "[cs]"
            return frozenset(((re.escape(chr(v).lower()),), _WHOLE, _FREE) for _, v in av)
        return _ANY
    if op is _c.AT:
        if av is _c.AT_BEGINNING_STRING or (av is _c.AT_BEGINNING and not flags & re.MULTILINE):
            return frozenset({((), _AT_START, _FREE)})
        return frozenset({((), _WHOLE, _BOUNDARY if av is _c.AT_BOUNDARY else _FREE)})
    if op is _c.ASSERT_NOT:
        direction, sub = av
        word = list(sub) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])]
        return frozenset({((), _WHOLE, _NOT_AFTER_WORD if direction < 0 and word else _FREE)})
    if op is _c.ASSERT:
        return _EMPTY  # consumes nothing
    if op is _c.SUBPATTERN:
        _group, add, remove, sub = av
        return _leads_of(sub, (flags | add) & ~remove)
    if op is _c.ATOMIC_GROUP:
        return _leads_of(av, flags)
    if op is _c.BRANCH:
        return frozenset().union(*(_leads_of(alt, flags) for alt in av[1]))
    if op in _REPEATS:
        low, high, sub = av
        body = _leads_of(sub, flags)
        leads = _EMPTY
        for _ in range(min(low, 3)):
            leads = _then(leads, body)
        if low > 3:
            return frozenset((a, _PREFIX if k == _WHOLE else k, b) for a, k, b in leads)
        if high > low:  # then either stops or goes on with one more
            more = frozenset((a, _PREFIX if k == _WHOLE else k, b) for a, k, b in body)
            leads = _then(leads, _EMPTY | more)
        return leads
    return _ANY


def _leads_of(items: Any, flags: int) -> _Leads:
    """How every match of the parsed items begins (a set of leads)."""
    leads = _EMPTY
    for op, av in items:
        leads = _then(leads, _step(op, av, flags))
        if all(kind != _WHOLE for _, kind, _ in leads):
            break
    return leads


@dataclass(frozen=True, slots=True)
class Lead:
    """Where a pattern may match: at a hit of ``finder`` in the lower-cased text (not after
    a letter or digit when ``word_start``), or at position 0 when ``at_start``."""

    finder: re.Pattern[str] | None
    word_start: bool
    at_start: bool


def lead_of(regex: re.Pattern[str]) -> Lead | None:
    """The leads of ``regex``, or None when some match may begin anywhere."""
    if _parser is None:
        return None
    try:
        leads = _leads_of(_parser.parse(regex.pattern, regex.flags), regex.flags)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    if any(not atoms and kind != _AT_START for atoms, kind, _ in leads):
        return None
    found = {(atoms, before) for atoms, kind, before in leads if kind != _AT_START}
    # A match that must not follow a letter: look only at word starts (a "\b" counts when the
    # lead begins with a letter or digit).
    word_start = all(
        before == _NOT_AFTER_WORD or (before == _BOUNDARY and atoms[0].isalnum())
        for atoms, before in found
    )
    words = sorted({atoms for atoms, _ in found})
    # A lead that begins with another adds no place to look at.
    words = [w for w in words if not any(w != v and w[: len(v)] == v for v in words)]
    # Plain literals first: the engine then skips quickly to the letters they begin with.
    return Lead(
        finder=re.compile(_trie(words)) if words else None,
        word_start=word_start,
        at_start=any(kind == _AT_START for _, kind, _ in leads),
    )


def _trie(words: list[tuple[str, ...]]) -> str:
    """An alternation of ``words`` (none a beginning of another) grouped by first piece, so
    the engine compares one letter at a time instead of trying every word in turn."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    parts = [
        first + (_trie(tails) if tails != [()] else "") for first, tails in sorted(by_first.items())
    ]
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def lowered(segment: str) -> str | None:
    """``segment`` in lower case, when its letters line up with what a case-insensitive
    pattern matches: None if lowering moves offsets ("İ") or the text has "ı" or "ſ", which
    such a pattern takes for "i" and "s"."""
    low = segment.lower()
    if not low.isascii() and (len(low) != len(segment) or "ı" in low or "ſ" in low):
        return None
    return low


def scan(
    regex: re.Pattern[str], lead: Lead | None, text: str, low: str | None, lo: int, hi: int
) -> list[re.Match[str]]:
    """``list(regex.finditer(text, lo, hi))``, trying the pattern only where it may match.

    ``low`` is ``lowered(text[lo:hi])``. A match found at a position is the one ``finditer``
    finds there (it looks at the same text, before ``lo`` too), and the search goes on after
    it as ``finditer`` does.
    """
    if lead is None or low is None:
        return list(regex.finditer(text, lo, hi))
    out = []
    pos = 0  # in low: where the next match may start
    match = regex.match
    if lead.at_start and lo == 0:
        m = match(text, 0, hi)
        if m is not None:
            if m.end() == 0:
                return list(regex.finditer(text, lo, hi))
            out.append(m)
            pos = m.end()
        else:
            pos = 1
    finder = lead.finder
    if finder is None:
        return out
    word_start = lead.word_start
    search = finder.search
    while (f := search(low, pos)) is not None:
        at = f.start()
        if word_start and at and (low[at - 1].isalnum() or low[at - 1] == "_"):
            pos = at + 1  # inside a word: the pattern's "(?<!\w)" or "\b" fails here
            continue
        start = lo + at
        m = match(text, start, hi)
        if m is None:
            pos = at + 1
            continue
        end = m.end()
        if end == start:  # an empty match: let finditer deal with what follows
            return list(regex.finditer(text, lo, hi))
        out.append(m)
        pos = end - lo
    return out
