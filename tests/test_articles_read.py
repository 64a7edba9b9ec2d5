"""Reading each input format into articles, with provenance, identity, captions and junk."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from geomap.articles import article_id, read_paths, read_text
from geomap.errors import UnreadableArticle
from geomap.models import Article

TODAY = dt.date(2025, 1, 1)
DATA = Path(__file__).parent / "data" / "articles"


def articles(*paths: object, **options: object) -> list[Article]:
    items = list(read_paths(paths, today=TODAY, **options))  # type: ignore[arg-type]
    return [a for a in items if isinstance(a, Article)]


def errors(*paths: object, **options: object) -> list[UnreadableArticle]:
    items = list(read_paths(paths, today=TODAY, **options))  # type: ignore[arg-type]
    return [e for e in items if isinstance(e, UnreadableArticle)]


def test_seed_format_date_prefix_is_removed_from_the_text(seeds_dir: Path) -> None:
    (article,) = articles(seeds_dir / "000_073b230dfdd67e73.txt")
    assert article.text.startswith("Ukraine President Volodymyr Zelensky claimed Tuesday")
    assert " date 2022-06-01" not in article.text
    assert article.title == ""  # the first line is a lead paragraph, not a headline
    assert article.source.endswith("000_073b230dfdd67e73.txt")


@pytest.mark.parametrize(
    ("seed", "title"),
    [
        ("001_14674c8fe7c6392b.txt",
         "Zelensky says if Bahkmut falls, Russia will ‘smell that we are weak’"),
        ("003_e17439e5c66e57b7.txt",
         "Exclusive: Zelensky warns of ‘open road’ through Ukraine’s east if Russia captures "
         "Bakhmut, as he resists calls to retreat"),
        ("004_3a3bcee93cc26427.txt",
         "Zelenskiy: We will not retreat, we will continue the fighting in Bakhmut"),
        ("002_88de84085c54f571.txt", ""),
    ],
)  # fmt: skip
def test_headline_first_lines_become_titles(seeds_dir: Path, seed: str, title: str) -> None:
    (article,) = articles(seeds_dir / seed)
    assert article.title == title
    assert article.text.startswith(title)


def test_captions_of_seed_000(seeds_dir: Path) -> None:
    (article,) = articles(seeds_dir / "000_073b230dfdd67e73.txt")
    captions = [article.text[s:e] for s, e in article.captions]
    assert len(captions) == 5
    assert captions[0].endswith("on May 21, 2022. AFP via Getty Images")
    assert any(c.endswith("SOPA Images/LightRocket via Gett") for c in captions)
    assert any(c.endswith("ARIS MESSINIS/AFP via Getty Images") for c in captions)
    assert any(c.endswith("EPA/UKRAINIAN PRESIDENTIAL PRESS SERVICE HANDOUT") for c in captions)
    assert [article.text[s:e] for s, e in article.junk] == ["With Post wires"]


@pytest.mark.parametrize(
    ("seed", "junk"),
    [
        ("001_14674c8fe7c6392b.txt", ["Read the full article Here"]),
        ("003_e17439e5c66e57b7.txt", ["View this interactive content on CNN.com",
         "CNN’s Tim Lister, Olga Voitovich and Vasko Kotovio contributed reporting.",
         "Rate this post", "Leave a Comment"]),
        ("004_3a3bcee93cc26427.txt",
         ["Leave a Reply", "Your email address will not be published."]),
        ("002_88de84085c54f571.txt", []),
    ],
)  # fmt: skip
def test_junk_paragraphs(seeds_dir: Path, seed: str, junk: list[str]) -> None:
    (article,) = articles(seeds_dir / seed)
    assert [article.text[s:e] for s, e in article.junk] == junk
    assert article.captions == ()


def test_reuters_credit_line_is_junk_but_reporting_by_the_bbc_is_text() -> None:
    article = read_text(
        "Headline here\nReporting by the BBC showed Russian forces near Kupiansk.\n"
        "(Reporting by Olena Harmash; Editing by Mark Heinrich)"
    )
    assert [article.text[s:e] for s, e in article.junk] == [
        "(Reporting by Olena Harmash; Editing by Mark Heinrich)"
    ]


@pytest.mark.parametrize(
    "first", ["By John Smith", "Published: March 7, 2023", "2023-03-07", "Source: https://x.org"]
)
def test_bylines_and_date_lines_are_not_titles(first: str) -> None:
    assert read_text(f"{first}\nRussian forces shelled Kharkiv.").title == ""


def test_a_headline_may_start_with_date() -> None:
    assert read_text("Date set for talks in Istanbul\nBoth sides agreed.").title.startswith("Date")


def test_quoted_agency_is_not_a_caption() -> None:
    article = read_text("Headline\n“We will hold,” the commander told AFP.\nMore text.")
    assert article.captions == ()


def test_same_text_twice_is_one_article(tmp_path: Path, seeds_dir: Path) -> None:
    text = (seeds_dir / "002_88de84085c54f571.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    # Re-wrapped and with Windows line ends: still the same article.
    (tmp_path / "b.txt").write_text(text.replace("\n", "\r\n  "), encoding="utf-8")
    found = articles(tmp_path)
    assert len(found) == 1
    assert found[0].id == article_id(text)
    assert len(articles(tmp_path, dedupe=False)) == 2
    assert len({a.id for a in articles(tmp_path, dedupe=False)}) == 1


def test_id_is_sha256_of_normalised_text() -> None:
    assert article_id("Cafe\u0301  in\nKyiv") == article_id("Café in Kyiv")
    assert len(article_id("x")) == 64


def test_markdown_with_front_matter() -> None:
    (article,) = articles(DATA / "front.md")
    assert article.title == "Russian forces shell Kharkiv"
    assert article.url == "https://example.org/kharkiv"
    assert article.published is not None and article.published.best == dt.date(2022, 3, 1)
    assert article.published.method == "metadata"
    assert "**" not in article.text and "](" not in article.text
    assert "Russian forces shelled Kharkiv on Monday, the regional governor said." in article.text
    assert [article.text[s:e] for s, e in article.captions] == ["Photo: Smoke over Kharkiv"]
    assert article.metadata["author"] == "Example Desk"
    assert article.metadata["date"] == "2022-03-01"  # JSON-safe: YAML's date became text
    json.dumps(article.metadata)


def test_json_object_with_configured_field_names() -> None:
    (article,) = articles(DATA / "one.json")
    assert article.title == "Ukrainian forces retake Izium"
    assert article.url == "https://example.org/izium"
    assert article.published is not None and article.published.best == dt.date(2022, 9, 10)
    assert article.text.startswith("Ukrainian forces have retaken Izium")


def test_json_fields_option_names_the_fields(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"story": "Shelling in Kherson.", "when": "2022-12-01", "hed": "K"}')
    assert errors(path)[0].args[0].endswith("name it with --text-field")
    (article,) = articles(path, fields={"text": "story", "date": "when", "title": "hed"})
    assert (article.text, article.title) == ("Shelling in Kherson.", "K")
    assert article.published is not None and article.published.best == dt.date(2022, 12, 1)


def test_json_list_under_articles_key() -> None:
    found = articles(DATA / "many.json")
    assert [a.title for a in found] == ["Kherson liberated", "Mariupol"]
    assert [a.source for a in found] == [f"{DATA / 'many.json'}[0]", f"{DATA / 'many.json'}[1]"]


def test_jsonl_goes_on_after_a_bad_row() -> None:
    items = list(read_paths([DATA / "rows.jsonl"], today=TODAY))
    kinds = [(type(i).__name__, getattr(i, "title", "")) for i in items]
    assert kinds == [("Article", "Avdiivka"), ("UnreadableArticle", ""),
                     ("UnreadableArticle", ""), ("Article", "Vuhledar")]  # fmt: skip
    assert str(items[1]).startswith(f"{DATA / 'rows.jsonl'}:2: broken JSON")
    assert str(items[2]).startswith(f"{DATA / 'rows.jsonl'}:4: no text field")


def test_csv_goes_on_after_a_bad_row() -> None:
    items = list(read_paths([DATA / "rows.csv"], today=TODAY))
    assert [type(i).__name__ for i in items] == ["Article", "UnreadableArticle", "Article"]
    assert "rows.csv:3: the row has 4 cells but the header has 3" in str(items[1])
    assert items[0].published.best == dt.date(2023, 3, 1)  # type: ignore[union-attr]


def test_semicolon_csv(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("title;text;date\nK;Shelling in Kherson, officials said.;2022-12-01\n", "utf-8")
    (article,) = articles(path)
    assert article.text == "Shelling in Kherson, officials said."
    assert article.published.best == dt.date(2022, 12, 1)  # type: ignore[union-attr]


def test_html_body_without_navigation() -> None:
    (article,) = articles(DATA / "page.html")
    assert article.title == "Russia shells Zaporizhzhia"
    assert article.url == "https://example.org/zaporizhzhia"
    assert article.published is not None
    assert article.published.best == dt.date(2022, 10, 9)
    assert "article:published_time" in article.published.evidence
    for furniture in ("Home", "Subscribe", "Share on", "Related:", "Copyright", "Paris"):
        assert furniture not in article.text
    assert "killing at least 13 people" in article.text
    captions = [article.text[s:e] for s, e in article.captions]
    assert captions == ["Rescuers work at a destroyed building in Zaporizhzhia. Reuters/Stringer"]
    assert [article.text[s:e] for s, e in article.junk] == ["Read more"]


def test_standard_input_is_read_and_sniffed() -> None:
    stream = io.BytesIO(b'{"text": "Fighting near Bakhmut.", "date": "2023-02-01"}')
    (article,) = articles("-", stdin=stream)
    assert article.source == "-"
    assert article.published is not None and article.published.best == dt.date(2023, 2, 1)


def test_url_header_line_in_plain_text() -> None:
    article = read_text("Kharkiv shelled\nSource: https://example.org/k\nShelling went on.")
    assert article.url == "https://example.org/k"
    assert article.title == "Kharkiv shelled"


def test_a_single_path_is_one_path(seeds_dir: Path) -> None:
    assert len(list(read_paths(str(seeds_dir), today=TODAY))) == 5
    assert len(list(read_paths(seeds_dir, today=TODAY))) == 5


def test_glob_and_directory(seeds_dir: Path) -> None:
    found = articles(str(seeds_dir / "00[12]_*.txt"))
    assert [Path(a.source).name[:3] for a in found] == ["001", "002"]


def test_sidecar_in_the_directory_dates_its_articles() -> None:
    (article,) = articles(DATA / "dated")
    assert article.published is not None
    assert (article.published.best, article.published.method) == (dt.date(2022, 7, 15), "sidecar")


def test_explicit_sidecar_and_override(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling went on.\nMore shelling.", encoding="utf-8")
    sidecar = tmp_path / "my_dates.json"
    sidecar.write_text('{"a.txt": "2022-04-02"}', encoding="utf-8")
    (article,) = articles(tmp_path / "a.txt", sidecar=sidecar)
    assert article.published.best == dt.date(2022, 4, 2)  # type: ignore[union-attr]
    (article,) = articles(tmp_path / "a.txt", date="2022-05-05")
    assert article.published.method == "override"  # type: ignore[union-attr]


def test_undated_article_is_marked_undated(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling went on.\nMore shelling.", encoding="utf-8")
    (article,) = articles(tmp_path / "a.txt")
    assert article.published is None
    assert article.metadata["undated"] is True


def test_read_text_formats() -> None:
    article = read_text("<html><body><article><p>" + "Fighting near Bakhmut went on. " * 5
                        + "</p></article></body></html>", source="page.html")  # fmt: skip
    assert article.text.startswith("Fighting near Bakhmut")
    with pytest.raises(UnreadableArticle, match="holds 2 articles"):
        read_text('[{"text": "a b c"}, {"text": "d e f"}]', source="x.json")
