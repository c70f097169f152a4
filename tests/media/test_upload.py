"""One way in for a school's clip: `invoke new --video` and `invoke video` check it, put it
in the private source bucket under its content hash (progress, resumable) or in
content/videos/, and write the `video:` line; `invoke pindah-video` moves the clips
committed under content/videos/ into the bucket, rewriting only that line. Against moto's
S3 server on 127.0.0.1 (read back with boto3 directly) and a local bare git repository."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kasdikdas.media import store
from kasdikdas.media.location import Bucket
from kasdikdas.media.upload import upload_source
from kasdikdas.samples import SAMPLES
from kasdikdas.video_line import replace_video

from support import ROOT
from support.s3server import S3Server
from support.videoclips import make, tone, two_colour
from support.workflows import assert_actionlint_passes

pytestmark = pytest.mark.slow

BUCKET, PREFIX = "kasdikdas-sumber", "blora/sumber"
SOURCES = f"s3://{BUCKET}/{PREFIX}"
PART = 32 * 1024  # the resume test's part size (moto is told to accept parts this small)


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("S3_UPLOAD_PART_MIN_SIZE", "1024")  # read by moto_server at start
        server = S3Server.start(tmp_path_factory.mktemp("s3") / "moto.log")
    server.client().create_bucket(Bucket=BUCKET)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """A school's clip as it arrives: 31 s, an awkward name, an upper-case extension."""
    path = tmp_path_factory.mktemp("kiriman") / "Lomba Mewarnai (WA).MP4"
    return make(path, two_colour(160, 90, 31, rate=10), tone(31), vcodec="libx264",
                acodec="aac", pix_fmt="yuv420p")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def env(s3, bucket: bool = True) -> dict[str, str]:
    found = {k: v for k, v in os.environ.items() if k != "KASDIKDAS_MEDIA_SOURCES"}
    return {**found, **s3.env, **({"KASDIKDAS_MEDIA_SOURCES": SOURCES} if bucket else {})}


def invoke(*args: str, cwd: Path = ROOT, environ=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=600)


def git(*args: str, cwd: Path) -> str:
    who = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@diknas.test",
           "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@diknas.test"}
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **who}, check=True,
                          capture_output=True, text=True).stdout


def object_bytes(s3, name: str) -> bytes:
    return s3.client().get_object(Bucket=BUCKET, Key=f"{PREFIX}/{name}")["Body"].read()


def test_new_with_video_uploads_under_its_hash_with_progress_and_writes_the_line(site, s3, clip):
    made = invoke("new", "--npsn", "20300111", "--title", "Lomba Mewarnai", "--video", str(clip),
                  "--content", str(site.content), environ=env(s3))
    assert made.returncode == 0, made.stdout + made.stderr
    name = f"{sha(clip)}.mp4"  # the content hash and the original extension, lower case
    assert object_bytes(s3, name) == clip.read_bytes()  # read back by boto3 itself
    assert re.search(r"Mengunggah Lomba Mewarnai \(WA\)\.MP4: 100% \(", made.stderr)
    showcase = site.content / "kiprah/20300111-lomba-mewarnai.md"
    assert re.search(rf"^video: s3:{name}   # ", showcase.read_text(encoding="utf-8"), re.M)
    assert not (site.content / "videos" / clip.name).exists()
    # The same clip again, on the showcase now: found by its name, not sent twice.
    before = showcase.read_bytes()
    again = invoke("video", "--kiprah", str(showcase), "--berkas", str(clip),
                   "--content", str(site.content), environ=env(s3))
    assert again.returncode == 0, again.stderr
    assert "sudah ada di bucket video asli" in again.stdout and "Mengunggah" not in again.stderr
    assert showcase.read_bytes() == before


def test_video_on_an_existing_showcase_changes_only_its_video_value(site, s3, clip):
    showcase = site.content / "kiprah/20300001-gamelan-cilik.md"
    old = showcase.read_bytes()
    done = invoke("video", "--kiprah", str(showcase), "--berkas", str(clip),
                  "--content", str(site.content), environ=env(s3))
    assert done.returncode == 0, done.stderr
    value = b"s3:" + sha(clip).encode() + b".mp4"
    assert showcase.read_bytes() == old.replace(b"videos/20300001-gamelan-cilik.mp4", value, 1)
    assert object_bytes(s3, value[3:].decode()) == clip.read_bytes()


