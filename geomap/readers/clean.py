"""What in an article's text is not the article: photo captions, "Read more" junk, the headline.

Captions and junk stay in :attr:`Article.text` (so every span indexes the text as read); they are
marked as ``(start, end)`` spans that claim extraction skips. Both work paragraph by paragraph
(a paragraph is a line here: news text puts one paragraph per line).

A *caption* is a paragraph that ends with a photo credit: "... on May 30, 2022. ARIS
MESSINIS/AFP via Getty Images", "EPA/UKRAINIAN PRESIDENTIAL PRESS SERVICE HANDOUT", "(AP
Photo/Efrem Lukatsky)", or one that starts "Photo:". "... he told AFP." is not a credit.

*Junk* is a whole paragraph of site furniture: "Read the full article Here", "Rate this post",
"Leave a Comment", "Your email address will not be published.", "With Post wires", "CNN's ...
contributed reporting." The patterns are in :data:`JUNK_PATTERNS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geomap.dating_scan import may_contain

__all__ = [
    "CREDIT_RE",
    "JUNK_PATTERNS",
    "find_captions",
    "find_captions_and_junk",
    "find_junk",
    "headline",
    "paragraphs",
]

#: Words that name a photo agency or a credit line.
CREDIT_RE = re.compile(
    r"(?:via\s+Gett\w*|Getty(?:\s+Images)?|\bAFP\b|\bEPA\b|\bEFE\b|\bAP\s+Photo\b|\bREUTERS\b|"
    r"\bReuters/|\bAnadolu\b|Shutterstock|Ukrinform|SOPA\s+Images|LightRocket|NurPhoto|"
    r"\bHANDOUT\b|\bHandout\b|Press\s+Service\b|PRESS\s+SERVICE|\bSputnik\b|\bTASS\b|"
    r"\bAlamy\b|\bPool\b|Future\s+Publishing|Photo(?:graph)?\s*(?:by|:)|Credit:)"
)
# A word every match of CREDIT_RE holds (its alternatives without the \b and optional parts).
# Each alternative starts with a plain letter, so the regex engine skips most of a text quickly,
# while CREDIT_RE itself is tried at every position (its \b defeats that): ~40x faster.
_CREDIT_HINT = re.compile(
    r"Gett|AFP|EPA|EFE|AP\s+Photo|REUTERS|Reuters/|Anadolu|Shutterstock|Ukrinform|"
    r"SOPA\s+Images|LightRocket|NurPhoto|HANDOUT|Handout|Press\s+Service|PRESS\s+SERVICE|"
    r"Sputnik|TASS|Alamy|Pool|Future\s+Publishing|Photo|Credit:"
)
_NOT_CREDIT = re.compile(r"\b(?:told|said|says|according|reported|cited|quoted|asked)\b", re.I)
_CAPTION_START = re.compile(r"^\s*(?:Photo|Image|Picture|Caption|Photograph)\s*:", re.I)

#: Paragraphs that are site furniture, matched against the whole (stripped) paragraph.
JUNK_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"read (?:the )?(?:full|more|original|whole)(?: article| story| report)?"
        r"(?: here| at .{1,60}| on .{1,60})?[.!:…]*",
        r"read more\b.{0,120}",
        r"(?:continue reading|keep reading)\b.{0,80}",
        r"rate this (?:post|article)[.!]*",
        r"leave a (?:comment|reply)[.!]*",
        r"(?:cancel reply|post comment|\d+ comments?|comments?)[.!]*",
        r"your email address will not be published\.?.{0,80}",
        r"required fields are marked.{0,20}",
        r"view this interactive content on \S+",
        r"with (?:post|ap|afp|reuters|wire|news)(?: wires?| agencies)?[.!]*",
        r"(?:share|share this(?: article| story)?|share on \w+|tweet|email|print)[.!:]*",
        r"advertisement|advertising|sponsored(?: content)?",
        r"(?:sign up|subscribe)\b.{0,120}",
        r"follow us on .{0,80}",
        r"click here\b.{0,120}",
        r"(?:related|recommended|more on this)(?: articles?| stories| coverage| topics)?:.{0,120}",
        r"skip to (?:main )?content",
        r"listen to (?:this )?(?:article|story).{0,40}",
        r".{0,160}\bcontributed (?:to )?(?:this )?(?:report|reporting|story)\.?",
        r"\((?:reporting|writing|editing|additional reporting) by .{0,240}\)\.?",
        r"(?:reporting|writing) by [A-Z][^.;]{0,80}; editing by .{0,120}",
        r"(?:©|copyright)\s.{0,120}|all rights reserved\.?",
        r"(?:this|the) (?:article|story) (?:has been|was) (?:updated|corrected)\b.{0,160}",
    )
)


# All of them in one pattern: one match per paragraph instead of one per pattern.
_ANY_JUNK = re.compile("|".join(f"(?:{p.pattern})" for p in JUNK_PATTERNS), re.IGNORECASE)
# The same without the "... contributed reporting" pattern, which is slow to fail (it backtracks
# through its leading ".{0,160}"): it is only tried when the text has the word at all.
_ANY_JUNK_FAST = re.compile(
    "|".join(f"(?:{p.pattern})" for p in JUNK_PATTERNS if "contributed" not in p.pattern),
    re.IGNORECASE,
)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line of ``text``, trailing spaces excluded."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line) + 1


def _is_caption(para: str) -> bool:
    if _CAPTION_START.match(para):
        return True
    if len(para) > 600 or para.startswith(("“", '"', "‘", "”")):
        return False
    # The credit is what follows the last full stop (or the whole paragraph for a bare credit).
    cut = max(para.rfind(". "), para.rfind(".\u00a0"))
    tail = para[cut + 2 :] if cut >= 0 else para
    tail = tail.strip()
    if not tail or len(tail) > 100 or not _CREDIT_HINT.search(tail):
        return False
    if _NOT_CREDIT.search(tail) or not CREDIT_RE.search(tail):
        return False
    # A credit is names and agencies: no full sentence with lower-case verbs after the stop.
    lower_words = re.findall(r"\b[a-z]{4,}\b", tail)
    return len(lower_words) <= 3 or tail.startswith("(")


def find_captions(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the paragraphs of ``text`` that are photo captions."""
    return _captions(text, _paragraph_texts(text))


