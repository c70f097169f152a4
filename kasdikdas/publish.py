"""Publish the site safely: check the content, build into a staging folder, check the
result, swap it into `output/`, then deploy by rsync and/or to a GitHub Pages branch.
With the media in a bucket (KASDIKDAS_MEDIA_BUCKET + KASDIKDAS_MEDIA_URL) the media are
uploaded as the last check, before the swap, and the live site's list is written after
the deploy (kasdikdas/publish_media.py).

Any failure before the swap leaves `output/` and every deployed copy untouched.
Deploys are content-based: publishing an unchanged site transfers no file and makes
no commit. `invoke publish` calls `main`; run `python -m kasdikdas.publish --help` too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from kasdikdas.build import build_site, pelican_settings
from kasdikdas.errors import ReportedError
from kasdikdas.media.location import LocationError, media_origin, offloaded
from kasdikdas.media.store import StoreError
from kasdikdas.model.problems import ContentError
from kasdikdas.postbuild.assets import csp_hash_source
from kasdikdas.postbuild.hosting.settings import HostingSettings
from kasdikdas.publish_media import MediaPublisher
from kasdikdas.rsync_target import (SITE_MARKER, SITE_MARKER_TEXT, rsync_foreign_folder,
                                    rsync_missing, rsync_target_problem)
from kasdikdas.settings_check import refuse_unknown_settings
from kasdikdas.validate.output import output_problems
from kasdikdas.config import ROOT


GITHUB_PAGES_SKIP = (".br", ".gz")  # GitHub Pages compresses by itself
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}  # data, never run


# --- post-build checks --------------------------------------------------------------

class _PageAudit(HTMLParser):
    """Collects what a strict CSP would block, or what would reach another host."""

    SUBRESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("video", "src"), ("video", "poster"),
                         ("source", "src"), ("track", "src"), ("audio", "src"), ("iframe", "src"),
                         ("img", "srcset"), ("source", "srcset"), ("embed", "src"),
                         ("object", "data")}
    # <link rel=...> kinds that make the browser fetch (canonical/alternate only name a URL).
    FETCHING_LINKS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload",
                      "modulepreload", "prefetch", "preconnect", "dns-prefetch"}

    def __init__(self, own_host: str | set[str], style_sources=()):
        super().__init__(convert_charrefs=True)
        self.own_host = own_host
        self.style_sources = set(style_sources)  # CSP hashes of the allowed inline styles
        self.problems: list[str] = []
        self._inline_script = False
        self._style: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f"atribut style=\"\" pada <{tag}> (diblokir CSP)")
            elif name.startswith("on"):
                self.problems.append(f"atribut {name}= pada <{tag}> (skrip sebaris diblokir CSP)")
            elif value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"tautan javascript: pada <{tag}> (diblokir CSP)")
        if tag == "style":
            self._style = []
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in DATA_SCRIPT_TYPES:
            self._inline_script = True
        if tag == "link" and self.FETCHING_LINKS & set((attrs.get("rel") or "").lower().split()):
            self._check_host(tag, attrs.get("href"))
        for (t, attr) in self.SUBRESOURCE_ATTRS:
            if t == tag and attrs.get(attr):
                for candidate in attrs[attr].split(","):
                    self._check_host(tag, candidate.strip().split(" ")[0])

    def handle_data(self, data):
        if self._style is not None:
            self._style.append(data)
        if self._inline_script and data.strip():
            self.problems.append("elemen <script> sebaris (diblokir CSP; pakai berkas .js)")
        self._inline_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False
        if tag == "style" and self._style is not None:
            if csp_hash_source("".join(self._style)) not in self.style_sources:
                self.problems.append("elemen <style> sebaris yang hash-nya tidak ada di CSP "
                                     "(diblokir; hanya gaya dari postbuild/assets diizinkan)")
            self._style = None

    def _check_host(self, tag, url):
        host = urlsplit(url or "").netloc
        allowed = {self.own_host} if isinstance(self.own_host, str) else self.own_host
        if host and host not in allowed:
            self.problems.append(f"<{tag}> memuat {url} dari host lain")


def page_problems(html: str, own_host: str | set[str], style_sources=()) -> list[str]:
    """What the strict CSP would block in `html`; an inline <style> passes only when its
    hash source is one of `style_sources`."""
    audit = _PageAudit(own_host, style_sources)
    audit.feed(html)
    audit.close()
    return sorted(set(audit.problems))


def check_output(output: Path, settings: dict) -> list[str]:
    """Post-build check of a finished (staging) folder: host files written, only regular
    files of the types the build writes (kasdikdas.validate.output), and no page that the
    strict CSP would break or that loads from another host."""
    hosting = HostingSettings.read(settings)
    problems = [f"{name} tidak dibuat" for name in hosting.HOSTING_FILES
                if not (output / name).is_file()]
    unsafe = output_problems(output, settings)
    if unsafe:  # no page of a folder the build did not write alone is opened
        return problems + unsafe
    own_host = urlsplit(settings.get("SITEURL", "")).netloc
    origin = media_origin(settings)  # the media bucket, named in the CSP as well
    hosts = {own_host, urlsplit(origin).netloc} if origin else own_host
    styles = hosting.HOSTING_CSP_HASHES.get("style-src", ())
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        problems += [f"{rel}: {p}"
                     for p in page_problems(page.read_text("utf-8"), hosts, styles)]
    return problems


# --- deploy targets -----------------------------------------------------------------

class DeployError(Exception):
    pass


def rsync_command(source: Path, target: str, marker: Path | None = None) -> list[str]:
    """Checksums, not times, decide what moves (every build writes new times); `--delete`
    works only inside the target folder; `--delay-updates` puts changed files in place
    together at the end, so visitors never see half a site. `marker`: a folder whose
    contents (the site marker) join the site's in the target."""
    return ["rsync", "--recursive", "--links", "--perms", "--chmod=D755,F644", "--checksum",
            "--delete", "--delete-delay", "--delay-updates", "--itemize-changes",
            f"{source}/", *([f"{marker}/"] if marker else []), target.rstrip("/") + "/"]


