"""Record where a showcase was posted: one URL into its front matter's `social:` block,
changing only that block's lines (every other byte of the file stays as written)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ..model.entities import SocialLinks

PLATFORMS = tuple(SocialLinks.model_fields)  # instagram, facebook, youtube, tiktok
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _eol(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


def _front_matter(lines: list[str]) -> int:
    """Index of the closing `---` of the front matter."""
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n") != "---":
        raise ValueError("berkas tidak diawali front matter (---)")
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return i
    raise ValueError("front matter tidak ditutup dengan ---")


def _block_end(lines: list[str], start: int, end: int) -> int:
    """The line after the last indented line of the block opened at `start`."""
    last = start
    for i in range(start + 1, end):
        text = lines[i].rstrip("\r\n")
        if text.strip() and not text[0].isspace():
            break
        if text.strip():
            last = i
    return last + 1


def set_social(text: str, platform: str, url: str) -> str:
    """`text` with `social: {platform: url}` set, only the social block's lines changed."""
    if platform not in PLATFORMS:
        raise ValueError(f"platform `{platform}` tidak dikenal; pilih {', '.join(PLATFORMS)}")
    if not url.startswith("https://") or any(c.isspace() for c in url):
        raise ValueError("alamat unggahan harus lengkap, diawali https://, tanpa spasi")
    lines = text.splitlines(keepends=True)
    end = _front_matter(lines)
    eol = _eol(lines[0])
    value = json.dumps(url)
    keys = {m.group(1): i for i in range(1, end) if (m := TOP_KEY.match(lines[i]))}
    if "social" not in keys:
        at = keys.get("innovation", end)
        lines[at:at] = [f"social:{eol}", f"  {platform}: {value}{eol}"]
        return "".join(lines)
    start = keys["social"]
    inline = lines[start].split(":", 1)[1].split(" #", 1)[0].strip()
    if inline:  # `social: {}` or a flow mapping: that one line becomes a block
        existing = yaml.safe_load(inline) or {}
        existing[platform] = url
        eol = _eol(lines[start])
        lines[start:start + 1] = [f"social:{eol}"] + [
            f"  {key}: {json.dumps(str(found))}{eol}" for key, found in existing.items()]
        return "".join(lines)
    stop = _block_end(lines, start, end)
    indent = "  "
    for i in range(start + 1, stop):
        found = re.match(r"^(\s+)([\w-]+)\s*:", lines[i])
        if found:
            indent = found.group(1)
            if found.group(2) == platform:
                lines[i] = f"{indent}{platform}: {value}{_eol(lines[i])}"
                return "".join(lines)
    lines[stop:stop] = [f"{indent}{platform}: {value}{_eol(lines[stop - 1])}"]
    return "".join(lines)


def showcase_file(content: Path, slug: str) -> Path:
    """The Markdown file of a showcase: named after its slug, or saying `slug:`."""
    folder = content / "kiprah"
    named = folder / f"{slug}.md"
    if named.is_file():
        return named
    for path in sorted(folder.glob("*.md")):
        if re.search(rf"^slug:\s*[\"']?{re.escape(slug)}[\"']?\s*$",
                     path.read_text(encoding="utf-8"), re.MULTILINE):
            return path
    raise ValueError(f"kiprah `{slug}` tidak ditemukan di {folder}")


def record_posted(content: Path, slug: str, platform: str, url: str) -> Path:
    """Write the URL into the showcase's file; the written front matter must read back
    with that URL, or the file is left as it was."""
    path = showcase_file(content, slug)
    original = path.read_bytes()
    text = set_social(original.decode("utf-8"), platform, url)
    front = text.split("---", 2)[1]
    if (yaml.safe_load(front) or {}).get("social", {}).get(platform) != url:
        raise ValueError(f"{path.name}: blok social: tidak dapat diperbarui dengan aman")
    path.write_bytes(text.encode("utf-8"))
    return path
