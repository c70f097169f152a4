"""Turn pydantic validation errors into Indonesian messages with a way to fix them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Error:
    """One pydantic error, seen as the rules below need it."""

    kind: str
    at_key: bool  # the error is about a mapping key itself (`16:`), not its value
    raw: Any
    value: str  # as the editor wrote it (shown_value)
    leaf: str  # the field: tags.0 → tags
    ctx: Mapping[str, Any]
    help: str  # FIELD_HELP for the field, "" when none
    known: tuple[str, ...]

    def help_or(self, default: str) -> str:
        return self.help or default


def _unknown_key(e: _Error) -> tuple[str, str]:
    close = nearest(e.leaf, e.known) if len(e.leaf) <= 60 else []
    return (f"kunci `{shown_value(e.leaf)}` tidak dikenal",
            f"mungkin maksud Anda `{close[0]}`?" if close else "hapus kunci ini")


def _not_a_choice(e: _Error) -> tuple[str, str]:
    choices = [c.strip(" '") for c in e.ctx.get("expected", "").replace(" or ", ",").split(",")]
    return f"nilai `{e.value}` tidak dikenal", _suggest(e.value, [c for c in choices if c])


def _not_text(e: _Error) -> tuple[str, str]:
    if isinstance(e.raw, (list, dict)):
        return f"harus berupa teks, bukan {kind_of(e.raw)}", e.help_or("tulis satu nilai teks")
    return (f"harus berupa teks, bukan {kind_of(e.raw)} `{e.value}`",
            f"beri tanda kutip pada nilai, mis. {e.leaf}: \"{e.value}\"")


_BOOL = {"bool_parsing", "bool_type"}
_MAPPING = {"model_type", "model_attributes_type", "dict_type"}
_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}

# (does this rule speak for the error?, what it says): the first that matches, in order
_RULES: list[tuple[Callable[[_Error], bool], Callable[[_Error], tuple[str, str]]]] = [
    (lambda e: e.kind == "missing",
     lambda e: ("wajib diisi tetapi tidak ada", f"tambahkan {e.help_or(e.leaf)}")),
    (lambda e: e.kind == "extra_forbidden", _unknown_key),
    (lambda e: e.at_key and e.kind == "value_error",
     lambda e: (f"nomor indikator `{e.value}` tidak sah",
                "tulis nomor indikator tanpa angka 0 di depan, mis. `17:`")),
    (lambda e: e.raw is None and e.kind.endswith("_type"),
     lambda e: ("kosong", f"isi {e.help_or(e.leaf)}")),
    (lambda e: e.kind in _BOOL and isinstance(e.raw, str) and e.raw.strip().lower() in YAML11_BOOLEANS,
     lambda e: (f"harus `true` atau `false`, bukan `{e.value}`",
                "YAML hanya mengenal `true` dan `false`; tulis salah satunya tanpa tanda kutip")),
    (lambda e: e.kind == "literal_error", _not_a_choice),
    (lambda e: e.kind == "invalid_key",
     lambda e: (f"kunci `{e.value}` bukan teks", "beri nama kunci dengan huruf, mis. `title:`")),
    (lambda e: e.kind.startswith("date") or (e.kind == "value_error" and e.leaf in DATE_FIELDS),
     lambda e: (f"tanggal `{e.value}` tidak valid",
                "tulis tanggal yang ada dalam bentuk TAHUN-BULAN-TANGGAL, mis. 2024-10-11")),
    (lambda e: e.kind == "string_pattern_mismatch",
     lambda e: (f"nilai `{e.value}` tidak sesuai format", e.help_or(
         f"gunakan huruf kecil, angka dan tanda hubung (pola {e.ctx.get('pattern')})"))),
    (lambda e: e.kind == "string_too_short", lambda e: ("kosong", f"isi {e.help_or(e.leaf)}")),
    (lambda e: e.kind == "string_too_long",
     lambda e: (f"terlalu panjang (lebih dari {e.ctx.get('max_length')} karakter)", "persingkat")),
    (lambda e: e.kind == "string_type", _not_text),
    (lambda e: e.kind in _BOOL,
     lambda e: (f"harus `true` atau `false`, bukan `{e.value}`", e.help_or("tulis true atau false"))),
    (lambda e: e.kind == "list_type",
     lambda e: (f"harus berupa daftar, bukan {kind_of(e.raw)}", e.help_or("tulis dalam bentuk [a, b]"))),
    (lambda e: e.kind in _MAPPING,
     lambda e: (f"harus berupa pasangan kunci: nilai, bukan {kind_of(e.raw)}",
                "tulis setiap kunci di baris sendiri dengan indentasi dua spasi, "
                "seperti contoh dari `invoke new`")),
    (lambda e: e.kind in {"int_parsing", "int_type", "int_from_float"},
     lambda e: (f"harus berupa bilangan bulat, bukan `{e.value}`", e.help_or(
         "tulis angka desimal biasa tanpa tanda kutip, tanpa 0 di depan dan tanpa _ atau +"))),
    (lambda e: e.kind in {"float_parsing", "float_type"},
     lambda e: (f"harus berupa angka, bukan `{e.value}`",
                e.help_or("tulis angka dengan titik desimal, mis. 2.5"))),
    (lambda e: e.kind in {"too_long", "too_short"} and isinstance(e.raw, list),
     lambda e: (f"terlalu banyak ({len(e.raw)}, paling banyak {e.ctx.get('max_length')})",
                "pilih yang terpenting saja")),
    (lambda e: e.kind in _RANGE,
     lambda e: (f"nilai `{e.value}` di luar rentang yang sah", e.help_or("periksa angkanya"))),
    (lambda e: e.kind.startswith("url"),
     lambda e: (f"`{e.value}` bukan alamat web yang sah", "tulis alamat lengkap yang diawali https://")),
]


def describe(error: Mapping[str, Any], known_fields: Iterable[str] = (),
             scope: str = "") -> tuple[str, str]:
    """(what is wrong, how to fix it) for one pydantic error; `scope` names the kind of
    entry (`school`) whose help comes first."""
    loc = error["loc"]
    # the field a list item belongs to: tags.0 → tags
    names = [str(part) for part in loc
             if not isinstance(part, int) and not str(part).isdigit() and part != "[key]"]
    leaf = names[-1] if names else ""
    # `evidence.level` before `level` (a school's level): the nearest named parent decides
    parent = names[-2] if len(names) > 1 else scope
    seen = _Error(kind=error["type"], at_key=bool(loc) and loc[-1] == "[key]",
                  raw=error.get("input"), value=shown_value(error.get("input")), leaf=leaf,
                  ctx=error.get("ctx") or {},
                  help=FIELD_HELP.get(f"{parent}.{leaf}", FIELD_HELP.get(leaf, "")),
                  known=tuple(known_fields))
    for matches, says in _RULES:
        if matches(seen):
            return says(seen)
    return f"nilai `{seen.value}` tidak valid", seen.help_or("bandingkan dengan contoh dari `invoke new`")


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
