"""Generated pages + `content/` → `site/`, through MkDocs. The only module that imports MkDocs.

A build is three stages with plain interfaces, run by `build_site` as a straight script:
(a) `generator.generate` decides every generated file (engine-free); (b) MkDocs, through the
`portal` plugin below, turns `content/` plus those files into a site; (c) `generator.seal`
adds the security headers, the offline copy and the manifest. One `BuildContext`
(`generator.context`) carries the build's inputs to all three; the plugin is told them by
`prepare`, never through attributes set one by one or environment variables.

Material for MkDocs reaches end of life in May 2027: should the engine change, this module is
what gets rewritten. The project's `mkdocs.yml` stays a normal one: the plugin adds the
generated pages as virtual files (nothing is written into `content/`: `portal build`'s
stage (a) writes them into a build folder of its own, which MkDocs reads them from, so that
no page's text is held for the whole build), so `mkdocs build` and `mkdocs serve` work too;
run alone, the plugin makes its context from mkdocs.yml and runs stage (a) itself, in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jinja2 import TemplateError
from markupsafe import Markup, escape
from mkdocs import __name__ as ENGINE_MODULE
from mkdocs.commands.build import get_context
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import (
    Abort,
    BuildError,
    ConfigurationError,
    MkDocsException,
    PluginError,
)
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.build_messages import (
    NavNotFound,
    config_error,
    config_file_error,
    nav_not_found,
    no_official_address,
    os_error,
    template_error,
    too_deep_config_error,
    unexpected,
    unsafe_config_error,
)
from generator.clock import data_epoch, now_in_paris, parse_paris_time
from generator.communiques import TAG_AUTHORITY
from generator.compiled_templates import COMPILED
from generator.context import BuildContext, now_from_environment
from generator.diagnostics import Diagnostic
from generator.engines import MKDOCS, ZENSICAL
from generator.error_pages import ERROR_PAGE
from generator.finished_pages import UnsafePage, finished_page
from generator.generate import (
    ASSETS_DIR,
    GeneratedFile,
    Generation,
    NameTaken,
    generate,
    generated_files,
    primary_of,
)
from generator.i18n import SOURCE_LANGUAGE
from generator.i18n import languages as translated_languages
from generator.identity import (
    PALETTE,
    IdentityRefused,
    SiteIdentity,
    fallback_identity,
)
from generator.language_sites import (
    alternates,
    language_folder,
    language_switch,
    merge_sitemaps,
    written_in_french,
)
from generator.live_preview import (
    SAFE_PLUGINS,
    PartialRebuild,
    forget_oldest,
    poll_often,
    quiet_dirty_warning,
    shared_text,
    title_lines,
)
from generator.manifest import (
    fingerprint,
    load_public_key,
    public_key_text,
    signing_key_from_environment,
)
from generator.model import Directory
from generator.model.communique import NEWS_PAGE
from generator.project import ProjectCheck, check_project
from generator.recent import RecentChanges, recent_changes
from generator.render import HOME, page_body
from generator.sanitize import sanitize_html
from generator.seal import SealFailed, seal
from generator.search_engines import ROBOTS, canonical_url
from generator.site import LATER_FILES, GeneratedSite
from generator.site_config import PRINTED_RAW, SiteConfig, site_config_problems
from generator.site_folder import (
    SiteFolderRefused,
    prepare_target,
    refuse_unsafe_target,
    staging_name,
    swap_in,
)
from generator.theme_texts import theme_texts, translated_nav
from generator.validate.files import BlockCache
from generator.written_texts import StoredText
from generator.zensical_build import NavPagesMissing, ZensicalFailed, build_with_zensical

CONFIG_FILE = "mkdocs.yml"
STYLESHEET = f"{ASSETS_DIR}/portal.css"
THEME_DIR = str(resources.files("generator").joinpath("theme"))
MATERIAL_FAVICON = "assets/images/favicon.png"
"""Material's default favicon, which its theme copies into every site: not the hospital's."""
MATERIAL_SCRIPTS = "assets/javascripts/"
"""Material's bundle.js, lunr and search worker, which its theme copies into every site:
the portal loads none of them (theme/main.html), nor any source map (`.map`)."""
log = logging.getLogger("mkdocs.plugins.portal")


class BuildFailed(Exception):
    """MkDocs could not build the site; the message says why."""


class _PortalConfig(Config):  # type: ignore[no-untyped-call]
    directory = config_options.Type(str, default="directory")
    """The folder of YAML files, relative to mkdocs.yml."""
    feed_domain = config_options.Type(str, default=TAG_AUTHORITY)
    """A domain the hospital owns, naming the Atom feed's entries; never change it."""
    public_key = config_options.Optional(config_options.Type(str))
    """The Ed25519 public key (base64) that checks the manifest's signature; published."""
    valid_hours = config_options.Type(int, default=72)
    """How long a copy counts as current without a newer build (the manifest's expiry)."""
    now = config_options.Optional(config_options.Type(str))
    """Set by `portal serve --now` only (« AAAA-MM-JJ HH:MM »): the moment previewed."""
    langues = config_options.ListOfItems(config_options.Type(str), default=[])
    """Other languages `portal build` publishes a site in, under `<code>/` (`[en]`): each
    needs a catalogue (generator/locale/); the hospital decides which it can stand behind."""


