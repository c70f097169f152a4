"""Every ffmpeg command of the site, built with ffmpeg-python, and the one place that runs them.

Nothing else in the code base assembles ffmpeg arguments. Each builder returns the
argument list (handy for logs and tests); `run()` executes it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

QUIET = ("-hide_banner", "-nostdin")


class FfmpegFailed(RuntimeError):
    def __init__(self, args: list[str], returncode: int, stderr: str):
        self.args_list, self.returncode, self.stderr = args, returncode, stderr
        lines = stderr.strip().splitlines()
        errors = [line for line in lines if "rror" in line or "nvalid" in line] or lines
        tail = "\n".join(errors[:3] + errors[-2:] if len(errors) > 5 else errors)
        super().__init__(f"ffmpeg gagal (kode {returncode}): {tail}")


def run(args: list[str], timeout: float | None = None, check: bool = True,
        stdout: bool = False) -> subprocess.CompletedProcess:
    """Run one ffmpeg command; stdout as bytes when asked, stderr as text."""
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    stderr = proc.stderr.decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise FfmpegFailed(args, proc.returncode, stderr)
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout if stdout else b"", stderr)


def probe_args(ffmpeg_bin: str, source: Path) -> list[str]:
    """`ffmpeg -i SRC -t 0 -f null -`: prints the input's description, encodes nothing.

    The imageio-ffmpeg wheel ships no ffprobe, so probing parses this description
    (see probe.py) and works with the bare wheel on a clean machine."""
    return (ffmpeg.input(str(source)).output("-", f="null", t=0)
            .global_args(*QUIET).compile(cmd=ffmpeg_bin))


def measure_duration_args(ffmpeg_bin: str, source: Path) -> list[str]:
    """Copy the first video stream to nowhere; the last `time=` is the real duration.
    Used only when the container does not state one."""
    return (ffmpeg.input(str(source)).output("-", f="null", map="0:v:0", c="copy")
            .global_args(*QUIET).compile(cmd=ffmpeg_bin))


@dataclass(frozen=True)
class EncodeSpec:
    """Everything that decides the bytes of one rendition (also the cache key)."""

    width: int
    height: int
    fps: float
    video_kbps: int
    audio_kbps: int  # 0: no audio track
    audio_channels: int
    audio_rate: int
    profile: str = "baseline"
    preset: str = "slow"
    rate_control: str = "capped-crf"  # capped-crf | abr
    crf: int = 26
    keyframe_seconds: int = 2
    tonemap: bool = False  # HDR (HLG/PQ) source: map to SDR BT.709 so colours look right


def encode_args(ffmpeg_bin: str, source: Path, target: Path, spec: EncodeSpec,
                threads: int = 1) -> list[str]:
    """H.264 + AAC-LC in MP4, upright (ffmpeg applies the display matrix), constant frame
    rate, 2 s keyframes, yuv420p, `+faststart`, and no metadata at all: global, stream and
    chapter metadata are dropped, the muxer and encoders write no tags (bitexact)."""
    inp = ffmpeg.input(str(source))
    video = (inp.video
             .filter("fps", fps=_fps_text(spec.fps))
             .filter("scale", spec.width, spec.height, flags="lanczos"))
    if spec.tonemap:  # after scaling: tone mapping works in float, on few pixels
        video = (video.filter("zscale", t="linear", npl=100).filter("format", "gbrpf32le")
                 .filter("zscale", p="bt709").filter("tonemap", "hable", desat=0)
                 .filter("zscale", t="bt709", m="bt709", r="tv"))
    video = video.filter("setsar", "1").filter("format", "yuv420p")
    gop = max(1, round(spec.fps * spec.keyframe_seconds))
    x264 = {"vcodec": "libx264", "profile:v": spec.profile, "preset": spec.preset,
            "g": gop, "keyint_min": gop, "sc_threshold": 0, "threads": threads}
    bufsize = spec.video_kbps * 2
    if spec.rate_control == "abr":
        x264.update({"b:v": f"{spec.video_kbps}k", "maxrate": f"{spec.video_kbps * 3 // 2}k",
                     "bufsize": f"{bufsize}k"})
    else:
        x264.update({"crf": spec.crf, "maxrate": f"{spec.video_kbps}k", "bufsize": f"{bufsize}k"})
    streams = [video]
    audio = {}
    if spec.audio_kbps:
        streams.append(inp.audio)
        audio = {"acodec": "aac", "profile:a": "aac_low", "b:a": f"{spec.audio_kbps}k",
                 "ac": spec.audio_channels, "ar": spec.audio_rate}
    out = ffmpeg.output(
        *streams, str(target), f="mp4", movflags="+faststart", map_metadata="-1",
        map_chapters="-1", **{"map_metadata:s:v": "-1", "map_metadata:s:a": "-1",
                              "fflags": "+bitexact", "flags:v": "+bitexact",
                              "flags:a": "+bitexact", "metadata:s:v:0": "encoder=",
                              "metadata:s:a:0": "encoder="},
        **x264, **audio, **({} if spec.audio_kbps else {"an": None}), sn=None, dn=None)
    return out.overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin)


def _fps_text(fps: float) -> str:
    return str(int(fps)) if float(fps).is_integer() else f"{fps:.3f}"


def frames_args(ffmpeg_bin: str, source: Path, width: int, height: int, every_seconds: float) -> list[str]:
    """Small RGB frames every `every_seconds`, raw on stdout: the poster candidates."""
    stream = (ffmpeg.input(str(source)).video
              .filter("fps", fps=f"1/{every_seconds:.3f}")
              .filter("scale", width, height, flags="lanczos"))
    return (ffmpeg.output(stream, "-", f="rawvideo", pix_fmt="rgb24")
            .global_args(*QUIET).compile(cmd=ffmpeg_bin))


def vmaf_args(ffmpeg_bin: str, distorted: Path, reference: Path, width: int, height: int,
              log_path: Path, threads: int = 1) -> list[str]:
    """VMAF of `distorted` against `reference`, both scaled to width x height (bicubic)."""
    dist = ffmpeg.input(str(distorted)).video.filter("scale", width, height, flags="bicubic").filter("setpts", "PTS-STARTPTS")
    ref = ffmpeg.input(str(reference)).video.filter("scale", width, height, flags="bicubic").filter("setpts", "PTS-STARTPTS")
    scored = ffmpeg.filter([dist, ref], "libvmaf", log_path=str(log_path), log_fmt="json",
                           n_threads=threads)
    return ffmpeg.output(scored, "-", f="null").global_args(*QUIET).compile(cmd=ffmpeg_bin)


def transcode_args(ffmpeg_bin: str, source: Path, target: Path, **options) -> list[str]:
    """A plain transcode (used by the benchmark and tests to make source clips)."""
    return (ffmpeg.input(str(source)).output(str(target), **options)
            .overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin))
