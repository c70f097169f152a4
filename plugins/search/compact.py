"""Shorter result-file names in Pagefind's metadata, the file every first query loads.

Pagefind's metadata (`pagefind.<hash>.pf_meta`: "pagefind_dcd", then CBOR, gzipped)
lists every indexed page as [fragment name, word count]. The names are random
`id_` + 7 hex digits: about 5 of the 7 bytes per page the compressed file costs, so at
5,000 showcases a third of the first query is the list of names. They only tell the
browser which `fragment/<name>.pf_fragment` holds a result's title, school and date;
renaming them to a short build tag plus the page's number (base 36) halves the file.

The CBOR is walked exactly (the metadata's layout in Pagefind 1.5: an array whose
second item is the page list); anything else is refused and the bundle left as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

SIGNATURE = b"pagefind_dcd"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class UnknownLayout(ValueError):
    """The metadata is not laid out as this module expects (another Pagefind)."""


def base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if not number:
            return text


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """CBOR item head at `at` → (major type, argument, offset after the head)."""
    if at >= len(data):
        raise UnknownLayout("metadata ends early")
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise UnknownLayout("indefinite or reserved CBOR length")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def _text(data: bytes, at: int) -> tuple[str, int]:
    major, length, at = _head(data, at)
    if major != 3:
        raise UnknownLayout("expected a text string")
    return data[at:at + length].decode(), at + length


def rename_pages(meta: bytes, rename) -> tuple[bytes, dict[str, str]]:
    """The decompressed metadata (signature included) with every page's fragment name
    replaced by `rename(number, old_name)`; also returns old → new."""
    if not meta.startswith(SIGNATURE):
        raise UnknownLayout("no pagefind_dcd signature")
    at = len(SIGNATURE)
    major, items, at = _head(meta, at)
    if major != 4 or items < 2:
        raise UnknownLayout("metadata is not an array")
    _version, at = _text(meta, at)
    major, count, pages_at = _head(meta, at)
    if major != 4:
        raise UnknownLayout("no page list")
    out = bytearray(meta[:pages_at])
    names: dict[str, str] = {}
    at = pages_at
    for number in range(count):
        major, fields, at = _head(meta, at)
        if major != 4 or fields != 2:
            raise UnknownLayout("a page is not [name, word count]")
        old, at = _text(meta, at)
        major, _words, after = _head(meta, at)
        if major != 0:
            raise UnknownLayout("a page's word count is not a number")
        new = rename(number, old)
        names[old] = new
        out += _encode_head(4, 2) + _encode_head(3, len(new.encode())) + new.encode()
        out += meta[at:after]
        at = after
    if len(set(names.values())) != len(names):
        raise ValueError("renamed fragments collide")
    return bytes(out + meta[at:]), names


def compact_fragment_names(bundle: Path) -> int:
    """Rename the bundle's fragments to short names and rewrite the metadata to match.
    Returns how many were renamed (0 when the layout is unknown: nothing is changed)."""
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    renamed = 0
    for meta_file in metas:
        meta = gzip.decompress(meta_file.read_bytes())
        # a build tag: a reader holding an older metadata gets "not found", never the
        # result data of another page that has its number in this build
        tag = hashlib.sha256(meta).hexdigest()[:4]
        try:
            new_meta, names = rename_pages(meta, lambda n, _old: f"{tag}{base36(n)}")
        except UnknownLayout as problem:
            logger.warning("search: fragment names kept (%s in %s)", problem, meta_file.name)
            continue
        fragments = bundle / "fragment"
        missing = [old for old in names if not (fragments / f"{old}.pf_fragment").is_file()]
        if missing:
            logger.warning("search: fragment names kept (%d fragments missing)", len(missing))
            continue
        for old, new in names.items():
            (fragments / f"{old}.pf_fragment").rename(fragments / f"{new}.pf_fragment")
        meta_file.write_bytes(gzip.compress(new_meta, compresslevel=9, mtime=0))
        renamed += len(names)
    return renamed
