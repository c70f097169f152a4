"""Write the school registry (content/data/schools.yml) back after an import, keeping its
form: only changed values are rewritten on their own line, so the office's comments,
quoting and order stay; when a line edit cannot be made, the whole list is written."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from .model.yamlfm import YamlError, parse_yaml

HEADER = """\
# Daftar sekolah (registri): satu entri per sekolah, satu-satunya sumber nama, jenjang dan
# kecamatan sekolah. Halaman kiprah hanya menulis NPSN.
# Diperbarui dari ekspor Dapodik/Data Referensi dengan `invoke sekolah --impor BERKAS`;
# kolom yang ditambahkan dinas (short_name, links) tetap dipertahankan.

"""


def registry_text(entries: list[dict]) -> str:
    return HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def _scalar(value, old_line: str) -> str:
    """`value` as one YAML scalar, quoted as the old value was when it was quoted."""
    if isinstance(value, str) and re.search(r':\s*"', old_line):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _entry_spans(parsed, count: int, total: int) -> list[tuple[int, int]]:
    """(first, last) 0-based line of each entry: from its `- ` line to the line before
    the next entry, less the blank and comment lines that head the next one."""
    starts = [parsed.lines[(i,)] - 1 for i in range(count)] + [total]
    return [(starts[i], starts[i + 1] - 1) for i in range(count)]


def _trim(lines: list[str], first: int, last: int) -> int:
    while last > first and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return last


def edited_text(text: str, parsed, existing: list[dict], entries: list[dict]) -> str | None:
    """The registry's own text with only what changed rewritten: changed values on their
    line (comments, quoting, order and every other line kept), closed schools' lines
    removed, new keys and new schools added. None when the file's form does not allow
    a line edit (a multi-line value): the caller then writes the whole list."""
    lines = text.split("\n")
    spans = _entry_spans(parsed, len(existing), len(lines))
    by_npsn = {str(e["npsn"]): e for e in entries}
    removed: set[int] = set()
    inserted: dict[int, list[str]] = {}
    for index, entry in enumerate(existing):
        first, last = spans[index]
        last = _trim(lines, first, last)
        new = by_npsn.get(str(entry.get("npsn")))
        if new is None:
            removed.update(range(first, last + 1))
            continue
        indent = " " * (len(lines[first]) - len(lines[first].lstrip(" -")))
        for key, value in new.items():
            if entry.get(key) == value and type(entry.get(key)) is type(value):
                continue
            if key in entry:
                number = parsed.lines[(index, key)] - 1
                old = lines[number]
                head = re.match(rf"^(\s*(?:-\s+)?{re.escape(key)}:\s*)", old)
                if head is None or isinstance(value, (dict, list)):
                    return None
                lines[number] = head.group(1) + _scalar(value, old)
            else:
                inserted.setdefault(last, []).append(f"{indent}{key}: {_scalar(value, '')}")
        for key in entry.keys() - new.keys():  # `sample:` (one line) once Dapodik confirms it
            if isinstance(entry[key], (dict, list)) or lines[parsed.lines[(index, key)] - 1] \
                    .lstrip().startswith("-"):
                return None
            removed.add(parsed.lines[(index, key)] - 1)
    out = []
    for number, line in enumerate(lines):
        if number not in removed:
            out.append(line)
        out += inserted.get(number, [])
    known = {str(e.get("npsn")) for e in existing}
    added = [e for e in entries if str(e["npsn"]) not in known]
    result = "\n".join(out)
    if added:
        result = result.rstrip("\n") + "\n" + yaml.safe_dump(added, allow_unicode=True,
                                                              sort_keys=False, width=100)
    try:  # the edit must read back as exactly the new entries, or it is not used
        return result if parse_yaml(result).data == entries else None
    except YamlError:
        return None


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: a reader never sees half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".schools-", suffix=".yml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
