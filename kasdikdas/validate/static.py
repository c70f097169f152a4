"""Static folders (STATIC_PATHS: images/, bukti/) hold regular files of their allowed types
only, checked before Pelican copies a byte: no symlink, no device, no other type, no file
whose content is not what its name says."""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import stat
from collections.abc import Iterable
from pathlib import Path

import pikepdf
from PIL import Image

from ..media.images import PICTURES
from ..model.paths import display_path
from ..model.problems import ContentError, Problem
from .settings import ValidateSettings

# What each kind accepts: suffix -> the format the content must have.
KINDS = {"gambar": PICTURES, "pdf": {".pdf": "PDF"}}
KIND_NAMES = {"gambar": "gambar (JPEG, PNG, WebP, GIF)", "pdf": "PDF"}
# Front matter fields whose files the media step reads and never publishes as they are.
PRIVATE_FIELDS = ("video", "poster", "captions")
# A body's link that makes Pelican copy a file ({static}/… or {attach}/…, also |static|),
# as Pelican's INTRASITE_LINK_REGEX finds it in the rendered page.
STATIC_LINK = re.compile(r"[{|](?:static|attach)[|}]([^\s()\"'<>]*)")


def static_problems(settings: dict, private: Iterable[str] = ()) -> list[Problem]:
    """Every problem of every file Pelican would copy from the STATIC_PATHS folders.
    `private`: files (relative to content/, POSIX) a showcase names as its video, poster
    or captions; their own field's check covers them."""
    content = Path(settings["PATH"])
    private = set(private)
    problems: list[Problem] = []
    for folder in settings.get("STATIC_PATHS", ()):
        for relative in _walk(content, folder.strip("/"), settings, problems):
            if relative not in private:
                problems += file_problems(content, relative, settings)
    return problems


def link_problems(files, settings: dict) -> list[Problem]:
    """A body's `{static}` link to a file outside the static folders (content/data/, or
    out of content/ with `..`) would make Pelican copy it into the site."""
    folders = {f.strip("/") for f in settings.get("STATIC_PATHS", ())}
    problems = []
    for item in files:
        source = item.source
        if source is None:
            continue
        base = posixpath.dirname(item.relative)
        for number, line in enumerate(source.body.splitlines()):
            for link in STATIC_LINK.finditer(line):
                path = link.group(1).split("?", 1)[0].split("#", 1)[0].replace("%20", " ")
                target = posixpath.normpath(path[1:] if path.startswith("/")
                                            else posixpath.join(base, path))
                if target.split("/", 1)[0] not in folders or target.startswith(".."):
                    problems.append(Problem(
                        source.shown, source.body_line + number, "isi",
                        f"tautan `{link.group(0)}` menunjuk berkas di luar folder statis "
                        f"({', '.join(f'content/{f}/' for f in sorted(folders))})",
                        "simpan gambar di content/images/ atau dokumen PDF di content/bukti/ "
                        "lalu tautkan dari sana, mis. `{static}/images/foto.jpg`"))
    return problems


def named_sources(files) -> set[str]:
    """The video, poster and captions files named in the showcases' front matter as
    written (valid or not), relative to content/."""
    named = set()
    for item in files:
        data = getattr(item.source, "front_matter", None)
        data = getattr(data, "data", None)
        if isinstance(data, dict):
            named |= {_posix(data[key]) for key in PRIVATE_FIELDS if isinstance(data.get(key), str)}
    return named


def _posix(value: str) -> str:
    return os.path.normpath(value.replace("\\", "/")).replace(os.sep, "/")


def _ignored(name: str, settings: dict) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", ()))


def _walk(content: Path, folder: str, settings: dict, problems: list[Problem]) -> list[str]:
    """The files under content/<folder> Pelican would list (its IGNORE_FILES and
    STATIC_EXCLUDES honoured), without following a link; a linked folder is a problem."""
    root = content / folder
    if os.path.islink(root):
        problems.append(_linked_folder(root, folder))
        return []
    if not os.path.isdir(root):
        return [folder] if os.path.lexists(root) else []
    excluded = {os.path.normpath(content / e) for e in settings.get("STATIC_EXCLUDES", ())}
    found = []
    for dirpath, dirs, files in os.walk(root):  # never follows a linked folder
        for name in list(dirs):
            path = os.path.join(dirpath, name)
            if _ignored(name, settings) or os.path.normpath(path) in excluded:
                dirs.remove(name)
            elif os.path.islink(path):
                dirs.remove(name)
                problems.append(_linked_folder(Path(path), folder))
        found += [Path(os.path.relpath(os.path.join(dirpath, name), content)).as_posix()
                  for name in files if not _ignored(name, settings)]
    return sorted(found)


def _linked_folder(path: Path, folder: str) -> Problem:
    return Problem(display_path(path), None, "berkas",
                   "folder ini tautan (symlink); isi folder tautan tidak boleh ikut terbit",
                   f"ganti tautan dengan folder biasa berisi salinan berkasnya di content/{folder}/")


