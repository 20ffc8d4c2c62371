"""Stage (a): the checked data → every file the portal generates, whichever engine builds.

`generate` decides the whole generated part of the site (pages, feed, search index, data
files, assets, the group's look, the banner's texts) without any engine. Given a folder
(`portal build`), it writes each text there as soon as it is made (generator/written_texts.py):
the MkDocs plugin adds them as files read from there, and `write_docs_folder` copies them,
merged with `content/`, for an engine that only reads a folder. Without one (`portal serve`,
`mkdocs build` run alone), the texts stay in memory and are added as virtual files.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator.context import BuildContext
from generator.error_pages import error_page_bases
from generator.i18n import SOURCE_LANGUAGE
from generator.identity import SiteIdentity, site_identity
from generator.kept_renders import KeptRenders
from generator.language_sites import language_primary
from generator.model import Directory
from generator.project import ProjectCheck
from generator.recent import RecentChanges
from generator.search_engines import ROBOTS, primary_address
from generator.site import GeneratedSite, generate_site
from generator.site_folder import staging_name, swap_in
from generator.theme_texts import theme_texts
from generator.written_texts import StoredText, stored

ASSETS_DIR = "assets/portal"
"""Where generator/assets/ (stylesheet, offline search script) is published."""
THEME_DATA = "portal-theme.json"
"""Beside the docs folder: what the theme prints besides pages (banner, names, JSON-LD)."""


@dataclass(frozen=True)
class Generation:
    """Everything stage (a) produced for one build."""

    site: GeneratedSite
    identity: SiteIdentity
    primary: str | None
    """The address every copy names as the original (generator/search_engines.py)."""
    error_pages: dict[str, str]
    """Extra 404 pages, {file name: base path} (generator/error_pages.py)."""
    language: str = SOURCE_LANGUAGE
    """The interface's language (`generator.i18n`); the data stays as written."""


def primary_of(directory: Directory, site_url: str | None) -> str | None:
    return primary_address([a.url for a in directory.group.official_addresses], site_url)


def generate(context: BuildContext, now: dt.datetime, checked: ProjectCheck,
             recent: RecentChanges | None, site_url: str | None,
             public_key: tuple[str, str] | None,
             language: str = SOURCE_LANGUAGE, kept: KeptRenders | None = None,
             later: bool = False, folder: Path | None = None) -> Generation:
    """The generated part of the site at `now` (`context.now`, or the clock's for a preview);
    `public_key`: (key, fingerprint) shown on the official addresses page. Raises
    `IdentityRefused` if the group's look cannot be published (the data changed since
    `portal check`). `language`: the interface's; another language's site has no extra
    404 pages (the host serves the French one at any missing address). `kept`, `later`:
    for `portal serve` only (`generate_site`). `folder`: an empty folder outside `content/`
    and the site, where the texts are written as they are made (the caller removes it)."""
    directory = checked.directory
    assert directory is not None, "only checked data is generated"
    primary = language_primary(primary_of(directory, site_url), language)
    site = generate_site(directory, checked.communiques, now, context.feed_domain,
                         public_key, context.valid_for, primary, recent, language,
                         kept=kept, later=later, folder=folder)
    return Generation(
        site=site, identity=site_identity(directory.group, context.project), primary=primary,
        error_pages=error_page_bases((a.url for a in directory.group.official_addresses),
                                     site_url) if language == SOURCE_LANGUAGE else {},
        language=language)


GeneratedFile = str | bytes | Path | StoredText
"""A generated file's text or bytes, or where stage (a) keeps it: its own file on disk, or
its place in a packed one (`generator.written_texts`)."""


def generated_files(generation: Generation) -> dict[str, GeneratedFile]:
    """Every generated file by its path in the docs folder, in the order MkDocs adds them:
    its text, or where stage (a) wrote it (read it there, when needed)."""
    files: dict[str, GeneratedFile] = {}
    for store in (generation.site.pages, generation.site.files):
        for path in store:
            files[path] = stored(store, path)
    for asset in resources.files("generator").joinpath("assets").iterdir():
        files[f"{ASSETS_DIR}/{asset.name}"] = asset.read_bytes()
    files.update(generation.identity.files)
    return files


def theme_data(generation: Generation) -> dict[str, object]:
    """What theme/main.html and 404.html print that is not a page: for an engine without
    plugins, these would be `extra:` values of its configuration."""
    return {"portal_banner": generation.site.banner,
            "portal_emergencies": generation.site.emergencies,
            "portal_header_name": generation.identity.header_name,
            "portal_texts": theme_texts(generation.language),
            "site_name": generation.identity.name,
            "structured_data": dict(generation.site.structured_data)}


class NameTaken(Exception):
    """A file of `content/` has the name of a generated page; the message says which."""


def write_docs_folder(generation: Generation, content_dir: Path, folder: Path) -> None:
    """`content/` and the generated files as one docs folder (`folder/docs/`), with the theme's
    data beside it (`folder/portal-theme.json`). Written aside, then swapped in: a failure
    leaves the previous folder as it was. Raises `NameTaken` like the MkDocs plugin does."""
    files = generated_files(generation)
    replaced = generation.site.replaced_folder + "/"
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_name(folder)
    staging.mkdir(mode=0o700)
    try:
        docs = staging / "docs"
        shutil.copytree(content_dir, docs, ignore=shutil.ignore_patterns(".*"))
        shutil.rmtree(docs / replaced, ignore_errors=True)  # published as generated pages
        for path, data in files.items():
            target = docs / path
            if target.exists():
                if path == ROBOTS:
                    continue  # a robots.txt of content/ is the hospital's choice: it stays
                raise NameTaken(f"content/{path} porte le nom d'une page générée : "
                                "renommez ce fichier")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, Path):
                shutil.copyfile(data, target)
            elif isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data.read() if isinstance(data, StoredText) else data,
                                  "utf-8")
        (staging / THEME_DATA).write_text(
            json.dumps(theme_data(generation), ensure_ascii=False, indent=1, sort_keys=True)
            + "\n", "utf-8")
        swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
