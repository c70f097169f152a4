"""The render cache: a page whose inputs have not changed since the last good build is
not rendered again; its file in the previous `output/` is hard-linked into the staging
folder instead.

    RenderCache(settings, output)   made by kasdikdas.build for each build
    IncrementalWriter               Pelican's Writer, given through `get_writer`
    RenderCache.commit(output)      after the swap: remember what `output/` now holds

Every page written through Pelican's writer (`write_file`: Pelican's own pages and our
generators') gets a key (kasdikdas.incremental.keys). The manifest of the last good
build maps each page to its key and to the file's (size, mtime, inode) in `output/`;
a page is reused only when its key is equal and the file is still exactly the one that
build wrote. When the site key differs (templates and theme, settings, the registry,
the program), every page is rendered and the build says why. The staging swap stays:
a failed build leaves `output/` and the manifest as they were; nothing is ever written
through a link into the previous output (a link is removed before a file is written).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
from pathlib import Path

from pelican.writers import Writer

from .keys import Closure, Fingerprints, Uncacheable, resolve, sha, template_closure
from .site import input_state, site_key

logger = logging.getLogger(__name__)
FORMAT = 2


class RenderCache:
    def __init__(self, settings: dict, output: Path, log=None):
        self.output = Path(output)
        self.log = log or (lambda message: logger.info("%s", message))
        cache = Path(settings.get("CACHE_PATH") or ".cache")
        name = hashlib.sha256(str(self.output).encode()).hexdigest()[:16]
        self.manifest_path = cache / f"kasdikdas-render-{name}.marshal"
        self.site = site_key(settings)
        self.inputs = input_state(settings)
        self.previous = self._previous_pages()
        self.keys: dict[str, str] = {}  # page name (relative to output) -> key
        self.reused: list[str] = []
        self.rendered: list[str] = []
        self.uncacheable: list[str] = []
        self.fingerprints = Fingerprints()
        self._closures: dict[str, Closure] = {}

    # --- the last good build ----------------------------------------------------------

    def _previous_pages(self) -> dict:
        try:
            manifest = marshal.loads(self.manifest_path.read_bytes())
            if manifest.get("format") != FORMAT:
                return {}
            folder = os.stat(self.output)
        except (OSError, EOFError, ValueError, TypeError, AttributeError):
            return {}
        self._manifest = manifest
        if manifest.get("output") != (folder.st_dev, folder.st_ino):
            self.log("Render cache: output/ bukan hasil build terakhir; semua halaman dirender.")
            return {}
        changed = [part for part, value in self.site.items() if manifest["site"].get(part) != value]
        if changed:
            self.log(f"Berubah: {', '.join(changed)}; semua halaman dirender ulang.")
            return {}
        return manifest["pages"]

    def up_to_date(self) -> bool:
        """Nothing the site is built from changed since the last good build (every file
        under content/, the theme, the program, the settings, today's date) and every
        page of that build is still in `output/` as it was written: there is nothing
        to do."""
        manifest = getattr(self, "_manifest", None)
        if not self.previous or manifest is None or manifest.get("inputs") != self.inputs:
            return False
        return all(self.reusable(name, entry[0]) is not None
                   for name, entry in self.previous.items())

    def reusable(self, name: str, key: str) -> Path | None:
        """The previous output's file for this page, when it may stand for this render."""
        entry = self.previous.get(name)
        if entry is None or entry[0] != key:
            return None
        path = self.output / name
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns, st.st_ino) != tuple(entry[1:]):
            return None  # changed by hand (or by a tool) since: render it
        return path

    # --- keys -------------------------------------------------------------------------

    def key(self, template, context: dict) -> str:
        closure = self._closures.get(template.name)
        if closure is None:
            closure = self._closures[template.name] = template_closure(template.environment,
                                                                       template.name)
        fp = self.fingerprints
        own = context.get("article")  # the page's own article: its state as it is now
        parts = [closure.digest, context.get("output_file", "")]
        for name, path in closure.chains:
            value = resolve(context, name, path)
            parts.append(f"{name}{path!r}={fp.fresh(value) if value is own and own is not None else fp.of(value)}")
        return sha("\n".join(parts))

    # --- after the swap ---------------------------------------------------------------

    def commit(self, output: Path) -> None:
        """Remember the pages `output/` now holds (called once it is swapped in)."""
        pages = {}
        for name, key in self.keys.items():
            with contextlib.suppress(OSError):
                st = os.lstat(Path(output) / name)
                pages[name] = (key, st.st_size, st.st_mtime_ns, st.st_ino)
        folder = os.stat(output)
        manifest = {"format": FORMAT, "output": (folder.st_dev, folder.st_ino),
                    "site": self.site, "inputs": self.inputs, "pages": pages}
        with contextlib.suppress(OSError):
            self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.manifest_path.with_name(f".tmp-{os.getpid()}-{self.manifest_path.name}")
            tmp.write_bytes(marshal.dumps(manifest))
            os.replace(tmp, self.manifest_path)

    def summary(self) -> str:
        return (f"{len(self.rendered)} halaman dirender, {len(self.reused)} dipakai ulang"
                + (f", {len(self.uncacheable)} tanpa kunci" if self.uncacheable else ""))