@dataclass(frozen=True)
class _Given:
    """What `build_site` has already done before MkDocs runs: the data is not read twice,
    and stage (a) is done before the engine starts."""

    context: BuildContext
    checked: ProjectCheck
    generation: Generation
    languages: tuple[str, ...]
    """The languages of the whole build, French first: each page links its versions."""


class PortalPlugin(BasePlugin[_PortalConfig]):  # type: ignore[no-untyped-call]
    """Adds what the portal generates (directory pages, communiqués, feed, banner) to MkDocs."""

    def __init__(self) -> None:
        self.given: _Given | None = None
        """Passed by `build_site` (`prepare`); `None`: `mkdocs build` / `serve` run alone."""
        self.context: BuildContext | None = None
        """The current build's context, made in `on_config`."""
        self.past_files: BlockCache = {}
        """Files of past commits already parsed: `mkdocs serve` rebuilds without parsing again."""
        self.parsed_files: BlockCache = {}
        """The same for the files as they stand: a save changes one file, not all."""
        self.serving = False
        self.generation = Generation(GeneratedSite(pages={}, files={}, banner=None),
                                     fallback_identity(""), None, {})
        """Stage (a)'s result for the current build (generator/generate.py)."""
        self.theme: tuple[Any, Navigation, Files] | None = None
        """MkDocs' theme environment, navigation and files, to render those pages."""
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.preview = PartialRebuild()
        """`portal serve` rebuilds only the pages whose source changed (live_preview.py)."""

    def prepare(self, context: BuildContext, checked: ProjectCheck, generation: Generation,
                languages: tuple[str, ...] = (SOURCE_LANGUAGE,)) -> None:
        """The one way in from outside: `build_site` hands over its context, its checks,
        what it generated and the build's languages; the plugin then only adds those files
        to MkDocs'."""
        self.given = _Given(context, checked, generation, languages)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.preview.enabled = self.serving and dirty

    def on_shutdown(self) -> None:
        """MkDocs keeps one plugin per process: a later build must not reuse this one's data."""
        self.given, self.context = None, None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Links between generated pages are computed for `x.html` URLs, which also
        # make the site browsable from file:// (directory URLs are not).
        config.use_directory_urls = False
        context = self.given.context if self.given else self._context(config)
        self.context = context
        if self.given is None and not context.serving:  # `mkdocs build` empties site_dir first
            _refuse_unsafe_site_dir(context)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if THEME_DIR not in config.theme.dirs:  # our main.html, before Material's own
            config.theme.dirs.insert(0, THEME_DIR)
        now = context.now or now_in_paris()
        checked = self.given.checked if self.given else self._check(context, now)
        if (checked.directory is not None and not context.serving and not self._other_site()
                and primary_of(checked.directory, config.site_url) is None):
            log.warning(no_official_address(context.directory))
        if self.given is not None:
            self.generation = self.given.generation
        elif checked.directory is None:
            self.generation = Generation(
                GeneratedSite(pages=_error_pages(checked.diagnostics), files={}, banner=None),
                fallback_identity(config.site_name), None, {})
        else:
            recent = self._recent_changes(context, checked.directory, now)
            self.generation = _generate(context, now, checked, recent, config.site_url,
                                        self.preview if self.serving else None)
        _apply_identity(config, self.generation.identity)
        config.extra["alternate"] = True  # shows our search button (theme/partials/alternate.html)
        config.extra["portal_banner"] = self.generation.site.banner
        config.extra["portal_emergencies"] = self.generation.site.emergencies
        config.extra["portal_texts"] = theme_texts(self.generation.language)
        return config

    def _other_site(self) -> bool:
        """Building another language's site: what concerns the whole build is said once,
        by the French one."""
        return self.given is not None and self.given.generation.language != SOURCE_LANGUAGE

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        generated = self.generation.site
        replaced = generated.replaced_folder + "/"
        for source in [f for f in files if f.src_uri.startswith(replaced)]:
            files.remove(source)  # communiqués: published through their generated page
        made = generated_files(self.generation)
        for path, data in made.items():
            taken = path in generated.pages or path in generated.files
            if taken and files.get_file_from_path(path) is not None:
                if path == ROBOTS:
                    continue  # a robots.txt of content/ is the hospital's choice: it stays
                raise PluginError(f"content/{path} porte le nom d'une page générée : "
                                  "renommez ce fichier")
            files.append(_generated_file(config, path, data))
        for unused in [f for f in files if _unused_theme_file(f, config)]:
            files.remove(unused)
        material = files.get_file_from_path(MATERIAL_FAVICON)
        if material is not None and not Path(material.abs_src_path or "").is_relative_to(
                Path(config.docs_dir)):  # a file of content/ by that name stays
            files.remove(material)
        if self.preview.enabled:
            self._plan_preview(files, config, made)
        return files

    def _plan_preview(self, files: Files, config: MkDocsConfig,
                      made: dict[str, GeneratedFile]) -> None:
        """Everything every page shows, then which pages changed (generator/live_preview.py)."""
        generated = self.generation
        shown = [config.extra, str(config.site_name), config.theme.get("logo"),
                 config.theme.get("favicon"), config.site_url, config.extra_css,
                 generated.primary, generated.error_pages, title_lines(generated.site.pages)]
        shared = shared_text(shown, config.config_file_path or "", config.theme.dirs)
        self.preview.plan(files, shared, made, generated.site.structured_data,
                          Path(config.site_dir), partial=set(config.plugins) <= SAFE_PLUGINS)

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Every page names its address at the primary copy, in `<link rel="canonical">` and
        in `sitemap.xml` (both printed from `canonical_url`; the theme does not escape it)."""
        if self.generation.primary is not None:
            page.canonical_url = Markup(escape(canonical_url(self.generation.primary,
                                                             page.url)))
        if self._already_html(page.file.src_uri):
            page.render = _HtmlRender(page)  # type: ignore[method-assign]
        return page

    def _already_html(self, uri: str) -> bool:
        """The portal's own pages: its templates write them as HTML (communiqués excepted,
        whose text is comms-written Markdown)."""
        site = self.generation.site
        return uri in site.pages and not (uri.startswith(site.replaced_folder + "/")
                                          and uri != NEWS_PAGE)

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        """The page's schema.org data, for theme/main.html's `<head>` (already safe JSON);
        a page of the portal's own, its HTML (`_HtmlRender`)."""
        if self._already_html(page.file.src_uri):
            page.content = page_body(self.generation.site.pages[page.file.src_uri])
        context["portal_json_ld"] = self.generation.site.structured_data.get(page.file.src_uri)
        context.update(self._language_links(page.url))
        return context

    def _language_links(self, page_url: str) -> dict[str, list[dict[str, str]]]:
        """The page's versions in the build's other languages (generator/language_sites.py):
        `hreflang` links for the `<head>`, the header's switch for patients."""
        languages = self.given.languages if self.given else (SOURCE_LANGUAGE,)
        language, primary = self.generation.language, self.generation.primary
        french_primary = primary.removesuffix(language_folder(language)) if primary else None
        return {"portal_alternates": alternates(page_url, language, languages, french_primary),
                "portal_switch": language_switch(page_url, language, languages)
                if len(languages) > 1 else []}

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """A page of `content/` may set `title:` or `description:` above its text: Material
        prints them unescaped (in the header, `<title>`, a `<meta>` attribute), so escape them."""
        if page.file.src_uri not in self.generation.site.pages:
            page.meta = {key: str(escape(value)) if isinstance(value, str) else value
                         for key, value in page.meta.items()}
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Comms-written HTML (pages of `content/`, communiqué bodies) through the allowlist.

        `portal check` has already refused what this removes; this is the second lock.
        The portal's own pages come from autoescaping templates and keep their markup; a
        communiqué's generated header uses only allowlisted markup, so it is kept whole. In
        another language's site, a page of `content/` is marked as French.
        """
        if self._already_html(page.file.src_uri):
            return html
        if (self.generation.language != SOURCE_LANGUAGE
                and page.file.src_uri not in self.generation.site.pages):
            return written_in_french(sanitize_html(html))  # a page of content/
        return sanitize_html(html)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = COMPILED  # `mkdocs serve` makes a new one at every rebuild
        for page in self.preview.restore(files):  # pages left as the last build wrote them
            self.on_pre_page(page, config=config, files=files)  # the sitemap lists them
        self.files = files
        if self.nav is not None:
            self.theme = (env, self.nav, files)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Pages exist from here: they take the data's date (sitemap's `lastmod`, its .gz)."""
        self.nav = nav
        if self.context is not None and self.context.epoch is not None:
            date = dt.datetime.fromtimestamp(self.context.epoch, dt.UTC)
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.update_date = date.strftime("%Y-%m-%d")
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The 404 page again for each other official path, its links from that path."""
        self.preview.built(self.files or [])
        if self.preview.enabled:
            self.preview.hold(self.generation.site.later, Path(config.site_dir))
        if self.theme is None:
            return
        env, nav, files = self.theme
        for name, base in self.generation.error_pages.items():
            context = get_context(nav, files, config, base_url=base)
            html = self._finished(env.get_template(ERROR_PAGE).render(context), name)
            (Path(config.site_dir) / name).write_text(html, "utf-8")

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self._already_html(page.file.src_uri):
            page.content = ""  # written: stage (a) still has it (`_HtmlRender`)
        return self._finished(output, page.file.src_uri)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return self._finished(output_content, template_name)

    @staticmethod
    def _finished(html: str, name: str) -> str:
        try:
            return finished_page(html, name)
        except UnsafePage as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.preview.enabled:
            poll_often(server.observer)
        server.watch(str(Path(config.config_file_path).parent / self.config.directory))
        if self.preview.enabled:  # `set_app`, `get_app`: wsgiref's WSGIServer
            server.set_app(self.preview.serving(server.get_app(), server.mount_path,
                                                LATER_FILES))
        return server

    def _context(self, config: MkDocsConfig) -> BuildContext:
        """`mkdocs build` / `mkdocs serve` run alone: the context from mkdocs.yml alone."""
        return BuildContext(
            project=Path(config.config_file_path).parent, directory=self.config.directory,
            content_dir=Path(config.docs_dir), site_dir=Path(config.site_dir),
            now=_now_option(self.config.now) or now_from_environment(), epoch=None,
            feed_domain=self.config.feed_domain, public_key=self.config.public_key,
            valid_for=dt.timedelta(hours=self.config.valid_hours), serving=self.serving)

    def _recent_changes(self, context: BuildContext, directory: Directory,
                        now: dt.datetime) -> RecentChanges:
        """`mkdocs build` and `serve` read git's history here, and say why if they cannot."""
        recent = recent_changes(context.directory_dir, context.project, directory, now,
                                self.past_files)
        if recent.warning:
            log.warning(recent.warning)
        return recent

    def _check(self, context: BuildContext, now: dt.datetime) -> ProjectCheck:
        checked = check_project(context.project, now, directory_dir=context.directory_dir,
                                content_dir=context.content_dir,
                                parsed=self.parsed_files if self.serving else None)
        forget_oldest(self.parsed_files)
        for diagnostic in checked.diagnostics:
            (log.error if diagnostic.is_error else log.warning)(diagnostic.format())
        if checked.directory is None and not context.serving:
            raise PluginError("l'annuaire ou les communiqués contiennent des erreurs "
                              "(voir ci-dessus)")
        return checked


