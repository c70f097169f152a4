"""Turn pydantic validation errors into Indonesian messages with a way to fix them."""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from .problems import Problem
from .yamlfm import ParsedYaml

FIELD_HELP = {
    "title": "judul singkat, mis. `title: Gamelan Cilik Kelas 5`",
    "date": "tanggal kegiatan dalam bentuk TAHUN-BULAN-TANGGAL, mis. `date: 2024-10-11`",
    "school": 'NPSN sekolah (8 karakter) yang ada di content/data/schools.yml, mis. `school: "20300001"`',
    "category": "salah satu dari kreativitas-siswa, inovasi-pembelajaran, kegiatan-sekolah",
    "video": "berkas video di bawah content/, mis. `video: videos/20300001-gamelan.mp4`",
    "summary": "satu kalimat untuk daftar dan pratinjau tautan (paling banyak 300 karakter)",
    "tags": "daftar kata kunci, mis. `tags: [seni, budaya]`",
    "consent": "tulis `consent: true` setelah sekolah memegang izin tertulis orang tua",
    "npsn": 'NPSN 8 karakter angka/huruf besar, dalam tanda kutip, mis. `npsn: "20300001"`',
    "level": "SD atau SMP",
    "status": "negeri atau swasta",
    "kecamatan": "slug kecamatan dari content/data/kecamatan.yml, mis. `cepu`",
    # innovation.* (see the innovation section of docs/panduan-editor.md)
    "stage": "tahapan inovasi: inisiatif, uji-coba atau penerapan, mis. `stage: uji-coba`",
    "initiator": "inisiator: kepala-daerah, anggota-dprd, perangkat-daerah, asn atau masyarakat",
    "kind": "jenis inovasi: digital atau non-digital",
    "form": "bentuk inovasi: pelayanan-publik, tata-kelola atau lainnya",
    "started": "tanggal inovasi mulai dijalankan, mis. `started: 2024-07-15`",
}


def nearest(value, choices, n=1) -> list[str]:
    return difflib.get_close_matches(str(value), [str(c) for c in choices], n=n, cutoff=0.5)


def _suggest(value, choices) -> str:
    close = nearest(value, choices)
    if close:
        return f"mungkin maksud Anda `{close[0]}`? Pilihan: {', '.join(choices)}"
    return f"pilihan yang sah: {', '.join(choices)}"


def _field_name(loc) -> str:
    return ".".join(str(part) for part in loc) or "front matter"


def describe(error: dict, known_fields=()) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    value = error.get("input")
    leaf = str(loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    help_text = FIELD_HELP.get(leaf, "")
    if kind == "missing":
        return "wajib diisi tetapi tidak ada", f"tambahkan {help_text or leaf}"
    if kind == "extra_forbidden":
        close = nearest(leaf, known_fields)
        fix = f"mungkin maksud Anda `{close[0]}`?" if close else "hapus kunci ini"
        return f"kunci `{leaf}` tidak dikenal", fix
    if kind == "literal_error":
        choices = [c.strip(" '") for c in ctx.get("expected", "").replace(" or ", ",").split(",")]
        choices = [c for c in choices if c]
        return f"nilai `{value}` tidak dikenal", _suggest(value, choices)
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "value_error"} and (
        leaf in {"date", "started"}
    ):
        return f"tanggal `{value}` tidak valid", (
            "tulis tanggal yang ada dalam bentuk TAHUN-BULAN-TANGGAL, mis. 2024-10-11"
        )
    if kind == "string_pattern_mismatch":
        return f"nilai `{value}` tidak sesuai format", help_text or (
            f"gunakan huruf kecil, angka dan tanda hubung (pola {ctx.get('pattern')})"
        )
    if kind in {"string_too_short"}:
        return "kosong", f"isi {help_text or leaf}"
    if kind == "string_too_long":
        return f"terlalu panjang (lebih dari {ctx.get('max_length')} karakter)", "persingkat"
    if kind == "string_type":
        return f"harus berupa teks, bukan `{value!r}`", (
            f"beri tanda kutip pada nilai, mis. {leaf}: \"{value}\""
        )
    if kind == "bool_parsing" or kind == "bool_type":
        return f"harus `true` atau `false`, bukan `{value}`", help_text or "tulis true atau false"
    if kind == "list_type":
        return "harus berupa daftar", help_text or "tulis dalam bentuk [a, b]"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "harus berupa pasangan kunci: nilai", "lihat contoh di panduan editor"
    if kind.startswith("url"):
        return f"`{value}` bukan alamat web yang sah", "tulis alamat lengkap yang diawali https://"
    return f"nilai `{value}` tidak valid ({error.get('msg')})", help_text


def problems_from_validation(
    exc: ValidationError, path: str, parsed: ParsedYaml, known_fields=(), prefix=()
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(prefix) + tuple(error["loc"])
        what, fix = describe(error, known_fields)
        line = parsed.line_of(loc) if error["type"] != "missing" else parsed.line_of(loc[:-1])
        problems.append(Problem(path, line, _field_name(loc), what, fix))
    return problems
