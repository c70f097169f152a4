"""Video benchmark: bytes per tier, VMAF of the hemat tier, encode speed.

    from bench.video import bench_video
    result = bench_video()                      # a generated 60 s clip, default settings
    result = bench_video(Path("clip.mp4"), settings={"VIDEO_X264_PRESET": "medium"})

`bench_video(clip=None, settings=None, workdir=None) -> dict` returns

    {"clip": str, "duration": s, "source": "854x480 30 fps",
     "tiers": [{"tier", "quality", "width", "height", "bytes", "bytes_per_minute",
                "encode_seconds", "speed"}],       # speed = clip seconds / encode seconds
     "hemat_vmaf": float, "hemat_bytes_per_minute": int, "hemat_budget": int,
     "encode_seconds": float, "speed": float}      # all tiers together

The standard clip is generated once into .cache/bench/ (a few minutes: the fractal
is slow to render). Run `python bench/video.py` for a report, `--sweep` for the
encoder-settings sweep whose numbers are recorded in plugins/video/encode.py.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import ffmpeg
from kasdikdas.media import commands
from kasdikdas.media.encode import encode_rendition, plan_renditions
from kasdikdas.media.ffmpeg_bin import find_ffmpeg
from kasdikdas.media.probe import probe
from kasdikdas.media.settings import apply_defaults


def make_clip(
    target: Path,
    seconds: int = 60,
    size: tuple[int, int] = (854, 480),
    ffmpeg_bin: str | None = None,
) -> Path:
    """A synthetic "phone" clip: a handheld test card with sensor noise, a fractal zoom
    and a drifting colour field (a third each), with a tone over pink noise."""
    ffmpeg_bin = ffmpeg_bin or find_ffmpeg()
    w, h = size
    part = seconds / 3
    card = (
        ffmpeg.input(f"testsrc2=size={w}x{h}:rate=30", f="lavfi", t=part)
        .filter("rotate", angle="0.02*sin(2*t)", fillcolor="gray")
        .filter("noise", alls=12, allf="t")
    )
    fractal = ffmpeg.input(f"mandelbrot=size={w}x{h}:rate=30", f="lavfi", t=part)
    field = ffmpeg.input(
        f"gradients=size={w}x{h}:rate=30:n=5:speed=0.03", f="lavfi", t=part
    ).filter("noise", alls=8, allf="t")
    video = ffmpeg.concat(card, fractal, field, v=1, a=0)
    tone = ffmpeg.input("sine=frequency=330:sample_rate=48000", f="lavfi", t=seconds)
    hiss = ffmpeg.input(
        "anoisesrc=color=pink:amplitude=0.05:sample_rate=48000", f="lavfi", t=seconds
    )
    audio = ffmpeg.filter([tone, hiss], "amix", inputs=2)
    (
        ffmpeg.output(
            video,
            audio,
            str(target),
            vcodec="libx264",
            crf=14,
            preset="veryfast",
            pix_fmt="yuv420p",
            acodec="aac",
            audio_bitrate="160k",
            ac=2,
        )
        .overwrite_output()
        .global_args(*commands.QUIET)
        .run(cmd=ffmpeg_bin, quiet=True)
    )
    return target


def vmaf(
    ffmpeg_bin: str, distorted: Path, reference: Path, width: int, height: int, workdir: Path
) -> float:
    """Mean VMAF. Always measured with the imageio-ffmpeg wheel's ffmpeg, which has
    libvmaf (distribution builds often do not), whichever ffmpeg encoded."""
    import imageio_ffmpeg

    log = workdir / f"vmaf-{distorted.stem}.json"
    commands.run(
        commands.vmaf_args(
            imageio_ffmpeg.get_ffmpeg_exe(), distorted, reference, width, height, log, threads=2
        )
    )
    return round(json.loads(log.read_text())["pooled_metrics"]["vmaf"]["mean"], 2)


CLIP_CACHE = ROOT / ".cache" / "bench"


def standard_clip(ffmpeg_bin: str | None = None) -> Path:
    """The 60 s benchmark clip, generated once (it takes a few minutes) and kept in
    .cache/bench/ (outside output/, ignored by git)."""
    target = CLIP_CACHE / "clip60-v1.mp4"
    if not target.is_file():
        CLIP_CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(".tmp-" + target.name)
        make_clip(partial, ffmpeg_bin=ffmpeg_bin)
        partial.replace(target)
    return target


def bench_video(
    clip: Path | None = None, settings: dict | None = None, workdir: Path | None = None
) -> dict:
    settings = apply_defaults(dict(settings or {}))
    ffmpeg_bin = find_ffmpeg(settings.get("VIDEO_FFMPEG"))
    with tempfile.TemporaryDirectory(prefix="bench-video-") as scratch:
        work = Path(workdir or scratch)
        work.mkdir(parents=True, exist_ok=True)
        clip = clip or standard_clip(ffmpeg_bin)
        found = probe(ffmpeg_bin, clip)
        tiers, total = [], 0.0
        hemat = None
        for plan in plan_renditions(found, "bench", settings):
            target = work / f"{plan.tier.slug}.mp4"
            started = time.perf_counter()
            size = encode_rendition(ffmpeg_bin, clip, target, plan.spec, plan.budget_bytes)
            seconds = time.perf_counter() - started
            total += seconds
            tiers.append(
                {
                    "tier": plan.tier.slug,
                    "quality": plan.quality,
                    "width": plan.spec.width,
                    "height": plan.spec.height,
                    "bytes": size,
                    "bytes_per_minute": round(size * 60 / found.duration),
                    "encode_seconds": round(seconds, 2),
                    "speed": round(found.duration / seconds, 2),
                }
            )
            hemat = hemat or (target, plan)
        target, plan = hemat
        score = vmaf(ffmpeg_bin, target, clip, plan.spec.width, plan.spec.height, work)
        return {
            "clip": str(clip),
            "duration": found.duration,
            "source": f"{found.width}x{found.height} {found.fps:g} fps",
            "tiers": tiers,
            "hemat_vmaf": score,
            "hemat_bytes_per_minute": tiers[0]["bytes_per_minute"],
            "hemat_budget": settings["VIDEO_HEMAT_BYTES_PER_MINUTE"],
            "encode_seconds": round(total, 2),
            "speed": round(found.duration / total, 2),
        }


SWEEP = (  # (name, EncodeSpec changes, settings changes)
    ("baseline slow crf28 capped (chosen)", {}, {}),
    ("baseline veryfast", {"preset": "veryfast"}, {}),
    ("baseline medium", {"preset": "medium"}, {}),
    ("baseline veryslow", {"preset": "veryslow"}, {}),
    ("baseline slow crf24 capped", {"crf": 24}, {}),
    ("baseline slow crf32 capped", {"crf": 32}, {}),
    ("baseline slow abr", {"rate_control": "abr"}, {}),
    ("baseline slow 15 fps", {"fps": 15}, {}),
    ("main slow crf28 capped", {"profile": "main"}, {}),
    ("high slow crf28 capped", {"profile": "high"}, {}),
)


def sweep(clip: Path | None = None, workdir: Path | None = None) -> list[dict]:
    """Encode the hemat tier of a 60 s clip with each variant; bytes, VMAF, speed."""
    settings = apply_defaults({})
    ffmpeg_bin = find_ffmpeg()
    work = Path(workdir or tempfile.mkdtemp(prefix="bench-sweep-"))
    clip = clip or standard_clip(ffmpeg_bin)
    found = probe(ffmpeg_bin, clip)
    base = plan_renditions(found, "sweep", settings)[0]
    rows = []
    for index, (name, changes, _) in enumerate(SWEEP):
        spec = dataclasses.replace(base.spec, **changes)
        target = work / f"sweep{index}.mp4"
        started = time.perf_counter()
        size = encode_rendition(ffmpeg_bin, clip, target, spec, None, attempts=1)
        seconds = time.perf_counter() - started
        if spec.fps != base.spec.fps:  # compare at the source rate: repeat frames back
            shown = work / f"sweep{index}-30.mp4"
            commands.run(
                commands.transcode_args(
                    ffmpeg_bin,
                    target,
                    shown,
                    r=base.spec.fps,
                    vcodec="libx264",
                    crf=0,
                    preset="ultrafast",
                )
            )
            target = shown
        score = vmaf(ffmpeg_bin, target, clip, spec.width, spec.height, work)
        rows.append(
            {
                "variant": name,
                "bytes_per_minute": round(size * 60 / found.duration),
                "vmaf": score,
                "speed": round(found.duration / seconds, 1),
            }
        )
        print(
            f"{name:40s} {rows[-1]['bytes_per_minute']:>9,d} B/min  VMAF {score:6.2f}  "
            f"{rows[-1]['speed']:5.1f}x",
            flush=True,
        )
    return rows


if __name__ == "__main__":
    if "--sweep" in sys.argv:
        sweep()
    else:
        print(json.dumps(bench_video(), indent=1))
