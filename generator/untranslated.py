"""Which texts of the directory have no translation yet in a language: `portal check
--langues en` lists them as notes, for the comms team to see how much is left to translate.

A missing translation is never an error: the page then shows the French text, marked so
(`generator.model.translations`). Only the texts that may carry translations are counted:
names, labels, descriptions, notes, advice; not addresses, numbers or identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, Severity
from generator.load import Location
from generator.model.translations import Translated
from generator.model.values import shown
from generator.validate import directory_blocks


@dataclass(frozen=True, order=True)
class Untranslated:
    """A text written in French only, where `language` readers will read it in French."""

    path: str
    line: int
    key: str
    french: str


def untranslated_texts(directory_dir: Path, root: Path, language: str) -> list[Untranslated]:
    """Every translatable text of `directory_dir` without its `language` version, in file
    and line order; the files must be valid (`portal check` says so first)."""
    found: list[Untranslated] = []
    for block, loaded in directory_blocks(directory_dir, root):
        found += [Untranslated(loaded.path, loaded.line_of(location), str(location[-1]), text)
                  for location, text in _texts_without(block, language, ())]
    return sorted(found)


def _texts_without(block: BaseModel, language: str,
                   at: Location) -> list[tuple[Location, Translated]]:
    """The texts of `block` (and of the blocks inside it) with no `language` version; not
    those of a service or line never published (``public: non``)."""
    found: list[tuple[Location, Translated]] = []
    if getattr(block, "public", True) is False:
        return found
    for name, field in type(block).model_fields.items():
        here = (*at, field.alias or name)
        value = getattr(block, name)
        items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
        for index, item in items:
            where = here if index is None else (*here, index)
            if isinstance(item, Translated) and language not in item.translations:
                found.append((where, item))
            elif isinstance(item, BaseModel):
                found += _texts_without(item, language, where)
    return found


def untranslated_notes(found: list[Untranslated], language: str,
                       language_name: str) -> list[str]:
    """The lines `portal check --langues` prints: each file with its count, then one line
    per text; a total at the end, or a line saying all is translated."""
    lines: list[str] = []
    by_file: dict[str, list[Untranslated]] = {}
    for text in found:
        by_file.setdefault(text.path, []).append(text)
    for path, texts in by_file.items():
        lines.append(f"{path} : {len(texts)} texte(s) sans traduction en {language_name}")
        lines += [Diagnostic(path, t.line, "translation.missing",
                             f"« {t.key} » sans traduction en {language_name} ({language}) : "
                             f"« {shown(t.french)} »", severity=Severity.NOTE).format()
                  for t in texts]
    if found:
        lines.append(f"{len(found)} texte(s) sans traduction en {language_name} ({language}) "
                     f"dans {len(by_file)} fichier(s) : ils s'affichent en français sur le "
                     "site dans cette langue.")
    else:
        lines.append(f"Tous les textes de l'annuaire sont traduits en {language_name} "
                     f"({language}).")
    return lines