class _HtmlRender:
    """`Page.render` for a page that is already HTML.

    Python-Markdown would copy the portal's pages unchanged at the cost of half the build
    (its HTML parser reads every tag). Their table of contents is hidden (`hide: [toc]`),
    their title is their front matter's. MkDocs keeps every page's text until the end of the
    build: these pages take theirs from stage (a) (from its build folder, under `portal
    build`) only while being written, so that memory does not hold each page's HTML.
    """

    def __init__(self, page: Page) -> None:
        self.page = page

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        self.page.markdown = self.page.content = ""  # filled when written (on_page_context)
        self.page.toc = get_toc([])


def _now_option(text: str | None) -> dt.datetime | None:
    """The plugin's `now:` option, as `portal serve --now` writes it."""
    if not text:
        return None
    moment = parse_paris_time(text)
    if moment is None:
        raise PluginError(f"plugins › portal › now : « {text} » : écrivez par exemple "
                          "« 2026-11-20 14:30 »")
    return moment


def _generate(context: BuildContext, now: dt.datetime, checked: ProjectCheck,
              recent: RecentChanges | None, site_url: str | None,
              preview: PartialRebuild | None = None,
              language: str = SOURCE_LANGUAGE, folder: Path | None = None) -> Generation:
    """Stage (a), its refusals as MkDocs errors (French sentences). Given the server's
    `preview`, renders are kept between builds and, under `portal serve`, data files are
    made when asked for (generator/live_preview.py). Given a `folder`, the texts are
    written there as they are made (`portal build`: generator/written_texts.py)."""
    try:
        key = load_public_key(context.public_key) if context.public_key else None
    except ValueError as exc:
        raise PluginError(f"plugins › portal › public_key : {exc}") from exc
    shown = (public_key_text(key), fingerprint(key)) if key else None
    try:
        return generate(context, now, checked, recent, site_url, shown, language,
                        preview.kept_renders if preview else None,
                        later=preview is not None and preview.enabled, folder=folder)
    except IdentityRefused as exc:
        raise PluginError(str(exc)) from None
    except OSError as exc:  # `portal build`: its build folder's disk full, its size limit…
        raise PluginError(os_error(exc, "en écrivant les pages générées")) from None


