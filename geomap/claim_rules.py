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

from geomap.errors import InputError
from geomap.models import Actor, Kind

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

#: A place in a masked sentence is written ``⟨3⟩`` (the index of the slot in the sentence).
SLOT = re.compile(r"⟨(\d+)⟩")
_SLOT_PATTERN = r"⟨\d+⟩"
_TOKEN = re.compile(r"[a-z][a-z0-9']*|%")  # hyphens split: "russian-occupied"; "%" a word
_ACTOR_TOKEN = re.compile(r"[\w'-]+")  # actor names are single words ("Russian", "Kyiv's")
_PLAIN_CUE = re.compile(r"[a-zA-Z%']+")
_CUE_PART = re.compile(r"[a-zA-Z%'-]+(?:\\b)?")  # a word's beginning, or a whole word ("\b")
_MACRO = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_FLAGS = re.IGNORECASE
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

    def finditer(self, masked: str) -> Iterator[re.Match[str]]:
        """``self.regex.finditer(masked)``, tried only where a match can be.

        A match needs a word of the cue, and (``cue_at``) before or after its places: a
        sentence without one there is not scanned. A pattern that begins with ``{PLACES}``
        matches only at a slot or at "the" before one, so the regex is run at those few
        offsets instead of at every character of the sentence.
        """
        cue = self.cue_lower if self.cue_at else None
        low = _lower(masked) if cue is not None else ""
        if not self.place_first:
            if cue is not None:
                first, last = masked.find("⟨"), masked.rfind("⟨")
                # The cue's word ends before the last place, or starts after the first one.
                if first < 0 or not (
                    cue.search(low, 0, last) if self.cue_at == "before" else cue.search(low, first)
                ):
                    return
            yield from self.regex.finditer(masked)
            return
        regex = self.regex
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
    # Sets of cues are bit masks: bit i is rule i's cue, bit len(rules) + i its cue_also.
    _by_word: dict[str, int] = field(default_factory=dict, compare=False)
    _chosen: dict[int, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    _always: int = 0  # rules without a cue: always tried
    _cue_prefix: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    _cue_word: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    _cue_regex: tuple[tuple[int, re.Pattern[str]], ...] = ()  # cues of other shapes
    _sides: dict[str, str] = field(default_factory=dict, compare=False)
    _claimant_index: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    _claimants_by_token: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)

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
        wanted = self._always
        by_word = self._by_word
        get = by_word.get
        for word in _TOKEN.findall(text.lower()):  # a repeated word costs less than a set
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

    def rule(self, rule_id: str) -> Rule:
        """The rule named ``rule_id`` (KeyError if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _apostrophe_parts(word: str) -> list[str]:
    """``word`` and what follows each of its apostrophes: "l'exit" -> ["l'exit", "exit"]."""
    parts = word.split("'")
    return [word, *("'".join(parts[i:]) for i in range(1, len(parts)) if parts[i])]


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


def _top_level(body: str) -> list[str] | None:
    """``body`` split at its top-level ``|``; None when its brackets do not balance."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if body[i + 1 : i + 2] == "]":
                i += 1  # "[]…]": a leading "]" is a member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    if depth or in_class:
        return None
    return [*parts, body[start:]]


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
    depth, i, in_class = 0, 0, False
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
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                parts = _top_level(text[:i])
                return (parts, text[i + 1 :]) if parts is not None else None
            depth -= 1
        i += 1
    return None


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
    depth, start, top = 0, 0, []
    for i, ch in enumerate(pattern + "|"):
        if ch == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and (i == 0 or pattern[i - 1] != "\\"):
            depth -= 1
        elif ch == "|" and depth == 0:
            top.append(pattern[start:i])
            start = i + 1
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
    cue_at, cue_lower = _cue_position(entry, where)
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
    )


def _cue(entry: dict, key: str, where: str) -> re.Pattern[str] | None:
    """A rule's ``cue`` or ``cue_also``: a pattern (its pieces joined, as in ``pattern``)."""
    if not entry.get(key):
        return None
    return _compile(f"(?:{_text(entry[key], f'{where} {key}')})", f"{where} {key}")


def _cue_position(entry: dict, where: str) -> tuple[str, re.Pattern[str] | None]:
    """Where a rule's cue word stands in its matches (``cue_at``) and the cue to look for it.

    A match of a pattern that begins with ``{PLACES}`` starts at its places, so the cue's word
    comes after them. A pattern that ends with ``{PLACES}`` still matches with a bare place
    in their stead, which has no word: its cue word comes before them. ``cue_at`` in the rule
    says so for other patterns. Only cues of plain word beginnings are looked for this way.
    """
    pattern = _text(entry.get("pattern"), where)
    cue = _text(entry["cue"], where) if entry.get("cue") else ""
    at = entry.get("cue_at")
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
    cue_prefix: dict[str, list[int]] = {}
    cue_word: dict[str, list[int]] = {}
    cue_regex = []
    cues = [(i, r.cue) for i, r in enumerate(rules)]
    cues += [(len(rules) + i, r.cue_also) for i, r in enumerate(rules)]
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
    return RuleSet(
        _cue_prefix={k: tuple(v) for k, v in cue_prefix.items()},
        _cue_word={k: tuple(v) for k, v in cue_word.items()},
        _cue_regex=tuple(cue_regex),
        _claimant_index={k: tuple(v) for k, v in claimant_index.items()},
        _always=sum(1 << i for i, r in enumerate(rules) if r.cue is None),
        rules=rules,
        actors=_compile(actor_re, "lexicon.yaml actors"),
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
