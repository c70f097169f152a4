"""The per-clip quality search: the cheapest CRF that reaches a tier's VMAF target,
in the style of ab-av1's `crf-search`, on a short sample of the clip.

The sample is a few windows of the clip (three 2 s windows spread over it; a short
clip is its own sample), cut from the rendition-sized mezzanine (see encode.py), so
every step encodes a few seconds of small pictures. A step encodes the sample exactly
as the final rendition will be encoded (same encoder, preset, keyframes and bitrate
cap; only the CRF varies), then scores it with libvmaf against the sample itself
(every 3rd frame). Two steps bracket the target, a third is interpolated between
them, and a fourth between the best passing step and the failing one above it when they
are far apart; the highest CRF whose score reaches the target wins. When no step reaches it
(a hard clip under a small cap) the best-scoring step wins: the cap then decides the
bytes, and the byte budget stays a guarantee while the VMAF target is best effort.
The result is stored next to the rendition in the cache (enc/<key>.json), so a
rebuild neither encodes nor searches again.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from . import commands

SEARCH_VERSION = 3  # part of every rendition's cache key: bump when the search changes
# (3: frames scored by number, commands.vmaf_args: the search saw 82 for a lossless 30 fps copy)
CRF_RANGE = {"av1": (18, 63), "h264": (14, 44)}
CRF_STEP = {"av1": 6, "h264": 4}
WINDOWS, WINDOW_SECONDS = 3, 2.0
AIM_ABOVE = 0.5  # the interpolated step aims this far above the target (sample ≠ clip)


def sample_windows(duration: float) -> list[tuple[float, float]]:
    """(start, seconds) windows spread over the clip; the whole clip when it is short."""
    if duration <= WINDOWS * WINDOW_SECONDS * 2:
        return [(0.0, duration)]
    gap = duration / WINDOWS
    return [(round(gap * i + (gap - WINDOW_SECONDS) / 2, 3), WINDOW_SECONDS) for i in range(WINDOWS)]


def sample_seconds(duration: float) -> float:
    return sum(length for _, length in sample_windows(duration))


def vmaf_score(ffmpeg_bin: str, distorted: Path, reference: Path, width: int, height: int,
               work: Path, threads: int = 1, subsample: int = 3,
               timeout: float | None = None, progress=None, by_frame: bool = True) -> float:
    log = work / f"vmaf-{distorted.stem}.json"
    commands.run(commands.vmaf_args(ffmpeg_bin, distorted, reference, width, height, log,
                                    threads=threads, subsample=subsample, by_frame=by_frame),
                 timeout=timeout, progress=progress)
    return round(json.loads(log.read_text())["pooled_metrics"]["vmaf"]["mean"], 2)


def refine(tried: dict[int, tuple[float, float]], target: float, measure) -> None:
    """One more step when the best passing CRF and the next failing one above it are far
    apart (VMAF is not linear in CRF): interpolate between those two."""
    passing = [crf for crf, (score, _) in tried.items() if score >= target]
    if not passing:
        return
    best = max(passing)
    above = [crf for crf in tried if crf > best]
    if not above or min(above) - best <= 2:
        return
    fail = min(above)
    (v_pass, _), (v_fail, _) = tried[best], tried[fail]
    guess = best + (v_pass - target - AIM_ABOVE) * (fail - best) / max(v_pass - v_fail, 0.1)
    measure(min(fail - 1, max(best + 1, guess)))


def search_crf(ffmpeg_bin: str, sample: Path, seconds: float, spec: commands.EncodeSpec,
               work: Path, threads: int = 1, timeout: float | None = None,
               steps=None) -> dict:
    """{"crf", "vmaf", "kbps" (of the sample's picture), "steps": [[crf, vmaf, kbps], ...]}.
    `timeout` bounds each ffmpeg call; `steps` (progress.Progress.steps) reports them."""
    steps = steps or (lambda kind: None)
    low, high = CRF_RANGE[spec.codec]
    step = CRF_STEP[spec.codec]
    tried: dict[int, tuple[float, float]] = {}

    def measure(crf: float) -> tuple[float, float]:
        crf = int(min(high, max(low, round(crf))))
        if crf not in tried:
            target = work / f"step-{spec.codec}-{spec.width}x{spec.height}-{crf}.mp4"
            commands.run(commands.probe_encode_args(ffmpeg_bin, sample, target,
                                                    dataclasses.replace(spec, crf=crf), threads),
                         timeout=timeout, progress=steps("encode"))
            kbps = target.stat().st_size * 8 / 1000 / max(seconds, 0.1)
            score = vmaf_score(ffmpeg_bin, target, sample, spec.width, spec.height, work, threads,
                               timeout=timeout, progress=steps("vmaf"))
            target.unlink()
            tried[crf] = (score, round(kbps, 1))
        return tried[crf]

    first = int(min(high, max(low, spec.crf)))
    v0, _ = measure(first)
    second = first + step if v0 >= spec.vmaf else first - step
    v1, _ = measure(second)
    if (v1 - v0) * (second - first) < -0.3:  # quality falls as CRF rises: not cap-bound
        aim = spec.vmaf + AIM_ABOVE
        guess = first + (aim - v0) * (second - first) / (v1 - v0)
        span = (min(first, second) - 2 * step, max(first, second) + 2 * step)
        measure(min(span[1], max(span[0], guess)))
    refine(tried, spec.vmaf, measure)
    passing = [crf for crf, (score, _) in tried.items() if score >= spec.vmaf]
    # None passes: the best score (the cap decides the bytes), the cheaper CRF on a tie.
    chosen = max(passing) if passing else max(tried, key=lambda crf: (tried[crf][0], crf))
    score, kbps = tried[chosen]
    return {"crf": chosen, "vmaf": score, "kbps": kbps,
            "steps": [[crf, *tried[crf]] for crf in sorted(tried)]}
