"""Generated texts by path, written to a folder as they are made, read back when asked for.

At N = 3,000 services, holding every generated page, data file and JSON-LD text until the
engine had written the site cost `portal build` about 50 MB, growing with N. Stage (a) puts
each text into a `TextStore` as soon as it is rendered: `portal build` gives it a folder
(`WrittenTexts`), so that a build's memory stays flat in N and the engine reads each file
from disk when it needs it; `portal serve` and the tests give it a plain `dict`, kept
between a preview's builds (generator/live_preview.py compares texts, not files).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

TextStore = MutableMapping[str, str]
"""Where stage (a) puts what it generates: a `dict`, or `WrittenTexts`."""


class WrittenTexts(MutableMapping[str, str]):
    """Each text written to `folder/<path>` when set, read back when got: only the paths
    stay in memory. UTF-8, line ends as given (`newline=""`), as an engine given the text
    itself would have written it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, None] = {}
        """The paths set, in the order they were (MkDocs adds files in that order)."""

    def __setitem__(self, path: str, text: str) -> None:
        target = self.source_of(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
        self._paths[path] = None

    def __getitem__(self, path: str) -> str:
        if path not in self._paths:
            raise KeyError(path)
        with self.source_of(path).open(encoding="utf-8", newline="") as file:
            return file.read()

    def __delitem__(self, path: str) -> None:
        del self._paths[path]
        self.source_of(path).unlink()

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def source_of(self, path: str) -> Path:
        """Where the text of `path` is (or will be) written."""
        return self.folder / path


def text_store(folder: Path | None) -> TextStore:
    """Texts written under `folder`, or held in memory without one."""
    return {} if folder is None else WrittenTexts(folder)


def source_of(store: Mapping[str, str], path: str) -> Path | None:
    """The file holding `path`'s text, for an engine to read it itself; `None` in memory."""
    return store.source_of(path) if isinstance(store, WrittenTexts) else None
