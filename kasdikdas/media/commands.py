"""Every ffmpeg command of the site, built with ffmpeg-python, and the one place that runs them.

Nothing else in the code base assembles ffmpeg arguments. Each builder returns the
argument list (handy for logs and tests); `run()` executes it.
"""

from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from .formats import SOURCE_DEMUXERS

QUIET = ("-hide_banner", "-nostdin")
# Mezzanines and search samples: raw pictures (NUT keeps their frame times). Writing and
# reading them costs almost nothing, where x264 cost ~5 s to write and ~4 s per read at
# 480p for 60 s (docs/benchmark.md); exact, so the search scores the real pictures.
RAW = {"vcodec": "rawvideo", "f": "nut"}


def source_input(source: Path, demuxer: str | None = None, **options):
    """An editor's video as ffmpeg input: through the `file` protocol alone (no network,
    no pipe, no `concat:`/`subfile,` tricks in a name) and read only by a demuxer of a
    real video container (formats.SOURCE_DEMUXERS), never a playlist, a concat list or
    an image sequence that would pull in other files. After probing, `demuxer` (the
    probed container's) is forced too."""
    if demuxer:
        options["f"] = demuxer
    return ffmpeg.input("file:" + os.path.abspath(source), protocol_whitelist="file",
                        format_whitelist=",".join(SOURCE_DEMUXERS), **options)


class FfmpegFailed(RuntimeError):
    def __init__(self, args: list[str], returncode: int, stderr: str):
        self.args_list, self.returncode, self.stderr = args, returncode, stderr
        lines = stderr.strip().splitlines()
        errors = [line for line in lines if "rror" in line or "nvalid" in line] or lines
        tail = "\n".join(errors[:3] + errors[-2:] if len(errors) > 5 else errors)
        super().__init__(f"ffmpeg gagal (kode {returncode}): {tail}")


def run(args: list[str], timeout: float | None = None, check: bool = True,
        stdout: bool = False, progress=None) -> subprocess.CompletedProcess:
    """Run one ffmpeg command; stdout as bytes when asked, stderr as text. `progress`
    (a command whose stdout is free) is called with the seconds of output made so far,
    about twice a second (ffmpeg's `-progress`)."""
    if progress is not None and not stdout:
        proc = _run_reporting(args, timeout, progress)
    else:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    stderr = proc.stderr.decode("utf-8", "replace")
    if check and proc.returncode != 0:
        raise FfmpegFailed(args, proc.returncode, stderr)
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout if stdout else b"", stderr)


def _run_reporting(args: list[str], timeout: float | None, progress) -> subprocess.CompletedProcess:
    """subprocess.run with ffmpeg's `-progress pipe:1`: stdout is read line by line
    (`out_time_us=`), stderr in a thread. Like subprocess.run, the time limit and any
    interruption (Ctrl-C, a stop) kill ffmpeg."""
    args = [args[0], "-progress", "pipe:1", "-nostats", *args[1:]]
    expired = threading.Event()
    with subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        errors: list[bytes] = []
        err, out = proc.stderr, proc.stdout
        assert err is not None and out is not None  # both are pipes
        reader = threading.Thread(target=lambda: errors.append(err.read()), daemon=True)
        reader.start()

        def expire() -> None:
            expired.set()
            proc.kill()

        timer = threading.Timer(timeout, expire) if timeout else None
        try:
            if timer is not None:
                timer.start()
            for line in out:
                key, _, value = line.partition(b"=")
                if key == b"out_time_us" and value.strip().isdigit():
                    progress(int(value) / 1_000_000)
            proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            reader.join(timeout=5)
            raise
        finally:
            if timer is not None:
                timer.cancel()
        reader.join()
    stderr = errors[0] if errors else b""
    if expired.is_set():  # only the timer sets it: there is a time limit
        raise subprocess.TimeoutExpired(args, timeout or 0, stderr=stderr)
    return subprocess.CompletedProcess(args, proc.returncode, b"", stderr)


