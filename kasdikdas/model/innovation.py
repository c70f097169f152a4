"""Resolve a showcase's `innovation:` block into an `Innovation`, with every rule the
Indeks Inovasi Daerah and the office's screening ask for, each broken rule a
`file:line: field: what — how to fix` message in Bahasa Indonesia.

Always checked: dates (not in the future; trial ≤ implementation; penerapan needs an
implementation date), the main affair, the year's theme list, indicator numbers and
levels, evidence documents, and the screening reason. Checked only when the office
marks an innovation `diikutkan` (entered in the index): everything entry needs
(iid.entry_gaps: mandatory evidence, 300 words of design, goals, benefits, results,
the year's eligibility window).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from pathlib import Path

from .entities import Evidence, FrontMatter, Innovation, InnovationEntry, VideoSource
from .iid import IndexRules, entry_gaps, rules_for
from .messages import nearest
from .paths import check_content_file
from .problems import Problem
from .vocab import MAIN_AFFAIR, SCREENING_DROPPED, spoken
from .yamlfm import ParsedYaml

EVIDENCE_FOLDER = "bukti"  # local evidence documents live in content/bukti/ (published as is)


class _Report:
    def __init__(self, shown: str, fm: ParsedYaml) -> None:
        self.shown, self.fm = shown, fm
        self.problems: list[Problem] = []

    def add(self, keys: tuple[str, ...], field: str, what: str, fix: str) -> None:
        line = self.fm.line_of(("innovation", *keys))
        self.problems.append(Problem(self.shown, line, f"innovation.{field}", what, fix))


def _dates(inn: InnovationEntry, report: _Report,
           today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    trial, implementation = inn.trial_start, inn.implementation_start
    if inn.started is not None:
        if trial or implementation:
            report.add(("started",), "started",
                       "`started` (kunci lama) ditulis bersama trial_start/implementation_start",
                       "hapus `started`; tanggalnya sudah ada di kunci baru")
        elif inn.stage == "penerapan":
            implementation = inn.started
        else:
            trial = inn.started
    for key, value, label in (("trial_start", trial, "uji coba"),
                              ("implementation_start", implementation, "penerapan")):
        if value and value > today:
            written = key if getattr(inn, key) else "started"
            report.add((written,), written, f"waktu {label} {value.isoformat()} ada di masa depan",
                       f"tulis tanggal {label} yang sudah berlangsung")
    if inn.stage == "penerapan" and implementation is None:
        report.add(("stage",), "implementation_start",
                   "inovasi tahap penerapan wajib punya waktu penerapan",
                   "tambahkan `implementation_start: TAHUN-BULAN-TANGGAL` di bawah innovation")
    if inn.stage != "penerapan" and implementation is not None:
        report.add(("implementation_start",), "stage",
                   f"sudah punya waktu penerapan tetapi tahapnya `{inn.stage}`",
                   "ubah `stage: penerapan`, atau hapus implementation_start bila belum diterapkan")
    if trial and implementation and trial > implementation:
        report.add(("trial_start",), "trial_start",
                   f"waktu uji coba {trial.isoformat()} sesudah waktu penerapan "
                   f"{implementation.isoformat()}",
                   "uji coba selalu lebih dulu: periksa kedua tanggal")
    return trial, implementation


def _affairs(inn: InnovationEntry, report: _Report) -> tuple[str, ...]:
    affairs = tuple(inn.affairs)
    if not affairs or affairs[0] != MAIN_AFFAIR:
        report.add(("affairs",), "affairs", "urusan utama inovasi sekolah harus `pendidikan`",
                   "tulis `pendidikan` lebih dulu, mis. `affairs: [pendidikan, pangan]`")
    if len(set(affairs)) != len(affairs):
        report.add(("affairs",), "affairs", "ada urusan yang ditulis dua kali",
                   "tulis setiap urusan sekali")
    return affairs


def _evidence(inn: InnovationEntry, rules: IndexRules | None, report: _Report,
              content_root: Path, video: VideoSource | None) -> dict[int, Evidence]:

    resolved: dict[int, Evidence] = {}
    known = rules.by_number if rules else {}
    for number, entry in inn.evidence.items():
        keys = ("evidence", str(number))
        if rules and number not in known:
            report.add(keys, f"evidence.{number}",
                       f"indikator {number} tidak ada di aturan tahun {rules.year}",
                       f"nomor indikator yang sah: {min(known)} sampai {max(known)}")
            continue
        if rules and not rules.scoring.level_min <= entry.level <= rules.scoring.level_max:
            report.add((*keys, "level"), f"evidence.{number}.level",
                       f"level {entry.level} di luar rentang tahun {rules.year}",
                       f"pilih {rules.scoring.level_min} sampai {rules.scoring.level_max}")
            continue
        document, from_video = entry.document, False
        if document is None and known.get(number) and known[number].showcase_video and video:
            document, from_video = (video.url or video.path), True
        elif document is not None:
            document = _document(document, keys, number, report, content_root, check_content_file)
            if document is None:
                continue
        if document is None:
            indicator = known.get(number)
            asked = f" ({indicator.evidence})" if indicator else ""
            report.add(keys, f"evidence.{number}.document", "level dipilih tetapi dokumen buktinya tidak ada",
                       f"tambahkan `document:` berkas di content/{EVIDENCE_FOLDER}/ atau alamat https{asked}")
            continue
        resolved[number] = Evidence(entry.level, document, entry.note, from_video)
    return resolved


def _document(value: str, keys: tuple[str, ...], number: int, report: _Report,
              content_root: Path,
              check_content_file: Callable[..., tuple[str | None, list[Problem]]]) -> str | None:
    field = f"evidence.{number}.document"
    if value.startswith(("http://", "https://")):
        if not value.startswith("https://"):
            report.add((*keys, "document"), field, "alamat bukti harus aman (https://)",
                       "gunakan alamat yang diawali https://")
            return None
        return value
    if not posixpath.normpath(value.replace("\\", "/")).startswith(EVIDENCE_FOLDER + "/"):
        report.add((*keys, "document"), field, f"`{value}` tidak ada di folder {EVIDENCE_FOLDER}/",
                   f"simpan dokumen bukti di content/{EVIDENCE_FOLDER}/ (folder itu ikut terbit) "
                   f"dan tulis `document: {EVIDENCE_FOLDER}/nama-berkas.pdf`")
        return None
    line = report.fm.line_of(("innovation", *keys, "document"))
    path, problems = check_content_file(value, "innovation." + field, content_root, line,
                                        report.shown, "dokumen bukti")
    report.problems += problems
    return path


def _screening(inn: InnovationEntry, report: _Report) -> None:
    if inn.screening in SCREENING_DROPPED and inn.reason is None:
        report.add(("screening",), "reason", f"status `{inn.screening}` wajib punya alasan",
                   "tambahkan `reason:` salah satu dari kode alasan di panduan editor, "
                   "mis. `reason: bukti-kurang`")
    if inn.reason is not None and inn.screening not in SCREENING_DROPPED:
        report.add(("reason",), "reason", f"alasan hanya untuk status {spoken(SCREENING_DROPPED)}",
                   "hapus `reason`, atau ubah `screening:` bila inovasi ini memang ditunda/ditolak")
    if inn.reason == "lainnya" and not inn.reason_note:
        report.add(("reason",), "reason_note", "alasan `lainnya` perlu penjelasan",
                   "tambahkan `reason_note:` satu kalimat alasannya")


def resolve_innovation(front: FrontMatter, fm: ParsedYaml, shown: str, registry: object,
                       content_root: Path, video: VideoSource | None,
                       today: dt.date) -> tuple[Innovation | None, list[Problem]]:
    inn = front.innovation
    assert inn is not None, "called only for a showcase with an innovation block"
    report = _Report(shown, fm)
    all_rules = getattr(registry, "index_rules", {}) or {}
    rules = rules_for(inn.year, all_rules)
    if inn.year is not None and rules is None:
        latest = max(all_rules) if all_rules else None
        report.add(("year",), "year", f"belum ada aturan Indeks Inovasi Daerah tahun {inn.year}",
                   f"salin content/data/iid-{latest}.yml ke iid-{inn.year}.yml lalu sesuaikan"
                   if latest else "buat content/data/iid-<tahun>.yml (lihat panduan editor)")
    trial, implementation = _dates(inn, report, today)
    affairs = _affairs(inn, report)
    if inn.theme and rules and rules.themes and inn.theme not in rules.themes:
        close = nearest(inn.theme, rules.themes)
        report.add(("theme",), "theme", f"tema `{inn.theme}` tidak dipakai tahun {rules.year}",
                   (f"mungkin maksud Anda `{close[0]}`? " if close else "")
                   + f"tema tahun ini: {spoken(rules.themes)}")
    _screening(inn, report)
    evidence = _evidence(inn, rules, report, content_root, video)
    innovation = Innovation(
        name=inn.name or front.title, stage=inn.stage, initiator=inn.initiator, kind=inn.kind,
        form=inn.form, trial_start=trial, implementation_start=implementation,
        initiator_label=inn.initiator_name, affairs=affairs, theme=inn.theme, design=inn.design,
        goals=inn.goals, benefits=inn.benefits, results=inn.results, evidence=evidence,
        screening=inn.screening, year=rules.year if rules else inn.year, reason=inn.reason,
        reason_note=inn.reason_note)
    if inn.screening == "diikutkan" and rules is not None and not report.problems:
        for gap in entry_gaps(innovation, rules):
            report.add(("screening",), "screening", f"belum siap diikutkan: {gap}",
                       "lengkapi dulu, atau tulis `screening: dinilai` sampai lengkap")
    return (None if report.problems else innovation), report.problems
