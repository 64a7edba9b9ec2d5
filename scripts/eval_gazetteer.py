"""Precision and recall of ``gazetteer.find`` on the labelled sentences, overall and per case.

    python scripts/eval_gazetteer.py                 # tests/data/gazfind/labelled.jsonl
    python scripts/eval_gazetteer.py --errors        # also list every miss and false place
    python scripts/eval_gazetteer.py --json          # figures as JSON

Scored are places in Ukraine and the Russian border oblasts, rivers, seas, regions and sites;
countries and places abroad (Moscow, Istanbul) are neither required nor counted as false.
A found mention is right when its span overlaps the labelled text and its place has the
labelled name, oblast (admin1), raion (admin2, when labelled) and kind; a label with
``"offset": true`` wants a point placed from a relative description.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "data" / "gazfind" / "labelled.jsonl"
BORDER_OBLASTS = frozenset(
    {"Belgorod Oblast", "Bryansk Oblast", "Kursk Oblast", "Rostov Oblast", "Voronezh Oblast"}
)


@dataclass
class Score:
    """Counts of one case (or of all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def in_scope(place) -> bool:
    """Places the labelled set is about: Ukraine, the border oblasts, features; not countries."""
    if place.kind == "country":
        return False
    return place.country in ("UA", "") or place.admin1 in BORDER_OBLASTS


def _matches(place, label: dict) -> bool:
    if label.get("offset"):
        return place.precision == "offset"
    if place.name != label["name"] or place.kind != label["kind"]:
        return False
    if label.get("admin1") and place.admin1 != label["admin1"]:
        return False
    return not label.get("admin2") or place.admin2 == label["admin2"]


def _spans(text: str, labels: list[dict]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for label in labels:
        at = text.find(label["text"], pos)
        if at < 0:
            at = text.find(label["text"])
        if at < 0:
            raise ValueError(f"label {label['text']!r} not in sentence {text!r}")
        spans.append((at, at + len(label["text"])))
        pos = at + len(label["text"])
    return spans


def evaluate(rows: list[dict], gaz) -> dict[str, Score]:
    """Score every row; returns case -> Score, with the total under "ALL"."""
    scores: dict[str, Score] = defaultdict(Score)
    for row in rows:
        text, labels = row["text"], row["places"]
        spans = _spans(text, labels)
        found = [m for m in gaz.find(text) if m.place is not None]
        used: set[int] = set()
        case = scores[row["case"]]
        for label, (a, b) in zip(labels, spans, strict=True):
            hit = None
            for i, m in enumerate(found):
                if i not in used and m.start < b and a < m.end and _matches(m.place, label):
                    hit = i
                    break
            if hit is not None:
                used.add(hit)
                if not label.get("optional"):
                    case.tp += 1
                continue
            # An optional label only forgives a wrong or missing guess; it is never required.
            for i, m in enumerate(found):
                if m.start < b and a < m.end and label.get("optional"):
                    used.add(i)
            if not label.get("optional"):
                case.fn += 1
                got = [
                    f"{m.place.name} ({m.place.kind}, {m.place.admin1}, {m.place.admin2})"
                    for m in found
                    if m.start < b and a < m.end
                ]
                want = f"{label.get('name', 'offset')} ({label.get('admin1', '')})"
                case.errors.append(
                    f"MISS {row['id']}: {label['text']!r} -> want {want}; got {got or 'nothing'}"
                )
        for i, m in enumerate(found):
            if i in used or not in_scope(m.place):
                continue
            case.fp += 1
            case.errors.append(
                f"FALSE {row['id']}: {m.text!r} -> {m.place.name} ({m.place.kind}, "
                f"{m.place.admin1}) | {m.reason}"
            )
    total = Score()
    for s in scores.values():
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        total.errors.extend(s.errors)
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


def load_rows(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    raise SystemExit(f"Error: {path}:{number}: not JSON ({exc})") from exc
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list misses and false places")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    import gazetteer

    rows = load_rows(args.file)
    scores = evaluate(rows, gazetteer.default())
    if args.json:
        out = {
            case: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                   "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for case, s in scores.items()
        }  # fmt: skip
        print(json.dumps({"sentences": len(rows), "scores": out}, indent=2))
        return 0
    shown = args.file.relative_to(REPO) if args.file.is_relative_to(REPO) else args.file
    print(f"{len(rows)} sentences from {shown}")
    print(f"{'case':20} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}")
    for case, s in scores.items():
        if case == "ALL":
            print("-" * 53)
        print(f"{case:20} {s.precision:9.3f} {s.recall:7.3f} {s.tp:5d} {s.fp:4d} {s.fn:4d}")
    if args.errors:
        for line in scores["ALL"].errors:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