def _generated_file(config: MkDocsConfig, path: str, data: GeneratedFile) -> File:
    """A file stage (a) wrote to disk stays there: MkDocs reads a page's source when it makes
    the page and copies a data file, so the build never holds them all."""
    if isinstance(data, StoredText):
        return _StoredPage.of(config, path, data)
    if isinstance(data, Path):
        return File.generated(config, path, abs_src_path=str(data))
    return File.generated(config, path, content=data)


class _StoredPage(File):
    """A generated page MkDocs reads from stage (a)'s packed file (`StoredText`) when it makes
    the page (`Page.read_source` asks `content_string`), never before."""

    stored: StoredText

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, text: StoredText) -> _StoredPage:
        page = cls.generated(config, path, abs_src_path=str(text.store.file))
        assert isinstance(page, _StoredPage)
        page.stored = text
        return page

    @property
    def content_string(self) -> str:
        if self._content is not None:  # set since, by another plugin
            return str(File.content_string.fget(self))  # type: ignore[attr-defined]
        return self.stored.read()

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        if self._content is not None:
            return bytes(File.content_bytes.fget(self))  # type: ignore[attr-defined]
        return self.stored.read().encode()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]


def _apply_identity(config: MkDocsConfig, identity: SiteIdentity) -> None:
    """The group's names, logo, favicon and colour replace mkdocs.yml's and Material's.

    Material prints `site_name` unescaped in places: the names go in as escaped `Markup`,
    which prints as is there and is not escaped twice where Material does escape.
    """
    config.site_name = Markup(escape(identity.name))
    config.extra["portal_header_name"] = Markup(escape(identity.header_name))
    config.theme["logo"], config.theme["favicon"] = identity.logo, identity.favicon
    if PALETTE not in config.extra_css:
        config.extra_css.append(PALETTE)


