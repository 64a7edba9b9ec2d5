"""Load the claim rules (``geomap/rules/*.yaml``) into compiled, immutable form.

The rules are data an editor can read and extend: ``lexicon.yaml`` holds the word lists (actors,
claimants, negation and hypothetical cues, macros) and ``claims.yaml`` the patterns that make
reports. This module only reads and compiles them; :mod:`geomap.claims` applies them.

>>> rules = default_rules()
>>> rules.rule("captured.verb").kind.value
'captured'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from geomap.claim_cues import SLOT, CueIndex, cue_position, rule_matches
from geomap.claim_cues import TOKEN as _TOKEN
from geomap.errors import InputError
from geomap.models import Actor, Kind
from geomap.quickscan import lowered

__all__ = [
    "ACTOR_SOURCES",
    "SLOT",
    "Claimant",
    "Rule",
    "RuleSet",
    "default_rules",
    "load_rules",
    "slot",
]

#: Where a rule may take its actor from, in the order it lists them.
ACTOR_SOURCES = ("group", "clause", "subject", "claimant", "RU", "UA", "unknown")

_SLOT_PATTERN = r"⟨\d+⟩"
_ACTOR_TOKEN = re.compile(r"[\w'-]+")  # actor names are single words ("Russian", "Kyiv's")
_MACRO = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_FLAGS = re.IGNORECASE


def slot(index: int) -> str:
    """The token that stands for place slot ``index`` in a masked sentence."""
    return f"⟨{index}⟩"


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern that turns words around a place into a report of ``kind``."""

    id: str
    kind: Kind
    regex: re.Pattern[str]
    actor: tuple[str, ...] = ("group", "subject")
    require_actor: bool = False
    implicit_place: bool = False
    sentence_only: bool = False  # the implicit place must be named in the sentence itself
    passive: bool = False  # the place comes first and a form of "be" (or "by …") must follow
    presupposed: bool = False
    suppress: frozenset[Kind] = frozenset()
    examples: tuple[str, ...] = ()
    cue: re.Pattern[str] | None = None  # beginnings of the words the rule needs
    cue_also: re.Pattern[str] | None = None  # a second cue: the rule needs both
    place_first: bool = False  # the pattern begins with {PLACES}: a match starts at a place
    # Where the cue's word stands in a match: "before" its places, "after" them, or "".
    cue_at: str = ""
    cue_lower: re.Pattern[str] | None = None  # the cue for a lower-case sentence, "\b" left out
    verb_groups: tuple[str, ...] = ()  # the pattern's groups that hold its verb: "v", then "v2"

    def finditer(self, masked: str) -> Iterator[re.Match[str]]:
        """``self.regex.finditer(masked)``, tried only where a match can be.

        The cue's word must stand where ``cue_at`` says, and a pattern that begins with
        ``{PLACES}`` is run only at the places (:func:`geomap.claim_cues.rule_matches`).
        """
        return rule_matches(self, masked)


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who may make a claim: a pattern, the label shown in reports and the claimant's side."""

    label: str
    side: Actor
    regex: re.Pattern[str]
    words: tuple[str, ...] = ()  # literal pieces; a text with none of them cannot match


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything :func:`geomap.claims.extract` needs, compiled once."""

    rules: tuple[Rule, ...]
    actors: re.Pattern[str]  # groups RU, UA, WE, THEY
    locative: re.Pattern[str]  # words before a side's name that make it a location
    side_ru: re.Pattern[str]
    side_ua: re.Pattern[str]
    metonym_names: dict[str, Actor]
    metonym_after: re.Pattern[str]
    metonym_before: re.Pattern[str]
    anaphora: re.Pattern[str]
    anaphora_keep: re.Pattern[str]
    facility_after: re.Pattern[str]
    conditional: re.Pattern[str]
    hypothetical: re.Pattern[str]
    negation: re.Pattern[str]
    assertive: re.Pattern[str]
    after_hypothetical: re.Pattern[str]
    after_negation: re.Pattern[str]
    attribution: re.Pattern[str]
    claimants: tuple[Claimant, ...]
    fractions: dict[str, float | None]
    control_place_kinds: frozenset[str]
    activity_place_kinds: frozenset[str]
    _cues: CueIndex = field(default_factory=CueIndex, compare=False)  # what to try where
    _sides: dict[str, str] = field(default_factory=dict, compare=False)
    _claimant_index: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    _claimants_by_token: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)
    # ``actors`` searched for in a whole text: a match starts and ends where a word does.
    _actor_finder: re.Pattern[str] | None = field(default=None, compare=False)

    def actor_side(self, word: str) -> str:
        """The side one word of a sentence names: RU, UA, WE, THEY or "" (cached)."""
        low = word.lower()
        side = self._sides.get(low)
        if side is None:
            m = self.actors.fullmatch(low)
            side = (m.lastgroup or "") if m else ""
            if len(self._sides) < 200_000:
                self._sides[low] = side
        return side

    def actor_words(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, side) of each word of ``text`` that names a side (:meth:`actor_side`)."""
        finder = self._actor_finder
        if finder is not None and lowered(text) is not None:
            # One search finds the words that name a side, instead of a look-up per word.
            # Where letters lower as IGNORECASE reads them, this is exactly the per-word
            # reading, as long as each match is one word (a pattern may hold a space).
            out = [(m.start(), m.end(), m.lastgroup or "") for m in finder.finditer(text)]
            if all(_ACTOR_TOKEN.fullmatch(text, start, end) for start, end, _ in out):
                return out
        sides = self._sides
        out = []
        for w in _ACTOR_TOKEN.finditer(text):
            word = w.group()
            side = sides.get(word.lower())
            if side is None:
                side = self.actor_side(word)
            if side:
                out.append((w.start(), w.end(), side))
        return out

    def claimants_in(self, low: str) -> tuple[Claimant, ...]:
        """The claimants one of whose literal words begins a word of ``low`` (lower case)."""
        by_token = self._claimants_by_token
        hits: set[int] = set()
        for token in set(_TOKEN.findall(low)):
            found = by_token.get(token)
            if found is None:
                index = self._claimant_index
                found = frozenset(
                    i for k in range(3, len(token) + 1) for i in index.get(token[:k], ())
                )
                if len(by_token) < 200_000:  # the words seen so far, bounded
                    by_token[token] = found
            if found:
                hits |= found
        return tuple(self.claimants[i] for i in sorted(hits))

    def candidates(self, text: str) -> tuple[Rule, ...]:
        """The rules worth trying on ``text``: those whose cues start some of its words."""
        return self._cues.candidates(text)

    def rule(self, rule_id: str) -> Rule:
        """The rule named ``rule_id`` (KeyError if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _text(value: Any, where: str) -> str:
    """A pattern written as a string or as a list of pieces joined without separators."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    raise InputError(f"{where}: expected a pattern (a string or a list of strings)")


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise InputError(f"{where}: bad regular expression: {exc}") from exc


