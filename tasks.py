"""Editor and developer commands (invoke). Run `invoke --list` to see them all."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
PORT = int(os.environ.get("PORT", "8000"))


def _settings(content: Path = CONTENT, settings_file: str | Path = ROOT / "pelicanconf.py") -> dict:
    from kasdikdas.build import pelican_settings
    from kasdikdas.settings_check import refuse_unknown_settings
    from kasdikdas.state import with_defaults

    settings = pelican_settings(settings_file, PATH=str(Path(content).resolve()))
    refuse_unknown_settings(settings, settings_file)
    return with_defaults(settings)


def _sample_videos_for(content) -> None:
    """From the project's folder; the sample site's videos when `content` is the project's
    own content/ (never in a copy an editor or a test builds)."""
    from kasdikdas.samples import ensure_sample_videos

    os.chdir(ROOT)
    if Path(content).resolve() == CONTENT:
        ensure_sample_videos(CONTENT)


def _registry(content: Path = CONTENT):
    from kasdikdas.validate import registry_for

    return registry_for(_settings(content))


def check_problems(content: Path = CONTENT, settings_file: Path = ROOT / "pelicanconf.py"):
    """Every problem of the content, exactly as the build and `invoke publish` see them
    (kasdikdas.validate): showcases, registry, and each valid showcase's video."""
    from kasdikdas.validate import validate_site

    site, problems = validate_site(_settings(content, settings_file))
    return list(site.showcases.values()), problems


@task(help={"content": "folder konten (bawaan: content/)",
            "settings": "berkas pengaturan (bawaan: pelicanconf.py)",
            "format": "teks (bawaan) atau github: perintah alur kerja GitHub Actions, "
                      "agar pesan tampil di baris berkasnya pada pull request"})
def check(c, content=str(CONTENT), settings="pelicanconf.py", format="teks"):
    """Periksa semua kiprah dan daftar sekolah; laporkan setiap masalah sekaligus."""
    from kasdikdas.model.problems import ContentError, format_github, format_report
    from kasdikdas.samples import missing_samples, sample_video_problem

    if format not in ("teks", "github"):
        print(f"Format `{format}` tidak dikenal; pilih teks atau github.", file=sys.stderr)
        raise Exit(code=2)
    try:
        showcases, problems = check_problems(Path(content), ROOT / settings)
    except ContentError as exc:  # a misspelt setting: nothing else is checked
        showcases, problems = [], exc.problems
    # A fresh clone has the sample showcases but not their generated videos: one line
    # saying what to run, not one "not found" per sample.
    unmade = {sample.name for _, sample in missing_samples(Path(content))}
    problems = [p for p in problems if not sample_video_problem(p, unmade)]
    if unmade:
        line = (f"{len(unmade)} video contoh belum dibuat: jalankan `invoke samples` "
                "(sekitar satu menit), lalu `invoke check` lagi.")
        print(f"::error::{line}" if format == "github" else line)
    if problems or not unmade:
        print((format_github if format == "github" else format_report)(problems))
    if problems or unmade:
        raise Exit(code=1)
    print(f"{len(showcases)} kiprah diperiksa.")


@task
def samples(c):
    """Buat video contoh yang belum ada (untuk situs contoh)."""
    from kasdikdas.samples import ensure_sample_videos

    ensure_sample_videos(CONTENT)


@task
def build(c, settings="pelicanconf.py", output=str(OUTPUT), content=str(CONTENT)):
    """Periksa lalu bangun situs ke output/ (situs lama tetap utuh bila gagal)."""
    from kasdikdas.build import main_build

    _sample_videos_for(content)
    # the development build carries the /admin/ editor; publishconf.py decides for itself
    editor = {"CMS_ADMIN": True} if Path(settings).name == "pelicanconf.py" else {}
    code = main_build(settings, output, PATH=str(Path(content).resolve()), **editor)
    if code:
        raise Exit(code=code)
    print(f"Situs dibangun di {output}")


@task
def clean(c):
    """Hapus output/ (cache video dan konten tidak ikut dihapus)."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(help={"port": "nomor port (bawaan: 8000, atau PORT)", "content": "folder konten (bawaan: content/)",
            "output": "folder hasil (bawaan: output/)"})
def serve(c, port=PORT, content=str(CONTENT), output=str(OUTPUT)):
    """Bangun lalu sajikan situs di http://localhost:8000; video baru dikodekan sesudah situs tersaji."""
    from kasdikdas.build import main_build
    from kasdikdas.preview_encode import serve_while_encoding

    _sample_videos_for(content)
    site = functools.partial(main_build, "pelicanconf.py", output, PATH=str(Path(content).resolve()),
                             CMS_ADMIN=True)
    if code := site(VIDEO_DEFER=True):
        raise Exit(code=code)
    serve_while_encoding(Path(output), int(port), lambda: site(VIDEO_DEFER=False))


