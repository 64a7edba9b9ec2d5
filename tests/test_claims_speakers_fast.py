"""The quick scans (geomap.quickscan, used by geomap.sentences) find what a plain regex scan finds.

``Speakers`` tries the attribution, claimant and pronoun patterns only where one of their
leading words starts; ``sentences()`` looks at each run of white space once. These tests pin
that the shortcuts change nothing, on the shipped rules and on awkward patterns and texts.
"""

from __future__ import annotations

import random
import re

import pytest

from geomap import quickscan
from geomap.claim_rules import default_rules
from geomap.quickscan import lead_of, lowered, scan
from geomap.sentences import _PRONOUN, sentences

TEXTS = [
    "The Russian Defence Ministry said on Tuesday that its forces had taken Soledar.",
    "According to the Ukrainian General Staff, Russian troops shelled Kherson.",
    "Zelenskiy: We will not give up Bakhmut, he said, adding that the army holds.",
    "Governor Serhiy Haidai said the town of Lyman was hit; Haidai added more.",
    "A Russian-installed official, Vladimir Saldo, told TASS the city was quiet.",
    "British Defence Intelligence assessed that Wagner fighters advanced near Bakhmut.",
    "l'Ukraine's officials said (Kyiv) — Moscow's claims were false, NATO's chief noted.",
    "KYİV SAID: the ſtate media reported; Kyıv officials, the K\u212aremlin said.",
    "Russian\tmilitary\ncommand claimed  Russia's army took  it, said an official.",
    "Prime Minister Shmyhal, Deputy Prime Minister and a military official spoke.",
    "“Ukrainian forces advanced,” the spokesman said. “Russia lies,” said Peskov.",
    "she said he said; Shevchenko? He, she-wolf, HE SAID, the shell hit. He.",
    "",
    "said",
    "Said the mayor: Kyiv holds. reporters and residents witnessed, ISW reports.",
]


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def _check(regex: re.Pattern[str], text: str) -> None:
    lead = lead_of(regex)
    expected = _spans(list(regex.finditer(text)))
    assert _spans(scan(regex, lead, text, lowered(text), 0, len(text))) == expected
    for lo, hi in ((3, len(text)), (0, len(text) - 4), (7, len(text) - 9), (11, 30)):
        if 0 <= lo <= hi <= len(text):
            want = _spans(list(regex.finditer(text, lo, hi)))
            got = scan(regex, lead, text, lowered(text[lo:hi]), lo, hi)
            assert _spans(got) == want, (regex.pattern, text, lo, hi)


@pytest.mark.parametrize("text", TEXTS)
def test_shipped_patterns_match_as_finditer(text: str) -> None:
    rules = default_rules()
    for regex in [rules.attribution, _PRONOUN, *(c.regex for c in rules.claimants)]:
        _check(regex, text)


AWKWARD = [
    r"^[\w'-]+:\s|\bsaid\b",  # anchored at the start
    r"(?m)^said",  # any line start: no lead
    r"\d+ troops|(?:forty|fifty)\s+troops",
    r"(?<!\w)(?:an?\s(?:military\s)?official|officials?)",
    r"x*|said",  # may match empty: falls back to finditer
    r"(?:defen[cs]e){2,5}\sministry",
    r"(?i:KYIV)|(?-i:Moscow)",
    r"\Asaid|told\b",
    r"(?>said|say)s?",
    r"(?=said)sa|told",
    r"[^a]said|\Bsaid",
]


@pytest.mark.parametrize("pattern", AWKWARD)
def test_awkward_patterns_match_as_finditer(pattern: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    for text in TEXTS:
        _check(regex, text)


def test_random_texts_match_as_finditer() -> None:
    rules = default_rules()
    words = [
        "said",
        "Said",
        "he",
        "she",
        "Russian",
        "army",
        "ministry",
        "of",
        "defence",
        "the",
        "Kyiv",
        "kyıv",
        "İ",
        "ſaid",
        "official",
        "an",
        "a",
        ":",
        ",",
        "'s",
        "-",
        "\n",
        "  ",
        "Zelensky",
        "told",
        "Haidai",
        "according",
        "to",
        "x'kyiv",
        "5said",
        "_said",
    ]
    rng = random.Random(7)
    patterns = [rules.attribution, _PRONOUN, *(c.regex for c in rules.claimants)]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        for regex in patterns:
            _check(regex, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Zelensky spoke. The U.S. Army said “Bakhmut holds.” It did.",
         ["Mr. Zelensky spoke.", "The U.S. Army said “Bakhmut holds.”", "It did."]),
        ("Title line\n\nFirst para. Second one.\nWrapped line of\nprose goes on.",
         ["Title line", "First para.", "Second one.", "Wrapped line of\nprose goes on."]),
        ("Kyiv says:\n  \n \nAll calm.  \n\n\n  Next?\tYes.",
         ["Kyiv says:", "All calm.", "Next?", "Yes."]),
        ("The town fell to\nRussian forces, and\nthen Ukraine,\nsaid J. Smith.",
         ["The town fell to\nRussian forces, and\nthen Ukraine,\nsaid J. Smith."]),
        ("A caption\nThe story begins. Gen. Zaluzhnyi said so.\n.Odd line. End",
         ["A caption", "The story begins.", "Gen. Zaluzhnyi said so.", ".Odd line.", "End"]),
        ("\n\n  \n", []),
    ],
)  # fmt: skip
def test_sentences_split_as_before(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentences(text)] == expected


def test_without_the_regex_parser_the_scan_is_plain_finditer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A Python without re._parser: no leads, and the scan falls back to finditer.
    monkeypatch.setattr(quickscan, "_parser", None)
    regex = default_rules().attribution
    assert lead_of(regex) is None
    for text in TEXTS:
        assert _spans(scan(regex, None, text, lowered(text), 0, len(text))) == _spans(
            list(regex.finditer(text))
        )
