"""Small generated source clips for the video tests (real ffmpeg, via ffmpeg-python)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import ffmpeg

from kasdikdas.media import commands
from kasdikdas.media.ffmpeg_bin import find_ffmpeg

FFMPEG = find_ffmpeg()
GPS = "+37.7749-122.4194/"


def two_colour(width: int, height: int, seconds: float, rate: int = 30):
    """Left half red, right half blue (so orientation can be checked), plus motion."""
    half = width // 4 * 2
    left = ffmpeg.input(f"color=c=red:size={half}x{height}:rate={rate}", f="lavfi", t=seconds)
    right = ffmpeg.input(f"testsrc2=size={width - half}x{height}:rate={rate}", f="lavfi", t=seconds)
    right = right.filter("lutrgb", r=0, g=0, b=255)
    return ffmpeg.filter([left, right], "hstack")


def tone(seconds: float, layout: str = "stereo", rate: int = 44100):
    return ffmpeg.input(f"sine=frequency=440:sample_rate={rate}", f="lavfi", t=seconds).filter(
        "aformat", channel_layouts=layout)


def make(target: Path, video, audio=None, **options) -> Path:
    streams = [video] + ([audio] if audio is not None else [])
    commands.run(ffmpeg.output(*streams, str(target), **options).overwrite_output()
                 .global_args(*commands.QUIET).compile(cmd=FFMPEG))
    return target


def set_rotation(source: Path, target: Path, degrees: int) -> Path:
    """Stream-copy with a display matrix, as a phone writes a portrait clip, plus GPS."""
    commands.run(ffmpeg.input(str(source), display_rotation=degrees)
                 .output(str(target), c="copy", **{"metadata": f"location={GPS}",
                                                     "metadata:s:v": f"location={GPS}"})
                 .overwrite_output().global_args(*commands.QUIET).compile(cmd=FFMPEG))
    return target


def describe(path: Path) -> str:
    return commands.run(commands.probe_args(FFMPEG, path), check=False).stderr


def metadata_keys(description: str) -> set[str]:
    from kasdikdas.media.probe import input_block

    keys = set()
    inside = False
    for line in input_block(description):
        if line.strip() == "Metadata:":
            inside = True
            continue
        match = re.match(r"^\s+([^:]+?)\s*:", line)
        if inside and match and not line.lstrip().startswith(("Stream", "Duration", "Side data")):
            keys.add(match.group(1).strip())
        else:
            inside = False
    return keys


def top_level_boxes(path: Path) -> list[str]:
    """The MP4 top-level box types in file order (moov before mdat = faststart)."""
    boxes = []
    with path.open("rb") as handle:
        while header := handle.read(8):
            if len(header) < 8:
                break
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", handle.read(8))[0]
                handle.seek(size - 16, 1)
            elif size == 0:
                boxes.append(kind.decode("latin-1"))
                break
            else:
                handle.seek(size - 8, 1)
            boxes.append(kind.decode("latin-1"))
    return boxes


def keyframe_times(path: Path) -> list[float]:
    args = (ffmpeg.input(str(path), skip_frame="nokey").video.filter("showinfo")
            .output("-", f="null").global_args(*commands.QUIET).compile(cmd=FFMPEG))
    stderr = commands.run(args).stderr
    return [float(t) for t in re.findall(r"pts_time:([\d.]+)", stderr)]