def find_junk(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the paragraphs of ``text`` that are site furniture, not article text."""
    return _junk(text, _paragraph_texts(text))


def find_captions_and_junk(
    text: str,
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """``(find_captions(text), find_junk(text))``, splitting the paragraphs once."""
    paras = _paragraph_texts(text)
    return _captions(text, paras), _junk(text, paras)


def _paragraph_texts(text: str) -> list[tuple[int, int, str]]:
    return [(s, e, text[s:e]) for s, e in paragraphs(text)]


def _captions(text: str, paras: list[tuple[int, int, str]]) -> tuple[tuple[int, int], ...]:
    if _CREDIT_HINT.search(text) is None:
        # No credit anywhere (most articles): only a "Photo: ..." paragraph can be a caption.
        return tuple((s, e) for s, e, para in paras if _CAPTION_START.match(para))
    return tuple((s, e) for s, e, para in paras if _is_caption(para))


def _junk(text: str, paras: list[tuple[int, int, str]]) -> tuple[tuple[int, int], ...]:
    # The slow "... contributed reporting" pattern only when the word is there at all.
    junk = _ANY_JUNK if may_contain(text, ("contributed",)) else _ANY_JUNK_FAST
    return tuple((s, e) for s, e, para in paras if len(para) <= 300 and junk.fullmatch(para))


# Bylines, date lines and site furniture open many pages but are not headlines.
_NOT_HEADLINE = re.compile(
    r"(?:By\s+[A-Z]|(?i:published|posted|updated|date|source|url)(?:\s+on)?\s*:|"
    r"(?i:published|posted|updated)\s+(?:on\s+)?\d|\d{1,4}[-/.]\d)"
)
_HEADLINE_END_OK = ("’", "”", '"', "?", "!", "'")


def headline(text: str) -> str:
    """The first line of ``text`` when it reads as a headline, else "".

    A headline is a short first line (at most 200 characters and 30 words) followed by more
    text, that does not end like a sentence (a full stop) unless it ends with a quote.
    """
    first, sep, rest = text.strip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not 3 <= len(first) <= 200:
        return ""
    if len(first.split()) > 30 or _is_caption(first) or _NOT_HEADLINE.match(first):
        return ""
    if first.endswith((".", ",", ";", ":")) and not first.endswith(_HEADLINE_END_OK):
        return ""
    # Two sentences in a line make a lead paragraph, not a headline.
    if re.search(r"[a-z]{2}\. [A-Z]", first):
        return ""
    return first
