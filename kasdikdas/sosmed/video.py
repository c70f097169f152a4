"""The kit's vertical video (720×1280 H.264 High + AAC-LC, ≤ 60 s, ≤ 30 fps, faststart,
no metadata, ≤ 15 MB) and its cover (1080×1920 JPEG), through the pinned ffmpeg.

The picture: the clip whole in the middle over a blurred, darkened copy of itself that
fills the frame; the text layers (layout.py) are PNGs overlaid, each caption cue only
while it is spoken."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from ..media import commands
from ..media.poster import choose_frame, fit, frames_from_raw
from .layout import COVER_SCALE, HEIGHT, WIDTH, Layout, draw_bands, draw_caption, layout_for

MAX_SECONDS = 60.0
MAX_FPS = 30
MAX_BYTES = 15_000_000
VIDEO_MAXRATE_K, AUDIO_K = 1600, 128  # (1600 + 128) kb/s × 60 s ≈ 13 MB with the container
COVER_QUALITY = 85


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file (times and text; settings and tags dropped)."""
    cues = []
    stamp = r"(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})"
    for block in re.split(r"\r?\n\r?\n", text.replace("\ufeff", "")):
        lines = block.strip().splitlines()
        for i, line in enumerate(lines):
            found = re.match(rf"\s*{stamp}\s*-->\s*{stamp}", line)
            if found:
                h1, m1, s1, f1, h2, m2, s2, f2 = found.groups()
                start = int(h1 or 0) * 3600 + int(m1) * 60 + int(s1) + int(f1) / 1000
                end = int(h2 or 0) * 3600 + int(m2) * 60 + int(s2) + int(f2) / 1000
                words = re.sub(r"<[^>]+>", "", " ".join(lines[i + 1:])).strip()
                if words and end > start:
                    cues.append(Cue(start, end, words))
                break
    return cues


def filter_graph(layout: Layout, fps: float, cues: list[Cue]) -> str:
    """Inputs: 0 the clip, 1 the bands layer, 2… one layer per cue."""
    p = layout.picture
    rate = f"fps={MAX_FPS}," if fps > MAX_FPS + 0.01 else ""
    graph = [
        f"[0:v]{rate}split=2[b][f]",
        # the backdrop: reduced before blurring (cheap), then filling the frame
        (f"[b]scale={WIDTH // 8}:{HEIGHT // 8}:force_original_aspect_ratio=increase,"
         f"crop={WIDTH // 8}:{HEIGHT // 8},gblur=sigma=6,eq=brightness=-0.22:saturation=0.8,"
         f"scale={WIDTH}:{HEIGHT},setsar=1[bg]"),
        f"[f]scale={p.width}:{p.height},setsar=1[fg]",
        f"[bg][fg]overlay={p.left}:{p.top}[v0]",
        "[v0][1:v]overlay=0:0[v1]",
    ]
    box = layout.captions
    for i, cue in enumerate(cues):
        graph.append(f"[v{i + 1}][{i + 2}:v]overlay={box.left}:{box.top}:"
                     f"enable='between(t,{cue.start:.3f},{cue.end:.3f})'[v{i + 2}]")
    graph.append(f"[v{len(cues) + 1}]format=yuv420p[out]")
    return ";".join(graph)


def encode_args(ffmpeg: str, source: Path, probe, layers: list[Path], graph: str,
                target: Path) -> list[str]:
    seconds = min(MAX_SECONDS, probe.duration)
    args = [ffmpeg, "-hide_banner", "-nostdin", "-y",  # (-progress: commands.run)
            "-t", f"{seconds:.3f}", *safe_input(source, probe)]
    for layer in layers:  # our own PNGs
        args += ["-protocol_whitelist", "file", "-f", "png_pipe", "-i", "file:" + str(layer)]
    audio = "0:a:0"
    if not probe.audio_codec:  # platforms want a sound track: silence
        args += ["-f", "lavfi", "-t", f"{seconds:.3f}", "-i", "anullsrc=r=48000:cl=stereo"]
        audio = f"{len(layers) + 1}:a:0"
    return args + [
        "-filter_complex", graph, "-map", "[out]", "-map", audio,
        "-c:v", "libx264", "-profile:v", "high", "-preset", "medium", "-crf", "23",
        "-maxrate", f"{VIDEO_MAXRATE_K}k", "-bufsize", f"{2 * VIDEO_MAXRATE_K}k",
        "-g", "60", "-c:a", "aac", "-profile:a", "aac_low", "-b:a", f"{AUDIO_K}k",
        "-ar", "48000", "-ac", "2", "-t", f"{seconds:.3f}",
        # no tags, as the renditions (media/commands.py): nothing of the source or encoder
        "-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1",
        "-map_chapters", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
        "-flags:a", "+bitexact", "-metadata:s:v:0", "encoder=", "-metadata:s:a:0", "encoder=",
        "-movflags", "+faststart", "-f", "mp4", str(target)]


