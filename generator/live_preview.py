"""`portal serve` rebuilds only the pages whose source changed, never leaving one stale.

Saving a YAML file regenerates every page in memory (cheap), but MkDocs would then convert
and write all of them again (most of a preview's wait at N = 3,000). The preview runs
MkDocs' dirty build, and this module answers MkDocs' one question, `File.is_modified()`,
from what made each file, not from file dates:
- a page is rebuilt when its text (or its schema.org data) differs from the last build's;
- everything is rebuilt, the served folder emptied first, when anything every page shows
  may have changed: the list of files, a title, a file of `content/` or the theme,
  mkdocs.yml, the banner, the group's names and logo, or after a failed build.
Pages left as they were keep the title and metadata read at their last build, since the
pages rebuilt show them in their navigation. The data files partners read (open data, the
single-file directory: `generator.site.LATER_FILES`) are made when first asked for after a
build, not at every save.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.kept_renders import KeptRenders

DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs' English warning at each dirty build: the rebuild here is exact, so it is not said."""
POLL_SECONDS = 0.1
"""How often `portal serve` looks at the watched folders for a save: MkDocs' 0.5 s was, on
average, a quarter of a second of each preview's wait; a look costs a `stat` per file."""
SAFE_PLUGINS = {"portal"}
"""Plugins known to read nothing but the pages being built (a search plugin reads them all)."""


