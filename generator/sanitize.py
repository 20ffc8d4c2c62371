"""Comms-written Markdown → HTML that can carry no script, and what was taken out of it.

Pages of ``content/`` and communiqué bodies are Markdown written by comms staff, who
need headings, lists, links, tables and admonitions, never HTML of their own. Python-
Markdown passes raw HTML through, and so do attribute lists (``{: onclick=… }``), so the
rendered HTML goes through one allowlist (`nh3`, the Rust *ammonia* sanitiser): what
Markdown and its extensions produce is kept, everything else goes. The same allowlist
serves `portal check`, which names each removed element, attribute or address with its
line (`removed_parts`), and the build, which sanitises again (`sanitize_html`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")
"""MkDocs' own (toc, tables, fenced_code) and those of mkdocs.yml: a page is checked as built."""

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul"})
"""What Markdown, tables, fenced code, attr_list and admonitions write, and harmless text markup."""

ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "details": {"open"},
    "time": {"datetime"},
}
"""No event handler (`on…`), no `style` but a table column's alignment, no `target`."""

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Links may also be relative (`annuaire.md`, `#horaires`); images only relative (the site)."""

_DROPPED_WITH_CONTENT = {"script", "style", "template", "textarea", "noscript", "title",
                         "iframe", "noembed", "noframes", "xmp"}
_URL_ATTRIBUTES = frozenset({"href", "src"})
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
"""Browsers drop these anywhere in a URL: ``java<TAB>script:`` is ``javascript:``."""
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_TABLE_ALIGN = re.compile(r"text-align: (left|right|center);?")
_CLASS_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"[0-9]{1,4}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""Patterns of whole values (`fullmatch`)."""


def is_safe_url(value: str, *, image: bool = False) -> bool:
    """A link to the site, the web, a phone or a mailbox; an image only from the site itself.

    Protocol-relative (``//host``) and backslashed addresses are refused: they leave the
    site while looking relative.
    """
    url = _IGNORED_IN_URLS.sub("", value).strip("".join(map(chr, range(0x21))))
    if url.startswith("//") or "\\" in url:
        return False
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    return not image and scheme.group(1).lower() in LINK_SCHEMES


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's second gate, on values: addresses, alignment, classes, ids the theme needs."""
    keep = True
    if name in _URL_ATTRIBUTES:
        keep = is_safe_url(value, image=tag == "img")
    elif name == "style":
        keep = _TABLE_ALIGN.fullmatch(value) is not None
    elif name == "class":
        keep = all(_CLASS_NAME.fullmatch(word) for word in value.split())
    elif name == "id":  # Material's own elements are `__drawer`, `__config`…: no clobbering
        keep = not value.startswith("__") and value.strip() == value != ""
    elif name in ("width", "height", "start", "colspan", "rowspan"):
        keep = _NUMBER.fullmatch(value) is not None
    elif name == "lang":
        keep = _LANGUAGE.fullmatch(value) is not None
    return value if keep else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS), clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_attribute, strip_comments=True, link_rel=None,
    url_schemes=set(LINK_SCHEMES))


def sanitize_html(html: str) -> str:
    """`html` with only the allowlisted elements, attributes and addresses left."""
    return _CLEANER.clean(html)


def render_markdown(text: str) -> str:
    """Markdown as MkDocs renders a page, *not yet sanitised* (the check compares both)."""
    with _RENDERING:
        md = _markdown()
        md.reset()  # nothing of the previous text (links, abbreviations, ids) is kept
        try:
            return str(md.convert(text))
        except BaseException:  # a text too deep for it: its parser is left half-way
            _markdown.cache_clear()
            raise


_RENDERING = threading.Lock()
"""One renderer for every text: `portal serve` may check while a build renders."""


@functools.cache
def _markdown() -> markdown.Markdown:
    """Made once: setting up its extensions took longer than converting a communiqué."""
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS),
                           extension_configs={"toc": {"permalink": False}})
    md.treeprocessors.register(_HtmlLinks(md), "portal_html_links", 0)
    return md


class _HtmlLinks(Treeprocessor):
    """MkDocs rewrites ``[annuaire](../annuaire.md)`` to ``../annuaire.html``; so do we."""

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = link.get("href")
            if href is not None:
                link.set("href", _html_href(href))


def _html_href(href: str) -> str:
    try:
        parts = urlsplit(href)
    except ValueError:  # `http://[::1`: not a page of the site, left to the sanitiser
        return href
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return href
    return urlunsplit(parts._replace(path=parts.path.removesuffix(".md") + ".html"))


# --- What was removed, for a message a person can act on -----------------------------------


class RemovedKind(StrEnum):
    ELEMENT = "element"
    ATTRIBUTE = "attribute"
    URL = "url"
    COMMENT = "comment"


@dataclass(frozen=True)
class Removed:
    """One thing of the rendered HTML that sanitising took out."""

    kind: RemovedKind
    tag: str
    name: str = ""
    """The attribute's name (attributes and addresses)."""
    value: str = ""
    """The attribute's value, decoded (``jav&#x61;script:`` reads ``javascript:``)."""


def removed_parts(html: str) -> list[Removed]:
    """Every element, attribute, address and comment of `html` that `sanitize_html` drops.

    Both versions are read by the same parser and compared as multisets: what the raw HTML
    has more of was removed. Only the outermost removed element is named (an `<svg>`, not
    each of its shapes), and an element's own attributes are not listed again.
    """
    raw = _PartCollector.read(html)
    removed = Counter(raw.parts) - Counter(_PartCollector.read(sanitize_html(html)).parts)
    found: list[Removed] = []
    for part, nested in zip(raw.parts, raw.nested, strict=True):  # in document order
        if removed[part] <= 0:
            continue
        removed[part] -= 1
        kind, tag, name, value = part
        if nested:
            continue
        if kind in (RemovedKind.ELEMENT, RemovedKind.COMMENT):
            found.append(Removed(RemovedKind(kind), tag, value=value))
        elif tag in ALLOWED_TAGS:
            allowed = name in ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
            address = allowed and name in _URL_ATTRIBUTES
            found.append(Removed(RemovedKind.URL if address else RemovedKind.ATTRIBUTE,
                                 tag, name, value))
    return found


_Part = tuple[str, str, str, str]
"""(kind, tag, attribute name, value): hashable, so that two documents compare as counters."""
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "source", "track", "wbr"})
"""Elements that have no end tag, so never hold another."""


class _PartCollector(HTMLParser):
    """Elements, attributes and comments in document order; `nested`: inside a refused element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[_Part] = []
        self.nested: list[bool] = []
        self.open: list[str] = []

    @classmethod
    def read(cls, html: str) -> _PartCollector:
        collector = cls()
        collector.feed(html)
        collector.close()
        return collector

    def _add(self, part: _Part) -> None:
        self.parts.append(part)
        self.nested.append(any(tag not in ALLOWED_TAGS for tag in self.open))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add((RemovedKind.ELEMENT, tag, "", ""))
        for name, value in attrs:
            self._add((RemovedKind.ATTRIBUTE, tag, name, value or ""))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # closes it and whatever was left open inside it
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_comment(self, data: str) -> None:
        self._add((RemovedKind.COMMENT, "", "", data))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![x …>`` is a bogus comment to browsers; Python 3.11's parser asserts on it."""
        end = self.rawdata.find(">", i + 3)
        if end < 0:
            return -1
        self.handle_comment(self.rawdata[i + 3:end])
        return end + 1