@task(help={"port": "nomor port (bawaan: 8000, atau PORT; bila terpakai, port bebas lain)",
            "content": "folder konten (bawaan: content/)",
            "output": "folder hasil (bawaan: output/)"})
def livereload(c, port=PORT, content=str(CONTENT), output=str(OUTPUT)):
    """Pratinjau langsung: bangun ulang otomatis setiap kali konten atau tema berubah.

    Bila pembangunan gagal, peramban menampilkan daftar masalahnya (hanya di pratinjau).
    Pratinjau dan editor /admin/ hanya bisa dibuka dari komputer ini (127.0.0.1)."""
    import signal
    import threading
    import time

    from kasdikdas.build import index_search, show_progress
    from kasdikdas.preview_encode import BackgroundEncodes
    from kasdikdas.local_backend import (LOCAL_HOST, BackendUnavailable, free_port,
                                         local_backend_settings, start_local_backend)
    from kasdikdas.preview import PreviewState, livereload_server, preview_build, reload_browsers

    _sample_videos_for(content)
    show_progress()  # the clips being encoded and the pages rendered, as they happen
    content = Path(content).resolve()
    port = free_port(int(port))  # the one asked for, or a free one when taken
    # The editor's backend first: the /admin/ config the build writes names its port.
    backend, editor_problem = None, None
    try:
        backend = start_local_backend(content)
    except BackendUnavailable as exc:
        editor_problem = str(exc)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # like Ctrl-C: `finally` stops all
    state = PreviewState()
    busy = threading.Lock()  # one build or indexing at a time; the search index follows
    overrides = {"PATH": str(content), **local_backend_settings(backend)}

    def index_later():
        with busy:
            started = time.perf_counter()
            try:
                index_search(output, "pelicanconf.py", **overrides)
            except Exception as exc:  # the preview goes on; /cari/ waits for the next save
                print(f"Indeks pencarian gagal: {exc}", file=sys.stderr)
                return
            print(f"Indeks pencarian diperbarui ({time.perf_counter() - started:.1f} s).")

    def build(defer=True):  # clips the cache lacks encode in the background (encodes)
        with busy:
            started = time.perf_counter()
            built = preview_build(state, "pelicanconf.py", output, SEARCH_PAGEFIND=False,
                                  VIDEO_DEFER=defer, **overrides)
        encodes.start_if_deferred()
        if built:
            print(f"Dibangun ulang dalam {time.perf_counter() - started:.1f} s; "
                  "indeks pencarian menyusul.")
            threading.Thread(target=index_later, daemon=True).start()
        else:
            print("Pembangunan gagal; masalahnya tampil di peramban.")

    def rebuild(defer=True):
        build(defer)
        reload_browsers(state)

    encodes = BackgroundEncodes.on_this_thread(state, rebuild)
    try:
        build()
        server = livereload_server(state)
        for pattern in (f"{content}/**/*", "theme/**/*", "kasdikdas/**/*.py", "pelicanconf.py"):
            server.watch(pattern, lambda *changed: rebuild())  # livereload passes the files
        address = f"http://{LOCAL_HOST}:{port}/"
        print(f"Pratinjau di {address} — tekan Ctrl-C untuk berhenti", flush=True)
        if backend:
            print(f"Editor di {address}admin/ (menyimpan langsung ke {content})", flush=True)
        else:
            print(f"Editor /admin/ tidak bisa dijalankan: {editor_problem}. Pratinjau tetap "
                  "berjalan; kiprah bisa diubah langsung di folder konten.", flush=True)
        server.serve(host=LOCAL_HOST, port=port, root=str(Path(output).resolve()))
    finally:
        encodes.stop()
        if backend:
            backend.stop()


@task(help={"npsn": "NPSN sekolah (lihat content/data/schools.yml)",
            "title": "judul kiprah",
            "video": "berkas video dari sekolah: diperiksa, lalu diunggah ke bucket video asli "
                     "(KASDIKDAS_MEDIA_SOURCES) atau disalin ke content/videos/",
            "content": "folder konten (bawaan: content/)"})
