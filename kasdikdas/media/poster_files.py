"""A clip's poster in the cache (JPEG, WebP, the share image and a record): the editor's
image, or a representative frame cut from the clip's best rendition, in the clip's job."""

from __future__ import annotations

from pathlib import Path

from . import commands
from .cache import MediaCache
from .poster import SHARE_SIZE, choose_frame, fit, frames_from_raw, save_poster, save_share


def poster_paths(cache: MediaCache, key: str) -> tuple[Path, Path, Path]:
    return (cache.path("poster", f"{key}.jpg"), cache.path("poster", f"{key}.webp"),
            cache.path("poster", f"{key}.json"))


def share_path(cache: MediaCache, key: str) -> Path:
    """The poster's share image (link previews), made with it."""
    return cache.path("poster", f"{key}-bagikan.jpg")


def make_poster(job, cache: MediaCache) -> None:
    """The poster of `job` (an encode.Job with a `poster`)."""
    spec = job.poster
    jpeg, webp, meta = poster_paths(cache, spec.key)
    if spec.editor_image:
        from .poster import open_image

        image = open_image(Path(spec.editor_image))
    else:  # cut as large as the share image can use; the poster is reduced from it
        image = representative_frame(job.ffmpeg_bin, Path(job.poster_from), job.poster_from_size,
                                     spec.duration, max(spec.box, SHARE_SIZE[0]), job.time_limit)
    with cache.writing(jpeg) as tmp_jpeg, cache.writing(webp) as tmp_webp:
        info = save_poster(image, tmp_jpeg, tmp_webp, spec.box, spec.jpeg_quality, spec.webp_quality)
    with cache.writing(share_path(cache, spec.key)) as tmp_share:
        share = save_share(image, tmp_share)
    # last: its presence marks the poster complete
    cache.write_json(meta, {**info.to_json(), "share": share})


def representative_frame(ffmpeg_bin: str, rendition: Path, size: tuple[int, int],
                         duration: float, box: int, timeout: float | None = None):
    width, height = fit(*size, box)
    every = max(0.5, duration / 12)
    result = commands.run(commands.frames_args(ffmpeg_bin, rendition, width, height, every),
                          stdout=True, timeout=timeout)
    return choose_frame(frames_from_raw(result.stdout, width, height))
