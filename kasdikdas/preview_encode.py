"""The live preview's encodes in the background: a build leaves the clips the cache
lacks (VIDEO_DEFER), the preview serves the rest of the site at once, and this encodes
them in a worker pool while the browser shows which clip is encoding and how far; when
they are done the site is built again with them (and the browser reloads)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from .media.pipeline import Deferred, run_jobs, stop_encodes, take_deferred
from .preview import PreviewState


class BackgroundEncodes:
    """`rebuild_later(defer)` must schedule a build on the server's thread: with
    defer=True after the clips were made, defer=False after one failed (so the failure
    shows on the problem page instead of being tried again and again in the background)."""

    def __init__(self, state: PreviewState, rebuild_later: Callable[[bool], None]):
        self.state, self.rebuild_later = state, rebuild_later
        self.thread: threading.Thread | None = None

    @classmethod
    def on_this_thread(cls, state: PreviewState, rebuild: Callable[[bool], None]) -> BackgroundEncodes:
        """Encodes whose follow-up build runs on this thread's event loop (the preview
        server's), and a browser reload every 10 s while clips encode, so the notice's
        percentages stay fresh."""
        from tornado.ioloop import IOLoop, PeriodicCallback

        from .preview import reload_browsers

        loop = IOLoop.current()
        PeriodicCallback(lambda: state.encoding and reload_browsers(), 10_000).start()
        return cls(state, lambda defer: loop.add_callback(rebuild, defer))

    def start_if_deferred(self) -> None:
        deferred = take_deferred()
        if deferred is None:
            return
        if self.thread is not None and self.thread.is_alive():
            return  # the build that follows the running encode plans these again
        self.state.encoding = [f"{job.label} 0%" for job in deferred.jobs]
        self.thread = threading.Thread(target=self._run, args=(deferred,), name="enkode-pratinjau",
                                       daemon=True)
        self.thread.start()

    def _run(self, deferred: Deferred) -> None:
        failed: dict[str, str] = {"": "belum selesai"}
        try:
            failed = run_jobs(deferred.jobs, deferred.settings, listener=self._show, in_pool=True)
        except Exception as exc:  # a pool stopped with the preview, a broken worker
            print(f"Pengodean video di latar belakang berhenti: {exc}", file=sys.stderr)
        finally:
            self.state.encoding = []
        self.rebuild_later(not failed)

    def _show(self, running: list[str]) -> None:
        if running:
            self.state.encoding = running

    def stop(self) -> None:
        stop_encodes()
