"""From inspected sources (inspect.py) to published media: `prepare_media` plans the
renditions and poster of each clip, runs the missing work in a bounded process pool and
returns a `Media` per showcase; `publish` links them into the output.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.model.problems import ContentError

from .cache import PIPELINE_VERSION, MediaCache, digest
from .encode import Job, Plan, PosterJob, plan_renditions, run_job
from .checks import encode_problem
from .ffmpeg_bin import ffmpeg_build
from .inspect import Source, cache_for, ffmpeg_for
from .poster_files import poster_paths, share_path
from .progress import Watch
from .published import Media, Rendition
from .settings import VideoSettings, ffmpeg_time_limit
from .shared_cache import cache_names, shared_cache_for, try_fill, try_push

logger = logging.getLogger(__name__)


# --- encoding -----------------------------------------------------------------------------------


def poster_key(source: Source, best: Plan, settings: dict, content_root: Path,
               cache: MediaCache) -> tuple[str, str | None]:
    editor = source.showcase.poster
    editor_path = str(content_root / editor) if editor else None
    basis = cache.file_hash(Path(editor_path)) if editor_path else best.key
    video = VideoSettings.read(settings)
    key = digest([PIPELINE_VERSION, "poster+bagikan-2", basis, video.VIDEO_POSTER_BOX,
                  video.VIDEO_POSTER_JPEG_QUALITY, video.VIDEO_POSTER_WEBP_QUALITY])[:24]
    return key, editor_path


def plan_source(source: Source, settings: dict, content_root: Path, cache: MediaCache,
                ffmpeg_bin: str) -> tuple[list[Plan], str, Job | None]:
    """The plans of one clip, its poster key, and a Job for whatever is not cached."""
    video = VideoSettings.read(settings)
    plans = plan_renditions(source.probe, source.sha256, video, ffmpeg_build(ffmpeg_bin))
    missing = tuple((p, str(cache.path("enc", f"{p.key}.mp4"))) for p in plans
                    if not cache.path("enc", f"{p.key}.mp4").is_file())
    best = poster_plan(plans)
    pkey, editor_path = poster_key(source, best, settings, content_root, cache)
    poster_job = None
    if not poster_paths(cache, pkey)[2].is_file():
        poster_job = PosterJob(pkey, video.VIDEO_POSTER_BOX, video.VIDEO_POSTER_JPEG_QUALITY,
                               video.VIDEO_POSTER_WEBP_QUALITY, source.probe.duration, editor_path)
    job = None
    if missing or poster_job:
        job = Job(label=source.showcase.slug, ffmpeg_bin=ffmpeg_bin, source=str(source.path),
                  duration=source.probe.duration,
                  cache_root=str(cache.root), renditions=missing, poster=poster_job,
                  demuxer=source.probe.demuxer,
                  time_limit=ffmpeg_time_limit(video, source.probe.duration),
                  poster_from=str(cache.path("enc", f"{best.key}.mp4")),
                  poster_from_size=(best.spec.width, best.spec.height))
    return plans, pkey, job


def job_files(job: Job, cache: MediaCache) -> list[str]:
    """The cache names (enc/<key>.mp4, poster/<key>.jpg ...) a job makes."""
    paths: list[str | Path] = [final for _, final in job.renditions]
    if job.poster is not None:
        paths += [*poster_paths(cache, job.poster.key), share_path(cache, job.poster.key)]
    return cache_names(cache, paths)


def plan_all(sources: list[Source], settings: dict, content_root: Path, cache: MediaCache,
             ffmpeg_bin: str, shared=None) -> list[tuple[Source, list[Plan], str, Job | None]]:
    """Plan every clip; with the bucket's shared cache, first download whatever the
    jobs would make and the bucket already has, then plan those clips again."""
    planned = [(s, *plan_source(s, settings, content_root, cache, ffmpeg_bin)) for s in sources]
    wanted = [name for *_, job in planned if job is not None for name in job_files(job, cache)]
    if wanted and try_fill(shared, cache, wanted):
        planned = [(s, plans, pkey, job) if job is None
                   else (s, *plan_source(s, settings, content_root, cache, ffmpeg_bin))
                   for s, plans, pkey, job in planned]
    return planned


def poster_plan(plans: list[Plan]) -> Plan:
    """The rendition the poster frame is cut from: the best tier, H.264 when there is one."""
    return max(plans, key=lambda p: (p.spec.width * p.spec.height, p.codec == "h264"))


def without_claimed(job: Job | None, makers: dict[str, str]) -> Job | None:
    """`job` less the renditions and poster an earlier job of this build already makes
    (showcases sharing one clip: it is encoded once), recording what it makes in
    `makers`; None when nothing is left. A poster cut from the video shares its key
    with the best rendition's clip, so it is never left without the rendition it needs."""
    if job is None:
        return None
    renditions = tuple((plan, final) for plan, final in job.renditions if plan.key not in makers)
    poster = job.poster if job.poster is not None and job.poster.key not in makers else None
    if not renditions and poster is None:
        return None
    for plan, _ in renditions:
        makers[plan.key] = job.label
    if poster is not None:
        makers[poster.key] = job.label
    return dataclasses.replace(job, renditions=renditions, poster=poster)


