"""How far the clip encodes are, for whoever waits: a job (in its worker) adds up the
seconds of clip its ffmpeg runs have processed in a small JSON file; the build's process
polls those files and draws a bar on a terminal, or logs a line per clip every few seconds.

The 100 % of a clip is an estimate of its work: each step (the mezzanines, the quality
search's sample encodes and VMAF scores, the final encodes) counts the seconds of clip it
goes through, times a rough cost per second of its picture size and encoder (COST; the
poster is too short to count). A clip is never shown at 100 % before it is done.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from pathlib import Path

from .search import sample_seconds

logger = logging.getLogger(__name__)

LOG_EVERY = 5.0  # seconds between two lines of one clip in a log (CI, a piped build)
POLL_EVERY = 0.5  # how often the build's process reads the progress files
WRITE_EVERY = 0.5  # how often a job rewrites its file at most

# CPU per second of clip at 426x240 (scaled by the pixels of a step's picture), relative
# to x264 `slow` (measured: a 20 s noisy 426x240 clip, wheel ffmpeg, 2026-12-06; the x264
# presets not listed there are interpolated, and SVT-AV1's below 6 extrapolated).
COST = {"mezzanine": 0.45, "vmaf": 0.5}
X264_COST = {"ultrafast": 0.3, "superfast": 0.4, "veryfast": 0.55, "faster": 0.6, "fast": 0.8,
             "medium": 0.9, "slow": 1.0, "slower": 1.6, "veryslow": 2.5, "placebo": 5.0}
AV1_COST_PRESET_6, AV1_COST_PER_PRESET = 2.25, 1.35  # preset 8: 1.3, preset 10: 0.7
REFERENCE_PIXELS = 426 * 240
SEARCH_STEPS = 3.5  # ffmpeg encodes (and as many scores) of a quality search, on average


def _pixels(spec) -> float:
    return spec.width * spec.height / REFERENCE_PIXELS


def step_cost(kind: str, spec) -> float:
    """The cost per second of clip of one ffmpeg run: "encode" or "vmaf" of a rendition."""
    if kind == "vmaf":
        return COST["vmaf"] * _pixels(spec)
    if spec.codec == "av1":
        preset = int(spec.preset) if spec.preset.lstrip("-").isdigit() else 6
        return AV1_COST_PRESET_6 * AV1_COST_PER_PRESET ** (6 - preset) * _pixels(spec)
    return X264_COST.get(spec.preset, 1.0) * _pixels(spec)


def mezzanine_cost(job) -> float:
    shapes = {(p.spec.width, p.spec.height) for p, _ in job.renditions}
    return COST["mezzanine"] * sum(w * h for w, h in shapes) / REFERENCE_PIXELS


def job_work(job, searched=frozenset()) -> float:
    """A job's work (cost x seconds of clip): its 100 %. `searched`: the renditions
    (final cache paths) whose quality search is already cached."""
    duration = max(job.duration, 0.1)
    work = mezzanine_cost(job) * duration if job.renditions else 0.0
    for plan, final in job.renditions:
        if plan.spec.vmaf and final not in searched:
            work += SEARCH_STEPS * sample_seconds(duration) * (
                step_cost("encode", plan.spec) + step_cost("vmaf", plan.spec))
        work += duration * step_cost("encode", plan.spec)
    return work


class Progress:
    """A job's progress as its worker sees it; `step(cost)` gives the `progress` callback
    of one ffmpeg run (commands.run). Thread-safe: a job encodes renditions side by side.
    Without a path (a job run outside run_jobs) nothing is reported."""

    def __init__(self, path: str, total: float):
        self.path, self.total = path, max(total, 1e-6)
        self.done, self.written, self.started = 0.0, 0.0, time.time()
        self.lock = threading.Lock()
        self._write(0.0)

    def step(self, cost: float):
        if not self.path:
            return None
        reached = [0.0]

        def seen(seconds: float) -> None:
            with self.lock:
                self.done += max(0.0, seconds - reached[0]) * cost
                reached[0] = max(reached[0], seconds)
                if time.monotonic() - self.written >= WRITE_EVERY:
                    self._write(min(self.done / self.total, 0.99))

        return seen

    def steps(self, spec):
        """step() by kind ("encode", "vmaf") for one rendition's runs (search.search_crf)."""
        return lambda kind: self.step(step_cost(kind, spec))

    def finish(self) -> None:
        with self.lock:
            self._write(1.0)

    def _write(self, fraction: float) -> None:
        if not self.path:
            return
        self.written = time.monotonic()
        tmp = f"{self.path}.{os.getpid()}.{threading.get_ident()}"
        with contextlib.suppress(OSError):  # the build stopped and removed the folder
            Path(tmp).write_text(json.dumps({"fraction": fraction, "started": self.started}))
            os.replace(tmp, self.path)


