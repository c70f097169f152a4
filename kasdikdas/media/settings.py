"""Defaults of the video plugin, in one place; pelicanconf.py may override any."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """One rendition the page offers. `short_side` is the target of the picture's
    shorter side (240 = "240p" for landscape and portrait alike)."""

    slug: str
    label: str  # what a viewer reads: "Hemat data"
    short_side: int
    total_kbps: int  # video + audio; the video gets what the audio leaves
    audio_kbps: int
    audio_channels: int
    audio_rate: int
    crf: int
    max_fps: int = 30


DEFAULTS = {
    "VIDEO_FFMPEG": None,  # a path overrides the system ffmpeg and the imageio-ffmpeg wheel
    "VIDEO_CACHE_PATH": ".cache/video",  # relative paths are taken from the project root
    "VIDEO_OUTPUT_DIR": "media",  # renditions and posters: output/media/<slug>/
    "VIDEO_MIN_SECONDS": 30.0,
    "VIDEO_MAX_SECONDS": 60.0,
    "VIDEO_TOLERANCE_SECONDS": 0.5,
    "VIDEO_MAX_SOURCE_BYTES": 1_000_000_000,  # a minute of 4K from a phone is ~400 MB
    "VIDEO_DOWNLOAD_TIMEOUT": 60.0,  # seconds without progress before a download gives up
    "VIDEO_DOWNLOAD_MAX_SECONDS": 900.0,  # a whole download, however slowly it trickles
    "VIDEO_WORKERS": 0,  # parallel encodes; 0 = number of CPUs (at most 4)
    "VIDEO_X264_PRESET": "slow",
    "VIDEO_PROFILE": "baseline",
    # The hemat tier must fit this many bytes per 60 s, audio and container included.
    "VIDEO_HEMAT_BYTES_PER_MINUTE": 1_000_000,
    "VIDEO_TIERS": (
        Tier("hemat", "Hemat data", 240, 120, 32, 1, 24000, crf=28),
        Tier("standar", "Standar", 360, 330, 48, 2, 44100, crf=26),
        Tier("jernih", "Jernih", 480, 640, 64, 2, 44100, crf=24),
    ),
    # A source must reach this share of a tier's short side to get that tier (the hemat
    # tier is always made, at the source's own size when that is smaller: no upscaling).
    "VIDEO_TIER_MIN_SHARE": 0.95,
    "VIDEO_POSTER_BOX": 360,  # the poster fits a box this many pixels on each side
    "VIDEO_POSTER_JPEG_QUALITY": 60,
    "VIDEO_POSTER_WEBP_QUALITY": 55,
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
