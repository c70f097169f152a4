"""Brotli twins of files that another tool stores gzip-packed in a format of its own.

Pagefind writes its index, metadata, result files and WebAssembly gzipped, and its
JavaScript unpacks them itself (unless they already start unpacked). Those files stay
packed, so a host that compresses nothing still sends them small. Next to each one,
`write_unpacked_twins` writes `<name>.br`: brotli of the UNPACKED content. nginx
(`brotli_static`) and Apache (the `.htaccess` rewrite) send it with
`Content-Encoding: br` to a browser that accepts brotli; the browser decodes it and
hands the reader the unpacked bytes, which it takes as they are. Never a `.gz` twin:
gzip of the unpacked content is the packed file again, it gains nothing.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

GZIP_MAGIC = b"\x1f\x8b"


def unpacked_twin(packed: bytes) -> bytes | None:
    """brotli(gunzip(packed)), or None when `packed` is not gzip or the twin would not
    be smaller than the packed file (then the host had better send the file itself)."""
    if not packed.startswith(GZIP_MAGIC):
        return None
    twin = brotli.compress(gzip.decompress(packed), mode=brotli.MODE_GENERIC, quality=11)
    return twin if len(twin) < len(packed) else None


def packed_files(output: Path, extensions) -> list[Path]:
    """The files under `output` whose name ends in one of `extensions` (without dot)."""
    suffixes = tuple(f".{ext}" for ext in extensions)
    if not suffixes:
        return []
    return sorted(Path(root, name) for root, _dirs, names in os.walk(output)
                  for name in names if name.endswith(suffixes))


def write_unpacked_twins(output: Path, extensions) -> dict[str, int]:
    """Write `<file>.br` next to every packed file under `output` that gains from it.
    Returns counts: twins written, files skipped, packed and twin bytes."""
    done = {"twins": 0, "skipped": 0, "packed_bytes": 0, "twin_bytes": 0}
    for path in packed_files(output, extensions):
        data = path.read_bytes()
        twin = unpacked_twin(data)
        target = path.with_name(path.name + ".br")
        if twin is None:
            target.unlink(missing_ok=True)  # never leave a twin of other content
            done["skipped"] += 1
            continue
        target.write_bytes(twin)
        done["twins"] += 1
        done["packed_bytes"] += len(data)
        done["twin_bytes"] += len(twin)
    return done
