"""From names found in text to chosen places: the steps of :func:`resolve`.

Each step leaves a trace in ``Mention.reason``:

1. Every indexed name on word boundaries (:meth:`Gazetteer.raw_matches`); Latin names must be
   capitalised (unless the whole text is lower case); ``not_places.tsv`` rejects adjectives,
   months and common words, or asks for evidence (policies ``strong`` and ``cue``); the longest
   name wins where matches overlap ("Chasiv Yar" over "Yar").
2. Person names, unit and organisation names are dropped ("Tim Lister", "Kyiv Post") and the
   words around a name give its kind ("X region", "the city of X"): :mod:`gazetteer.cues`.
3. Misspellings in a cue context are fuzzy-matched (:mod:`gazetteer.fuzzy`), with less
   confidence; "X, 5 km north of Y" places an unknown X (precision ``offset``).
4. Candidates are scored in two passes: a prior (population, kind, which name matched), the
   kind cue, an oblast or raion named nearby, the distance to the article's other places
   (mutual support, so that neighbours choose each other), the point an offset gives. A tie
   that nothing breaks leaves the mention undecided (``place`` None, candidates kept):
   :mod:`gazetteer.scoring`.

Confidence: 0.95 for a single candidate, else rising with the margin over the runner-up;
times 0.65 for a fuzzy match and 0.85 for a name that is also a common word.
"""

from __future__ import annotations

import math
import re
from operator import attrgetter
from typing import NamedTuple

from gazetteer.cues import (
    Cand,
    Work,
    big_place,
    common_word_here,
    kind_cue,
    load_not_places,
    moderate_evidence,
    person_reason,
    share_admin_cues,
    strong_from_admin,
)
from gazetteer.distance import Near
from gazetteer.fuzzy import SpanSet, unknown_names
from gazetteer.normalize import fold, fold_lowered, normalize_name
from gazetteer.offsets import find_offsets
from gazetteer.scoring import FRONTLINE_OBLASTS, score
from gazetteer.types import Mention

# FRONTLINE_OBLASTS and load_not_places are re-exported: gazetteer.fuzzy imports the first here.
__all__ = ["FRONTLINE_OBLASTS", "load_not_places", "resolve"]


class _Name(NamedTuple):
    """The candidates of a key and what the filters ask of them, made once per gazetteer."""

    cands: tuple[Cand, ...]
    country: bool  # one candidate, a country: nothing around it changes what it names
    big: bool  # a country, an oblast or a place of 50,000: kept next to capitalised words
    small: bool  # only settlements or districts under 1,000 people
    population: int  # the largest
    # What the filters of resolve() ask of the key itself:
    skip: int  # 4 for "the X" (the capital is X's), else 0
    acronym: bool  # known only in capitals ("ARC", "DPR")
    enko: bool  # one word in -enko: a surname as often as a place
    cyrillic: bool  # not ASCII: a patronymic ending is a person's


def _name(gaz, memo: dict[str, _Name], key: str) -> _Name:
    """The :class:`_Name` of a key (cached per gazetteer, bounded), shared by its mentions."""
    name = memo.get(key)
    if name is None:
        if len(memo) > 100_000:
            memo.clear()
        cands = tuple(Cand(place, kind) for place, kind in gaz.candidates(key))
        name = memo[key] = _Name(
            cands,
            len(cands) == 1 and cands[0].place.kind == "country",
            big_place(cands),
            all(
                c.place.population < 1000 and c.place.kind in ("settlement", "district")
                for c in cands
            ),
            max((c.place.population for c in cands), default=0),
            4 if key.startswith("the ") else 0,
            key in gaz.acronyms(),
            " " not in key and key.endswith(("enko", "енко")),
            not key.isascii(),
        )
    return name


