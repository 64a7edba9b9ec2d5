"""Readers for each input format; each turns decoded text into :class:`Doc` records.

A reader never touches the file system: :mod:`geomap.articles` reads and decodes the bytes,
picks the reader (:func:`detect_format`) and builds :class:`~geomap.models.Article` values from
the docs. Readers of multi-article formats (JSON, JSON Lines, CSV) yield an
:class:`~geomap.errors.UnreadableArticle` for a bad record and go on with the next.

Formats: ``text`` (plain text, including the seed format), ``markdown`` (optional YAML front
matter), ``json``, ``jsonl``, ``csv`` (also ``tsv``) and ``html``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from geomap.errors import UnreadableArticle

__all__ = ["EXTENSIONS", "FORMATS", "Doc", "detect_format", "parse"]

#: File extensions (lower case) and the format each one means.
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}  # fmt: skip
FORMATS = ("auto", "text", "markdown", "json", "jsonl", "csv", "html")


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as a reader found it, before identity and dating."""

    text: str
    source: str
    title: str = ""
    url: str = ""
    metadata: dict = field(default_factory=dict)  # raw fields (dates among them)
    captions: tuple[tuple[int, int], ...] = ()  # spans the reader knows are captions
    fmt: str = "text"


def detect_format(name: str, text: str) -> str:
    """The format of a file from its extension, else from its first characters."""
    lower = name.lower()
    for ext, fmt in EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    head = text.lstrip()[:2000]
    low = head.lower()
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith("}") and "\n{" in head else "json"
    if head.startswith("["):
        return "json"
    if low.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in low or "<article" in low:
        return "html"
    if head.startswith("---\n") or head.startswith("---\r\n"):
        return "markdown"
    return "text"


def parse(
    text: str,
    fmt: str,
    source: str,
    *,
    fields: Mapping[str, str | Sequence[str]] | None = None,
) -> Iterator[Doc | UnreadableArticle]:
    """Yield the docs (or per-record errors) in ``text`` read as ``fmt``."""
    if fmt == "auto":
        fmt = detect_format(source, text)
    if fmt == "text":
        from geomap.readers.text import read_plain

        yield read_plain(text, source)
    elif fmt == "markdown":
        from geomap.readers.text import read_markdown

        yield read_markdown(text, source)
    elif fmt in {"json", "jsonl", "csv"}:
        from geomap.readers import records

        reader = {"json": records.read_json, "jsonl": records.read_jsonl, "csv": records.read_csv}
        yield from reader[fmt](text, source, fields=fields)
    elif fmt == "html":
        from geomap.readers.html import read_html

        yield read_html(text, source)
    else:
        yield UnreadableArticle(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", source)
