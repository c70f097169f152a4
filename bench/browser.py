"""The browser every measurement and browser test drives: Debian's chromium through
Playwright (no browser download). KASDIKDAS_CHROMIUM names another build."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("KASDIKDAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def launch_chromium(playwright, **options):
    """A headless chromium from a started Playwright (`sync_playwright()`)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS, **options)
