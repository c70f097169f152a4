"""A large synthetic site for measuring search, built in seconds instead of hours.

    from bench.search_synthetic import large_site_first_query
    report = large_site_first_query("output", "/tmp/besar", showcases=5000)
    report["queries"]["gamelan"]["search_bytes"]

`synthetic_site` clones the showcase pages of a site that was really built (the sample
site: real templates, real video markup and posters) into `showcases` pages with varied
titles, schools, kecamatan, categories, dates and body text, then indexes them with the
plugin's own Pagefind run. Only the search's view of a page matters here (what Pagefind
indexes and what a result shows), so the other pages are copied as they are and no
video is encoded. The benchmark calls `large_site_first_query`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from html import escape
from pathlib import Path

import yaml
from kasdikdas.idformat import tanggal
from kasdikdas.files import link_or_copy

from kasdikdas.postbuild.search.index import indexed_glob, run_pagefind
from kasdikdas.postbuild.search.settings import DEFAULTS

KECAMATAN_FILE = Path(__file__).resolve().parents[1] / "content" / "data" / "kecamatan.yml"

CATEGORIES = ("Kreativitas Siswa", "Inovasi Pembelajaran", "Kegiatan Sekolah")
LEVELS = {"SD": "Sekolah Dasar", "SMP": "Sekolah Menengah Pertama"}
ACTIVITIES = (
    "Gamelan Cilik", "Tari Barongan", "Membatik Motif Jati", "Angklung Bambu", "Drumband",
    "Paduan Suara", "Melukis Kaligrafi", "Kerajinan Kayu Jati", "Wayang Kertas",
    "Pentas Ketoprak", "Puisi Berantai", "Komik Sejarah", "Matematika Pasar",
    "Laboratorium Jagung", "Literasi Digital", "Kelas Hijau", "Podcast Bahasa Jawa",
    "Robotik Sederhana", "Pojok Baca Keliling", "Sains Dapur", "Peta Desa Interaktif",
    "Kuis Pecahan", "Kebun Hitung", "Jurnal Cuaca", "Senam Pagi", "Pramuka Peduli",
    "Kebun Toga", "Futsal Putri", "Jumat Bersih", "Bank Sampah", "Pentas Seni Akhir Tahun",
    "Kantin Sehat", "Upacara Hari Guru", "Lomba Tujuh Belasan", "Dongeng Pagi",
    "Sedekah Bumi", "Hidroponik Botol", "Catur Jawa", "Egrang Bambu", "Sablon Kaos",
)
GRADES = ("Kelas 1", "Kelas 2", "Kelas 3", "Kelas 4", "Kelas 5", "Kelas 6", "Kelas 7",
          "Kelas 8", "Kelas 9", "Ekstrakurikuler", "Bersama Orang Tua", "Semester Genap")
TAGS = ("seni", "budaya", "karawitan", "tari", "sains", "matematika", "literasi",
        "bahasa-jawa", "lingkungan", "kesehatan", "olahraga", "pramuka", "teknologi",
        "pertanian", "kerajinan", "musik", "membaca", "menulis", "gotong-royong", "karakter")
SENTENCES = (
    "Setiap {hari} pagi, murid {kelas} berlatih bersama {guru}, guru yang sabar dan kreatif.",
    "Kegiatan ini dimulai dari pertanyaan sederhana murid tentang kehidupan di Desa {desa}.",
    "Sekolah memanfaatkan bahan yang mudah didapat di sekitar, seperti {bahan}.",
    "Orang tua dan komite sekolah ikut membantu menyiapkan tempat dan peralatan.",
    "Dalam video ini mereka menunjukkan hasil latihan selama {minggu} minggu.",
    "Murid belajar bekerja sama, membagi tugas dan saling menghargai pendapat teman.",
    "Hasilnya dipamerkan di halaman sekolah dan disaksikan warga Desa {desa}.",
    "Guru mencatat kemajuan setiap murid dalam jurnal kelas yang dibaca bersama.",
    "Kegiatan sederhana ini membuat murid lebih percaya diri berbicara di depan teman.",
    "Sekolah berharap kegiatan ini bisa ditiru sekolah lain di Kecamatan {kecamatan}.",
    "Bahan ajar disusun bersama kelompok kerja guru dan diuji coba di dua kelas.",
    "Anak-anak yang biasanya pendiam kini berani bertanya dan mencoba hal baru.",
    "{guru} mengajak murid mengamati {benda} lalu menuliskan temuannya di buku tulis.",
    "Pada akhir semester, karya murid {kelas} ditampilkan dalam pameran kecil di aula.",
)
MATERIALS = ("bambu, daun jati dan kardus bekas", "botol plastik dan tutup galon",
             "kain perca dan benang wol", "batu kali dan pasir sungai",
             "jagung, kedelai dan kacang hijau", "kayu jati sisa mebel", "koran bekas")
THINGS = ("cuaca di halaman", "tanaman di kebun sekolah", "harga di pasar desa",
          "aliran Sungai Lusi", "hutan jati di sekitar desa", "burung di sawah")
TEACHERS = ("Pak Slamet", "Bu Sri", "Pak Bambang", "Bu Wahyuni", "Pak Joko", "Bu Endang",
            "Pak Sutrisno", "Bu Lestari", "Pak Agus", "Bu Rini", "Pak Darmaji", "Bu Yuyun")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu")
VILLAGE_START = ("Sido", "Sumber", "Ngro", "Kedung", "Tam", "Bang", "Karang", "Mulyo",
                 "Tegal", "Wono", "Jati", "Sura", "Pojok", "Gun", "Kali", "Sendang")
VILLAGE_END = ("rejo", "sari", "mulyo", "harjo", "wetan", "kulon", "agung", "lor",
               "kidul", "tengah", "asri", "makmur", "wangi", "dadi", "tirto")
LAST_DATE = dt.date(2026, 11, 1)


def schools(rng: random.Random, count: int = 700) -> list[dict]:
    """About Blora's 600 SD and 100 SMP over its kecamatan."""
    kecamatan = [k["name"] for k in yaml.safe_load(KECAMATAN_FILE.read_text(encoding="utf-8"))]
    numbers: dict[tuple, int] = {}
    made = []
    for index in range(count):
        level = "SD" if index < count * 6 // 7 else "SMP"
        kec = rng.choice(kecamatan)
        kind = "Negeri" if rng.random() < 0.85 else "Swasta"
        numbers[level, kind, kec] = number = numbers.get((level, kind, kec), 0) + 1
        made.append({"name": f"{level} {kind} {number} {kec}", "level": level,
                     "kecamatan": kec,
                     "village": rng.choice(VILLAGE_START) + rng.choice(VILLAGE_END)})
    return made