@dataclass
class PartialRebuild:
    """What the last successful preview build was made of, to rebuild only what changed."""

    enabled: bool = False
    """Only under `mkdocs serve` in dirty mode (`portal serve`): a build always rebuilds all."""
    last: tuple[str, dict[str, tuple[object, str]]] | None = None
    """(what every page shows, {file: (what made it, where it was written)}) of the last
    build: a generated file's text and schema.org data (a page a save left alone is the
    same text, compared at no cost), a file of content/ or the theme's date and size."""
    pending: tuple[str, dict[str, tuple[object, str]]] | None = None
    kept: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict)
    """{page: (title, metadata)} as read at its last build."""
    rebuilt: int = 0
    """Pages rebuilt by the last build (for tests and the bench)."""
    kept_renders: KeptRenders = field(default_factory=KeptRenders)
    """Each service's page and entries as last rendered: a save renders again only those
    of the services it changed (generator/kept_renders.py)."""
    later: Callable[[], dict[str, str]] | None = None
    """Makes the last build's `LATER_FILES`, until asked for once (`write_later`)."""
    written_later: set[str] = field(default_factory=set)
    site_dir: Path | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Requests (served in other threads) write `LATER_FILES` while the next build runs."""

    def plan(self, files: Iterable[Any], shared: str, generated: Mapping[str, object],
             page_data: Mapping[str, object], site_dir: Path, partial: bool = True) -> None:
        """Mark each file of this build changed or not; empty `site_dir` for a full build.

        `shared`: what every page shows (`shared_text`); `generated`: the text of each
        generated file; `page_data`: what else a page shows besides its text (its schema.org
        data); `partial`: whether the plugins allow rebuilding only some pages
        (`SAFE_PLUGINS`).
        """
        files = list(files)
        made = {f.src_uri: (_made_of(f, generated, page_data), f.dest_uri) for f in files}
        # Every page lists the others in its menu; a file of content/ or the theme may be a
        # title or a style every page shows. A generated data file (a search index named
        # after its content) is only compared with its own last version.
        structure = _digest([shared, *sorted(
            f"{f.src_uri}\0{f.dest_uri}\0{'' if f.abs_src_path is None else made[f.src_uri]}"
            for f in files if f.abs_src_path is not None or f.is_documentation_page())])
        last, self.last, self.pending = self.last, None, (structure, made)
        full = not partial or last is None or last[0] != structure
        if full:
            with self.lock:
                _empty(site_dir)
        else:
            assert last is not None
            for gone in set(last[1]) - set(made):  # a data file renamed: the old one goes
                (site_dir / last[1][gone][1]).unlink(missing_ok=True)
        self.rebuilt = 0
        for file in files:
            changed = full or last is None or last[1].get(file.src_uri) != made[file.src_uri]
            self.rebuilt += changed and file.is_documentation_page()
            vars(file)["is_modified"] = _answer(changed)

    def restore(self, files: Iterable[Any]) -> list[Any]:
        """Pages not read in this build get the title and metadata of their last one;
        returns them (the plugin's `on_pre_page` did not see them)."""
        if not self.enabled:
            return []
        kept = []
        for file in files:
            page = file.page
            if page is not None and page.markdown is None and file.src_uri in self.kept:
                page.title, page.meta = self.kept[file.src_uri]
                kept.append(page)
        return kept

    def built(self, files: Iterable[Any]) -> None:
        """The build succeeded: the next one compares with this one."""
        if not self.enabled:
            return
        for file in files:
            if file.page is not None and file.page.markdown is not None:
                self.kept[file.src_uri] = (file.page.title, dict(file.page.meta))
        self.last, self.pending = self.pending, None


    def hold(self, make: Callable[[], dict[str, str]] | None, site_dir: Path) -> None:
        """The build succeeded: the last build's data files go, this build's are made when
        asked for (`make`: `GeneratedSite.later`)."""
        with self.lock:
            for name in self.written_later:
                (site_dir / name).unlink(missing_ok=True)
            self.written_later, self.later, self.site_dir = set(), make, site_dir

    def write_later(self) -> None:
        """Make and write the data files held by the last build, once."""
        with self.lock:
            if self.later is None or self.site_dir is None:
                return
            files, self.later = self.later(), None
            for name, text in files.items():
                path = self.site_dir / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")
            self.written_later = set(files)

    def serving(self, app: Callable[..., Any], mount_path: str,
                names: frozenset[str]) -> Callable[..., Any]:
        """The preview server's WSGI `app`, writing the data files (`names`) before serving
        one of them."""

        def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = str(environ.get("PATH_INFO", ""))
            if path.startswith(mount_path) and path[len(mount_path):].lstrip("/") in names:
                self.write_later()
            return app(environ, start_response)

        return serve


def poll_often(observer: Any) -> None:
    """Every `POLL_SECONDS`, for the folders watched already (the observer's emitters) and
    those watched next (the observer). watchdog has no public setter for the interval."""
    for polling in [observer, *getattr(observer, "emitters", ())]:
        if hasattr(polling, "_timeout"):
            polling._timeout = POLL_SECONDS


def shared_text(values: Iterable[object], config_file: str, theme_dirs: Iterable[str]) -> str:
    """What every page shows: `values` (banner, names…), mkdocs.yml and the theme's templates
    (its other files are among MkDocs' files, compared one by one)."""
    parts = [repr(v) for v in values]
    parts.append(_file_state(Path(config_file)))
    for folder in theme_dirs:
        parts += sorted(f"{p}\0{_file_state(p)}" for p in Path(folder).rglob("*.html"))
    return _digest(parts)


def title_lines(pages: Mapping[str, str]) -> list[str]:
    """The front matter of every generated page: a title shows in other pages' menus."""
    return sorted(f"{path}\0{text.split(chr(10) + '---', 1)[0]}" for path, text in pages.items())


def forget_oldest(cache: dict[Any, Any], keep: int = 64) -> None:
    """A long editing session adds a parsed version of a file at each save: keep the last."""
    for key in list(cache)[:-keep]:
        del cache[key]


def quiet_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(DIRTY_WARNING)


def _answer(changed: bool) -> Any:
    return lambda: changed


def _made_of(file: Any, generated: Mapping[str, object],
             page_data: Mapping[str, object]) -> object:
    if file.abs_src_path is not None:
        return _on_disk(file)
    text = generated.get(file.src_uri)  # the same text as last time: compared at no cost
    return text if text is not None else file.content_bytes, page_data.get(file.src_uri)


def _on_disk(file: Any) -> str:
    """A file of content/ or of the theme: its date and size, as MkDocs itself would judge."""
    return _file_state(Path(file.abs_src_path)) if file.abs_src_path else "?"


def _file_state(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _digest(parts: Iterable[str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass") + b"\0\1")
    return hasher.hexdigest()


def _empty(site_dir: Path) -> None:
    """MkDocs' dirty build never empties the folder: a full rebuild must, or removed pages
    (a deleted service) would still be served."""
    if not site_dir.is_dir():
        return
    for entry in site_dir.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
