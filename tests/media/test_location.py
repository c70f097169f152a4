"""Where the media live (kasdikdas/media/location.py): the bucket and URL settings, the
URL every medium goes through, and the CSP that follows the media origin."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kasdikdas.media.location import (Bucket, LocationError, media_base, media_csp_source,
                                      media_origin, media_url, parse_bucket, sources_location)
from kasdikdas.media.store import content_type
from kasdikdas.postbuild import hosting
from kasdikdas.postbuild.hosting.rules import content_security_policy
from kasdikdas.postbuild.hosting.settings import DEFAULTS
from kasdikdas.state import with_defaults
from support import ROOT

pytestmark = pytest.mark.fast

OFFLOADED = {"KASDIKDAS_MEDIA_BUCKET": "s3://kas-media/blora/situs",
             "KASDIKDAS_MEDIA_URL": "https://media.kasdikdas.example/situs/", "SITEURL": "https://x.id"}


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    for name in ("KASDIKDAS_MEDIA_BUCKET", "KASDIKDAS_MEDIA_URL", "KASDIKDAS_MEDIA_SOURCES"):
        monkeypatch.delenv(name, raising=False)


def test_bucket_addresses_split_into_bucket_and_prefix():
    assert parse_bucket("s3://kas-media") == Bucket("kas-media", "")
    bucket = parse_bucket("s3://kas-media/blora/situs/")
    assert bucket == Bucket("kas-media", "blora/situs")
    assert bucket.key("media/a.mp4") == "blora/situs/media/a.mp4"
    assert bucket.relative("blora/situs/media/a.mp4") == "media/a.mp4"
    for wrong in ("kas-media/blora", "https://kas-media/x", "s3:///x"):
        with pytest.raises(LocationError, match="bukan alamat bucket"):
            parse_bucket(wrong)


def test_without_a_media_url_media_stay_inside_the_site():
    settings = {"SITEURL": "https://x.id", "KASDIKDAS_MEDIA_BUCKET": "s3://kas-media"}
    assert media_base(settings) is None and media_origin(settings) is None
    assert media_url(settings, "media/a/a-240p-0123abcd.mp4") == "https://x.id/media/a/a-240p-0123abcd.mp4"
    assert media_url(settings, "media/a/b.jpg", "../..") == "../../media/a/b.jpg"


def test_with_a_media_url_every_medium_is_under_it():
    assert media_base(OFFLOADED) == "https://media.kasdikdas.example/situs"
    assert media_origin(OFFLOADED) == "https://media.kasdikdas.example"
    assert media_url(OFFLOADED, "media/a/b.jpg", "../..") == \
        "https://media.kasdikdas.example/situs/media/a/b.jpg"


def test_a_half_configuration_is_refused_by_name(monkeypatch):
    with pytest.raises(LocationError, match="KASDIKDAS_MEDIA_BUCKET"):
        media_base({"KASDIKDAS_MEDIA_URL": "https://media.example"})
    with pytest.raises(LocationError, match="alamat lengkap"):
        media_base({**OFFLOADED, "KASDIKDAS_MEDIA_URL": "media.example/situs"})


@pytest.mark.parametrize("url, problem", [
    ("https://m.example; script-src *", "memuat `;`"),
    ('https://m.example/"x', "memuat `\"`"),
    ("https://m.example/a b", "memuat ' '"),
    ("https://m.example/a?x=1", "memuat `?`"),
    ("https://m.example/a#x", "memuat `#`"),
    ("https://user@m.example/a", "memuat `@`"),
    ("https://m.example,https://evil.example", "memuat `,`"),
    ("https://m.example/$host", "memuat `$`"),
    ("https://m.example/'self'", "memuat `'`"),
    ("https://m.example:0/a", "port `0`"),
    ("https://m.example:08/a", "port `08`"),
    ("https://m.example:99999/a", "port `99999`"),
    ("https://m.example:/a", "port ``"),
    ("https://-m.example/a", "host `-m.example`"),
    ("https://m..example/a", "host `m..example`"),
    ("https://m.example//a", "path-nya tidak sah"),
    ("https://m.example/a/../b", "path-nya tidak sah"),
    ("https://m.example/a%2", "path-nya tidak sah"),
    ("http://m.example/a", "https://"),
    ("ftp://m.example/a", "https://"),
    ("javascript://m.example/a", "https://"),
    ("m.example/a", "alamat lengkap"),
])
def test_the_media_url_is_scheme_host_and_path_only(url, problem):
    """The URL lands in the CSP header, the nginx snippet and .htaccess: anything but a
    scheme, a host, a port and a plain path is refused, saying what and how to write it."""
    with pytest.raises(LocationError) as refused:
        media_base({**OFFLOADED, "KASDIKDAS_MEDIA_URL": url})
    message = str(refused.value)
    assert message.startswith(f"KASDIKDAS_MEDIA_URL `{url}` ") and problem in message, message
    assert "https://media.contoh.id/awalan" in message


@pytest.mark.parametrize("url, base", [
    ("https://storage.googleapis.com/kas-bucket/blora/", "https://storage.googleapis.com/kas-bucket/blora"),
    ("https://Media.Example", "https://media.example"),
    ("https://m.example:8443/a-b_c.d~e/%20f", "https://m.example:8443/a-b_c.d~e/%20f"),
    ("http://127.0.0.1:9000/kasdikdas-media/blora", "http://127.0.0.1:9000/kasdikdas-media/blora"),
])
def test_a_sound_media_url_is_kept_with_its_path(url, base):
    settings = {**OFFLOADED, "KASDIKDAS_MEDIA_URL": url}
    assert media_base(settings) == base
    assert media_csp_source(settings) == base + "/"


def test_the_buckets_also_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KASDIKDAS_MEDIA_BUCKET", "s3://kas-media/blora")
    assert media_base({}) is None  # pages point at the bucket only by the setting
    # Originals never default to the public media bucket: they may carry GPS.
    assert sources_location({}) is None
    monkeypatch.setenv("KASDIKDAS_MEDIA_SOURCES", "s3://asli/sekolah")
    assert sources_location({}) == Bucket("asli", "sekolah")


def test_the_csp_names_the_media_prefix_in_exactly_three_directives():
    settings = with_defaults(OFFLOADED)
    hosting.configure(settings)
    source = "https://media.kasdikdas.example/situs/"  # the path too: not the whole host
    named = {d for d, sources in settings["HOSTING_CSP"].items() if source in sources}
    assert named == {"img-src", "media-src", "connect-src"}
    assert settings["HOSTING_CSP"]["media-src"] == ["'self'", source]
    assert "media.kasdikdas.example" not in content_security_policy(DEFAULTS["HOSTING_CSP"])
    plain = with_defaults({"SITEURL": "https://x.id"})
    hosting.configure(plain)
    assert plain["HOSTING_CSP"] == DEFAULTS["HOSTING_CSP"]


@pytest.mark.parametrize("name, expected", [
    ("a-240p-0123abcd.mp4", "video/mp4"), ("a-poster-0123abcd.jpg", "image/jpeg"),
    ("a-poster-0123abcd.webp", "image/webp"), ("a.id-0123abcd.vtt", "text/vtt; charset=utf-8"),
    ("x.av1-0123abcd.webm", "video/webm"), ("p3.json", "application/json")])
def test_objects_get_the_type_a_browser_needs(name, expected):
    assert content_type(name) == expected


def test_publish_refuses_a_media_url_that_would_inject_into_the_csp(tmp_path):
    """`invoke publish` stops before building, with the Indonesian reason, not a traceback."""
    env = {**os.environ, "KASDIKDAS_MEDIA_BUCKET": "s3://kas-media/blora",
           "KASDIKDAS_MEDIA_URL": "https://m.example; script-src *"}
    run = subprocess.run([sys.executable, "-m", "kasdikdas.publish", "--output",
                          str(tmp_path / "output"), "--work", str(tmp_path / "work")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 1
    assert "Gagal menerbitkan: KASDIKDAS_MEDIA_URL `https://m.example; script-src *` memuat `;`" \
        in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "output").exists()
