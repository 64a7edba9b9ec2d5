"""Split article text into sentences, keeping character offsets.

News text mixes titles without a full stop, captions, quotes that end a sentence inside the
closing quote mark (``… weak.”``) and abbreviations (``Mr.``, ``U.S.``, ``Gen.``), so a plain
split on full stops goes wrong. :func:`sentences` returns ``(start, end)`` spans into the text,
stripped of surrounding whitespace, in order.

>>> text = "Mr. Zelensky spoke. The U.S. Army said “Bakhmut holds.” It did."
>>> [text[s:e] for s, e in sentences(text)]
['Mr. Zelensky spoke.', 'The U.S. Army said “Bakhmut holds.”', 'It did.']
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "sentences"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that end with a full stop without ending a sentence (compared lower-case, no dot).
ABBREVIATIONS = _words(
    "mr mrs ms dr st gen lt col maj capt sgt cpl pvt adm cmdr gov sen rep prof rev "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vs approx est dept fig "
    "inc ltd co corp jr sr e.g i.e etc cf al"
)

# A candidate end of sentence: terminal punctuation, closing quotes/brackets, then space.
_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s)""")
# Where a new sentence may start: capital, digit, opening quote or bracket.
_STARTER = re.compile(r"""\s+(?=["'“‘«(\[]?[A-Z0-9\u0400-\u042F])""")
_LINE = re.compile(r"\n")
_WORD_BEFORE = re.compile(r"(\S+)$")
# Words that do not end a line of a sentence: a line break after them is hard wrapping.
_JOINING = _words("a an the of in on at by to for from with and or but as into near than that")
_CLOSERS = "\"'”’»)]:.!?…"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 30), dot)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'“‘«[")
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    if "." in word:  # U.S, U.K, e.g — internal dots mean an abbreviation
        return True
    return len(word) == 1 and word.isupper()  # an initial: "J. Smith"


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``[start, end)`` where a newline ends a sentence (paragraph or title)."""
    cuts = []
    for m in _LINE.finditer(text, start, end):
        pos = m.start()
        before = text[start:pos].rstrip()
        after = text[pos:end].lstrip()
        if not before or not after:
            continue
        if text[pos + 1 : pos + 2] == "\n" or before.endswith(tuple(_CLOSERS)):
            cuts.append(pos)
            continue
        # A single newline inside hard-wrapped prose: keep going when the next line continues.
        last = before.rsplit(None, 1)[-1].lower()
        if after[0].islower() or last in _JOINING or before.endswith((",", "-", ";")):
            continue
        cuts.append(pos)
    return cuts


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences of ``text``, in order.

    A sentence ends at ``.``, ``!``, ``?`` (with any closing quotes) followed by a capital, a
    digit or an opening quote, unless the word before is an abbreviation or an initial; and at
    a newline that ends a paragraph, a title or a caption line. Empty text gives ``[]``.
    """
    if not text:
        return []
    cuts: set[int] = set(_line_breaks(text, 0, len(text)))
    for m in _END.finditer(text):
        end = m.end()
        if not _STARTER.match(text, end):
            continue
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(end)
    spans = []
    start = 0
    for cut in sorted(cuts):
        span = _strip(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    span = _strip(text, start, len(text))
    if span:
        spans.append(span)
    return spans
