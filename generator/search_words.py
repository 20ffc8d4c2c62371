"""Patients' words for the portal's search: synonyms, switchboard and booking words, and the
words of a vital emergency, kept as data in `data/search_words.yml`.

The search page's script reads them from the search index; the page itself shows the
emergency numbers they point at, taken from the group's `urgences` (never hard-coded here).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from generator.model import Directory
from generator.model.directory import EmergencyNumber

INTENTS = ("urgence_vitale", "suicide")
"""The emergency intents, in the order their numbers are shown above the results."""


@cache
def search_words() -> dict[str, Any]:
    """The whole of `search_words.yml` (a file of this package, checked by the tests)."""
    text = files("generator").joinpath("data", "search_words.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def index_words() -> dict[str, Any]:
    """What the search script needs from the file: words only, numbers stay in the page."""
    data = search_words()
    return {"synonyms": data["synonymes"], "standard": data["standard"],
            "booking": data["rendez_vous"], "stop": data["mots_vides"],
            "intents": {intent: data[intent]["mots"] for intent in INTENTS}}


def search_emergencies(directory: Directory) -> dict[str, list[EmergencyNumber]]:
    """Intent → the group's emergency numbers to show for it (`15`, `112`; `3114`).

    A number the group does not list is simply not shown: the page never invents one.
    """
    by_digits = {e.number.display.replace(" ", ""): e for e in directory.group.emergencies}
    return {intent: [by_digits[n] for n in search_words()[intent]["numeros"] if n in by_digits]
            for intent in INTENTS}