def showcase(rng: random.Random, school: dict) -> dict:
    title = f"{rng.choice(ACTIVITIES)} {rng.choice(GRADES)}"
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        paragraphs.append(" ".join(
            sentence.format(hari=rng.choice(DAYS), kelas=rng.choice(GRADES).lower(),
                            guru=rng.choice(TEACHERS), desa=school["village"],
                            minggu=rng.randint(2, 12), kecamatan=school["kecamatan"],
                            bahan=rng.choice(MATERIALS), benda=rng.choice(THINGS))
            for sentence in rng.sample(SENTENCES, rng.randint(2, 4))))
    return {"title": title, "school": school, "category": rng.choice(CATEGORIES),
            "date": LAST_DATE - dt.timedelta(days=rng.randrange(4 * 365)),
            "tags": rng.sample(TAGS, rng.randint(1, 4)), "paragraphs": paragraphs}


def _sub(pattern: str, replacement: str, html: str) -> str:
    return re.sub(pattern, lambda _: replacement, html, count=1, flags=re.DOTALL)


def clone_page(template: str, item: dict, neighbours: list[str]) -> str:
    """The template page (a real showcase page) with `item`'s facts and text."""
    school = item["school"]
    title, date = escape(item["title"]), item["date"]
    html = _sub(r"<title>.*?</title>", f"<title>{title} · {escape(school['name'])}</title>", template)
    html = _sub(r"<h1>.*?</h1>", f"<h1>{title}</h1>", html)
    html = _sub(r'(<p class="keterangan">).*?(</p>)',
                f'<p class="keterangan">{school["name"]} · {item["category"]} ·\n     '
                f'<time datetime="{date.isoformat()}">{tanggal(date)}</time></p>', html)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in item["paragraphs"])
    html = re.sub(r'(</figure>\s*(?:<div class="offline-save".*?</div>\s*)?)(.*?)(\s*<dl class="profil">)',
                  lambda m: m.group(1) + body + m.group(3), html, count=1, flags=re.DOTALL)
    html = _sub(r'<dl class="profil">.*?</dl>',
                '<dl class="profil">\n'
                f'    <dt>Sekolah</dt><dd><a href="#">{school["name"]}</a></dd>\n'
                f'    <dt>Jenjang</dt><dd><a href="#">{LEVELS[school["level"]]}</a></dd>\n'
                f'    <dt>Kategori</dt><dd><a href="#">{item["category"]}</a></dd>\n'
                f'    <dt>Kecamatan</dt><dd><a href="#">{school["kecamatan"]}</a></dd>\n'
                f'    <dt>Label</dt><dd>{", ".join(item["tags"])}</dd>\n  </dl>', html)
    for old, new in zip(re.findall(r'(?:Sebelumnya|Berikutnya): ([^<›]*?)[ ]?(?:›)?</a>', html),
                        neighbours):
        html = html.replace(f": {old}", f": {escape(new)}", 1)
    values = {"sekolah": school["name"], "tanggal": tanggal(date), "jenjang": school["level"],
              "kecamatan": school["kecamatan"], "kategori": item["category"]}
    for name, value in values.items():
        html = re.sub(rf'(data-pagefind-(?:meta|filter)="{name}\[data-value\]" data-value=")[^"]*"',
                      lambda m, value=value: m.group(1) + escape(value) + '"', html)
    return html


