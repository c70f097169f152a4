"""First contentful paint of each page type on DevTools "3G", cold cache, in chromium.

    python -m bench.first_paint output/            # every page type, median of 3 visits
    python -m bench.first_paint output/ --runs 5 --json fcp.json

The built site is served on 127.0.0.1 as a gzip host with the site's CSP
(`bench.search_measure.serve`). Each visit opens a fresh browser context (empty cache,
no service worker, 360×640) whose network is throttled through the DevTools protocol
exactly like DevTools' "3G" preset: 2,000 ms latency, 400 kbps down and up
(`Network.emulateNetworkConditions`). The figure is the browser's own
`first-contentful-paint` entry, in milliseconds from the start of navigation.

The physical floor on such a link is one round trip plus the page's bytes: 2,000 ms
plus ~50 ms per 2.5 KB. A page that needs a second request before it can paint (a
render-blocking stylesheet) pays the 2,000 ms twice. Budget: 2,500 ms (README, Budgets).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
from pathlib import Path

from bench.search_measure import launch_chromium, serve

BUDGET_MS = 2500  # README, Budgets

# DevTools' "3G" preset (formerly "Slow 3G"): 400 kbps each way, 2,000 ms latency.
THREE_G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}

# One page of each kind the site has (the sample site's URLs; `page_types` finds the
# showcase, school and group pages of any build).
FIXED_TYPES = {
    "beranda": "",
    "daftar sekolah": "sekolah/",
    "inovasi": "inovasi/",
    "statistik": "statistik/",
    "cari": "cari/",
}

# Resolved when the navigation has painted something (or after 60 s, then None).
FCP_SCRIPT = """() => new Promise(resolve => {
  const found = () => performance.getEntriesByName('first-contentful-paint')[0];
  if (found()) return resolve(found().startTime);
  new PerformanceObserver((list, observer) => {
    const entry = list.getEntriesByName('first-contentful-paint')[0];
    if (entry) { observer.disconnect(); resolve(entry.startTime); }
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 60000);
})"""


def first_match(output: Path, pattern: str) -> str | None:
    found = sorted(output.glob(pattern))
    return found[0].parent.relative_to(output).as_posix() + "/" if found else None


def page_types(output: str | Path) -> dict[str, str]:
    """Page type → URL under the site root, for the types this build has."""
    output = Path(output)
    types = {name: url for name, url in FIXED_TYPES.items()
             if (output / url / "index.html").is_file()}
    for name, pattern in (("kiprah", "kiprah/*/index.html"),
                          ("sekolah", "sekolah/[0-9]*/index.html"),
                          ("kategori", "kategori/*/index.html")):
        url = first_match(output, pattern)
        if url:
            types[name] = url
    return types


def first_paint_ms(browser, url: str, network: dict = THREE_G) -> float | None:
    """One cold visit of `url` on `network`: first contentful paint in ms, or None."""
    context = browser.new_context(service_workers="block",
                                  viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", network)
        page.goto(url, wait_until="commit", timeout=120_000)
        value = page.evaluate(FCP_SCRIPT)
        return round(value, 1) if value is not None else None
    finally:
        context.close()


def measure(output: str | Path, runs: int = 3, *, browser=None, log=None) -> dict:
    """{page type: {"url", "fcp_ms" (median), "runs": [...], "budget_ms", "within_budget"}}"""
    results = {}
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(output, "gzip"))
        if browser is None:
            from playwright.sync_api import sync_playwright

            browser = launch_chromium(stack.enter_context(sync_playwright()))
            stack.callback(browser.close)
        for name, url in page_types(output).items():
            values = [first_paint_ms(browser, base + url) for _ in range(runs)]
            good = [v for v in values if v is not None]
            median = round(statistics.median(good), 1) if good else None
            results[name] = {"url": "/" + url, "fcp_ms": median, "runs": values,
                             "budget_ms": BUDGET_MS,
                             "within_budget": median is not None and median <= BUDGET_MS}
            if log:
                log(f"  {name:<15} /{url:<34} FCP {median} ms")
    return results


def table(results: dict) -> str:
    lines = ["| jenis halaman | URL | FCP 3G (ms) | anggaran |", "|---|---|---:|---|"]
    for name, r in results.items():
        mark = "ya" if r["within_budget"] else "TIDAK"
        lines.append(f"| {name} | `{r['url']}` | {r['fcp_ms']} | ≤ {r['budget_ms']}: {mark} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir")
    parser.add_argument("--runs", type=int, default=3, help="visits per page (median)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = measure(args.output_dir, args.runs, log=print)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if all(r["within_budget"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
