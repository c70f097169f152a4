"""One content problem, as an editor reads it: `path:line: field: what — how to fix`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A file name may hold a newline or `:5: title:`: shown raw, it would forge a line of
# the report (or of a CI annotation). Control and format characters are escaped, and a
# name that reads like `path:line:` is quoted.
_FORGED = re.compile(r":\d*:|: ")


def _escaped(text: str, keep_breaks: bool = False) -> str:
    """Control and format characters as `\\uXXXX` (CR and LF kept with `keep_breaks`:
    the GitHub format escapes those its own way)."""
    return "".join(c if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")
                   or (keep_breaks and c in "\r\n") else f"\\u{ord(c):04x}" for c in text)


def shown_path(path: str) -> str:
    """A path as one report line may show it: escaped, and quoted when it could be
    taken for a line number or a field."""
    safe = _escaped(path)
    if safe != path or _FORGED.search(safe) or safe.startswith('"'):
        return '"' + safe.replace('"', '\\"') + '"'
    return safe


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root where possible
    line: int | None
    field: str  # dotted key path, or "berkas" for the whole file
    message: str  # what is wrong
    hint: str = ""  # how to fix it

    def __str__(self) -> str:
        path = shown_path(self.path)
        where = f"{path}:{self.line}" if self.line else path
        text = f"{where}: {_escaped(self.field)}: {_escaped(self.message)}"
        return f"{text} — {_escaped(self.hint)}" if self.hint else text


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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """One problem as a GitHub Actions workflow command: a pull request shows it on the
    file's line (https://docs.github.com/actions/reference/workflow-commands)."""
    props = [f"file={_escape_property(_escaped(problem.path, keep_breaks=True))}"]
    if problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={_escape_property(_escaped(problem.field, keep_breaks=True))}")
    text = f"{problem.message} — {problem.hint}" if problem.hint else problem.message
    return f"::error {','.join(props)}::{_escape_data(_escaped(text, keep_breaks=True))}"


def format_github(problems: list[Problem]) -> str:
    """The report for `invoke check --format github`: one workflow command per problem,
    then the same closing line as the text report."""
    lines = [github_command(p) for p in sorted(problems)]
    lines.append(format_report(problems).rsplit("\n", 1)[-1])
    return "\n".join(lines)
