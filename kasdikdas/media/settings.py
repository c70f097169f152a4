"""The video phase's settings (VIDEO_*), typed, with their defaults in one place;
pelicanconf.py may override any."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kasdikdas.config import PhaseSettings


@dataclass(frozen=True)
class Target:
    """What one codec of a tier aims at: a bitrate cap (video + audio), the sound, and the
    VMAF the per-clip search tries to reach under the cap (search.py)."""

    total_kbps: int  # video + audio; the video gets what the audio leaves
    audio_kbps: int
    audio_channels: int
    audio_rate: int
    vmaf: float
    crf: int  # where the search starts
    preset: str  # x264 preset name or SVT-AV1 preset number: slower where it pays
    keyframe_seconds: int = 2  # a keyframe at least this often (see encode.py: why)
    tune: str = ""  # x264 --tune or SVT-AV1 tune number; "": the encoder's default


@dataclass(frozen=True)
class Tier:
    """One size the page offers, in both codecs. `short_side` is the target of the
    picture's shorter side (240 = "240p" for landscape and portrait alike)."""

    slug: str
    label: str  # what a viewer reads: "Hemat data"
    short_side: int
    av1: Target  # AV1 + Opus: what Android's browsers fetch
    h264: Target  # H.264 + AAC: iPhones, old browsers, downloads
    max_fps: int = 30

    def target(self, codec: str) -> Target:
        return getattr(self, codec)


class VideoSettings(PhaseSettings):
    """Every VIDEO_* setting (see the module's doc)."""

    # None: the pinned imageio-ffmpeg wheel; a path: that ffmpeg, checked once
    VIDEO_FFMPEG: str | Path | None = None
    VIDEO_CACHE_PATH: str | Path = ".cache/video"  # relative paths are taken from the project root
    VIDEO_OUTPUT_DIR: str = "media"  # renditions and posters: output/media/<slug>/
    VIDEO_MIN_SECONDS: float = 30.0
    VIDEO_MAX_SECONDS: float = 60.0
    VIDEO_TOLERANCE_SECONDS: float = 0.5
    VIDEO_MAX_SOURCE_BYTES: int = 1_000_000_000  # a minute of 4K from a phone is ~400 MB
    VIDEO_DOWNLOAD_TIMEOUT: float = 60.0  # seconds without progress before a download gives up
    VIDEO_DOWNLOAD_MAX_SECONDS: float = 900.0  # a whole download, however slowly it trickles
    VIDEO_DOWNLOAD_CONNECT_TIMEOUT: float = 10.0  # connecting and the TLS handshake
    # Tests only: lets a download reach a test server on 127.0.0.1. Every other
    # loopback, private or link-local address is always refused before connecting.
    VIDEO_DOWNLOAD_ALLOW_LOOPBACK: bool = False
    # Tests only, like /etc/hosts: {"drive.google.com": "127.0.0.1:8443"} looks that host
    # name up as the given address and port (TLS still checks the host name; the address
    # is checked as any is, so 127.0.0.1 also needs VIDEO_DOWNLOAD_ALLOW_LOOPBACK).
    VIDEO_DOWNLOAD_TEST_HOSTS: dict[str, str] = {}
    # Every ffmpeg call has a time limit: a probe (it reads the headers) PROBE_SECONDS; each
    # call that decodes or encodes a clip BASE plus PER_SECOND for each second of the clip.
    # A clip that hits it is named as faulty; the limits are far above what a real phone
    # clip needs on a busy 2-core machine.
    VIDEO_FFMPEG_PROBE_SECONDS: float = 60.0
    VIDEO_FFMPEG_TIME_BASE: float = 120.0
    VIDEO_FFMPEG_TIME_PER_SECOND: float = 30.0
    # The live preview: a build leaves the clips the cache lacks to a background encode
    # (pipeline.take_deferred) and shows their pages with a notice meanwhile.
    VIDEO_DEFER: bool = False
    # False: never read or fill the bucket's shared encode cache (the benchmark's
    # measurements of a cold encode).
    VIDEO_SHARED_CACHE: bool = True
    VIDEO_WORKERS: int = 0  # parallel encodes; 0 = number of CPUs (at most 4)
    # The order of the <source>s: the first playable wins.
    VIDEO_CODECS: tuple[str, ...] = ("av1", "h264")
    # Encoder presets are per tier and codec (Target.preset, see encode.py); these
    # override them for every tier when set, e.g. "veryslow" where time allows.
    VIDEO_AV1_PRESET: int | None = None  # SVT-AV1: 0 slowest … 13 fastest
    VIDEO_X264_PRESET: str | None = None
    VIDEO_PROFILE: str = "high"  # H.264 profile; see encode.py for why High
    # The hemat tier must fit this many bytes per 60 s, audio and container included, per
    # codec (README, Budgets). The one budget: the pipeline, tests and bench all read it.
    VIDEO_HEMAT_BYTES_PER_MINUTE: dict[str, int] = {"av1": 600_000, "h264": 1_000_000}
    VIDEO_TIERS: tuple[Tier, ...] = (
        Tier("hemat", "Hemat data", 240,
             av1=Target(76, 16, 1, 48000, vmaf=80, crf=50, preset="6", keyframe_seconds=10),
             h264=Target(120, 32, 1, 24000, vmaf=70, crf=34, preset="slow", keyframe_seconds=10,
                         tune="ssim")),
        Tier("standar", "Standar", 360,
             av1=Target(190, 32, 2, 48000, vmaf=85, crf=40, preset="10"),
             h264=Target(330, 48, 2, 44100, vmaf=85, crf=26, preset="faster")),
        Tier("jernih", "Jernih", 480,
             av1=Target(360, 48, 2, 48000, vmaf=90, crf=36, preset="10"),
             h264=Target(640, 64, 2, 44100, vmaf=90, crf=24, preset="veryfast")),
    )
    # A source must reach this share of a tier's short side to get that tier (the hemat
    # tier is always made, at the source's own size when that is smaller: no upscaling).
    VIDEO_TIER_MIN_SHARE: float = 0.95
    VIDEO_POSTER_BOX: int = 360  # the poster fits a box this many pixels on each side
    VIDEO_POSTER_JPEG_QUALITY: int = 60
    VIDEO_POSTER_WEBP_QUALITY: int = 55


DEFAULTS = VideoSettings.defaults()


def ffmpeg_time_limit(video: VideoSettings, clip_seconds: float) -> float:
    """Seconds one ffmpeg call that decodes or encodes a clip `clip_seconds` long may take."""
    return (video.VIDEO_FFMPEG_TIME_BASE
            + video.VIDEO_FFMPEG_TIME_PER_SECOND * max(0.0, clip_seconds))


