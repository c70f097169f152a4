"""Every page of the sample site is valid HTML for the W3C Nu checker (the `vnu-jar`
npm package, pinned in package.json; needs Java): zero errors over the whole output.

One run of the checker reads the sample output and a small page with a known error
(`<form action="">`, what /cari/ once had), so the check is seen to find errors."""

from __future__ import annotations

from support.nu import nu_check


def test_every_page_is_valid_html(sample_site, tmp_path):
    broken = tmp_path / "rusak"
    broken.mkdir()
    (broken / "index.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><form action=""><input name="q" aria-label="q"></form></body></html>',
        encoding="utf-8")
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 60
    messages = nu_check(sample_site, broken)
    in_site = [f"{m.get('url', '?')}: {m.get('message')}" for m in messages
               if "/rusak/" not in m.get("url", "")]
    in_broken = [m for m in messages if "/rusak/" in m.get("url", "")]
    assert in_site == []
    # the checker ran and does find errors: the known one, and only it
    assert len(in_broken) == 1 and "action" in in_broken[0]["message"], in_broken
