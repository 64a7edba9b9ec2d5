"""Scoring the candidates of resolved names (distances between places: :mod:`gazetteer.distance`).

:func:`score` chooses a candidate for every mention :func:`gazetteer.resolve.resolve` kept, in
two passes:

1. The first pass depends on the name and its cue only (cached per gazetteer): a prior
   (population, kind, which name matched) and the kind cue ("X region", "the city of X").
2. The second adds the article: an oblast or raion named nearby, the distance to the article's
   other places (anchors: mutual support, so that neighbours choose each other) and the point
   an offset gives ("5 km north of Y"). Unknown names with an offset are placed there.

Every bonus leaves a reason (a string, or a :class:`Near` whose distance is only computed when
shown), best candidates first.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from operator import neg
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz

from gazetteer.cues import Cand, Work
from gazetteer.distance import Geography, Near, Spot, far_abroad, spot
from gazetteer.normalize import normalize_name
from gazetteer.types import Place

if TYPE_CHECKING:
    from gazetteer.core import Gazetteer

__all__ = ["FRONTLINE_OBLASTS", "score"]

#: An offset found in the text: (the reference mention, km, bearing in degrees, the phrase).
_Offset = tuple[Work, float, float, str]
#: The first-pass priors cache: (key, place id, name kind, similarity) -> prior.
_Priors = dict[tuple[str, str, str, float], float]

#: Oblasts where the war is fought or that border Russia/Belarus: a small prior for homonyms
#: and the places fuzzy matching compares misspellings with.
FRONTLINE_OBLASTS = frozenset(
    {
        "Donetsk Oblast", "Luhansk Oblast", "Zaporizhzhia Oblast", "Kherson Oblast",
        "Kharkiv Oblast", "Mykolaiv Oblast", "Dnipropetrovsk Oblast", "Sumy Oblast",
        "Chernihiv Oblast", "Kyiv Oblast", "Autonomous Republic of Crimea", "Zhytomyr Oblast",
    }
)  # fmt: skip

_KIND_PRIOR = {
    "settlement": 0.3, "country": 3.0, "oblast": 1.5, "region": 1.5, "raion": 0.5,
    "river": 0.8, "water": 0.8, "site": -0.3, "district": -0.5,
}  # fmt: skip
_NAME_KIND_PRIOR = {
    "official": 1.0,  # the place's own name beats a stray alternate of another place
    "russian": -0.1,
    "historical": -0.2,
    "misspelling": -0.3,
    "bare": -3.0,
}
_FAR_ABROAD = 2.0


class _Ranked(NamedTuple):
    """Candidates ranked best first, with their scores and reasons, and the winner's margin."""

    cands: tuple[Cand, ...]
    scores: tuple[float, ...]
    #: The reasons of each candidate; after the second pass of the winner alone (the only
    #: ones a mention shows).
    whys: tuple[tuple[object, ...], ...]
    margin: float


class _Base(NamedTuple):
    """A name's candidates scored without the article (cached per name and cue), and what the
    second pass needs of them."""

    ranked: _Ranked
    own: frozenset[str]  # the candidates' ids: no context for themselves
    homonyms: bool  # at least two settlements: distance may separate them
    admin_keys: tuple[tuple[str, ...], ...]  # each candidate's oblast and raion, normalised
    #: Each candidate's cell and latitude, longitude (radians) and cosine of the latitude when
    #: it is a settlement, district or site and the name has homonyms, else None.
    spots: tuple[Spot | None, ...]
    #: Each candidate's rank by population (largest first), then id: the tie-break.
    ties: tuple[int, ...]
    #: What a mention with this first pass gives the article: its anchors (place, weight),
    #: and the normalised name of the oblast or raion it names (or "").
    anchors: tuple[tuple[Place, float], ...]
    admin: str


