"""HTML pages: the article body without the navigation, and the page's date metadata.

The body is the page's ``[itemprop=articleBody]``, ``<article>`` or ``<main>`` (the one with the
most paragraph text), else the element holding the most ``<p>`` text. Inside it, scripts,
navigation, share bars, "related" boxes and the like are dropped, by tag and by class/id words
(:data:`JUNK_CLASS`). Each block (heading, paragraph, list item, quote) becomes one line, and
``<figcaption>`` lines are marked as captions.

Metadata: ``<meta property|name|itemprop=... content=...>`` (``article:published_time``,
``og:title``, ``og:url``, ``date``, ``pubdate``...), JSON-LD (``datePublished``, ``headline``,
``url``), ``<time datetime>`` inside the body and ``<link rel=canonical>``.
"""

from __future__ import annotations

import json
import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser, LexborNode

from geomap.errors import UnreadableArticle
from geomap.readers import Doc

__all__ = ["JUNK_CLASS", "read_html"]

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav",
     "footer", "aside", "select", "input", "textarea", "canvas", "video", "audio", "object",
     "head", "menu", "dialog"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "dd",
     "dt", "td", "th", "caption"}
)  # fmt: skip
#: class/id words that mark page furniture (matched as whole words of the attribute).
JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|newsletter|comments?|ads?|advert\w*|promo\w*|"
    r"breadcrumbs?|menu|subscribe|subscription|cookies?|consent|sidebar|footer|navbar|nav|"
    r"popup|modal|recommend\w*|trending|most-?read|paywall|tags|author-bio|byline-social|"
    r"read-?more|more-stories|outbrain|taboola)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ROLES_DROP = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_MIN_BODY_CHARS = 80


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = value.strip()
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text(deep=True))
        except json.JSONDecodeError:
            continue  # a broken JSON-LD block is the page's problem, not the article's
        for item in _ld_items(data):
            for key in ("datePublished", "dateCreated", "dateModified", "headline", "url",
                        "articleBody"):  # fmt: skip
                value = item.get(key)
                if isinstance(value, str) and value and key.lower() not in found:
                    found[key.lower()] = value.strip()
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and canonical.attributes.get("href"):
        found.setdefault("canonical", canonical.attributes["href"] or "")
    return found


def _ld_items(data: object) -> list[dict]:
    items = data if isinstance(data, list) else [data]
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                out.extend(g for g in graph if isinstance(g, dict))
    # Article-typed items first: a page's JSON-LD also describes the site and breadcrumbs.
    return sorted(out, key=lambda d: "Article" not in str(d.get("@type", "")))


def _is_junk(node: LexborNode) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    attrs = node.attributes
    if (attrs.get("role") or "").lower() in _ROLES_DROP or attrs.get("aria-hidden") == "true":
        return True
    if "hidden" in attrs:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(names.strip()) and bool(JUNK_CLASS.search(names))


def _paragraph_chars(node: LexborNode) -> int:
    return sum(len(p.text(deep=True).strip()) for p in node.css("p"))


def _container(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ('[itemprop="articleBody"]', "article", "main", '[role="main"]'):
        nodes = [n for n in tree.css(selector) if not _is_junk(n)]
        if nodes:
            best = max(nodes, key=_paragraph_chars)
            if _paragraph_chars(best) >= _MIN_BODY_CHARS:
                return best
    # No semantic markup: the element whose own <p> children hold the most text.
    scores: dict[int, tuple[int, LexborNode]] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        length = len(p.text(deep=True).strip())
        old = scores.get(parent.mem_id, (0, parent))
        scores[parent.mem_id] = (old[0] + length, parent)
    if scores:
        score, node = max(scores.values(), key=lambda t: t[0])
        if score >= _MIN_BODY_CHARS:
            return node
    return tree.body


def _clean(text: str) -> str:
    # NFC here, so the caption spans computed on these lines hold in the article's NFC text.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


def _blocks(node: LexborNode, out: list[tuple[str, str]]) -> None:
    """Append (tag, text) for each block under ``node``, in document order, skipping junk."""
    inline: list[str] = []

    def flush() -> None:
        text = _clean("".join(inline))
        if text:
            out.append(("div", text))
        inline.clear()

    for child in node.iter(include_text=True):
        if child.tag == "-text":
            inline.append(child.text(deep=False))
            continue
        if child.tag in {"br"}:
            inline.append(" ")
            continue
        if not child.is_element_node or _is_junk(child):
            continue
        if child.tag in _BLOCK_TAGS:
            flush()
            text = _clean(child.text(deep=True, separator=" "))
            if text:
                out.append((child.tag, text))
        elif child.tag in {"a", "span", "em", "strong", "b", "i", "u", "abbr", "time", "sup",
                           "sub", "small", "mark", "cite", "q", "s"}:  # fmt: skip
            inline.append(child.text(deep=True))
        else:
            flush()
            _blocks(child, out)
    flush()


def read_html(text: str, source: str) -> Doc | UnreadableArticle:
    """An HTML page: its article body as one line per paragraph, with its metadata."""
    tree = LexborHTMLParser(text)
    meta = _meta(tree)
    title_node = tree.css_first("title")
    container = _container(tree)
    blocks: list[tuple[str, str]] = []
    if container is not None:
        time_node = container.css_first("time[datetime]")
        if time_node is not None and time_node.attributes.get("datetime"):
            meta.setdefault("time", time_node.attributes["datetime"] or "")
        _blocks(container, blocks)
    prose = [t for tag, t in blocks if tag not in {"li", "td", "th"} and len(t) >= 40]
    body_ld = meta.pop("articlebody", "")
    if sum(len(t) for t in prose) < _MIN_BODY_CHARS and len(body_ld) >= _MIN_BODY_CHARS:
        # A page drawn by scripts can still carry its text in JSON-LD.
        blocks = [("p", line.strip()) for line in body_ld.splitlines() if line.strip()]
        prose = [t for _, t in blocks]
    if sum(len(t) for t in prose) < _MIN_BODY_CHARS:
        return UnreadableArticle(
            "no article text in the HTML page (only navigation, scripts or boilerplate)", source
        )
    lines: list[str] = []
    caption_lines: set[int] = set()
    for tag, line in blocks:
        if lines and lines[-1] == line:
            continue  # the same text twice in a row (a heading repeated in a wrapper)
        if tag in {"figcaption", "caption"}:
            caption_lines.add(len(lines))
        lines.append(line)
    body = "\n".join(lines)
    captions, pos = [], 0
    for i, line in enumerate(lines):
        if i in caption_lines:
            captions.append((pos, pos + len(line)))
        pos += len(line) + 1
    h1 = next((t for tag, t in blocks if tag == "h1"), "")
    page_title = _clean(title_node.text(deep=True)) if title_node is not None else ""
    title = meta.get("og:title") or meta.get("headline") or h1 or page_title
    url = meta.get("og:url") or meta.get("canonical") or meta.get("url") or ""
    return Doc(
        text=body,
        source=source,
        title=_clean(title),
        url=url,
        metadata=dict(sorted(meta.items())),
        captions=tuple(captions),
        fmt="html",
    )
