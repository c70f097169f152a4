"""The one base of every error a command reports as a message, never a traceback:
its lines (what the terminal and the preview's page show) and its exit code."""

from __future__ import annotations

import logging


class ReportedError(Exception):
    """An error the reader can act on; commands print it and exit with `exitcode`."""

    exitcode = 1

    def lines(self) -> list[str]:
        return [str(self)]


def without_traceback(record: logging.LogRecord) -> bool:
    """A logging filter for Pelican's own logger: stock `pelican` logs whatever stopped the
    build with its traceback (`exc_info=True`); a ReportedError is the reader's to act
    on, so its message is kept and the traceback dropped. Every other record passes."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, ReportedError):
        record.exc_info, record.exc_text = None, None
        record.msg, record.args = "%s", (str(error),)
    return True
