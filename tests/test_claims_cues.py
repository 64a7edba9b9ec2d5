"""Cues only skip work: a rule is left out (``RuleSet.candidates``) or not scanned
(``Rule.finditer``) only where its pattern cannot match, so the matches are those of a full scan."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geomap.claim_cues import _UNFOLDED, _lower
from geomap.claim_rules import default_rules, load_rules, slot
from geomap.errors import InputError

RULES = default_rules()
RULES_DIR = Path(__file__).resolve().parent.parent / "geomap" / "rules"
_BRACKET = re.compile(r"\[([^\]]+)\]")
_CUED = [r for r in RULES.rules if r.cue is not None]
# Around a sentence: more places, and cue words of many rules before and after them.
_BEFORE = [
    "",
    f"{slot(7)}, ",
    "Officials in captured fighting said that ",
    f"After {slot(8)} fell, ",
]
_AFTER = ["", f" and {slot(9)}", f", near {slot(9)} which was captured by Russia", " there."]
_PIECES = [
    "the", "The", "city", "of", ",", "and", "or", "was", "were", "has been", "is", "under", "in",
    "captured", "capture", "seized", "taken", "took", "liberated", "shelled", "struck", "besieged",
    "encircled", "by", "Russian", "Ukrainian", "forces", "control", "came", "fell", "fall",
    "remains", "which", "that", "troops", "heavy fighting", "fighting", "attack", "attacks",
    "repelled", "an attempt to", "storm", "continued there", "it", "70%", "percent", "advanced",
    "toward", "withdrew from", "siege", "after weeks of", "split between", "failed to",
]  # fmt: skip


def _masked(marked: str) -> str:
    """A rule's example with its places written as slots, the way rules see a sentence."""
    count = iter(range(100))
    return _BRACKET.sub(lambda m: slot(next(count)), marked)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _same(rule, masked: str) -> None:
    assert _spans(rule.finditer(masked)) == _spans(rule.regex.finditer(masked)), (rule.id, masked)


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_examples_in_any_surroundings_match_as_a_full_scan_does(rule):
    for example in (e for r in RULES.rules for e in r.examples):
        for before in _BEFORE:
            for after in _AFTER:
                _same(rule, before + _masked(example) + after)
    for example in rule.examples:
        assert _spans(rule.finditer(_masked(example))), (rule.id, example)
        assert rule in RULES.candidates(_masked(example)), (rule.id, example)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.integers(0, 3).map(slot)), max_size=16))
def test_any_words_match_as_a_full_scan_does(words):
    masked = " ".join(words)
    chosen = RULES.candidates(masked)
    for rule in RULES.rules:
        _same(rule, masked)
        if rule.regex.search(masked):
            assert rule in chosen, (rule.id, masked)


@pytest.mark.parametrize("rule", _CUED, ids=lambda r: r.id)
@settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_text_a_rule_matches_has_its_cues(rule, data):
    # Any text the pattern matches, generated from the pattern itself: the cues are necessary.
    text = data.draw(st.from_regex(rule.regex))
    # Words are read lower-cased, where "ſ" is no "s" as for IGNORECASE: news has no such words.
    assume(not _UNFOLDED.search(text))
    assert rule in RULES.candidates(text), (rule.id, text)
    _same(rule, text)


def test_whole_word_cues_skip_other_forms():
    noun = RULES.rule("captured.noun")
    assert noun not in RULES.candidates("Russian forces captured Soledar.")
    assert noun in RULES.candidates("The capture of Soledar took months.")
    assert noun in RULES.candidates("The capture's end of Soledar.")  # "\b" before an apostrophe
    advance = RULES.rule("advance.verb")
    assert advance not in RULES.candidates("The governor of Kharkiv said it was going well.")
    assert advance in RULES.candidates("Russian troops went to Kramatorsk.")


def test_a_second_cue_is_needed_too():
    there = RULES.rule("fighting.there")
    assert there not in RULES.candidates("Fighting continued in Bakhmut.")
    assert there in RULES.candidates("Kyiv said fighting continued there.")


