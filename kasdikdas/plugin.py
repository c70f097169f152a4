"""The whole build as one Pelican plugin: `PLUGINS = ["kasdikdas.plugin"]`.

Pelican's own story (`Pelican.run`) is: settings → readers → the article generator
reads every file → the other generators → write → `finalized`. Our phases hook into
it here and nowhere else, in this order:

1. settings   every phase's settings read and checked once: the build's state
              (kasdikdas.state, `initialized`); each later step reads and fills it
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

from . import cachelock, idformat, postbuild
from .errors import without_traceback
from .incremental import writer_for
from .media import images
from .media import receivers as media
from .model.vocab import CATEGORIES, LEVELS
from .pages import GENERATORS
from .pages import configure as configure_pages
from .pages.feeds import add_enclosures
from .pages.groups.generator import GroupsGenerator
from .pages.settings import PageSettings
from .pages.view import attach_views
from .postbuild import assets, hosting, search, sitemap
from .state import started
from .validate import resolve
from .validate import static as static_rules


def configure(pelican) -> None:
    """Every phase's settings read and checked once (the build's state), before any
    generator exists; the values templates read put where they read them."""
    settings = pelican.settings
    started(settings)
    if not PageSettings.read(settings).CANONICAL_SITEURL:
        PageSettings.change(settings, CANONICAL_SITEURL=settings["SITEURL"])
    media.configure(settings)
    configure_pages(settings)
    idformat.add_filters(pelican)
    search.configure(settings)
    hosting.configure(settings)
    urls, inline = assets.fingerprint(pelican)
    settings["ASSET_URLS"], settings["ASSET_INLINE"] = urls, inline  # templates read them
    sitemap.start(pelican)


def after_validation(generator) -> None:
    """Every showcase is valid: the site goes into the state, and what templates read
    of it into the context (the one place they are named)."""
    state = started(generator.settings)
    state.site = site = resolve.resolve_showcases(generator)
    generator.context.update(registry=site.registry,
                             showcases=[a.showcase for a in generator.articles],
                             CATEGORIES=CATEGORIES, LEVELS=LEVELS)


def after_articles(generator) -> None:
    """Every article is read and resolved: fix its URL, then give it its media."""
    cachelock.release()  # Pelican has written the articles' cache: the next build may start
    state = started(generator.settings)
    resolve.freeze_urls(generator)
    if state.site is not None:
        state.media = media.attach_media(generator, state.site)
        state.private_sources = media.private_sources(state.site.showcases.values())


def after_static(generator) -> None:
    media.drop_private_static(generator, started(generator.settings).private_sources)
    static_rules.refuse_unchecked(generator)  # nothing validation refused is copied
    images.remember_static(generator)


def page_generators(pelican):
    return GENERATORS


def after_generators(generators) -> None:
    """Every generator has its context, nothing is written yet."""
    state = started(generators[0].settings)
    for generator in generators:
        if isinstance(generator, GroupsGenerator):
            state.memberships = generator.memberships
    attach_views(generators, state.media, state.memberships)
    sitemap.date_undated_pages(generators)
    sitemap.remember_videos(generators)


def writer(pelican):
    return writer_for(started(pelican.settings).render_cache)


def publish_media(generator, writer) -> None:
    media.publish_media(generator, started(generator.settings).media)


def register():
    logging.getLogger("pelican").addFilter(without_traceback)  # stock `pelican`: no traceback
    signals.initialized.connect(configure)
    signals.readers_init.connect(resolve.add_reader)
    signals.article_generator_pretaxonomy.connect(after_validation)
    signals.article_generator_finalized.connect(after_articles)
    signals.static_generator_finalized.connect(after_static)
    signals.get_generators.connect(page_generators)
    signals.all_generators_finalized.connect(after_generators)
    signals.get_writer.connect(writer)
    signals.content_written.connect(sitemap.queue_page)
    signals.feed_generated.connect(add_enclosures)
    signals.article_writer_finalized.connect(publish_media)
    signals.finalized.connect(postbuild.run)
