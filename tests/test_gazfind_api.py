"""The public API of ``gazetteer`` is what the docs promise, and ``load`` reads a user's places."""

from __future__ import annotations

import pytest

import gazetteer
from gazetteer import DataError, Gazetteer, Mention, Place

PROMISED = ["DataError", "Gazetteer", "GazetteerError", "GeocoderError", "Mention", "Place",
            "default", "find", "load"]  # fmt: skip


def test_exports_are_the_documented_ones():
    assert sorted(gazetteer.__all__) == sorted(PROMISED)
    for name in PROMISED:
        assert getattr(gazetteer, name) is not None


def test_gazetteer_methods_exist():
    for method in ("find", "lookup", "get"):
        assert callable(getattr(Gazetteer, method))


def test_default_is_cached_and_find_uses_it():
    assert gazetteer.default() is gazetteer.default()
    mentions = gazetteer.find("Shelling near Bakhmut's outskirts.")
    assert [(m.text, m.place.name) for m in mentions] == [("Bakhmut", "Bakhmut")]
    assert isinstance(mentions[0], Mention) and isinstance(mentions[0].place, Place)


def test_lookup_knows_old_and_russian_names():
    g = gazetteer.default()
    assert g.lookup("Kiev")[0].name == "Kyiv"
    assert g.lookup("Artemivsk")[0].name == "Bakhmut"
    assert g.lookup("Donetsk region")[0].kind == "oblast"
    bakhmut = g.lookup("Bakhmut")[0]
    assert g.get(bakhmut.id) == bakhmut


def test_load_with_a_users_csv(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,lat,lon,admin1\nZzyzx Outpost,48.1,37.9,Donetsk Oblast\n", encoding="utf-8"
    )
    g = gazetteer.load([path])
    (m,) = g.find("Drones hit Zzyzx Outpost at night.")
    assert m.place.id == "user:zzyzx-outpost"
    assert m.place.source == "user"
    assert g.lookup("Bakhmut")  # the embedded places are still there


@pytest.mark.parametrize(
    "content", ["name,lat\nX,1\n", "name,lat,lon\nX,north,2\n", "name,lat,lon\nX,91,2\n"]
)
def test_load_rejects_a_bad_file_naming_it(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as err:
        gazetteer.load([path])
    assert "bad.csv" in str(err.value)


def test_alias_row_adds_a_name_to_a_known_place(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,lat,lon,target\nBakhmutograd,,,Bakhmut\n", encoding="utf-8")
    (m,) = gazetteer.load([path]).find("Shelling hit Bakhmutograd.")
    assert m.place.name == "Bakhmut"


def test_load_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nope\.csv"):
        gazetteer.load([tmp_path / "nope.csv"])
