"""Turn pydantic validation errors into Indonesian messages with a way to fix them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from .problems import Problem
from .vocab import (
    CATEGORIES,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_AFFAIRS,
    INNOVATION_STAGES,
    INNOVATION_THEMES,
    LEVELS,
    SCREENING_REASONS,
    SCREENING_STATUSES,
    STATUSES,
    spoken,
)
from .yamlfm import YAML11_BOOLEANS, KeyPath, ParsedYaml

MAIN_AFFAIR_HELP = "selalu `pendidikan` lebih dulu"

FIELD_HELP = {
    "title": "judul singkat, mis. `title: Gamelan Cilik Kelas 5`",
    "date": "tanggal kegiatan dalam bentuk TAHUN-BULAN-TANGGAL, mis. `date: 2024-10-11`",
    "school": 'NPSN sekolah (8 karakter) yang ada di content/data/schools.yml, mis. `school: "20300001"`',
    "category": f"salah satu dari {spoken(CATEGORIES)}",
    "video": ("berkas video di bawah content/, mis. `video: videos/20300001-gamelan.mp4`, atau "
              "alamat https berkasnya (tautan berbagi Google Drive dan Dropbox boleh)"),
    "summary": "satu kalimat untuk daftar dan pratinjau tautan (paling banyak 300 karakter)",
    "tags": "daftar kata kunci, mis. `tags: [seni, budaya]`",
    "consent": "tulis `consent: true` setelah sekolah memegang izin tertulis orang tua",
    "npsn": 'NPSN 8 karakter angka/huruf besar, dalam tanda kutip, mis. `npsn: "20300001"`',
    "level": spoken(LEVELS),
    "status": spoken(STATUSES),
    "kecamatan": "slug kecamatan dari content/data/kecamatan.yml, mis. `cepu`",
    # innovation.* (see the innovation section of docs/panduan-editor.md)
    "stage": f"tahapan inovasi: {spoken(INNOVATION_STAGES)}, mis. `stage: uji-coba`",
    "initiator": f"inisiator: {spoken(INNOVATION_INITIATORS)}",
    "kind": f"jenis inovasi: {spoken(INNOVATION_KINDS)}",
    "form": f"bentuk inovasi: {spoken(INNOVATION_FORMS)}",
    "started": ("(kunci lama) tanggal mulai: dibaca sebagai implementation_start pada tahap "
                "penerapan, trial_start pada tahap lain; tulis kunci baru itu saja"),
    "name": "nama inovasi (bawaan: judul kiprah), mis. `name: Laboratorium Jagung`",
    "initiator_name": "nama inisiator (orang atau tim), mis. `initiator_name: Sri Wahyuni, S.Pd.`",
    "affairs": (f"urusan pemerintahan: {MAIN_AFFAIR_HELP}, lalu urusan lain yang beririsan: "
                f"{spoken(INNOVATION_AFFAIRS)}, mis. `affairs: [pendidikan, pangan]`"),
    "theme": f"tematik tahun penilaian: {spoken(INNOVATION_THEMES)}",
    "trial_start": "waktu uji coba: tanggal uji coba dimulai, mis. `trial_start: 2024-07-15`",
    "implementation_start": ("waktu penerapan: tanggal inovasi mulai diterapkan, wajib pada tahap "
                             "penerapan, mis. `implementation_start: 2025-01-06`"),
    "design": ("rancang bangun: dasar hukum, permasalahan, isu strategis, metode, keunggulan dan "
               "tahapan inovasi; indeks meminta paling sedikit 300 kata (tulis setelah `design: |`)"),
    "goals": "tujuan inovasi (tulis setelah `goals: |`)",
    "benefits": "manfaat inovasi (tulis setelah `benefits: |`)",
    "results": "hasil inovasi (tulis setelah `results: |`)",
    "evidence": ("bukti per indikator Indeks Inovasi Daerah (nomor 16-35): level parameter 1-3 "
                 "dan dokumen buktinya, mis. `16: {level: 2, document: bukti/sk-inovasi.pdf}`"),
    "evidence.level": "level parameter yang dipilih: 1, 2 atau 3",
    "document": ("dokumen bukti: berkas di bawah content/ (mis. bukti/20300003-sk.pdf) atau "
                 "alamat https://"),
    "note": "catatan singkat tentang bukti ini",
    "screening": f"status penjaringan: {spoken(SCREENING_STATUSES)}, mis. `screening: dinilai`",
    "year": "tahun penilaian Indeks Inovasi Daerah, mis. `year: 2026`",
    "reason": (f"alasan ditunda atau ditolak: {spoken(SCREENING_REASONS)}, "
               "mis. `reason: inovator-mutasi`"),
    "reason_note": "penjelasan alasan, mis. `reason_note: Kepala sekolah pindah ke Cepu`",
    # content/data/schools.yml (scope "school")
    "school.name": "nama sekolah seperti di Dapodik, mis. `name: SD Negeri 1 Blora`",
    "school.short_name": "nama singkat sekolah, mis. `short_name: SDN 1 Blora`",
    "school.village": "desa atau kelurahan, mis. `village: Kauman`",
    "school.address": "alamat sekolah, mis. `address: Jl. Pemuda No. 1`",
    "school.latitude": "lintang dalam derajat desimal antara -90 dan 90, mis. `latitude: -6.97`",
    "school.longitude": "bujur dalam derajat desimal antara -180 dan 180, mis. `longitude: 111.42`",
    "school.sample": "tulis `sample: true` hanya untuk data contoh",
}


DATE_FIELDS = {"date", "started", "trial_start", "implementation_start"}


def nearest(value: object, choices: Iterable[object], n: int = 1) -> list[str]:
    return difflib.get_close_matches(str(value), [str(c) for c in choices], n=n, cutoff=0.5)


def _typo_distance(a: str, b: str) -> int:
    """Typing slips between two codes of equal length: wrong characters, or one swap."""
    if len(a) != len(b):
        return max(len(a), len(b))
    wrong = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(wrong) == 2 and wrong[1] == wrong[0] + 1 and a[wrong[0]] == b[wrong[1]] and a[wrong[1]] == b[wrong[0]]:
        return 1
    return len(wrong)


def nearest_codes(value: object, codes: Iterable[object], n: int = 3,
                  max_slips: int = 2) -> list[str]:
    """Codes such as NPSN that differ from `value` by at most `max_slips` typing slips,
    closest first (difflib ranks 20300102 above 20300011 for 20300010)."""
    value = str(value)
    ranked = sorted((_typo_distance(value, str(code)), str(code)) for code in codes)
    return [code for slips, code in ranked if slips <= max_slips][:n]


def _suggest(value: object, choices: Collection[str]) -> str:
    close = nearest(value, choices)
    if close:
        return f"mungkin maksud Anda `{close[0]}`? Pilihan: {', '.join(choices)}"
    return f"pilihan yang sah: {', '.join(choices)}"


def _field_name(loc: Iterable[object], whole: str = "front matter") -> str:
    """The dotted field name, each part cut to 60 characters (a key may be huge)."""
    return ".".join(shown_value(str(part)) for part in loc) or whole


def shown_value(value: object, limit: int = 60) -> str:
    """A value as the editor wrote it (YAML-ish, not Python repr), cut to `limit`."""
    if isinstance(value, str):
        text = value
    elif value is None:
        text = "kosong"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind_of(value: object) -> str:
    """The YAML kind of a value, in the editor's words."""
    if value is None:
        return "kosong"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "angka"
    if isinstance(value, str):
        return "teks"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, dict):
        return "pasangan kunci: nilai"
    return type(value).__name__


