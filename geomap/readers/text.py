"""Plain text (with the seed format's date line) and Markdown with YAML front matter."""

from __future__ import annotations

import re

import yaml

from geomap.errors import UnreadableArticle
from geomap.readers import Doc
from geomap.readers.clean import headline

__all__ = ["read_markdown", "read_plain"]

# The seed format: " date 2022-06-01 Ukraine President ..." on the first line.
_SEED_DATE = re.compile(r"\A[ \t\ufeff]*date[ \t]*:?[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+", re.I)


def read_plain(text: str, source: str) -> Doc:
    """A plain-text article. The seed's leading `` date YYYY-MM-DD `` becomes metadata."""
    metadata: dict = {}
    m = _SEED_DATE.match(text)
    if m:
        metadata["date_line"] = m.group(1)
        text = text[m.end() :]
    text = text.strip()
    url = ""
    for line in text.split("\n", 6)[:6]:
        # A header line naming where the text came from: "Source: https://…", "URL: …".
        if m := _URL_LINE.match(line.strip()):
            url = m.group(1)
            break
    return Doc(text=text, source=source, title=headline(text), url=url, metadata=metadata,
               fmt="text")  # fmt: skip


_URL_LINE = re.compile(r"(?:source|url|link|original)\s*:\s*(https?://\S+)", re.IGNORECASE)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1|(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])")
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M)


def _plain_markdown(body: str) -> str:
    """Markdown markup removed, words kept (images become their alt text as a caption line)."""
    body = _COMMENT.sub("", body)
    body = _IMAGE.sub(lambda m: f"Photo: {m.group(1)}" if m.group(1).strip() else "", body)
    body = _LINK.sub(r"\1", body)
    body = _REF_LINK.sub(r"\1", body)
    body = _LINK_DEF.sub("", body)
    body = _HEADING.sub(r"\1", body)
    body = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", body)
    body = _QUOTE.sub("", body)
    body = _RULE.sub("", body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def read_markdown(text: str, source: str) -> Doc | UnreadableArticle:
    """A Markdown article; YAML front matter gives title, date, url and other metadata."""
    metadata: dict = {}
    body = text.lstrip("\ufeff")
    m = _FRONT.match(body)
    if m:
        try:
            front = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            return UnreadableArticle(f"broken YAML front matter{where}: {exc}", source)
        if front is not None and not isinstance(front, dict):
            return UnreadableArticle("the front matter is not a mapping of fields", source)
        metadata = {str(k): v for k, v in (front or {}).items()}
        body = body[m.end() :]
    first_heading = _HEADING.search(body.lstrip()[:400])
    plain = _plain_markdown(body)
    title = str(metadata.get("title") or metadata.get("headline") or "").strip()
    if not title and first_heading and body.lstrip().startswith("#"):
        title = first_heading.group(1).strip()
    if not title:
        title = headline(plain)
    url = next(
        (str(metadata[k]) for k in ("url", "link", "source", "canonical")
         if str(metadata.get(k) or "").startswith(("http://", "https://"))),
        "",
    )  # fmt: skip
    return Doc(text=plain, source=source, title=title, url=url, metadata=metadata,
               fmt="markdown")  # fmt: skip
