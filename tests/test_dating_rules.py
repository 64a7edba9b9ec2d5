"""Dating rules one by one: war-relative phrases, datelines, event dates, user dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.dating import date_article, event_date, undated_hint
from geomap.dating_input import load_sidecar, parse_date
from geomap.dating_rules import parse_number
from geomap.errors import BadDate, InputError
from geomap.models import DateGuess, Precision

TODAY = dt.date(2025, 1, 1)
D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("Russian forces pressed on for the fourth day of the offensive.", D(2022, 2, 27),
         D(2022, 2, 27)),
        ("On day 100 of the war, fighting raged in Sievierodonetsk.", D(2022, 6, 3),
         D(2022, 6, 3)),
        ("The second day of Russia's invasion saw fighting near Kyiv.", D(2022, 2, 25),
         D(2022, 2, 25)),
        ("the 13-month-old war", D(2023, 3, 24), D(2023, 4, 23)),
        ("the six-month-old war", D(2022, 8, 24), D(2022, 9, 23)),
        ("as the war enters its second year", D(2023, 2, 24), D(2024, 2, 23)),
        ("three months into the war", D(2022, 5, 24), D(2022, 6, 24)),
        ("areas Russia failed to capture in its initial offensive last year", D(2023, 1, 1),
         D(2023, 12, 31)),
        ("since the start of the invasion on Thursday", D(2022, 2, 24), D(2022, 3, 2)),
        ("on the first anniversary of the invasion", D(2023, 2, 10), D(2023, 3, 10)),
    ],
)  # fmt: skip
def test_war_relative_phrases(text: str, earliest: dt.date, latest: dt.date) -> None:
    guess = date_article(text, today=TODAY)
    assert guess is not None
    assert (guess.earliest, guess.latest) == (earliest, latest)
    assert guess.method == "war-relative"


def test_precision_follows_the_width_of_the_range() -> None:
    assert date_article("day 3 of the war", today=TODAY).precision is Precision.DAY  # type: ignore[union-attr]
    assert date_article("the 13-month-old war", today=TODAY).precision is Precision.MONTH  # type: ignore[union-attr]
    assert date_article("the war's second year", today=TODAY).precision is Precision.YEAR  # type: ignore[union-attr]


def test_contradicting_cue_is_dropped_and_named() -> None:
    guess = date_article("The fourth day of the offensive. The 13-month-old war.", today=TODAY)
    assert guess is not None
    assert guess.best == D(2022, 2, 27)
    assert "ignored" in guess.evidence


def test_dateline_takes_its_year_from_the_other_evidence() -> None:
    text = "KYIV, March 28 (Reuters) - Fighting went on in the 13-month-old war."
    guess = date_article(text, today=TODAY)
    assert guess is not None
    assert guess.best == D(2023, 3, 28)
    assert guess.method == "dateline"


def test_dateline_with_a_year_mentioned_in_the_text() -> None:
    guess = date_article("KYIV, March 7 (Reuters) - The 2023 budget was passed.", today=TODAY)
    assert guess is not None and guess.best == D(2023, 3, 7)


def test_explicit_header_date_and_published_line() -> None:
    assert date_article("Wednesday, Feb 01, 2023\nShelling went on.", today=TODAY).best == D(  # type: ignore[union-attr]
        2023, 2, 1
    )
    guess = date_article("Published: March 8, 2023\nShelling went on.", today=TODAY)
    assert guess is not None and guess.method == "date-line" and guess.best == D(2023, 3, 8)


@pytest.mark.parametrize(
    "head",
    [
        "By Jane Doe | Published March 7, 2023",
        "Tue 7 Mar 2023 10.32 GMT",
        "March 7, 2023 10:32 PM  2 min read",
        "Posted on 2023-03-07 by admin",
    ],
)
def test_header_lines_of_news_sites(head: str) -> None:
    guess = date_article(f"Title of the story\n{head}\nShelling went on.", today=TODAY)
    assert guess is not None and guess.best == D(2023, 3, 7) and guess.method == "date-line"


def test_ukrainian_and_russian_month_names_in_a_date_line() -> None:
    assert date_article("7 березня 2023\nТекст.", today=TODAY).best == D(2023, 3, 7)  # type: ignore[union-attr]
    assert date_article("7 марта 2023 г.\nТекст.", today=TODAY).best == D(2023, 3, 7)  # type: ignore[union-attr]


def test_metadata_beats_text_and_override_beats_metadata() -> None:
    text = "Fighting on the fourth day of the offensive."
    meta = {"article:published_time": "2022-03-01T10:00:00Z"}
    assert date_article(text, metadata=meta, today=TODAY).best == D(2022, 3, 1)  # type: ignore[union-attr]
    guess = date_article(text, metadata=meta, override="2022-03-05", today=TODAY)
    assert guess is not None and guess.method == "override" and guess.best == D(2022, 3, 5)


def test_broken_metadata_date_falls_back_to_the_text() -> None:
    guess = date_article("the fourth day of the offensive", metadata={"date": "2022-02-30"},
                         today=TODAY)  # fmt: skip
    assert guess is not None and guess.best == D(2022, 2, 27)


def test_undated_article_returns_none_and_the_hint_says_how_to_date_it() -> None:
    assert date_article("Russian forces shelled the town, officials said.", today=TODAY) is None
    hint = undated_hint("news/a.txt")
    assert "news/a.txt" in hint and "--date YYYY-MM-DD" in hint and "dates.csv" in hint


def test_undated_hint_names_a_dateline_without_its_year() -> None:
    text = "KYIV, March 7 (Reuters) - Russian forces shelled the city."
    assert date_article(text, today=TODAY) is None
    assert "dateline 'KYIV, March 7 (Reuters) -' has no year" in undated_hint("a.txt", text)


def test_today_is_never_used_as_a_guess() -> None:
    assert date_article("It happened today, officials said on Tuesday.", today=TODAY) is None


PUB = DateGuess.exact(D(2022, 6, 1), "date-line")  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest", "method"),
    [
        ("Zelensky said on Tuesday that", D(2022, 5, 31), D(2022, 5, 31), "relative-weekday"),
        ("Germany announced Wednesday that", D(2022, 6, 1), D(2022, 6, 1), "relative-weekday"),
        ("in the Donbas on May 30, 2022.", D(2022, 5, 30), D(2022, 5, 30), "explicit"),
        ("fighting on May 21, officials said", D(2022, 5, 21), D(2022, 5, 21), "relative"),
        ("shelling yesterday", D(2022, 5, 31), D(2022, 5, 31), "relative"),
        ("strikes last week", D(2022, 5, 23), D(2022, 5, 29), "relative"),
        ("the town fell in January", D(2022, 1, 1), D(2022, 1, 31), "relative"),
        ("fighting since 2014", D(2014, 1, 1), D(2022, 6, 1), "relative"),
        ("held since May 30, 2022", D(2022, 5, 30), D(2022, 6, 1), "relative"),
        ("Talks will be held on Monday", D(2022, 6, 6), D(2022, 6, 6), "relative-weekday"),
        ("in March 2021", D(2021, 3, 1), D(2021, 3, 31), "explicit"),
        ("three days ago", D(2022, 5, 29), D(2022, 5, 29), "relative"),
        ("Russia struck the grid last winter", D(2021, 12, 1), D(2022, 2, 28), "relative"),
        ("the offensive this spring", D(2022, 3, 1), D(2022, 5, 31), "relative"),
        ("a counteroffensive expected in the summer", D(2022, 6, 1), D(2022, 8, 31), "relative"),
    ],
)
def test_event_dates(sentence: str, earliest: dt.date, latest: dt.date, method: str) -> None:
    guess = event_date(sentence, PUB)
    assert guess is not None
    assert (guess.earliest, guess.latest, guess.method) == (earliest, latest, method)


def test_words_that_only_look_like_dates() -> None:
    assert event_date("according to state-run Russia Today.", PUB) is None
    guess = event_date("In his speech on Monday, he said the city will hold.", PUB)
    assert guess is not None and guess.best == D(2022, 5, 30)  # the past Monday: "will" is later


def test_since_is_a_state_that_holds_at_publication() -> None:
    guess = event_date("separatists have been fighting since 2014", PUB)
    assert guess is not None
    assert (guess.best, guess.earliest, guess.precision) == (D(2022, 6, 1), D(2014, 1, 1),
                                                             Precision.YEAR)  # fmt: skip


def test_seasonal_offensive_narrows_a_range_whose_year_is_known() -> None:
    text = ("Fighting in Bakhmut went on after more than half a year. It marks the end of the "
            "winter offensive.")  # fmt: skip
    guess = date_article(text, today=TODAY)
    assert guess is not None
    assert (guess.earliest, guess.latest) == (D(2023, 2, 1), D(2023, 4, 30))
    assert "season-offensive: end of the winter offensive" in guess.evidence


def test_event_date_in_january_of_a_spring_2023_article() -> None:
    pub = DateGuess(D(2023, 3, 28), D(2023, 3, 24), D(2023, 4, 1), Precision.WEEK, "x")
    guess = event_date("since the capture of Soledar in January", pub)
    assert guess is not None
    assert (guess.earliest, guess.latest, guess.precision) == (
        D(2023, 1, 1), D(2023, 1, 31), Precision.MONTH)  # fmt: skip


def test_event_date_needs_a_publication_date_for_relative_words() -> None:
    assert event_date("on Tuesday", None) is None
    assert event_date("on May 30, 2022", None).best == D(2022, 5, 30)  # type: ignore[union-attr]
    assert event_date("Troops may 5 times attack", PUB) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "not a real date"),
        ("1800-05-01", "before 1900"),
        ("2030-01-01", "in the future"),
        ("next tuesday", "cannot read"),
        ("2022-13-01", "month 13"),
        ("03/07/2023", "ambiguous"),
    ],
)
def test_impossible_user_dates_raise_bad_date(value: str, message: str) -> None:
    with pytest.raises(BadDate, match=message):
        parse_date(value, today=TODAY)


def test_tomorrow_is_allowed_for_time_zones() -> None:
    assert parse_date("2025-01-02", today=TODAY).best == D(2025, 1, 2)


@pytest.mark.parametrize(
    ("value", "earliest", "latest", "precision"),
    [
        ("2022-02-27", D(2022, 2, 27), D(2022, 2, 27), Precision.DAY),
        ("2022-02-27T23:30:00+02:00", D(2022, 2, 27), D(2022, 2, 27), Precision.DAY),
        ("2023-03", D(2023, 3, 1), D(2023, 3, 31), Precision.MONTH),
        ("2023", D(2023, 1, 1), D(2023, 12, 31), Precision.YEAR),
        ("March 7, 2023", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("7 March 2023", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("Tue, 07 Mar 2023 10:00:00 GMT", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("2023-03-01..2023-03-05", D(2023, 3, 1), D(2023, 3, 5), Precision.WEEK),
        ("2023/03/07", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("1678147200", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        (1678147200000, D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("07.03.2023", D(2023, 3, 7), D(2023, 3, 7), Precision.DAY),
        ("27/02/2022", D(2022, 2, 27), D(2022, 2, 27), Precision.DAY),
        ("2023-03/2023-04", D(2023, 3, 1), D(2023, 4, 30), Precision.MONTH),
    ],
)
def test_parse_date_forms(value: str | int, earliest: dt.date, latest: dt.date, precision) -> None:
    guess = parse_date(value, today=TODAY)
    assert (guess.earliest, guess.latest, guess.precision) == (earliest, latest, precision)


def test_sidecar_csv_and_json(tmp_path: Path) -> None:
    csv_file = tmp_path / "dates.csv"
    csv_file.write_text("file,date\na.txt,2022-03-01\nb.txt,2023-04\n", encoding="utf-8")
    dates = load_sidecar(csv_file, today=TODAY)
    assert dates["a.txt"].best == D(2022, 3, 1) and dates["a.txt"].method == "sidecar"
    assert dates["b.txt"].precision is Precision.MONTH
    json_file = tmp_path / "dates.json"
    json_file.write_text('{"a.txt": "2022-03-01"}', encoding="utf-8")
    assert load_sidecar(json_file, today=TODAY)["a.txt"].best == D(2022, 3, 1)


def test_sidecar_with_a_bad_date_names_the_file_and_line(tmp_path: Path) -> None:
    csv_file = tmp_path / "dates.csv"
    csv_file.write_text("file,date\na.txt,2022-03-01\nb.txt,2022-02-30\n", encoding="utf-8")
    with pytest.raises(BadDate, match=r"dates\.csv:3.*not a real date"):
        load_sidecar(csv_file, today=TODAY)


def test_sidecar_without_the_columns_is_an_input_error(tmp_path: Path) -> None:
    csv_file = tmp_path / "dates.csv"
    csv_file.write_text("name_of_file,when\na.txt,2022-03-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="'file' and a 'date' column"):
        load_sidecar(csv_file, today=TODAY)


@pytest.mark.parametrize(
    ("word", "value"),
    [("fourth", 4), ("4th", 4), ("13", 13), ("thirteen", 13), ("twenty-first", 21),
     ("a", 1), ("hundredth", 100), ("banana", None)],
)  # fmt: skip
def test_parse_number(word: str, value: int | None) -> None:
    assert parse_number(word) == value
