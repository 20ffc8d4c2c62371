"""`directory/mots.yml` (and the tool's own list, in the same format) → `PatientWords`."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.load import LoadedFile
from generator.model.words import PatientWords, word_key
from generator.validate.files import load_mapping, validate_block

WORDS_FILE = "mots.yml"
"""A hospital's own patients' words, in `directory/` beside `groupe.yml`."""
_SYNONYM_SECTIONS = ("synonymes", "recherche_seulement")


def read_words_file(path: Path, root: Path,
                    diagnostics: list[Diagnostic]) -> PatientWords | None:
    """`directory/mots.yml` validated, every problem added to `diagnostics` at its line."""
    loaded = load_mapping(path, root, diagnostics)
    return check_words(loaded, diagnostics) if loaded is not None else None


def check_words(loaded: LoadedFile, diagnostics: list[Diagnostic]) -> PatientWords | None:
    """The file as `PatientWords`, or `None`. A word written twice (« Cœur », « coeur »),
    even in two sections, is an error: which meaning wins would be a guess."""
    words = validate_block(loaded, PatientWords, diagnostics)
    if not isinstance(words, PatientWords):
        return None
    seen: dict[str, int] = {}
    before = len(diagnostics)
    for section in _SYNONYM_SECTIONS:
        for word in loaded.data.get(section) or {}:
            line = loaded.line_of((section, word))
            first = seen.setdefault(word_key(word), line)
            if first != line:
                diagnostics.append(Diagnostic(
                    loaded.path, line, "words.duplicate",
                    f"le mot « {' '.join(word.split())} » est déjà écrit ligne {first}",
                    "gardez une seule des deux lignes (les accents et les majuscules ne "
                    "comptent pas)"))
    return words if len(diagnostics) == before else None