def test_without_a_bucket_the_clip_is_copied_into_content_under_a_safe_name(site, s3, clip):
    made = invoke("new", "--npsn", "20300111", "--title", "Lomba", "--video", str(clip),
                  "--content", str(site.content), environ=env(s3, bucket=False))
    assert made.returncode == 0, made.stderr
    copied = site.content / "videos/lomba-mewarnai-wa.mp4"
    assert copied.read_bytes() == clip.read_bytes()
    text = (site.content / "kiprah/20300111-lomba.md").read_text(encoding="utf-8")
    assert re.search(r"^video: videos/lomba-mewarnai-wa\.mp4   # ", text, re.M)


@pytest.mark.parametrize("name, data, what", [
    ("catatan.txt", b"bukan video", "bukan berkas video yang diterima (jenis `.txt`)"),
    ("palsu.mp4", b"ini teks, bukan video\n" * 50, "bukan berkas video"),
])
def test_a_file_that_is_not_a_video_is_refused_and_nothing_is_written(site, s3, tmp_path,
                                                                       name, data, what):
    bad = tmp_path / name
    bad.write_bytes(data)
    showcase = site.content / "kiprah/20300001-gamelan-cilik.md"
    old = showcase.read_bytes()
    before = s3.objects(BUCKET)
    done = invoke("video", "--kiprah", str(showcase), "--berkas", str(bad),
                  "--content", str(site.content), environ=env(s3))
    assert done.returncode == 1
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Gagal: {bad}: video: ") and what in line and " — " in line
    assert showcase.read_bytes() == old and s3.objects(BUCKET) == before


