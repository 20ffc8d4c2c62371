"""What the MkDocs plugin does to each page's text, as a Python-Markdown extension that
Zensical runs (it has no plugin API, but renders Markdown with the extensions mkdocs.yml
lists, calling them with the page being rendered).

- The portal's own pages are HTML already (generator/render.py): passed through whole, as
  `_HtmlRender` does under MkDocs, instead of Python-Markdown reading every tag.
- Every other page is comms-written: its HTML goes through the allowlist
  (generator/sanitize.py), the second lock after `portal check`; its front matter's texts
  are escaped, as the theme prints them as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markupsafe import escape

from generator.sanitize import sanitize_html

NAME = "generator.zensical_markdown"
"""How mkdocs.yml's `markdown_extensions` names this module."""


class PortalPages(Extension):
    """`own_pages`: a JSON file naming the docs folder's pages the portal generated
    (`generated`), and those of them that are all HTML (`html`: not the communiqués)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"own_pages": ["", "JSON file: the portal's generated pages"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        pages = json.loads(Path(self.getConfig("own_pages")).read_text("utf-8"))
        html, generated = frozenset(pages["html"]), frozenset(pages["generated"])
        # After `normalize_whitespace` (30), which would erase the stash's markers.
        md.preprocessors.register(_PassThrough(md, html, generated), "portal_html", 25)
        md.postprocessors.register(_Allowlist(md, html), "portal_allowlist", 0)


def _current_page(md: Markdown) -> str | None:
    """The page Zensical is rendering, relative to the docs folder (`services/x.md`)."""
    page = _page(md)
    return page.path if page is not None else None


def _page_meta(md: Markdown) -> dict[str, Any]:
    """The front matter of the page being rendered, as Zensical's theme will print it."""
    page = _page(md)
    return page.meta if page is not None else {}


def _page(md: Markdown) -> Any:
    from zensical.extensions.context import ContextPreprocessor

    context = ContextPreprocessor.from_markdown(md)
    return context.page if context is not None else None


class _PassThrough(Preprocessor):
    def __init__(self, md: Markdown, html: frozenset[str], generated: frozenset[str]) -> None:
        super().__init__(md)
        self.html, self.generated = html, generated

    def run(self, lines: list[str]) -> list[str]:
        page = _current_page(self.md)
        if page in self.html:
            return [self.md.htmlStash.store("\n".join(lines).strip())]
        if page not in self.generated:  # the portal escaped its own front matter already
            meta = _page_meta(self.md)  # Material prints `title:`, `description:` unescaped
            for key, value in list(meta.items()):
                if isinstance(value, str):
                    meta[key] = str(escape(value))
        return lines


class _Allowlist(Postprocessor):
    def __init__(self, md: Markdown, own: frozenset[str]) -> None:
        super().__init__(md)
        self.own = own

    def run(self, text: str) -> str:
        return text if _current_page(self.md) in self.own else sanitize_html(text)


def makeExtension(**kwargs: Any) -> PortalPages:
    return PortalPages(**kwargs)