def describe(error: Mapping[str, Any], known_fields: Iterable[str] = (),
             scope: str = "") -> tuple[str, str]:
    """(what is wrong, how to fix it) for one pydantic error; `scope` names the kind of
    entry (`school`) whose help comes first."""
    kind = error["type"]
    loc = error["loc"]
    raw = error.get("input")
    value = shown_value(raw)
    # the field a list item belongs to: tags.0 → tags
    names = [str(part) for part in loc
             if not isinstance(part, int) and not str(part).isdigit() and part != "[key]"]
    leaf = names[-1] if names else ""
    ctx = error.get("ctx") or {}
    # `evidence.level` before `level` (a school's level): the nearest named parent decides
    parent = names[-2] if len(names) > 1 else scope
    help_text = FIELD_HELP.get(f"{parent}.{leaf}", FIELD_HELP.get(leaf, ""))
    if kind == "missing":
        return "wajib diisi tetapi tidak ada", f"tambahkan {help_text or leaf}"
    if kind == "extra_forbidden":
        close = nearest(leaf, known_fields) if len(leaf) <= 60 else []
        fix = f"mungkin maksud Anda `{close[0]}`?" if close else "hapus kunci ini"
        return f"kunci `{shown_value(leaf)}` tidak dikenal", fix
    if loc and loc[-1] == "[key]" and kind == "value_error":
        return (f"nomor indikator `{value}` tidak sah",
                "tulis nomor indikator tanpa angka 0 di depan, mis. `17:`")
    if raw is None and kind.endswith("_type"):
        return "kosong", f"isi {help_text or leaf}"
    if kind in {"bool_parsing", "bool_type"} and isinstance(raw, str) \
            and raw.strip().lower() in YAML11_BOOLEANS:
        return (f"harus `true` atau `false`, bukan `{value}`",
                "YAML hanya mengenal `true` dan `false`; tulis salah satunya tanpa tanda kutip")
    if kind == "literal_error":
        choices = [c.strip(" '") for c in ctx.get("expected", "").replace(" or ", ",").split(",")]
        choices = [c for c in choices if c]
        return f"nilai `{value}` tidak dikenal", _suggest(value, choices)
    if kind == "invalid_key":
        return f"kunci `{value}` bukan teks", "beri nama kunci dengan huruf, mis. `title:`"
    if kind.startswith("date") or (kind == "value_error" and leaf in DATE_FIELDS):
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
        if isinstance(raw, (list, dict)):
            return f"harus berupa teks, bukan {kind_of(raw)}", help_text or "tulis satu nilai teks"
        return f"harus berupa teks, bukan {kind_of(raw)} `{value}`", (
            f"beri tanda kutip pada nilai, mis. {leaf}: \"{value}\""
        )
    if kind == "bool_parsing" or kind == "bool_type":
        return f"harus `true` atau `false`, bukan `{value}`", help_text or "tulis true atau false"
    if kind == "list_type":
        return f"harus berupa daftar, bukan {kind_of(raw)}", help_text or "tulis dalam bentuk [a, b]"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"harus berupa pasangan kunci: nilai, bukan {kind_of(raw)}", (
            "tulis setiap kunci di baris sendiri dengan indentasi dua spasi, "
            "seperti contoh dari `invoke new`"
        )
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"harus berupa bilangan bulat, bukan `{value}`", help_text or (
            "tulis angka desimal biasa tanpa tanda kutip, tanpa 0 di depan dan tanpa _ atau +")
    if kind in {"float_parsing", "float_type"}:
        return f"harus berupa angka, bukan `{value}`", help_text or "tulis angka dengan titik desimal, mis. 2.5"
    if kind in {"too_long", "too_short"} and isinstance(raw, list):
        return (f"terlalu banyak ({len(raw)}, paling banyak {ctx.get('max_length')})",
                "pilih yang terpenting saja")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"nilai `{value}` di luar rentang yang sah", help_text or "periksa angkanya"
    if kind.startswith("url"):
        return f"`{value}` bukan alamat web yang sah", "tulis alamat lengkap yang diawali https://"
    return f"nilai `{value}` tidak valid", help_text or "bandingkan dengan contoh dari `invoke new`"