def _rank(scored: list[tuple[float, int, Cand, tuple[object, ...]]]) -> _Ranked:
    """Rank (-score, tie-break rank, candidate, reasons) rows: best score first, ties to the
    larger population, then the smaller id (plain tuple order: no key function)."""
    scored.sort()
    margin = scored[1][0] - scored[0][0] if len(scored) > 1 else 4.0
    negated, _ties, cands, whys = zip(*scored, strict=True)
    return _Ranked(cands, tuple(map(neg, negated)), whys, margin)


def _base(w: Work, priors: _Priors) -> _Base:
    """The first pass for a name: its candidates ranked on the name and its cue alone."""
    order = sorted(w.cands, key=lambda c: (-c.place.population, c.place.id))
    tie = {id(c): i for i, c in enumerate(order)}
    scored = []
    for c in w.cands:
        score, why = _base_score(w, c, priors)
        scored.append((-score, tie[id(c)], c, why))
    ranked = _rank(scored)
    places = [c.place for c in ranked.cands]
    homonyms = sum([p.kind in _SPOTS for p in places]) >= 2
    # A mention with a clear margin contributes its choice (weight 1); an unsure one its
    # plausible settlements (within 1.0 of its best score, at most three) with less weight, so
    # that "Terny and Torske, north of Lyman" can support each other before any is sure.
    best = ranked.scores[0]
    sure = ranked.margin >= 0.6
    anchors = tuple(
        (p, 1.0 if sure else 0.8 if rank == 0 else 0.4)
        for rank, p in enumerate(places[: 1 if sure else 3])
        if p.kind in _SPOTS and not ranked.scores[rank] < best - 1.0
    )
    chosen = ranked.cands[0]
    admin = ""
    if chosen.place.kind in ("oblast", "raion") and (chosen.name_kind != "bare" or w.cue):
        admin = _norm(chosen.place.name)
    return _Base(
        ranked,
        frozenset([p.id for p in places]),
        homonyms,
        tuple([_admin_keys(p.admin1, p.admin2) for p in places]),
        tuple([spot(p) if homonyms and p.kind in _SPOTS else None for p in places]),
        tuple([tie[id(c)] for c in ranked.cands]),
        anchors,
        admin,
    )


@lru_cache(maxsize=4096)
def _admin_keys(admin1: str, admin2: str) -> tuple[str, ...]:
    """A place's oblast and raion, normalised (the same pairs recur)."""
    return tuple(_norm(v) for v in (admin1, admin2) if v)


def score(works: list[Work], text: str, gaz: Gazetteer, offsets: dict[int, _Offset]) -> None:
    """Score every candidate, choose, in two passes (the second uses the first's anchors).

    The first pass depends on the name and its cue only, so it is cached per gazetteer; in the
    second, mentions of one name with the same admin context share one result per article.
    """
    priors = gaz.memo.setdefault("priors", {})
    bases_memo = gaz.memo.setdefault("bases", {})
    # The oblasts and raions the text names (name -> [(position, chain, unit)] by position),
    # and the article's geography after the first pass ((key, place id) -> (place, weight)):
    # both gathered in the first pass.
    admin: dict[str, list[tuple[int, int, Place]]] = {}
    found: dict[tuple[str, str], tuple[Place, float]] = {}
    seen: set[tuple[str, int]] = set()
    for w in works:
        if not w.cands:
            w.cands, w.chosen, w.margin = (), None, 4.0
            continue
        if w.fuzzy:
            base = _base(w, priors)  # candidates of this text only: not cached
        else:
            sig = (w.key, w.cue, w.cue_text)
            base = bases_memo.get(sig)
            if base is None:
                if len(bases_memo) > 20_000:
                    bases_memo.clear()
                base = bases_memo[sig] = _base(w, priors)
            w.shared = sig
        w.base = base
        ranked = base.ranked
        w.cands, w.scores, w.whys, w.margin = ranked
        w.chosen = ranked.cands[0]
        if base.admin:
            admin.setdefault(base.admin, []).append((w.start, w.chain, w.chosen.place))
        if base.anchors:
            # Mentions of a name sharing a result (the same tuples) add the same anchors.
            shared_key = (w.key, id(ranked.scores))
            if shared_key in seen:
                continue
            seen.add(shared_key)
            for place, weight in base.anchors:
                key = (w.key, place.id)
                if weight > found.get(key, (place, 0.0))[1]:
                    found[key] = (place, weight)
    geography = Geography(
        [(key, place, weight) for (key, _), (place, weight) in sorted(found.items())]
    )
    shared: dict[tuple, _Ranked] = {}
    for w in works:
        if len(w.cands) < 2:
            continue  # context only separates candidates
        base = w.base
        parts = _admin_parts(w, base, admin) if admin else None
        offset = offsets.get(id(w)) if offsets else None
        if offset is None and not w.fuzzy:
            sig = (w.key, w.cue, w.cue_text, parts)
            ranked = shared.get(sig)
            if ranked is None:
                ranked = shared[sig] = _context_rank(w, base, parts, geography, None)
        else:
            ranked = _context_rank(w, base, parts, geography, offset)
        w.cands, w.scores, w.whys, w.margin = ranked
        w.chosen = w.cands[0]
        if ranked is not base.ranked:
            w.shared = None
    if offsets:
        for w in works:
            if w.offset_place is None and not w.cands and id(w) in offsets:
                _place_by_offset(w, offsets[id(w)])


