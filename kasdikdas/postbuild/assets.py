"""assets: theme files under a content-hashed name, so hosts can cache them for a year,
or inline in every page, so nothing but the HTML blocks the first paint.

For every path in ASSETS_FINGERPRINT (relative to the theme's static folder) the build
makes `<THEME_STATIC_DIR>/<name>.<hash>.<ext>` (CSS minified with rcssmin) and templates
link it through `ASSET_URLS`: `{{ SITEURL }}/{{ ASSET_URLS['js/video.js'] }}`.

A stylesheet also listed in ASSETS_INLINE goes into every page as the text of a
`<style>` element (`ASSET_INLINE['css/site.css']`, the same bytes on every page), and
its CSP hash source (`'sha256-…'`) into HOSTING_CSP_HASHES["style-src"], so the host
files (`_headers`, `.htaccess`, the nginx snippet) allow exactly that text and no
other inline style. On a slow link this saves a whole round trip before the first
paint (issue 20).

After the pages are written, a fingerprinted file is published only if a page links
it: neither its hashed copy nor the unhashed one Pelican copies with the theme
(`theme/css/site.css`) is left in the output when no HTML file names it.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from pathlib import Path, PurePosixPath

import rcssmin

from kasdikdas.config import PhaseSettings
from .hosting.settings import HostingSettings

logger = logging.getLogger(__name__)


class AssetsSettings(PhaseSettings):
    """Every ASSETS_* setting: which theme files get a content hash in their name, and
    which stylesheets every page carries inline."""

    ASSETS_FINGERPRINT: list[str] = ["css/site.css", "js/video.js"]
    ASSETS_INLINE: list[str] = ["css/site.css"]  # stylesheets only: inline script stays forbidden
    ASSETS_HASH_LENGTH: int = 10


def minified(path: PurePosixPath, data: bytes) -> bytes:
    if path.suffix == ".css":
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


def hashed_name(path: PurePosixPath, data: bytes, length: int) -> PurePosixPath:
    """css/site.css + its bytes -> css/site.<first `length` hex of sha256>.css"""
    digest = hashlib.sha256(data).hexdigest()[:length]
    return path.with_name(f"{path.stem}.{digest}{path.suffix}")


def csp_hash_source(text: str) -> str:
    """The CSP source that allows an inline element whose text is exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_text(relative: str, data: bytes) -> str:
    """The text of the `<style>` element for a stylesheet: minified, and refused when
    it could end the element early or when it is not a stylesheet."""
    path = PurePosixPath(relative)
    if path.suffix != ".css":
        raise ValueError(f"assets: only stylesheets can be inlined, not {relative}")
    text = minified(path, data).decode("utf-8")
    if "</style" in text.lower():
        raise ValueError(f"assets: {relative} contains '</style', it cannot be inlined")
    return text


def theme_file(settings: dict, relative: str) -> Path | None:
    for folder in settings["THEME_STATIC_PATHS"]:
        candidate = Path(settings["THEME"]) / folder / relative
        if candidate.is_file():
            return candidate
    return None


def inline_assets(settings: dict) -> dict[str, str]:
    """ASSETS_INLINE path → the exact text every page carries in its `<style>`."""
    inline = {}
    for relative in AssetsSettings.read(settings).ASSETS_INLINE:
        source = theme_file(settings, relative)
        if source is None:
            logger.error("aset: %s tidak ada di folder statis tema", relative)
            continue
        inline[relative] = inline_text(relative, source.read_bytes())
    return inline


def csp_hashes(inline: dict[str, str]) -> dict[str, list[str]]:
    """The CSP sources that allow the inline stylesheets, by directive."""
    return {"style-src": sorted({csp_hash_source(text) for text in inline.values()})}


def theme_csp_hashes(theme: str | Path, static_paths=("static",)) -> dict[str, list[str]]:
    """The CSP hash sources a build with this theme and the default settings declares
    (for tools that serve a built site without its Pelican settings)."""
    return csp_hashes(inline_assets({"THEME": str(theme), "THEME_STATIC_PATHS": list(static_paths)}))


def fingerprint(pelican) -> tuple[dict[str, str], dict[str, str]]:
    """Decide every asset's hashed URL and inline text before any template is rendered:
    ({path: hashed URL}, {path: inline text}), what the templates read as ASSET_URLS and
    ASSET_INLINE."""
    settings = pelican.settings
    assets = AssetsSettings.read(settings)
    urls, files = {}, {}
    for relative in assets.ASSETS_FINGERPRINT:
        source = theme_file(settings, relative)
        if source is None:
            logger.error("aset: %s tidak ada di folder statis tema", relative)
            continue
        data = minified(PurePosixPath(relative), source.read_bytes())
        name = PurePosixPath(settings["THEME_STATIC_DIR"]) / hashed_name(
            PurePosixPath(relative), data, assets.ASSETS_HASH_LENGTH)
        urls[relative] = name.as_posix()
        files[name.as_posix()] = data
    inline = inline_assets(settings)
    # A new dict, never the hosting defaults' own: a later build in the same process
    # (another theme) must not inherit this one's hashes.
    HostingSettings.change(settings, HOSTING_CSP_HASHES=csp_hashes(inline) if inline else {})
    pelican._fingerprinted_assets = files
    return urls, inline


def linked(output: Path, names: list[str]) -> set[str]:
    """The `names` (paths under the output folder) that some HTML file mentions. A
    link names its target's path under the site root whatever the page's depth
    (`../../theme/css/site.css`, `/theme/…`, `https://host/theme/…`)."""
    wanted = {name: name.encode("utf-8") for name in names}
    found: set[str] = set()
    for root, _dirs, files in os.walk(output):
        for file in files:
            if not file.endswith(".html"):
                continue
            data = Path(root, file).read_bytes()
            found |= {name for name, needle in wanted.items() if needle in data}
            if len(found) == len(wanted):
                return found
    return found


def write_assets(pelican):
    """Write the hashed files that pages link, and remove the unhashed copies of
    fingerprinted files that no page links (Pelican copied them with the theme)."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    hashed = getattr(pelican, "_fingerprinted_assets", {})
    static_dir = PurePosixPath(settings["THEME_STATIC_DIR"])
    originals = [(static_dir / relative).as_posix()
                 for relative in AssetsSettings.read(settings).ASSETS_FINGERPRINT]
    used = linked(output, [*hashed, *originals])
    for name, data in hashed.items():
        target = output / name
        if name not in used:
            target.unlink(missing_ok=True)
            logger.info("aset: %s tidak ditautkan halaman mana pun, tidak diterbitkan", name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        logger.info("aset: %s ditulis", name)
    for name in originals:
        if name not in used and (output / name).is_file():
            (output / name).unlink()
            logger.info("aset: %s (tanpa hash) tidak ditautkan halaman mana pun, tidak diterbitkan", name)
    for name in {PurePosixPath(n).parent for n in [*hashed, *originals]}:
        folder = output / name
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()  # theme/css/ when its only stylesheet is inline