def _as_written(loc: KeyPath, parsed: ParsedYaml) -> KeyPath:
    """`loc` with the keys as YAML wrote them: a mapping key `16:` reaches pydantic as the
    number 16 but is remembered as the text "16"."""
    path: KeyPath = ()
    for part in loc:
        if isinstance(part, int) and path + (part,) not in parsed.lines \
                and path + (str(part),) in parsed.lines:
            part = str(part)
        path += (part,)
    return path


def problems_from_validation(
    exc: ValidationError, path: str, parsed: ParsedYaml, known_fields: Iterable[str] = (),
    prefix: KeyPath = (), scope: str = "", whole: str = "front matter",
) -> list[Problem]:
    """One Problem per pydantic error; `whole` names the file's root in messages (a data
    file's is `berkas`), `scope` the kind of entry for help texts (see `describe`)."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = _as_written(tuple(prefix) + tuple(error["loc"]), parsed)
        what, fix = describe(error, known_fields, scope)
        line = parsed.line_of(loc) if error["type"] != "missing" else parsed.line_of(loc[:-1])
        if error["type"] == "invalid_key":
            line = parsed.line_of(loc[:-1] + (str(error.get("input")),), line)
        # the field as the editor wrote it: `level`, not `32.level` (the line locates the entry)
        field = _field_name([p for p in error["loc"] if p != "[key]"], whole)
        problems.append(Problem(path, line, field, what, fix))
    return problems
