"""JSON, JSON Lines and CSV: one or many articles per file, fields named by the user.

Each record needs a text field; title, url and date are optional. By default the first present
field of :data:`DEFAULT_FIELDS` is used (``text``, ``body``, ``content``...); ``fields`` names
them instead, e.g. ``{"text": "maintext", "date": "date_publish"}``. A dotted name reads a
nested field (``"meta.published"``). Every other field is kept in ``Doc.metadata``.

A record that cannot be used (broken JSON on one line, a CSV row with too many cells, no text)
becomes an :class:`~geomap.errors.UnreadableArticle` named ``file:line`` and the rest are read.
A JSON file holding many articles (a list, or ``{"articles": [...]}``) names them ``file[i]``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

from geomap.errors import UnreadableArticle
from geomap.readers import Doc

__all__ = ["DEFAULT_FIELDS", "read_csv", "read_json", "read_jsonl", "read_jsonl_lines"]

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "article_text", "full_text",
             "articleBody", "description"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "source_url", "href", "uri"),
    "date": ("date", "published", "published_at", "publish_date", "date_publish",
             "datePublished", "pubDate", "publication_date", "created_at", "time"),
}  # fmt: skip
_CONTAINERS = ("articles", "items", "data", "results", "documents", "docs", "records")


def _names(fields: Mapping[str, str | Sequence[str]] | None, role: str) -> tuple[str, ...]:
    if fields and fields.get(role):
        given = fields[role]
        return (given,) if isinstance(given, str) else tuple(given)
    return DEFAULT_FIELDS[role]


def _get(record: Mapping, name: str) -> object:
    value: object = record
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _first(record: Mapping, names: Sequence[str]) -> tuple[str, object]:
    for name in names:
        value = _get(record, name)
        if value not in (None, ""):
            return name, value
    return "", None


def _doc(
    record: object,
    source: str,
    fields: Mapping[str, str | Sequence[str]] | None,
    fmt: str,
) -> Doc | UnreadableArticle:
    if not isinstance(record, Mapping):
        return UnreadableArticle(
            f"expected an object with a text field, found {type(record).__name__}", source
        )
    text_names = _names(fields, "text")
    _, text = _first(record, text_names)
    if text is None:
        return UnreadableArticle(
            f"no text field (looked for {', '.join(text_names)}); name it with --text-field",
            source,
        )
    if not isinstance(text, str):
        return UnreadableArticle(f"the text field holds {type(text).__name__}, not text", source)
    if not text.strip():
        return UnreadableArticle("the text field is empty", source)
    _, title = _first(record, _names(fields, "title"))
    _, url = _first(record, _names(fields, "url"))
    date_key, date = _first(record, _names(fields, "date"))
    metadata = {str(k): v for k, v in record.items() if isinstance(v, str | int | float | bool)}
    if date is not None:
        # Under a fixed key, so dating reads it first whatever the file called it.
        metadata["published"] = date
        metadata["date_field"] = date_key
    return Doc(
        text=text.replace("\r\n", "\n").strip(),
        source=source,
        title=str(title or "").strip(),
        url=str(url or "").strip(),
        metadata=metadata,
        fmt=fmt,
    )


def read_json(
    text: str, source: str, *, fields: Mapping[str, str | Sequence[str]] | None = None
) -> Iterator[Doc | UnreadableArticle]:
    """A JSON object (one article), a list of them, or an object with a list under "articles"."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield UnreadableArticle(
            f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source
        )
        return
    if isinstance(data, Mapping) and _first(data, _names(fields, "text"))[1] is None:
        inner = next((data[k] for k in _CONTAINERS if isinstance(data.get(k), list)), None)
        if inner is not None:
            data = inner
    if isinstance(data, list):
        if not data:
            yield UnreadableArticle("the JSON list holds no articles", source)
        for i, item in enumerate(data):
            yield _doc(item, f"{source}[{i}]" if len(data) > 1 else source, fields, "json")
        return
    yield _doc(data, source, fields, "json")


def read_jsonl(
    text: str, source: str, *, fields: Mapping[str, str | Sequence[str]] | None = None
) -> Iterator[Doc | UnreadableArticle]:
    """One JSON object per line; a broken line is an error named ``file:line``."""
    yield from read_jsonl_lines(enumerate(text.split("\n"), start=1), source, fields=fields)


def read_jsonl_lines(
    lines: Iterable[tuple[int, str] | UnreadableArticle],
    source: str,
    *,
    fields: Mapping[str, str | Sequence[str]] | None = None,
) -> Iterator[Doc | UnreadableArticle]:
    """JSON Lines from ``(line number, text)`` pairs, so a big file can be streamed; an
    UnreadableArticle in ``lines`` (a line that could not be decoded) is passed on."""
    seen = False
    for item in lines:
        if isinstance(item, UnreadableArticle):
            seen = True
            yield item
            continue
        lineno, line = item
        if not line.strip():
            continue
        seen = True
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield UnreadableArticle(f"broken JSON (column {exc.colno}): {exc.msg}", where)
            continue
        yield _doc(record, where, fields, "jsonl")
    if not seen:
        yield UnreadableArticle("the file holds no JSON lines", source)


def read_csv(
    text: str, source: str, *, fields: Mapping[str, str | Sequence[str]] | None = None
) -> Iterator[Doc | UnreadableArticle]:
    """A CSV (or TSV) file with a header row; each row is an article named ``file:line``."""
    first = text.split("\n", 1)[0]
    # Tabs for .tsv; otherwise whichever of , ; tab the header line uses most.
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = "\t" if source.lower().endswith(".tsv") else max(counts, key=counts.__getitem__)
    if counts[delimiter] == 0 and delimiter != "\t":
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield UnreadableArticle("the CSV file is empty", source)
        return
    except csv.Error as exc:
        yield UnreadableArticle(f"broken CSV header: {exc}", f"{source}:1")
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield UnreadableArticle(f"broken CSV row: {exc}", f"{source}:{start}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        where = f"{source}:{start}"
        if len(row) != len(header):
            yield UnreadableArticle(
                f"the row has {len(row)} cells but the header has {len(header)}", where
            )
            continue
        yield _doc(dict(zip(header, row, strict=True)), where, fields, "csv")
    if not rows:
        yield UnreadableArticle("the CSV file has a header but no rows", source)
