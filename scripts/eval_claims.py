#!/usr/bin/env python
"""Evaluate the claim extractor on the labelled sentences: precision and recall per kind and
per modality, actor accuracy, and the check that no hypothetical or negated statement became an
asserted capture.

    python scripts/eval_claims.py                 # the table
    python scripts/eval_claims.py --errors        # and every sentence it gets wrong
    python scripts/eval_claims.py --stand-in      # places located by name, without the gazetteer

Each line of tests/data/claims/labelled.jsonl is one case: ``sentence`` (optionally after a
``context`` sentence, for "the city"), the ``places`` it names, and the ``expected`` reports
(place, kind, actor, modality, optionally percent). Places come from the real gazetteer where it
finds them; a listed place it misses is located by name and given a stand-in place, so the
evaluation measures the claim rules, not the gazetteer.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.types import Mention, Place
from geomap.claims import extract
from geomap.models import Article, Kind, Modality, Report

__all__ = ["Case", "Evaluation", "evaluate", "format_table", "load_cases", "main"]

DEFAULT_DATA = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "claims" / "labelled.jsonl"
)
#: Kinds that say who holds a place: an asserted one made from a hypothetical or negated
#: statement is the error the map must never show.
CAPTURE_KINDS = frozenset({Kind.CAPTURED, Kind.LIBERATED, Kind.CONTROLS, Kind.PARTIAL_CONTROL})
_AREAS = {"Crimea": "region", "Donbas": "region", "Belarus": "country", "Russia": "country"}

Finder = Callable[[str], list[Mention]]


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled sentence."""

    line: int
    sentence: str
    places: tuple[str, ...]
    expected: tuple[dict, ...]
    context: str = ""


@dataclass
class Evaluation:
    """Counts from one run; :func:`format_table` prints them."""

    cases: int = 0
    kind_tp: Counter = field(default_factory=Counter)
    kind_fp: Counter = field(default_factory=Counter)
    kind_fn: Counter = field(default_factory=Counter)
    mod_tp: Counter = field(default_factory=Counter)
    mod_fp: Counter = field(default_factory=Counter)
    mod_fn: Counter = field(default_factory=Counter)
    actor_right: int = 0
    actor_total: int = 0
    percent_right: int = 0
    percent_total: int = 0
    unlisted: int = 0  # reports on places the case does not list (gazetteer extras)
    unsafe: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def kind_scores(self, kind: str) -> tuple[float, float, float]:
        return self._prf(self.kind_tp[kind], self.kind_fp[kind], self.kind_fn[kind])

    def modality_scores(self, modality: str) -> tuple[float, float, float]:
        return self._prf(self.mod_tp[modality], self.mod_fp[modality], self.mod_fn[modality])

    @property
    def micro(self) -> tuple[float, float, float]:
        """Precision, recall, F1 over (place, kind, modality) triples."""
        tp, fp, fn = (sum(c.values()) for c in (self.mod_tp, self.mod_fp, self.mod_fn))
        return self._prf(tp, fp, fn)

    @property
    def kind_micro(self) -> tuple[float, float, float]:
        """Precision, recall, F1 over (place, kind) pairs, modality aside."""
        tp, fp, fn = (sum(c.values()) for c in (self.kind_tp, self.kind_fp, self.kind_fn))
        return self._prf(tp, fp, fn)


def load_cases(path: str | Path = DEFAULT_DATA) -> list[Case]:
    """Read the labelled cases; a malformed line raises ValueError naming the file and line."""
    cases = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            case = Case(
                line=number,
                sentence=data["sentence"],
                places=tuple(data["places"]),
                expected=tuple(data["expected"]),
                context=data.get("context", ""),
            )
            for e in case.expected:
                Kind(e["kind"]), Modality(e["modality"])
                if e["place"] not in case.places:
                    raise ValueError(f"expected place {e['place']!r} is not in places")
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
        cases.append(case)
    return cases


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _real_finder() -> Finder | None:
    try:
        import gazetteer

        gazetteer.find("Kyiv")
    except (ImportError, AttributeError, OSError):
        return None
    return gazetteer.find


def _mentions(case: Case, text: str, finder: Finder | None) -> tuple[list[Mention], dict[str, str]]:
    """Mentions for the text and the place id each listed name stands for."""
    found = finder(text) if finder is not None else []
    mentions = [m for m in found if m.place is not None]
    ids: dict[str, str] = {}
    for name in case.places:
        spans = [m.start() for m in re.finditer(re.escape(name), text, re.IGNORECASE)]
        if not spans:
            raise ValueError(f"line {case.line}: {name!r} does not occur in the text")
        hit = next((m for m in mentions for s in spans if m.start <= s < m.end), None)
        if hit is not None and hit.place is not None:
            ids[name] = hit.place.id
            continue
        kind = _AREAS.get(name, "oblast" if name.lower().endswith(("region", "oblast")) else None)
        place = Place(f"label:{_slug(name)}", name, kind or "settlement", 48.0, 37.0)
        ids[name] = place.id
        for s in spans:
            mentions = [m for m in mentions if not (m.start < s + len(name) and s < m.end)]
            mentions.append(Mention(s, s + len(name), text[s : s + len(name)], place, (), 1.0))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions, ids


