"""Numbers written inside free text (notes, descriptions, advice): the ones pages leave dead.

Pages turn each number found in a text into a call link, by the rules of phone fields
(`generator.model.phones`); a number those rules refuse (premium rate…) stays plain text,
and this warning says so at the line of the text, for the author to fix or remove it.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile, Location
from generator.model import CrisisFile, EstablishmentFile, Group, ServicesFile
from generator.model.phones import numbers_in_text
from generator.model.translations import Translated


def refused_numbers(texts: Iterator[tuple[str | None, Location]],
                    loaded: LoadedFile) -> list[Diagnostic]:
    """A warning for each number in `texts` that will not be a call link, and why."""
    return [Diagnostic(loaded.path, loaded.line_of(location), "text.phone-refused",
                       f"« {found.written} » restera du texte, sans lien d'appel : "
                       f"{found.problem}", found.problem.hint, Severity.WARNING)
            for text, location in _with_translations(texts) if text
            for found in numbers_in_text(text) if found.problem is not None]


def _with_translations(texts: Iterator[tuple[str | None, Location]],
                       ) -> Iterator[tuple[str | None, Location]]:
    """Each text, then each of its translations at its own line (``en:``)."""
    for text, location in texts:
        yield text, location
        if isinstance(text, Translated):
            for language, translation in text.translations.items():
                yield translation, (*location, language)


def directory_texts(block: Group | EstablishmentFile | ServicesFile,
                    ) -> Iterator[tuple[str | None, Location]]:
    """Every free text of a directory file that pages show, with where it was written."""
    if isinstance(block, Group):
        yield block.description, ("description",)
        for index, emergency in enumerate(block.emergencies):
            yield emergency.description, ("urgences", index, "description")
        return
    if isinstance(block, EstablishmentFile):
        yield block.establishment.note, ("etablissement", "note")
    for index, service in enumerate(block.services):
        if not service.public:
            continue
        where = ("services", index)
        yield service.description, (*where, "description")
        yield service.booking, (*where, "rendez_vous")
        if service.location:
            yield service.location.access, (*where, "localisation", "acces")
        if service.status:
            yield service.status.note, (*where, "statut", "note")


def crisis_texts(crisis: CrisisFile) -> Iterator[tuple[str | None, Location]]:
    """The situation, and every note and advice of ``crise.yml``."""
    yield crisis.situation, ("situation",)
    for index, function in enumerate(crisis.functions):
        for number, state in enumerate(function.states):
            yield state.note, ("fonctions", index, "etats", number, "note")
            yield state.advice, ("fonctions", index, "etats", number, "consigne")
            for place, alternative in enumerate(state.alternatives):
                yield alternative.note, ("fonctions", index, "etats", number, "alternatives",
                                         place, "note")
    for index, modes in enumerate(crisis.establishments):
        for number, mode in enumerate(modes.states):
            yield mode.note, ("etablissements", index, "etats", number, "note")
            for place, alternative in enumerate(mode.alternatives):
                yield alternative.note, ("etablissements", index, "etats", number,
                                         "alternatives", place, "note")
    if crisis.family_line:
        yield crisis.family_line.note, ("informations_familles", "note")