def new(c, npsn, title, video="", content=str(CONTENT)):
    """Buat berkas kiprah baru: invoke new --npsn 20300001 --title "Judul Kiprah" [--video BERKAS]."""
    from kasdikdas.video_commands import create

    if code := create(_settings(Path(content)), npsn, title, video):
        raise Exit(code=code)


@task(help={"kiprah": "berkas kiprah, mis. content/kiprah/20300001-gamelan.md",
            "berkas": "berkas video dari sekolah",
            "content": "folder konten (bawaan: content/)"})
def video(c, kiprah, berkas, content=str(CONTENT)):
    """Pasang video sekolah pada kiprah yang sudah ada (hanya baris `video:` yang berubah)."""
    from kasdikdas.video_commands import attach

    if code := attach(kiprah, berkas, _settings(Path(content))):
        raise Exit(code=code)


@task(help={"content": "folder konten (bawaan: content/)"})
def pindah_video(c, content=str(CONTENT)):
    """Pindahkan video di content/videos/ ke bucket video asli (KASDIKDAS_MEDIA_SOURCES).

    Setiap kiprah yang memakainya hanya diubah baris `video:`-nya (s3:<hash>.mp4), lalu
    berkasnya dihapus dari content/videos/. Video contoh tidak disentuh. Aman diulang."""
    from kasdikdas.video_commands import move

    if code := move(_settings(Path(content))):
        raise Exit(code=code)


@task(help={
    "impor": "berkas CSV ekspor Dapodik/Data Referensi (koma atau titik koma, UTF-8)",
    "periksa": "hanya tampilkan perubahan, jangan tulis content/data/schools.yml",
    "content": "folder konten (bawaan: content/)",
})
def sekolah(c, impor, periksa=False, content=str(CONTENT)):
    """Perbarui daftar sekolah dari ekspor Dapodik: invoke sekolah --impor data.csv [--periksa].

    Kolom yang dibaca: npsn, nama, bentuk_pendidikan, status, alamat, desa_kelurahan,
    kecamatan, lintang, bujur (urutan dan huruf besar/kecil bebas; kolom lain diabaikan).
    Tidak bertanya apa pun. Bila ada baris yang salah, atau sekolah yang punya kiprah
    akan hilang dari daftar, tidak ada yang ditulis. Lihat docs/panduan-editor.md.
    """
    from kasdikdas.dapodik import import_schools
    from kasdikdas.model.problems import format_report

    result = import_schools(Path(impor), _settings(Path(content)), check_only=periksa)
    print(result.changes.report())
    if result.problems:
        print(format_report(result.problems).rsplit("\n", 1)[0], file=sys.stderr)
        print(f"{len(result.problems)} masalah: daftar sekolah TIDAK diubah. Perbaiki berkas "
              "impor lalu jalankan lagi.", file=sys.stderr)
        raise Exit(code=1)
    if result.written:
        print("content/data/schools.yml diperbarui. Jalankan `invoke check`.")
    else:
        print("Hanya pemeriksaan (--periksa): tidak ada yang ditulis.")


@task
def lock(c):
    """Tulis ulang requirements/*.txt (versi + hash) dari pyproject.toml (perlu uv, ada di dev)."""
    uv = Path(sys.executable).with_name("uv")
    with c.cd(str(ROOT)):
        for name, extra in (("runtime", ""), ("dev", "--extra dev")):
            c.run(f"{uv} pip compile pyproject.toml {extra} --universal --generate-hashes "
                  f"--python-version 3.11 --no-header -q -o requirements/{name}.txt")


@task(help={"keluar": "folder kit (bawaan: kit-sosmed/; bukan bagian situs)",
            "catat": "kiprah (slug) yang sudah diunggah: catat alamat unggahannya",
            "platform": "instagram, facebook, youtube atau tiktok (dengan --catat)",
            "url": "alamat unggahan, diawali https:// (dengan --catat)",
            "content": "folder konten (bawaan: content/)"})
def sosmed(c, keluar=str(ROOT / "kit-sosmed"), catat="", platform="", url="",
           content=str(CONTENT)):
    """Kit media sosial: video 9:16, sampul, keterangan, antrian.csv; atau catat unggahan."""
    from kasdikdas.sosmed.command import main

    code = main(_settings(Path(content), ROOT / "publishconf.py"), Path(keluar), catat,
                platform, url)
    if code:
        raise Exit(code=code)