def deploy_rsync(source: Path, target: str, force: bool = False) -> list[str]:
    """Mirror `source` into `target` (a local folder or `user@host:folder`) and mark it as
    our site; returns the itemized changes, empty when nothing changed. A target that
    holds other files is refused unless `force`. SSH options go in RSYNC_RSH."""
    problem = rsync_target_problem(target) or rsync_missing()
    if not problem and not force:
        problem = rsync_foreign_folder(target)
    if problem:
        raise DeployError(problem)
    with tempfile.TemporaryDirectory(prefix="kasdikdas-penanda-") as marker:
        (Path(marker) / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        run = subprocess.run(rsync_command(source, target, Path(marker)), capture_output=True,
                             text=True, check=False)
    if run.returncode:
        raise DeployError(f"rsync gagal ({run.returncode}): {run.stderr.strip()}")
    return [line for line in run.stdout.splitlines() if line.strip()]


def _git(*args: str, git_dir: Path, env: dict | None = None, **kw) -> str:
    run = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, **kw)
    if run.returncode:
        raise DeployError(f"git {args[0]} gagal: {without_credentials(run.stderr.strip())}")
    return run.stdout.strip()


def without_credentials(text: str) -> str:
    """Hide `user:token@` in any URL before it reaches a log."""
    return re.sub(r"(?<=://)[^/@\s]+@", "***@", text)


def remote_url(remote: str) -> str:
    """A remote's name in the project's checkout (`origin`) or a URL/path as given."""
    if "/" in remote or ":" in remote:
        return remote
    run = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", remote],
                         capture_output=True, text=True)
    if run.returncode:
        raise DeployError(f"remote git `{remote}` tidak dikenal; tulis URL-nya")
    return run.stdout.strip()


def pages_extra_files(siteurl: str) -> dict[str, str]:
    """`.nojekyll` so GitHub serves every file as is; `CNAME` for a custom domain."""
    files = {".nojekyll": ""}
    url = urlsplit(siteurl)
    host = url.hostname or ""
    if any(c.isalpha() for c in host) and not url.port and not host.endswith(".github.io") \
            and host != "localhost":
        files["CNAME"] = host + "\n"
    return files


def deploy_github_pages(source: Path, remote: str, branch: str, work: Path,
                        extra_files: dict[str, str], message: str) -> str | None:
    """Commit `source` as the whole tree of `branch` on `remote` and push it. Returns the
    new commit, or None when the branch already holds exactly this tree (no commit, no
    push). Uses a private repository in `work`, never the project's own checkout."""
    if not (work / "HEAD").exists():
        subprocess.run(["git", "init", "--quiet", "--bare", str(work)], check=True)
    remote = remote_url(remote)
    parent = None
    if _git("ls-remote", "--heads", remote, branch, git_dir=work):
        _git("fetch", "--quiet", "--depth=1", remote, f"+refs/heads/{branch}:refs/deploy/tip",
             git_dir=work)
        parent = _git("rev-parse", "refs/deploy/tip", git_dir=work)
    index = {"GIT_INDEX_FILE": str(work / "deploy.index")}
    _git("read-tree", "--empty", git_dir=work, env=index)
    excludes = [f":(exclude,glob)**/*{suffix}" for suffix in GITHUB_PAGES_SKIP]
    _git(f"--work-tree={source}", "add", "--all", "--force", "--", ".", *excludes,
         git_dir=work, env=index)
    for name, text in extra_files.items():
        blob = _git("hash-object", "-w", "--stdin", git_dir=work, input=text)
        _git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}",
             git_dir=work, env=index)
    tree = _git("write-tree", git_dir=work, env=index)
    if parent and _git("rev-parse", f"{parent}^{{tree}}", git_dir=work) == tree:
        return None
    identity = {key: os.environ.get(key, value) for key, value in {
        "GIT_AUTHOR_NAME": "Kas Dikdas", "GIT_AUTHOR_EMAIL": "kasdikdas@localhost",
        "GIT_COMMITTER_NAME": "Kas Dikdas", "GIT_COMMITTER_EMAIL": "kasdikdas@localhost"}.items()}
    commit = _git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message,
                  git_dir=work, env=identity)
    _git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}", git_dir=work)
    return commit