def test_a_cue_word_on_the_wrong_side_of_the_places_skips_the_scan():
    verb = RULES.rule("captured.verb")
    assert verb.cue_at == "before"
    assert list(verb.finditer(f"{slot(0)} was captured on Monday.")) == []
    assert _spans(verb.finditer(f"Russia captured {slot(0)} on Monday."))
    passive = RULES.rule("captured.passive")
    assert passive.cue_at == "after"
    assert list(passive.finditer(f"Russia captured {slot(0)} on Monday.")) == []
    assert _spans(passive.finditer(f"{slot(0)} was captured on Monday."))


@pytest.mark.parametrize(
    "masked",
    [
        f"{slot(0)} waſ ſeized by Ruſſian forces.",  # IGNORECASE reads "ſ" as "s"
        f"İn May {slot(0)} was captured, then İzium and {slot(1)} were taken.",  # one letter
        f"Officials İn Kyiv said Russian forces capturİng {slot(0)} was hard.",
        f"The ıntense capture of {slot(0)} by Russian forces.",
    ],
)
def test_letters_lower_does_not_fold_are_looked_for_as_the_rules_see_them(masked):
    for rule in RULES.rules:
        _same(rule, masked)
    assert any(_spans(r.finditer(masked)) for r in RULES.rules)


def test_cue_at_must_be_before_or_after(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    path = rules_dir / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    cue_at: before\n", "    cue_at: inside\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="cue_at"):
        load_rules(rules_dir)


def test_lower_case_for_cues_keeps_offsets_and_folds_what_ignorecase_folds():
    for cp in range(0x110000):
        ch = chr(cp)
        low = _lower(f"{ch}")
        assert len(low) == 1, hex(cp)
        if cp >= 128 and re.fullmatch("[a-z]", ch, re.IGNORECASE):
            letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, ch, re.I)]
            assert letters == [low], hex(cp)


def test_a_rule_may_match_after_an_apostrophe():
    # "(?<![\w-])" lets a match start after an apostrophe: the word "l'exit" holds "exit".
    rule = RULES.rule("withdrew.noun")
    masked = f"Kyiv announced l'exit from {slot(0)}."
    assert _spans(rule.regex.finditer(masked))
    assert rule in RULES.candidates(masked)


_ACTOR_PIECES = [
    "Russian", "russian's", "Russia's", "Moscow-backed", "pro-Russian", "Ukrainians", "Kyiv's",
    "Zelenskyy", "we", "We're", "our", "they", "Their", "them", "forces", "-", "'", "’", "⟨0⟩",
    "Wagner's", "DPR", "separatists", "the", "ı", "İ", "ſeparatists", "KYIV", ",", "russian-held",
    "rus", "sian", "Ukraine-Russia",
]  # fmt: skip


def _actor_words_one_by_one(rules, text: str) -> list[tuple[int, int, str]]:
    """The reading the fast path must equal: each word looked up alone."""
    out = []
    for w in re.finditer(r"[\w'-]+", text):
        side = rules.actor_side(w.group())
        if side:
            out.append((w.start(), w.end(), side))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ACTOR_PIECES), max_size=12), st.sampled_from([" ", "", "  "]))
def test_actor_words_found_in_one_search_are_those_of_a_word_by_word_reading(words, sep):
    text = sep.join(words)
    assert RULES.actor_words(text) == _actor_words_one_by_one(RULES, text), text


def test_an_actor_pattern_with_a_space_is_still_read_word_by_word(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    lexicon = rules_dir / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("'ukraine(?:''s)?|", "'armed forces|ukraine(?:''s)?|", 1))
    rules = load_rules(rules_dir)
    sentence = "The armed forces of Ukraine said Russia's troops left."
    assert rules.actor_words(sentence) == _actor_words_one_by_one(rules, sentence)
    assert [s for _, _, s in rules.actor_words(sentence)] == ["UA", "RU"]
