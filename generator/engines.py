"""Which engine turns the pages into a site: MkDocs 1.6, ProperDocs (its maintained fork) or
Zensical (from Material's authors).

Material for MkDocs reaches end of life in May 2027 and MkDocs 1.6 has no release since
2024: ProperDocs keeps MkDocs 1.x's plugin API (the `portal` plugin, Material's theme)
under its own name. It answers every `import mkdocs.…` once `properdocs.replacement` is
imported, so `generator.build` stays written against `mkdocs` and runs on either engine.
Zensical has no plugin API: it builds the folder stage (a) writes (generator/zensical_build.py);
MkDocs' modules still read and check mkdocs.yml for it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

MKDOCS = "mkdocs"
PROPERDOCS = "properdocs"
ZENSICAL = "zensical"
ENGINES = (MKDOCS, PROPERDOCS, ZENSICAL)
"""What `portal build --engine` accepts; the first is the default."""
_BOUND = ("mkdocs", "properdocs", "material")
"""Packages whose modules hold one engine's classes (with `generator.build`, built on them)."""
_ALIAS = "properdocs.replacement"
_stashed: dict[str, tuple[dict[str, ModuleType], list[Any]]] = {}
"""The modules (and import finders) of the engine not in use, kept to be put back as they
were: an object made under one engine always meets the same classes."""


class EngineMissing(Exception):
    """The engine asked for is not installed; the message says how to install it."""


def loaded_engine() -> str | None:
    """The engine `import mkdocs` gives in this process, `None` before any import."""
    module = sys.modules.get("mkdocs")
    if module is None:
        return None
    return PROPERDOCS if module.__name__ == "properdocs" else MKDOCS


@contextlib.contextmanager
def engine(name: str) -> Iterator[None]:
    """`import mkdocs.…` (ours, Material's) gives `name`'s modules within the block.

    A command-line build imports one engine once. Tests and benchmarks build with both in
    one process: the other engine's modules are set aside, then put back after the block,
    so what was imported before it (`from generator.build import …`) keeps working.
    """
    if name not in ENGINES:
        raise ValueError(name)
    if name == ZENSICAL and importlib.util.find_spec(ZENSICAL) is None:
        raise EngineMissing("le moteur Zensical n'est pas installé : installez la version "
                            "essayée avec « pip install zensical==0.0.73 » (ou « make "
                            ".venv/.installed »), ou construisez avec « --engine mkdocs »")
    previous = loaded_engine()
    _switch(MKDOCS if name == ZENSICAL else name)
    try:
        yield
    finally:
        if previous is not None:
            _switch(previous)


def _switch(name: str) -> None:
    current = loaded_engine()
    if current == name:
        return
    if current is not None:
        modules = {m: sys.modules.pop(m) for m in list(sys.modules)
                   if m.split(".")[0] in _BOUND or m == "generator.build"}
        finders = [f for f in sys.meta_path if type(f).__module__ == _ALIAS]
        sys.meta_path[:] = [f for f in sys.meta_path if f not in finders]
        _stashed[current] = (modules, finders)
    if name in _stashed:
        modules, finders = _stashed.pop(name)
        sys.modules.update(modules)
        sys.meta_path[:0] = finders
        for dotted, module in modules.items():  # `generator.build` is an attribute too
            parent, _, child = dotted.rpartition(".")
            if parent in sys.modules:
                setattr(sys.modules[parent], child, module)
        return
    if name == PROPERDOCS:
        try:
            importlib.import_module(_ALIAS)
        except ImportError:
            raise EngineMissing("le moteur ProperDocs n'est pas installé : installez-le avec "
                                "« pip install properdocs » (ou « make .venv/.installed »), "
                                "ou construisez avec « --engine mkdocs »") from None
    importlib.import_module("mkdocs")
