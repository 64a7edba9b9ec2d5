"""Name handling for the gazetteer build: scripts, romanisations, which names to keep.

The official Ukrainian romanisation (KMU 2010) comes from translitua; the Russian-based
romanisation is the simple BGN-like scheme English-language reports used before 2022
(Северодонецк → Severodonetsk, Запорожье → Zaporozhye, Николаев → Nikolayev/Nikolaev).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "is_cyrillic",
    "keep_name",
    "looks_russian",
    "looks_ukrainian",
    "norm_key",
    "ru_romanise",
    "ua_romanise",
    "ua_romanise_bgn",
    "ua_russian_style",
]

_APOSTROPHES = "'’ʼ`´‘ʹ\u02bc"
_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_UA = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_BY = "ў"
_CYRILLIC_OK = set(_RU + _UA + _BY + _RU.upper() + _UA.upper() + "Ў")
_UA_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")
#: Ukrainian spellings of the endings -ськ/-цьк/-зьк; Russian writes -ск/-цк/-зск.
_UA_ENDINGS = re.compile(r"(ськ|цьк|зьк)(ий|а|е)?\b", re.IGNORECASE)
_VOWELS = set("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")


def norm_key(name: str) -> str:
    """Matching key: NFC, casefolded, no stress marks or apostrophes, ё as е, one space."""
    text = unicodedata.normalize("NFD", name)
    text = text.replace("\u0301", "").replace("\u0300", "")
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    return " ".join(text.replace("-", " ").split())


def is_cyrillic(name: str) -> bool:
    """True when the name has any Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def looks_ukrainian(name: str) -> bool:
    """Ukrainian rather than Russian spelling: і/ї/є/ґ, an apostrophe, or -ськ."""
    return (
        any(ch in _UA_ONLY for ch in name)
        or any(ch in _APOSTROPHES for ch in name)
        or bool(_UA_ENDINGS.search(name))
    )


def looks_russian(name: str) -> bool:
    """Russian spelling: ы/э/ъ/ё, or Cyrillic with nothing Ukrainian about it."""
    return any(ch in _RU_ONLY for ch in name) or (is_cyrillic(name) and not looks_ukrainian(name))


def keep_name(name: str) -> bool:
    """Whether a GeoNames alternate name is worth keeping for English and Slavic text.

    Drops airport codes (SIP, IEV), other scripts, romanisations of Japanese or Korean written in
    lower case (bafumuto), names with digits, and Latin names shorter than four letters.
    """
    name = name.strip()
    if len(name) < 3 or len(name) > 60 or any(ch.isdigit() for ch in name):
        return False
    if not name[0].isupper() or (name.isupper() and len(name) <= 4):
        return False
    for ch in name:
        if ch.isalpha():
            if is_cyrillic(ch):
                if ch not in _CYRILLIC_OK:
                    return False
            elif not unicodedata.name(ch, "").startswith("LATIN"):
                return False
        elif ch not in " -.()" + _APOSTROPHES and unicodedata.category(ch) != "Mn":
            return False
    return is_cyrillic(name) or len(name) >= 4


def ua_romanise(name: str) -> str:
    """Official Ukrainian romanisation (KMU 2010): Кліщіївка → Klishchiivka."""
    from translitua import UkrainianKMU, translit

    text = unicodedata.normalize("NFC", name)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    return " ".join(translit(text, UkrainianKMU).replace("'", "").split())


def ua_romanise_bgn(name: str) -> str:
    """The older BGN/PCGN romanisation common in the press: Бердянськ → Berdyansk, Кліщіївка →
    Klishchiyivka, Куп'янськ → Kupyansk (soft signs and apostrophes dropped)."""
    from translitua import UkrainianBGN, translit

    text = unicodedata.normalize("NFC", name)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    return " ".join(translit(text, UkrainianBGN).replace("'", "").split())


_RU_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian letters met in Russian-style spellings of Ukrainian names.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip


