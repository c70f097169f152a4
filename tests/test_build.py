"""A real Pelican build of the sample site."""

import re

from kiprah.showcase import showcase_files

from conftest import CONTENT


def test_every_sample_showcase_gets_a_page(sample_site):
    stems = {p.stem for p in showcase_files(CONTENT, "kiprah")}
    assert len(stems) >= 15
    built = {p.parent.name for p in (sample_site / "kiprah").glob("*/index.html")}
    assert built == stems


def test_showcase_page_shows_school_and_indonesian_date(sample_site):
    html = (sample_site / "kiprah/20300001-gamelan-cilik/index.html").read_text()
    assert "<h1>Gamelan Cilik Kelas 5</h1>" in html
    assert "SD Negeri 1 Blora" in html
    assert re.search(r'<time datetime="2024-10-11">11 Oktober 2024</time>', html)
    assert 'lang="id"' in html
