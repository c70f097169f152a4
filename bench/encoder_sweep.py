"""The measurement behind the hemat tier's encoder settings (encode.py's docstring, docs/
benchmark.md): on real footage (bench/footage.py), each candidate setting runs the
pipeline's own quality search (media/search.py) over the whole short clip, so the CRF it
picks, the VMAF and the picture's kbps are what that setting would ship.

    nice -n 19 python -m bench.encoder_sweep jalan-malam kotak-di-meja

Every row: codec, preset, keyframe interval, tune, the CRF found, VMAF (libvmaf against
the clip scaled to 240p, every 3rd frame, as the search scores), video kbps, bytes per
60 s with the tier's audio at its nominal rate, and the CPU seconds of the search.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
import tempfile
from pathlib import Path

from bench.footage import BY_NAME, clip
from kasdikdas.media import commands
from kasdikdas.media.encode import plan_renditions
from kasdikdas.media.ffmpeg_bin import find_ffmpeg
from kasdikdas.media.probe import probe
from kasdikdas.media.search import search_crf
from kasdikdas.state import with_defaults

# (codec, changes to the hemat EncodeSpec): today's settings first in each codec.
VARIANTS = (
    ("av1", {"preset": "8", "keyframe_seconds": 1, "tune": ""}),
    ("av1", {"preset": "8", "keyframe_seconds": 10, "tune": ""}),
    ("av1", {"preset": "6", "keyframe_seconds": 10, "tune": ""}),
    ("av1", {"preset": "6", "keyframe_seconds": 10, "tune": "0"}),
    ("av1", {"preset": "5", "keyframe_seconds": 10, "tune": ""}),
    ("h264", {"preset": "slow", "keyframe_seconds": 1, "tune": ""}),
    ("h264", {"preset": "slow", "keyframe_seconds": 10, "tune": ""}),
    ("h264", {"preset": "slower", "keyframe_seconds": 10, "tune": ""}),
    ("h264", {"preset": "slow", "keyframe_seconds": 10, "tune": "ssim"}),
)

# The audio's share of the hemat cap, on a hard clip: each kbps the sound takes, the
# picture loses (the cap is video + audio). Chosen AV1 / H.264 settings, audio varied.
AUDIO_VARIANTS = tuple(
    (codec, {"preset": preset, "keyframe_seconds": 10, "tune": tune,
             "audio_kbps": audio, "video_kbps": total - audio})
    for codec, preset, tune, total, rates in (("av1", "6", "", 76, (12, 16, 24)),
                                              ("h264", "slow", "", 120, (24, 32, 48)))
    for audio in rates)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def hemat_specs(source: Path, settings: dict | None = None) -> tuple[dict, float, float]:
    """The hemat tier's EncodeSpec per codec for `source`, its duration and audio kbps."""
    settings = with_defaults(dict(settings or {}))
    found = probe(find_ffmpeg(), source)
    plans = [p for p in plan_renditions(found, "sweep", settings) if p.tier.slug == "hemat"]
    return {p.codec: p.spec for p in plans}, found.duration, found.has_audio


def sweep(name: str, variants=VARIANTS, seconds: float | None = None) -> list[dict]:
    source = clip(name, seconds)
    ffmpeg_bin = find_ffmpeg()
    specs, duration, _ = hemat_specs(source)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sweep-") as scratch:
        work = Path(scratch)
        any_spec = next(iter(specs.values()))
        mezz = work / "mezz.nut"
        commands.run(commands.mezzanine_args(ffmpeg_bin, source, [
            (mezz, any_spec.width, any_spec.height, any_spec.fps)], False))
        for codec, change in variants:
            spec = dataclasses.replace(specs[codec], **change)
            before = _children_cpu()
            found = search_crf(ffmpeg_bin, mezz, duration, spec, work)
            cpu = _children_cpu() - before
            total_kbps = found["kbps"] + spec.audio_kbps
            rows.append({"clip": name, "codec": codec, **change, "cap_kbps": spec.video_kbps,
                         "audio_kbps": spec.audio_kbps, "size": f"{spec.width}x{spec.height}",
                         "crf": found["crf"], "vmaf": found["vmaf"], "video_kbps": found["kbps"],
                         "bytes_per_60s": round(total_kbps * 1000 / 8 * 60),
                         "search_cpu_s": round(cpu, 1), "steps": found["steps"]})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["clip | codec | preset | keyframe | tune | CRF | VMAF | video kbps | byte/60 s | CPU s (search)",
             "--- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---:"]
    for r in rows:
        lines.append(f"{r['clip']} ({r['size']}) | {r['codec']} | {r['preset']} | "
                     f"{r['keyframe_seconds']} s | {r['tune'] or '—'} | {r['crf']} | {r['vmaf']} | "
                     f"{r['video_kbps']} | {r['bytes_per_60s']:,} | {r['search_cpu_s']}")
    return "\n".join(lines)


if __name__ == "__main__":
    names = [a for a in sys.argv[1:] if a in BY_NAME] or ["jalan-malam", "kotak-di-meja"]
    variants = AUDIO_VARIANTS if "--audio" in sys.argv else VARIANTS
    rows = [row for name in names for row in sweep(name, variants, seconds=10)]
    print(table(rows))
    print(json.dumps(rows))