def _ru_letters(name: str, *, iotated_e: bool) -> str:
    out = []
    prev = ""
    for ch in unicodedata.normalize("NFC", name):
        low = ch.lower()
        if low in ("е", "ё"):
            after_vowel = prev == "" or prev in _VOWELS or prev in "ъьЪЬ" or not prev.isalpha()
            if low == "ё":
                rom = "yo" if iotated_e or after_vowel else "e"
            else:
                rom = "ye" if iotated_e and after_vowel else "e"
        elif low in _RU_TABLE:
            rom = _RU_TABLE[low]
        elif ch in _APOSTROPHES:
            rom = ""
        else:
            rom = ch
        if ch.isupper() and rom:
            rom = rom[0].upper() + rom[1:]
        out.append(rom)
        prev = ch
    return " ".join("".join(out).split())


def ru_romanise(name: str) -> tuple[str, ...]:
    """Russian-based romanisations, strict then simple: Николаев → (Nikolayev, Nikolaev)."""
    forms = (_ru_letters(name, iotated_e=True), _ru_letters(name, iotated_e=False))
    return tuple(dict.fromkeys(forms))


#: Ukrainian word endings and their usual Russian counterparts, tried in order (word-final).
_RU_ENDINGS = (
    ("іївка", "еевка"),  # Авдіївка → Авдеевка
    ("аївка", "аевка"),  # Миколаївка → Николаевка (first letters stay)
    ("ївка", "евка"),
    ("івка", "овка"),  # Горлівка → Горловка
    ("ське", "ское"),  # Первомайське → Первомайское
    ("цьке", "цкое"),
    ("зьке", "зкое"),
    ("ньке", "нькое"),  # Тоненьке → Тоненькое
    ("ке", "кое"),
    ("ове", "овое"),  # Вербове → Вербовое
    ("еве", "евое"),
    ("ине", "ино"),  # Очеретине → Очеретино
    ("не", "ное"),  # Урожайне → Урожайное
    ("ськ", "ск"),
    ("цьк", "цк"),
)
#: Adjectives that open many names: Мала Токмачка → Малая Токмачка, Нова Каховка → Новая.
_RU_WORDS = {
    "Мала": "Малая", "Велика": "Великая", "Нова": "Новая", "Стара": "Старая",
    "Новий": "Новый", "Малий": "Малый", "Старий": "Старый", "Великий": "Великий",
    "Нове": "Новое", "Мале": "Малое", "Велике": "Великое", "Старе": "Старое",
    "Нові": "Новые", "Великі": "Большие", "Малі": "Малые", "Верхня": "Верхняя",
    "Нижня": "Нижняя", "Верхній": "Верхний", "Нижній": "Нижний", "Червона": "Красная",
    "Червоний": "Красный", "Червоне": "Красное", "Біла": "Белая", "Білий": "Белый",
}  # fmt: skip


def _russianise(word: str) -> str:
    """One Ukrainian word spelt the way Russian would (a guess for romanisation only)."""
    if word in _RU_WORDS:
        return _RU_WORDS[word]
    low = word.lower()
    for ua, ru in _RU_ENDINGS:
        if low.endswith(ua) and len(low) > len(ua) + 1:
            word = word[: -len(ua)] + ru
            break
    # Ukrainian і, ї, є mostly stand where Russian has и, йи, е.
    return word.replace("ї", "йи").replace("і", "и").replace("І", "И").replace("є", "е")


def ua_russian_style(name: str) -> tuple[str, ...]:
    """Russian-style romanisations of a Ukrainian name, for places without a Russian form.

    Reports before 2022 and Russian sources write Ukrainian names through Russian: г as g,
    -івка as -ovka, -не as -noye (Горлівка → Gorlovka, Урожайне → Urozhaynoye, Авдіївка →
    Avdeyevka/Avdeevka). Only a guess; kept as "russian" and never as the canonical name.
    """
    words = re.split(r"([\s-]+)", unicodedata.normalize("NFC", name))
    text = "".join(_russianise(w) if w.strip(" -") else w for w in words)
    forms = (_ru_letters(text, iotated_e=True), _ru_letters(text, iotated_e=False))
    official = ua_romanise(name)
    return tuple(f for f in dict.fromkeys(forms) if f != official)