def _prior(key: str, c: Cand, priors: _Priors) -> float:
    """What a candidate is worth before any context (cached per gazetteer: it depends on the
    name and the place only)."""
    memo_key = (key, c.place.id, c.name_kind, c.sim)
    cached = priors.get(memo_key)
    if cached is not None:
        return cached
    p = c.place
    if p.kind in ("settlement", "district", "site"):
        # An unknown population (0 in the codifier) is taken as a village of about 300. Towns
        # above 10,000 and cities above 200,000 weigh more: a reporter writing "Kyiv" next to
        # "Mykolaiv" means the capital, not the hamlet of Kyiv near Mykolaiv.
        pop = max(p.population, 300)
        score = 0.5 * math.log10(pop) + 0.5 * max(0.0, math.log10(pop) - 4.0)
        score += (1.0 if pop >= 200_000 else 0.0) + _KIND_PRIOR.get(p.kind, 0.0)
    else:
        score = _KIND_PRIOR.get(p.kind, 0.0)
    score += _NAME_KIND_PRIOR.get(c.name_kind, 0.0)
    if c.name_kind not in ("official", "bare", "admin") and not c.sim:
        # An alternate name: prefer the place whose own name is spelt like it (a stray
        # alternate such as Nikopol's "Slov'yansk" loses to Sloviansk).
        score += fuzz.ratio(key, _norm(p.name)) / 100.0
    if c.sim:
        score += (c.sim - 100.0) / 8.0  # one edit in eight letters costs about 1.5
    if p.admin1 in FRONTLINE_OBLASTS:
        score += 0.2
    if p.country and p.country != "UA" and p.kind != "country":
        score -= 1.0  # war reporting from Ukraine: a namesake abroad is the less likely
        if far_abroad(p):
            # Far from the war (Dzerzhinsk on the Oka, not Dzerzhynsk, now Toretsk, in
            # Donbas): a Ukrainian namesake, even a small one, is meant, unless the text
            # names places near the foreign one (the second pass gives this back then).
            score -= _FAR_ABROAD
    if len(priors) > 200_000:
        priors.clear()
    priors[memo_key] = score
    return score


