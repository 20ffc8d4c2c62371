"""Generated texts by path, written to a folder as they are made, read back when asked for.

At N = 3,000 services, holding every generated page, data file and JSON-LD text until the
engine had written the site cost `portal build` about 50 MB, growing with N. Stage (a) puts
each text into a `TextStore` as soon as it is rendered: `portal build` gives it a folder
(`WrittenTexts`; `PackedTexts` for the JSON-LD no engine reads as a file), so that a
build's memory stays flat in N and the engine reads each file from disk when it needs it;
`portal serve`, `mkdocs build` run alone and the tests give it a plain `dict` (a preview
compares each build's texts with the last one's: generator/live_preview.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

TextStore = MutableMapping[str, str]
"""Where stage (a) puts what it generates: a `dict`, `WrittenTexts` or `PackedTexts`."""


class WrittenTexts(MutableMapping[str, str]):
    """Each text written to `folder/<path>` when set, read back when got: only the paths
    stay in memory. UTF-8 bytes, line ends as given, as an engine given the text itself
    would have written it. (Paths as strings, not `Path`: thousands of pages per build.)"""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._root = str(folder)
        self._paths: dict[str, None] = {}
        """The paths set, in the order they were (MkDocs adds files in that order)."""
        self._made: set[str] = set()
        """Folders made already."""

    def __setitem__(self, path: str, text: str) -> None:
        self.write_parts(path, (text,))

    def write_parts(self, path: str, parts: Iterable[str]) -> None:
        """`path`'s text written piece by piece as `parts` makes them: never held whole."""
        target = os.path.join(self._root, _inside(path))
        parent = os.path.dirname(target)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        with open(target, "wb") as file:
            for part in parts:
                file.write(part.encode("utf-8"))
        self._paths[path] = None

    def __getitem__(self, path: str) -> str:
        if path not in self._paths:
            raise KeyError(path)
        with open(os.path.join(self._root, path), "rb") as file:
            return file.read().decode("utf-8")

    def __delitem__(self, path: str) -> None:
        del self._paths[path]
        os.remove(os.path.join(self._root, path))

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def source_of(self, path: str) -> Path:
        """Where the text of `path` is (or will be) written."""
        return self.folder / path


class PackedTexts(MutableMapping[str, str]):
    """Texts appended to one file, each read back by its place in it: for thousands of texts
    (the pages, each page's JSON-LD), one file rather than one each, whose creation and
    removal cost a build at N = 3,000 services about 0.3 s.
    Opened for each text, never held open: the caller may remove the folder at any time."""

    def __init__(self, file: Path) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"")
        self.file = file
        self._size = 0
        self._places: dict[str, tuple[int, int]] = {}
        """Path → (offset, length) of its text in the file."""

    def __setitem__(self, path: str, text: str) -> None:
        data = text.encode("utf-8")
        with self.file.open("ab") as file:
            file.write(data)
        self._places[path] = (self._size, len(data))
        self._size += len(data)

    def __getitem__(self, path: str) -> str:
        offset, length = self._places[path]
        with self.file.open("rb") as file:
            file.seek(offset)
            return file.read(length).decode("utf-8")

    def __delitem__(self, path: str) -> None:
        del self._places[path]  # its bytes stay in the file, unreachable

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def _inside(path: str) -> str:
    """`path` if it stays inside the folder: generated paths are made from checked ids, so
    one that would leave it (absolute, `..`) is a bug, never written."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or ".." in parts or "" in parts:
        raise ValueError(f"chemin de fichier généré invalide : {path!r}")
    return path


def put_parts(store: TextStore, path: str, parts: Iterable[str]) -> None:
    """A text made piece by piece (a large JSON file): written as it comes into a
    `WrittenTexts`, joined into one text for any other store."""
    if isinstance(store, WrittenTexts):
        store.write_parts(path, parts)
    else:
        store[path] = "".join(parts)


def text_store(folder: Path | None) -> TextStore:
    """Texts written under `folder`, or held in memory without one."""
    return {} if folder is None else WrittenTexts(folder)


def packed_store(file: Path | None) -> TextStore:
    """Texts packed into `file` (`PackedTexts`), or held in memory without one."""
    return {} if file is None else PackedTexts(file)


class StoredText:
    """One text of a `PackedTexts`, read when asked for: an engine given thousands of pages
    reads each one only when it makes it."""

    def __init__(self, store: PackedTexts, path: str) -> None:
        self.store, self.path = store, path

    def read(self) -> str:
        return self.store[self.path]


def stored(store: Mapping[str, str], path: str) -> str | Path | StoredText:
    """`path`'s text from `store`: itself if held in memory, else where it is kept (its own
    file, or its place in a packed one), for an engine to read when it needs it."""
    if isinstance(store, WrittenTexts):
        return store.source_of(path)
    if isinstance(store, PackedTexts):
        return StoredText(store, path)
    return store[path]
