"""A real Pelican build of the sample site."""

import re
from pathlib import Path

import pytest

from kasdikdas.build import pelican_settings
from kasdikdas.state import with_defaults
from kasdikdas.validate import showcase_paths

from support import CONTENT

pytestmark = pytest.mark.slow  # its tests run ffmpeg, a build or a server in their own bodies


def test_every_sample_showcase_gets_a_page(sample_site):
    settings = with_defaults(pelican_settings(CONTENT.parent / "pelicanconf.py", PATH=str(CONTENT)))
    stems = {Path(p).stem for p in showcase_paths(settings)}
    assert len(stems) >= 15
    built = {p.parent.name for p in (sample_site / "kiprah").glob("*/index.html")}
    assert built == stems


def test_showcase_page_shows_school_and_indonesian_date(sample_site):
    html = (sample_site / "kiprah/20300001-gamelan-cilik/index.html").read_text()
    assert "<h1>Gamelan Cilik Kelas 5</h1>" in html
    assert "SD Negeri 1 Blora" in html
    assert re.search(r'<time datetime="2024-10-11">11 Oktober 2024</time>', html)
    assert 'lang="id"' in html


def test_no_built_page_refreshes_itself(sample_site):
    """Only a page served before its clip is encoded asks for itself again (VIDEO_DEFER,
    the live preview and `invoke serve`); a built site never does."""
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 50
    assert [p for p in pages if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")] == []


def test_article_urls_are_computed_once_and_stay_what_pelican_computed():
    """kiprah.fix_urls: each article keeps the URL and path Pelican computed from the
    settings, through Pelican's per-article override, instead of recomputing them on
    every one of tens of thousands of template accesses."""
    import datetime as dt

    from kasdikdas.validate.resolve import fix_urls
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "kiprah/{slug}/",
                "ARTICLE_SAVE_AS": "kiprah/{slug}/index.html"}
    article = Article("isi", metadata={"title": "Gamelan", "slug": "20300001-gamelan",
                                       "date": dt.datetime(2024, 10, 11)}, settings=settings)
    computed = (article.url, article.save_as)
    assert computed == ("kiprah/20300001-gamelan/", "kiprah/20300001-gamelan/index.html")
    fix_urls([article])
    settings["ARTICLE_URL"] = settings["ARTICLE_SAVE_AS"] = "lain/{slug}.html"
    assert (article.url, article.save_as) == computed  # no longer recomputed
