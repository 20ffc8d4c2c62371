"""Patients' words: one list for the A–Z and for search, extendable by each hospital.

The tool ships `generator/data/mots_patients.yml`; a hospital may add `directory/mots.yml`
in the same format. Its synonyms replace the tool's for the same word (accents, case and
punctuation aside); its other words (switchboard, booking, emergencies) add to the tool's.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from generator.model import json_types
from generator.model.values import WORD_LENGTH, Word, error, shown, slugify

MAX_PATIENT_WORDS = 2_000
"""Words of one section: the tool's list holds about a hundred; a hospital, a few dozen."""
MAX_TARGETS = 10
"""What one word may mean: a handful of subjects, the first present wins in the A–Z."""


def word_key(text: str) -> str:
    """« Cœur », « coeur » and « COEUR » are one word: the key under which they replace."""
    return slugify(text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
                   .replace("Æ", "Ae"))


def _searchable(value: str) -> str:
    if not word_key(value):
        raise error("words", f"« {shown(value)} » ne contient aucune lettre",
                    "écrivez un mot que les patients tapent, par exemple « cœur »")
    return value


def _targets(value: Any) -> Any:
    """`bébé: maternité, pédiatrie` means two targets; nothing after the colon is a slip."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise error("words", "aucun sujet après ce mot",
                    "écrivez après les deux-points le sujet qu'il désigne, "
                    "par exemple « cœur: Cardiologie »")
    return _phrases(value)


def _phrases(value: Any) -> Any:
    """`standard: accueil, opératrice` means two words, as anyone typing it means."""
    return [w.strip() for w in value.split(",") if w.strip()] if isinstance(value, str) else value


PatientWord = Annotated[Word, AfterValidator(_searchable)]
"""A word or phrase a patient types: one line of visible text with at least one letter."""
_WORD = json_types.text(WORD_LENGTH, "Un mot ou une expression, avec au moins une lettre.")
Targets = Annotated[tuple[PatientWord, ...], BeforeValidator(_targets),
                    Field(min_length=1, max_length=MAX_TARGETS),
                    WithJsonSchema(json_types.words(
                        _WORD, MAX_TARGETS, "Les sujets que ce mot désigne : [Cardiologie], "
                        "ou « maternité, pédiatrie » sur une ligne."))]
Phrases = Annotated[tuple[PatientWord, ...], BeforeValidator(_phrases),
                    Field(max_length=MAX_PATIENT_WORDS),
                    WithJsonSchema(json_types.words(
                        _WORD, MAX_PATIENT_WORDS, "Une liste de mots : [svp, merci], un tiret "
                        "par mot, ou « svp, merci » sur une ligne."))]
Synonyms = Annotated[dict[PatientWord, Targets], Field(max_length=MAX_PATIENT_WORDS)]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Intent(_Block):
    """An emergency intent: the numbers shown above the results, and the words that show them."""

    numbers: Phrases | None = Field(None, alias="numeros")
    """Numbers of the group's `urgences` (« 15 », « 112 »); `None` keeps the tool's."""
    words: Phrases = Field((), alias="mots")


class PatientWords(_Block):
    """`mots_patients.yml` (the tool's) or `directory/mots.yml` (a hospital's own)."""

    synonyms: Synonyms = Field({}, alias="synonymes")
    """Shown in the A–Z (« Cœur : voir Cardiologie ») when a subject exists, and searched."""
    search_only: Synonyms = Field({}, alias="recherche_seulement")
    """Understood by search only: doctors, abbreviations, phrases (« cardiologue », « psy »)."""
    switchboard: Phrases = Field((), alias="standard")
    booking: Phrases = Field((), alias="rendez_vous")
    vital_emergency: Intent = Field(Intent(), alias="urgence_vitale")
    suicide: Intent = Field(Intent(), alias="suicide")
    stop_words: Phrases = Field((), alias="mots_vides")

    def extended_by(self, other: PatientWords) -> PatientWords:
        """These words with a hospital's: its synonyms replace ours, its other words add."""
        replaced = {word_key(w) for w in (*other.synonyms, *other.search_only)}

        def kept(section: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
            return {w: t for w, t in section.items() if word_key(w) not in replaced}

        def intent(ours: Intent, theirs: Intent) -> Intent:
            return Intent(numeros=theirs.numbers or ours.numbers,
                          mots=_union(ours.words, theirs.words))

        return PatientWords(
            synonymes={**kept(self.synonyms), **other.synonyms},
            recherche_seulement={**kept(self.search_only), **other.search_only},
            standard=_union(self.switchboard, other.switchboard),
            rendez_vous=_union(self.booking, other.booking),
            urgence_vitale=intent(self.vital_emergency, other.vital_emergency),
            suicide=intent(self.suicide, other.suicide),
            mots_vides=_union(self.stop_words, other.stop_words))


def _union(ours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    known = {word_key(w) for w in ours}
    return (*ours, *(w for w in theirs if word_key(w) not in known))

