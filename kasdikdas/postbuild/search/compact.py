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

Both files are "pagefind_dcd" + CBOR, gzipped (decoded with cbor2). The metadata is
re-encoded and must round-trip byte for byte; the index chunks are re-cut from the
bytes of Pagefind's own word entries. Metadata that does not round-trip, or files not
laid out as in Pagefind 1.5 ([version, pages, chunks, filters, sorts, meta fields];
chunks of [[word, …]…]), make `compact_bundle` leave the whole bundle untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
from pathlib import Path

import cbor2

logger = logging.getLogger(__name__)

SIGNATURE = b"pagefind_dcd"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class UnknownLayout(ValueError):
    """The files are not what this module expects (another Pagefind version)."""


def base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if not number:
            return text


# -- CBOR, by cbor2 (its C extension: a 5,000-showcase index is ~3 million items) -----

def decode(data: bytes, at: int = 0):
    """One CBOR item at `at` → (item, offset after it)."""
    stream = io.BytesIO(data)
    stream.seek(at)
    try:
        item = cbor2.CBORDecoder(stream).decode()
    except cbor2.CBORDecodeError as problem:
        raise UnknownLayout(f"not CBOR as Pagefind writes it ({problem})") from None
    return item, stream.tell()


def encode(item) -> bytes:
    """Shortest heads, maps in their order: what Pagefind writes (read_file checks it)."""
    return cbor2.dumps(item)


def _head(major: int, value: int) -> bytes:
    """A CBOR head: the item's kind and its length (or value), shortest form."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def _read_head(data: bytes, at: int, major: int) -> tuple[int, int]:
    """The length in the head at `at`, which must be of kind `major` → (length, after)."""
    if at >= len(data) or data[at] >> 5 != major or data[at] & 0x1F > 27:
        raise UnknownLayout("unexpected CBOR item")
    info = data[at] & 0x1F
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


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


def rechunk(words: list[tuple[str, bytes]], chunk_bytes: int) -> list[list[tuple[str, bytes]]]:
    """Consecutive runs of `words` (Pagefind's entries as (word, encoded entry), in
    order) of about `chunk_bytes` encoded; a word larger than that is a chunk of its own."""
    chunks: list[list[tuple[str, bytes]]] = []
    current: list[tuple[str, bytes]] = []
    size = 0
    for entry in words:
        if current and size + len(entry[1]) > chunk_bytes:
            chunks.append(current)
            current, size = [], 0
        current.append(entry)
        size += len(entry[1])
    if current:
        chunks.append(current)
    return chunks


def read_words(path: Path) -> list[tuple[str, bytes]]:
    """An index chunk ([[word, postings…]…]) → (word, its entry's CBOR bytes) in order.
    The entries are decoded only to find where each ends and to check the layout; their
    bytes are reused as Pagefind wrote them, so they need not re-encode exactly."""
    data = gzip.decompress(path.read_bytes())
    at = len(SIGNATURE)
    if not data.startswith(SIGNATURE) or data[at:at + 1] != _head(4, 1):
        raise UnknownLayout(f"index chunk {path.name} is not [[word, …]…]")
    count, at = _read_head(data, at + 1, major=4)
    stream = io.BytesIO(data)
    stream.seek(at)
    decoder, words = cbor2.CBORDecoder(stream), []
    try:
        for _ in range(count):
            start = stream.tell()
            entry = decoder.decode()
            if not (isinstance(entry, list) and entry and isinstance(entry[0], str)):
                raise UnknownLayout(f"index chunk {path.name}: an entry is not [word, …]")
            words.append((entry[0], data[start:stream.tell()]))
    except cbor2.CBORDecodeError as problem:
        raise UnknownLayout(f"index chunk {path.name}: {problem}") from None
    if stream.tell() != len(data):
        raise UnknownLayout(f"index chunk {path.name}: data after the last word")
    return words


def write_words(path: Path, words: list[tuple[str, bytes]]) -> None:
    """Gzip level 6: level 9 makes the chunks 2.5% smaller (a rare word's: ~80 bytes)
    and takes four times as long (0.8 s at 5,000 showcases)."""
    raw = b"".join(entry for _, entry in words)
    path.write_bytes(gzip.compress(SIGNATURE + _head(4, 1) + _head(4, len(words)) + raw,
                                   compresslevel=6, mtime=0))


def compact_bundle(bundle: Path, chunk_bytes: int | None = 12_000) -> dict[str, int]:
    """Short result-file names and (unless `chunk_bytes` is None) smaller index chunks.
    Returns counts of what was rewritten; {} when the bundle was left as it is."""
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    try:
        plans = [plan(bundle, meta_file, chunk_bytes) for meta_file in metas]
    except (UnknownLayout, FileNotFoundError) as problem:
        logger.warning("pencarian: berkas Pagefind dibiarkan seperti ditulis (%s)", problem)
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
                write_words(bundle / "index" / f"{name}.pf_index", entries)
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
            words += read_words(bundle / "index" / f"{old}.pf_index")
        new_chunks = {f"{tag}{base36(n)}": entries
                      for n, entries in enumerate(rechunk(words, chunk_bytes))}
        meta[2] = [[entries[0][0], entries[-1][0], name] for name, entries in new_chunks.items()]
    return meta_file, meta, renames, new_chunks, old_chunks
