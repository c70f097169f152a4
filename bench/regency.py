"""Write a synthetic regency: 700 schools over Blora's 16 real kecamatan and N showcases.

The same articles are written twice: once as our site's content (YAML front matter,
registry, videos) and once for stock Pelican, whose Markdown reader only understands
its native `Key: value` metadata, so the front matter is converted to that form.
Everything is deterministic for a given seed, so runs are comparable.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from kasdikdas.files import link_or_copy
from kasdikdas.model.vocab import CATEGORIES, INNOVATION_STAGES
from kasdikdas.config import ROOT

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter: 10x faster
KECAMATAN_FILE = ROOT / "content" / "data" / "kecamatan.yml"

SD_SCHOOLS, SMP_SCHOOLS = 600, 100  # Blora has about this many SD and SMP schools
LAST_DATE = dt.date(2026, 11, 1)  # showcases are never in the future

VILLAGE_PARTS = (
    (
        "Sido",
        "Sumber",
        "Ngro",
        "Kedung",
        "Tam",
        "Bang",
        "Karang",
        "Mulyo",
        "Tegal",
        "Wono",
        "Jati",
        "Sura",
        "Pojok",
        "Gun",
        "Ngam",
        "Kali",
        "Bogo",
        "Tinapan",
        "Plo",
        "Sendang",
    ),
    (
        "rejo",
        "sari",
        "mulyo",
        "harjo",
        "wetan",
        "kulon",
        "jati",
        "agung",
        "lor",
        "kidul",
        "tengah",
        "asri",
        "makmur",
        "wangi",
        "dadi",
        "tirto",
    ),
)
CATEGORY_SLUGS = tuple(CATEGORIES)
CATEGORY_NAMES = {slug: category.name for slug, category in CATEGORIES.items()}
ACTIVITIES = {
    "kreativitas-siswa": (
        "Gamelan Cilik",
        "Tari Barongan",
        "Membatik Motif Jati",
        "Angklung Bambu",
        "Drumband",
        "Paduan Suara",
        "Melukis Kaligrafi",
        "Kerajinan Kayu Jati",
        "Wayang Kertas",
        "Pentas Ketoprak",
        "Puisi Berantai",
        "Komik Sejarah",
    ),
    "inovasi-pembelajaran": (
        "Matematika Pasar",
        "Laboratorium Jagung",
        "Literasi Digital",
        "Kelas Hijau",
        "Podcast Bahasa Jawa",
        "Robotik Sederhana",
        "Pojok Baca Keliling",
        "Sains Dapur",
        "Peta Desa Interaktif",
        "Kuis Pecahan",
        "Kebun Hitung",
        "Jurnal Cuaca",
    ),
    "kegiatan-sekolah": (
        "Senam Pagi",
        "Pramuka Peduli",
        "Kebun Toga",
        "Futsal Putri",
        "Jumat Bersih",
        "Bank Sampah",
        "Pentas Seni Akhir Tahun",
        "Kantin Sehat",
        "Upacara Hari Guru",
        "Lomba Tujuh Belasan",
        "Dongeng Pagi",
        "Sedekah Bumi",
    ),
}
GRADES = (
    "Kelas 1",
    "Kelas 2",
    "Kelas 3",
    "Kelas 4",
    "Kelas 5",
    "Kelas 6",
    "Kelas 7",
    "Kelas 8",
    "Kelas 9",
    "Ekstrakurikuler",
    "Bersama Orang Tua",
    "Semester Genap",
)
TAGS = (
    "seni",
    "budaya",
    "karawitan",
    "tari",
    "sains",
    "matematika",
    "literasi",
    "bahasa-jawa",
    "lingkungan",
    "kesehatan",
    "olahraga",
    "pramuka",
    "teknologi",
    "pertanian",
    "kerajinan",
    "musik",
    "membaca",
    "menulis",
    "gotong-royong",
    "karakter",
    "kewirausahaan",
    "sejarah",
    "desa",
    "jati",
    "daur-ulang",
    "gizi",
    "inklusi",
    "orang-tua",
    "guru",
    "prestasi",
)
SENTENCES = (
    "Setiap {hari} pagi, murid {kelas} berlatih bersama {guru}, guru yang sabar dan kreatif.",
    "Kegiatan ini dimulai dari pertanyaan sederhana murid tentang kehidupan di desa {desa}.",
    "Sekolah memanfaatkan bahan yang mudah didapat di sekitar, seperti bambu, daun jati dan kardus bekas.",
    "Orang tua dan komite sekolah ikut membantu menyiapkan tempat dan peralatan.",
    "Dalam video ini mereka menunjukkan hasil latihan selama {minggu} minggu.",
    "Murid belajar bekerja sama, membagi tugas dan saling menghargai pendapat teman.",
    "Hasilnya dipamerkan di halaman sekolah dan disaksikan warga sekitar.",
    "Guru mencatat kemajuan setiap murid dalam jurnal kelas yang dibaca bersama setiap akhir bulan.",
    "Kegiatan sederhana ini membuat murid lebih percaya diri berbicara di depan teman-temannya.",
    "Sekolah berharap kegiatan ini bisa ditiru sekolah lain di Kecamatan {kecamatan}.",
    "Bahan ajar disusun bersama kelompok kerja guru dan diuji coba di dua kelas.",
    "Anak-anak yang biasanya pendiam kini berani bertanya dan mencoba hal baru.",
)
TEACHERS = (
    "Pak Slamet",
    "Bu Sri",
    "Pak Bambang",
    "Bu Wahyuni",
    "Pak Joko",
    "Bu Endang",
    "Pak Sutrisno",
    "Bu Lestari",
    "Pak Agus",
    "Bu Rini",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu")


@dataclass(frozen=True)
class School:
    npsn: str
    level: str
    kecamatan: str
    kecamatan_name: str
    village: str
    name: str
    short_name: str


@dataclass
class Regency:
    """Where the generated content lives."""

    root: Path
    content: Path  # our site's content/ (PATH)
    stock_content: Path  # the same articles in Pelican's native metadata
    schools: list[School]
    showcases: int
    clip_names: list[str]
    slugs: list[str]  # showcase i's slug; showcase i links clip i mod len(clips)


def load_kecamatan() -> list[dict]:
    return yaml.safe_load(KECAMATAN_FILE.read_text(encoding="utf-8"))


def make_schools(rng: random.Random, kecamatan: list[dict]) -> list[School]:
    """600 SD and 100 SMP, spread over the kecamatan with uneven (realistic) weights."""
    weights = [rng.uniform(0.6, 1.4) for _ in kecamatan]
    schools: list[School] = []
    serial = 0
    for level, count in (("SD", SD_SCHOOLS), ("SMP", SMP_SCHOOLS)):
        numbers: dict[tuple[str, str], int] = {}
        for _ in range(count):
            kec = rng.choices(kecamatan, weights)[0]
            village = rng.choice(VILLAGE_PARTS[0]) + rng.choice(VILLAGE_PARTS[1])
            status = "negeri" if rng.random() < 0.85 else "swasta"
            number = numbers.get((kec["slug"], status), 0) + 1
            numbers[(kec["slug"], status)] = number
            serial += 1
            kind = "Negeri" if status == "negeri" else "Swasta"
            short = "N" if status == "negeri" else "S"
            schools.append(
                School(
                    npsn=f"2031{serial:04d}",
                    level=level,
                    kecamatan=kec["slug"],
                    kecamatan_name=kec["name"],
                    village=village,
                    name=f"{level} {kind} {number} {kec['name']}",
                    short_name=f"{level}{short} {number} {kec['name']}",
                )
            )
    return schools


def schools_yaml(schools: list[School]) -> str:
    entries = [
        {
            "npsn": s.npsn,
            "name": s.name,
            "short_name": s.short_name,
            "level": s.level,
            "status": "negeri" if " Negeri " in s.name else "swasta",
            "kecamatan": s.kecamatan,
            "village": s.village,
            "address": f"Jl. Pendidikan, Desa {s.village}, Kec. {s.kecamatan_name}, Blora",
        }
        for s in schools
    ]
    return "# Registri sintetis untuk benchmark (bukan data Dapodik).\n" + yaml.dump(
        entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )


def _slugify(text: str) -> str:
    return "-".join("".join(ch for ch in word if ch.isalnum()) for word in text.lower().split())


def showcase_fields(rng: random.Random, index: int, school: School, clip: str) -> dict:
    category = rng.choice(CATEGORY_SLUGS)
    title = f"{rng.choice(ACTIVITIES[category])} {rng.choice(GRADES)}"
    days = rng.randrange(0, 4 * 365)
    date = LAST_DATE - dt.timedelta(days=days)
    fields = {
        "title": title,
        "date": date,
        "school": school.npsn,
        "category": category,
        "video": f"videos/{clip}",
        "summary": f"Murid {school.short_name} menampilkan {title.lower()} di Desa {school.village}.",
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "consent": True,
        "slug": f"{school.npsn}-{_slugify(title)}-{index}",
    }
    if rng.random() < 0.3:
        fields["social"] = {"instagram": f"https://www.instagram.com/p/kasdikdas{index}/"}
    if category == "inovasi-pembelajaran" and rng.random() < 0.5:
        started = date - dt.timedelta(days=rng.randrange(30, 400))
        fields["innovation"] = {
            "stage": rng.choice(tuple(INNOVATION_STAGES)),
            "initiator": rng.choice(("asn", "masyarakat", "perangkat-daerah")),
            "kind": rng.choice(("digital", "non-digital")),
            "started": started,
        }
    return fields


def body_text(rng: random.Random, school: School) -> str:
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        picked = rng.sample(SENTENCES, rng.randint(2, 4))
        paragraphs.append(
            " ".join(
                s.format(
                    hari=rng.choice(DAYS),
                    kelas=rng.choice(GRADES).lower(),
                    guru=rng.choice(TEACHERS),
                    desa=school.village,
                    minggu=rng.randint(2, 12),
                    kecamatan=school.kecamatan_name,
                )
                for s in picked
            )
        )
    if rng.random() < 0.3:
        paragraphs.append(
            "Yang dipelajari murid:\n\n- bekerja sama dalam kelompok\n"
            "- menyampaikan pendapat dengan sopan\n- **merawat** alat dan bahan"
        )
    return "\n\n".join(paragraphs) + "\n"


def our_markdown(fields: dict, body: str) -> str:
    front = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{body}"


def stock_markdown(fields: dict, body: str) -> str:
    """The same article in stock Pelican's native Markdown metadata (`Key: value`)."""
    lines = [
        f"Title: {fields['title']}",
        f"Date: {fields['date'].isoformat()}",
        f"Category: {CATEGORY_NAMES[fields['category']]}",
        f"Tags: {', '.join(fields['tags'])}",
        f"Slug: {fields['slug']}",
        f"Summary: {fields['summary']}",
    ]
    return "\n".join(lines) + "\n\n" + body