class _Sink:
    """Where a reused page's (empty) render goes: nowhere."""

    def write(self, _text):
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _KeyedTemplate:
    """The template a generator passed, deciding at render time whether the page's
    previous file can stand for it (then the render is skipped)."""

    def __init__(self, template, writer: IncrementalWriter):
        self.template, self.writer = template, writer
        self.name, self.environment = template.name, template.environment

    def render(self, context: dict) -> str:
        cache, name = self.writer.render_cache, context["output_file"]
        assert cache is not None  # a writer keys its templates only with a cache
        try:
            key = cache.key(self.template, context)
        except Uncacheable as exc:
            logger.debug("render cache: %s: %s", name, exc)
            cache.uncacheable.append(name)
            return self.template.render(context)
        cache.keys[name] = key
        previous = cache.reusable(name, key)
        if previous is not None:
            self.writer.reuse[os.path.abspath(os.path.join(self.writer.output_path, name))] = previous
            cache.reused.append(name)
            return ""
        cache.rendered.append(name)
        return self.template.render(context)


class IncrementalWriter(Writer):
    """Pelican's Writer, with the render cache in front of each page's render."""

    render_cache: RenderCache | None = None  # set by `writer_for`

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.reuse: dict[str, Path] = {}  # staging path -> previous output's file

    def write_file(self, name, template, context, *args, **kwargs):
        if self.render_cache is not None and getattr(template, "name", None):
            template = _KeyedTemplate(template, self)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        previous = self.reuse.pop(os.path.abspath(filename), None) if self.reuse else None
        if previous is None:
            if filename not in self._overridden_files and _linked(filename):
                os.unlink(filename)  # never write through a hard link into the previous output
            return super()._open_w(filename, encoding, override)
        if not self._claim(filename, override):
            return _Sink()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(filename)
        try:
            os.link(previous, filename)
        except OSError:  # another file system: a copy is still no render
            import shutil

            shutil.copy2(previous, filename)
        return _Sink()

    def _claim(self, filename, override) -> bool:
        """Pelican's rules for writing one file twice (`Writer._open_w`), without opening
        it: False when the file must be skipped."""
        from pelican.writers import FileOverwriteFailedError

        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True


def _linked(filename) -> bool:
    try:
        st = os.lstat(filename)
    except OSError:
        return False
    return st.st_nlink > 1 or os.path.islink(filename)


def writer_for(cache: RenderCache | None) -> type[IncrementalWriter] | None:
    """The writer class for a build with this render cache (Pelican makes the writer
    itself, so the cache comes with the class); None without one: Pelican's own."""
    if cache is None:
        return None
    return type("IncrementalWriter", (IncrementalWriter,), {"render_cache": cache})