# What the log says of a clip whose files are all in the cache, and of one that needs
# encoding (CI greps the latter: a publish after sharded encodes must encode nothing).
CACHED = "sudah ada di cache"
NOT_CACHED = "belum ada di cache"


def worker_count(settings: dict, jobs: int) -> int:
    wanted = VideoSettings.read(settings).VIDEO_WORKERS or min(4, os.cpu_count() or 1)
    return max(1, min(int(wanted), jobs))


@dataclass
class Deferred:
    """The clips a build left unencoded (VIDEO_DEFER: the live preview shows the rest of
    the site first) and the settings to encode them with."""

    jobs: list[Job]
    settings: dict


_deferred: list[Deferred] = []  # the last build's, until taken
_pools: set[concurrent.futures.ProcessPoolExecutor] = set()  # the encodes running now


def has_deferred() -> bool:
    """Whether the last build left clips to encode (not taken yet)."""
    return bool(_deferred)


def take_deferred() -> Deferred | None:
    """What the last build left to encode (once): the caller encodes it with run_jobs."""
    return _deferred.pop() if _deferred else None


def stop_encodes() -> None:
    """End every encode of this process now (a preview stopped while a clip encodes in
    the background, where no Ctrl-C reaches the thread that waits for it)."""
    for pool in list(_pools):
        _stop_workers(pool)