def _split_top(text: str) -> tuple[list[str], int] | None:
    """``text`` split at its top-level ``|``, up to the ``)`` that closes a group opened before
    it (or to the end): the pieces and where they stop. None when the brackets do not balance.
    Escapes and character classes (``[|)]``) are skipped, so they never count as syntax."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if text[i + 1 : i + 2] == "]":
                i += 1  # "[]…]": a leading "]" is a member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return [*parts, text[start:i]], i
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    if depth or in_class:
        return None
    return [*parts, text[start:]], len(text)


def _top_level(body: str) -> list[str] | None:
    """``body`` split at its top-level ``|``; None when its brackets do not balance."""
    split = _split_top(body)
    return split[0] if split is not None and split[1] == len(body) else None


def _factor(pattern: str) -> str:
    r"""``\b(?:said|says|told…)…`` with the words grouped by first letter: ``\b(?:s(?:aid|ays)|…)``.

    The regex engine tries every alternative at every word; grouped, it tries one letter first.
    The meaning is the same: at any position only alternatives starting with the same letter
    can match, and their order is kept. Patterns of another shape are returned unchanged.
    """
    head = next((h for h in _FACTOR_HEADS if pattern.startswith(h)), None)
    if head is None:
        return pattern
    group = _top_level_group(pattern[len(head) :])
    if group is None:
        return pattern
    alternatives, rest = group
    if len(alternatives) < 2 or not all(
        len(a) >= 1 and a[0] in _FACTOR_FIRST and a[1:2] not in ("?", "*", "+", "{")
        for a in alternatives
    ):
        return pattern
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(a[0], []).append(a[1:])
    factored = "|".join(
        f"{first}(?:{'|'.join(tails)})" if len(tails) > 1 else first + tails[0]
        for first, tails in groups.items()
    )
    return f"{head}{factored}){rest}"


_FACTOR_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz'")
# What may come before the group: assertions that match no character.
_FACTOR_HEADS = ("\\b(?:", "(?<!\\w)(?:", "(?<![\\w-])(?:")


def _top_level_group(text: str) -> tuple[list[str], str] | None:
    """The alternatives of a group opened just before ``text``, and what follows its ``)``."""
    split = _split_top(text)
    if split is None or split[1] == len(text):
        return None
    parts, end = split
    return parts, text[end + 1 :]


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    """Replace ``{NAME}`` by its macro; ``{PLACES}`` and ``{PLACE}`` are built in."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in macros:
            return f"(?:{macros[name]})"
        raise InputError(f"{where}: unknown macro {{{name}}}")

    # Macros may use macros (three levels: PLACES > NP > DESC).
    for _ in range(4):
        expanded = _MACRO.sub(sub, pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


# Words too common to tell claimants apart; never used as a claimant's quick-test word.
_COMMON = frozenset(
    {"the", "for", "war", "man", "and", "air", "mod", "ria", "tial", "head", "force", "forces",
     "office", "state", "media", "official", "officials", "military", "general", "staff",
     "armed", "command"}
)  # fmt: skip


def _clean(pattern: str) -> str:
    # Escapes and classes go first, then a letter made optional ("s?"), then the syntax.
    clean = re.sub(r"\\[a-zA-Z]|\[[^\]]*\]", " ", pattern)
    clean = re.sub(r"[a-zA-Z'][?*]|[a-zA-Z']\{0,\d*\}", "", clean)
    return re.sub(r"\(\?[:!=<]+|[(){}?*+.^$\d|]", " ", clean).lower()


def _literals(pattern: str, where: str) -> tuple[str, ...]:
    """Words of 3 letters or more that ``pattern`` spells out, for a quick test.

    A text that has none of them at the start of one of its words cannot match. Every top-level
    alternative must spell one (else the pattern is refused); words too common to be useful
    (``_COMMON``) are left out when the alternative spells a better one.
    """
    top = _top_level(pattern) or [pattern]
    words: set[str] = set()
    for branch in top:
        found = set(re.findall(r"[a-z'-]{3,}", _clean(branch)))
        if not found:
            raise InputError(f"{where}: alternative {branch!r} needs a word of 3 letters or more")
        # Common words only when the alternative has nothing better ("officials?").
        words |= (found - _COMMON) or found
    return tuple(sorted(words))


def _side(value: Any, where: str) -> Actor:
    try:
        return Actor(str(value))
    except ValueError as exc:
        raise InputError(f"{where}: side must be RU, UA or unknown, not {value!r}") from exc


def _read(source: Path | None, name: str) -> dict:
    where = str(source / name) if source else f"geomap/rules/{name}"
    try:
        if source is None:
            raw = resources.files("geomap").joinpath("rules", name).read_text(encoding="utf-8")
        else:
            raw = (source / name).read_text(encoding="utf-8")
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{where}: cannot read the rules: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping at the top level")
    return data


def _rule(entry: Any, macros: dict[str, str], index: int) -> Rule:
    where = f"claims.yaml rule #{index + 1}"
    if not isinstance(entry, dict) or "id" not in entry:
        raise InputError(f"{where}: each rule needs an id, a kind and a pattern")
    where = f"claims.yaml rule {entry['id']!r}"
    try:
        kind = Kind(entry.get("kind"))
    except ValueError as exc:
        raise InputError(f"{where}: unknown kind {entry.get('kind')!r}") from exc
    # Every pattern starts at a word boundary: "retake" is no "take", "Russian-occupied" no verb.
    pattern = r"(?<![\w-])" + _expand(_text(entry.get("pattern"), where), macros, where)
    actor = entry.get("actor", ["group", "subject"])
    actor = (actor,) if isinstance(actor, str) else tuple(actor)
    bad = [a for a in actor if a not in ACTOR_SOURCES]
    if bad:
        raise InputError(f"{where}: unknown actor source {bad[0]!r}; use {ACTOR_SOURCES}")
    try:
        suppress = frozenset(Kind(k) for k in entry.get("suppress", ()))
    except ValueError as exc:
        raise InputError(f"{where}: unknown kind in suppress: {exc}") from exc
    regex = _compile(pattern, where)
    if "places" not in regex.groupindex and not entry.get("implicit_place"):
        raise InputError(f"{where}: the pattern has no {{PLACES}}")
    cue_text = _text(entry["cue"], where) if entry.get("cue") else ""
    cue_at, cue_lower = cue_position(
        _text(entry.get("pattern"), where), cue_text, entry.get("cue_at"), where
    )
    return Rule(
        id=str(entry["id"]),
        kind=kind,
        regex=regex,
        actor=actor,
        require_actor=bool(entry.get("require_actor", False)),
        implicit_place=bool(entry.get("implicit_place", False)),
        sentence_only=entry.get("implicit_place") == "sentence",
        presupposed=bool(entry.get("presupposed", False)),
        passive=bool(entry.get("passive", False)),
        suppress=suppress,
        examples=tuple(str(e) for e in entry.get("examples", ())),
        cue=_cue(entry, "cue", where),
        cue_also=_cue(entry, "cue_also", where),
        place_first=_text(entry.get("pattern"), where).startswith("{PLACES}"),
        cue_at=cue_at,
        cue_lower=cue_lower,
        verb_groups=tuple(g for g in ("v", "v2") if g in regex.groupindex),
    )


def _cue(entry: dict, key: str, where: str) -> re.Pattern[str] | None:
    """A rule's ``cue`` or ``cue_also``: a pattern (its pieces joined, as in ``pattern``)."""
    if not entry.get(key):
        return None
    return _compile(f"(?:{_text(entry[key], f'{where} {key}')})", f"{where} {key}")


def load_rules(directory: str | Path | None = None) -> RuleSet:
    """Read and compile ``lexicon.yaml`` and ``claims.yaml`` from ``directory``.

    Without a directory, the rules shipped with geomap are used. Raises
    :class:`~geomap.errors.InputError` naming the file and rule when a rule is malformed.
    """
    source = Path(directory) if directory is not None else None
    lex = _read(source, "lexicon.yaml")
    data = _read(source, "claims.yaml")
    try:
        macros = {k: _text(v, f"lexicon.yaml macro {k}") for k, v in lex["macros"].items()}
        actors = {k: _text(v, f"lexicon.yaml actors.{k}") for k, v in lex["actors"].items()}
        mod = {k: _text(v, f"lexicon.yaml modality.{k}") for k, v in lex["modality"].items()}
        met = lex["metonyms"]
        kinds = lex["place_kinds"]
        entries = data["rules"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"rules: a required section is missing or malformed: {exc}") from exc
    # A list of places: "Kherson and Berdyansk", "Kupiansk, Lyman, and Bakhmut".
    place = rf"(?:{_SLOT_PATTERN})"
    macros["PLACE"] = place
    # A list with commas must end in "and"/"or", so "…the eastern city, Moscow could…" is no list.
    # Each item can be read one way only ("the" belongs to {NP} or stands alone), so a long
    # list that fails is rejected in linear time.
    item = rf"(?:{{NP}}|the )?{place}"
    macros["PLACES"] = (
        rf"(?P<places>(?:the )?{place}(?:(?:, {item})*,? (?:and|or|as well as|and also) {item})?)"
    )
    rules = tuple(_rule(e, macros, i) for i, e in enumerate(entries))
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"claims.yaml: rule ids must be unique; repeated: {', '.join(dupes)}")
    actor_re = "|".join(
        rf"(?P<{name}>(?<![\w-])(?:{actors[name]})(?![\w-]))" for name in ("RU", "UA", "WE", "THEY")
    )
    claimants = tuple(
        Claimant(
            label=str(c["label"]),
            side=_side(c.get("side", "unknown"), f"claimant {c.get('label')}"),
            regex=_compile(
                _factor(rf"(?<!\w)(?:{_text(c['pattern'], 'claimant')})"),
                f"claimant {c['label']}",
            ),
            words=_literals(_text(c["pattern"], "claimant"), f"claimant {c['label']}"),
        )
        for c in lex["claimants"]
    )
    claimant_index: dict[str, list[int]] = {}
    for i, c in enumerate(claimants):
        for word in c.words:
            claimant_index.setdefault(word, []).append(i)
    return RuleSet(
        _cues=CueIndex(rules),
        _claimant_index={k: tuple(v) for k, v in claimant_index.items()},
        rules=rules,
        actors=_compile(actor_re, "lexicon.yaml actors"),
        _actor_finder=_compile(rf"(?<![\w'-])(?:{actor_re})(?![\w'-])", "lexicon.yaml actors"),
        locative=_compile(_factor(_text(lex["locative"], "locative")), "lexicon.yaml locative"),
        side_ru=_compile(rf"(?<![\w-])(?:{actors['RU']})(?![\w-])", "actors.RU"),
        side_ua=_compile(rf"(?<![\w-])(?:{actors['UA']})(?![\w-])", "actors.UA"),
        metonym_names={str(k).lower(): _side(v, "metonyms") for k, v in met["names"].items()},
        metonym_after=_compile(_text(met["followed_by"], "metonyms"), "metonyms.followed_by"),
        metonym_before=_compile(_text(met["preceded_by"], "metonyms"), "metonyms.preceded_by"),
        anaphora=_compile(_text(lex["anaphora"], "anaphora"), "lexicon.yaml anaphora"),
        anaphora_keep=_compile(
            _factor(_text(lex["anaphora_keep"], "anaphora_keep")), "anaphora_keep"
        ),
        facility_after=_compile(_text(lex["facility_after"], "facility_after"), "facility_after"),
        conditional=_compile(_factor(mod["conditional"]), "modality.conditional"),
        hypothetical=_compile(_factor(mod["hypothetical"]), "modality.hypothetical"),
        negation=_compile(_factor(mod["negation"]), "modality.negation"),
        assertive=_compile(_factor(mod["assertive"]), "modality.assertive"),
        after_hypothetical=_compile(mod["after_hypothetical"], "modality.after_hypothetical"),
        after_negation=_compile(mod["after_negation"], "modality.after_negation"),
        attribution=_compile(
            _factor(_text(lex["attribution"], "attribution")), "lexicon attribution"
        ),
        claimants=claimants,
        fractions={str(k).lower(): v for k, v in lex.get("fractions", {}).items()},
        control_place_kinds=frozenset(kinds["control"]),
        activity_place_kinds=frozenset(kinds["activity"]),
    )


@cache
def default_rules() -> RuleSet:
    """The rules shipped with geomap, compiled once per process."""
    return load_rules()