def test_an_interrupted_multipart_upload_is_continued_not_sent_again(s3, clip, monkeypatch):
    for key, value in env(s3).items():
        monkeypatch.setenv(key, value)
    store.forget_stores()
    data, digest = clip.read_bytes(), sha(clip)
    key = f"{PREFIX}/multi/{digest}.mp4"  # its own prefix: the other tests' object stays apart
    client = s3.client()
    upload = client.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
    for number in (1, 2, 3):  # sent before the connection dropped
        client.upload_part(Bucket=BUCKET, Key=key, UploadId=upload, PartNumber=number,
                           Body=data[(number - 1) * PART:number * PART])
    log = s3.log.read_text(errors="replace")
    shown = io.StringIO()
    sent = upload_source(clip, digest, Bucket(BUCKET, f"{PREFIX}/multi"), part_bytes=PART,
                         stream=shown)
    store.forget_stores()
    requests = s3.log.read_text(errors="replace")[len(log):]
    numbers = [int(n) for n in re.findall(r"PUT /[^ ]*\?[^ ]*partNumber=(\d+)", requests)]
    parts = -(-len(data) // PART)
    assert parts > 4 and sent.uploaded and sent.resumed_parts == 3
    assert sorted(numbers) == list(range(4, parts + 1))  # parts 1-3 never sent again
    assert client.get_object(Bucket=BUCKET, Key=key)["Body"].read() == data
    assert not client.list_multipart_uploads(Bucket=BUCKET).get("Uploads")
    assert "100%" in shown.getvalue()


def test_the_move_refuses_without_a_source_bucket_and_says_what_to_set(site, s3):
    done = invoke("pindah-video", "--content", str(site.content), environ=env(s3, bucket=False))
    assert done.returncode == 2
    assert "KASDIKDAS_MEDIA_SOURCES" in done.stderr and "s3://" in done.stderr


def test_replace_video_keeps_every_other_byte():
    text = ('\ufeff---\r\ntitle: "Gamelan: kelas 5"   # judul\r\n'
            "video: 'videos/gamelan.mp4'  # dari WhatsApp\r\nschool: \"20300001\"\r\n---\r\n"
            "Teks dengan video: videos/gamelan.mp4\r\n")
    new = replace_video(text, "s3:abc.mp4")
    assert new == text.replace("'videos/gamelan.mp4'", "'s3:abc.mp4'", 1)


SHOWCASE = """---
# kiprah dari /admin/ (Decap), dengan komentar dan kutip yang harus tetap
title: "Lomba Mewarnai: Hari Anak"
date: 2026-07-23
school: '20300111'     # SD Negeri 1 Blora
category: kreativitas-siswa
video: "videos/20300111-lomba-mewarnai.mp4"   # diunggah lewat Pilih berkas
summary: Murid kelas 1 sampai 6 mewarnai tokoh cerita rakyat Blora.
tags:
  - seni
consent: true
---
Lomba mewarnai untuk Hari Anak Nasional; video: videos/20300111-lomba-mewarnai.mp4 di atas.
"""


def test_committed_clips_move_to_the_bucket_and_the_clone_builds_from_it(tmp_path, s3, clip,
                                                                         sample_videos):
    origin = tmp_path / "asal.git"
    git("init", "--quiet", "--bare", str(origin), cwd=tmp_path)
    editor = tmp_path / "editor"
    git("clone", "--quiet", str(ROOT), str(editor), cwd=tmp_path)
    # What /admin/'s "Pilih berkas" commits: the clip and the showcase, on a PR branch.
    shutil.copy(clip, editor / "content/videos/20300111-lomba-mewarnai.mp4")
    showcase = editor / "content/kiprah/20300111-lomba-mewarnai.md"
    showcase.write_bytes(SHOWCASE.encode())
    git("checkout", "--quiet", "-b", "cms/kiprah/lomba", cwd=editor)
    git("add", "content", cwd=editor)
    git("commit", "--quiet", "-m", "Kiprah baru: Lomba Mewarnai", cwd=editor)
    git("push", "--quiet", str(origin), "cms/kiprah/lomba", cwd=editor)

    ci = tmp_path / "ci"  # the workflow's job: move, commit, push back to the PR branch
    git("clone", "--quiet", "--branch", "cms/kiprah/lomba", str(origin), str(ci), cwd=tmp_path)
    moved = invoke("pindah-video", cwd=ci, environ=env(s3))
    assert moved.returncode == 0, moved.stdout + moved.stderr
    name = f"{sha(clip)}.mp4"
    assert f"content/videos/20300111-lomba-mewarnai.mp4 → s3:{name}" in moved.stdout
    git("add", "-A", "content", cwd=ci)
    git("commit", "--quiet", "-m", "Video dipindahkan ke bucket video asli", cwd=ci)
    git("push", "--quiet", "origin", "cms/kiprah/lomba", cwd=ci)

    again = tmp_path / "lagi"
    git("clone", "--quiet", "--branch", "cms/kiprah/lomba", str(origin), str(again), cwd=tmp_path)
    tree = git("ls-tree", "-r", "-l", "HEAD", "content/videos", cwd=again).splitlines()
    videos = [line for line in tree if re.search(r"\.(mp4|mov|3gp|webm|mkv)$", line, re.I)]
    assert videos == []  # 0 bytes of source video in the branch
    written = (again / "content/kiprah/20300111-lomba-mewarnai.md").read_text(encoding="utf-8")
    assert written == SHOWCASE.replace('"videos/20300111-lomba-mewarnai.mp4"', f'"s3:{name}"', 1)
    assert object_bytes(s3, name) == clip.read_bytes()

    twice = invoke("pindah-video", cwd=again, environ=env(s3))
    assert twice.returncode == 0, twice.stderr
    assert "Tidak ada video di content/videos/ yang perlu dipindahkan." in twice.stdout
    assert git("status", "--porcelain", cwd=again) == ""

    for sample in SAMPLES:  # generated in a clone by `invoke samples`; never committed
        shutil.copy(sample_videos / sample.name, again / "content/videos" / sample.name)
    assert invoke("pindah-video", cwd=again, environ=env(s3)).returncode == 0
    assert all((again / "content/videos" / s.name).exists() for s in SAMPLES)  # left alone
    checked = invoke("check", cwd=again, environ=env(s3))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(SAMPLES) + 1} kiprah diperiksa." in checked.stdout
    without = invoke("check", cwd=again, environ=env(s3, bucket=False))
    assert without.returncode == 1 and f"s3:{name}" in without.stdout  # it really is the bucket's
    # The build, of this showcase alone (the samples' encodes are other tests' business).
    alone = tmp_path / "situs"
    shutil.copytree(again / "content", alone, ignore=shutil.ignore_patterns("*.mp4"))
    for other in (alone / "kiprah").glob("*.md"):
        if other.name != "20300111-lomba-mewarnai.md":
            other.unlink()
    built = invoke("build", "--content", str(alone), cwd=again, environ=env(s3))
    assert built.returncode == 0, built.stdout + built.stderr
    folder = again / "output/kiprah/20300111-lomba-mewarnai"
    renditions = re.findall(r'<source src="([^"]+\.mp4)"', (folder / "index.html").read_text())
    assert renditions and all((folder / r).resolve().stat().st_size for r in renditions)


WORKFLOW = ROOT / "docs" / "contoh-ci-pindah-video.yml"


