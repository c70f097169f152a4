"""Probe a video with ffmpeg alone: duration, size, rotation, frame rate, codecs, audio.

Choice: we parse the input description that `ffmpeg -i` prints (see
commands.probe_args), never ffprobe. The imageio-ffmpeg wheel — what `pip install`
gives on a clean machine — ships no ffprobe, and one code path for every machine is
easier to trust than two. The parser reads only the `Input #0` block, takes the first
real video stream (not cover art), honours the display matrix (and the older `rotate`
tag) and non-square pixels, and falls back to measuring the duration by stream copy
when the container states none. The format is stable across ffmpeg 4–9; tests probe
real files of every kind we accept.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from . import commands
from .formats import SOURCE_DEMUXERS


PROBE_VERSION = 4  # part of the probe cache key: bump when parsing changes


class ProbeError(Exception):
    """`kind` is one of: not_video, unreadable, no_video_stream, container (a demuxer
    that is not a video container's), too_slow (ffmpeg hit its time limit: never
    remembered, the machine may have been busy)."""

    def __init__(self, kind: str, detail: str = ""):
        self.kind, self.detail = kind, detail
        super().__init__(f"{kind}: {detail}")


@dataclass(frozen=True)
class Probe:
    duration: float  # seconds
    width: int  # as displayed: after rotation and pixel aspect
    height: int
    rotation: int  # clockwise degrees the player must turn the coded picture: 0/90/180/270
    fps: float
    video_codec: str
    container: str
    audio_codec: str | None
    audio_channels: int
    audio_rate: int
    coded_width: int
    coded_height: int
    transfer: str = ""  # colour transfer: "" / bt709 / arib-std-b67 (HLG) / smpte2084 (PQ)

    @property
    def hdr(self) -> bool:
        """HDR as iPhones and newer Androids record it: needs tone mapping to look right."""
        return self.transfer in ("arib-std-b67", "smpte2084")

    @property
    def demuxer(self) -> str:
        """The ffmpeg demuxer that read it ("mov,mp4,m4a,..." -> "mov"): what encoding forces."""
        return self.container.split(",")[0]

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Probe:
        return cls(**data)


IMAGE_FORMATS = re.compile(r"(_pipe|^image2|^gif$|^apng$|^tty$|^mpjpeg$)")
IMAGE_CODECS = {"png", "mjpeg", "jpegls", "webp", "gif", "bmp", "tiff", "apng", "jpeg2000", "ansi"}
CHANNELS = {"mono": 1, "stereo": 2, "2.1": 3, "3.0": 3, "3.0(back)": 3, "quad": 4, "quad(side)": 4,
            "4.0": 4, "5.0": 5, "5.0(side)": 5, "4.1": 5, "5.1": 6, "5.1(side)": 6, "6.0": 6,
            "6.1": 7, "7.0": 7, "7.1": 8, "7.1(wide)": 8, "downmix": 2}

_STREAM = re.compile(r"^\s*Stream #0:\d+\S*?:\s*(Video|Audio|Subtitle|Data|Attachment):\s*(.*)$")
_DURATION = re.compile(r"^\s*Duration:\s*(?:(\d+):(\d+):(\d+(?:\.\d+)?)|N/A)")
_INPUT = re.compile(r"^Input #0, ([^,]+(?:,[^ ,]+)*), from ")
_SIZE = re.compile(r", (\d{1,5})x(\d{1,5})(?=[ ,\[]|$)")
_SAR = re.compile(r"SAR (\d+):(\d+)")
_FPS = re.compile(r"(\d+(?:\.\d+)?)(k?) fps")
_TBR = re.compile(r"(\d+(?:\.\d+)?)(k?) tbr")
_MATRIX = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.I)
_ROTATE_TAG = re.compile(r"^\s*rotate\s*:\s*(-?\d+)")
_HZ = re.compile(r"(\d+) Hz, ([^,]+)")
_COLOUR = re.compile(r"\((?:tv|pc), ([\w-]+)/([\w-]+)/([\w-]+)")
_TIME = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")


def input_block(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Input #0")), None)
    if start is None:
        return []
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):  # "Stream mapping:", "Output #0", log lines
            break
        block.append(line)
    return block


def parse(stderr: str) -> Probe:
    """Turn ffmpeg's description of input #0 into a Probe; raise ProbeError if unusable."""
    block = input_block(stderr)
    if not block:
        kind = "not_video" if "Invalid data found" in stderr and "moov atom" not in stderr else "unreadable"
        return _raise(kind, stderr)
    container = found.group(1) if (found := _INPUT.match(block[0])) else ""
    if container.split(",")[0] not in SOURCE_DEMUXERS:  # a playlist, a list, a picture...
        return _raise("container", container)
    duration, video, audio, rotation = _streams(block[1:])
    if video is None:
        return _raise("no_video_stream", "")
    codec = video.split()[0].rstrip(",")
    if IMAGE_FORMATS.search(container) or (codec in IMAGE_CODECS and duration is None):
        return _raise("not_video", f"{container} {codec}")
    size = _SIZE.search(video)
    if not size:
        return _raise("unreadable", video)
    coded_w, coded_h = int(size.group(1)), int(size.group(2))
    width, height = coded_w, coded_h
    if (sar := _SAR.search(video)) and int(sar.group(2)) and int(sar.group(1)):
        num, den = int(sar.group(1)), int(sar.group(2))
        width = round(coded_w * num / den)
    if rotation in (90, 270):
        width, height = height, width
    audio_codec, channels, rate = _audio(audio)
    return Probe(duration=duration or 0.0, width=width, height=height, rotation=rotation,
                 fps=_rate(video), video_codec=codec, container=container,
                 audio_codec=audio_codec, audio_channels=channels, audio_rate=rate,
                 coded_width=coded_w, coded_height=coded_h,
                 transfer=colour.group(3) if (colour := _COLOUR.search(video)) else "")