def write_regency(root: Path, showcases: int, clips: list[Path], seed: int = 2024) -> Regency:
    """Write the registry, `showcases` articles (both forms) and the shared video clips."""
    rng = random.Random(seed)
    content, stock = root / "content", root / "stock-content"
    for folder in (content / "data", content / "kiprah", content / "videos", stock):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(KECAMATAN_FILE, content / "data" / "kecamatan.yml")
    schools = make_schools(rng, load_kecamatan())
    (content / "data" / "schools.yml").write_text(schools_yaml(schools), encoding="utf-8")
    for clip in clips:
        link_or_copy(clip, content / "videos" / clip.name)
    clip_names = [c.name for c in clips]
    slugs = [
        add_showcase(content, stock, rng, schools, clip_names, index).stem
        for index in range(showcases)
    ]
    return Regency(root, content, stock, schools, showcases, clip_names, slugs)


def add_showcase(
    content: Path,
    stock: Path,
    rng: random.Random,
    schools: list[School],
    clip_names: list[str],
    index: int,
) -> Path:
    school = rng.choice(schools)
    fields = showcase_fields(rng, index, school, clip_names[index % len(clip_names)])
    body = body_text(rng, school)
    path = content / "kiprah" / f"{fields['slug']}.md"
    path.write_text(our_markdown(fields, body), encoding="utf-8")
    (stock / f"{fields['slug']}.md").write_text(stock_markdown(fields, body), encoding="utf-8")
    return path


def add_one_more(regency: Regency, seed: int = 99) -> Path:
    """One new showcase in our content (the 'editor adds one file' rebuild)."""
    rng = random.Random(seed)
    index = regency.showcases
    regency.showcases += 1
    extra = regency.root / "stock-extra"
    extra.mkdir(exist_ok=True)
    path = add_showcase(regency.content, extra, rng, regency.schools, regency.clip_names, index)
    regency.slugs.append(path.stem)
    return path


def edit_one(regency: Regency, index: int | None = None) -> Path:
    """The 'editor saves one showcase' change: a word added to one showcase's title
    (the middle one by default), which its page, its lists and home show."""
    slug = regency.slugs[len(regency.slugs) // 2 if index is None else index]
    path = regency.content / "kiprah" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle: ")
    title, _, tail = rest.partition("\n")
    title = (f"{title[:-1]} Diperbarui{title[-1]}" if title[:1] in ("'", '"')
             else f"{title} Diperbarui")
    path.write_text(f"{head}\ntitle: {title}\n{tail}", encoding="utf-8")
    return path