# --- the whole run ------------------------------------------------------------------

def publish(settings_file: str | Path, output: Path, rsync: str | None = None,
            github: str | None = None, branch: str = "gh-pages",
            work: Path = ROOT / ".cache" / "publish", prune: bool = False, force: bool = False,
            **overrides) -> int:
    """Check, build, check the result, upload the media (bucket), swap, deploy, record
    the live media (bucket). 0 on success, 1 on any failure."""
    target_problem = rsync and (rsync_target_problem(rsync) or rsync_missing())
    if target_problem:  # refused before anything is built
        print(f"Gagal menerbitkan: {target_problem}", file=sys.stderr)
        return 1
    settings = pelican_settings(settings_file, **overrides)
    try:
        refuse_unknown_settings(settings, settings_file)
        media = MediaPublisher(settings) if offloaded(settings) else None
    except (ContentError, LocationError) as exc:
        print(f"Gagal menerbitkan: {exc}", file=sys.stderr)
        return 1
    if prune and media is None:
        print("Gagal menerbitkan: --prune hanya untuk media di bucket (KASDIKDAS_MEDIA_BUCKET "
              "dan KASDIKDAS_MEDIA_URL)", file=sys.stderr)
        return 1
    # With a bucket, uploading the media is the last check: it runs only when the other
    # checks pass, and a failed upload stops the publish before the swap.
    checks = [check_output, media.check] if media else [check_output]
    try:  # the build validates everything first (kasdikdas.validate), as `invoke check` does
        build_site(settings_file, output, checks=checks, **overrides)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print("Tidak diterbitkan: perbaiki konten dulu.", file=sys.stderr)
        return 1
    except ReportedError as exc:
        print(exc, file=sys.stderr)
        return exc.exitcode
    print(f"Situs dibangun di {output}")
    if media:
        print(media.report.summary(media.where))
    try:
        _deploy(output, rsync, github, branch, work, settings["SITEURL"], force)
    except DeployError as exc:
        print(f"Gagal menerbitkan: {exc}", file=sys.stderr)
        return 1
    if media:
        try:
            report = media.finish(prune=prune)
        except StoreError as exc:
            print(f"Halaman sudah terbit, tetapi daftar media di bucket gagal: {exc}", file=sys.stderr)
            return 1
        if prune:
            print(report.prune_summary(media.where))
    return 0


def _deploy(output: Path, rsync: str | None, github: str | None, branch: str, work: Path,
            siteurl: str, force: bool) -> None:
    """The built site to each target asked for, with what changed; DeployError stops."""
    if rsync:
        changes = deploy_rsync(output, rsync, force=force)
        print(f"rsync ke {rsync}: {len(changes)} perubahan" if changes
              else f"rsync ke {rsync}: tidak ada yang berubah")
        print("".join(f"  {line}\n" for line in changes[:20]), end="")
    if github:
        commit = deploy_github_pages(output, github, branch, work / "gh-pages.git",
                                     pages_extra_files(siteurl), "Terbitkan situs Kas Dikdas")
        print(f"GitHub Pages ({without_credentials(github)} {branch}): " +
              (f"commit {commit[:12]} dikirim" if commit else "tidak ada yang berubah"))


def _setting(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kasdikdas.publish", description=__doc__)
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--rsync", default=os.environ.get("KASDIKDAS_RSYNC"),
                        help="folder or user@host:folder (env KASDIKDAS_RSYNC)")
    parser.add_argument("--github", default=os.environ.get("KASDIKDAS_GITHUB"),
                        help="git remote URL for GitHub Pages (env KASDIKDAS_GITHUB)")
    parser.add_argument("--branch", default=os.environ.get("KASDIKDAS_GITHUB_BRANCH", "gh-pages"))
    parser.add_argument("--work", default=str(ROOT / ".cache" / "publish"))
    parser.add_argument("--prune", action="store_true",
                        help="delete what the new site does not show (a withdrawn showcase at once) "
                             "from the media bucket and the shared encode cache")
    parser.add_argument("--paksa", action="store_true",
                        help="rsync into a folder that holds files but no site published "
                             "before (no .kasdikdas-situs): its other files are deleted")
    parser.add_argument("--set", action="append", default=[], type=_setting, metavar="KEY=VALUE",
                        help="override a Pelican setting (VALUE as JSON where it parses)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return publish(args.settings, Path(args.output), args.rsync, args.github, args.branch,
                   Path(args.work), prune=args.prune, force=args.paksa, **dict(args.set))


if __name__ == "__main__":
    sys.exit(main())
