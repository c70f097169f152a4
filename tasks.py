"""Editor and developer commands (invoke). Run `invoke --list` to see them all."""

from __future__ import annotations

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
    from kasdikdas.validate import with_defaults

    return with_defaults(pelican_settings(settings_file, PATH=str(Path(content).resolve())))


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
            "settings": "berkas pengaturan (bawaan: pelicanconf.py)"})
def check(c, content=str(CONTENT), settings="pelicanconf.py"):
    """Periksa semua kiprah dan daftar sekolah; laporkan setiap masalah sekaligus."""
    from kasdikdas.model.problems import format_report

    showcases, problems = check_problems(Path(content), ROOT / settings)
    print(format_report(problems))
    if problems:
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
    from kasdikdas.samples import ensure_sample_videos

    os.chdir(ROOT)
    if Path(content).resolve() == CONTENT:
        ensure_sample_videos(CONTENT)
    code = main_build(settings, output, PATH=str(Path(content).resolve()))
    if code:
        raise Exit(code=code)
    print(f"Situs dibangun di {output}")


@task
def clean(c):
    """Hapus output/ (cache video dan konten tidak ikut dihapus)."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task(build)
def serve(c, port=PORT):
    """Bangun lalu sajikan situs di http://localhost:8000."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(OUTPUT))
    with http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler) as server:
        print(f"Situs tersaji di http://localhost:{port}/ — tekan Ctrl-C untuk berhenti")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@task(build)
def livereload(c, port=PORT):
    """Pratinjau langsung: bangun ulang otomatis setiap kali konten atau tema berubah."""
    import threading
    import time

    from livereload import Server

    from kasdikdas.build import index_search, main_build

    # One build or indexing at a time; a save shows its pages first (unchanged pages are
    # linked, not rendered: kasdikdas.incremental), the search index follows.
    busy = threading.Lock()

    def index_later():
        with busy:
            started = time.perf_counter()
            index_search(OUTPUT)
            print(f"Indeks pencarian diperbarui ({time.perf_counter() - started:.1f} s).")

    def rebuild():
        with busy:
            started = time.perf_counter()
            code = main_build("pelicanconf.py", OUTPUT, defer_search=True)
        if code == 0:
            print(f"Dibangun ulang dalam {time.perf_counter() - started:.1f} s; "
                  "indeks pencarian menyusul.")
            threading.Thread(target=index_later, daemon=True).start()

    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "kasdikdas/**/*.py", "pelicanconf.py"):
        server.watch(pattern, rebuild)
    print(f"Pratinjau di http://localhost:{port}/ — tekan Ctrl-C untuk berhenti")
    server.serve(host="127.0.0.1", port=int(port), root=str(OUTPUT))


@task
def new(c, npsn, title, content=str(CONTENT)):
    """Buat berkas kiprah baru: invoke new --npsn 20300001 --title "Judul Kiprah"."""
    from kasdikdas.scaffold import ScaffoldError, new_showcase

    content = Path(content)
    try:
        path = new_showcase(content, _registry(content), npsn, title)
    except ScaffoldError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        raise Exit(code=1) from None
    print(f"Dibuat: {path}\nIsi setiap kolom, lalu jalankan `invoke check`.")


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
            "content": "folder konten (bawaan: content/)"})
def publish(c, rsync="", github="", branch="gh-pages", content=str(CONTENT)):
    """Periksa, bangun dengan publishconf.py ke folder sementara, lalu terbitkan.

    Bila pemeriksaan atau pembangunan gagal, output/ dan situs yang sudah terbit tidak
    disentuh. Lihat docs/hosting.md.
    """
    from kasdikdas.publish import main
    from kasdikdas.samples import ensure_sample_videos

    os.chdir(ROOT)
    if Path(content).resolve() == CONTENT:
        ensure_sample_videos(CONTENT)
    args = ["--output", str(OUTPUT), "--branch", branch, "--set", f"PATH={Path(content).resolve()}"]
    args += ["--rsync", rsync] if rsync else []
    args += ["--github", github] if github else []
    code = main(args)
    if code:
        raise Exit(code=code)


@task(help={
    "showcases": "ukuran situs sintetis, dipisah koma (mis. 500,2000,5000)",
    "runs": "berapa kali setiap build penuh diulang (median)",
    "quick": "klip video kecil dan pendek (untuk CI)",
    "output": "berkas JSON hasil",
    "keep": "simpan folder kerja (untuk diperiksa)",
    "profile": "simpan profil cProfile satu build penuh per ukuran di bench/results/",
})
def bench(c, showcases="500,2000,5000", runs=3, quick=False, output=None, keep=False, profile=False):
    """Ukur build situs berskala satu kabupaten dibanding Pelican standar; cetak tabel, tulis JSON."""
    from bench.run import RESULTS, run
    from bench.table import render

    points = tuple(int(n) for n in str(showcases).split(","))
    target = Path(output) if output else RESULTS / "latest.json"
    result = run(points, runs=int(runs), quick=quick, output=target, keep=keep, profile=profile)
    print(render(result))
    print(f"\nAngka lengkap: {target}")
