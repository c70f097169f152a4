"""Encodes split over many machines (`invoke enkode --bagian 3/8`): each machine takes the
clips whose content hash falls in its share and fills the shared encode cache (the
private bucket of KASDIKDAS_MEDIA_CACHE, shared_cache.py).

The share of a clip is its source's SHA-256 modulo the number of shares, so every
machine computes the same split from the content alone, without talking to the others
and whatever order it finds the files in; two showcases of one clip fall in one share.
A machine encodes only what neither its own cache nor the bucket holds
(pipeline.prepare_media), then uploads what it made (shared_cache.py). When every share
has run, a build anywhere finds every rendition in the bucket and encodes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .inspect import cache_for, ffmpeg_for
from .pipeline import plan_all, prepare_media
from .shared_cache import shared_cache_for

logger = logging.getLogger(__name__)

SHARE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShareError(ValueError):
    """A share that cannot be taken (bad `--bagian`, no bucket, invalid content)."""


def parse_share(text: str) -> tuple[int, int]:
    """'3/8' -> (3, 8): the third of eight shares (counted from 1)."""
    match = SHARE.match(str(text))
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ShareError(f"--bagian {text!r} tidak dikenal — tulis BAGIAN/JUMLAH, mis. 3/8 "
                         "(bagian ke-3 dari 8, dihitung dari 1)")
    return int(match.group(1)), int(match.group(2))


def share_of(sha256: str, count: int) -> int:
    """The share (1..count) a clip belongs to, from its content hash alone."""
    return int(sha256, 16) % count + 1


@dataclass
class ShareReport:
    index: int
    count: int
    clips: list[str] = field(default_factory=list)  # source hashes in this share
    encoded: list[str] = field(default_factory=list)  # of those, what this machine encoded
    showcases: int = 0  # every valid showcase of the site (all shares)

    def summary(self) -> str:
        return (f"bagian {self.index}/{self.count}: {len(self.clips)} dari {self.showcases} klip, "
                f"{len(self.encoded)} dikodekan di mesin ini, "
                f"{len(self.clips) - len(self.encoded)} sudah ada di cache")


def encode_share(settings: dict, index: int, count: int) -> ShareReport:
    """Validate the site, then make and upload every rendition and poster of this share's
    clips. Refuses without a shared cache (the work would stay on this machine) or when the
    content has problems (the build would refuse it anyway)."""
    from kasdikdas.validate import validate_site

    shared = shared_cache_for(settings)
    if shared is None:
        raise ShareError("KASDIKDAS_MEDIA_CACHE belum diatur — enkode berbagi hanya berguna "
                         "bila hasilnya masuk ke cache enkode bersama (bucket pribadi), "
                         "mis. s3://kasdikdas-cache/blora")
    site, problems = validate_site(settings)
    if problems:
        raise ShareError(f"{len(problems)} masalah pada konten: jalankan `invoke check` dulu")
    sources = list(site.sources)
    mine = [s for s in sources if share_of(s.sha256, count) == index]
    report = ShareReport(index, count, sorted({s.sha256 for s in mine}), showcases=len(sources))
    cache, content = cache_for(settings), Path(settings["PATH"])
    planned = plan_all(mine, settings, content, cache, ffmpeg_for(settings), shared)
    report.encoded = sorted({s.sha256 for s, _, _, job in planned if job is not None})
    prepare_media(mine, settings, content, cache)  # encodes what is missing, then uploads
    logger.info("video: %s", report.summary())
    return report
