"""`invoke sosmed`: the office's social media kit, never part of the published site.

For each valid showcase (validation refuses one without consent) not yet posted on
every platform of its `social:` block: a vertical video and a cover (video.py, drawn
per layout.py, encoded once and kept in the media cache), a caption per platform
(captions.py), and the queue `antrian.csv` (queue.py). `--catat` records a posted URL
into the showcase's file (record.py) and takes that platform off the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import link_or_copy
from ..media.cache import digest
from ..media.fonts import font_path
from ..media.inspect import Source, cache_for, ffmpeg_for
from .captions import captions_for, load_tags
from .queue import write_queue
from .record import PLATFORMS
from .video import parse_vtt

KIT_VERSION = 1


@dataclass(frozen=True)
class Kit:
    source: Source  # showcase, local path, probe
    address: str  # the showcase page's absolute address
    pending: tuple[str, ...]  # platforms without a recorded URL
    key: str  # the cache key of its video and cover

    @property
    def slug(self) -> str:
        return self.source.showcase.slug

    @property
    def texts(self) -> tuple[str, str, str]:
        showcase = self.source.showcase
        return showcase.school.name, showcase.title, self.address.split("://", 1)[-1]


def cues_of(showcase, content: Path):
    if not showcase.captions:
        return []
    return parse_vtt((content / showcase.captions).read_text(encoding="utf-8"))


def plan_kits(site, settings: dict) -> list[Kit]:
    content = Path(settings["PATH"])
    base = settings["SITEURL"].rstrip("/")
    kits = []
    for source in site.sources:
        showcase = source.showcase
        pending = tuple(p for p in PLATFORMS if p not in showcase.social)
        if not pending:
            continue
        address = f"{base}/{settings['ARTICLE_URL'].format(slug=showcase.slug)}"
        kit = Kit(source, address, pending, "")
        cues = [(c.start, c.end, c.text) for c in cues_of(showcase, content)]
        key = digest([KIT_VERSION, source.sha256, kit.texts, cues, str(font_path())])[:24]
        kits.append(Kit(source, address, pending, key))
    return kits


def encode_kits(kits: list[Kit], settings: dict, progress: bool = True) -> None:
    """Make the video and cover each kit's cache lacks, with one progress bar."""
    from tqdm import tqdm

    from ..media.settings import VideoSettings, ffmpeg_time_limit
    from .video import MAX_SECONDS, cover_frame, make_cover, make_video

    cache, ffmpeg = cache_for(settings), ffmpeg_for(settings)
    content = Path(settings["PATH"])
    todo = [k for k in kits if not cache.path("sosmed", f"{k.key}-sampul.jpg").is_file()]
    total = sum(min(MAX_SECONDS, k.source.probe.duration) for k in todo)
    with tqdm(total=round(total, 1), unit="s", desc="Video vertikal", disable=not progress,
              bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s") as bar:
        for kit in todo:
            source, probe = kit.source, kit.source.probe
            bar.set_postfix_str(kit.slug)
            video = cache.path("sosmed", f"{kit.key}.mp4")
            seconds = min(MAX_SECONDS, probe.duration)
            limit = ffmpeg_time_limit(VideoSettings.read(settings), seconds)
            with cache.writing(video) as tmp:
                make_video(ffmpeg, source.path, probe, kit.texts,
                           cues_of(source.showcase, content), tmp, bar.update, limit)
            frame = cover_frame(ffmpeg, source.path, probe, limit)
            with cache.writing(cache.path("sosmed", f"{kit.key}-sampul.jpg")) as tmp:
                make_cover(frame, kit.texts, tmp)  # last: its presence marks the kit made


def write_kit(kit: Kit, settings: dict, folder: Path, tags: dict) -> dict:
    """The kit's files in folder/<slug>/ and its queue row."""
    cache = cache_for(settings)
    target = folder / kit.slug
    target.mkdir(parents=True, exist_ok=True)
    files = {f"{kit.slug}-vertikal.mp4": cache.path("sosmed", f"{kit.key}.mp4"),
             f"{kit.slug}-sampul.jpg": cache.path("sosmed", f"{kit.key}-sampul.jpg")}
    for name, cached in files.items():
        (target / name).unlink(missing_ok=True)
        link_or_copy(cached, target / name)
    for platform, text in captions_for(kit.source.showcase, kit.address, tags).items():
        (target / f"keterangan-{platform}.txt").write_text(text + "\n", encoding="utf-8")
    showcase = kit.source.showcase
    return {"kiprah": kit.slug, "tanggal": showcase.date.isoformat(), "judul": showcase.title,
            "belum_diunggah": " ".join(kit.pending),
            "video": f"{kit.slug}/{kit.slug}-vertikal.mp4",
            "sampul": f"{kit.slug}/{kit.slug}-sampul.jpg", "keterangan": f"{kit.slug}/"}


def make_kits(site, settings: dict, folder: Path, progress: bool = True) -> list[Kit]:
    """Every kit still needed, written to `folder` with its queue; the kits."""
    kits = plan_kits(site, settings)
    encode_kits(kits, settings, progress)
    folder.mkdir(parents=True, exist_ok=True)
    tags = load_tags(Path(settings["PATH"]))
    write_queue(folder, [write_kit(kit, settings, folder, tags) for kit in kits])
    return kits
