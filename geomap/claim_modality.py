"""How sure a claim is, and whether it is passive: read from the words around a rule's match.

A match of a claim rule (:mod:`geomap.claim_rules`) in a masked sentence (places written as
``⟨0⟩``) is asserted unless the words of its verb's clause make it hypothetical ("if ⟨0⟩
falls", "could take ⟨0⟩") or negated ("failed to capture ⟨0⟩", "⟨0⟩ has not yet fallen").
The word lists are the rule set's (``lexicon.yaml``: ``modality``); this module holds the
reading of them, used by :mod:`geomap.claims`.

>>> from geomap.claim_rules import default_rules
>>> rules = default_rules()
>>> masked = "If ⟨0⟩ falls, Russia could push on"
>>> m = rules.rule("captured.fall").regex.search(masked)
>>> modality_of(rules, masked, m, m.start("v"), rules.rule("captured.fall").kind).value
'hypothetical'
"""

from __future__ import annotations

import re

from geomap.claim_rules import RuleSet
from geomap.models import Kind, Modality

__all__ = ["clause_start", "is_passive", "modality_of"]

# Kinds that say a place changed hands or who holds it: the ones a map draws as control.
_CAPTURE_KINDS = frozenset({Kind.CAPTURED, Kind.LIBERATED, Kind.CONTROLS, Kind.PARTIAL_CONTROL})
_HARD_BOUNDARY = re.compile(r";| but | while | whereas ")
_BOUNDARY = re.compile(r"[,;:()—–]| - | but ")
# A form of "be" (or a word that works like one) between a place and a participle.
_BE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains?|remained|came|comes|come|got|gets|stays?"
    r"|not yet|never|all but|under)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'-]+")
_AND_BUT = re.compile(
    r"\s(?:and|but|despite|although|though|while|whereas|amid|after)\s"
)  # a negation does not reach past these
_NEGATION_WORDS = 6  # negation counts only this close before the verb


def clause_start(masked: str, verb: int) -> int:
    """Where the clause of the verb at ``verb`` begins: after the last comma, colon, bracket,
    dash or "but" before it (0 when there is none)."""
    start = 0
    for b in _BOUNDARY.finditer(masked, 0, verb):
        start = b.end()
    return start


def modality_of(rules: RuleSet, masked: str, m: re.Match[str], verb: int, kind: Kind) -> Modality:
    """Hypothetical, negated or asserted, from the words of the verb's clause.

    ``m`` is the rule's match in ``masked`` and ``verb`` where its verb starts; ``kind`` the
    rule's kind (an "if" anywhere before the verb makes a change of hands hypothetical).
    """
    clause = clause_start(masked, verb)
    window = masked[clause:verb]
    # Words of the match before its place ("an attempt to storm X was repelled") describe
    # the place, not the verb: only the words after the place count.
    if "places" in m.re.groupindex and m.end("places") != -1 and m.end("places") <= verb:
        window = masked[clause : max(clause, m.start())] + " " + masked[m.end("places") : verb]
    if rules.conditional.search(window):
        return Modality.HYPOTHETICAL
    if kind in _CAPTURE_KINDS:
        # A change of hands is never made a fact out of a condition: for these kinds an
        # "if" anywhere before the verb counts, back to a "but" or a semicolon.
        start = max((b.end() for b in _HARD_BOUNDARY.finditer(masked, 0, verb)), default=0)
        if rules.conditional.search(masked, start, verb):
            return Modality.HYPOTHETICAL
    if rules.after_negation.match(masked, m.end()):
        return Modality.NEGATED
    negation_clause = _AND_BUT.split(masked[clause:verb])[-1]
    near = " ".join(_WORD.findall(negation_clause)[-_NEGATION_WORDS:])
    if rules.negation.search(near):
        return Modality.NEGATED
    if rules.hypothetical.search(window):  # most clauses have none: no list to build
        hyp = [h.end() for h in rules.hypothetical.finditer(window)]
        sure = [a.start() for a in rules.assertive.finditer(window)]
        if not sure or max(sure) < hyp[-1]:
            return Modality.HYPOTHETICAL
    if rules.after_hypothetical.match(masked, m.end()):
        return Modality.HYPOTHETICAL
    return Modality.ASSERTED


def is_passive(m: re.Match[str], masked: str, verb: int) -> bool:
    """True when a place-first match is passive: "was captured", "captured by Russia"."""
    if any(v for k, v in m.groupdict().items() if k.startswith("actor")):
        return True
    start = m.end("places") if m.group("places") is not None else m.start()
    return bool(_BE.search(masked, start, verb + 1) or _BE.match(masked, verb))
