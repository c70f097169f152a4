"""A base for generators whose pages are made from the validated model.

They run after kiprah has resolved the showcases (the context holds `registry`,
`showcases` and the articles with `article.showcase`) and write through Pelican's
writer, so pagination and the `content_written` signal work for their pages too.
"""

from __future__ import annotations

from pelican.generators import Generator


class ModelPageGenerator(Generator):
    def generate_context(self):
        pass  # the model is already in the context

    def generate_output(self, writer):
        registry = self.context.get("registry")
        if registry is not None:  # None: kiprah resolved nothing, so nothing to show
            self.write_pages(writer, registry)

    def write_pages(self, writer, registry):
        raise NotImplementedError

    def write_page(self, writer, save_as: str, url: str, template_name: str, **kwargs):
        """Render `template_name` to `save_as`; kwargs reach the template (or the writer:
        `paginated=`)."""
        writer.write_file(
            save_as,
            self.get_template(template_name),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name=template_name,
            url=url,
            page_name=url.strip("/"),
            **kwargs,
        )
