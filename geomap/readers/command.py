"""``geomap read``: show how articles are read and dated, without storing anything.

One line per article (source, short id, date with its precision and evidence, title) and one
``warning:`` line on standard error per unreadable file or undated article, saying how to fix
it. ``--json`` prints one JSON object per article instead (JSON Lines), for pipes.
Exit code 0 when at least one article was read, 1 when none was.
"""

from __future__ import annotations

import json
from typing import Any

import click

from geomap.errors import GeomapError, UnreadableArticle
from geomap.models import Article, DateGuess
from geomap.readers.options import OPTION_NAMES, read_kwargs, read_options

__all__ = ["COMMANDS", "article_record", "read"]


def _date_record(guess: DateGuess | None) -> dict[str, Any] | None:
    if guess is None:
        return None
    return {
        "best": guess.best.isoformat(),
        "earliest": guess.earliest.isoformat(),
        "latest": guess.latest.isoformat(),
        "precision": guess.precision.value,
        "method": guess.method,
        "evidence": guess.evidence,
    }


def article_record(article: Article) -> dict[str, Any]:
    """A JSON-ready summary of an article: provenance, date, captions and junk (no text)."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "published": _date_record(article.published),
        "chars": len(article.text),
        "captions": [article.text[s:e] for s, e in article.captions],
        "junk": [article.text[s:e] for s, e in article.junk],
        "format": article.metadata.get("format", ""),
        "warnings": [str(article.metadata["date_warning"])]
        if "date_warning" in article.metadata
        else [],
    }


def _line(article: Article) -> str:
    """One line for people: source, short id, date (precision, method), title; then evidence."""
    guess = article.published
    if guess is None:
        when = "undated"
    elif guess.earliest == guess.latest:
        when = f"{guess.best.isoformat()} ({guess.precision.value}, {guess.method})"
    else:
        when = (
            f"{guess.earliest.isoformat()} – {guess.latest.isoformat()} "
            f"({guess.precision.value}, {guess.method})"
        )
    line = "  ".join(p for p in (article.source, article.id[:12], when, article.title) if p)
    if guess is not None and guess.evidence:
        line += f"\n    evidence: {guess.evidence}"
    return line


@click.command("read")
@click.argument("paths", nargs=-1, required=True)
@read_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON Lines).")
def read(paths: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Read articles and show their dates and titles, without storing them.

    PATHS are files, directories, globs, or - for standard input.

    \b
    Examples:
      geomap read seeds/
      geomap read news.jsonl --text-field body --date-field published_at --json
      geomap read page.html --date 2023-03-28
    """
    from geomap.articles import read_paths
    from geomap.dating import undated_hint

    kwargs = read_kwargs({k: options.get(k) for k in OPTION_NAMES})
    try:
        items = read_paths(paths, **kwargs)
    except GeomapError as exc:  # a bad --date or --dates: the user's to fix
        raise click.ClickException(str(exc)) from exc
    count = 0
    for item in items:
        if isinstance(item, UnreadableArticle):
            click.echo(f"warning: {item}", err=True)
            continue
        count += 1
        if as_json:
            click.echo(json.dumps(article_record(item), ensure_ascii=False, sort_keys=True))
        else:
            click.echo(_line(item))
        if "date_warning" in item.metadata:
            click.echo(f"warning: {item.metadata['date_warning']}", err=True)
        if item.published is None:
            click.echo(f"warning: {undated_hint(item.source, item.text)}", err=True)
    if not count:
        raise click.ClickException("no article could be read")


COMMANDS: list[click.Command] = [read]
