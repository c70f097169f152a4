"""Which folders `invoke publish --rsync` may mirror into (with `--delete`): never the
root, a top-level or home folder, and only a folder that is new, empty or already holds
a site we published (its marker file), unless forced. Each check returns the problem in
Indonesian, or None."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Written into the rsync target at every publish: only a folder that holds it (or a new
# or empty folder) is mirrored with `--delete`, so a mistyped target never empties a
# folder that is not a site we published, unless the editor forces it (`--paksa`).
SITE_MARKER = ".kasdikdas-situs"
SITE_MARKER_TEXT = ("Folder ini diisi oleh `invoke publish` (Kas Dikdas); isinya diganti setiap "
                    "penerbitan.\n")
# Folders whose loss would break the machine: any top-level folder, and home folders.
HOME_ROOTS = ("/home", "/Users")


def _split_target(target: str) -> tuple[str | None, str]:
    """(host or None for a local folder, path) of `folder` or `user@host:folder`."""
    if ":" in target.split("/", 1)[0]:
        host, path = target.split(":", 1)
        return host, path
    return None, target


def _system_folder(path: str) -> bool:
    """`/`, a top-level folder (`/etc`, `/root`, `/srv`), `/home/<user>` or the home."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not path.startswith("/"):
        return not parts or parts == ["~"]  # remote: relative to the home folder
    return len(parts) <= 1 or ("/" + parts[0] in HOME_ROOTS and len(parts) == 2)


def rsync_target_problem(target: str) -> str | None:
    """A target that `--delete` could empty beyond the site's own folder is refused."""
    host, path = _split_target(target)
    path = path.replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return f"tujuan rsync `{target}` memuat `..`; tulis path folder situs secara langsung"
    if host is None and parts:  # a local folder: where it really is (symlinks, ~)
        path = str(Path(path).expanduser().resolve())
        if path == str(Path.home()):
            path = "~"
    if _system_folder(path):
        return (f"tujuan rsync `{target}` adalah akar, folder sistem atau folder rumah; "
                "tulis folder situsnya sendiri (mis. /var/www/kasdikdas atau public_html)")
    return None


def rsync_missing() -> str | None:
    """The message when this machine has no rsync, else None."""
    if shutil.which("rsync"):
        return None
    return ("rsync tidak terpasang di komputer ini; pasang dulu (Debian/Ubuntu: "
            "`sudo apt install rsync`; Windows: lewat WSL) atau terbitkan tanpa --rsync")


def _listing(target: str) -> list[str] | str | None:
    """The names directly inside `target` (local or over SSH), None when it does not
    exist yet, the problem (text) when it cannot be listed."""
    run = subprocess.run(["rsync", "--list-only", "--no-recursive", "--dirs",
                          target.rstrip("/") + "/"], capture_output=True, text=True,
                         env={**os.environ, "LC_ALL": "C"}, check=False)
    if run.returncode == 23 and "No such file or directory" in run.stderr:
        return None
    if run.returncode:
        return f"tujuan rsync `{target}` tidak bisa dibaca ({run.returncode}): {run.stderr.strip()}"
    names = [line.split(None, 4)[-1] for line in run.stdout.splitlines() if line.strip()]
    return [name for name in names if name != "."]


def rsync_foreign_folder(target: str) -> str | None:
    """The problem when `target` already holds files but no site we published."""
    names = _listing(target)
    if isinstance(names, str):
        return names
    if not names or SITE_MARKER in names:
        return None
    return (f"tujuan rsync `{target}` sudah berisi berkas ({len(names)} nama, mis. "
            f"`{min(names)}`) tetapi bukan situs yang pernah diterbitkan (tidak ada "
            f"`{SITE_MARKER}`); rsync --delete akan menghapus isinya. Pilih folder baru atau "
            "kosong; bila folder ini memang folder situsnya, terbitkan sekali dengan --paksa")
