"""Rewrite the `video:` value of a showcase and no other byte: comments, quoting, line
endings, a BOM and the body stay exactly as the editor wrote them."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from .model.yamlfm import YamlError, split_front_matter

_BOM = "\ufeff"
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


class VideoLineError(Exception):
    """The `video:` line cannot be rewritten safely; the message says why (Indonesian)."""


def _front_matter(text: str) -> tuple[int, int]:
    """(start, end) of the front matter's YAML inside `text` (after the BOM)."""
    first = text.find("\n")
    closing = _FENCE.search(text, first + 1) if first != -1 else None
    if not text.startswith("---") or closing is None:
        raise VideoLineError("front matter `---` tidak ditemukan atau tidak ditutup")
    return first + 1, closing.start()


def _video_node(front: str) -> yaml.Node | None:
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise VideoLineError(f"YAML tidak valid ({exc.__class__.__name__})") from None
    if not isinstance(root, yaml.MappingNode):
        raise VideoLineError("front matter bukan daftar `kunci: nilai`")
    found = [value for key, value in root.value
             if isinstance(key, yaml.ScalarNode) and key.value == "video"]
    if len(found) > 1:
        raise VideoLineError("kunci `video` ditulis lebih dari sekali")
    return found[0] if found else None


def _scalar(value: str, style: str | None) -> str:
    """`value` written as the old value was: in the same quotes, or plain."""
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return value


def replace_video(text: str, value: str) -> str:
    """`text` (a whole showcase) with its `video:` value replaced by `value`; a showcase
    without `video:` gets the line just before its closing `---`."""
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom):]
    start, end = _front_matter(body)
    front = body[start:end]
    node = _video_node(front)
    if node is None:
        newline = "\r\n" if "\r\n" in front else "\n"
        tail = "" if not front or front.endswith("\n") else newline
        return bom + body[:end] + f"{tail}video: {value}{newline}" + body[end:]
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        raise VideoLineError("nilai `video` bukan satu baris teks")
    left, right = start + node.start_mark.index, start + node.end_mark.index
    if "\n" in body[left:right]:
        raise VideoLineError("nilai `video` ditulis di lebih dari satu baris")
    return bom + body[:left] + _scalar(value, node.style) + body[right:]


def read_video(text: str) -> str | None:
    """The `video:` value as the model reads it (None when there is none)."""
    try:
        data = split_front_matter(text.removeprefix(_BOM)).front_matter.data
    except YamlError:
        return None
    value = data.get("video") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def set_video(path: Path, value: str) -> bool:
    """Write `value` as the showcase's `video:`; False when it already says that. Only
    the value's bytes change (checked by reading the result back); the file is replaced
    atomically and keeps its permissions."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise VideoLineError("berkas bukan teks UTF-8") from None
    if read_video(text) == value:
        return False
    new = replace_video(text, value)
    if read_video(new) != value:
        raise VideoLineError("baris `video:` tidak bisa ditulis ulang dengan aman")
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as handle:
        handle.write(new.encode("utf-8"))
    os.chmod(handle.name, path.stat().st_mode & 0o7777)
    os.replace(handle.name, path)
    return True
