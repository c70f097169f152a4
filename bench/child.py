"""One build in its own process, so the benchmark can read its wall time and peak memory.

    python -m bench.child ours  CONTENT OUTPUT CACHE [--set JSON] [--profile FILE]
    python -m bench.child stock CONTENT OUTPUT CACHE [--profile FILE]
    python -m bench.child stock-pagefind CONTENT OUTPUT CACHE
    python -m bench.child check CONTENT OUTPUT CACHE [--set JSON]

`ours` is exactly `invoke build` (kasdikdas.build.build_site with pelicanconf.py),
`ours-publish` the build of `invoke publish` (publishconf.py, bench/offload.py); `stock`
is Pelican with its defaults: no plugins (not even installed namespace plugins), the
default theme, no content cache; `stock-pagefind` is what a user would assemble for
search: that stock build, then the Pagefind CLI (the same binary our build runs) over
its output with Pagefind's defaults. `check` is `invoke check`
(kasdikdas.validate.validate_site; OUTPUT is unused).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import sys

from kasdikdas.config import ROOT


def build_ours(content: str, output: str, cache: str, overrides: dict) -> None:
    from kasdikdas.build import build_site

    build_site(ROOT / "pelicanconf.py", output, PATH=content, CACHE_PATH=cache, **overrides)


def build_ours_publish(content: str, output: str, cache: str, overrides: dict) -> None:
    """`invoke publish`'s build (publishconf.py), without deploying anything."""
    from kasdikdas.build import build_site

    build_site(ROOT / "publishconf.py", output, PATH=content, CACHE_PATH=cache, **overrides)


def build_stock(content: str, output: str, cache: str, overrides: dict) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        None,
        override={
            "PATH": content,
            "OUTPUT_PATH": output,
            "CACHE_PATH": cache,
            "SITENAME": "Kas Dikdas Blora",
            "TIMEZONE": "Asia/Jakarta",
            "DEFAULT_LANG": "id",
            # An empty list, not the default None: with None, Pelican loads every namespace
            # plugin installed in the environment (sitemap, precompress…), so it is not stock.
            "PLUGINS": [],
            **overrides,
        },
    )
    Pelican(settings).run()


def build_stock_pagefind(content: str, output: str, cache: str, overrides: dict) -> None:
    import subprocess

    from kasdikdas.postbuild.search.index import pagefind_binary

    build_stock(content, output, cache, overrides)
    subprocess.run([pagefind_binary(), "--site", output, "--quiet"], check=True)


def check_ours(content: str, output: str, cache: str, overrides: dict) -> None:
    from kasdikdas.build import pelican_settings
    from kasdikdas.model.problems import ContentError
    from kasdikdas.state import with_defaults
    from kasdikdas.validate import validate_site

    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py", PATH=content,
                                              CACHE_PATH=cache, **overrides))
    _, problems = validate_site(settings)
    if problems:
        raise ContentError(problems)


BUILDERS = {"ours": build_ours, "ours-publish": build_ours_publish, "stock": build_stock,
            "stock-pagefind": build_stock_pagefind, "check": check_ours}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(BUILDERS))
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("cache")
    parser.add_argument("--set", default="{}", help="setting overrides as JSON")
    parser.add_argument("--profile", help="write cProfile stats here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build = BUILDERS[args.kind]
    call = (args.content, args.output, args.cache, json.loads(args.set))
    if args.profile:
        cProfile.runctx("build(*call)", globals(), {"build": build, "call": call}, args.profile)
    else:
        build(*call)
    return 0


if __name__ == "__main__":
    sys.exit(main())
