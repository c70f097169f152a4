"""Renditions: which tiers a source gets, in which codecs, and encoding them (in a worker
process). Every tier comes twice: AV1 (SVT-AV1) + Opus first, H.264 + AAC-LC second.

Why AV1 first (issue 15). Real camera footage, 240p, same wheel ffmpeg 9.0.2, VMAF
against the source at the rendition's size (measured on one 10 s street clip):

    encoding of the 240p picture                          video kbps   VMAF
    H.264 Baseline, slow, CRF 28 capped at 88 kbps (old)      98       57.5
    H.264 High, same settings                                 97       73.6
    AV1 (SVT-AV1 preset 6), 88 kbps                           92       87.4
    AV1, 60 kbps                                              64       80.0

Android's browsers (Chrome, WebView, Samsung Internet, Firefox) play AV1; iPhones
before the A17 Pro do not and take the H.264 <source>. Budgets (README, Budgets, the one
setting VIDEO_HEMAT_BYTES_PER_MINUTE): hemat AV1 + Opus <= 0.6 MB per 60 s aiming at
VMAF 80, hemat H.264 + AAC <= 1.0 MB per 60 s aiming at VMAF 70.

How a clip is encoded (run_job). The source is decoded once into a raw (exact)
mezzanine per rendition size (upright, constant frame rate, tone-mapped when HDR,
square pixels): a 1080p phone clip is decoded once, not once per rendition and search
step. For each rendition the quality search (search.py) finds on three 2 s windows the
highest CRF that reaches the tier's VMAF target under the tier's bitrate cap (capped
CRF: x264 VBV maxrate, SVT-AV1 `mbr`, bufsize 2 s); the result is cached with the
rendition (enc/<key>.json). The final encode reads the mezzanine's picture and the
source's sound; a final size check re-encodes at a proportionally lower cap in the rare
case a hemat file is still over its budget, so the budget is a guarantee and the VMAF
target is best effort (a hard clip under a small cap gets the best the cap allows).
A job runs as many renditions at once as it has CPUs to itself (one new clip: both
cores), each encoder single-threaded.

Tiers (settings.py, Target per codec: cap = video + audio, VMAF target, first CRF, preset,
keyframe interval, tune):

    tier     size  AV1 + Opus                         H.264 + AAC
    hemat    240p   76 kbps (Opus 16 mono), VMAF 80     120 kbps (AAC 32 mono), VMAF 70
                    preset 6, keyframe 10 s             slow, tune ssim, keyframe 10 s
    standar  360p  190 kbps (Opus 32 stereo), VMAF 85   330 kbps (AAC 48 stereo), VMAF 85
    jernih   480p  360 kbps (Opus 48 stereo), VMAF 90   640 kbps (AAC 64 stereo), VMAF 90

Measured with the settings before issue 27 (hemat: AV1 preset 8, 2 s keyframes; python
bench/video.py; a SYNTHETIC 60 s 1080p landscape clip with speech, bench/clips.py; VMAF
against the source; 2026-12-01; real footage: docs/benchmark.md):

    tier          codec   bytes/60 s   VMAF   CRF found
    hemat 240p    AV1       440 346    82.6      54     (budget 600 000, target 80)
    hemat 240p    H.264     644 001    71.3      34     (budget 1 000 000, target 70)
    standar 360p  AV1       805 078    84.8      51
    standar 360p  H.264   1 560 491    85.8      29
    jernih 480p   AV1     1 964 207    90.4      40
    jernih 480p   H.264   3 358 948    90.8      24

AV1 saves 32 % of the hemat bytes (42 % over all tiers) at higher VMAF. The whole ladder
took 102–107 s of CPU: 52.4 s wall on the 2 cores when quiet (the 60 s target met),
66–71 s with other work on them (docs/benchmark.md has the breakdown and the loads).
The machine's speed moves through the day (the same commit took 178.3 s of CPU on
2026-12-06); the hemat settings below add ~2 s. With raw mezzanines (issue 27) the whole
ladder takes 59.5 s wall, 110.9 s CPU (median of 3, load average 2-3; 78.3 s and 148.2 s
with x264 mezzanines, side by side): the 60 s target is met (docs/benchmark.md).

The hemat tier's settings, from measurement on REAL camera footage (issue 27; clips from
registry packages, bench/footage.py; `python -m bench.encoder_sweep`, the pipeline's own
CRF search over each 10 s clip at 240p, VMAF against the clip at that size; wheel ffmpeg
9.0.2, SVT-AV1 4.2; 2026-12-06). A street at night, fast motion, 564x240, no sound, and
a hand-held indoor shot with sound, 320x240:

    street (no sound)        CRF  VMAF  kbps        indoor (+ Opus 16)     CRF  VMAF  kbps
    AV1 p8, keyframe 1 s      38  73.2  100.7 (1)   AV1 p8, keyframe 1 s    44  74.2  70.8
    AV1 p8, keyframe 10 s     50  80.9   82.7       AV1 p8, keyframe 10 s   51  81.3  47.9
    AV1 p6, keyframe 10 s     52  83.3   75.0  (2)  AV1 p6, keyframe 10 s   52  81.7  43.5
    AV1 p6, 10 s, tune 0      50  82.3   80.5       AV1 p6, 10 s, tune 0    52  81.8  44.8
    AV1 p5, keyframe 10 s     50  84.6   79.4       AV1 p5, keyframe 10 s   53  82.1  42.2
    x264 slow, keyframe 1 s   35  75.2  119.4       x264 slow, 1 s          35  72.1  58.7
    x264 slow, 10 s           35  73.3   93.6       x264 slow, 10 s         34  70.8  41.6
    x264 slower, 10 s         35  74.2   95.0       x264 slower, 10 s       34  71.6  42.6
    x264 slow, 10 s, ssim     34  72.8   86.8  (2)  x264 slow, 10 s, ssim   33  70.8  36.7

(1) over the 76 kbps cap and still under VMAF 80: with a keyframe every second a fifth
or more of the bits go to intra frames. (2) chosen. The keyframe interval moves quality
per byte most: at the same bytes, 10 s keyframes score +7 to +8 VMAF in AV1 and +5 in
x264 (street: CRF 32 at 10 s gives 80.6 at 119.8 kbps where 1 s gives 75.2 at 119.4).
A progressive MP4 needs no short interval: seeking decodes from the previous keyframe,
at most 10 s of 240p, milliseconds on a phone. Preset 6 over 8: +2.5 VMAF on the hard
clip for ~1.5x the hemat AV1 CPU; preset 5 adds +1.3 more for ~1.5x again (not taken: the
whole ladder's time). SVT-AV1's tune 0 (visual quality) scores no better than its default.
x264's tune ssim (psy-rd off, aq-mode 2) saves 7-12 % of the bytes at the same VMAF;
the price is a smoother, less grainy picture that VMAF does not penalise. The better tiers
keep 2 s keyframes (not measured on real footage yet).

Sound in the hemat cap, on the hard clip with a sound track of nominal rate X (the
picture gets the cap less X): AV1 + Opus 12 / 16 / 24: VMAF 78.9 / 77.4 / 74.3; H.264 +
AAC 24 / 32 / 48: 74.0 / 73.2 / 66.4. Opus stays 16 kbps mono (12 kbps narrows the band
to ~7 kHz, table below, for +1.5 VMAF) and AAC 32 kbps. Opus runs in constrained VBR:
unconstrained, a loud broadband track ran at 28 kbps for 16 nominal (constrained: 22),
pushing the first encode over budget and the size check's re-encode down to VMAF 68.7,
below H.264. Such a clip (night street, fast motion, loud sound; 10 s) is the one the AV1
hemat tier cannot bring to VMAF 80 within 0.6 MB/min: 72.6, 7.4 short, still above
H.264's 71.1 (docs/benchmark.md, "Video on real camera footage").

Presets are slower where the bytes matter most and the pictures are small: hemat AV1
preset 6 and x264 `slow`; the better tiers AV1 preset 10 and x264 `faster` / `veryfast`,
to bring a new 60 s 1080p clip's whole ladder near 60 s of wall time on 2 cores (see
docs/benchmark.md for what was measured, and under what load). SVT-AV1 warns that its
presets 10 and up are "meant for automation tooling" and may show artifacts; the search
still holds those tiers to their VMAF targets, and VIDEO_AV1_PRESET / VIDEO_X264_PRESET
override every tier (e.g. 6 / "slow") where time allows.

Opus for the hemat tier: mono 16 kbps, the lowest rate that keeps the whole speech band.
Measured on a speech-like synthetic signal (voiced 150 Hz with harmonics, ~4 syllables/s,
over room noise; 10 s), decoded and compared with the original (band energy in dBFS
after a 4th-order high-pass; SI-SDR with ffmpeg's asisdr):

    Opus mono   >4 kHz   >7 kHz   >11 kHz   SI-SDR
    original    -57.5    -60.4    -62.6       —
     8 kbps     -64.9    -85.5    -91.0     11.0 dB   narrowband: consonants dulled
    12 kbps     -62.1    -74.1    -90.3     18.3 dB   wideband cut near 7 kHz
    16 kbps     -57.7    -60.8    -63.2     19.7 dB   full band kept  (CHOSEN)
    20 kbps     -57.8    -60.9    -63.3     21.9 dB
    24 kbps     -58.0    -61.4    -64.1     23.1 dB

Above 16 kbps each 4 kbps buys ~1-2 dB of SI-SDR for 3 % of the hemat budget; the
picture needs those bytes more. (A listening test with real voices would be better;
none was possible offline.)

H.264 profile: High. Measured gain at the same bytes: +16 VMAF on real footage (the
table above: Baseline 57.5, High 73.6) and +15 on the old synthetic sweep (Baseline
59.0, Main 73.1, High 74.3). Who fetches the H.264 <source> at all: browsers that cannot
play AV1 — iPhones before the A17 Pro (every iPhone since the 4S decodes High profile in
hardware) and old Android browsers; every Android phone still in use in Indonesia with a
Qualcomm, MediaTek or Unisoc chip decodes High profile in hardware, and Chrome and
WebView decode it in software anyway. Android's compatibility rules guarantee only
Baseline (Main from Android 6), so a phone older than Android 6 whose decoder does
Baseline only could fail on the fallback: a risk accepted for +16 VMAF for everyone else.
This could not be checked against device statistics offline (no network here);
VIDEO_PROFILE="baseline" brings the old behaviour back if such phones turn up.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import commands
from .cache import PIPELINE_VERSION, MediaCache, digest
from .checks import TIME_LIMIT
from .poster_files import make_poster
from .probe import Probe, ProbeError
from .progress import Progress, job_work, mezzanine_cost
from .search import SEARCH_VERSION, sample_seconds, sample_windows, search_crf
from .settings import Tier, VideoSettings


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
    def codec(self) -> str:
        return self.spec.codec

    @property
    def quality(self) -> str:
        return f"{min(self.spec.width, self.spec.height)}p"

    @property
    def mime(self) -> str:
        return commands.mime_type(self.spec.codec, self.spec.profile, self.spec.audio_kbps > 0)


def plan_renditions(probe: Probe, source_hash: str, settings: Mapping[str, Any] | VideoSettings,
                    build: str = "") -> list[Plan]:
    """The hemat tier always (at the source's size if smaller); better tiers only when
    the source has the resolution. Each tier in every codec of VIDEO_CODECS, in that
    order (AV1 first). `build` (the ffmpeg build) is part of each key."""
    video = VideoSettings.read(settings)
    tiers, share = video.VIDEO_TIERS, video.VIDEO_TIER_MIN_SHARE
    presets = {"av1": video.VIDEO_AV1_PRESET, "h264": video.VIDEO_X264_PRESET}
    plans: list[Plan] = []
    sizes: list[tuple[int, int]] = []
    for index, tier in enumerate(tiers):
        if index and probe.short_side < tier.short_side * share:
            continue
        width, height = scaled_size(probe, tier.short_side)
        if sizes and (width, height) == sizes[-1]:
            continue
        sizes.append((width, height))
        for codec in video.VIDEO_CODECS:
            target = tier.target(codec)
            audio_kbps = target.audio_kbps if probe.has_audio else 0
            spec = commands.EncodeSpec(
                width=width, height=height, fps=output_fps(probe, tier.max_fps),
                video_kbps=target.total_kbps - audio_kbps, audio_kbps=audio_kbps,
                audio_channels=min(target.audio_channels, max(1, probe.audio_channels)),
                audio_rate=target.audio_rate, codec=codec, profile=video.VIDEO_PROFILE,
                preset=str(presets[codec] or target.preset),
                crf=target.crf, vmaf=target.vmaf, keyframe_seconds=target.keyframe_seconds,
                tune=target.tune, tonemap=probe.hdr)
            budget = None
            if index == 0:
                per_minute = video.VIDEO_HEMAT_BYTES_PER_MINUTE[codec]
                budget = int(per_minute * max(probe.duration, 1.0) / 60)
            key = digest([PIPELINE_VERSION, SEARCH_VERSION, source_hash, dataclasses.asdict(spec),
                          budget, build])[:24]
            plans.append(Plan(tier, spec, budget, key))
    return plans


def encode_rendition(ffmpeg_bin: str, source: Path, target: Path, spec: commands.EncodeSpec,
                     budget_bytes: int | None, attempts: int = 3,
                     expected_seconds: float | None = None, threads: int = 1,
                     picture_from: Path | None = None, timeout: float | None = None,
                     demuxer: str | None = None, steps=None) -> int:
    """Encode into `target`; if over budget, retry with a proportionally lower cap.
    With `expected_seconds`, a rendition that came out shorter (a source damaged in the
    middle decodes only partly, and ffmpeg still exits 0) is an error, never published.
    `timeout` bounds each ffmpeg call (subprocess.TimeoutExpired); `steps` reports them."""
    for _ in range(attempts):
        commands.run(commands.encode_args(ffmpeg_bin, source, target, spec, threads, picture_from,
                                          demuxer), timeout=timeout,
                     progress=steps("encode") if steps else None)
        if expected_seconds:
            from .probe import probe

            got = probe(ffmpeg_bin, target, **({"timeout": timeout} if timeout else {})).duration
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
    threads: int = 1  # the CPUs this job has to itself: renditions made side by side
    demuxer: str = ""  # the source's probed container, forced when ffmpeg reads it
    time_limit: float | None = None  # seconds each ffmpeg call may take (settings.ffmpeg_time_limit)
    progress: str = ""  # the file its progress goes to (progress.Watch), if any


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
    infos = {final: cache.read_json(info_path(Path(final))) or {} for _, final in job.renditions}
    progress = Progress(job.progress, job_work(job, {f for f, info in infos.items() if "search" in info}))
    try:
        if job.renditions:
            with tempfile.TemporaryDirectory(prefix=".tmp-", dir=cache.path("work", "x").parent) as work:
                made += make_renditions(job, cache, Path(work), infos, progress)
        if job.poster is not None:
            make_poster(job, cache)
            made.append("poster")
        progress.finish()
    except (subprocess.TimeoutExpired, ProbeError) as exc:
        if isinstance(exc, ProbeError) and exc.kind != "too_slow":
            return _failed(job, made, started, f"rendisi tidak terbaca: {exc}")
        return _failed(job, made, started, f"{TIME_LIMIT} {job.time_limit or 0:g} detik per langkah "
                                           f"untuk klip {job.duration:.1f} detik terlampaui")
    except (commands.FfmpegFailed, OSError, ValueError) as exc:  # a bad file, not a bug: report it
        return _failed(job, made, started, str(exc))
    return {"label": job.label, "made": made, "seconds": time.monotonic() - started}


def _failed(job: Job, made: list[str], started: float, error: str) -> dict:
    """A clip ffmpeg could not finish: reported, never cached (nothing was renamed into place)."""
    return {"label": job.label, "made": made, "seconds": time.monotonic() - started, "error": error}


def make_renditions(job: Job, cache: MediaCache, work: Path, infos: dict[str, dict],
                    progress: Progress) -> list[str]:
    """Mezzanines (and search samples) in one decode of the source, then every rendition:
    search + final encode, `job.threads` renditions at a time with one thread each
    (single-threaded encoders waste less than threaded ones on small pictures)."""
    source = Path(job.source)
    shapes = sorted({(p.spec.width, p.spec.height, p.spec.fps) for p, _ in job.renditions})
    mezzanines = {shape: work / f"mezz-{shape[0]}x{shape[1]}.nut" for shape in shapes}
    searching = {(p.spec.width, p.spec.height) for p, final in job.renditions
                 if p.spec.vmaf and "search" not in infos[final]}
    windows = sample_windows(job.duration)
    samples = {size: (work / f"sample-{size[0]}x{size[1]}.nut", windows) for size in searching}
    tonemap = any(p.spec.tonemap for p, _ in job.renditions)
    commands.run(commands.mezzanine_args(job.ffmpeg_bin, source,
                                         [(path, *shape) for shape, path in mezzanines.items()],
                                         tonemap, samples, job.demuxer),
                 timeout=job.time_limit, progress=progress.step(mezzanine_cost(job)))

    def make(item: tuple[Plan, str]) -> str:
        plan, final = item
        spec, info = plan.spec, infos[final]
        if spec.vmaf and "search" not in info:
            sample = samples[(spec.width, spec.height)][0]
            try:
                info["search"] = search_crf(job.ffmpeg_bin, sample, sample_seconds(job.duration),
                                            spec, work, threads=1, timeout=job.time_limit,
                                            steps=progress.steps(spec))
            except commands.FfmpegFailed as exc:  # e.g. a picture too tiny for libvmaf:
                info["search"] = {"crf": spec.crf, "failed": str(exc)[:300]}  # the tier's CRF
            cache.write_json(info_path(Path(final)), info)
        if spec.vmaf:
            spec = dataclasses.replace(spec, crf=info["search"]["crf"])
        with cache.writing(Path(final)) as tmp:
            size = encode_rendition(job.ffmpeg_bin, source, tmp, spec, plan.budget_bytes,
                                    expected_seconds=job.duration, threads=1,
                                    picture_from=mezzanines[(spec.width, spec.height, spec.fps)],
                                    timeout=job.time_limit, demuxer=job.demuxer,
                                    steps=progress.steps(spec))
        cache.write_json(info_path(Path(final)), {**info, "crf": spec.crf, "bytes": size})
        return f"{plan.quality} {plan.codec}"

    return _largest_first(make, job.renditions, job.threads)


def _largest_first(make, renditions: tuple[tuple[Plan, str], ...], threads: int) -> list[str]:
    """`make` each rendition, the largest picture first, `threads` at a time; a failure
    or a stop starts no further encodes."""
    largest_first = sorted(renditions, key=lambda item: -item[0].spec.width * item[0].spec.height)
    if threads <= 1:
        return [make(item) for item in largest_first]
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(make, item) for item in largest_first]
        try:
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