def _unused_theme_file(file: File, config: MkDocsConfig) -> bool:
    """Material's scripts and source maps; a file of content/ by such a name stays."""
    unused = file.src_uri.startswith(MATERIAL_SCRIPTS) or file.src_uri.endswith(".map")
    return unused and not Path(file.abs_src_path or "").is_relative_to(Path(config.docs_dir))


def _refuse_unsafe_site_dir(context: BuildContext) -> None:
    """`mkdocs build` replaces mkdocs.yml's site_dir too: the same folders are refused."""
    try:
        refuse_unsafe_target(context.site_dir, context.project,
                             [context.content_dir, context.directory_dir])
    except SiteFolderRefused as exc:
        raise PluginError(f"{CONFIG_FILE} › site_dir : {exc}") from None


def _error_pages(problems: list[Diagnostic]) -> dict[str, str]:
    """While previewing, a data error replaces the home page instead of stopping the server."""
    from markupsafe import escape

    items = "\n".join(f"<li><code>{escape(p.format())}</code></li>" for p in problems
                      if p.is_error)
    return {HOME: "---\ntitle: Erreurs dans l'annuaire\n---\n\n<div class=\"portal-errors\">\n"
                  "<h1>Erreurs dans l'annuaire</h1>\n<p>Corrigez ces lignes puis enregistrez : "
                  f"la page se recharge toute seule.</p>\n<ul>\n{items}\n</ul>\n</div>\n"}