def resolve(gaz, text: str) -> list[Mention]:
    """Find and resolve the place names of *text* against the gazetteer *gaz*."""
    lowered = text.lower()
    case_free = text == lowered
    # fold() lowers the text again; a length-changing lower() (rare) takes its own way there.
    folded = fold_lowered(lowered) if len(lowered) == len(text) else fold(text)
    not_places = gaz.not_places
    raw, cues = gaz._raw(folded)  # (start, -length, key); cue phrases for _fuzzy
    # Every span a table name covers, kept or not.
    taken: list[tuple[int, int]] = [(start, start - negative) for start, negative, _key in raw]
    works: list[Work] = []
    last_end = -1
    name_memo = gaz.memo.setdefault("names", {})
    names: dict[str, _Name] = {}
    for start, negative, key in raw:
        # Longest match wins among overlapping ones (raw_matches sorts by start, longest
        # first): a name inside the last one taken is dropped.
        if start < last_end:
            continue
        end = start - negative
        name = names.get(key)
        if name is None:
            name = names[key] = name_memo.get(key) or _name(gaz, name_memo, key)
        if not case_free and not text[start + name.skip].isupper():  # "the Dnipro"
            continue
        if name.acronym and not text[start:end].isupper():
            continue  # "ARC", "DPR": an acronym only when written as one ("Arc" is a word)
        policy, why = not_places.get(key, ("", ""))
        if policy == "never":
            continue
        if not policy:
            if name.enko:
                policy, why = "cue", "a surname in -enko"  # Shevchenko, Sydorenko, Kyrylenko
            elif name.cyrillic and text.endswith(_PATRONYMIC, start, end):  # Cyrillic endings
                continue  # Андреевич, Іванівна: a patronymic, not Andriievychi
            elif end - start <= 4 and not name.acronym and text[start:end].isupper():
                policy, why = "strong", "a short word in capitals"  # BAR, PII
        if not name.cands:
            continue
        works.append(Work(start, end, key, name.cands, policy, why))
        last_end = end
    starts = {w.start for w in works}
    kept: list[Work] = []
    titlecase: dict[int, bool] = {}
    reverse = folded[::-1]  # the words before a name are read off it with one match
    for w in works:
        name = names[w.key]
        if name.country and not w.policy:
            kept.append(w)  # "Ukraine", "Russia": nothing around them changes what they name
            continue
        if kind_cue(w, text, folded, reverse) is not None:
            continue
        if not w.strong and (
            person_reason(w, text, folded, starts, not_places, titlecase, name.big) is not None
        ):
            continue
        kept.append(w)
    share_admin_cues(kept, text)
    strong_from_admin(kept, text)
    offsets = find_offsets(kept, text, folded)
    final: list[Work] = []
    common: dict[str, bool] = {}
    for index, w in enumerate(kept):
        if not w.cands:
            final.append(w)  # an unknown name placed by an offset ("X, 5 km north of Y")
            taken.append((w.start, w.end))
            continue
        if (
            w.policy
            and not w.strong
            and (w.policy == "strong" or not moderate_evidence(index, kept, text, folded))
            # A town of 10,000 named like a common Ukrainian word is that town in English text.
            and not (w.policy_note.startswith("Ukrainian") and names[w.key].population >= 10_000)
        ):
            continue
        small = names[w.key].small
        if small and not w.strong and not case_free:
            if w.key not in common:
                common[w.key] = common_word_here(w.key, text)
            if common[w.key]:
                continue
        if small and not w.strong and len(w.key) <= 3:
            continue
        final.append(w)
    misspelt = _fuzzy(gaz, text, folded, taken, final, cues)
    if misspelt:  # (the others are in order: raw matches by start, find_offsets sorts)
        final.extend(misspelt)
        final.sort(key=lambda w: (w.start, w.end))
    score(final, text, gaz, offsets)
    reasons = gaz.memo.setdefault("reasons", {})
    shared = gaz.memo.setdefault("fields", {})
    done: dict[tuple, tuple] = {}  # mentions of one name in one context share their fields
    out: list[Mention] = []
    for w in final:
        if w.chosen is None or w.offset_place is not None:
            if w.offset_place:
                out.append(_mention(w, text, reasons, shared, done))
            continue
        # _mention's common case, inline: a chosen place whose fields are memoised.
        memo, memo_key = _memo_slot(w, shared, done)
        fields = memo.get(memo_key)
        if fields is None or fields[0] is None:
            out.append(_mention(w, text, reasons, shared, done))
            continue
        place, candidates, conf, reason, extra = fields
        out.append(
            Mention(
                w.start, w.end, text[w.start : w.end], place, candidates, conf, reason, w.key,
                extra.copy(),
            )
        )  # fmt: skip
    return out


