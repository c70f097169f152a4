"""inovasi.csv and the index export (iid-<year>.csv / .xlsx): one row per innovation, the
columns in the order of the Indeks Inovasi Daerah form (profile, then the evidence of
each indicator of the year's data file, then the office's screening and the site's
own columns). No text is cut: the model refuses a text a spreadsheet cell could not
hold (entities.MAX_TEXT).
"""

from __future__ import annotations

from kasdikdas.model.iid import readiness, rules_for
from kasdikdas.model.vocab import (
    INNOVATION_AFFAIRS,
    INNOVATION_FORMS,
    INNOVATION_INITIATORS,
    INNOVATION_KINDS,
    INNOVATION_STAGES,
    LEVELS,
    SCREENING_REASONS,
    SCREENING_STATUSES,
    spoken,
)

from .records import Column, Entry, absolute

PROFILE_COLUMNS = [
    Column("name", "nama inovasi"),
    Column("stage", f"tahapan inovasi: {spoken(INNOVATION_STAGES.values())}"),
    Column("initiator", f"inisiator inovasi: {spoken(INNOVATION_INITIATORS.values())}"),
    Column("initiator_name", "nama inisiator (orang atau tim)"),
    Column("kind", f"jenis inovasi: {spoken(INNOVATION_KINDS.values())}"),
    Column("form", f"bentuk inovasi daerah: {spoken(INNOVATION_FORMS.values())}"),
    Column("theme", "tematik (kosong bila tidak dipilih)"),
    Column("affair", "urusan pemerintahan utama (Pendidikan)"),
    Column("other_affairs", "urusan lain yang beririsan, dipisah titik koma"),
    Column("trial_start", "waktu uji coba (TAHUN-BULAN-TANGGAL)"),
    Column("implementation_start", "waktu penerapan (TAHUN-BULAN-TANGGAL)"),
    Column("design", "rancang bangun (teks utuh)"),
    Column("design_words", "jumlah kata rancang bangun"),
    Column("goals", "tujuan inovasi"),
    Column("benefits", "manfaat inovasi"),
    Column("results", "hasil inovasi"),
]

TAIL_COLUMNS = [
    Column("estimated_score", "PERKIRAAN skor menurut aturan tahun penilaiannya (bukan nilai resmi)"),
    Column("estimated_predicate", "PERKIRAAN predikat: Sangat Inovatif, Inovatif atau Kurang Inovatif"),
    Column("missing_mandatory", "nomor indikator wajib yang belum berbukti, dipisah titik koma"),
    Column("screening", f"status penjaringan dinas: {spoken(SCREENING_STATUSES)}"),
    Column("screening_year", "tahun penilaian Indeks Inovasi Daerah"),
    Column("reason", f"alasan ditunda/ditolak: {spoken(SCREENING_REASONS)}"),
    Column("reason_note", "penjelasan alasan"),
    Column("school", "sekolah pelaksana"),
    Column("npsn", "NPSN sekolah"),
    Column("level", f"jenjang: {spoken(LEVELS)}"),
    Column("kecamatan_code", "kode kecamatan Kemendagri (33.16.xx)"),
    Column("kecamatan", "kode kecamatan di situs ini (huruf kecil, tanda hubung)"),
    Column("kecamatan_name", "nama kecamatan"),
    Column("video_url", "alamat berkas video (ukuran terbesar; kosong bila belum ada)"),
    Column("duration_seconds", "durasi video dalam detik"),
    Column("showcase_url", "alamat halaman kiprah"),
    Column("profile_url", "alamat halaman profil dan daftar periksa inovasi"),
    Column("summary", "ringkasan satu kalimat dari kiprahnya"),
]


def indicator_numbers(all_rules: dict) -> list[int]:
    return sorted({i.number for rules in all_rules.values() for i in rules.indicators})


def innovation_columns(all_rules: dict) -> list[Column]:
    """Profile, then level and evidence of every indicator the data files name, then the rest."""
    names = {}
    for year in sorted(all_rules):
        names.update({i.number: i.name for i in all_rules[year].indicators})
    evidence = []
    for n in indicator_numbers(all_rules):
        evidence += [Column(f"indicator_{n}_level", f"indikator {n} ({names[n]}): level parameter 1-3"),
                     Column(f"indicator_{n}_evidence", f"indikator {n}: alamat dokumen bukti")]
    return [*PROFILE_COLUMNS, *evidence, *TAIL_COLUMNS]


def _evidence_url(evidence, siteurl: str, showcase_url: str | None) -> str | None:
    if evidence.from_video:
        return showcase_url
    return absolute(siteurl, evidence.document)


def innovation_row(entry: Entry, siteurl: str, all_rules: dict, profile_url: str) -> dict:
    s, inn = entry.showcase, entry.showcase.innovation
    assert inn is not None  # innovation_rows passes only showcases with an innovation
    best, showcase_url = entry.media.best_tier, absolute(siteurl, entry.url)
    rules = rules_for(inn.year, all_rules)
    ready = readiness(inn, rules) if rules else None
    row: dict[str, object] = {
        "name": inn.name,
        "stage": inn.stage_name,
        "initiator": inn.initiator_name,
        "initiator_name": inn.initiator_label,
        "kind": inn.kind_name,
        "form": inn.form_name,
        "theme": inn.theme_name,
        "affair": INNOVATION_AFFAIRS[inn.affairs[0]],
        "other_affairs": "; ".join(INNOVATION_AFFAIRS[a] for a in inn.affairs[1:]),
        "trial_start": inn.trial_start.isoformat() if inn.trial_start else None,
        "implementation_start": (inn.implementation_start.isoformat()
                                 if inn.implementation_start else None),
        "design": inn.design,
        "design_words": inn.design_words,
        "goals": inn.goals,
        "benefits": inn.benefits,
        "results": inn.results,
    }
    for n in indicator_numbers(all_rules):
        ev = inn.evidence.get(n)
        row[f"indicator_{n}_level"] = ev.level if ev else None
        row[f"indicator_{n}_evidence"] = _evidence_url(ev, siteurl, showcase_url) if ev else None
    row.update({
        "estimated_score": ready.score if ready else None,
        "estimated_predicate": ready.predicate if ready else None,
        "missing_mandatory": "; ".join(str(i.number) for i in ready.missing_mandatory) if ready else None,
        "screening": inn.screening,
        "screening_year": inn.year,
        "reason": inn.reason,
        "reason_note": inn.reason_note,
        "school": s.school.name,
        "npsn": s.school.npsn,
        "level": s.level.code,
        "kecamatan_code": s.kecamatan.kemendagri_code,
        "kecamatan": s.kecamatan.slug,
        "kecamatan_name": s.kecamatan.name,
        "video_url": absolute(siteurl, best.url if best else s.video.url),
        "duration_seconds": entry.media.duration,
        "showcase_url": showcase_url,
        "profile_url": absolute(siteurl, profile_url.format(slug=s.slug)),
        "summary": s.summary,
    })
    return row


def innovation_rows(entries: list[Entry], siteurl: str, all_rules: dict,
                    profile_url: str = "inovasi/{slug}/", entered_in: int | None = None) -> list[dict]:
    """Every innovation's row; with `entered_in`, only those entered (`diikutkan`) in that
    index year: the rows the office types into the index's application."""
    return [innovation_row(e, siteurl, all_rules, profile_url) for e in entries
            if e.showcase.innovation is not None
            and (entered_in is None or (e.showcase.innovation.screening == "diikutkan"
                                        and e.showcase.innovation.year == entered_in))]