def time_left(seconds: float | None) -> str:
    if seconds is None:
        return "menghitung sisa waktu"
    if seconds < 60:
        return f"sisa ~{max(5, round(seconds / 5) * 5)} detik"
    return f"sisa ~{round(seconds / 60)} menit"


class Watch:
    """The build's view of its jobs while they run: polls their progress files in a
    thread; on a terminal one tqdm bar in percent of all the work, with time left;
    otherwise (a log, CI) a line per running clip every LOG_EVERY seconds."""

    def __init__(self, jobs: list, folder: Path, terminal: bool, listener=None):
        self.jobs, self.folder, self.listener = jobs, Path(folder), listener
        self.weights = [max(job_work(job), 1e-6) for job in jobs]
        self.finished: set[int] = set()
        self.logged: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="kemajuan-video", daemon=True)
        self.bar = None
        if terminal:
            import sys

            from tqdm import tqdm

            self.bar = tqdm(total=100, unit="%", desc="Mengodekan video", file=sys.stderr,
                            smoothing=0, bar_format="{desc}: {percentage:3.0f}%|{bar}| "
                                                    "{elapsed}<{remaining}{postfix}")

    def path(self, index: int) -> str:
        return str(self.folder / f"{index}.json")

    def done(self, index: int) -> None:
        self.finished.add(index)

    def __enter__(self) -> Watch:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=2)
        if self.bar is not None:
            self._poll()
            self.bar.close()

    def _run(self) -> None:
        while not self.stopping.wait(POLL_EVERY):
            self._poll()

    def _state(self, index: int) -> tuple[float, float] | None:
        """(fraction, seconds since the job started) of a running job; None before."""
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            state = json.loads(Path(self.path(index)).read_text())
            return min(float(state["fraction"]), 0.99), time.time() - float(state["started"])
        return None

    def _poll(self) -> None:
        now, reached, running, started = time.monotonic(), 0.0, [], set()
        with contextlib.suppress(OSError):  # the started jobs: one listing, not a read per job
            started = {entry.name for entry in os.scandir(self.folder)}
        for index, weight in enumerate(self.weights):
            begun = index not in self.finished and f"{index}.json" in started
            state = self._state(index) if begun else None
            if state is None:
                reached += weight if index in self.finished else 0.0
                continue
            fraction, elapsed = state
            reached += weight * fraction
            running.append(f"{self.jobs[index].label} {fraction:.0%}")
            if self.bar is None and now - self.logged.get(index, -LOG_EVERY) >= LOG_EVERY:
                self.logged[index] = now
                self._log(index, fraction, elapsed)
        if self.listener is not None:
            self.listener(running)
        if self.bar is not None:
            self.bar.set_postfix_str(", ".join(running), refresh=False)
            self.bar.update(100 * reached / sum(self.weights) - self.bar.n)

    def _log(self, index: int, fraction: float, elapsed: float) -> None:
        left = elapsed * (1 - fraction) / fraction if fraction >= 0.01 and elapsed >= 2 else None
        logger.info("video %d/%d %s: %.0f%% (%s)", index + 1, len(self.jobs),
                    self.jobs[index].label, 100 * fraction, time_left(left))