def _fuzzy(gaz, text: str, folded: str, taken, found: list[Work], cues=None) -> list[Work]:
    """Mentions of misspelt names in cue contexts; one candidate set per spelling per text.

    Every name within the cutoff stays a candidate (with a penalty for its distance), so the
    article's other places can choose between "Rtyshchivka" and "Klishchiivka".
    """
    taken = SpanSet(taken)
    unknowns = unknown_names(text, folded, taken, [(w.start, w.end) for w in found], cues)
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
    out: list[Work] = []
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
        cands: dict[str, Cand] = {}
        for name, sim, _ids in names:
            for place, kind in gaz.candidates(name):
                if place.id not in cands:
                    cands[place.id] = Cand(place, kind, sim, name)
        w = Work(start, end, names[0][0], tuple(cands[k] for k in sorted(cands)))
        w.fuzzy = names[0][1]
        w.fuzzy_note = f"misspelling (cue '{cue}')"
        kind_cue(w, text, folded)
        w.strong = True
        if w.cands:
            out.append(w)
    return out


_PLACE = attrgetter("place")
_PATRONYMIC = ("ович", "евич", "євич", "івна", "овна", "евна", "ївна", "ич", "ичем", "ича")


def _memo_slot(
    w: Work, shared: dict[tuple, tuple], done: dict[tuple, tuple]
) -> tuple[dict[tuple, tuple], object]:
    """Where a chosen work's mention fields are memoised, and under which key: ``shared``
    across texts when the result is the name's own (no context), else ``done`` within the
    text (the same result tuples). A fuzzy work's result is its own: the tuples' identity
    says the rest."""
    if w.shared is not None:
        return shared, (w.shared, w.policy, w.policy_note) if w.policy else w.shared
    return done, (id(w.whys), w.policy, w.policy_note)


def _mention(
    w: Work, text: str, reasons: dict, shared: dict[tuple, tuple], done: dict[tuple, tuple]
) -> Mention:
    surface = text[w.start : w.end]
    if w.offset_place is not None:
        p = w.offset_place
        return Mention(
            w.start, w.end, surface, p, (), 0.5,
            f"not in the gazetteer; placed by the text: '{p.note}'", w.key,
            {"offset": True},
        )  # fmt: skip
    c = w.chosen
    if c is None:
        return Mention(w.start, w.end, surface, None, (), 0.0, "no candidate", w.key)
    # Works sharing a result share every field but the span (see _memo_slot).
    memo, memo_key = _memo_slot(w, shared, done)
    fields = memo.get(memo_key)
    if fields is None:
        if len(memo) > 50_000:
            memo.clear()
        fields = memo[memo_key] = _mention_fields(w, reasons)
    place, candidates, conf, reason, extra = fields
    if place is None:
        n = len(w.cands)
        reason = f"ambiguous: {n} places named {surface!r} and nothing in the text decides"
        return Mention(w.start, w.end, surface, None, candidates, 0.0, reason, w.key)
    return Mention(w.start, w.end, surface, place, candidates, conf, reason, w.key, dict(extra))


def _mention_fields(w: Work, reasons: dict) -> tuple:
    """(place, candidates, confidence, reason, extra) of a scored work; place None when
    nothing decides between its candidates (the reason then names the surface)."""
    n = len(w.cands)
    c = w.chosen
    why = w.whys[0]
    candidates = tuple(map(_PLACE, w.cands))
    # A Near is context; testing its type first avoids computing its distance here.
    if (
        n > 1
        and w.margin < 0.01
        and not any(isinstance(x, Near) or not str(x).startswith("population") for x in why)
    ):
        return None, candidates, 0.0, "", {}
    conf = 0.5 + 0.5 * (1.0 - math.exp(-w.margin / 1.5))
    if n == 1:
        conf = 0.95
    if w.fuzzy:
        conf *= 0.65
    if w.policy:
        conf *= 0.85
    memo_key = (c.place.id, n, w.fuzzy_note, w.policy_note if w.policy else "", *why)
    reason = reasons.get(memo_key)
    if reason is None:
        where = ", ".join(x for x in (c.place.admin2, c.place.admin1) if x and x != c.place.name)
        head = f"{c.place.name} ({c.place.kind}{', ' + where if where else ''})"
        reason = f"only candidate: {head}" if n == 1 else f"{n} candidates; chose {head}"
        details = list(why)
        if w.fuzzy_note:
            details.insert(0, w.fuzzy_note)
        if w.policy:
            details.insert(0, f"{w.policy_note}, accepted on the context")
        if details:
            reason += ": " + "; ".join(map(str, details))
        if len(reasons) > 50_000:
            reasons.clear()
        reasons[memo_key] = reason
    extra = {"score": round(w.scores[0], 3), "margin": round(w.margin, 3)}
    return c.place, candidates, round(conf, 3), reason, extra
