"""What link previews and search engines read from the publish build (issue 25): every
page type read with `extruct` as a crawler does, Open Graph and JSON-LD (VideoObject,
BreadcrumbList, School) with absolute URLs that resolve to files in the output; share
images that WhatsApp shows (JPEG, ≥ 600 px wide, 1.91:1, ≤ 300 KB, no metadata); the
video sitemap and the robots.txt that names it."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import extruct
import pytest
from PIL import Image

from kasdikdas.build import build_site
from kasdikdas.media.poster import SHARE_MAX_BYTES, share_image
from support import CONTENT, ROOT

SITEURL = "https://kas.example.id"
# one page of every type that carries a share image
GROUP_PAGES = ("sekolah/20300001/", "jenjang/sd/", "kategori/kreativitas-siswa/",
               "kecamatan/blora/")
OTHER_PAGES = ("", "sekolah/", "jenjang/", "kategori/", "kecamatan/", "statistik/",
               "inovasi/", "data/", "cari/", "tentang/")


@pytest.fixture(scope="module")
def published(tmp_path_factory, sample_videos):
    out = tmp_path_factory.mktemp("terbit") / "output"
    build_site(ROOT / "publishconf.py", out, PATH=str(CONTENT), SITEURL=SITEURL,
               CACHE_PATH=str(tmp_path_factory.mktemp("cache")))
    return out


def showcase_pages(out) -> list[str]:
    return sorted(p.parent.relative_to(out).as_posix() + "/"
                  for p in (out / "kiprah").glob("*/index.html"))


def structured(out, url: str) -> dict:
    html = (out / url / "index.html").read_text(encoding="utf-8")
    return extruct.extract(html, base_url=f"{SITEURL}/{url}", syntaxes=["opengraph", "json-ld"],
                           uniform=True)


def local_file(out, url: str):
    assert url.startswith(f"{SITEURL}/"), url
    path = out / url.removeprefix(f"{SITEURL}/")
    assert path.is_file(), url
    return path


def og_of(data: dict) -> dict:
    (og,) = data["opengraph"]
    return og


def assert_share_image(out, og: dict) -> tuple[int, int]:
    path = local_file(out, og["og:image"])
    assert path.stat().st_size <= SHARE_MAX_BYTES
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), image.info
        size = image.size
    assert (og["og:image:width"], og["og:image:height"]) == tuple(map(str, size))
    assert size[1] == round(size[0] * 630 / 1200) and 600 <= size[0] <= 1200  # 1.91:1
    assert og["og:image:type"] == "image/jpeg" and og["og:image:alt"].strip()
    return size


def test_every_showcase_page_announces_a_share_image_whatsapp_shows(published):
    pages = showcase_pages(published)
    assert len(pages) == len(list((CONTENT / "kiprah").glob("*.md")))
    widths = set()
    for url in pages:
        og = og_of(structured(published, url))
        assert og["og:url"] == f"{SITEURL}/{url}" and og["@type"] == "article"
        assert "-bagikan-" in og["og:image"]
        widths.add(assert_share_image(published, og)[0])
    # the samples are small clips, never enlarged: a 240p landscape frame gives 600×315,
    # a 360p one 686×360 (the rule itself: test_the_share_image_never_enlarges_the_frame)
    assert {600, 686} <= widths and all(600 <= w <= 1200 for w in widths), widths


def test_school_and_group_pages_have_a_card_with_their_name(published):
    for url in GROUP_PAGES:
        og = og_of(structured(published, url))
        assert og["og:url"] == f"{SITEURL}/{url}"
        assert "/kartu/" in og["og:image"]
        assert assert_share_image(published, og) == (1200, 630)
    school = og_of(structured(published, GROUP_PAGES[0]))
    assert school["og:image:alt"].startswith("SD Negeri 1 Blora")


def test_other_pages_carry_absolute_open_graph_urls(published):
    for url in OTHER_PAGES:
        og = og_of(structured(published, url))
        assert og["og:url"] == f"{SITEURL}/{url}", url


@pytest.mark.fast
def test_the_share_image_never_enlarges_the_frame():
    small = Image.new("RGB", (426, 240), (20, 160, 60))  # a 240p frame
    image = share_image(small)
    assert image.size == (600, 315)
    # the frame sits at its own size in the middle: its edges are the frame's colour,
    # just outside them the darkened backdrop
    left = (600 - 426) // 2
    assert image.getpixel((left + 2, 157))[1] > 150 and image.getpixel((left - 3, 157))[1] < 100
    large = Image.frombytes("RGB", (1920, 1080), os.urandom(1920 * 1080 * 3))
    assert share_image(large).size == (1200, 630)
    sample = share_image(Image.new("RGB", (640, 360), (20, 160, 60)))  # a 360p frame
    assert sample.size == (686, 360)  # the frame at its own size, full height
    assert sample.getpixel((23 + 2, 5))[1] > 150 and sample.getpixel((20, 5))[1] < 100
    portrait = share_image(Image.new("RGB", (720, 1280), (200, 30, 30)))
    assert portrait.size == (1200, 630)  # the whole frame, reduced to the height
    assert portrait.getpixel((600, 315))[0] > 150 and portrait.getpixel((600 - 177 - 4, 315))[0] < 120


# --- search engines: JSON-LD and the video sitemap ------------------------------------

def json_ld(data: dict, kind: str) -> list[dict]:
    return [item for item in data["json-ld"] if item.get("@type") == kind]


def test_every_showcase_page_carries_a_video_object_google_reads(published):
    for url in showcase_pages(published):
        (video,) = json_ld(structured(published, url), "VideoObject")
        assert video["@context"] == "https://schema.org"
        assert video["name"].strip() and video["description"].strip()
        assert video["url"] == f"{SITEURL}/{url}" and video["inLanguage"] == "id"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+07:00", video["uploadDate"])
        assert re.fullmatch(r"PT(\d+M)?(\d+S)?", video["duration"]) and video["duration"] != "PT"
        for thumbnail in video["thumbnailUrl"]:
            assert local_file(published, thumbnail).suffix == ".jpg"
        content = local_file(published, video["contentUrl"])
        assert "-h264-" in content.name and content.suffix == ".mp4"
        assert video["publisher"]["name"] == "Dinas Pendidikan Kabupaten Blora"
        seconds = sum(int(n) * {"M": 60, "S": 1}[u]
                      for n, u in re.findall(r"(\d+)([MS])", video["duration"]))
        assert 30 <= seconds <= 61, video["duration"]


def test_every_page_with_a_trail_has_a_breadcrumb_list(published):
    seen = 0
    for page in sorted(published.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="jejak"' not in html:
            continue
        url = page.parent.relative_to(published).as_posix() + "/"
        data = extruct.extract(html, base_url=f"{SITEURL}/{url}", syntaxes=["json-ld"])
        (trail,) = json_ld(data, "BreadcrumbList")
        items = trail["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert items[0]["item"] == f"{SITEURL}/" and "item" not in items[-1]
        for item in items[:-1]:
            local_file(published, item["item"] + "index.html")
        seen += 1
    assert seen > 60


def test_school_pages_describe_the_school(published):
    (school,) = json_ld(structured(published, "sekolah/20300001/"), "School")
    assert school["name"] == "SD Negeri 1 Blora"
    assert school["identifier"] == {"@type": "PropertyValue", "propertyID": "NPSN",
                                    "value": "20300001"}
    assert school["address"]["@type"] == "PostalAddress"
    assert school["address"]["streetAddress"].strip() and school["address"]["addressCountry"] == "ID"


def test_the_video_sitemap_lists_every_showcase_and_robots_names_it(published):
    tree = ET.parse(published / "sitemap-video.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "video": "http://www.google.com/schemas/sitemap-video/1.1"}
    entries = {}
    for url in tree.getroot().findall("s:url", ns):
        video = url.find("video:video", ns)
        fields = {child.tag.split("}")[1]: child.text for child in video}
        entries[url.find("s:loc", ns).text] = fields
    assert sorted(entries) == [f"{SITEURL}/{u}" for u in showcase_pages(published)]
    for loc, fields in entries.items():
        assert {"thumbnail_loc", "title", "description", "content_loc", "duration"} <= set(fields)
        assert local_file(published, fields["thumbnail_loc"]).suffix == ".jpg"
        assert "-h264-" in local_file(published, fields["content_loc"]).name
        assert 30 <= int(fields["duration"]) <= 61 and fields["title"].strip()
        (video,) = json_ld(structured(published, loc.removeprefix(f"{SITEURL}/")), "VideoObject")
        assert fields["title"] == video["name"] and fields["content_loc"] == video["contentUrl"]
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap-video.xml" in robots.splitlines()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


@pytest.mark.fast
def test_school_data_has_geo_only_when_the_registry_has_it_and_no_text_ends_the_block():
    from kasdikdas.pages.structured import jsonld, school_data

    school = SimpleNamespace(npsn="20300099", name="SD </script><b>", village="Cepu",
                             address="Jl. A", kecamatan=SimpleNamespace(name="Cepu"),
                             links={}, latitude=-7.15, longitude=111.59)
    data = school_data(school, f"{SITEURL}/sekolah/20300099/", SITEURL)
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": -7.15, "longitude": 111.59}
    block = str(jsonld(data))
    assert block.count("</script>") == 1 and "\\u003c/script\\u003e" in block
    school.latitude = school.longitude = None
    assert "geo" not in school_data(school, f"{SITEURL}/sekolah/20300099/", SITEURL)
    assert school_data(school, "sekolah/20300099/", "") is None  # development build


# --- feeds for scheduling tools ----------------------------------------------------------

def test_every_feed_entry_carries_the_video_and_its_image(published):
    import feedparser

    feeds = sorted((published / "feeds").rglob("*.atom.xml"))
    assert len(feeds) >= 3
    entries = 0
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            video, image = entry.enclosures
            assert video.type == "video/mp4" and "-h264-" in video.href
            assert int(video.length) == local_file(published, video.href).stat().st_size
            assert image.type == "image/jpeg"
            assert int(image.length) == local_file(published, image.href).stat().st_size
            page = entry.link.removeprefix(f"{SITEURL}/")
            (data,) = json_ld(structured(published, page), "VideoObject")
            assert video.href == data["contentUrl"]
            entries += 1
    everything = feedparser.parse((published / "feeds/semua.atom.xml").read_bytes())
    assert len(everything.entries) == len(showcase_pages(published)) and entries > 18
