"""Open data: the CSV and JSON files parsed with the standard library and compared with
the validated sample content; the JSON validated against its published schema."""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import jsonschema
import pytest

from kasdikdas.pages.opendata.schema import kiprah_schema
from support import CONTENT
from kasdikdas.model.entities import (
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_STAGES,
)
from kasdikdas.model.registry import load_registry
from kasdikdas.validate import check_content
from kasdikdas.pages.opendata.files import csv_text, spreadsheet_cell
from kasdikdas.pages.opendata.media import media_facts
from kasdikdas.pages.opendata.innovations import innovation_columns
from kasdikdas.pages.opendata.records import KIPRAH_COLUMNS, Entry, kiprah_document


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def header(path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def schema_of(output):
    return json.loads((output / "data/kiprah.v1.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model():
    registry = load_registry(CONTENT / "data/kecamatan.yml", CONTENT / "data/schools.yml")
    showcases, problems = check_content(CONTENT, registry)
    assert not problems
    return registry, {s.slug: s for s in showcases}


def test_kiprah_csv_has_every_showcase_once_with_its_fields(sample_site, model):
    _, showcases = model
    rows = read_csv(sample_site / "data/kiprah.csv")
    assert sorted(r["slug"] for r in rows) == sorted(showcases)
    for row in rows:
        s = showcases[row["slug"]]
        assert row["url"] == f"/kiprah/{s.slug}/"
        assert (row["title"], row["date"], row["summary"]) == (
            s.title,
            s.date.isoformat(),
            s.summary,
        )
        assert (row["npsn"], row["school"], row["level"]) == (
            s.school.npsn,
            s.school.name,
            s.level.code,
        )
        assert (row["kecamatan"], row["kecamatan_code"], row["kecamatan_name"]) == (
            s.kecamatan.slug, s.kecamatan.kemendagri_code, s.kecamatan.name)
        assert (row["category"], row["category_name"]) == (s.category.slug, s.category.name)
        assert row["tags"] == "; ".join(s.tags)
        inn = s.innovation
        assert row["innovation_stage"] == (inn.stage if inn else "")
        assert row["innovation_started"] == (inn.started.isoformat() if inn and inn.started else "")


def test_video_columns_come_from_the_pipeline_or_stay_empty(sample_site, model):
    _, showcases = model
    document = json.loads((sample_site / "data/kiprah.json").read_text(encoding="utf-8"))
    rows = {r["slug"]: r for r in read_csv(sample_site / "data/kiprah.csv")}
    for record in document["showcases"]:
        row = rows[record["slug"]]
        if showcases[record["slug"]].video.is_remote:
            # Nothing probed: the columns stay empty rather than guessed.
            assert row["duration_seconds"] == row["tiers"] == row["poster_url"] == ""
            continue
        assert 30 <= record["duration_seconds"] <= 60  # the programme's rule, probed
        assert row["duration_seconds"] == str(record["duration_seconds"])
        assert record["tiers"] and all(t["bytes"] > 0 for t in record["tiers"])
        for url in [t["url"] for t in record["tiers"]] + [record["poster_url"]]:
            assert (sample_site / url.lstrip("/")).is_file(), url
        assert {t.get("codec") for t in record["tiers"]} == {"av1", "h264"}  # both codecs listed
        keys = [f"{t['name']}-av1" if t["codec"] == "av1" else t["name"] for t in record["tiers"]]
        assert row["tiers"] == "; ".join(f"{k}={t['bytes']}" for k, t in zip(keys, record["tiers"]))


def test_kiprah_rows_are_newest_first(sample_site):
    dates = [r["date"] for r in read_csv(sample_site / "data/kiprah.csv")]
    assert dates == sorted(dates, reverse=True)


def test_kiprah_json_validates_against_its_published_schema_and_matches_csv(sample_site, model):
    _, showcases = model
    document = json.loads((sample_site / "data/kiprah.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema_of(sample_site)).validate(document)
    assert document["schema"] == "kiprah.v1.schema.json" and document["schema_version"] == 1
    assert document["count"] == len(document["showcases"]) == len(showcases)
    rows = {r["slug"]: r for r in read_csv(sample_site / "data/kiprah.csv")}
    for record in document["showcases"]:
        row = rows[record["slug"]]
        for key in ("url", "title", "date", "npsn", "school", "level", "kecamatan", "category"):
            assert record[key] == row[key]
        assert record["tags"] == list(showcases[record["slug"]].tags)
        inn = showcases[record["slug"]].innovation
        assert (record["innovation"] or {}).get("kind") == (inn.kind if inn else None)
        assert (record["innovation"] or {}).get("screening") == (inn.screening if inn else None)


def test_schema_rejects_what_the_model_would_reject(sample_site):
    validator = jsonschema.Draft202012Validator(schema_of(sample_site))
    document = json.loads((sample_site / "data/kiprah.json").read_text(encoding="utf-8"))
    record = next(r for r in document["showcases"] if r["innovation"])
    for broken in (
        {**record, "level": "SMA"},
        {**record, "innovation": {**record["innovation"], "stage": "rancangan"}},
        {**record, "innovation": {**record["innovation"], "screening": "lolos"}},
        {k: v for k, v in record.items() if k != "npsn"},
        {**record, "extra": 1},
    ):
        assert not validator.is_valid({**document, "showcases": [broken], "count": 1})


def test_schema_vocabularies_are_the_models():
    schema = kiprah_schema()
    inn = schema["$defs"]["showcase"]["properties"]["innovation"]["oneOf"][1]["properties"]
    assert inn["stage"]["enum"] == list(INNOVATION_STAGES)
    assert inn["initiator"]["enum"] == list(INNOVATION_INITIATORS)
    assert inn["kind"]["enum"] == list(INNOVATION_KINDS)
    assert inn["form"]["enum"] == list(INNOVATION_FORMS)


def test_sekolah_csv_lists_every_registry_school_with_its_counts(sample_site, model):
    registry, showcases = model
    rows = read_csv(sample_site / "data/sekolah.csv")
    assert [r["npsn"] for r in rows] == sorted(registry.schools)
    for row in rows:
        mine = [s for s in showcases.values() if s.school.npsn == row["npsn"]]
        assert int(row["showcases"]) == len(mine)
        for slug in ("kreativitas-siswa", "inovasi-pembelajaran", "kegiatan-sekolah"):
            assert int(row[slug.replace("-", "_")]) == sum(s.category.slug == slug for s in mine)
        assert int(row["innovations"]) == sum(s.innovation is not None for s in mine)
        assert row["latest_showcase"] == (max(s.date for s in mine).isoformat() if mine else "")
        assert row["url"] == f"/sekolah/{row['npsn']}/"
    assert sum(int(r["showcases"]) for r in rows) == len(showcases)
    assert any(r["showcases"] == "0" for r in rows), "schools without showcases belong in the file"


def test_inovasi_csv_follows_the_index_field_order(sample_site, model):
    _, showcases = model
    path = sample_site / "data/inovasi.csv"
    assert header(path)[:11] == [
        "name",
        "stage",
        "initiator",
        "initiator_name",
        "kind",
        "form",
        "theme",
        "affair",
        "other_affairs",
        "trial_start",
        "implementation_start",
    ]
    rows = read_csv(path)
    innovative = {s.slug: s for s in showcases.values() if s.innovation}
    assert sorted(r["showcase_url"] for r in rows) == sorted(
        f"/kiprah/{slug}/" for slug in innovative
    )
    for row in rows:
        s = innovative[row["showcase_url"].split("/")[2]]
        assert row["name"] == s.innovation.name and row["school"] == s.school.name
        assert row["summary"] == s.summary
        assert row["stage"] == INNOVATION_STAGES[s.innovation.stage]
        assert row["initiator"] == INNOVATION_INITIATORS[s.innovation.initiator]
        assert row["kind"] == INNOVATION_KINDS[s.innovation.kind]
        assert row["form"] == INNOVATION_FORMS[s.innovation.form]


def test_data_page_documents_every_column_and_links_every_file(sample_site):
    html = (sample_site / "data/index.html").read_text(encoding="utf-8")
    for name in ("kiprah.csv", "sekolah.csv", "inovasi.csv"):
        assert f'href="../data/{name}"' in html
        for column in header(sample_site / "data" / name):
            assert f"<code>{column.replace('_', '_<wbr>')}</code>" in html, (name, column)
    for name in ("kiprah.json", "kiprah.v1.schema.json"):
        assert f'href="../data/{name}"' in html and (sample_site / "data" / name).is_file()
    assert "UTF-8" in html and "Koma" in html


TRICKY = """---
title: 'Gamelan, "Juara" Śrī Ayu — Kelas 5'
date: 2024-10-12
school: "20300002"
category: kreativitas-siswa
video: videos/20300001-gamelan-cilik.mp4
summary: "Baris pertama, dengan koma;\\nbaris kedua \\"berkutip\\"."
tags: [seni, "musik, tradisi"]
consent: true
innovation:
  name: Gamelan "Digital", Jilid 2
  stage: uji-coba
  initiator: masyarakat
  kind: digital
  form: pelayanan-publik
  started: 2024-08-01
---
Penjelasan.
"""

FORMULA = """---
title: =HYPERLINK("http://contoh.invalid")
date: 2024-10-13
school: "20300002"
category: kegiatan-sekolah
video: videos/20300001-gamelan-cilik.mp4
summary: Uji rumus.
consent: true
---
Penjelasan.
"""


def test_commas_quotes_newlines_and_non_ascii_survive_csv_and_json(site):
    site.write("kiprah/20300002-gamelan-juara.md", TRICKY)
    site.write("kiprah/20300002-rumus.md", FORMULA)
    out = site.build()
    title = 'Gamelan, "Juara" Śrī Ayu — Kelas 5'
    summary = 'Baris pertama, dengan koma;\nbaris kedua "berkutip".'
    row = next(
        r for r in read_csv(out / "data/kiprah.csv") if r["slug"] == "20300002-gamelan-juara"
    )
    assert (row["title"], row["summary"], row["tags"]) == (title, summary, "seni; musik, tradisi")
    assert row["innovation_name"] == 'Gamelan "Digital", Jilid 2'
    raw = (out / "data/kiprah.csv").read_bytes().decode("utf-8-sig")
    assert '"Gamelan, ""Juara"" Śrī Ayu — Kelas 5"' in raw
    document = json.loads((out / "data/kiprah.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema_of(out)).validate(document)
    record = next(r for r in document["showcases"] if r["slug"] == "20300002-gamelan-juara")
    assert (record["title"], record["summary"]) == (title, summary)
    assert record["tags"] == ["seni", "musik, tradisi"]
    assert document["count"] == len(read_csv(out / "data/kiprah.csv"))
    formula = next(r for r in read_csv(out / "data/kiprah.csv") if r["slug"] == "20300002-rumus")
    assert formula["title"] == "'" + '=HYPERLINK("http://contoh.invalid")'
    inovasi = next(r for r in read_csv(out / "data/inovasi.csv") if r["name"].startswith("Gamelan"))
    assert (inovasi["name"], inovasi["stage"], inovasi["school"]) == (
        'Gamelan "Digital", Jilid 2',
        "Uji Coba",
        "SD Negeri 2 Tempelan",
    )
    school = next(r for r in read_csv(out / "data/sekolah.csv") if r["npsn"] == "20300002")
    assert (
        school["showcases"],
        school["kreativitas_siswa"],
        school["kegiatan_sekolah"],
        school["innovations"],
        school["latest_showcase"],
    ) == ("2", "1", "1", "1", "2024-10-13")


def test_spreadsheet_cells_never_start_a_formula():
    assert [spreadsheet_cell(v) for v in ("=1+1", "+62 812", "-5", "@SUM", "Aman", None, 3)] == [
        "'=1+1",
        "'+62 812",
        "'-5",
        "'@SUM",
        "Aman",
        "",
        "3",
    ]
    text = csv_text(KIPRAH_COLUMNS[:2], [{"slug": "a", "url": "x,\ny"}])
    assert text == 'slug,url\r\na,"x,\ny"\r\n'


def test_video_facts_are_read_from_article_media_when_the_video_plugin_sets_them(model):
    _, showcases = model
    showcase = next(s for s in showcases.values() if s.innovation)
    # The shape the video plugin sets (media.published.Media / Rendition).
    media = SimpleNamespace(
        duration=47.4,
        poster_jpeg="media/x/poster.jpg",
        renditions=(
            SimpleNamespace(
                tier="hemat", quality="240p", height=240, bytes=812_345, url="media/x/240.mp4"
            ),
            SimpleNamespace(
                tier="standar", quality="360p", height=360, bytes=1_645_000, url="media/x/360.mp4"
            ),
        ),
    )
    facts = media_facts(media)
    assert facts.duration == 47 and facts.poster == "media/x/poster.jpg"
    assert facts.best_tier.url == "media/x/360.mp4"
    assert (
        media_facts(None).tiers == ()
        and media_facts(None).duration is None
    )
    entry = Entry(showcase, f"kiprah/{showcase.slug}/", facts)
    document = kiprah_document([entry], "https://contoh.sch.id", "kiprah.v1.schema.json")
    schema = kiprah_schema()
    jsonschema.Draft202012Validator(schema).validate(document)
    record = document["showcases"][0]
    assert record["duration_seconds"] == 47
    assert record["tiers"][0] == {
        "name": "hemat",
        "codec": "h264",  # a rendition without a codec is H.264 (before AV1)
        "height": 240,
        "bytes": 812_345,
        "url": "https://contoh.sch.id/media/x/240.mp4",
    }
    assert record["poster_url"] == "https://contoh.sch.id/media/x/poster.jpg"
    from kasdikdas.pages.opendata.innovations import innovation_rows
    from kasdikdas.pages.opendata.records import kiprah_csv_row

    assert kiprah_csv_row(record)["tiers"] == "hemat=812345; standar=1645000"
    rules = model[0].index_rules
    row = innovation_rows([entry], "https://contoh.sch.id", rules)[0]
    assert row["video_url"] == "https://contoh.sch.id/media/x/360.mp4"
    assert row["duration_seconds"] == 47
    assert [c.key for c in innovation_columns(rules)] == list(row)


def test_published_build_gives_absolute_urls(site):
    out = site.build("publishconf.py", SITEURL="https://contoh.blorakab.go.id")
    document = json.loads((out / "data/kiprah.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema_of(out)).validate(document)
    for record in document["showcases"]:
        assert record["url"] == f"https://contoh.blorakab.go.id/kiprah/{record['slug']}/"
    school = read_csv(out / "data/sekolah.csv")[0]
    assert school["url"] == f"https://contoh.blorakab.go.id/sekolah/{school['npsn']}/"
    html = (out / "data/index.html").read_text(encoding="utf-8")
    assert 'href="https://contoh.blorakab.go.id/data/kiprah.csv"' in html


def test_media_facts_read_the_video_pipelines_own_media_class():
    """Catches drift in the attributes read."""
    from kasdikdas.media import published

    def rendition(tier, width, height, size):
        return published.Rendition(
            tier=tier,
            label=tier,
            quality=f"{height}p",
            width=width,
            height=height,
            bytes=size,
            url=f"media/x/{tier}.mp4",
        )

    renditions = (rendition("hemat", 426, 240, 700_000), rendition("standar", 640, 360, 1_400_000))
    media = published.Media(
        slug="x",
        duration=44.6,
        width=426,
        height=240,
        renditions=renditions,
        poster_jpeg="media/x/poster.jpg",
        poster_webp="media/x/poster.webp",
        poster_width=426,
        poster_height=240,
        poster_bytes=9000,
        placeholder_color="#000000",
        placeholder="data:,",
        files=(),
    )
    facts = media_facts(media)
    assert facts.duration == 45 and facts.poster == "media/x/poster.jpg"
    assert [(t.name, t.height, t.bytes) for t in facts.tiers] == [
        ("hemat", 240, 700_000),
        ("standar", 360, 1_400_000),
    ]
    assert facts.best_tier.url == "media/x/standar.mp4"
