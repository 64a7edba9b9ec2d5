"""HTML pages of different shapes: semantic markup, div soup, JSON-LD, hidden furniture."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.articles import read_text
from geomap.errors import UnreadableArticle

TODAY = dt.date(2025, 1, 1)
PARA = "Russian forces shelled the outskirts of Kharkiv overnight, the regional governor said."


def test_div_soup_takes_the_block_with_most_paragraph_text() -> None:
    html = f"""<html><body>
      <div class="top"><p>Home</p><p>World</p></div>
      <div class="story"><p>{PARA}</p><p>{PARA.replace("Kharkiv", "Izium")}</p></div>
      <div class="bottom"><p>About us</p></div></body></html>"""
    article = read_text(html, source="x.html", today=TODAY)
    assert article.text.splitlines() == [PARA, PARA.replace("Kharkiv", "Izium")]


def test_json_ld_gives_date_title_and_url() -> None:
    html = f"""<html><head><script type="application/ld+json">
      {{"@context": "https://schema.org", "@graph": [
        {{"@type": "WebSite", "url": "https://example.org/"}},
        {{"@type": "NewsArticle", "headline": "Kharkiv shelled",
          "datePublished": "2022-05-14T08:00:00+03:00", "url": "https://example.org/k"}}]}}
      </script></head><body><article><p>{PARA}</p></article></body></html>"""
    article = read_text(html, source="x.html", today=TODAY)
    assert article.title == "Kharkiv shelled"
    assert article.url == "https://example.org/k"
    assert article.published is not None
    assert article.published.best == dt.date(2022, 5, 14)
    assert article.published.method == "metadata"


def test_json_ld_article_body_when_the_page_is_drawn_by_scripts() -> None:
    html = f"""<html><head><script type="application/ld+json">
      {{"@type": "NewsArticle", "articleBody": "{PARA}", "datePublished": "2022-05-14"}}
      </script></head><body><div id="root"></div></body></html>"""
    article = read_text(html, source="x.html", today=TODAY)
    assert article.text == PARA


def test_hidden_and_aria_hidden_and_time_element() -> None:
    html = f"""<html><body><article>
      <time datetime="2023-01-16T10:00:00Z">Jan 16</time>
      <p>{PARA}</p><p hidden>Secret text that is hidden from readers of the page.</p>
      <div aria-hidden="true"><p>Decorative text that screen readers skip entirely.</p></div>
      <div class="newsletter-signup"><p>Sign up to get the war news daily, for free.</p></div>
      </article></body></html>"""
    article = read_text(html, source="x.html", today=TODAY)
    assert article.text == f"Jan 16\n{PARA}"
    assert article.published is not None and article.published.best == dt.date(2023, 1, 16)


def test_entities_and_line_breaks_are_text() -> None:
    html = f"<html><body><article><p>{PARA} Kyiv&nbsp;&amp;&nbsp;Lviv<br>too.</p></article></body>"
    article = read_text(html, source="x.html", today=TODAY)
    assert article.text.endswith("Kyiv & Lviv too.")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><head><script>var a = 1;</script></head><body></body></html>",
        "<html><body><ul><li>Home</li><li>World</li><li>Ukraine war</li></ul></body></html>",
    ],
)
def test_pages_without_article_text_are_unreadable(html: str) -> None:
    with pytest.raises(UnreadableArticle, match=r"^x\.html: no article text in the HTML page"):
        read_text(html, source="x.html", today=TODAY)


def test_caption_spans_survive_unicode_normalisation() -> None:
    decomposed = (
        "Cafe\u0301 owners in Kyiv sheltered in the metro during the night, officials said."
    )
    html = (
        f"<html><body><article><p>{decomposed}</p><figure><figcaption>Cafe\u0301 in Kyiv. "
        f"Reuters/Stringer</figcaption></figure><p>{PARA}</p></article></body></html>"
    )
    article = read_text(html, source="x.html", today=TODAY)
    assert [article.text[s:e] for s, e in article.captions] == ["Café in Kyiv. Reuters/Stringer"]
