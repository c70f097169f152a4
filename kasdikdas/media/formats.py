"""The one list of video file types: what a source may be, what is never published as
it is, and what a page may link as video."""

from __future__ import annotations

# Containers phones and cameras write, with the name ffmpeg's muxer knows them by (a
# static video is stream-copied without metadata into the same container).
VIDEO_CONTAINERS = {
    ".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".3gp": "3gp", ".3g2": "3g2",
    ".webm": "webm", ".mkv": "matroska", ".avi": "avi", ".mts": "mpegts", ".ts": "mpegts",
    ".ogv": "ogg",
}
VIDEO_SUFFIXES = frozenset(VIDEO_CONTAINERS)

# The ffmpeg demuxers that may read a source, whatever its name says: the ones of the
# containers above (ffmpeg reads mp4/mov/3gp with "mov", webm with "matroska"). Probing
# and encoding pass this list as `-format_whitelist`, so a playlist (hls), a concat list,
# an image sequence or any other demuxer is never opened, and a probed container must be
# one of these (probe.py names it by the first of its names: "mov,mp4,m4a,..." -> mov).
SOURCE_DEMUXERS = ("mov", "matroska", "avi", "mpegts", "ogg")

# What an editor's message calls acceptable.
ACCEPTED = "mp4, mov, 3gp, webm atau mkv"