def build_site(project: Path, checked: ProjectCheck, site_dir: Path,
               now: dt.datetime, engine: str = MKDOCS) -> list[str]:
    """Generate, build with MkDocs, seal; aside, then swapped in: a failed build leaves the
    previous `site_dir` untouched. Stage (a) writes what it generates into a folder of its
    own beside the staging one (never in `content/` nor `site_dir`), removed at the end
    whatever the outcome, or by the next build if this one is killed (`clean_leftovers`).

    Every failure is a `BuildFailed` with a French sentence; returns the warnings to show.
    """
    staging = staging_name(site_dir.resolve())
    config = _load_config(project, staging, site_dir)
    plugin = config.plugins.get("portal")
    if not isinstance(plugin, PortalPlugin):
        raise BuildFailed(f"{CONFIG_FILE} doit activer le plugin « portal » "
                          "(plugins: - portal)")
    try:
        notes = prepare_target(site_dir, project, [Path(config.docs_dir),
                                                   project / plugin.config.directory])
        key = _signing_key(plugin.config.public_key)
        languages = _build_languages(plugin.config.langues)
    except SiteFolderRefused as exc:
        raise BuildFailed(str(exc)) from None
    epoch = data_epoch(project)
    context = BuildContext(
        project=project, directory=plugin.config.directory, content_dir=Path(config.docs_dir),
        site_dir=staging, now=now, epoch=epoch.seconds or int(now.timestamp()),
        feed_domain=plugin.config.feed_domain, public_key=plugin.config.public_key,
        valid_for=dt.timedelta(hours=plugin.config.valid_hours))
    if checked.directory is None:
        raise BuildFailed("l'annuaire contient des erreurs : corrigez-les (portal check)")
    recent = recent_changes(context.directory_dir, project, checked.directory, now)
    notes += _git_notes(epoch.warning, recent.warning)
    generated = staging_name(site_dir.resolve())  # named like a staging folder: see above
    _make_build_folder(generated)
    try:
        try:
            generation = _generate(context, now, checked, recent, config.site_url,
                                   folder=generated / SOURCE_LANGUAGE)  # stage (a)
        except PluginError as exc:
            raise BuildFailed(str(exc)) from None
        plugin.prepare(context, checked, generation, languages)
        _make_build_folder(staging)
        try:
            if engine == ZENSICAL:
                _build_with_zensical(config, context, generation, languages)
            else:
                _run_mkdocs_build(config, context.project)
            for language in languages[1:]:
                _build_language_site(context, checked, recent, config.site_url, language,
                                     languages, engine, generated / language)
            merge_sitemaps(context.site_dir, languages)
            _seal(context, checked, key)
            _swap(staging, site_dir.resolve())
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        shutil.rmtree(generated, ignore_errors=True)
    return notes


def _make_build_folder(folder: Path) -> None:
    """An empty folder of this build's own, readable by this user only."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise BuildFailed(os_error(exc, f"en créant le dossier de construction {folder}")) \
            from None


def _build_languages(asked: list[str]) -> tuple[str, ...]:
    """French, then the languages mkdocs.yml asks for (`langues:`), each with a catalogue."""
    known = translated_languages()
    for language in asked:
        if language not in known or language == SOURCE_LANGUAGE:
            others = ", ".join(known[1:]) or "aucune"
            raise BuildFailed(f"{CONFIG_FILE} › plugins › portal › langues : « {language} » "
                              f"n'est pas une langue traduite (langues possibles : {others} ; "
                              "voir docs/langues.md)")
    return (SOURCE_LANGUAGE, *dict.fromkeys(asked))


def _build_language_site(french: BuildContext, checked: ProjectCheck,
                         recent: RecentChanges, site_url: str | None, language: str,
                         languages: tuple[str, ...], engine: str, generated: Path) -> None:
    """Stages (a) and (b) again for `language`, into the French site's `<language>/` folder:
    the same pages at the same paths, its interface, menu and Material's words in that
    language. Sealed with the French site afterwards, as one folder. `generated`: where
    stage (a) writes this language's texts (`build_site` removes it)."""
    context = dataclasses.replace(french, site_dir=french.site_dir / language_folder(language))
    config = _load_config(context.project, context.site_dir, context.site_dir, language)
    plugin = config.plugins.get("portal")
    assert isinstance(plugin, PortalPlugin), "checked on the French configuration"
    try:
        generation = _generate(context, context.now or now_in_paris(), checked, recent,
                               site_url, language=language, folder=generated)
    except PluginError as exc:
        raise BuildFailed(str(exc)) from None
    if engine == ZENSICAL:
        context.site_dir.mkdir()
        _build_with_zensical(config, context, generation, languages)
    else:
        plugin.prepare(context, checked, generation, languages)
        _run_mkdocs_build(config, context.project)
    # The host serves the French 404 page at any missing address, en/ included; this one's
    # links would start from the host's root (theme/404.html), not from en/.
    (context.site_dir / ERROR_PAGE).unlink(missing_ok=True)


def _git_notes(epoch: str | None, recent: str | None) -> list[str]:
    """What git could not tell, said once: without git both halves have the same cause."""
    if epoch and recent:
        cause = epoch.split(" : ", 1)[0] + " : "  # « historique git incomplet (…) : » once
        return [f"{epoch} ; de plus, {recent.removeprefix(cause)}"]
    return [note for note in (epoch, recent) if note]