def run_with_progress(args: list[str], seconds: float, advance, time_limit: float) -> None:
    """Run ffmpeg, calling advance(seconds done since the last call) as it encodes;
    stopped after `time_limit` seconds (media.settings.ffmpeg_time_limit). As every
    encode (media/commands.py run): ffmpeg is killed on the time limit and on any
    interruption, never left running."""
    done = 0.0

    def reached(now: float) -> None:
        nonlocal done
        now = min(seconds, now)
        advance(max(0.0, now - done))
        done = max(done, now)

    try:
        commands.run(args, timeout=time_limit, progress=reached)
    except (commands.FfmpegFailed, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"ffmpeg gagal membuat video vertikal (batas waktu "
                           f"{time_limit:g} detik):\n{str(exc)[-1500:]}") from exc
    advance(max(0.0, seconds - done))


def make_video(ffmpeg: str, source: Path, probe, texts: tuple[str, str, str],
               cues: list[Cue], target: Path, advance, time_limit: float) -> None:
    """Encode the vertical video to `target` (the caller renames it into the cache)."""
    layout = layout_for(probe.width, probe.height)
    with tempfile.TemporaryDirectory(prefix="sosmed-") as folder:
        work = Path(folder)
        layers = [work / "pita.png"]
        draw_bands(layout, *texts).save(layers[0])
        for i, cue in enumerate(cues):
            layers.append(work / f"teks-{i:03d}.png")
            draw_caption(cue.text, layout).save(layers[-1])
        graph = filter_graph(layout, probe.fps, cues)
        run_with_progress(encode_args(ffmpeg, source, probe, layers, graph, target),
                          min(MAX_SECONDS, probe.duration), advance, time_limit)
    if target.stat().st_size > MAX_BYTES:
        raise RuntimeError(f"video vertikal {target.stat().st_size} byte, lebih dari {MAX_BYTES}")


def safe_input(source: Path, probe) -> list[str]:
    """The source read as the renditions read it (media/commands.py source_input): the
    file protocol only, by the demuxer that probed it."""
    return ["-protocol_whitelist", "file", "-f", probe.demuxer,
            "-i", "file:" + os.path.abspath(source)]


def cover_frame(ffmpeg: str, source: Path, probe, time_limit: float) -> Image.Image:
    """The clip's most representative frame (media/poster.py), at most 1080 px across."""
    width, height = fit(probe.width, probe.height, 1080)
    every = max(0.5, min(MAX_SECONDS, probe.duration) / 12)
    args = [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-t", f"{MAX_SECONDS:g}",
            *safe_input(source, probe), "-map", "0:v:0",
            "-vf", f"fps=1/{every:.3f},scale={width}:{height}:flags=lanczos",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    found = commands.run(args, stdout=True, timeout=time_limit)
    return choose_frame(frames_from_raw(found.stdout, width, height))


def make_cover(frame: Image.Image, texts: tuple[str, str, str], target: Path) -> None:
    """1080×1920 JPEG: the same drawing as the video at 1.5×, from one frame."""
    layout = layout_for(frame.width, frame.height, COVER_SCALE)
    frame = frame.convert("RGB")
    backdrop = ImageOps.fit(frame, layout.size, Image.Resampling.BILINEAR)
    backdrop = ImageEnhance.Brightness(backdrop.filter(ImageFilter.GaussianBlur(40))).enhance(0.6)
    p = layout.picture
    backdrop.paste(frame.resize((p.width, p.height), Image.Resampling.LANCZOS), (p.left, p.top))
    layer = draw_bands(layout, *texts)
    backdrop.paste(layer, (0, 0), layer)
    clean = Image.frombytes("RGB", backdrop.size, backdrop.tobytes())  # no metadata
    clean.save(target, "JPEG", quality=COVER_QUALITY, optimize=True)
