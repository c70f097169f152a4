"""One content problem, as an editor reads it: `path:line: field: what — how to fix`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root where possible
    line: int | None
    field: str  # dotted key path, or "berkas" for the whole file
    message: str  # what is wrong
    hint: str = ""  # how to fix it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found in the run."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    files = len({p.path for p in problems})
    if problems:
        lines.append(
            f"{len(problems)} masalah di {files} berkas. "
            "Perbaiki lalu jalankan `invoke check` lagi; situs tidak dibangun."
        )
    else:
        lines.append("Semua konten valid.")
    return "\n".join(lines)
