"""Read articles from files, directories, globs and standard input, with their provenance.

>>> from geomap.articles import read_text
>>> article = read_text(" date 2022-06-01 Russian forces shelled Lysychansk on Tuesday.")
>>> article.text
'Russian forces shelled Lysychansk on Tuesday.'
>>> article.published.describe()
"2022-06-01 (day; date-line: 'first line: date 2022-06-01')"

Formats (by extension, else sniffed): plain text (``.txt``; the seed format's leading
`` date YYYY-MM-DD `` is read as the date and removed from the text), Markdown with YAML front
matter (``.md``), JSON (``.json``: an object, a list, or ``{"articles": [...]}``), JSON Lines
(``.jsonl``), CSV/TSV with a header row (``.csv``), HTML pages (``.html``).

Identity: :attr:`Article.id` is the sha256 of the text normalised to NFC with runs of
whitespace collapsed, so the same article read twice (or re-wrapped) is one article;
:func:`read_paths` yields each id once (``dedupe=False`` yields every copy).

Bad input never raises from :func:`read_paths`: each unusable file or record is yielded as an
:class:`~geomap.errors.UnreadableArticle` whose message names the file (``file:line`` for a
record) and the problem, and reading goes on. Only a bad ``date`` or ``sidecar`` argument, the
user's own options, raises (:class:`~geomap.errors.BadDate`, :class:`~geomap.errors.InputError`)
before anything is read.

Text decoding: UTF-8 (with or without BOM) and UTF-16 with a BOM. Other bytes are read as
cp1251 only when every non-ASCII character then is Cyrillic, or as cp1252 when every one is a
Latin letter or typographic punctuation; the encoding used is kept in ``metadata["encoding"]``.
An HTML page's declared ``charset`` is tried before those guesses. Anything else is reported
as not UTF-8, naming the first bad byte. ``encoding=`` forces one.

Size: a file over ``max_bytes`` (20 MB) is refused unread; JSON and CSV files may be 50 times
larger, each record within the limit. JSON Lines files are streamed line by line, so they may
be of any size, each line within the limit.

Directories are read recursively in sorted order, taking files with a known extension and
skipping hidden files, README/LICENSE/CHANGELOG files and date sidecars (``dates.csv``,
``dates.json``), which are instead used to date the articles of their folder.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO

from geomap.dating import date_article
from geomap.dating_input import SIDECAR_NAMES, load_sidecar, parse_date, sidecar_date
from geomap.errors import BadDate, GeomapError, InputError, UnreadableArticle
from geomap.models import Article, DateGuess
from geomap.readers import EXTENSIONS, FORMATS, Doc, detect_format, parse
from geomap.readers.clean import find_captions_and_junk
from geomap.readers.records import read_jsonl_lines

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "article_id",
    "decode",
    "normalise_text",
    "read_paths",
    "read_text",
]

#: Largest article read by default (per file for single-article formats, per record otherwise).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: A JSON Lines or CSV file may hold many articles: it may be this many times larger.
_MULTI_FACTOR = 50
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_SKIP_NAMES = re.compile(r"^(?:readme|license|licence|changelog|contributing|notice)\b", re.I)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx/.odt document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"SQLite format 3": "an SQLite database",
    b"\x7fELF": "a program",
}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than white space
_CYRILLIC = re.compile(r"[а-яА-ЯёЁіІїЇєЄґҐ«»–—…№„“”’‘\u00a0]")
_CP1252_OK = re.compile(r"[\u00c0-\u024f\u2018-\u201e\u2013\u2014\u2026\u00a0-\u00bf\u20ac]")


def normalise_text(text: str) -> str:
    """NFC with every run of whitespace made one space: the text an article's id hashes."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    """The identity of an article: sha256 (hex) of :func:`normalise_text`."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def decode(data: bytes, source: str, *, encoding: str | None = None) -> tuple[str, str]:
    """Bytes to text and the encoding used, or raise UnreadableArticle naming the problem."""
    if not data.strip():
        raise UnreadableArticle("the file is empty", source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableArticle(f"this is {what}, not text; convert it to text first", source)
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadableArticle(f"cannot decode as {encoding}: {exc}", source) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableArticle(f"broken UTF-16 text: {exc.reason}", source) from exc
    if b"\x00" in data[:8192]:
        head = data[:8192]
        if head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3:
            order = "le" if head[1::2].count(0) > head[0::2].count(0) else "be"
            raise UnreadableArticle(
                f"looks like UTF-16 text without a byte-order mark; read it with "
                f"--encoding utf-16-{order}",
                source,
            )
        raise UnreadableArticle("binary file (it holds NUL bytes), not text", source)
    try:
        text, used = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        text, used = _legacy(data, exc, source)
    controls = len(_CONTROL.findall(text, 0, 8192))
    if controls > max(8, len(text[:8192]) // 20):
        raise UnreadableArticle("binary file (mostly control characters), not text", source)
    return text, used


def _legacy(data: bytes, exc: UnicodeDecodeError, source: str) -> tuple[str, str]:
    """The charset an HTML page declares, else cp1251 or cp1252 when the result is clearly
    text in that script; else a clear error."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        if codec not in {"utf-8", "utf8"}:
            try:
                return data.decode(codec), codec
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall back to the checks below
    for codec, ok in (("cp1251", _CYRILLIC), ("cp1252", _CP1252_OK)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        foreign = [c for c in text if ord(c) > 127]
        if not foreign or not all(ok.fullmatch(c) for c in foreign):
            continue
        # Real Cyrillic words, not stray bytes: runs of three or more letters, never glued to
        # Latin letters ("Cafй" is cp1252's "Café" read wrongly).
        if codec == "cp1251":
            runs = re.findall(r"[а-яА-ЯёЁіІїЇєЄґҐ]+", text)
            mixed = re.search(r"[A-Za-z][а-яА-ЯёЁіІїЇєЄґҐ]|[а-яА-ЯёЁіІїЇєЄґҐ][A-Za-z]", text)
            if mixed or not runs or sum(map(len, runs)) < 3 * len(runs):
                continue
        return text, codec
    bad = data[exc.start]
    raise UnreadableArticle(
        f"not UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); convert it to UTF-8 "
        "(e.g. iconv -f WINDOWS-1251 -t UTF-8) or give its encoding with --encoding",
        source,
    ) from exc


def _json_safe(value: object) -> object:
    """Metadata as JSON can hold it (front matter gives dates; stores write JSON)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return str(value)


def _article(
    doc: Doc,
    *,
    override: DateGuess | None,
    today: dt.date,
    max_bytes: int,
    encoding: str = "",
) -> Article | UnreadableArticle:
    text = unicodedata.normalize("NFC", doc.text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if not text:
        return UnreadableArticle("no article text", doc.source)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return UnreadableArticle(
            f"the article is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-size)",
            doc.source,
        )
    metadata = {str(k): _json_safe(v) for k, v in sorted(doc.metadata.items())}
    if encoding and encoding != "utf-8":
        metadata["encoding"] = encoding
    metadata["format"] = doc.fmt
    if override is None:
        # A date field that cannot be true is reported with the article, not silently used.
        for key in ("published", "date_line"):
            if metadata.get(key) not in (None, ""):
                try:
                    parse_date(metadata[key], method="metadata", today=today, source=doc.source)
                except BadDate as exc:
                    metadata["date_warning"] = str(exc)
                break
    published = date_article(text, metadata=metadata, override=override, today=today)
    if published is None:
        metadata["undated"] = True
    title = doc.title
    found_captions, junk = find_captions_and_junk(text)
    captions = tuple(sorted(set(doc.captions) | set(found_captions)))
    return Article(
        id=article_id(text),
        text=text,
        title=title,
        source=doc.source,
        url=doc.url,
        published=published,
        metadata=metadata,
        captions=captions,
        junk=junk,
    )


def read_text(
    text: str,
    source: str = "-",
    fmt: str = "auto",
    *,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    date: str | dt.date | DateGuess | None = None,
    today: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read one article from a string; raise UnreadableArticle if it is not one usable article.

    ``fmt`` is "auto" (sniffed from ``source``'s extension, then the text) or one of
    :data:`FORMATS`. ``date`` overrides the publication date.
    """
    today = today or dt.date.today()
    override = parse_date(date, today=today, source=source) if date is not None else None
    results = list(_docs_to_articles(parse(text, fmt, source, fields=fields), override=override,
                                     today=today, max_bytes=max_bytes))  # fmt: skip
    if not results:
        raise UnreadableArticle("no article found", source)
    if len(results) > 1:
        raise UnreadableArticle(
            f"holds {len(results)} articles; read it with read_paths to get them all", source
        )
    if isinstance(results[0], UnreadableArticle):
        raise results[0]
    return results[0]


def _docs_to_articles(
    docs: Iterable[Doc | UnreadableArticle],
    *,
    override: DateGuess | None,
    today: dt.date,
    max_bytes: int,
    encoding: str = "",
    sidecars: Sequence[tuple[Mapping[str, DateGuess], str | None]] = (),
    path: str = "",
) -> Iterator[Article | UnreadableArticle]:
    for doc in docs:
        if isinstance(doc, UnreadableArticle):
            yield doc
            continue
        date = override
        if date is None and path:
            for mapping, folder in sidecars:
                date = sidecar_date(mapping, doc.source, folder) or sidecar_date(
                    mapping, path, folder
                )
                if date is not None:
                    break
        yield _article(doc, override=date, today=today, max_bytes=max_bytes, encoding=encoding)


def _expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str | None]]:
    """(path, error) pairs: every file to read, in order, and a message for each bad path."""
    for raw in paths:
        path = os.fspath(raw)
        if path == "-":
            yield path, None
            continue
        if _URL.match(path):
            yield (
                path,
                "reading URLs is not supported (no network); save the page and pass the file",
            )
            continue
        try:  # one stat for "is it a directory" and "does it exist"
            mode: int | None = os.stat(path).st_mode
        except (OSError, ValueError):
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            found = False
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for name in sorted(files):
                    if name.startswith(".") or _SKIP_NAMES.match(name) or name in SIDECAR_NAMES:
                        continue
                    if os.path.splitext(name)[1].lower() in EXTENSIONS:
                        found = True
                        yield os.path.join(folder, name), None
            if not found:
                yield (
                    path,
                    "the directory holds no article files (.txt .md .json .jsonl .csv .html)",
                )
        elif mode is not None:
            yield path, None
        elif any(c in path for c in "*?["):
            matches = sorted(glob.glob(path, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            if not files:
                yield path, "no files match this pattern"
            for match in files:
                yield match, None
        else:
            yield path, "no such file or directory"


def _sidecars_for(path: str, cache: dict[str, tuple]) -> tuple:
    """The sidecar found in the folder of ``path`` (cached), as ((mapping, folder),) or ()."""
    folder = os.path.dirname(path) or "."
    if folder not in cache:
        cache[folder] = ()
        for name in SIDECAR_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                cache[folder] = (candidate,)
                break
    return cache[folder]


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    date: str | dt.date | DateGuess | None = None,
    sidecar: str | os.PathLike[str] | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    fmt: str = "auto",
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    stdin: BinaryIO | None = None,
    dedupe: bool = True,
) -> Iterator[Article | UnreadableArticle]:
    """Read every article in ``paths`` (files, directories, globs, "-" for standard input).

    Yields an :class:`~geomap.models.Article` for each article and an
    :class:`~geomap.errors.UnreadableArticle` for each file or record that cannot be read.
    ``date`` overrides every publication date; ``sidecar`` is a CSV/JSON file mapping files to
    dates (see :mod:`geomap.dating_input`); ``fields`` names the JSON/CSV fields
    (``{"text": "body", "date": "published_at"}``); ``fmt`` forces a format; ``stdin`` is the
    stream "-" reads (default ``sys.stdin.buffer``). With ``dedupe`` an article whose id was
    already yielded is skipped.

    A bad ``date`` or ``sidecar`` raises at once (before any file is read).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path, not an iterable of its characters
    today = today or dt.date.today()
    override = parse_date(date, today=today, source="--date") if date is not None else None
    user_sidecar = None
    if sidecar is not None:
        user_sidecar = (load_sidecar(sidecar, today=today), os.path.dirname(os.fspath(sidecar)))
    return _read(
        list(paths),
        override=override,
        user_sidecar=user_sidecar,
        fields=fields,
        fmt=fmt,
        encoding=encoding,
        max_bytes=max_bytes,
        today=today,
        stdin=stdin,
        dedupe=dedupe,
    )


def _read(
    paths: list[str | os.PathLike[str]],
    *,
    override: DateGuess | None,
    user_sidecar: tuple[Mapping[str, DateGuess], str] | None,
    fields: Mapping[str, str | Sequence[str]] | None,
    fmt: str,
    encoding: str | None,
    max_bytes: int,
    today: dt.date,
    stdin: BinaryIO | None,
    dedupe: bool,
) -> Iterator[Article | UnreadableArticle]:
    seen: set[str] = set()
    found_sidecars: dict[str, tuple] = {}
    loaded: dict[str, tuple[Mapping[str, DateGuess], str] | None] = {}
    for path, error in _expand(paths):
        if error is not None:
            yield UnreadableArticle(error, path)
            continue
        sidecars: list[tuple[Mapping[str, DateGuess], str | None]] = []
        if user_sidecar is not None:
            sidecars.append(user_sidecar)
        if path != "-":
            for candidate in _sidecars_for(path, found_sidecars):
                if candidate not in loaded:
                    try:
                        loaded[candidate] = (load_sidecar(candidate, today=today),
                                             os.path.dirname(candidate))  # fmt: skip
                    except InputError as exc:
                        loaded[candidate] = None
                        yield UnreadableArticle(f"date sidecar ignored: {exc}", candidate)
                if loaded[candidate] is not None:
                    sidecars.append(loaded[candidate])  # type: ignore[arg-type]
        try:
            for item in _read_one(path, fmt=fmt, fields=fields, encoding=encoding,
                                  max_bytes=max_bytes, stdin=stdin, override=override,
                                  today=today, sidecars=sidecars):  # fmt: skip
                if isinstance(item, Article) and dedupe:
                    if item.id in seen:
                        continue
                    seen.add(item.id)
                yield item
        except GeomapError:
            raise
        except Exception as exc:  # a bug on one file must not end the batch: report it
            yield UnreadableArticle(
                f"internal error while reading: {type(exc).__name__}: {exc}", path
            )


def _jsonl_lines(
    path: str, encoding: str | None, max_bytes: int
) -> Iterator[tuple[int, str] | UnreadableArticle]:
    """(line number, text) of each line of a JSON Lines file, read as a stream."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8192)
            if not head.strip():
                yield UnreadableArticle("the file is empty", path)
                return
            try:  # the same checks as for any file, on its first bytes
                decode(head[: head.rfind(b"\n") + 1] or head, path, encoding=encoding)
            except UnreadableArticle as exc:
                if "not UTF-8" not in str(exc):  # a bad byte is reported on its own line
                    yield exc
                    return
            stream.seek(0)
            for lineno, raw in enumerate(stream, start=1):
                where = f"{path}:{lineno}"
                if len(raw) > max_bytes:
                    yield UnreadableArticle(
                        f"the line is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                        "limit (raise it with --max-size)",
                        where,
                    )
                    continue
                codec = encoding or ("utf-8-sig" if lineno == 1 else "utf-8")
                try:
                    yield lineno, raw.decode(codec)
                except (UnicodeDecodeError, LookupError) as exc:
                    yield UnreadableArticle(
                        f"cannot decode the line as {codec} ({exc}); give the file's encoding "
                        "with --encoding",
                        where,
                    )
    except OSError as exc:
        yield UnreadableArticle(f"cannot read: {exc.strerror or exc}", path)


def _read_one(
    path: str,
    *,
    fmt: str,
    fields: Mapping[str, str | Sequence[str]] | None,
    encoding: str | None,
    max_bytes: int,
    stdin: BinaryIO | None,
    override: DateGuess | None,
    today: dt.date,
    sidecars: Sequence[tuple[Mapping[str, DateGuess], str | None]],
) -> Iterator[Article | UnreadableArticle]:
    name = "-" if path == "-" else path
    ext_fmt = EXTENSIONS.get(os.path.splitext(path)[1].lower(), "")
    if path != "-" and (fmt == "jsonl" or (fmt == "auto" and ext_fmt == "jsonl")):
        # JSON Lines are streamed: a file of any size, each line within the article limit.
        docs = read_jsonl_lines(_jsonl_lines(path, encoding, max_bytes), name, fields=fields)
        yield from _docs_to_articles(docs, override=override, today=today, max_bytes=max_bytes,
                                     encoding=encoding or "utf-8", sidecars=sidecars,
                                     path=name)  # fmt: skip
        return
    limit = max_bytes * (_MULTI_FACTOR if ext_fmt in {"jsonl", "csv", "json"} else 1)
    try:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(limit + 1)
        else:
            with open(path, "rb") as stream:  # one open and fstat, not a stat and an open
                size = os.fstat(stream.fileno()).st_size
                if size > limit:
                    yield UnreadableArticle(
                        f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                        "(raise it with --max-size)",
                        name,
                    )
                    return
                data = stream.read()
    except OSError as exc:
        yield UnreadableArticle(f"cannot read: {exc.strerror or exc}", name)
        return
    if len(data) > limit:
        yield UnreadableArticle(
            f"the input is over the {limit / 1e6:.0f} MB limit (raise it with --max-size)", name
        )
        return
    try:
        text, used = decode(data, name, encoding=encoding)
    except UnreadableArticle as exc:
        yield exc
        return
    use_fmt = fmt if fmt != "auto" else detect_format(name if name != "-" else "", text)
    docs = parse(text, use_fmt, name, fields=fields)
    yield from _docs_to_articles(docs, override=override, today=today, max_bytes=max_bytes,
                                 encoding=used, sidecars=sidecars, path=name)  # fmt: skip