def probe_args(ffmpeg_bin: str, source: Path) -> list[str]:
    """`ffmpeg -i SRC -t 0 -f null -`: prints the input's description, encodes nothing.

    The imageio-ffmpeg wheel ships no ffprobe, so probing parses this description
    (see probe.py) and works with the bare wheel on a clean machine."""
    return (source_input(source).output("-", f="null", t=0)
            .global_args(*QUIET).compile(cmd=ffmpeg_bin))


def measure_duration_args(ffmpeg_bin: str, source: Path, demuxer: str | None = None) -> list[str]:
    """Copy the first video stream to nowhere; the last `time=` is the real duration.
    Used only when the container does not state one."""
    return (source_input(source, demuxer).output("-", f="null", map="0:v:0", c="copy")
            .global_args(*QUIET).compile(cmd=ffmpeg_bin))


# The two codecs of every tier, in the order a page offers them. `mime` is the <source
# type>: the codecs parameter names the highest profile/level a rendition can use (AV1
# Main 8-bit level 3.0; H.264 level 3.0), so a browser that says yes can play them all.
CODECS = ("av1", "h264")
VIDEO_ENCODER = {"av1": "libsvtav1", "h264": "libx264"}
AUDIO_ENCODER = {"av1": "libopus", "h264": "aac"}
H264_CODEC_TAG = {"baseline": "avc1.42E01E", "main": "avc1.4D401E", "high": "avc1.64001E"}


def mime_type(codec: str, profile: str, with_audio: bool) -> str:
    video = "av01.0.04M.08" if codec == "av1" else H264_CODEC_TAG[profile]
    audio = ("opus" if codec == "av1" else "mp4a.40.2") if with_audio else ""
    return f'video/mp4; codecs="{video}{", " + audio if audio else ""}"'


@dataclass(frozen=True)
class EncodeSpec:
    """Everything that decides the bytes of one rendition (also the cache key). `crf` is
    where the quality search starts; with `vmaf` = 0 it is used as it is."""

    width: int
    height: int
    fps: float
    video_kbps: int  # the cap (VBV maxrate / SVT-AV1 capped CRF)
    audio_kbps: int  # 0: no audio track
    audio_channels: int
    audio_rate: int
    codec: str = "h264"  # h264 | av1
    profile: str = "high"  # H.264 only
    preset: str = "slow"  # x264 preset name, or the SVT-AV1 preset number as text
    crf: int = 26
    vmaf: float = 0.0  # the quality target of the per-clip search (0: no search)
    keyframe_seconds: int = 2
    tune: str = ""  # x264 --tune name, or SVT-AV1's tune number as text ("": the encoder's own)
    tonemap: bool = False  # HDR (HLG/PQ) source: map to SDR BT.709 so colours look right


def picture(stream, width: int, height: int, fps: float, tonemap: bool):
    """The filters that make a rendition's picture: constant rate, size, SDR, square pixels."""
    video = stream.filter("fps", fps=_fps_text(fps)).filter("scale", width, height, flags="lanczos")
    if tonemap:  # after scaling: tone mapping works in float, on few pixels
        video = (video.filter("zscale", t="linear", npl=100).filter("format", "gbrpf32le")
                 .filter("zscale", p="bt709").filter("tonemap", "hable", desat=0)
                 .filter("zscale", t="bt709", m="bt709", r="tv"))
    return video.filter("setsar", "1").filter("format", "yuv420p")


