"""Source clips that look like what a school's phone sends: motion, grain and sound,
at phone resolutions, landscape and portrait, 30–60 s.

A synthetic test pattern alone compresses unrealistically well, so the picture gets
moving texture (a rotating, hue-shifting pattern with temporal sensor-like noise) and
the sound is a tone over pink noise (a room), not silence.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from kasdikdas.media.ffmpeg_bin import find_ffmpeg


@dataclass(frozen=True)
class ClipSpec:
    name: str
    width: int
    height: int
    seconds: float
    fps: int = 30

    @property
    def orientation(self) -> str:
        return "portrait" if self.height > self.width else "landscape"


# What phones in a school typically record: 1080p and 720p, held both ways.
FULL_CLIPS = (
    ClipSpec("klip-1080p-lanskap.mp4", 1920, 1080, 45),
    ClipSpec("klip-720p-potret.mp4", 720, 1280, 60),
    ClipSpec("klip-720p-lanskap.mp4", 1280, 720, 30),
    ClipSpec("klip-1080p-potret.mp4", 1080, 1920, 38),
)
# For the quick (CI) run: the same shapes, small and short, so the test stays fast.
QUICK_CLIPS = (
    ClipSpec("klip-kecil-lanskap.mp4", 480, 270, 4, 25),
    ClipSpec("klip-kecil-potret.mp4", 270, 480, 4, 25),
)

PATTERNS = ("testsrc2", "smptehdbars", "rgbtestsrc", "testsrc")


def make_clip(target: Path, spec: ClipSpec, index: int, ffmpeg_bin: str | None = None) -> Path:
    """Encode one clip (skipped when it exists); returns its path."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    pattern = PATTERNS[index % len(PATTERNS)]
    video = (
        ffmpeg.input(
            f"{pattern}=size={spec.width}x{spec.height}:rate={spec.fps}", f="lavfi", t=spec.seconds
        )
        .filter("hue", h=f"{index * 53}+t*15")
        .filter("rotate", angle="0.08*sin(t*0.7)", fillcolor="0x405030")
        .filter("noise", alls=8, allf="t+u")
    )
    tone = ffmpeg.input(
        f"sine=frequency={196 + 61 * index}:sample_rate=48000", f="lavfi", t=spec.seconds
    )
    room = ffmpeg.input(
        "anoisesrc=color=pink:amplitude=0.08:sample_rate=48000", f="lavfi", t=spec.seconds
    )
    audio = ffmpeg.filter([tone, room], "amix", inputs=2, duration="shortest")
    partial = target.with_name(target.name + ".part")
    (
        ffmpeg.output(
            video,
            audio,
            str(partial),
            f="mp4",
            vcodec="libx264",
            preset="ultrafast",
            crf=23,
            pix_fmt="yuv420p",
            acodec="aac",
            audio_bitrate="128k",
            ac=2,
        )
        .overwrite_output()
        .run(cmd=ffmpeg_bin or find_ffmpeg(), quiet=True)
    )
    partial.replace(target)
    return target


def make_clips(folder: Path, specs=FULL_CLIPS) -> list[Path]:
    ffmpeg_bin = find_ffmpeg()
    return [make_clip(folder / spec.name, spec, i, ffmpeg_bin) for i, spec in enumerate(specs)]