def _build_with_zensical(config: MkDocsConfig, context: BuildContext,
                         generation: Generation, languages: tuple[str, ...]) -> None:
    """Stage (b) by Zensical, from mkdocs.yml as written (MkDocs has checked it), made the
    generation's language's."""
    from mkdocs.utils.yaml import yaml_load

    work = staging_name(context.site_dir.parent / f"{context.site_dir.name}-zensical")
    try:
        with open(config.config_file_path, "rb") as source:
            written = yaml_load(source)
        written.update(_language_settings(written, generation.language))
        build_with_zensical(written, context, generation, work, languages)
    except NavPagesMissing as exc:
        text = Path(config.config_file_path).read_text("utf-8")
        docs = Path(config.docs_dir).name
        raise BuildFailed("\n".join(nav_not_found(text, t, docs) for t in exc.targets)) \
            from None
    except (ZensicalFailed, NameTaken) as exc:
        raise BuildFailed(str(exc)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _seal(context: BuildContext, checked: ProjectCheck,
          key: Ed25519PrivateKey | None) -> None:
    """Stage (c): security headers, offline copy, manifest."""
    try:
        seal(context.site_dir, context, checked.directory.data_date if checked.directory else None,
             key)
    except SealFailed as exc:
        raise BuildFailed(str(exc)) from None


def _signing_key(public_key: str | None) -> Ed25519PrivateKey | None:
    """The private key, checked against mkdocs.yml's public key before any work."""
    try:
        key = signing_key_from_environment()
    except ValueError as exc:
        raise BuildFailed(str(exc)) from None
    if key is not None and public_key and public_key_text(key.public_key()) != public_key:
        raise BuildFailed("PORTAL_SIGNING_KEY ne correspond pas à la clé publique de "
                          "mkdocs.yml (public_key) : les copies seraient déclarées mal signées")
    if key is None and public_key:
        log.warning("manifeste NON signé : PORTAL_SIGNING_KEY n'est pas défini, alors que "
                    "mkdocs.yml annonce une clé publique")
    return key


def _load_config(project: Path, staging: Path, site_dir: Path,
                 language: str = SOURCE_LANGUAGE) -> MkDocsConfig:
    """mkdocs.yml, every problem as a French line naming the file and line (never a trace);
    for another `language`, made that language's (`_language_settings`)."""
    path = project / CONFIG_FILE
    try:
        text = path.read_text("utf-8")
        if danger := unsafe_config_error(path, text):
            raise BuildFailed(danger)
        with path.open("rb") as config_file:
            config = MkDocsConfig(config_file_path=str(path))
            config.load_file(config_file)
    except OSError as exc:
        raise BuildFailed(os_error(exc, f"en lisant {CONFIG_FILE}")) from None
    except UnicodeDecodeError:
        raise BuildFailed(f"{CONFIG_FILE} n'est pas un texte UTF-8 : enregistrez-le en "
                          "UTF-8") from None
    except ConfigurationError as exc:
        raise BuildFailed(config_file_error(exc)) from None
    except RecursionError:  # PyYAML builds nested values recursively
        raise BuildFailed(too_deep_config_error(text)) from None
    config.load_dict({"site_dir": str(staging), **_language_settings(config, language)})
    errors, warnings = config.validate()
    for name, warning in warnings:
        log.warning(f"{CONFIG_FILE} › {name} : {warning}")
    if any(name == "site_dir" for name, _ in errors):  # MkDocs' English for our refusal
        try:
            refuse_unsafe_target(site_dir, project, [Path(str(config.docs_dir))])
        except SiteFolderRefused as exc:
            raise BuildFailed(str(exc)) from None
    if errors:
        lines = [config_error(text, name, str(error)) for name, error in errors]
        raise BuildFailed("\n".join(lines))
    if unsafe := site_config_problems(_site_config(text, config)):
        raise BuildFailed("\n".join(unsafe))
    # A menu entry to a missing page is a dead link on every page: an error, not a warning.
    config.validation.nav.not_found = logging.ERROR
    return config


def _language_settings(written: Mapping[str, Any], language: str) -> dict[str, Any]:
    """What differs in mkdocs.yml for a `language` site, from the values as written: its
    address under `<language>/`, Material's own words (`theme.language`), the menu's
    titles the catalogue knows (`generator.theme_texts`); nothing for French."""
    if language == SOURCE_LANGUAGE:
        return {}
    theme = written.get("theme")
    settings: dict[str, Any] = {
        "theme": {**(theme if isinstance(theme, dict) else {"name": theme}),
                  "language": language},
        "nav": translated_nav(written.get("nav"), language)}
    if isinstance(site_url := written.get("site_url"), str) and site_url:
        settings["site_url"] = site_url.rstrip("/") + "/" + language_folder(language)
    return settings


def _site_config(text: str, config: MkDocsConfig) -> SiteConfig:
    theme = config.theme
    return SiteConfig(
        text, {name: config[name] for name in PRINTED_RAW},
        {"extra_javascript": [str(script) for script in config.extra_javascript],
         "extra_css": [str(sheet) for sheet in config.extra_css],
         "theme.logo": [str(theme["logo"])] if theme.get("logo") else [],
         "theme.favicon": [str(theme["favicon"])] if theme.get("favicon") else []},
        theme.get("font"))


def _run_mkdocs_build(config: MkDocsConfig, root: Path) -> None:
    from mkdocs.commands.build import build

    nav_log = logging.getLogger(f"{ENGINE_MODULE}.structure.nav")  # engines.py: or properdocs
    missing = NavNotFound()
    nav_log.addFilter(missing)
    # MkDocs logs each error it then raises: said once, by the sentence below.
    build_log = logging.getLogger(f"{ENGINE_MODULE}.commands.build")
    build_log.addFilter(_below_error)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except TemplateError as exc:
        raise BuildFailed(template_error(getattr(exc, "filename", None),
                                         getattr(exc, "lineno", None), str(exc), root)) \
            from None
    except Abort as exc:  # the cause (a plugin's French message) is the context
        cause = exc.__context__
        if isinstance(cause, BuildError):
            raise BuildFailed(str(cause)) from None
        raise BuildFailed("MkDocs s'est arrêté (mode strict de mkdocs.yml : tout avertissement "
                          "ci-dessus devient une erreur)" if "strict" in str(exc)
                          else unexpected(exc)) from None
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from None
    except OSError as exc:
        raise BuildFailed(os_error(exc, "pendant la construction des pages")) from None
    finally:
        config.plugins.on_shutdown()
        nav_log.removeFilter(missing)
        build_log.removeFilter(_below_error)
    if missing.targets:
        text = Path(config.config_file_path).read_text("utf-8")
        docs = Path(config.docs_dir).name
        raise BuildFailed("\n".join(nav_not_found(text, t, docs) for t in missing.targets))


def _below_error(record: logging.LogRecord) -> bool:
    return record.levelno < logging.ERROR


def _swap(staging: Path, site_dir: Path) -> None:
    try:
        swap_in(staging, site_dir)
    except OSError as exc:
        raise BuildFailed(os_error(exc, f"en remplaçant {site_dir}")) from None


def serve_site(project: Path, dev_addr: str, now: dt.datetime | None) -> None:
    """Live preview: MkDocs' server, watching `directory/` too (see `PortalPlugin.on_serve`).

    With `now`, the preview shows the site as it will be at that moment.
    """
    from mkdocs.commands.serve import serve

    config_file = project / CONFIG_FILE
    options: dict[str, Any] = {}
    if now is not None:  # MkDocs makes the plugin itself: tell it through its options
        options["plugins"] = _plugins_with_now(config_file, now)
    logging.getLogger("mkdocs.commands.build").addFilter(quiet_dirty_warning)
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True,
          build_type="dirty", **options)  # only the pages that changed: live_preview.py


def _plugins_with_now(config_file: Path, now: dt.datetime) -> Any:
    """mkdocs.yml's `plugins:` as written, the portal's entry given `now:`."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as source:
        written = yaml_load(source).get("plugins") or []
    moment = now.strftime("%Y-%m-%d %H:%M")
    if isinstance(written, dict):
        return {**written, "portal": {**(written.get("portal") or {}), "now": moment}}
    entries = []
    for entry in written:
        if entry == "portal":
            entry = {"portal": {"now": moment}}
        elif isinstance(entry, dict) and "portal" in entry:
            entry = {"portal": {**(entry["portal"] or {}), "now": moment}}
        entries.append(entry)
    return entries


def configured_public_key(project: Path) -> str | None:
    """The `public_key` of mkdocs.yml's portal plugin, for `portal verify`."""
    try:
        path = project / CONFIG_FILE
        if unsafe := unsafe_config_error(path, path.read_text("utf-8")):
            raise ValueError(unsafe)
        config = load_config(str(project / CONFIG_FILE))
    except (MkDocsException, OSError, UnicodeDecodeError):
        return None
    plugin = config.plugins.get("portal")
    return plugin.config.public_key if isinstance(plugin, PortalPlugin) else None
