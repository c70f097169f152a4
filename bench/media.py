"""Video figures, measured through the site's own video plugin (plugins/video).

The benchmark does not encode anything itself: it builds a site whose showcases link
the clips, with `VIDEO_FFMPEG` pointing at a tiny logging wrapper around the real
ffmpeg. The wrapper's log says how often ffmpeg encoded (so a cached rebuild can be
shown to encode zero times) and how long each encode took (encode speed as a multiple
of real time). VMAF of the hemat tier is then computed with the same ffmpeg's libvmaf
filter against the source scaled to the rendition's size.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.media.ffmpeg_bin import find_ffmpeg
from kasdikdas.media.search import vmaf_score

ENCODER_MARKS = ("libx264", "libsvtav1")  # an ffmpeg run that writes H.264 or AV1 encodes


WRAPPER = """#!{python}
# ffmpeg as the video plugin sees it, logging each run for the benchmark.
import os, signal, subprocess, sys, time
start = time.time()
child = subprocess.Popen([{real!r}] + sys.argv[1:])
signal.signal(signal.SIGTERM, lambda *_: child.terminate())
signal.signal(signal.SIGINT, lambda *_: child.send_signal(signal.SIGINT))
while True:
    try:
        _, status, usage = os.wait4(child.pid, 0)
        break
    except InterruptedError:
        continue
code = os.waitstatus_to_exitcode(status)
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(f"{{start}} {{time.time()}} {{code}} {{usage.ru_utime + usage.ru_stime}} {{' '.join(sys.argv[1:])}}\\n")
sys.exit(code if code >= 0 else 1)
"""


def write_wrapper(folder: Path, real: str | None = None) -> tuple[Path, Path]:
    """An `ffmpeg` that runs the real one and logs `start end exit-code cpu-seconds args`."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper, log = folder / "ffmpeg", folder / "ffmpeg-runs.log"
    wrapper.write_text(
        WRAPPER.format(python=sys.executable, real=real or find_ffmpeg(), log=str(log)),
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper, log


@dataclass
class FfmpegRun:
    seconds: float  # wall
    cpu_seconds: float  # user + system of ffmpeg (all its threads)
    code: int
    args: str

    @property
    def is_encode(self) -> bool:
        return any(mark in self.args for mark in ENCODER_MARKS)


def read_runs(log: Path) -> list[FfmpegRun]:
    runs = []
    if not log.exists():
        return runs
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        start, end, code, cpu, args = (line.split(" ", 4) + [""])[:5]
        runs.append(FfmpegRun(float(end) - float(start), float(cpu), int(code), args))
    return runs


def encodes(log: Path) -> list[FfmpegRun]:
    return [r for r in read_runs(log) if r.is_encode]


def encode_seconds_by_clip(
    runs: list[FfmpegRun], clip_names: list[str]
) -> dict[str, tuple[float, float]]:
    """Total encode (wall, CPU) seconds per source clip (all tiers), by the clip's file name."""
    totals = {name: (0.0, 0.0) for name in clip_names}
    for run in runs:
        for name in clip_names:
            if name in run.args:
                wall, cpu = totals[name]
                totals[name] = (wall + run.seconds, cpu + run.cpu_seconds)
                break
    return totals


# The player partial lists each tier as a link: `<a class="putar" href="….mp4"
# data-tier="hemat" …>Hemat data · 240p · 1,0 MB</a>` (data-tier since the theme merge).
TIER_LINK = re.compile(r'<a\b([^>]*)\shref="([^"]+\.mp4)"([^>]*)>\s*([^<·]+?)\s*·\s*([^<·]+?)\s*·')
DATA_TIER = re.compile(r'data-tier="([^"]+)"')
AV1_HREF = re.compile(r'data-av1-href="([^"]+\.mp4)"')


def tier_slugs() -> dict[str, str]:
    """Tier label → slug, from the video plugin's settings ("Hemat data" → "hemat")."""
    try:
        from kasdikdas.media.settings import DEFAULTS
    except ImportError:
        return {}
    return {tier.label: tier.slug for tier in DEFAULTS.get("VIDEO_TIERS", ())}


def page_renditions(output: Path, page: Path, codec: str = "h264") -> dict[str, dict]:
    """The renditions a showcase page offers, by tier slug: file, quality and bytes. The
    tier links point at H.264; `codec="av1"` reads their AV1 twins (data-av1-href)."""
    slugs = tier_slugs()
    found = {}
    for before, href, after, label, quality in TIER_LINK.findall(page.read_text(encoding="utf-8")):
        if codec == "av1":
            av1 = AV1_HREF.search(before + after)
            if not av1:
                continue
            href = av1.group(1)
        tier = DATA_TIER.search(before + after)
        slug = tier.group(1) if tier else slugs.get(label, label.lower())
        target = output / href.lstrip("/") if href.startswith("/") else (page.parent / href)
        target = target.resolve()
        if target.is_file():
            found.setdefault(
                slug, {"path": target, "quality": quality, "bytes": target.stat().st_size}
            )
    return found


def probe_size(ffmpeg_bin: str, path: Path) -> tuple[int, int] | None:
    """Width and height of the first video stream, read from ffmpeg's stream line."""
    result = subprocess.run(
        [ffmpeg_bin, "-hide_banner", "-i", str(path)], capture_output=True, text=True, check=False
    )
    match = re.search(r"Video: .*?, (\d{2,5})x(\d{2,5})", result.stderr)
    return (int(match.group(1)), int(match.group(2))) if match else None


def vmaf(ffmpeg_bin: str, distorted: Path, reference: Path, width: int, height: int,
         workdir: Path, subsample: int = 1) -> float:
    """Mean VMAF: the pipeline's own scorer (media/search.py, what the per-clip quality
    search targets), always with the imageio-ffmpeg wheel's ffmpeg (it has libvmaf)."""
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    return vmaf_score(ffmpeg, distorted, reference, width, height, workdir, threads=2,
                      subsample=subsample, by_frame=same_rate(ffmpeg, distorted, reference))


def same_rate(ffmpeg_bin: str, distorted: Path, reference: Path) -> bool:
    """Do the rendition and its source have the same frames (the same rate as ffmpeg
    reads them)? Then VMAF pairs them by number, not by time (commands.vmaf_args);
    a rendition at half its source's rate is paired by time."""
    from kasdikdas.media.probe import probe

    return abs(probe(ffmpeg_bin, distorted).fps - probe(ffmpeg_bin, reference).fps) < 0.01


def hemat_vmaf(
    ffmpeg_bin: str, distorted: Path, reference: Path, workdir: Path
) -> tuple[float | None, str]:
    """VMAF of a rendition against its source, with the one scorer (`vmaf` above)."""
    size = probe_size(ffmpeg_bin, distorted)
    if size is None:
        return None, "bench.media.vmaf"
    workdir.mkdir(parents=True, exist_ok=True)
    return vmaf(ffmpeg_bin, distorted, reference, size[0], size[1], workdir), "bench.media.vmaf"
