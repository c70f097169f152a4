"""Writes every grouping's pages through Pelican's writer, so pagination,
`content_written` (sitemap) and feeds work the same for all of them."""

from __future__ import annotations

from functools import partial

from pelican.generators import Generator

from ..cards import attach_cards, publish_cards
from .declarations import GROUPINGS
from .grouping import Membership, attach_schools, build_groups, memberships


class GroupsGenerator(Generator):
    def generate_context(self) -> None:
        articles = self.context["articles"]
        registry = self.context["registry"]
        groups = {g.kind: build_groups(g, registry, articles, self.settings) for g in GROUPINGS}
        attach_schools(groups)
        self.context["groups"] = groups  # templates list the groups of every kind
        self.memberships: dict[str, Membership] = memberships(groups)
        self.cards = attach_cards(groups, self.settings)  # each group's share card

    def generate_output(self, writer):
        publish_cards(self.cards, self.output_path)
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        sitename = self.settings["SITENAME"]
        for groupset in self.context["groups"].values():
            grouping = groupset.grouping
            write(groupset.save_as, self.get_template(grouping.index_template), self.context,
                  template_name=grouping.index_template, url=groupset.url,
                  page_name=groupset.save_as.rsplit(".", 1)[0], groupset=groupset)
            template = self.get_template(grouping.kind)
            for group in groupset:
                write(group.save_as, template, self.context, paginated={"articles": group.articles},
                      template_name=grouping.kind, url=group.url, page_name=group.page_name,
                      group=group, articles=group.articles)
                if group.feed_atom:
                    writer.write_feed(group.articles, self.context, group.feed_atom,
                                      feed_title=f"{sitename} — {group.name}")
