"""The places table format: it round-trips, and a bad file is named with its line."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.data import format_places, load_places, parse_places
from gazetteer.errors import DataError
from gazetteer.types import PLACE_KINDS, PRECISIONS, Place

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|\t\n\r"),
    min_size=1,
    max_size=20,
).filter(lambda s: s == s.strip() and s.strip())

_places = st.builds(
    Place,
    id=st.from_regex(r"user:[a-z]{1,8}", fullmatch=True),
    name=_text,
    kind=st.sampled_from(PLACE_KINDS),
    lat=st.floats(-90, 90).map(lambda v: round(v, 5)),
    lon=st.floats(-180, 180).map(lambda v: round(v, 5)),
    precision=st.sampled_from(PRECISIONS),
    error_km=st.floats(0, 500).map(lambda v: round(v, 1)),
    country=st.sampled_from(["", "UA", "RU"]),
    admin1=st.sampled_from(["", "Donetsk Oblast"]),
    population=st.integers(0, 10_000_000),
    source=st.sampled_from(["user", "curated"]),
    note=st.text(alphabet="abc ,.;:'", max_size=15),
    names=st.just(()),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_places, max_size=5, unique_by=lambda p: p.id), st.lists(_text, max_size=4))
def test_format_then_parse_gives_the_places_back(places, extra):
    places = [
        Place(**{**{f: getattr(p, f) for f in Place.__slots__}, "names": (p.name, *sorted(
            {n for n in extra if n != p.name}))})
        for p in places
    ]  # fmt: skip
    data = format_places(places)
    parsed, names = parse_places(data)
    assert list(parsed) == sorted(places, key=lambda p: p.id)
    assert format_places(parsed) == data  # and once more: byte-identical
    for p in places:
        assert (p.name, p.id, "official") in names


def test_embedded_table_round_trips_byte_for_byte():
    from gazetteer.data import _resource, load_names

    raw = _resource("places.tsv.gz").read_bytes()
    assert format_places(load_places(), load_names()) == raw


def _table(*rows: str) -> bytes:
    header = (
        "#id\tname\tkind\tlat\tlon\tprecision\terror_km\tcountry\tadmin1\tadmin2\tpopulation"
        "\tsource\tnote\tbbox\tname_kinds\tnames"
    )
    return gzip.compress(("\n".join((header, *rows)) + "\n").encode())


GOOD = "user:x\tX\tsettlement\t48.1\t37.2\texact\t0.0\tUA\t\t\t0\tuser\t\t\toa\tX|Iks"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace("\tsettlement\t", "\ttown\t"), "line 3: unknown kind 'town'"),
        (GOOD.replace("\t48.1\t", "\tnorth\t"), "line 3: could not convert"),
        (GOOD.replace("\toa\t", "\toq\t"), "line 3: unknown name kind code 'q'"),
        (GOOD.replace("\toa\t", "\to\t"), "line 3: 2 names but 1 name kinds"),
        (GOOD.rsplit("\t", 1)[0], "line 3: 15 columns, expected 16"),
        (GOOD.replace("\t\toa", "\t1,2\toa"), "line 3: bbox needs 4 numbers"),
        (GOOD.replace("\texact\t", "\tguess\t"), "line 3: unknown precision 'guess'"),
    ],
)
def test_bad_row_is_named_with_its_line(row, message):
    with pytest.raises(DataError, match=message) as caught:
        parse_places(_table(GOOD, row), origin="mine.tsv.gz")
    assert str(caught.value).startswith("mine.tsv.gz: ")


def test_not_a_table():
    with pytest.raises(DataError, match="line 1: not a gazetteer places table"):
        parse_places(b"name,lat,lon\n", origin="x.csv")
    with pytest.raises(DataError, match="not a readable gzip file"):
        parse_places(b"\x1f\x8bnonsense", origin="x.gz")


def test_format_refuses_what_it_cannot_store():
    bad = Place(id="user:a", name="A", kind="site", lat=0, lon=0, names=("A", "B|C"))
    with pytest.raises(DataError, match="holds '\\|'"):
        format_places([bad])
    with pytest.raises(DataError, match="unknown name kind 'nickname'"):
        format_places([], [("A", "user:a", "nickname")])


def test_loaded_places_are_ordinary_places():
    """The loader's fast constructor gives objects equal to Place(...) and as immutable."""
    import dataclasses

    from gazetteer import data

    # The fast path is on; if Place changes (a __post_init__, a new field) it falls back to
    # Place(...) and this line says so, to look whether the loader still meets its time.
    assert data._make_place is not Place

    for place in load_places()[::997]:
        fields = {f.name: getattr(place, f.name) for f in dataclasses.fields(Place)}
        twin = Place(**fields)
        assert place == twin and hash(place) == hash(twin) and repr(place) == repr(twin)
        with pytest.raises(dataclasses.FrozenInstanceError):
            place.name = "changed"  # type: ignore[misc]