@task
def test(c, args=""):
    """Jalankan seluruh pengujian (pytest)."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


@task
def preview(c):
    """Bangun dengan pengaturan publikasi (publishconf.py) ke output/."""
    build(c, settings="publishconf.py")


@task(help={"rsync": "folder tujuan, lokal atau user@host:folder (atau KASDIKDAS_RSYNC)",
            "github": "remote git untuk GitHub Pages (atau KASDIKDAS_GITHUB)",
            "branch": "cabang GitHub Pages (bawaan: gh-pages)",
            "content": "folder konten (bawaan: content/)",
            "prune": "hapus dari bucket media dan cache bersama yang tidak ditampilkan situs "
                     "baru (kiprah yang ditarik langsung)",
            "paksa": "rsync ke folder yang sudah berisi berkas lain (belum pernah diterbitkan, "
                     "tanpa .kasdikdas-situs): berkas lain di sana DIHAPUS"})
def publish(c, rsync="", github="", branch="gh-pages", content=str(CONTENT), prune=False,
            paksa=False):
    """Periksa, bangun dengan publishconf.py ke folder sementara, lalu terbitkan.

    Bila pemeriksaan atau pembangunan gagal, output/ dan situs yang sudah terbit tidak
    disentuh. Dengan KASDIKDAS_MEDIA_BUCKET dan KASDIKDAS_MEDIA_URL, video dan poster
    diunggah ke bucket lebih dulu; gagal unggah berarti halaman tidak diterbitkan.
    Lihat docs/hosting.md.
    """
    from kasdikdas.publish import main

    _sample_videos_for(content)
    args = ["--output", str(OUTPUT), "--branch", branch, "--set", f"PATH={Path(content).resolve()}"]
    args += ["--rsync", rsync] if rsync else []
    args += ["--github", github] if github else []
    args += ["--prune"] if prune else []
    args += ["--paksa"] if paksa else []
    code = main(args)
    if code:
        raise Exit(code=code)


@task(help={"bagian": "bagian yang dikerjakan mesin ini: BAGIAN/JUMLAH, mis. 3/8",
            "content": "folder konten (bawaan: content/)",
            "settings": "berkas pengaturan (bawaan: pelicanconf.py)",
            "cache": "folder cache enkode lokal (bawaan: VIDEO_CACHE_PATH, .cache/video)"})
def enkode(c, bagian, content=str(CONTENT), settings="pelicanconf.py", cache=""):
    """Kodekan satu bagian video (dibagi menurut hash isinya) ke cache enkode bersama (KASDIKDAS_MEDIA_CACHE)."""
    import logging

    from kasdikdas.media.settings import VideoSettings
    from kasdikdas.media.shard import ShareError, encode_share, parse_share

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("kasdikdas.media").setLevel(logging.INFO)
    try:
        index, count = parse_share(bagian)
        config = _settings(Path(content), ROOT / settings)
        if cache:
            VideoSettings.change(config, VIDEO_CACHE_PATH=str(Path(cache).resolve()))
        report = encode_share(config, index, count)
    except ShareError as exc:
        print(exc, file=sys.stderr)
        raise Exit(code=2) from None
    print(report.summary())
    for sha in report.encoded:
        print(f"dikodekan {sha}")


@task(help={
    "showcases": "ukuran situs sintetis, dipisah koma (mis. 500,2000,5000)",
    "runs": "berapa kali setiap build penuh diulang (median)",
    "quick": "klip video kecil dan pendek (untuk CI)",
    "output": "berkas JSON hasil",
    "keep": "simpan folder kerja (untuk diperiksa)",
    "profile": "simpan profil cProfile satu build penuh per ukuran di bench/results/",
    "rekaman": "hanya video pada rekaman kamera nyata (bench/footage_bench.py): kualitas per "
               "klip, tier dan codec, CPU per klip, biaya enkode ulang 40.000 klip",
})
def bench(c, showcases="500,2000,5000", runs=3, quick=False, output=None, keep=False, profile=False,
          rekaman=False):
    """Ukur build situs berskala satu kabupaten dibanding Pelican standar; cetak tabel, tulis JSON."""
    from bench.run import RESULTS, run
    from bench.table import render

    if rekaman:
        from bench import footage_bench

        result = footage_bench.run(quick=quick, log=lambda line: print(line, file=sys.stderr))
        target = Path(output) if output else RESULTS / "rekaman.json"
        footage_bench.write(result, target)
        print(footage_bench.render(result))
        print(f"\nAngka lengkap: {target}")
        return

    points = tuple(int(n) for n in str(showcases).split(","))
    target = Path(output) if output else RESULTS / "latest.json"
    result = run(points, runs=int(runs), quick=quick, output=target, keep=keep, profile=profile)
    print(render(result))
    print(f"\nAngka lengkap: {target}")
