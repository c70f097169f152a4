"""The settings of the search plugin (Pagefind index, /cari/ and /offline/ pages, service
worker), in one place; pelicanconf.py may override any."""

from __future__ import annotations

from pathlib import Path

from kasdikdas.config import PhaseSettings


class SearchSettings(PhaseSettings):
    """Every SEARCH_* setting (see the module's doc)."""

    # Run Pagefind over the written site after every build.
    SEARCH_PAGEFIND: bool = True
    # The pagefind binary; None means the one shipped in the pagefind-bin wheel.
    SEARCH_PAGEFIND_BINARY: str | Path | None = None
    SEARCH_LANGUAGE: str = "id"  # Indonesian stemming; one index for the whole site
    SEARCH_BUNDLE_DIR: str = "pagefind"  # relative to the output folder
    # Where the last index is kept, keyed by its inputs; None means CACHE_PATH/search.
    SEARCH_CACHE_DIR: str | Path | None = None
    # Pagefind's ready-made UIs and the web worker: theme/js/search.js needs none of them,
    # so they are not published (about 0.5 MB less to upload).
    SEARCH_BUNDLE_UNUSED: list[str] = ["pagefind-ui.*", "pagefind-component-ui.*",
                             "pagefind-modular-ui.*", "pagefind-highlight.js",
                             "pagefind-worker.js", "wasm.unknown.pagefind"]
    # Rewrite Pagefind's output so a first query loads less (search/compact.py): short
    # result-file names (the metadata every query loads is half as big) and index
    # chunks of about SEARCH_INDEX_CHUNK_BYTES unpacked (None keeps Pagefind's chunks,
    # 15-45 KB compressed each) so that a query loads little more than its words.
    SEARCH_COMPACT: bool = True
    SEARCH_INDEX_CHUNK_BYTES: int | None = 12_000
    # Pagefind's files stay gzip-packed as Pagefind writes them (every host sends them
    # small); a publish build adds `.br` twins of their unpacked content for hosts that
    # serve brotli (index.declare_packed_files, plugins/hosting/twins.py).
    # Which pages are indexed; None means the showcase pages (from ARTICLE_SAVE_AS).
    SEARCH_GLOB: str | None = None
    # Only the main content is indexed: header, navigation and footer repeat on every page.
    SEARCH_ROOT_SELECTOR: str = "main"
    # Pagefind skips nav, footer, forms and scripts by itself; also leave out the player
    # with its tier list ("Hemat data · 240p…"), the labels of a showcase's facts
    # ("Sekolah", "Jenjang"…), which every page has, and the links to the school's other
    # showcases (their titles would make this page a result for them). Words on every
    # page make every index chunk and result file bigger.
    SEARCH_EXCLUDE_SELECTORS: list[str] = ["video", "figure.video", "[data-search-ignore]",
                                 ".profil dt", ".tetangga"]
    SEARCH_PAGE_URL: str = "cari/"
    SEARCH_PAGE_SAVE_AS: str = "cari/index.html"
    SEARCH_OFFLINE_URL: str = "offline/"
    SEARCH_OFFLINE_SAVE_AS: str = "offline/index.html"
    # The service worker must sit at the site root so that its scope covers every page.
    SEARCH_SERVICE_WORKER: bool = True
    SEARCH_SW_SAVE_AS: str = "sw.js"
    # Written files under these output folders form the app shell cached on install.
    SEARCH_SHELL_DIRS: list[str] = ["theme"]
    SEARCH_SHELL_MAX_BYTES: int = 200_000  # a file larger than this is never precached
    SEARCH_SW_NETWORK_TIMEOUT_MS: int = 6000  # then a cached copy of a page wins
    SEARCH_SW_MAX_PAGES: int = 150  # pages (and their assets) kept for offline reading


DEFAULTS = SearchSettings.defaults()