def mezzanine_args(ffmpeg_bin: str, source: Path, outputs: list[tuple[Path, int, int, float]],
                   tonemap: bool,
                   samples: dict[tuple[int, int], tuple[Path, list[tuple[float, float]]]] | None = None,
                   demuxer: str | None = None) -> list[str]:
    """Decode the source once into raw pictures at every rendition size (`outputs`: path,
    width, height, fps), upright, tone-mapped: the encodes and the quality search then
    read them instead of decoding a 1080p clip each time (on disk for the clip's encode
    only: ~2 GB for 60 s at 480p, 360p and 240p).
    The source is scaled once, to the largest size; the smaller ones are scaled from that
    (a 1080p picture is the expensive one to scale). `samples` (by width, height: path and
    windows) cuts the quality search's samples in the same pass."""
    samples = samples or {}
    ordered = sorted(outputs, key=lambda o: o[1] * o[2], reverse=True)
    _, width, height, fps = ordered[0]
    largest = picture(source_input(source, demuxer).video, width, height, fps, tonemap)
    split = largest.filter_multi_output("split", len(ordered))
    outs = []
    for index, (path, w, h, rate) in enumerate(ordered):
        stream = split[index]
        if (w, h, rate) != (width, height, fps):
            stream = picture(stream, w, h, rate, False)
        if (w, h) in samples:
            both = stream.filter_multi_output("split", 2)
            stream = both[0]
            sample_path, windows = samples[(w, h)]
            outs.append(ffmpeg.output(_windows(both[1], windows), str(sample_path), **RAW))
        outs.append(ffmpeg.output(stream, str(path), **RAW))
    return (ffmpeg.merge_outputs(*outs).overwrite_output().global_args(*QUIET, "-an", "-sn", "-dn")
            .compile(cmd=ffmpeg_bin))


def _windows(stream, windows: list[tuple[float, float]]):
    picked = "+".join(f"between(t,{start:.3f},{start + length - 0.001:.3f})" for start, length in windows)
    return stream.filter("select", picked).filter("setpts", "N/FRAME_RATE/TB")


def _video_options(spec: EncodeSpec, threads: int) -> dict:
    gop = max(1, round(spec.fps * spec.keyframe_seconds))
    cap = {"maxrate": f"{spec.video_kbps}k", "bufsize": f"{spec.video_kbps * 2}k"}
    if spec.codec == "av1":
        tune = f":tune={spec.tune}" if spec.tune else ""
        return {"vcodec": "libsvtav1", "preset": spec.preset, "crf": spec.crf, "g": gop,
                "svtav1-params": f"lp={threads}:scd=0{tune}", **cap}
    return {"vcodec": "libx264", "profile:v": spec.profile, "preset": spec.preset, "g": gop,
            "keyint_min": gop, "sc_threshold": 0, "threads": threads, "crf": spec.crf, **cap,
            **({"tune": spec.tune} if spec.tune else {})}


def encode_args(ffmpeg_bin: str, source: Path, target: Path, spec: EncodeSpec,
                threads: int = 1, picture_from: Path | None = None,
                demuxer: str | None = None) -> list[str]:
    """One rendition in MP4: AV1 (SVT-AV1) + Opus or H.264 + AAC-LC, upright (ffmpeg applies
    the display matrix), constant frame rate, a keyframe every `keyframe_seconds`, yuv420p, capped CRF,
    `+faststart`, and no metadata at all: global, stream and chapter metadata are dropped,
    the muxer and encoders write no tags (bitexact). With `picture_from` (a mezzanine at
    the rendition's size) the picture comes from there and only the sound from `source`."""
    inp = source_input(source, demuxer)
    if picture_from is not None:
        video = ffmpeg.input(str(picture_from)).video.filter("setsar", "1")
    else:
        video = picture(inp.video, spec.width, spec.height, spec.fps, spec.tonemap)
    streams = [video]
    audio = {}
    if spec.audio_kbps:
        streams.append(inp.audio)
        audio = {"acodec": AUDIO_ENCODER[spec.codec], "b:a": f"{spec.audio_kbps}k",
                 "ac": spec.audio_channels, "ar": spec.audio_rate}
        if spec.codec == "h264":
            audio["profile:a"] = "aac_low"
        else:  # bounded VBR: a loud track ran at 28 kbps for 16 unconstrained (encode.py)
            audio["vbr"] = "constrained"
    out = ffmpeg.output(
        *streams, str(target), f="mp4", movflags="+faststart", map_metadata="-1",
        map_chapters="-1", **{"map_metadata:s:v": "-1", "map_metadata:s:a": "-1",
                              "fflags": "+bitexact", "flags:v": "+bitexact",
                              "flags:a": "+bitexact", "metadata:s:v:0": "encoder=",
                              "metadata:s:a:0": "encoder="},
        **_video_options(spec, threads), **audio, **({} if spec.audio_kbps else {"an": None}),
        sn=None, dn=None)
    return out.overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin)


