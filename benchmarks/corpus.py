"""A synthetic, seeded corpus of war-news articles for the pipeline benchmark.

Each article looks like the seed articles: a headline, sometimes a date line or a wire dateline,
then paragraphs of templated sentences about real Ukrainian places (from the embedded
gazetteer, with their Russian-based, historical and misspelled names now and then), actors,
claimants, report kinds, hypotheticals, negations and filler. The same ``seed`` and ``n`` give
byte-identical files.

Usage: ``python benchmarks/corpus.py OUT_DIR [-n 10000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["generate", "place_names", "write_corpus"]

_CLAIMANTS = (
    ("the Russian Defence Ministry", "RU"), ("Ukraine's General Staff", "UA"),
    ("the regional governor", "UA"), ("a Russian-installed official", "RU"),
    ("President Volodymyr Zelensky", "UA"), ("the Wagner group", "RU"),
    ("a Ukrainian military spokesman", "UA"), ("the Kremlin", "RU"),
)  # fmt: skip
_FORCES = {
    "RU": ("Russian forces", "Russian troops", "Moscow's forces", "Wagner fighters"),
    "UA": ("Ukrainian forces", "Ukrainian troops", "Kyiv's forces", "the Ukrainian army"),
}

_EVENTS = (
    "{forces} captured {place}, {claimant} said.",
    "{claimant} said {forces} had taken full control of {place}.",
    "{forces} shelled {place} overnight, killing two civilians.",
    "Missiles struck {place} early on {weekday}, {claimant} said.",
    "Fierce fighting continued in and around {place} on {weekday}.",
    "{forces} launched an assault on {place} from the north.",
    "{forces} advanced towards {place}, according to {claimant}.",
    "{forces} repelled an attack on {place}, {claimant} said.",
    "{place} has been encircled by {forces}, {claimant} claimed.",
    "{forces} liberated {place} after weeks of fighting.",
    "{forces} withdrew from {place} to avoid encirclement.",
    "{forces} controlled about {pct}% of {place}, {claimant} said.",
    "{place} remains under Ukrainian control for now.",
    "If {place} falls, {forces} could push on towards {place2}.",
    "{forces} failed to capture {place} despite heavy losses.",
    "{forces} have not yet captured {place}, {claimant} said.",
    "Street battles were reported in {place} and {place2}.",
    "Residents of {place} were evacuated to {place2} by bus.",
)
_FILLER = (
    "The claim could not be independently verified.",
    "Western officials announced a new package of sanctions on Moscow.",
    "The Kremlin did not respond to a request for comment.",
    "Humanitarian groups warned of shortages of water and power.",
    "Analysts said the battle had become a symbol for both sides.",
    "“We will not give up an inch of our land,” he said in his nightly address.",
    "Thousands of civilians have fled the region since the start of the war.",
    "Read more: the latest on the war in Ukraine.",
    "The United Nations said it was increasingly concerned about the humanitarian situation.",
    "Prices of grain and fuel rose again on world markets.",
    "Both sides have suffered heavy losses, according to Western intelligence estimates.",
    "The talks, held behind closed doors, ended without agreement.",
    "Officials said air defences had shot down most of the drones.",
    "Power was restored to most homes by the evening.",
)
_HEADLINES = (
    "Fighting rages around {place} as {forces} press on",
    "{forces} claim gains near {place}",
    "Zelensky vows to hold {place}",
    "Shelling hits {place}; evacuations continue",
    "What we know about the battle for {place}",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def place_names(limit: int = 400) -> list[str]:
    """Names to write: the biggest Ukrainian settlements, each with its variant spellings.

    From the embedded gazetteer: canonical names, and Russian-based, historical and misspelled
    forms.
    """
    from gazetteer.data import load_names, load_places

    places = [p for p in load_places() if p.kind == "settlement" and p.country == "UA"]
    places.sort(key=lambda p: (-p.population, p.id))
    chosen = {p.id: p.name for p in places[:limit]}
    variants = sorted(
        (pid, name)
        for name, pid, kind in load_names()
        if pid in chosen and kind in ("russian", "historical", "misspelling") and name.isascii()
    )
    names = [chosen[pid] for pid in sorted(chosen)]
    # Canonical names three times as often as variants, as in real reporting.
    return sorted(names * 3 + [name for _, name in variants])


def _article(rng: random.Random, names: list[str], number: int) -> str:
    day = dt.date(2022, 2, 24) + dt.timedelta(days=rng.randrange(0, 900))
    place = rng.choice(names)
    side = rng.choice(("RU", "UA"))
    forces = rng.choice(_FORCES[side])
    lines = [rng.choice(_HEADLINES).format(place=place, forces=forces)]
    style = rng.randrange(4)
    month = _MONTHS[day.month - 1]
    if style == 0:
        lines.insert(0, f" date {day.isoformat()}")
    elif style == 1:
        lines.append(f"KYIV, {month} {day.day}, {day.year} (Reuters) -")
    elif style == 2:
        lines.append(f"Published {day.day} {month} {day.year}")
    paragraphs = []
    for _ in range(rng.randrange(10, 22)):
        sentences = []
        for _ in range(rng.randrange(1, 5)):
            if rng.random() < 0.45:  # about half the sentences name no place
                sentences.append(rng.choice(_FILLER))
                continue
            claimant, claimant_side = rng.choice(_CLAIMANTS)
            side = rng.choice(("RU", "UA", claimant_side))
            sentence = rng.choice(_EVENTS).format(
                forces=rng.choice(_FORCES[side]),
                place=place if rng.random() < 0.5 else rng.choice(names),
                place2=rng.choice(names),
                claimant=claimant,
                weekday=rng.choice(_WEEKDAYS),
                pct=rng.choice((20, 40, 50, 60, 70, 80, 90)),
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraphs.append(" ".join(sentences))
    return "\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + f"\n\n(Article {number})\n"


def generate(n: int, *, seed: int = 0, names: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """``n`` articles as (file name, text), the same for the same ``seed``."""
    rng = random.Random(seed)
    pool = names if names is not None else place_names()
    for i in range(n):
        yield f"{i:06d}.txt", _article(rng, pool, i)


def write_corpus(directory: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` articles as text files into ``directory`` (created); returns it."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(n, seed=seed):
        (out / name).write_text(text, encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_corpus(args.out_dir, args.n, seed=args.seed)
    print(f"wrote {args.n} articles to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