def _streams(lines: list[str]) -> tuple[float | None, str | None, str | None, int]:
    """Duration, the first video stream's line (no cover picture), the first audio
    stream's line and the video's rotation (a multiple of 90) from input #0's lines."""
    duration = None
    video = audio = None
    rotation_matrix = rotation_tag = None
    current = None
    for line in lines:
        if m := _DURATION.match(line):
            if m.group(1) is not None:
                duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
            continue
        if m := _STREAM.match(line):
            kind, rest = m.groups()
            current = None
            if kind == "Video" and video is None and "(attached pic)" not in rest:
                video = current = rest
            elif kind == "Audio" and audio is None:
                audio = rest
            continue
        if current is not None:
            if (m := _MATRIX.search(line)) and rotation_matrix is None:
                rotation_matrix = float(m.group(1))
            elif (m := _ROTATE_TAG.match(line)) and rotation_tag is None:
                rotation_tag = int(m.group(1))
    if rotation_matrix is not None:
        rotation = round(-rotation_matrix) % 360
    else:
        rotation = (rotation_tag or 0) % 360
    return duration, video, audio, (round(rotation / 90) * 90) % 360


def _audio(audio: str | None) -> tuple[str | None, int, int]:
    """(codec, channels, sample rate) of an audio stream's line; (None, 0, 0) without one."""
    if audio is None:
        return None, 0, 0
    codec, channels, rate = audio.split()[0].rstrip(","), 0, 0
    if m := _HZ.search(audio):
        rate = int(m.group(1))
        layout = m.group(2).strip()
        channels = CHANNELS.get(layout) or _channels_from_text(layout)
    return codec, channels, rate


def _channels_from_text(layout: str) -> int:
    m = re.match(r"(\d+) channels", layout)
    return int(m.group(1)) if m else 2


def _rate(video: str) -> float:
    """The nominal frame rate. A variable-rate clip reports its average as `fps` and the
    rate its timestamps are based on as `tbr`; the latter is the one to keep."""
    rates = []
    for pattern in (_FPS, _TBR):
        m = pattern.search(video)
        value = float(m.group(1)) * (1000 if m.group(2) else 1) if m else 0.0
        rates.append(round(value, 3) if 0 < value <= 240 else 0.0)
    fps, tbr = rates
    if tbr and (not fps or abs(fps - tbr) > 0.5):
        return tbr
    return fps


def _raise(kind: str, detail: str):
    raise ProbeError(kind, detail.strip()[-500:])


MP4_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def looks_like_video(source: Path) -> bool:
    """Does the file start like a video container (so a failure means it is damaged)?"""
    with source.open("rb") as handle:
        head = handle.read(16)
    return (head[4:8] in MP4_BOXES or head.startswith(b"\x1a\x45\xdf\xa3")  # mp4/mov/3gp, mkv/webm
            or (head.startswith(b"RIFF") and head[8:12] == b"AVI ") or head.startswith(b"FLV")
            or head[:1] == b"\x47" or head.startswith(b"\x00\x00\x01\xba"))  # ts, mpeg-ps


def probe(ffmpeg_bin: str, source: Path, timeout: float = 120) -> Probe:
    """Probe `source`; ProbeError when it is not a usable video. `timeout` bounds each of
    the (at most two) ffmpeg calls: ProbeError "too_slow" when one hits it."""
    try:
        return _probe(ffmpeg_bin, source, timeout)
    except subprocess.TimeoutExpired:
        raise ProbeError("too_slow", f"{timeout:g}") from None


def _probe(ffmpeg_bin: str, source: Path, timeout: float) -> Probe:
    result = commands.run(commands.probe_args(ffmpeg_bin, source), timeout=timeout, check=False)
    try:
        found = parse(result.stderr)
    except ProbeError as exc:
        if exc.kind in ("not_video", "unreadable") and not input_block(result.stderr):
            exc.kind = "unreadable" if looks_like_video(source) else "not_video"
        raise
    if found.duration <= 0:
        measured = commands.run(commands.measure_duration_args(ffmpeg_bin, source, found.demuxer),
                                timeout=timeout, check=False)
        times = _TIME.findall(measured.stderr)
        if not times:
            _raise("unreadable", measured.stderr)
        h, m, s = times[-1]
        found = Probe(**{**found.to_json(), "duration": int(h) * 3600 + int(m) * 60 + float(s)})
    return found