def probe_encode_args(ffmpeg_bin: str, sample: Path, target: Path, spec: EncodeSpec,
                      threads: int = 1) -> list[str]:
    """One step of the quality search: the sample's picture at `spec`, no sound."""
    video = ffmpeg.input(str(sample)).video
    return (ffmpeg.output(video, str(target), f="mp4", an=None, **_video_options(spec, threads))
            .overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin))


def selftest_args(ffmpeg_bin: str, target: Path) -> list[str]:
    """A tenth of a second of test picture: does this ffmpeg work at all?"""
    return (ffmpeg.input("testsrc=size=64x48:rate=10", f="lavfi", t=0.5)
            .output(str(target), vcodec="libx264", preset="ultrafast", f="mp4")
            .overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin))


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
              log_path: Path, threads: int = 1, subsample: int = 1,
              by_frame: bool = True) -> list[str]:
    """VMAF of `distorted` against `reference`, both scaled to width x height (bicubic);
    `subsample` n scores every n-th frame (the quality search uses 3).

    `by_frame`: frame N against frame N (the two have the same frames: an encode of the
    search sample, or a rendition at its source's rate). libvmaf pairs frames by time,
    and two files of one rate rarely share a time base: the sample's Matroska stores
    milliseconds (33, 67, 100 at 30 fps), the MP4 encode exact times (33.33, 66.67), so
    every third frame met its neighbour and a lossless copy of a 30 fps sample scored 82
    (29.97 fps: 73; 25 fps, whose times are whole milliseconds: 99.98). Each side is
    renumbered one frame per second of a 1 s time base, which the scorer's output keeps
    monotonic. Without it (a rendition at half its source's rate) frames pair by time."""
    def side(path: Path):
        video = ffmpeg.input(str(path)).video.filter("scale", width, height, flags="bicubic")
        if by_frame:
            return video.filter("settb", "1").filter("setpts", "N")
        return video.filter("setpts", "PTS-STARTPTS")

    dist, ref = side(distorted), side(reference)
    scored = ffmpeg.filter([dist, ref], "libvmaf", log_path=str(log_path), log_fmt="json",
                           n_threads=threads, n_subsample=subsample)
    return ffmpeg.output(scored, "-", f="null").global_args(*QUIET).compile(cmd=ffmpeg_bin)


def transcode_args(ffmpeg_bin: str, source: Path, target: Path, **options) -> list[str]:
    """A plain transcode (used by the benchmark and tests to make source clips)."""
    return (ffmpeg.input(str(source)).output(str(target), **options)
            .overwrite_output().global_args(*QUIET).compile(cmd=ffmpeg_bin))


def _local_input(source: Path) -> list[str]:
    """`-i` of a file as source_input reads it: file protocol and video demuxers only."""
    return ["-protocol_whitelist", "file", "-format_whitelist", ",".join(SOURCE_DEMUXERS),
            "-i", "file:" + os.path.abspath(source)]


def describe_args(ffmpeg_bin: str, source: Path) -> list[str]:
    """`ffmpeg -i SRC`: the input's description (with its metadata) on stderr."""
    return [ffmpeg_bin, "-hide_banner", *_local_input(source)]


def strip_metadata_args(ffmpeg_bin: str, source: Path, target: Path, container: str) -> list[str]:
    """Stream-copy every stream into `container` without container, stream or chapter
    metadata (a static video's GPS and device tags)."""
    return [ffmpeg_bin, "-hide_banner", "-loglevel", "error", "-y", *_local_input(source),
            "-map", "0", "-c", "copy", "-map_metadata", "-1", "-map_metadata:s:v", "-1",
            "-map_metadata:s:a", "-1", "-map_chapters", "-1", "-fflags", "+bitexact",
            "-f", container, str(target)]
