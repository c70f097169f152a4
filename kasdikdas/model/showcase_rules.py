"""The rules a showcase's validated front matter must meet beyond its types, as editors
read them: pure functions of a `Draft`, each returning its problems (none when the
rule holds). `build_showcase` runs every one of `RULES` and reports them all at once;
resolving the files a showcase names (video, poster, captions) and its innovation
block, which also produce values, stays in showcase.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .entities import MAX_SLUG, SLUG_PATTERN, FrontMatter
from .messages import nearest_codes, shown_value
from .placeholders import is_placeholder_summary
from .problems import Problem
from .registry import Registry
from .vocab import INNOVATION_STAGES, LEVELS
from .yamlfm import ParsedYaml

# /inovasi/<slug>/ is an innovation's page; these names are the inventory's filters.
RESERVED_INNOVATION_SLUGS = frozenset((*INNOVATION_STAGES, *(lv.slug for lv in LEVELS.values()), "page"))


def default_slug(path: Path) -> str:
    return path.stem.lower()


@dataclass(frozen=True)
class Draft:
    """One showcase file whose front matter has its types, not yet judged by the rules."""

    path: Path
    shown: str  # the path as written in messages
    fm: ParsedYaml  # the front matter as written (values, lines, YAML 1.1 words)
    front: FrontMatter
    registry: Registry
    today: dt.date

    @property
    def slug(self) -> str:
        return self.front.slug or default_slug(self.path)

    def line(self, field: str) -> int:
        return self.fm.line_of((field,))

    def problem(self, field: str, message: str, hint: str, line: int | None = -1) -> Problem:
        return Problem(self.shown, self.line(field) if line == -1 else line, field, message, hint)


def school_rule(draft: Draft) -> list[Problem]:
    """The NPSN names a school of the registry; else the nearest ones are suggested."""
    schools = draft.registry.schools
    if draft.front.school in schools:
        return []
    close = nearest_codes(draft.front.school, schools)
    hint = ("mungkin maksud Anda " + ", ".join(f"{npsn} ({schools[npsn].short_name})" for npsn in close)
            + "?" if close else
            "periksa NPSN di Dapodik, lalu tambahkan sekolahnya ke content/data/schools.yml")
    return [draft.problem("school", f"NPSN {draft.front.school} tidak ada di daftar sekolah", hint)]


def consent_rule(draft: Draft) -> list[Problem]:
    """Published only with written consent, and only `true` says so (pydantic would also
    take "true", "yes" or 1)."""
    front_matter = cast(dict[str, object], draft.fm.data)  # a mapping: `front` was read from it
    consent = front_matter.get("consent")
    if consent is True:
        return []
    if consent is False:
        return [draft.problem("consent", "izin publikasi belum ada (consent bukan true)",
                              "terbitkan hanya setelah sekolah memegang izin tertulis orang tua, "
                              "lalu tulis `consent: true`")]
    # a quoted "true" is text: show the quotes, or the message reads "not true but true"
    yaml11 = ("consent",) in draft.fm.words
    written = json.dumps(consent, ensure_ascii=False) if isinstance(consent, str) and not yaml11 \
        else shown_value(consent)
    hint = ("YAML hanya mengenal `true` sebagai ya: tulis `consent: true` " if yaml11
            else "tulis `consent: true` tanpa tanda kutip ")
    return [draft.problem("consent", f"harus tepat `true`, bukan `{written}`",
                          hint + "setelah sekolah memegang izin tertulis orang tua")]


def summary_rule(draft: Draft) -> list[Problem]:
    """The summary is the editor's, not the scaffold's placeholder."""
    if not is_placeholder_summary(draft.front.summary):
        return []
    return [draft.problem("summary", "ringkasan masih teks contoh dari `invoke new`",
                          "ganti dengan satu kalimat tentang kiprah ini")]


def date_rule(draft: Draft) -> list[Problem]:
    """A showcase tells of something that has happened."""
    if draft.front.date <= draft.today:
        return []
    return [draft.problem("date", f"tanggal {draft.front.date.isoformat()} ada di masa depan",
                          "tulis tanggal kegiatan yang sudah berlangsung")]


def slug_rule(draft: Draft) -> list[Problem]:
    """The page's address: from `slug:` or the file name, short, lower-case letters,
    digits and hyphens."""
    slug, given = draft.slug, bool(draft.front.slug)
    if not given and len(slug) > MAX_SLUG:
        return [draft.problem("slug", f"nama berkas terlalu panjang untuk alamat halaman ({len(slug)} "
                              f"karakter, batas {MAX_SLUG})",
                              "persingkat nama berkas atau isi `slug:` yang pendek", line=None)]
    if not re.match(SLUG_PATTERN, slug):
        return [draft.problem("slug", f"nama berkas `{draft.path.name}` tidak bisa dipakai sebagai "
                              "alamat halaman", "ganti nama berkas dengan huruf kecil, angka dan tanda "
                              "hubung, mis. 20300001-gamelan-cilik.md",
                              line=draft.line("slug") if given else None)]
    return []


def innovation_slug_rule(draft: Draft) -> list[Problem]:
    """An innovation's page /inovasi/<slug>/ must not take a filter page's address."""
    if draft.front.innovation is None or draft.slug not in RESERVED_INNOVATION_SLUGS:
        return []
    return [draft.problem("slug", f"alamat /inovasi/{draft.slug}/ sudah dipakai daftar saringan inovasi",
                          "pakai nama berkas atau `slug:` lain, mis. diawali NPSN sekolah",
                          line=draft.line("slug") if draft.front.slug else None)]


RULES: tuple[Callable[[Draft], list[Problem]], ...] = (
    school_rule, consent_rule, summary_rule, date_rule, slug_rule, innovation_slug_rule)