def test_the_ci_example_moves_the_clips_of_each_pull_request_and_pushes_back_to_its_branch(tmp_path):
    import yaml

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert list(flow[True]) == ["pull_request"]  # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {"contents": "write"}
    (job,) = flow["jobs"].values()
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["ref"] == "${{ github.head_ref }}"  # the branch, not the merge
    runs = [step.get("run", "") for step in job["steps"]]
    move = runs.index("invoke pindah-video")
    assert 'git push origin "HEAD:refs/heads/$CABANG"' in runs[move + 1]
    assert "git diff --cached --quiet" in runs[move + 1]  # nothing moved: no commit
    assert job["env"]["KASDIKDAS_MEDIA_SOURCES"] == "${{ vars.KASDIKDAS_MEDIA_SOURCES }}"
    assert_actionlint_passes(WORKFLOW, tmp_path)


def test_the_move_rewrites_every_user_and_leaves_a_clip_a_broken_showcase_names(site, s3, clip):
    videos, kiprah = site.content / "videos", site.content / "kiprah"
    shutil.copy(clip, videos / "bersama.mp4")
    shutil.copy(clip, videos / "Rusak Klip.MOV")
    first, second = kiprah / "20300001-gamelan-cilik.md", kiprah / "20300003-laboratorium-jagung.md"
    old = {}
    for path, written in ((first, "videos/bersama.mp4"), (second, "./videos/bersama.mp4")):
        text = re.sub(r"^video: .*?(\r?)$", f"video: {written}  # dipakai dua kiprah\\1",
                      path.read_text(encoding="utf-8"), count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        old[path] = (text, written)
    broken = kiprah / "20300111-rusak.md"
    broken.write_text('---\ntitle: "tidak ditutup\nvideo: "videos/Rusak Klip.MOV"\n---\nTeks.\n',
                      encoding="utf-8")
    moved = invoke("pindah-video", "--content", str(site.content), environ=env(s3))
    assert moved.returncode == 1
    value = f"s3:{sha(clip)}.mp4"
    for path, (text, written) in old.items():
        assert path.read_text(encoding="utf-8") == text.replace(f"video: {written}",
                                                                f"video: {value}", 1)
    assert not (videos / "bersama.mp4").exists() and (videos / "Rusak Klip.MOV").exists()
    (problem,) = [line for line in moved.stderr.splitlines() if "Rusak Klip.MOV" in line]
    assert "kiprah/20300111-rusak.md (tidak bisa dibaca)" in problem and "invoke check" in problem
    assert all((videos / s.name).exists() for s in SAMPLES)  # the generated samples stay


def test_on_a_terminal_the_upload_shows_a_progress_bar(site, s3, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    other = make(tmp_path / "lain.mp4", two_colour(176, 96, 32, rate=10), tone(32),
                 vcodec="libx264", acodec="aac", pix_fmt="yuv420p")
    showcase = site.content / "kiprah/20300001-gamelan-cilik.md"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    process = subprocess.Popen([sys.executable, "-m", "invoke", "video", "--kiprah", str(showcase),
                                "--berkas", str(other), "--content", str(site.content)],
                               cwd=ROOT, env=env(s3), stdin=follower, stdout=follower,
                               stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0, shown.decode(errors="replace")
    text = shown.decode(errors="replace")
    # tqdm's bar: the label, a percentage, the bar and the byte counts, redrawn with \r
    assert re.search(r"Mengunggah lain\.mp4: 100%\|█+\| [\d.]+k/[\d.]+k", text), text
    assert f"video: s3:{sha(other)}.mp4" in showcase.read_text(encoding="utf-8")


def test_without_a_terminal_progress_is_a_line_every_few_seconds(monkeypatch):
    from kasdikdas.media import upload

    now = [100.0]
    monkeypatch.setattr(upload.time, "monotonic", lambda: now[0])
    shown = io.StringIO()
    progress = upload.UploadProgress(40_000_000, "Mengunggah a.mp4", shown)
    for _ in range(40):  # a megabyte a second
        now[0] += 1
        progress.update(1_000_000)
    progress.close()
    lines = shown.getvalue().splitlines()
    assert lines[0] == "Mengunggah a.mp4: 0% (0 KB dari 40,0 MB)"
    assert lines[1] == "Mengunggah a.mp4: 12% (5,0 MB dari 40,0 MB)"  # after 5 s
    assert lines[-1] == "Mengunggah a.mp4: 100% (40,0 MB dari 40,0 MB)"
    assert len(lines) == 1 + 40 // upload.LINE_SECONDS + 1