def _kinds(folder: str, settings: dict) -> tuple[str, ...]:
    return ValidateSettings.read(settings).KIPRAH_STATIC_TYPES.get(folder, ())


def allowed_formats(folder: str, settings: dict) -> dict[str, str]:
    """suffix -> format of what content/<folder>/ may hold (KIPRAH_STATIC_TYPES)."""
    kinds = _kinds(folder, settings)
    return {suffix: fmt for kind in kinds for suffix, fmt in KINDS[kind].items()}


def allowed_words(folder: str, settings: dict) -> str:
    kinds = _kinds(folder, settings)
    return " atau ".join(KIND_NAMES[k] for k in kinds) or "tidak ada (bukan folder statis)"


def file_problems(content: Path, relative: str, settings: dict) -> list[Problem]:
    """What is wrong with one file under a static folder (relative to content/)."""
    folder = relative.split("/", 1)[0]
    return path_problems(content / relative, folder, settings)


def path_problems(path: Path, folder: str, settings: dict) -> list[Problem]:
    """What is wrong with the file `path` of the static folder `folder`: a symlink, not
    a regular file, a type the folder does not take, or content unlike its suffix."""
    shown, where = display_path(path), f"content/{folder}/"
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return [Problem(shown, None, "berkas", f"berkas tidak bisa dibaca ({exc.strerror})",
                        f"periksa berkas ini atau hapus dari {where}")]
    if stat.S_ISLNK(mode):
        return [Problem(shown, None, "berkas", "berkas ini tautan (symlink); tautan tidak boleh ikut terbit",
                        f"ganti tautan dengan salinan berkasnya sendiri di {where}, atau hapus tautannya")]
    if not stat.S_ISREG(mode):
        return [Problem(shown, None, "berkas", "bukan berkas biasa (perangkat, pipa atau soket)",
                        f"hapus dari {where}; simpan hanya {allowed_words(folder, settings)}")]
    suffix = path.suffix.lower()
    fmt = allowed_formats(folder, settings).get(suffix)
    if not _kinds(folder, settings):
        return [Problem(shown, None, "berkas", "berkas ini bukan di folder statis (content/images/ "
                        "atau content/bukti/); tidak boleh ikut terbit",
                        "pindahkan gambar ke content/images/ atau PDF ke content/bukti/ lalu "
                        "perbaiki tautannya")]
    if fmt is None:
        kind = f"`{suffix}`" if suffix else "tanpa akhiran"
        return [Problem(shown, None, "berkas",
                        f"jenis berkas {kind} tidak boleh di {where} (isinya bisa dijalankan "
                        "atau tidak tampil di peramban)",
                        f"hapus berkas ini; {where} hanya menerima {allowed_words(folder, settings)}"
                        "; simpan ulang gambar sebagai JPEG atau PNG dan dokumen sebagai PDF")]
    wrong = pdf_problem(path) if fmt == "PDF" else picture_problem(path, fmt)
    if wrong:
        message, hint = wrong
        return [Problem(shown, None, "berkas", message, hint)]
    return []


def pdf_problem(path: Path) -> tuple[str, str] | None:
    """A PDF must start with `%PDF-` and open with qpdf (pikepdf), without a password."""
    with open(path, "rb") as handle:
        head = handle.read(5)
    try:
        if head != b"%PDF-":
            raise pikepdf.PdfError("no header")
        with pikepdf.open(path):
            return None
    except pikepdf.PasswordError:
        return ("PDF ini dikunci kata sandi; situs tidak bisa membersihkan datanya",
                "simpan ulang dokumen tanpa kata sandi lalu ganti berkas ini")
    except (pikepdf.PdfError, OSError, ValueError):
        return ("isinya bukan PDF seperti kata akhiran `.pdf` (rusak atau jenis lain yang diganti namanya)",
                "ekspor ulang dokumennya sebagai PDF (mis. Simpan sebagai PDF di Word) lalu ganti berkas ini")


def picture_problem(path: Path, fmt: str) -> tuple[str, str] | None:
    """A picture must decode with Pillow as the format its suffix names."""
    suffix = path.suffix.lower()
    try:
        with Image.open(path) as image:
            found = image.format
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        found = None
    if found == fmt or (fmt, found) == ("JPEG", "MPO"):  # MPO: a phone's JPEG with extras
        return None
    return ((f"isinya bukan gambar {fmt} seperti kata akhiran `{suffix}` (rusak atau jenis lain "
             "yang diganti namanya)"),
            "buka gambar aslinya dan simpan ulang sebagai JPEG atau PNG, lalu ganti berkas ini")


def refuse_unchecked(generator) -> None:
    """The build's last guard (static_generator_finalized): every file Pelican is about to
    copy, linked ones included, passes the same rule, or nothing is written."""
    content = Path(generator.path)
    problems = []
    for static in generator.staticfiles:
        relative = Path(static.relative_source_path).as_posix()
        problems += file_problems(content, relative, generator.settings)
    if problems:
        raise ContentError(problems)
