"""Renditions: which tiers a source gets, and encoding one (in a worker process).

How the hemat tier (240p, at most 1.0 MB per 60 s with sound) was chosen: by VMAF,
measured with the wheel's libvmaf (`python bench/video.py --sweep`) on a hard 60 s
854x480 30 fps synthetic "phone" clip (a hand-held test card with sensor noise, a
fractal zoom, a drifting colour field with noise; 20 s each), VMAF of the 428x240
rendition against the source scaled to 428x240. Audio is AAC-LC mono 32 kbps at 24 kHz
(speech stays clear; stereo at this rate sounds worse), leaving ~88 kbps for the
picture; a clip without sound gives the picture all 120 kbps. Measured 2026-11-24,
ffmpeg 9.0.2 (imageio-ffmpeg 0.8.1), libx264; speeds are from a shared 2-core machine
under load, so read them relative to each other only:

    variant (hemat tier, 88 kbps video cap)      bytes/60 s   VMAF   x realtime
    Baseline, slow, CRF 28 + VBV cap (CHOSEN)       874 725   59.0      1.4
    Baseline, veryfast                              842 890   44.8      1.5
    Baseline, medium                                881 830   52.6      1.3
    Baseline, veryslow                              873 789   65.9      0.6
    Baseline, slow, CRF 24 + cap                    928 052   60.1      1.6
    Baseline, slow, CRF 32 + cap                    849 138   56.7      0.6
    Baseline, slow, 1-pass ABR (maxrate 1.5x)       798 370   49.0      0.9
    Baseline, slow, 15 fps                          835 934   64.4      1.1
    Main, slow, CRF 28 + cap                        846 493   73.1      1.2
    High, slow, CRF 28 + cap                        848 413   74.3      1.0

Chosen: libx264 **Baseline** profile — Android guarantees Baseline decoding on every
version and Main only from Android 6.0, and the hemat tier is what the oldest phones
play — preset `slow`, CRF 28 capped by a VBV maxrate of the tier's video bitrate
(bufsize 2 s). `slow` is the knee: `medium`/`veryfast` lose 6–14 VMAF, `veryslow`
gains 7 for about twice the encode time (too slow for CI and a Diknas laptop; set
VIDEO_X264_PRESET="veryslow" where time allows). The capped CRF spends less than the
cap on easy scenes (a viewer's data) and no more than the cap plus one buffer on hard
ones; CRF 24 buys 1 VMAF for 6 % more bytes. 15 fps scores higher but VMAF does not see
the judder of a dance or a drum band, so the frame rate stays (capped at 30). Main
profile would add 14 VMAF at the same bytes: VIDEO_PROFILE="main" once the audience's
phones are known to be Android 6+. A final size check re-encodes at a proportionally
lower cap in the rare case a file is still over the budget, so the budget is a
guarantee. 2 s keyframes (scene-cut off), constant frame rate, yuv420p; HDR sources
(HLG/PQ, as recent iPhones record) are tone-mapped to BT.709 with zscale + tonemap.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import commands
from .cache import PIPELINE_VERSION, MediaCache, digest
from .poster import choose_frame, fit, frames_from_raw, save_poster
from .probe import Probe
from .search import SEARCH_VERSION, sample_seconds, sample_windows, search_crf
from .settings import Tier


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


PRESET_SETTING = {"av1": "VIDEO_AV1_PRESET", "h264": "VIDEO_X264_PRESET"}


@dataclass(frozen=True)
class Plan:
    tier: Tier
    spec: commands.EncodeSpec
    budget_bytes: int | None  # a hard size limit (the hemat tier)
    key: str

    @property
    def codec(self) -> str:
        return self.spec.codec

    @property
    def quality(self) -> str:
        return f"{min(self.spec.width, self.spec.height)}p"

    @property
    def mime(self) -> str:
        return commands.mime_type(self.spec.codec, self.spec.profile, self.spec.audio_kbps > 0)


def plan_renditions(probe: Probe, source_hash: str, settings: dict, build: str = "") -> list[Plan]:
    """The hemat tier always (at the source's size if smaller); better tiers only when
    the source has the resolution. Each tier in every codec of VIDEO_CODECS, in that
    order (AV1 first). `build` (the ffmpeg build) is part of each key."""
    tiers: tuple[Tier, ...] = settings["VIDEO_TIERS"]
    share = settings["VIDEO_TIER_MIN_SHARE"]
    plans: list[Plan] = []
    sizes: list[tuple[int, int]] = []
    for index, tier in enumerate(tiers):
        if index and probe.short_side < tier.short_side * share:
            continue
        width, height = scaled_size(probe, tier.short_side)
        if sizes and (width, height) == sizes[-1]:
            continue
        sizes.append((width, height))
        for codec in settings["VIDEO_CODECS"]:
            target = tier.target(codec)
            audio_kbps = target.audio_kbps if probe.has_audio else 0
            spec = commands.EncodeSpec(
                width=width, height=height, fps=output_fps(probe, tier.max_fps),
                video_kbps=target.total_kbps - audio_kbps, audio_kbps=audio_kbps,
                audio_channels=min(target.audio_channels, max(1, probe.audio_channels)),
                audio_rate=target.audio_rate, codec=codec, profile=settings["VIDEO_PROFILE"],
                preset=str(settings[PRESET_SETTING[codec]] or target.preset),
                crf=target.crf, vmaf=target.vmaf, tonemap=probe.hdr)
            budget = None
            if index == 0:
                per_minute = settings["VIDEO_HEMAT_BYTES_PER_MINUTE"][codec]
                budget = int(per_minute * max(probe.duration, 1.0) / 60)
            key = digest([PIPELINE_VERSION, SEARCH_VERSION, source_hash, dataclasses.asdict(spec),
                          budget, build])[:24]
            plans.append(Plan(tier, spec, budget, key))
    return plans


def encode_rendition(ffmpeg_bin: str, source: Path, target: Path, spec: commands.EncodeSpec,
                     budget_bytes: int | None, attempts: int = 3,
                     expected_seconds: float | None = None, threads: int = 1,
                     picture_from: Path | None = None) -> int:
    """Encode into `target`; if over budget, retry with a proportionally lower cap.
    With `expected_seconds`, a rendition that came out shorter (a source damaged in the
    middle decodes only partly, and ffmpeg still exits 0) is an error, never published."""
    for _ in range(attempts):
        commands.run(commands.encode_args(ffmpeg_bin, source, target, spec, threads, picture_from))
        if expected_seconds:
            from .probe import probe

            got = probe(ffmpeg_bin, target).duration
            if got < expected_seconds - max(1.0, expected_seconds * 0.05):
                raise commands.FfmpegFailed([], 0, f"hanya {got:.1f} dari {expected_seconds:.1f} detik "
                                                   "yang bisa dibaca")
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
    duration: float  # probed from the source: the rendition must keep it
    cache_root: str
    renditions: tuple[tuple[Plan, str], ...]  # (plan, final cache path) to make
    poster: PosterJob | None
    poster_from: str  # the rendition the poster frame comes from (best H.264 tier)
    poster_from_size: tuple[int, int]
    threads: int = 1  # per encoder: the CPUs this job has to itself


def info_path(rendition: Path) -> Path:
    """The search result and measurements kept next to a cached rendition."""
    return rendition.with_suffix(".json")


def run_job(job: Job) -> dict:
    """Worker entry point: make every missing file of one clip, atomically. The source
    is decoded once into a mezzanine per rendition size; the search and the encodes
    read those."""
    cache = MediaCache(Path(job.cache_root))
    started = time.monotonic()
    made = []
    try:
        if job.renditions:
            with tempfile.TemporaryDirectory(prefix=".tmp-", dir=cache.path("work", "x").parent) as work:
                made += make_renditions(job, cache, Path(work))
        if job.poster is not None:
            make_poster(job, cache)
            made.append("poster")
    except (commands.FfmpegFailed, OSError, ValueError) as exc:  # a bad file, not a bug: report it
        return {"label": job.label, "made": made, "seconds": time.monotonic() - started,
                "error": str(exc)}
    return {"label": job.label, "made": made, "seconds": time.monotonic() - started}


def make_renditions(job: Job, cache: MediaCache, work: Path) -> list[str]:
    source = Path(job.source)
    shapes = sorted({(p.spec.width, p.spec.height, p.spec.fps) for p, _ in job.renditions})
    mezzanines = {shape: work / f"mezz-{shape[0]}x{shape[1]}.mkv" for shape in shapes}
    tonemap = any(p.spec.tonemap for p, _ in job.renditions)
    commands.run(commands.mezzanine_args(job.ffmpeg_bin, source,
                                         [(path, *shape) for shape, path in mezzanines.items()],
                                         tonemap, job.threads))
    samples: dict[tuple, Path] = {}
    made = []
    for plan, final in job.renditions:
        spec = plan.spec
        shape = (spec.width, spec.height, spec.fps)
        info = cache.read_json(info_path(Path(final))) or {}
        if spec.vmaf and "search" not in info:
            if shape not in samples:
                samples[shape] = work / f"sample-{shape[0]}x{shape[1]}.mkv"
                commands.run(commands.sample_args(job.ffmpeg_bin, mezzanines[shape], samples[shape],
                                                  sample_windows(job.duration)))
            info["search"] = search_crf(job.ffmpeg_bin, samples[shape], sample_seconds(job.duration),
                                        spec, work, job.threads)
            cache.write_json(info_path(Path(final)), info)
        if spec.vmaf:
            spec = dataclasses.replace(spec, crf=info["search"]["crf"])
        with cache.writing(Path(final)) as tmp:
            size = encode_rendition(job.ffmpeg_bin, source, tmp, spec, plan.budget_bytes,
                                    expected_seconds=job.duration, threads=job.threads,
                                    picture_from=mezzanines[shape])
        cache.write_json(info_path(Path(final)), {**info, "crf": spec.crf, "bytes": size})
        made.append(f"{plan.quality} {plan.codec}")
    return made


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
