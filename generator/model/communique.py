"""Communiqués: the dated announcements of ``content/communiques/<AAAA-MM-JJ-titre>.md``.

The YAML block between the ``---`` lines at the top of the file is read like a directory
block (English attributes, French aliases, unknown keys refused); `Communique` adds what
the file itself says: its name, which is the page's address, and its Markdown text.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from generator.model.values import DateTime, LongText, Text, YesNo

COMMUNIQUES_FOLDER = "communiques"
NEWS_PAGE = f"{COMMUNIQUES_FOLDER}/index.md"
"""The list of communiqués, generated."""
"""Inside `content/`: one Markdown file per communiqué; the news page and feed beside them."""
SLUG_PATTERN = r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$"
"""``2026-11-18-cyberattaque``: sorts by date in any file manager, safe in URLs and tag: ids."""


class CommuniqueFrontMatter(BaseModel):
    """The fields comms staff type at the top of a communiqué."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: Text = Field(alias="titre")
    date: DateTime = Field(alias="date")
    """Publication time (Paris): before it, the communiqué is not shown anywhere."""
    pinned: YesNo = Field(False, alias="epingle")
    """`oui`: shown at the top of the home page until `expire`."""
    expires: DateTime | None = Field(None, alias="expire")
    """After it, the communiqué is history: no longer pinned, marked as archived."""
    summary: LongText | None = Field(None, alias="resume")


class Communique(BaseModel):
    """A validated communiqué, ready to list, render and put in the feed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=SLUG_PATTERN)
    """The file name without `.md` (``2026-11-18-cyberattaque``): page address and feed id."""
    title: str
    date: dt.datetime
    pinned: bool
    expires: dt.datetime | None
    summary: str
    """`resume`, else the first paragraph of the text, as plain text (may be empty)."""
    body: str
    """The Markdown text below the front matter."""

    @property
    def page(self) -> str:
        """Its page inside the docs folder, as MkDocs names it."""
        return f"{COMMUNIQUES_FOLDER}/{self.slug}.md"

    def is_published(self, now: dt.datetime) -> bool:
        return self.date <= now

    def is_archived(self, now: dt.datetime) -> bool:
        return self.expires is not None and self.expires <= now
