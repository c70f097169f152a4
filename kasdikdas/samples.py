"""Generate the sample site's videos with ffmpeg, so the repository stays small.

Each sample showcase links `videos/<name>.mp4`; this writes the ones that are missing
(never overwrites). Different patterns, colours, motion and a tone; landscape and
portrait; 30–60 s, as the rules ask.

They are kept small so that a fresh clone's first `./scripts/serve` answers within a
few minutes on two cores: 240p at 12 frames per second, so each gets only the hemat
tier and encodes quickly. Two are 360p so that the sample site still shows a second
tier ("Standar"): gamelan-cilik (landscape, the page the browser tests play) and
pentas-barongan (portrait, the player page tests).
"""

from __future__ import annotations

import concurrent.futures
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from kasdikdas.media.ffmpeg_bin import find_ffmpeg  # noqa: E402

PATTERNS = ("testsrc2", "smptehdbars", "rgbtestsrc", "testsrc", "pal100bars", "yuvtestsrc")


@dataclass(frozen=True)
class SampleVideo:
    name: str
    seconds: int
    orientation: str  # landscape | portrait
    short_side: int = 240
    fps: int = 12

    @property
    def size(self) -> tuple[int, int]:
        long_side = self.short_side * 16 // 9 // 2 * 2
        if self.orientation == "landscape":
            return long_side, self.short_side
        return self.short_side, long_side


SAMPLES = (
    SampleVideo("20300001-gamelan-cilik.mp4", 42, "landscape", short_side=360),
    SampleVideo("20300003-laboratorium-jagung.mp4", 55, "landscape"),
    SampleVideo("20300011-pentas-barongan.mp4", 38, "portrait", short_side=360),
    SampleVideo("20300013-literasi-digital.mp4", 47, "landscape"),
    SampleVideo("20300021-senam-pagi.mp4", 33, "landscape"),
    SampleVideo("20300023-daur-ulang-plastik.mp4", 58, "portrait"),
    SampleVideo("20300031-membatik-motif-jati.mp4", 44, "landscape"),
    SampleVideo("20300032-matematika-pasar.mp4", 51, "landscape"),
    SampleVideo("20300041-drumband-sonokulon.mp4", 36, "portrait"),
    SampleVideo("20300043-robotik-sederhana.mp4", 49, "landscape"),
    SampleVideo("20300051-kelas-hijau.mp4", 40, "landscape"),
    SampleVideo("20300052-podcast-bahasa-jawa.mp4", 53, "portrait"),
    SampleVideo("20300061-tari-kridha-jati.mp4", 45, "landscape"),
    SampleVideo("20300063-pramuka-peduli.mp4", 31, "landscape"),
    SampleVideo("20300071-kebun-toga.mp4", 39, "landscape"),
    SampleVideo("20300081-dongeng-pagi.mp4", 34, "portrait"),
    SampleVideo("20300092-futsal-putri.mp4", 37, "landscape"),
    SampleVideo("20300101-angklung-bambu.mp4", 57, "landscape"),
)


def sample_stream(index: int, sample: SampleVideo):
    """A moving, coloured test picture and a tone, different for every sample."""
    width, height = sample.size
    pattern = PATTERNS[index % len(PATTERNS)]
    video = (
        ffmpeg.input(f"{pattern}=size={width}x{height}:rate={sample.fps}", f="lavfi", t=sample.seconds)
        .filter("hue", h=f"{index * 47}+t*20")
        .filter("rotate", angle="0.05*sin(t)", fillcolor="black")
    )
    audio = ffmpeg.input(f"sine=frequency={220 + 55 * index}:sample_rate=44100",
                         f="lavfi", t=sample.seconds)
    return video, audio


def generate(target: Path, index: int, sample: SampleVideo, ffmpeg_bin: str) -> None:
    video, audio = sample_stream(index, sample)
    # A name of this process's own: two test workers may make the same sample at once.
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    (
        ffmpeg.output(video, audio, str(partial), f="mp4", vcodec="libx264", preset="veryfast",
                      crf=30, pix_fmt="yuv420p", acodec="aac", audio_bitrate="64k",
                      movflags="+faststart")
        .overwrite_output()
        .run(cmd=ffmpeg_bin, quiet=True)
    )
    partial.replace(target)


def missing_samples(content: Path) -> list[tuple[int, SampleVideo]]:
    """(index, sample) of every sample showcase still present whose video is not made yet."""
    folder = Path(content) / "videos"
    return [(i, s) for i, s in enumerate(SAMPLES)
            if (Path(content) / "kiprah" / s.name).with_suffix(".md").exists()
            and not (folder / s.name).exists()]


def sample_video_problem(problem, unmade: set[str]) -> bool:
    """Whether `problem` only says that a sample video (named in `unmade`) is missing."""
    return (problem.field == "video" and "tidak ditemukan" in problem.message
            and f"{Path(problem.path).stem}.mp4" in unmade)


def ensure_sample_videos(content: Path, log=print) -> int:
    """Write the missing video of every sample showcase still present; return how many
    were made. Once editors replace the samples, nothing is written under content/."""
    folder = content / "videos"
    missing = missing_samples(content)
    if not missing:
        return 0
    ffmpeg_bin = find_ffmpeg()
    folder.mkdir(parents=True, exist_ok=True)
    log(f"Membuat {len(missing)} video contoh ({os.cpu_count() or 1} sekaligus)…")
    # one ffmpeg per CPU: each clip is small and encodes on one core most of the time
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = {pool.submit(generate, folder / sample.name, index, sample, ffmpeg_bin): sample
                for index, sample in missing}
        for done, future in enumerate(concurrent.futures.as_completed(made), 1):
            future.result()
            sample = made[future]
            log(f"[{done}/{len(missing)}] video contoh {sample.name} ({sample.seconds} detik) dibuat")
    return len(missing)


if __name__ == "__main__":
    ensure_sample_videos(Path(sys.argv[1] if len(sys.argv) > 1 else "content"))
