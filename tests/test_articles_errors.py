"""Every kind of bad input gives a message that names the file and the problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.articles import read_paths
from geomap.errors import BadDate, UnreadableArticle
from geomap.models import Article

TODAY = dt.date(2025, 1, 1)
DATA = Path(__file__).parent / "data" / "articles"


def only_error(path: Path | str, **options: object) -> str:
    items = list(read_paths([path], today=TODAY, **options))  # type: ignore[arg-type]
    assert len(items) == 1
    assert isinstance(items[0], UnreadableArticle), items[0]
    message = str(items[0])
    assert message.startswith(str(path)), message
    return message


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("nul.txt", b"Bakhmut\x00\x00\x01\x02 fighting", "binary"),
        ("doc.txt", b"%PDF-1.7 binary stuff", "PDF"),
        ("control.txt", bytes(range(1, 9)) * 40, "binary"),
        ("bad.txt", b"Fighting \xff\xfe\x80 in Bakhmut \x81\x8d", "not UTF-8"),
        ("broken.json", b'{"text": "Fighting",\n "title": }', "broken JSON at line 2"),
        ("list.json", b"[]", "no articles"),
        ("nobody.md", b"---\ntitle: [unclosed\n---\nText", "broken YAML front matter"),
        ("empty.csv", b"title,text\n", "no rows"),
        ("rows.jsonl", b"\n\n", "empty"),
        ("u16.txt", "Fighting near Bakhmut.".encode("utf-16-le"), "--encoding utf-16-le"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert problem in only_error(path)


def test_html_with_no_body_text() -> None:
    assert "no article text in the HTML page" in only_error(DATA / "nobody.html")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Fighting near Bakhmut. " * 100, encoding="utf-8")
    message = only_error(path, max_bytes=1000)
    assert "over the" in message and "--max-size" in message


def test_missing_file_and_empty_glob(tmp_path: Path) -> None:
    assert "no such file" in only_error(tmp_path / "nope.txt")
    assert "no files match" in only_error(str(tmp_path / "*.txt"))
    assert "no article files" in only_error(tmp_path)
    assert "URLs" in only_error("https://example.org/news")


def test_legacy_encodings_are_read_when_clearly_text(tmp_path: Path) -> None:
    cyr = tmp_path / "cyr.txt"
    cyr.write_bytes("Бахмут: бої тривають.\nЗСУ тримають оборону.".encode("cp1251"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café owners in Kyiv – “we stay”.\nMore.".encode("cp1252"))
    found = list(read_paths([cyr, latin], today=TODAY))
    assert all(isinstance(a, Article) for a in found), found
    assert found[0].text.startswith("Бахмут")  # type: ignore[union-attr]
    assert found[0].metadata["encoding"] == "cp1251"  # type: ignore[union-attr]
    assert found[1].metadata["encoding"] == "cp1252"  # type: ignore[union-attr]


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Fighting near Bakhmut.\nMore.".encode("utf-16-le"))
    (article,) = read_paths([path], today=TODAY, encoding="utf-16-le")
    assert isinstance(article, Article) and article.text.startswith("Fighting")


def test_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "koi.html"
    body = "<p>Российские войска обстреляли Харьков ночью, сообщил губернатор области.</p>" * 2
    page = f'<html><head><meta charset="koi8-r"></head><body><article>{body}</article></body>'
    path.write_bytes(page.encode("koi8-r"))
    (article,) = read_paths([path], today=TODAY)
    assert isinstance(article, Article), article
    assert article.text.startswith("Российские войска")
    assert article.metadata["encoding"] == "koi8-r"


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Fighting near Bakhmut.\nMore.".encode("utf-16"))
    (article,) = read_paths([path], today=TODAY)
    assert isinstance(article, Article)


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    items = list(read_paths([tmp_path / "a_empty.txt", seeds_dir], today=TODAY))
    assert isinstance(items[0], UnreadableArticle)
    assert sum(isinstance(i, Article) for i in items) == 5


def test_bad_override_raises_at_once() -> None:
    with pytest.raises(BadDate, match="not a real date"):
        read_paths(["whatever.txt"], date="2022-02-30", today=TODAY)
    with pytest.raises(BadDate, match="in the future"):
        read_paths(["whatever.txt"], date="2031-01-01", today=TODAY)


def test_impossible_metadata_date_is_reported_with_the_article(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"text": "Shelling in Kherson went on.", "date": "2022-02-30"}')
    (article,) = read_paths([path], today=TODAY)
    assert isinstance(article, Article)
    assert article.published is None
    assert "not a real date" in article.metadata["date_warning"]
    assert str(path) in article.metadata["date_warning"]


def test_bad_directory_sidecar_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling went on.\nMore.", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("file,date\na.txt,1800-01-01\n", encoding="utf-8")
    items = list(read_paths([tmp_path], today=TODAY))
    assert isinstance(items[0], UnreadableArticle)
    assert "dates.csv" in str(items[0]) and "before 1900" in str(items[0])
    assert isinstance(items[1], Article) and items[1].published is None


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    good = '{"text": "Shelling in Kherson went on, officials said.", "date": "2022-12-01"}\n'
    path.write_bytes(good.encode() + b'{"text": "caf\xe9"}\n' + ("x" * 3000).encode() + b"\n"
                     + good.replace("Kherson", "Kharkiv").encode())  # fmt: skip
    items = list(read_paths([path], today=TODAY, max_bytes=2000))
    assert [type(i).__name__ for i in items] == [
        "Article", "UnreadableArticle", "UnreadableArticle", "Article"]  # fmt: skip
    assert str(items[1]).startswith(f"{path}:2: cannot decode the line as utf-8")
    assert str(items[2]).startswith(f"{path}:3: the line is") and "--max-size" in str(items[2])


def test_a_bug_on_one_file_is_reported_and_the_rest_is_read(tmp_path, monkeypatch):
    from geomap import articles

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Fighting in Bakhmut, says {name}.", encoding="utf-8")
    real = articles._read_one

    def buggy(path, **kw):
        if path.endswith("b.txt"):
            raise KeyError("auguſt")
        return real(path, **kw)

    monkeypatch.setattr(articles, "_read_one", buggy)
    items = list(articles.read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "UnreadableArticle", "Article"]
    assert "internal error while reading: KeyError" in str(items[1])
    assert items[1].source.endswith("b.txt")
