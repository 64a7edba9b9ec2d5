"""Where a claim rule can match: cheap necessary conditions checked before its regex runs.

A rule's pattern is long (macros for places, noun phrases, actors) and most sentences hold no
match. Each rule names a ``cue``: beginnings of the words any match contains (``captur``), or
whole words (``capture\\b``), and maybe a second cue it needs as well (``cue_also``). A
sentence without them cannot match, so the rule is not tried (:meth:`CueIndex.candidates`,
one dictionary look-up per word of the sentence, the sets of rules kept as bit masks).
Where the cue word stands is known too (``cue_at``: before or after the places), and a
pattern that begins with ``{PLACES}`` can only start at a place: :func:`rule_matches` runs
the regex only there. Every check is necessary, never sufficient, so the matches are exactly
those of ``rule.regex.finditer``.

:mod:`geomap.claim_rules` loads the rules and builds the index; this module does not import
it at run time (it imports this one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from geomap.errors import InputError

if TYPE_CHECKING:
    from geomap.claim_rules import Rule

__all__ = ["SLOT", "TOKEN", "CueIndex", "cue_position", "rule_matches"]

#: A place in a masked sentence is written ``⟨3⟩`` (the index of the slot in the sentence).
SLOT = re.compile(r"⟨(\d+)⟩")
#: A word of a lower-case sentence, as cues see it: hyphens split ("russian-occupied"), "%" is one.
TOKEN = re.compile(r"[a-z][a-z0-9']*|%")
_PLAIN_CUE = re.compile(r"[a-zA-Z%']+")
_CUE_PART = re.compile(r"[a-zA-Z%'-]+(?:\\b)?")  # a word's beginning, or a whole word ("\b")
# The only letters IGNORECASE matches to a-z that lower() does not turn into them ("İ" even
# lower-cases to two characters): mapped first, so a cue found in the lower-cased sentence
# is found at the same offsets as the case-insensitive rule would see it.
_UNFOLDED = re.compile("[\u0130\u0131\u017f]")
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_LOWER = [("", "")]  # the last sentence and its lower case: the next rule tried reuses it


def _fold(text: str) -> str:
    """``text`` lower-cased as IGNORECASE reads it, one character for one."""
    return (text.translate(_FOLD) if _UNFOLDED.search(text) else text).lower()


def _lower(text: str) -> str:
    """:func:`_fold` of ``text``, kept for the next rule tried on the same sentence."""
    last = _LOWER[0]
    if last[0] is text:
        return last[1]
    low = _fold(text)
    _LOWER[0] = (text, low)  # one assignment: another thread sees a matching pair
    return low


def rule_matches(rule: Rule, masked: str) -> Iterator[re.Match[str]]:
    """``rule.regex.finditer(masked)``, tried only where a match can be.

    A match needs a word of the cue, and (``cue_at``) before or after its places: a
    sentence without one there is not scanned. A pattern that begins with ``{PLACES}``
    matches only at a slot or at "the" before one, so the regex is run at those few
    offsets instead of at every character of the sentence.
    """
    cue = rule.cue_lower if rule.cue_at else None
    low = _lower(masked) if cue is not None else ""
    if not rule.place_first:
        if cue is not None:
            first, last = masked.find("⟨"), masked.rfind("⟨")
            # The cue's word ends before the last place, or starts after the first one.
            if first < 0 or not (
                cue.search(low, 0, last) if rule.cue_at == "before" else cue.search(low, first)
            ):
                return
        yield from rule.regex.finditer(masked)
        return
    regex = rule.regex
    end = 0
    word = -1  # where the first cue word at or after the last slot tried starts
    for slot_match in SLOT.finditer(masked):
        at = slot_match.start()
        if cue is not None and word < at - 4:
            found = cue.search(low, max(0, at - 4))
            if found is None:
                return  # no cue word after this place: none after the next ones either
            word = found.start()
        for start in (at - 4, at):
            if start < end or (start < at and masked[start:at].lower() != "the "):
                continue
            m = regex.match(masked, start)
            if m:
                yield m
                end = m.end()
                break


class CueIndex:
    """The cues of a tuple of rules, indexed by the words that have them.

    Sets of cues are bit masks: bit i is rule i's ``cue``, bit ``len(rules) + i`` its
    ``cue_also``. The words seen and the tuples of rules chosen are remembered (bounded).
    """

    __slots__ = (
        "_always",
        "_by_word",
        "_chosen",
        "_cue_prefix",
        "_cue_regex",
        "_cue_word",
        "rules",
    )

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        cue_prefix: dict[str, list[int]] = {}
        cue_word: dict[str, list[int]] = {}
        cue_regex = []
        n = len(self.rules)
        cues = [(i, r.cue) for i, r in enumerate(self.rules)]
        cues += [(n + i, r.cue_also) for i, r in enumerate(self.rules)]
        for i, cue in cues:
            if cue is None:
                continue
            parts = cue.pattern[3:-1].split("|")  # the pattern is "(?:…)"
            if all(_PLAIN_CUE.fullmatch(p.removesuffix("\\b")) for p in parts):
                for part in parts:
                    index = cue_word if part.endswith("\\b") else cue_prefix
                    index.setdefault(part.removesuffix("\\b").lower(), []).append(i)
            else:
                cue_regex.append((i, cue))
        self._cue_prefix = {k: tuple(v) for k, v in cue_prefix.items()}
        self._cue_word = {k: tuple(v) for k, v in cue_word.items()}
        self._cue_regex: tuple[tuple[int, re.Pattern[str]], ...] = tuple(cue_regex)
        self._always = sum(1 << i for i, r in enumerate(self.rules) if r.cue is None)
        self._by_word: dict[str, int] = {}
        self._chosen: dict[int, tuple[Rule, ...]] = {}

    def candidates(self, text: str) -> tuple[Rule, ...]:
        """The rules worth trying on ``text``: those whose cues start some of its words."""
        wanted = self._always
        by_word = self._by_word
        get = by_word.get
        for word in TOKEN.findall(text.lower()):  # a repeated word costs less than a set
            found = get(word)
            if found is None:
                found = sum(1 << i for i in self._cues_of(word))
                if len(by_word) < 200_000:  # the words seen so far, bounded
                    by_word[word] = found
            wanted |= found
        # Sentences share few sets of cues: the tuple of rules is built once per set.
        chosen = self._chosen.get(wanted)
        if chosen is None:
            n = len(self.rules)
            chosen = tuple(
                rule
                for i, rule in enumerate(self.rules)
                if wanted >> i & 1 and (rule.cue_also is None or wanted >> (n + i) & 1)
            )
            if len(self._chosen) < 100_000:
                self._chosen[wanted] = chosen
        return chosen

    def _cues_of(self, word: str) -> frozenset[int]:
        """The numbers of the cues ``word`` (a lower-case word of a sentence) has."""
        # Word beginnings are looked up by prefix, whole words ("capture\b") by the word
        # before an apostrophe (where "\b" is in a word), other shapes matched. A rule may
        # also match after an apostrophe ("l'exit"): each such part counts as a word.
        hits: set[int] = set()
        for part in _apostrophe_parts(word):
            prefix = self._cue_prefix
            hits.update(i for k in range(1, len(part) + 1) for i in prefix.get(part[:k], ()))
            hits.update(self._cue_word.get(part.partition("'")[0], ()))
            hits.update(i for i, cue in self._cue_regex if cue.match(part))
        return frozenset(hits)


def _apostrophe_parts(word: str) -> list[str]:
    """``word`` and what follows each of its apostrophes: "l'exit" -> ["l'exit", "exit"]."""
    parts = word.split("'")
    return [word, *("'".join(parts[i:]) for i in range(1, len(parts)) if parts[i])]


def cue_position(pattern: str, cue: str, at: Any, where: str) -> tuple[str, re.Pattern[str] | None]:
    """Where a rule's cue word stands in its matches (``cue_at``) and the cue to look for it.

    ``pattern`` and ``cue`` are the rule's texts before macros are expanded (``cue`` is ""
    when it has none), ``at`` its ``cue_at`` entry (None when not given). A match of a pattern
    that begins with ``{PLACES}`` starts at its places, so the cue's word comes after them. A
    pattern that ends with ``{PLACES}`` still matches with a bare place in their stead, which
    has no word: its cue word comes before them. ``cue_at`` in the rule says so for other
    patterns. Only cues of plain word beginnings are looked for this way.
    """
    if at not in (None, "before", "after"):
        raise InputError(f"{where}: cue_at must be 'before' or 'after', not {at!r}")
    if pattern.startswith("{PLACES}"):
        if at == "before":
            raise InputError(f"{where}: the pattern begins with {{PLACES}}: cue_at is 'after'")
        at = "after"
    elif at is None and pattern.endswith("{PLACES}"):
        at = "before"
    parts = cue.split("|") if cue else []
    if not at or not parts or not all(_CUE_PART.fullmatch(p) for p in parts):
        return "", None
    # A whole-word cue ("capture\b") is necessary as a beginning too ("capture").
    return at, re.compile("|".join(re.escape(p.lower().removesuffix("\\b")) for p in parts))