def evaluate(cases: Iterable[Case], *, finder: Finder | None = None) -> Evaluation:
    """Run the extractor on every case and count hits and misses."""
    ev = Evaluation()
    for case in cases:
        ev.cases += 1
        text = f"{case.context} {case.sentence}" if case.context else case.sentence
        offset = len(case.context) + 1 if case.context else 0
        mentions, ids = _mentions(case, text, finder)
        names = {v: k for k, v in ids.items()}
        article = Article(id=f"case-{case.line}", text=text)
        reports = [r for r in extract(article, mentions) if r.sentence_start >= offset]
        ev.unlisted += sum(1 for r in reports if r.place_id not in names)
        reports = [r for r in reports if r.place_id in names]
        _score(ev, case, ids, names, reports)
    return ev


def _score(ev: Evaluation, case: Case, ids: dict, names: dict, reports: list[Report]) -> None:
    exp_pairs = {(ids[e["place"]], e["kind"]) for e in case.expected}
    got_pairs = {(r.place_id, r.kind.value) for r in reports}
    exp_triples = {(ids[e["place"]], e["kind"], e["modality"]) for e in case.expected}
    got_triples = {(r.place_id, r.kind.value, r.modality.value) for r in reports}
    for pid, kind in sorted(got_pairs | exp_pairs):
        pair = (pid, kind)
        if pair in got_pairs and pair in exp_pairs:
            ev.kind_tp[kind] += 1
        elif pair in got_pairs:
            ev.kind_fp[kind] += 1
        else:
            ev.kind_fn[kind] += 1
    for pid, kind, mod in sorted(got_triples | exp_triples):
        triple = (pid, kind, mod)
        if triple in got_triples and triple in exp_triples:
            ev.mod_tp[mod] += 1
        elif triple in got_triples:
            ev.mod_fp[mod] += 1
        else:
            ev.mod_fn[mod] += 1
    for e in case.expected:
        match = [r for r in reports if (r.place_id, r.kind.value) == (ids[e["place"]], e["kind"])]
        if match and e["actor"] != "unknown" and e["kind"] != "fighting":
            ev.actor_total += 1
            ev.actor_right += any(r.actor.value == e["actor"] for r in match)
        if match and "percent" in e:
            ev.percent_total += 1
            ev.percent_right += any(r.percent == e["percent"] for r in match)
    for r in reports:
        if r.kind in CAPTURE_KINDS and r.modality is Modality.ASSERTED:
            mods = {e["modality"] for e in case.expected
                    if (ids[e["place"]], e["kind"]) == (r.place_id, r.kind.value)}  # fmt: skip
            if mods and "asserted" not in mods:
                ev.unsafe.append(f"line {case.line}: {case.sentence}  -> {r.kind} {r.rule}")
    if exp_triples != got_triples:
        show = sorted(f"{names[p]}:{k}:{m}" for p, k, m in got_triples)
        want = sorted(f"{names[p]}:{k}:{m}" for p, k, m in exp_triples)
        ev.errors.append(f"line {case.line}: {case.sentence}\n    want {want}\n    got  {show}")


def format_table(ev: Evaluation) -> str:
    """The scores as a plain-text table."""
    lines = [f"{ev.cases} sentences", "", f"{'kind':<16}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for kind in Kind:
        n = ev.kind_tp[kind.value] + ev.kind_fn[kind.value]
        p, r, f = ev.kind_scores(kind.value)
        lines.append(f"{kind.value:<16}{p:7.2f}{r:7.2f}{f:7.2f}{n:6d}")
    p, r, f = ev.kind_micro
    lines.append(f"{'all kinds':<16}{p:7.2f}{r:7.2f}{f:7.2f}")
    lines += ["", f"{'modality':<16}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for mod in Modality:
        n = ev.mod_tp[mod.value] + ev.mod_fn[mod.value]
        p, r, f = ev.modality_scores(mod.value)
        lines.append(f"{mod.value:<16}{p:7.2f}{r:7.2f}{f:7.2f}{n:6d}")
    p, r, f = ev.micro
    lines.append(f"{'kind+modality':<16}{p:7.2f}{r:7.2f}{f:7.2f}")
    lines.append("")
    if ev.actor_total:
        lines.append(f"actor right: {ev.actor_right}/{ev.actor_total}")
    if ev.percent_total:
        lines.append(f"percent right: {ev.percent_right}/{ev.percent_total}")
    lines.append(f"reports on places the labels do not list: {ev.unlisted}")
    lines.append(f"hypothetical/negated turned asserted capture: {len(ev.unsafe)}")
    lines.extend(f"  {u}" for u in ev.unsafe)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="labelled JSONL file")
    parser.add_argument("--errors", action="store_true", help="list the sentences it gets wrong")
    parser.add_argument("--stand-in", action="store_true", help="locate places by name only")
    args = parser.parse_args(argv)
    try:
        cases = load_cases(args.data)
    except (OSError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    finder = None if args.stand_in else _real_finder()
    ev = evaluate(cases, finder=finder)
    print(f"places from: {'the gazetteer' if finder else 'stand-ins located by name'}")
    print(format_table(ev))
    if args.errors:
        print("\nerrors:")
        print("\n".join(ev.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
