"""What the portal's search needs from the patients' words (`generator.patient_words`):
synonyms, switchboard and booking words, and the words of a vital emergency.

The search page's script reads them from the search index; the page itself shows the
emergency numbers they point at, taken from the group's `urgences` (never hard-coded here).
"""

from __future__ import annotations

from typing import Any

from generator.i18n import SOURCE_LANGUAGE
from generator.model import Directory
from generator.model.directory import EmergencyNumber
from generator.model.words import Intent, PatientWords
from generator.patient_words import patient_words

INTENTS = ("urgence_vitale", "suicide")
"""The emergency intents, in the order their numbers are shown above the results."""


def index_words(hospital: PatientWords | None = None,
                language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """What the search script needs: words only, numbers stay in the page. The A–Z's
    synonyms name whole subjects (`subjects`: « Mémoire » → Gériatrie), so search weighs
    them below a service holding the patient's word itself; `synonyms` are search's own,
    with the words of `language` besides French (the data is French)."""
    words = patient_words(hospital, language)
    return {"subjects": {word: list(targets) for word, targets in words.synonyms.items()},
            "synonyms": {word: list(targets) for word, targets in words.search_only.items()},
            "standard": list(words.switchboard), "booking": list(words.booking),
            "stop": list(words.stop_words),
            "intents": {intent: list(_intent(words, intent).words) for intent in INTENTS}}


def search_emergencies(directory: Directory) -> dict[str, list[EmergencyNumber]]:
    """Intent → the group's emergency numbers to show for it (`15`, `112`; `3114`).

    A number the group does not list is simply not shown: the page never invents one.
    """
    words = patient_words(directory.words)
    by_digits = {e.number.display.replace(" ", ""): e for e in directory.group.emergencies}
    return {intent: [by_digits[n] for n in (
        number.replace(" ", "") for number in _intent(words, intent).numbers or ())
        if n in by_digits] for intent in INTENTS}


def _intent(words: PatientWords, intent: str) -> Intent:
    return words.vital_emergency if intent == "urgence_vitale" else words.suicide
