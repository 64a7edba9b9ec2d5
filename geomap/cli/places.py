"""``geomap places``: look names up in the offline gazetteer, or list the places an article names.

\b
    geomap places Bakhmut Kiev                candidates with coordinates, precision, source
    geomap places --text article.txt          the mentions in an article (table)
    geomap places --text - --json < a.txt     the same as JSON, from standard input
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from gazetteer.types import Mention, Place

__all__ = ["COMMANDS", "places_command"]


def _place_dict(p: Place) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "lat": p.lat,
        "lon": p.lon,
        "precision": p.precision,
        "error_km": p.error_km,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "population": p.population,
        "source": p.source,
    }


def _mention_dict(m: Mention) -> dict[str, Any]:
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "place": _place_dict(m.place) if m.place else None,
        "confidence": m.confidence,
        "reason": m.reason,
        "matched_name": m.matched_name,
        "candidates": [c.id for c in m.candidates],
    }


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]  # fmt: skip
    return "\n".join(lines)


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        label = "standard input"
    else:
        label = path
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise click.ClickException(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if b"\0" in data[:8192]:
        raise click.ClickException(f"{label}: looks binary (NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{label}: not UTF-8 text (byte {exc.start}); convert it first"
        ) from exc


@click.command("places")
@click.argument("names", nargs=-1)
@click.option(
    "--text", "text_file", metavar="FILE", help="List the places named in FILE (- for stdin)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--extra",
    "extra",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A file of your own places (CSV/TSV with name, lat, lon; repeatable).",
)
def places_command(
    names: tuple[str, ...], text_file: str | None, as_json: bool, extra: tuple[str, ...]
) -> None:
    """Look NAMES up in the offline gazetteer, or list the places an article names.

    With NAMES: every candidate place of each name (most likely first), with coordinates,
    coordinate precision and source. With --text FILE: each mention in the text, the place
    chosen, the confidence and the reason.
    """
    import gazetteer

    if not names and not text_file:
        raise click.UsageError("give one or more NAMES, or --text FILE")
    if names and text_file:
        raise click.UsageError("give NAMES or --text FILE, not both")
    g = gazetteer.load(extra) if extra else gazetteer.default()
    if text_file:
        mentions = g.find(_read_text(text_file))
        if as_json:
            click.echo(
                json.dumps([_mention_dict(m) for m in mentions], ensure_ascii=False, indent=2)
            )
            return
        rows = []
        for m in mentions:
            p = m.place
            rows.append([
                f"{m.start}-{m.end}", m.text,
                p.name if p else "?", p.kind if p else "", p.admin1 if p else "",
                f"{p.lat:.4f},{p.lon:.4f}" if p else "", f"{m.confidence:.2f}", m.reason,
            ])  # fmt: skip
        header = ["span", "text", "place", "kind", "oblast", "lat,lon", "conf", "reason"]
        click.echo(_table(rows, header) if rows else "no places found")
        return
    results: dict[str, list[Place]] = {}
    missing = []
    for name in names:
        found = g.lookup(name)
        if not found:
            # A misspelling: the closest names, the most similar first.
            for _name, _similarity, ids in g.fuzzy_index().match(name, strong=True)[:3]:
                found.extend(p for pid in ids if (p := g.get(pid)) is not None)
        results[name] = found
        if not found:
            missing.append(name)
    if as_json:
        out = {name: [_place_dict(p) for p in found] for name, found in results.items()}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        rows = [
            [name, p.id, p.name, p.kind, p.admin1, p.admin2, f"{p.lat:.5f}", f"{p.lon:.5f}",
             p.precision, p.source, str(p.population or "")]
            for name, found in results.items() for p in found
        ]  # fmt: skip
        header = ["query", "id", "name", "kind", "oblast", "raion", "lat", "lon", "precision",
                  "source", "population"]  # fmt: skip
        if rows:
            click.echo(_table(rows, header))
    if missing:
        raise click.ClickException("no place named " + ", ".join(repr(n) for n in missing))


COMMANDS: list[click.Command] = [places_command]
