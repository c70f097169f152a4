"""`video: s3://bucket/key` and `video: s3:name`: a school's original kept in the media
bucket instead of git. `invoke check` probes it (downloaded once, cached by ETag) and
names it in every message. The bucket is moto's S3 server on 127.0.0.1 (s3server.py)."""

from __future__ import annotations

import re

import pytest

from kasdikdas.build import pelican_settings
from kasdikdas.media import store
from kasdikdas.state import with_defaults
from kasdikdas.validate import validate_site

from support import CONTENT, ROOT
from support.s3server import S3Server

BUCKET = "kasdikdas-sumber"  # private: the originals
MEDIA = "kasdikdas-media"  # the media bucket (its shared cache keeps the probe records)
SHOWCASE = "kiprah/20300001-gamelan-cilik.md"
ORIGINAL = CONTENT / "videos" / "20300001-gamelan-cilik.mp4"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server.start(tmp_path_factory.mktemp("s3") / "moto.log")
    server.client().create_bucket(Bucket=BUCKET)
    server.client().create_bucket(Bucket=MEDIA)
    yield server
    server.stop()


@pytest.fixture
def bucket_env(s3, monkeypatch):
    for name, value in s3.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KASDIKDAS_MEDIA_BUCKET", f"s3://{MEDIA}/blora")
    monkeypatch.setenv("KASDIKDAS_MEDIA_SOURCES", f"s3://{BUCKET}/blora/sumber")
    store.forget_stores()
    yield s3
    store.forget_stores()


def point_at(site, value: str) -> None:
    path = site.content / SHOWCASE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^video: .*$", f"video: {value}", text, count=1, flags=re.M),
                    encoding="utf-8")
    (site.content / "videos" / ORIGINAL.name).unlink()  # the original is not in content/


def check(site):
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py", PATH=str(site.content)))
    settings["VIDEO_CACHE_PATH"] = str(site.root / "cache-video")
    return validate_site(settings)


def downloads(monkeypatch) -> list[str]:
    seen = []
    real = store.Store.download

    def counted(self, key, target, absolute=False):
        seen.append(key)
        return real(self, key, target, absolute)

    monkeypatch.setattr(store.Store, "download", counted)
    return seen


def test_a_video_in_the_bucket_is_checked_and_downloaded_once_per_etag(site, bucket_env, monkeypatch):
    client = bucket_env.client()
    client.upload_file(str(ORIGINAL), BUCKET, "blora/sumber/gamelan.mp4")
    point_at(site, "s3:gamelan.mp4")  # under KASDIKDAS_MEDIA_SOURCES
    seen = downloads(monkeypatch)
    result, problems = check(site)
    assert problems == []
    (source,) = [s for s in result.sources if s.showcase.slug == "20300001-gamelan-cilik"]
    assert source.path.read_bytes() == ORIGINAL.read_bytes()
    assert seen.count("blora/sumber/gamelan.mp4") == 1
    _, problems = check(site)  # same ETag: no second download
    assert problems == [] and seen.count("blora/sumber/gamelan.mp4") == 1
    # A replaced original has a new ETag, so it is fetched again.
    client.put_object(Bucket=BUCKET, Key="blora/sumber/gamelan.mp4", Body=ORIGINAL.read_bytes()[:4096])
    _, problems = check(site)
    assert seen.count("blora/sumber/gamelan.mp4") == 2
    (problem,) = problems
    assert problem.field == "video" and problem.path.endswith("20300001-gamelan-cilik.md")
    assert "s3:gamelan.mp4" in problem.message


def test_a_full_s3_address_names_any_bucket(site, bucket_env):
    bucket_env.client().upload_file(str(ORIGINAL), BUCKET, "lain/asli.mp4")
    point_at(site, f"s3://{BUCKET}/lain/asli.mp4")
    _, problems = check(site)
    assert problems == []


def test_a_missing_object_is_a_problem_naming_file_line_field_and_object(site, bucket_env):
    point_at(site, "s3:tidak-ada.mp4")
    _, problems = check(site)
    (problem,) = problems
    assert problem.path.endswith("20300001-gamelan-cilik.md") and problem.line == 6
    assert problem.field == "video"
    assert "s3:tidak-ada.mp4" in problem.message and "bucket" in problem.message
    assert f"s3://{BUCKET}/blora/sumber/tidak-ada.mp4" in problem.message
    assert "folder sumber" in problem.hint


def test_s3_without_a_source_bucket_configured_says_what_to_set(site, bucket_env, monkeypatch):
    monkeypatch.delenv("KASDIKDAS_MEDIA_SOURCES")  # the media bucket alone is not enough
    point_at(site, "s3:gamelan.mp4")
    _, problems = check(site)
    (problem,) = problems
    assert "KASDIKDAS_MEDIA_SOURCES" in problem.message


@pytest.mark.parametrize("value", ["s3://", "s3:///kunci.mp4", "s3://Bucket_Besar/x.mp4",
                                   "s3:folder/", "s3:/mutlak.mp4", "s3://ember/folder/"])
def test_malformed_bucket_addresses_are_refused_by_the_model(site, value):
    point_at(site, value)
    _, problems = check(site)
    (problem,) = problems
    assert problem.field == "video" and "bukan alamat berkas di bucket" in problem.message
    assert problem.line == 6 and "s3://nama-bucket/sumber/" in problem.hint