def _stop_workers(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Cancel the clips not started and interrupt the running ones instead of waiting
    for them (a clip takes minutes): each worker gets the SIGINT a terminal's Ctrl-C
    would send, its ffmpeg is killed by the subprocess call it interrupts, and the
    worker leaves (`_run_until_stopped`) without taking the next queued clip. A
    half-written file keeps its temporary name, never a cache entry's
    (MediaCache.writing). Python 3.14 names this `terminate_workers`; before it the
    pool's processes are only reachable through its attribute."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGINT)


def _stop_once(signum, frame):
    """A pool worker's Ctrl-C and kill: the first interrupts the clip, the ones after it
    (the group's signal and then _stop_workers', say) are ignored, so the clip's own
    cleanup (its work folder, its ffmpeg) is not cut short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def _worker_started() -> None:
    signal.signal(signal.SIGINT, _stop_once)
    signal.signal(signal.SIGTERM, _stop_once)


def _run_until_stopped(job: Job) -> dict:
    """run_job in a pool worker. A stop ends the worker: the pool's worker loop would
    otherwise report the interruption and start the next clip already queued to it."""
    try:
        return run_job(job)
    except (KeyboardInterrupt, SystemExit):
        os._exit(1)


def run_jobs(jobs: list[Job], settings: dict, listener=None, in_pool: bool = False) -> dict[str, str]:
    """Run jobs in a bounded process pool, showing how far each clip is (progress.Watch:
    a bar in percent with time left on a terminal, a line per clip every few seconds in
    a log) and one log line per finished clip. Returns {label: error} of the clips that
    failed. A job runs as many renditions side by side as it has CPUs to itself (one new
    clip: all of them), each encoder single-threaded. `listener` gets the running clips
    ("label 45%") at every poll; `in_pool` runs even one job in a worker process, so
    stop_encodes can end it from another thread."""
    failed: dict[str, str] = {}
    if not jobs:
        return failed
    workers = worker_count(settings, len(jobs))
    threads = max(1, (os.cpu_count() or 1) // workers)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kasdikdas-kemajuan-", ignore_cleanup_errors=True) as folder, \
            Watch(jobs, Path(folder), terminal=sys.stderr.isatty(), listener=listener) as watch:
        jobs = [dataclasses.replace(job, threads=threads, progress=watch.path(index))
                for index, job in enumerate(jobs)]
        index_of = {job.label: index for index, job in enumerate(jobs)}

        def report(result: dict) -> None:  # numbered as its progress lines: by job
            number = index_of[result["label"]]
            watch.done(number)
            if "error" in result:
                failed[result["label"]] = result["error"]
                logger.error("video %d/%d %s: gagal: %s", number + 1, len(jobs), result["label"],
                             result["error"])
            elif watch.bar is None:
                logger.info("video %d/%d %s: selesai, %s dibuat dalam %.1f s", number + 1,
                            len(jobs), result["label"], ", ".join(result["made"]),
                            result["seconds"])

        if workers == 1 and not in_pool:
            for job in jobs:
                report(run_job(job))
        else:
            _run_in_pool(jobs, workers, report)
    logger.info("video: %d klip dikodekan dalam %.1f s dengan %d proses", len(jobs),
                time.monotonic() - started, workers)
    return failed


def _worker_start_method():
    """Workers start from a clean process (forkserver; spawn where there is none), never
    as a fork of this one. The live preview starts its encodes while other threads
    serve pages, import modules for the search index and hold the build's cache lock
    (cachelock); a fork inherits each of those locks as it stood, held by a thread the
    child does not have (or, for the cache lock, by the child itself until it ends), and
    whatever needs one waits. The server imports the encoder once, so a worker starts
    in milliseconds."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__])
    return context


def _run_in_pool(jobs: list[Job], workers: int, report) -> None:
    """Each job in a worker process, `report`ed as it finishes; on any exception (Ctrl-C,
    a stopped preview) every running clip is stopped before it propagates."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                mp_context=_worker_start_method(),
                                                initializer=_worker_started) as pool:
        _pools.add(pool)
        futures = [pool.submit(_run_until_stopped, job) for job in jobs]
        try:
            for future in concurrent.futures.as_completed(futures):
                report(future.result())
        except BaseException:
            _stop_workers(pool)
            raise
        finally:
            _pools.discard(pool)


def media_for(source: Source, plans: list[Plan], pkey: str, cache: MediaCache,
              output_dir: str, content_root: Path) -> Media:
    slug = source.showcase.slug
    folder = f"{output_dir}/{slug}"
    files, renditions = [], []
    for plan in plans:
        cached = cache.path("enc", f"{plan.key}.mp4")
        url = f"{folder}/{slug}-{plan.quality}-{plan.codec}-{plan.key[:8]}.mp4"
        files.append((url, str(cached)))
        renditions.append(Rendition(plan.tier.slug, plan.tier.label, plan.quality, plan.spec.width,
                                    plan.spec.height, cached.stat().st_size, url, plan.codec, plan.mime))
    jpeg, webp, meta = poster_paths(cache, pkey)
    info = cache.read_json(meta)
    poster_jpeg, poster_webp = f"{folder}/{slug}-poster-{pkey[:8]}.jpg", f"{folder}/{slug}-poster-{pkey[:8]}.webp"
    share = f"{folder}/{slug}-bagikan-{pkey[:8]}.jpg"
    files += [(poster_jpeg, str(jpeg)), (poster_webp, str(webp)),
              (share, str(share_path(cache, pkey)))]
    captions = None
    written = getattr(source.showcase, "captions", None)  # relative to content/
    if written:
        original = content_root / written
        # Content-hashed like every medium: cached for a year, never overwritten.
        captions = f"{folder}/{slug}.id-{cache.file_hash(original)[:8]}.vtt"
        files.append((captions, str(original)))
    hemat = renditions[0]  # every codec of a tier has the same size
    return Media(slug=slug, duration=source.probe.duration, width=hemat.width, height=hemat.height,
                 renditions=tuple(renditions), poster_jpeg=poster_jpeg, poster_webp=poster_webp,
                 poster_width=info["width"], poster_height=info["height"], poster_bytes=info["jpeg_bytes"],
                 share_jpeg=share, share_width=info["share"]["width"],
                 share_height=info["share"]["height"], share_bytes=info["share"]["bytes"],
                 placeholder_color=info["color"], placeholder=info["placeholder"], files=tuple(files),
                 captions=captions)


def prepare_media(sources: list[Source], settings: dict, content_root: Path,
                  cache: MediaCache | None = None) -> dict[str, Media]:
    """Make sure every rendition and poster is in the cache; return Media by slug.
    A clip ffmpeg cannot convert (damaged mid-file, say) raises ContentError naming it."""
    _deferred.clear()  # only this build's
    cache = cache or cache_for(settings)
    cache.sweep()
    ffmpeg_bin = ffmpeg_for(settings)
    planned, jobs = [], []
    makers: dict[str, str] = {}  # rendition or poster key -> the job (slug) that makes it
    shared = shared_cache_for(settings)
    for source, plans, pkey, job in plan_all(sources, settings, content_root, cache, ffmpeg_bin,
                                             shared):
        planned.append((source, plans, pkey))
        job = without_claimed(job, makers)
        if job is not None:
            todo = [p.quality for p, _ in job.renditions] + (["poster"] if job.poster else [])
            logger.info("video: %s: %s (%s)", source.showcase.slug, NOT_CACHED, ", ".join(todo))
            jobs.append(job)
    if planned:  # one line for every clip already made, not one line each
        logger.info("video: %d dari %d klip %s", len(planned) - len(jobs), len(planned), CACHED)
    if jobs and VideoSettings.read(settings).VIDEO_DEFER:  # the preview: the rest of the site first
        _deferred[:] = [Deferred(jobs, settings)]
        planned = [(source, plans, pkey) for source, plans, pkey in planned
                   if not {*(plan.key for plan in plans), pkey} & makers.keys()]
        jobs = []
    failed = run_jobs(jobs, settings)
    if failed:
        problems = []
        for source, plans, pkey in planned:  # also every showcase sharing a failed clip
            error = next((failed[makers[key]] for key in (*(p.key for p in plans), pkey)
                          if makers.get(key) in failed), None)
            if error is not None:
                problems.append(encode_problem(source.showcase, error))
        raise ContentError(problems)
    output_dir = VideoSettings.read(settings).VIDEO_OUTPUT_DIR
    media = {source.showcase.slug: media_for(source, plans, pkey, cache, output_dir, content_root)
             for source, plans, pkey in planned}
    # What this machine encoded, and whatever else of this site the bucket still lacks
    # (a cache made before the bucket was configured): every cached file a Media
    # publishes, and each poster's record. One listing; only missing files move.
    try_push(shared, cache, cache_names(cache, [
        *(cached for item in media.values() for _, cached in item.files),
        *(poster_paths(cache, pkey)[2] for _, _, pkey in planned)]))
    return media


def publish(media: dict[str, Media], output_path: Path) -> int:
    """Put every rendition, poster and captions file into the (fresh) output: hard links
    to the cache, which never rewrites a file in place; an editor's captions are copied."""
    import shutil

    from kasdikdas.files import link_or_copy

    count, folders = 0, set()
    for item in media.values():
        for url, cached in item.files:
            target = output_path / url
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if target.exists() or target.is_symlink():
                target.unlink()
            if url == item.captions:
                shutil.copyfile(cached, target)  # the editor's own file under content/
            else:
                link_or_copy(cached, target)
            count += 1
    return count
