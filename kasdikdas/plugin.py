"""The whole build as one Pelican plugin: `PLUGINS = ["kasdikdas.plugin"]`.

Pelican's own story (`Pelican.run`) is: settings → readers → the article generator
reads every file → the other generators → write → `finalized`. Our phases hook into
it here and nowhere else, in this order:

1. settings   every phase's defaults (`initialized`)
2. validate   our Markdown reader (`readers_init`); every showcase resolved against the
              registry, all problems raised at once (`article_generator_pretaxonomy`)
3. media      each showcase's video probed, encoded and attached
              (`article_generator_finalized`); sources kept out of the static files,
              every static file checked again before it is copied;
              renditions and posters published (`article_writer_finalized`)
4. pages      groupings, inovasi, statistik, open data, /cari/ and /offline/
              (`get_generators`); each showcase's `article.view`, once every generator
              has its context (`all_generators_finalized`); every page through the
              render cache's writer when the build made one (`get_writer`,
              kasdikdas.incremental: an unchanged page is linked from the previous
              output instead of rendered); each feed's showcase entries get their
              video and image enclosures (`feed_generated`)
5. postbuild  `postbuild.STEPS`, in order (`finalized`)
"""

from __future__ import annotations

import logging

from pelican import signals

from . import idformat, incremental, postbuild
from .errors import without_traceback
from .media import images
from .media import receivers as media
from .pages import GENERATORS
from .pages import configure as configure_pages
from .pages.feeds import add_enclosures
from .pages.view import attach_views
from .postbuild import assets, hosting, search, sitemap
from .validate import resolve
from .validate import static as static_rules


def configure(pelican) -> None:
    """Every phase's defaults, before any generator exists."""
    settings = pelican.settings
    # SITEURL turns relative page by page under RELATIVE_URLS; canonical and og:url
    # links in every page need the configured one.
    settings.setdefault("CANONICAL_SITEURL", settings["SITEURL"])
    resolve.add_defaults(pelican)
    media.add_defaults(pelican)
    configure_pages(settings)
    idformat.add_filters(pelican)
    search.add_defaults(settings)
    hosting.add_defaults(pelican)
    assets.fingerprint(pelican)
    sitemap.start(pelican)


def after_articles(generator) -> None:
    """Every article is read and resolved: fix its URL, then give it its media."""
    resolve.freeze_urls(generator)
    media.attach_media(generator)


def after_static(generator) -> None:
    media.drop_private_static(generator)
    static_rules.refuse_unchecked(generator)  # nothing validation refused is copied
    images.remember_static(generator)


def page_generators(pelican):
    return GENERATORS


def after_generators(generators) -> None:
    """Every generator has its context, nothing is written yet."""
    attach_views(generators)
    sitemap.date_undated_pages(generators)
    sitemap.remember_videos(generators)


def register():
    logging.getLogger("pelican").addFilter(without_traceback)  # stock `pelican`: no traceback
    signals.initialized.connect(configure)
    signals.readers_init.connect(resolve.add_reader)
    signals.article_generator_pretaxonomy.connect(resolve.resolve_showcases)
    signals.article_generator_finalized.connect(after_articles)
    signals.static_generator_finalized.connect(after_static)
    signals.get_generators.connect(page_generators)
    signals.all_generators_finalized.connect(after_generators)
    signals.get_writer.connect(incremental.provide_writer)
    signals.content_written.connect(sitemap.queue_page)
    signals.feed_generated.connect(add_enclosures)
    signals.article_writer_finalized.connect(media.publish_media)
    signals.finalized.connect(postbuild.run)
