"""The one base of every error a command reports as a message, never a traceback:
its lines (what the terminal and the preview's page show) and its exit code."""

from __future__ import annotations


class ReportedError(Exception):
    """An error the reader can act on; commands print it and exit with `exitcode`."""

    exitcode = 1

    def lines(self) -> list[str]:
        return [str(self)]
