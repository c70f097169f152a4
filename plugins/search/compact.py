"""Make the Pagefind files a first query loads smaller, after Pagefind has written them.

A first query loads, besides the fixed library (pagefind.js and its WebAssembly):

* the metadata (`pagefind.<hash>.pf_meta`), which lists every indexed page as
  [result-file name, word count]. Pagefind's names are random (`id_` + 7 hex digits),
  about 5 of the 7 bytes a page costs there once compressed; a build tag plus the
  page's number in base 36 halves the file.
* the index chunk holding the query's word. Pagefind packs words into chunks of
  15–45 KB compressed whatever the site's size; a query needs one word's postings.
  Cutting the same words into smaller chunks (`chunk_bytes` unpacked) makes a query
  for a rare word cheap; a word on most pages still costs its own postings.

Both files are "pagefind_dcd" + CBOR, gzipped. They are decoded and re-encoded by the
small codec below, and a file that does not re-encode byte for byte, or is not laid
out as in Pagefind 1.5 ([version, pages, chunks, filters, sorts, meta fields]), makes
`compact_bundle` leave the whole bundle untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

SIGNATURE = b"pagefind_dcd"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
FALSE, TRUE, NULL = 0xF4, 0xF5, 0xF6


class UnknownLayout(ValueError):
    """The files are not what this module expects (another Pagefind version)."""


def base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if not number:
            return text


# -- a CBOR subset: integers, strings, arrays, maps, true/false/null ------------------

def decode(data: bytes, at: int = 0):
    """One CBOR item at `at` → (item, offset after it)."""
    if at >= len(data):
        raise UnknownLayout("data ends early")
    major, info = data[at] >> 5, data[at] & 0x1F
    if major == 7:
        simple = {FALSE: False, TRUE: True, NULL: None}
        if data[at] not in simple:
            raise UnknownLayout("unsupported CBOR simple value or float")
        return simple[data[at]], at + 1
    if info < 24:
        value, at = info, at + 1
    elif info <= 27:
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size
    else:
        raise UnknownLayout("indefinite or reserved CBOR length")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw.decode() if major == 3 else raw), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, at = decode(data, at)
            pairs[key], at = decode(data, at)
        return pairs, at
    raise UnknownLayout("tagged CBOR item")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def encode(item) -> bytes:
    if item is None or isinstance(item, bool):
        return bytes([NULL if item is None else TRUE if item else FALSE])
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode()
        return _head(3, len(raw)) + raw
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(i) for i in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise TypeError(type(item))


def read_file(path: Path):
    """A Pagefind data file → its CBOR item; refuses what would not re-encode exactly."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownLayout(f"{path.name}: no pagefind_dcd signature")
    item, end = decode(data, len(SIGNATURE))
    if end != len(data) or SIGNATURE + encode(item) != data:
        raise UnknownLayout(f"{path.name}: does not re-encode exactly")
    return item


def write_file(path: Path, item) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0))


# -- the rewrite ------------------------------------------------------------------------

def check_meta(meta) -> None:
    if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[0], str)
            and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
                    and isinstance(p[1], int) for p in meta[1])
            and all(isinstance(c, list) and len(c) == 3
                    and all(isinstance(v, str) for v in c) for c in meta[2])):
        raise UnknownLayout("metadata is not [version, [[page, words]…], [[from, to, chunk]…]…]")


def rechunk(words: list, chunk_bytes: int) -> list[list]:
    """Consecutive runs of `words` (Pagefind's [word, postings…] entries, in order)
    of about `chunk_bytes` encoded; a word larger than that is a chunk of its own."""
    chunks, current, size = [], [], 0
    for entry in words:
        entry_size = len(encode(entry))
        if current and size + entry_size > chunk_bytes:
            chunks.append(current)
            current, size = [], 0
        current.append(entry)
        size += entry_size
    if current:
        chunks.append(current)
    return chunks


def compact_bundle(bundle: Path, chunk_bytes: int | None = 12_000) -> dict[str, int]:
    """Short result-file names and (unless `chunk_bytes` is None) smaller index chunks.
    Returns counts of what was rewritten; {} when the bundle was left as it is."""
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    try:
        plans = [plan(bundle, meta_file, chunk_bytes) for meta_file in metas]
    except (UnknownLayout, FileNotFoundError) as problem:
        logger.warning("search: Pagefind bundle left as written (%s)", problem)
        return {}
    done = {"pages": 0, "chunks": 0}
    for meta_file, meta, renames, new_chunks, old_chunks in plans:
        fragments = bundle / "fragment"
        for old, new in renames.items():
            (fragments / f"{old}.pf_fragment").rename(fragments / f"{new}.pf_fragment")
        if new_chunks is not None:
            for old in old_chunks:
                (bundle / "index" / f"{old}.pf_index").unlink()
            for name, entries in new_chunks.items():
                write_file(bundle / "index" / f"{name}.pf_index", [entries])
        write_file(meta_file, meta)
        done["pages"] += len(renames)
        done["chunks"] += len(new_chunks or {})
    return done


def plan(bundle: Path, meta_file: Path, chunk_bytes: int | None):
    """Everything a rewrite changes, worked out before any file is touched."""
    meta = read_file(meta_file)
    check_meta(meta)
    # a build tag: a reader holding an older metadata gets "not found", never the
    # result data of another page that has the same number in this build
    tag = hashlib.sha256(encode(meta)).hexdigest()[:4]
    renames = {}
    for number, page in enumerate(meta[1]):
        if not (bundle / "fragment" / f"{page[0]}.pf_fragment").is_file():
            raise FileNotFoundError(f"fragment {page[0]}")
        renames[page[0]] = page[0] = f"{tag}{base36(number)}"
    new_chunks, old_chunks = None, [chunk[2] for chunk in meta[2]]
    if chunk_bytes:
        words = []
        for old in old_chunks:
            item = read_file(bundle / "index" / f"{old}.pf_index")
            if not (isinstance(item, list) and len(item) == 1 and isinstance(item[0], list)
                    and all(isinstance(w, list) and isinstance(w[0], str) for w in item[0])):
                raise UnknownLayout(f"index chunk {old} is not [[word, …]…]")
            words += item[0]
        new_chunks = {f"{tag}{base36(n)}": entries
                      for n, entries in enumerate(rechunk(words, chunk_bytes))}
        meta[2] = [[entries[0][0], entries[-1][0], name] for name, entries in new_chunks.items()]
    return meta_file, meta, renames, new_chunks, old_chunks
