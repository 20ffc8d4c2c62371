"""`directory/mots.yml` (and the tool's own list, in the same format) → `PatientWords`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile
from generator.model import Service
from generator.model.words import PatientWords, word_key
from generator.validate.files import load_mapping, validate_block

WORDS_FILE = "mots.yml"
"""A hospital's own patients' words, in `directory/` beside `groupe.yml`."""
_SYNONYM_SECTIONS = ("synonymes", "recherche_seulement")


def read_words_file(path: Path, root: Path, diagnostics: list[Diagnostic]
                    ) -> tuple[PatientWords, LoadedFile] | None:
    """`directory/mots.yml` validated, every problem added to `diagnostics` at its line."""
    loaded = load_mapping(path, root, diagnostics)
    words = check_words(loaded, diagnostics) if loaded is not None else None
    return (words, loaded) if words is not None and loaded is not None else None


def subject_warnings(words: PatientWords, loaded: LoadedFile,
                     services: Iterable[Service]) -> list[Diagnostic]:
    """A synonym none of whose subjects a service has (« Cardio » for « Cardiologie ») is not
    shown in the A–Z: the person who wrote it is told, rather than left wondering."""
    services = list(services)
    specialties = {word_key(s.specialty) for s in services if s.specialty} | {"urgences"}
    names = [f"-{word_key(s.name)}-" for s in services]

    def exists(target: str) -> bool:
        key = word_key(target)
        return key in specialties or any(f"-{key}-" in name for name in names)

    return [Diagnostic(loaded.path, loaded.line_of(("synonymes", word)), "words.no-subject",
                       f"aucun service n'a pour sujet « {' / '.join(targets)} » : "
                       f"« {word} » ne sera pas dans l'annuaire de A à Z",
                       "écrivez la « specialite » d'un service, telle qu'elle est écrite "
                       "dans directory/, ou placez ce mot dans « recherche_seulement »",
                       Severity.WARNING)
            for word, targets in words.synonyms.items() if not any(map(exists, targets))]


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
