"""Share links in `video:` (issue 24 part 3): each provider's link shapes rewritten to its
direct-download form, or refused with what to do instead; the sniff that tells a web page
from a video. Pure functions, no network (the served side: test_sharelinks_served.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from kasdikdas.state import with_defaults
from kasdikdas.media.fetch import FetchError, looks_like_html
from kasdikdas.media.sharelinks import PROVIDERS, direct_link

DRIVE_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
DRIVE_DIRECT = ("https://drive.usercontent.google.com/download"
                f"?id={DRIVE_ID}&export=download&confirm=t")


@pytest.mark.parametrize("link", [
    f"https://drive.google.com/file/d/{DRIVE_ID}/view?usp=sharing",
    f"https://drive.google.com/file/d/{DRIVE_ID}/view?usp=drive_link",
    f"https://drive.google.com/file/d/{DRIVE_ID}/preview",
    f"https://drive.google.com/file/d/{DRIVE_ID}",
    f"https://drive.google.com/file/u/1/d/{DRIVE_ID}/view",
    f"https://drive.google.com/open?id={DRIVE_ID}",
    f"https://drive.google.com/uc?export=download&id={DRIVE_ID}",
    f"https://docs.google.com/file/d/{DRIVE_ID}/edit",
    f"https://docs.google.com/uc?id={DRIVE_ID}&export=download",
    f"https://drive.usercontent.google.com/download?id={DRIVE_ID}&export=download",
    f"https://DRIVE.GOOGLE.COM/file/d/{DRIVE_ID}/view",
])
def test_google_drive_file_links_become_the_download_form(link):
    got = direct_link(link)
    assert (got.url, got.provider) == (DRIVE_DIRECT, "Google Drive")
    assert "Siapa saja yang memiliki link" in got.page_detail + got.page_hint


def test_a_drive_resource_key_is_kept():
    got = direct_link(f"https://drive.google.com/file/d/{DRIVE_ID}/view?usp=sharing&resourcekey=0-Ab_c")
    assert parse_qs(urlsplit(got.url).query)["resourcekey"] == ["0-Ab_c"]


@pytest.mark.parametrize("link, words", [
    ("https://drive.google.com/drive/folders/1XyZfolder0123456789?usp=sharing", "folder"),
    ("https://drive.google.com/drive/u/0/folders/1XyZfolder0123456789", "folder"),
    ("https://drive.google.com/embeddedfolderview?id=1XyZfolder0123456789", "folder"),
    ("https://docs.google.com/document/d/1XyZdoc0123456789/edit", "dokumen Google"),
    ("https://docs.google.com/spreadsheets/d/1XyZdoc0123456789/edit#gid=0", "dokumen Google"),
    ("https://docs.google.com/presentation/d/1XyZdoc0123456789/edit", "dokumen Google"),
    ("https://drive.google.com/drive/my-drive", "tidak menunjuk ke satu berkas"),
    ("https://drive.google.com/open?id=pendek", "tidak menunjuk ke satu berkas"),
])
def test_drive_folders_and_documents_are_refused_with_their_own_message(link, words):
    with pytest.raises(FetchError) as info:
        direct_link(link)
    assert info.value.kind == "refused" and words in info.value.detail
    assert info.value.hint  # says what to do


@pytest.mark.parametrize("link, expected", [
    ("https://www.dropbox.com/s/a1b2c3d4ef5gh6/klip.mp4?dl=0",
     "https://www.dropbox.com/s/a1b2c3d4ef5gh6/klip.mp4?dl=1"),
    ("https://www.dropbox.com/s/a1b2c3d4ef5gh6/klip.mp4",
     "https://www.dropbox.com/s/a1b2c3d4ef5gh6/klip.mp4?dl=1"),
    ("https://www.dropbox.com/scl/fi/x9y8z7/klip%20kelas%205.mp4?rlkey=k3y0abc&st=s7q&dl=0",
     "https://www.dropbox.com/scl/fi/x9y8z7/klip%20kelas%205.mp4?rlkey=k3y0abc&st=s7q&dl=1"),
    ("https://dropbox.com/scl/fi/x9y8z7/klip.mov?dl=0&rlkey=k3y0abc",
     "https://dropbox.com/scl/fi/x9y8z7/klip.mov?rlkey=k3y0abc&dl=1"),
])
def test_dropbox_file_links_get_dl_1_and_keep_their_key(link, expected):
    got = direct_link(link)
    assert (got.url, got.provider) == (expected, "Dropbox")


@pytest.mark.parametrize("link, words", [
    ("https://www.dropbox.com/scl/fo/a1b2c3/AAB?rlkey=k3y&dl=0", "folder"),
    ("https://www.dropbox.com/sh/a1b2c3/AAB?dl=0", "folder"),
    ("https://www.dropbox.com/home/Kas%20Dikdas", "bukan tautan berbagi"),
])
def test_dropbox_folders_are_refused(link, words):
    with pytest.raises(FetchError) as info:
        direct_link(link)
    assert info.value.kind == "refused" and words in info.value.detail


@pytest.mark.parametrize("link", [
    "https://1drv.ms/v/s!AkQ2abcDEF123?e=XyZ",
    "https://1drv.ms/v/c/0123abcd/EQ_abc?e=XyZ",
    "https://onedrive.live.com/?cid=0123ABCD&id=0123ABCD%21105&authkey=%21AbC",
    "https://onedrive.live.com/embed?resid=0123ABCD%21105&authkey=%21AbC",
])
def test_onedrive_for_home_is_refused_saying_what_to_do(link):
    with pytest.raises(FetchError) as info:
        direct_link(link)
    error = info.value
    assert error.kind == "refused" and "OneDrive" in error.detail
    assert "invoke video --kiprah" in error.hint and "content/videos/" in error.hint  # add it yourself
    assert "Google Drive" in error.hint and "Dropbox" in error.hint  # or share it again


@pytest.mark.parametrize("link, expected", [
    ("https://sdn1blora.sharepoint.com/:v:/s/guru/EabcDEF123?e=Xy12Zq",
     "https://sdn1blora.sharepoint.com/:v:/s/guru/EabcDEF123?e=Xy12Zq&download=1"),
    ("https://belajar-my.sharepoint.com/:v:/g/personal/guru_sd_belajar_id/EabcDEF123",
     "https://belajar-my.sharepoint.com/:v:/g/personal/guru_sd_belajar_id/EabcDEF123?download=1"),
    ("https://belajar-my.sharepoint.com/:u:/g/personal/guru/EabcDEF123?e=a",
     "https://belajar-my.sharepoint.com/:u:/g/personal/guru/EabcDEF123?e=a&download=1"),
])
def test_sharepoint_video_links_get_download_1(link, expected):
    got = direct_link(link)
    assert (got.url, got.provider) == (expected, "SharePoint")
    assert "Siapa saja yang memiliki tautan" in got.page_hint


@pytest.mark.parametrize("link, words", [
    ("https://belajar-my.sharepoint.com/:f:/g/personal/guru/EabcDEF123?e=a", "folder"),
    ("https://belajar-my.sharepoint.com/:w:/g/personal/guru/EabcDEF123?e=a", "dokumen"),
    ("https://belajar-my.sharepoint.com/personal/guru/_layouts/15/stream.aspx?id=%2Fa.mp4",
     "bukan tautan berbagi"),
])
def test_sharepoint_folders_documents_and_pages_are_refused(link, words):
    with pytest.raises(FetchError) as info:
        direct_link(link)
    assert info.value.kind == "refused" and words in info.value.detail


@pytest.mark.parametrize("link", [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ",
    "https://www.instagram.com/reel/C0abc/", "https://www.tiktok.com/@sdn1blora/video/1",
    "https://m.facebook.com/watch/?v=1", "https://fb.watch/abc/",
])
def test_social_media_pages_are_refused_pointing_to_social(link):
    with pytest.raises(FetchError) as info:
        direct_link(link)
    assert "media sosial" in info.value.detail and "`social:`" in info.value.hint


@pytest.mark.parametrize("link", [
    "https://sekolah.sch.id/video/klip.mp4", "https://dl.dropboxusercontent.com/s/a1b2/klip.mp4",
    "https://drive.google.com.example.org/file/d/1AbCdEfGhIjKlMnOpQrStUv/view",
    "https://notdropbox.com/s/a1b2c3/klip.mp4", "https://evil.sharepoint.com.example.org/:v:/s/a",
])
def test_other_links_are_fetched_as_written(link):
    got = direct_link(link)
    assert (got.url, got.provider) == (link, "")


def test_one_table_of_providers():
    names = [p.name for p in PROVIDERS]
    assert names == sorted(set(names), key=names.index)  # each once
    assert {"Google Drive", "Dropbox", "OneDrive", "SharePoint"} <= set(names)


def test_the_host_mapping_is_off_by_default():
    assert with_defaults({})["VIDEO_DOWNLOAD_TEST_HOSTS"] == {}


@pytest.mark.parametrize("head, html", [
    (b"<!DOCTYPE html><html>", True), (b"\n  <html lang=id>", True), (b"\xef\xbb\xbf<HTML>", True),
    (b"<!-- x --><html>", True), (b"<head><title>Google Drive</title>", True),
    (b"<body>", True), (b"<p>Tidak ada</p>", True),
    (b"\x00\x00\x00\x18ftypmp42", False), (b"\x1aE\xdf\xa3", False), (b"RIFF\x00\x00AVI ", False),
    (b"<htmlx", False), (b"", False), (b"<?xml version='1.0'?><Error/>", False),
])
def test_which_first_bytes_are_a_web_page(head, html):
    assert looks_like_html(head) is html
