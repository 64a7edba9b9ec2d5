"""Normalising names and text so that spellings of one name compare equal.

Two levels:

* :func:`fold` is *length-preserving*: ``fold(text)[i]`` corresponds to ``text[i]``, so a match
  found in folded text maps back to the original characters without an offset table. It lowers
  the case, strips Latin diacritics (``Podolić`` -> ``podolic``), unifies ``ё``/``е`` and turns
  every character that is not a letter or a digit (apostrophes ʼ ’ ', hyphens, punctuation,
  line breaks) into a space.
* :func:`normalize_name` is :func:`fold` plus collapsed spaces: the key under which a name is
  indexed. It is idempotent: ``normalize_name(normalize_name(x)) == normalize_name(x)``.

>>> normalize_name("Chasiv-Yar")
'chasiv yar'
>>> normalize_name("Кам’янське")
'кам янське'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "CYRILLIC_ENDINGS",
    "cyrillic_inflections",
    "cyrillic_stem",
    "cyrillic_stems",
    "fold",
    "fold_lowered",
    "is_cyrillic",
    "name_variants",
    "normalize_name",
    "word_set",
    "words_after",
    "words_before",
]

# Letters with diacritics found in romanised names and in reporters' names, mapped to a base
# letter of the same length (one character), so that fold() stays length-preserving.
_DIACRITICS = {
    "ё": "е",
    "ß": "s",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ı": "i",
    "æ": "a",
    "œ": "o",
    "þ": "t",
}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Translation table for fold(): built once, lazily (about 20 ms)."""
    table: dict[int, str] = {}
    for code in range(0x3000):
        ch = chr(code)
        if ch in _DIACRITICS:
            table[code] = _DIACRITICS[ch]
            continue
        if not ch.isalnum():
            table[code] = " "
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
            # é -> e, č -> c; Cyrillic й/ї keep their identity (their base is Cyrillic).
            table[code] = decomposed[0]
    # Apostrophe-like modifier letters (Kyivʼs, Камʼянське) are punctuation here.
    for code in (0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02C8):
        table[code] = " "
    # Characters above U+3000 are left as they are except the common invisible ones.
    for code in (0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060):
        table[code] = " "
    return table


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (İ, some ligatures) grow when lowered: keep their first character.
    return "".join(ch.lower()[:1] or " " for ch in text)


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list)."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """Return *text* lowered, without diacritics, with non-alphanumerics as spaces, same length.

    >>> fold("Bakhmut’s")
    'bakhmut s'
    """
    return fold_lowered(_lower_same_length(text))


def fold_lowered(lowered: str) -> str:
    """:func:`fold` of a text already lowered by ``str.lower()`` (when that kept its length).

    ASCII punctuation becomes a space through a byte table (in C); the other characters of
    English text (curly quotes, dashes, a few letters with diacritics: one in 12 characters at
    most) are looked up one by one, a text with more of them (Cyrillic) goes through the
    regex and the table run by run.
    """
    if lowered.isascii():
        return lowered.encode("ascii").translate(_ASCII_BYTES).decode("ascii")
    # Every non-ASCII character becomes "?" (so do real question marks: they fold to a space
    # through the table as well).
    marked = lowered.encode("ascii", "replace")
    count = marked.count(b"?")
    if count > 64 and count * 12 > len(lowered):
        return _NON_ASCII.sub(_fold_run, _ASCII_PUNCT.sub(" ", lowered))
    base = marked.translate(_ASCII_BYTES).decode("ascii")
    table = _table()
    pieces = []
    done = 0
    at = marked.find(b"?")
    while at >= 0:
        ch = lowered[at]
        folded = table.get(ord(ch), ch)
        if folded != " ":  # (base has a space there already)
            pieces.append(base[done:at])
            pieces.append(folded)
            done = at + 1
        at = marked.find(b"?", at + 1)
    if not pieces:
        return base
    pieces.append(base[done:])
    return "".join(pieces)


# ASCII punctuation and control characters (a space after fold): as a regex for the long
# non-ASCII texts, as a byte table for the others.
_ASCII_PUNCT = re.compile(r"[\x00-\x1f!-/:-`{-\x7f]")
_PUNCT_BYTES = bytes(i for i in range(128) if _ASCII_PUNCT.match(chr(i)))
_ASCII_BYTES = bytes.maketrans(_PUNCT_BYTES, b" " * len(_PUNCT_BYTES))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group(0).translate(_table())


def normalize_name(name: str) -> str:
    """Return the index key of a name: :func:`fold` with runs of spaces collapsed and trimmed.

    >>> normalize_name("  Velyka   Novosilka ")
    'velyka novosilka'
    """
    return " ".join(fold(name).split())


_APOSTROPHES = "'ʼ’‘`´ʹ"


def name_variants(name: str) -> list[str]:
    """Return the normalised keys a name should be found under (sorted, no duplicates).

    Besides the plain key, the form with apostrophes deleted rather than spaced, because
    writers drop the Ukrainian apostrophe as often as they keep it (Кам'янське / Камянське,
    Pid'yachi / Pidyachi).
    """
    keys = {normalize_name(name)}
    if _APOSTROPHE_RE.search(name):
        keys.add(normalize_name(name.translate(_DROP_APOSTROPHES)))
    keys.discard("")
    return sorted(keys)


_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
_DROP_APOSTROPHES = dict.fromkeys(map(ord, _APOSTROPHES))


def is_cyrillic(text: str) -> bool:
    """True when the first letter of *text* is Cyrillic."""
    for ch in text:
        if ch.isalpha():
            return "\u0400" <= ch <= "\u052f"
    return False


#: Case endings of Ukrainian and Russian nouns and adjectives that may follow a stem in text
#: ("у Бахмуті", "под Бахмутом", "Донецької області"). The empty ending is the bare name.
CYRILLIC_ENDINGS = word_set(
    """
    а я у ю і и е є о ой ою ей ею ом ем ім ам ям ах ях ами ями ові еві ів ий ій ої ого ому
    им их ими ая ое ые ый
    """
) | {""}

_STEM_VOWELS = set("аяоеєіиїйьуюы")


def cyrillic_stem(key: str) -> str:
    """Return the stem a Cyrillic key is matched by in inflected text.

    Only the last word is stemmed (its final vowel, soft sign or й dropped); short names are
    kept whole so that three-letter stems cannot match half the language.

    >>> cyrillic_stem("авдіївка")
    'авдіївк'
    >>> cyrillic_stem("бахмут")
    'бахмут'
    """
    head, _, last = key.rpartition(" ")
    # "мар їнка" (Мар'їнка): a short piece before the apostrophe belongs to the same word.
    prev = head.rpartition(" ")[2]
    size = len(last) + (len(prev) if 0 < len(prev) <= 3 and is_cyrillic(prev) else 0)
    while size > 4 and last[-1] in _STEM_VOWELS and len(last) > 2:
        last = last[:-1]
        size -= 1
    return f"{head} {last}" if head else last


def cyrillic_stems(key: str) -> list[str]:
    """The stems of :func:`cyrillic_stem` plus the vowel alternations of the case forms.

    Київ -> Києва, Києві; Харків -> Харкова; Чернігів -> Чернігові (і/ї before the final в
    becomes о/є).

    >>> cyrillic_stems("київ")
    ['київ', 'києв']
    """
    stem = cyrillic_stem(key)
    out = [stem]
    if stem.endswith("їв"):
        out.append(stem[:-2] + "єв")
    elif stem.endswith("ів"):
        out.append(stem[:-2] + "ов")
    elif stem.endswith("к") and stem != key and len(stem) > 4:
        out.append(stem[:-1] + "ц")  # Горлівка -> у Горлівці, Авдіївка -> в Авдіївці
    return out


# Adjective endings of the first words of oblast and raion names and their case forms
# (Ukrainian -ька/-ький, Russian -кая/-кий): Донецька -> Донецької, Запорізька -> Запорізькій.
_ADJECTIVE_FORMS = (
    ("ька", ("ької", "ькій", "ьку", "ькою")),
    ("ький", ("ького", "ькому", "ьким")),
    ("кая", ("кой", "кую")),
    ("кий", ("кого", "кому", "ким")),
    ("ів", ("ового", "овому", "овим")),  # Часів Яр -> Часового Яру
)


def cyrillic_inflections(name: str) -> list[str]:
    """Case forms of a Cyrillic name whose first words are adjectives (sorted).

    Only the words before the last change here; the last word is matched by its stem.

    >>> cyrillic_inflections("Донецька область")[:2]
    ['Донецькою область', 'Донецької область']
    """
    words = name.split()
    if len(words) < 2 or not is_cyrillic(name):
        return []
    out: set[str] = set()
    for i, word in enumerate(words[:-1]):
        for ending, forms in _ADJECTIVE_FORMS:
            if word.lower().endswith(ending):
                for form in forms:
                    out.add(" ".join([*words[:i], word[: -len(ending)] + form, *words[i + 1 :]]))
    return sorted(out)


def words_after(folded: str, pos: int, n: int = 3) -> list[tuple[int, int]]:
    """Spans of the next *n* words of folded text from *pos* (within 60 characters)."""
    limit = pos + 60
    if n == 3:
        # One match takes the three words (most calls): no Python loop over matches.
        m = _WORDS3.match(folded, pos)
        if m is None:
            return []
        out = [m.span(1)]
        for group in (2, 3):
            start, end = m.span(group)
            if start < 0:
                break
            out.append((start, end))
        while out and out[-1][0] >= limit:
            out.pop()
        return out
    out = []
    for m in _WORD.finditer(folded, pos):
        if m.start() >= limit:
            break
        out.append(m.span())
        if len(out) == n:
            break
    return out


_WORD = re.compile(r"[^ ]+")
_WORDS3 = re.compile(r" *([^ ]+)(?: +([^ ]+))?(?: +([^ ]+))?")


def words_before(folded: str, pos: int, n: int = 3) -> list[tuple[int, int]]:
    """Spans of the *n* words of folded text before *pos*, nearest first (within 60 chars)."""
    out: list[tuple[int, int]] = []
    limit = max(0, pos - 60)
    j = pos - 1
    while len(out) < n:
        while j >= limit and folded[j] == " ":
            j -= 1
        if j < limit:
            break
        k = folded.rfind(" ", 0, j)
        out.append((k + 1, j + 1))
        j = k
    return out
