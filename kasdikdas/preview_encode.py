"""Serving the site before every video is encoded: a build leaves the clips the cache
lacks (VIDEO_DEFER) and their pages say the video is being encoded. `invoke serve`
encodes them in the foreground once the site is served (serve_while_encoding); the
live preview in the background, showing in the browser which clip is encoding and how
far (BackgroundEncodes). When they are done the site is built again with them."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .media.pipeline import Deferred, run_jobs, stop_encodes, take_deferred
from .preview import PreviewState, SiteRequestHandler


def serve_while_encoding(output: Path, port: int, build_with_videos: Callable[[], int]) -> None:
    """Serve `output` on 127.0.0.1 at once; encode what the build left (a bar or log
    lines), then build again with the videos. Until Ctrl-C."""
    handler = functools.partial(SiteRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Situs tersaji di http://localhost:{port}/ — tekan Ctrl-C untuk berhenti", flush=True)
    try:
        deferred = take_deferred()
        if deferred is not None:
            print(f"{len(deferred.jobs)} video dikodekan sekarang; halamannya sudah bisa dibuka dan "
                  "menampilkan videonya begitu selesai (halamannya dimuat ulang sendiri).", flush=True)
            run_jobs(deferred.jobs, deferred.settings)
            if build_with_videos() == 0:
                print("Semua video siap.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


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

        def reload_while_encoding() -> None:
            if state.encoding:
                reload_browsers(state)

        PeriodicCallback(reload_while_encoding, 10_000).start()
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