def synthetic_site(sample_output: str | Path, target: str | Path, showcases: int = 5000,
                   seed: int = 2024, settings: dict | None = None) -> Path:
    """Write a site of `showcases` showcase pages into `target` (replaced) from the
    built site `sample_output`, and index it. Returns `target`."""
    sample, target = Path(sample_output), Path(target)
    settings = {**DEFAULTS, "ARTICLE_SAVE_AS": "kiprah/{slug}/index.html", **(settings or {})}
    shutil.rmtree(target, ignore_errors=True)
    bundle_dir = settings["SEARCH_BUNDLE_DIR"]
    templates = sorted(sample.glob(indexed_glob(settings)))
    if not templates:
        raise FileNotFoundError(f"no showcase page in {sample}")
    shutil.copytree(sample, target, copy_function=link_or_copy,
                    ignore=lambda folder, names: [bundle_dir] if Path(folder) == sample else [])
    for page in target.glob(indexed_glob(settings)):
        page.unlink()
    rng = random.Random(seed)
    pool = schools(rng)
    texts = [page.read_text(encoding="utf-8") for page in templates]
    items = [showcase(rng, rng.choice(pool)) for _ in range(showcases)]
    for index, item in enumerate(items):
        slug = f"s{index:05d}-" + re.sub(r"[^a-z0-9]+", "-", item["title"].lower()).strip("-")
        page = target / settings["ARTICLE_SAVE_AS"].format(slug=slug)
        page.parent.mkdir(parents=True, exist_ok=True)
        neighbours = [items[(index + 1) % showcases]["title"], items[index - 1]["title"]]
        page.write_text(clone_page(texts[index % len(texts)], item, neighbours), encoding="utf-8")
    run_pagefind(target, settings)
    return target


# Words a viewer might type: an activity, a kecamatan, a word in most showcases, and a
# query with a filter (the filter's file is loaded too).
QUERIES = (("gamelan", {}), ("cepu", {}), ("murid", {}), ("literasi", {"jenjang": "SMP"}))


def first_query_report(output_dir: str | Path, queries=QUERIES) -> dict:
    """First-query bytes on a built site, per query and per kind of host (measure.HOSTS):
    the gzip host's figures at the top level (search_bytes, within_budget, parts: bytes
    per kind of file), the brotli host's under "brotli"."""
    from playwright.sync_api import sync_playwright

    from bench.search_measure import BUDGET_BYTES, HOSTS, first_query_bytes, launch_chromium, serve

    report = {"budget": BUDGET_BYTES, "hosts": dict(HOSTS), "queries": {}}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for host in HOSTS:
                with serve(output_dir, host) as base_url:
                    for query, filters in queries:
                        result = first_query_bytes(output_dir, query, filters, browser=browser,
                                                   base_url=base_url)
                        name = " ".join([query, *(f"{k}={v}" for k, v in filters.items())])
                        figures = {"results": result.results,
                                   "search_bytes": result.search_bytes,
                                   "within_budget": result.within_budget,
                                   "parts": parts_by_kind(result)}
                        if host == "gzip":
                            report["queries"][name] = figures
                        else:
                            report["queries"][name][host] = figures
        finally:
            browser.close()
    return report


def parts_by_kind(result) -> dict[str, int]:
    """The search files a query fetched, bytes as sent per kind of file (file_kind)."""
    parts: dict[str, int] = {}
    for url, size in result.search_files().items():
        parts[file_kind(url)] = parts.get(file_kind(url), 0) + size
    return parts


def file_kind(url: str) -> str:
    """'fragment', 'index', 'filter', 'meta', 'wasm' or the file name."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    for kind in ("fragment", "index", "filter", "meta"):
        if name.endswith(f".pf_{kind}"):
            return kind
    return "wasm" if name.endswith(".pagefind") else name


def large_site_first_query(sample_output: str | Path, target: str | Path,
                           showcases: int = 5000, queries=QUERIES) -> dict:
    """Build the synthetic site of `showcases` showcases from the built sample site
    `sample_output` into `target` and measure its first queries (first_query_report).
    The benchmark calls this; about 10 s for Pagefind at 5,000 plus a browser."""
    synthetic_site(sample_output, target, showcases)
    return {"showcases": showcases, **first_query_report(target, queries)}


def main(argv: list[str] | None = None) -> int:
    """`python -m search.synthetic output /tmp/besar 5000` (plugins/ on the path): the
    first-query report of a synthetic site, as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("sample_output", help="a built site (its showcase pages are cloned)")
    parser.add_argument("target", help="where the synthetic site is written (replaced)")
    parser.add_argument("showcases", type=int, nargs="?", default=5000)
    args = parser.parse_args(argv)
    report = large_site_first_query(args.sample_output, args.target, args.showcases)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