def _base_score(w: Work, c: Cand, priors: _Priors) -> tuple[float, tuple[object, ...]]:
    p = c.place
    why: list[str] = []
    score = _prior(w.key, c, priors)
    if c.sim:
        why.append(f"spelt like {c.matched!r} (similarity {c.sim:.0f})")
    if w.cue == "oblast":
        bonus = {"oblast": 12.0, "raion": 11.0, "region": 10.5}.get(p.kind, 0.0)
        if bonus:
            score += bonus
            why.append(f"'{w.cue_text}' says a region")
    elif w.cue == "raion":
        bonus = {"raion": 12.0, "district": 10.0, "oblast": 1.0}.get(p.kind, 0.0)
        if bonus:
            score += bonus
            why.append(f"'{w.cue_text}' says a district")
    elif w.cue == "direction" and p.kind == "oblast":
        score += 10.0
        why.append(f"'{w.cue_text} X' names a region")
    elif w.cue == "river" and p.kind in ("river", "water"):
        score += 12.0
        why.append("'river' says a river")
    elif w.cue == "settlement" and p.kind in ("settlement", "district"):
        score += 12.0
        why.append(f"'{w.cue_text}' says a settlement")
    elif w.cue == "site" and p.kind == "site":
        score += 6.0
        why.append(f"'{w.cue_text}' says a site")
    if p.population and p.kind in ("settlement", "district"):
        why.append(f"population {p.population:,}")
    return score, tuple(why)


_SPOTS = ("settlement", "district", "site")


@lru_cache(maxsize=4096)
def _norm(name: str) -> str:
    """normalize_name, cached: admin unit names recur in every text."""
    return normalize_name(name)


def _admin_parts(
    w: Work, base: _Base, admin: dict[str, list[tuple[int, int, Place]]]
) -> tuple[tuple[float, str], ...] | None:
    """The bonus and note an oblast or raion named in the text gives each candidate, or None
    when it gives none."""
    parts = []
    found = False
    for keys in base.admin_keys:
        best_admin = 0.0
        note = ""
        for key in keys:
            for pos, chain, unit in admin.get(key, ()):
                if unit.id in base.own or pos == w.start or (chain >= 0 and chain == w.chain):
                    continue  # a mention is no context for itself, nor a city for its own oblast
                near = abs(pos - w.start) <= 200
                bonus = 4.5 if near else 1.5
                if bonus > best_admin:
                    best_admin = bonus
                    note = f"in {unit.name}, named {'nearby' if near else 'in the text'}"
        found = found or best_admin > 0.0
        parts.append((best_admin, note))
    return tuple(parts) if found else None


def _context_rank(
    w: Work,
    base: _Base,
    parts: tuple[tuple[float, str], ...] | None,
    geography: Geography,
    offset: _Offset | None,
) -> _Ranked:
    """The second pass: the base scores plus the admin units, anchors and offset of the text."""
    ranked = base.ranked
    if parts is None and offset is None and not base.homonyms:
        return ranked  # nothing in the text can change the first pass
    supports = None
    if base.homonyms:  # distance only separates homonymous settlements
        if w.fuzzy:
            supports = geography.supports(w.key, base.spots)
        else:
            sig = (w.key, w.cue, w.cue_text)
            if sig not in geography.memo:
                geography.memo[sig] = geography.supports(w.key, base.spots)
            supports = geography.memo[sig]
    # Scores first; the reasons only of the winner (only the winner's are ever shown).
    scored: list[tuple[float, int, int]]
    offset_notes: dict[int, str] = {}
    if parts is None and offset is None:
        # The common case, anchors alone: one comprehension.
        if supports is None or supports.count(None) == len(supports):
            return ranked  # nothing added: the same ranking
        scored = [
            (-score if support is None else -(score + _support_bonus(c, support)), tie, i)
            for i, (c, score, tie, support) in enumerate(
                zip(ranked.cands, ranked.scores, base.ties, supports, strict=True)
            )
        ]
        return _winner(ranked, scored, parts, supports, offset_notes)
    scored = []
    changed = False
    for i, (c, score, tie) in enumerate(zip(ranked.cands, ranked.scores, base.ties, strict=True)):
        if parts is not None and parts[i][0]:
            score += parts[i][0]
            changed = True
        if supports is not None and supports[i] is not None:
            score += _support_bonus(c, supports[i])
            changed = True
        if offset is not None:
            extra = _offset_score(c, offset)
            if extra is not None:
                score += extra[0]
                offset_notes[i] = extra[1]
                changed = True
        scored.append((-score, tie, i))
    if not changed:
        return ranked  # nothing added: the same ranking
    return _winner(ranked, scored, parts, supports, offset_notes)


def _support_bonus(c: Cand, support: tuple[float, float, Place]) -> float:
    """What an anchor near a candidate adds: its distance bonus, and for a place far abroad
    the first pass's penalty back (the text names places around it)."""
    return support[0] + (_FAR_ABROAD if far_abroad(c.place) else 0.0)


def _winner(
    ranked: _Ranked,
    scored: list[tuple[float, int, int]],
    parts: tuple[tuple[float, str], ...] | None,
    supports: list[tuple[float, float, Place] | None] | None,
    offset_notes: dict[int, str],
) -> _Ranked:
    """The second pass's ranking from (-score, tie, index) rows, with the winner's reasons."""
    scored.sort()
    best = scored[0][2]
    why = ranked.whys[best]
    # The reasons the text adds come first: offset, anchor, admin unit.
    admin_note = parts[best][1] if parts is not None and parts[best][0] else None
    support = supports[best] if supports is not None else None
    offset_note = offset_notes.get(best)
    near = None
    if support is not None:
        p, anchor = ranked.cands[best].place, support[2]
        # tuple.__new__: a NamedTuple's own constructor is a Python function.
        near = tuple.__new__(Near, (p.lat, p.lon, anchor.lat, anchor.lon, anchor.name))
    if offset_note is not None:
        why = (offset_note, *[n for n in (near, admin_note) if n is not None], *why)
    elif near is not None:
        why = (near, *why) if admin_note is None else (near, admin_note, *why)
    elif admin_note is not None:
        why = (admin_note, *why)
    cands = ranked.cands
    return _Ranked(
        tuple([cands[i] for _, _, i in scored]),
        tuple([-negated for negated, _, _ in scored]),
        (why,),  # the others' reasons are never read
        scored[1][0] - scored[0][0],
    )


def _offset_score(c: Cand, spec: _Offset) -> tuple[float, str] | None:
    """The bonus and note of a candidate near the point an offset gives, or None when far."""
    # geopy is imported here only: it takes 80 ms and most texts have no offset.
    from geopy.distance import distance as geo_distance
    from geopy.distance import great_circle

    ref, km, bearing, phrase = spec
    if ref.chosen is None:
        return None
    point = geo_distance(kilometers=km).destination(
        (ref.chosen.place.lat, ref.chosen.place.lon), bearing
    )
    d = great_circle((c.place.lat, c.place.lon), (point.latitude, point.longitude)).km
    bonus = 6.0 if d < 3 else 4.0 if d < 8 else 2.0 if d < 15 else 0.0
    if not bonus:
        return None
    return bonus, f"{d:.1f} km from the point '{phrase} {ref.chosen.place.name}' gives"


def _place_by_offset(w: Work, spec: _Offset) -> None:
    """Place an unknown name at the point its offset gives (``w.offset_place``), once the
    reference mention has a place."""
    from geopy.distance import distance as geo_distance

    ref, km, bearing, phrase = spec
    if ref.chosen is None:
        return
    base = ref.chosen.place
    point = geo_distance(kilometers=km).destination((base.lat, base.lon), bearing)
    slug = re.sub(r"[^a-z0-9]+", "-", w.key).strip("-")
    w.offset_place = Place(
        id=f"offset:{slug}@{base.id}",
        name=w.key.title() if w.key.isascii() else w.key,
        kind="settlement",
        lat=round(point.latitude, 5),
        lon=round(point.longitude, 5),
        precision="offset",
        error_km=round(max(1.0, 0.25 * km), 1),
        country=base.country,
        admin1=base.admin1,
        admin2=base.admin2,
        source="offset",
        note=f"{phrase} {base.name}",
    )
