"""What each value type looks like to an editor: a JSON Schema fragment, a French description.

`generator.schema` builds the editors' schemas from the model; these fragments are what
the model's value types (`values.py`) say about themselves there. Each one accepts what
`portal check` accepts as the editor reads it: the YAML language server reads ``12``,
``true`` or ``0261910110`` as numbers and booleans where our loader keeps text, so a
text, a phone or an identifier also accepts those. Patterns are ECMAScript regexes
(what editors run), and no stricter than the validator on what people write; `portal
check` stays the judge.
"""

from __future__ import annotations

import unicodedata
from typing import Any

JsonSchema = dict[str, Any]

_SEPARATORS = r"\s.()\-\u2010-\u2013"
"""Spaces (no-break too), dots, parentheses and dashes, as `phones.py` allows."""


def text(max_length: int, description: str) -> JsonSchema:
    """One line or a few paragraphs of visible text; a bare number or yes/no is text too."""
    return {"type": ["string", "number", "boolean"], "minLength": 1,
            "maxLength": max_length, "pattern": r"\S", "description": description}



def translated(text_schema: JsonSchema, languages: dict[str, str]) -> JsonSchema:
    """A text in French, or a block of languages (``fr: …``, ``en: …``) among `languages`
    (code → its name in French), French required."""
    return {"description": text_schema["description"] + " En français ; ou un bloc de "
                           "langues : « fr: » suivi du texte, puis « en: » suivi de sa "
                           "traduction.",
            "anyOf": [text_schema, {
                "type": "object", "required": ["fr"], "additionalProperties": False,
                "properties": {code: {**text_schema, "description": f"Le texte en {name}."}
                               for code, name in languages.items()}}]}

PHONE: JsonSchema = {
    "description": "Numéro de téléphone : 10 chiffres (« 02 61 91 01 10 »), un numéro "
                   "international (« +33 2 61 91 01 10 ») ou un numéro court (« 15 »). "
                   "Seulement des chiffres, des espaces, des points ou des tirets.",
    "type": ["string", "integer"], "minimum": 0, "maxLength": 40,
    "pattern": rf"^\s*\+?[{_SEPARATORS}]*(?:[0-9][{_SEPARATORS}]*){{2,}}$",
}
"""One node, several types (the pattern checks only text): the editor then shows our
message, where alternatives (`anyOf`) would let it merge its own English one."""

_HOURS_LINE_PATTERN = (
    r"^(?!.*(?:^|[^0-9])(?:2[5-9]|[3-9][0-9]|[0-9]{3,})\s*[:hH])"  # no hour past 24
    r"(?!.*[0-9]\s*[:hH]\s*[6-9][0-9])"  # no minute past 59
    r"[^\n]*[0-9][^\n]*$")
HOURS_LINE: JsonSchema = {
    "type": "string", "minLength": 1, "maxLength": 200, "pattern": _HOURS_LINE_PATTERN,
    "description": "Une ligne d'horaires : les jours puis les heures, par exemple "
                   "« lundi-vendredi 08:30-12:30, 13:30-17:00 », « sam 9h-12h » ou « 24h/24 ».",
}


def hours(max_lines: int) -> JsonSchema:
    return {"description": "Horaires : une ligne (« lundi-vendredi 08:30-17:00 ») ou une "
                           "liste de lignes, un tiret par ligne.",
            "anyOf": [HOURS_LINE, {"type": "array", "items": HOURS_LINE,
                                   "maxItems": max_lines}]}


_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = rf"(?:[0-9]{{4}}-{_MONTH}-{_DAY}|{_DAY}/{_MONTH}/[0-9]{{4}})"
DATE: JsonSchema = {
    "type": "string", "pattern": rf"^\s*{_DATE}\s*$",
    "description": "Date : « 2026-11-20 » ou « 20/11/2026 ».",
}
_TIME = r"(?:[01]?[0-9]|2[0-3])(?::[0-5]?[0-9]|h[0-5]?[0-9]|h)"
DATETIME: JsonSchema = {
    "type": "string",
    "pattern": rf"^\s*(?:{_DATE}|{_DATE}\s+{_TIME}|[0-9]{{4}}-{_MONTH}-{_DAY}T"
               rf"(?:[01]?[0-9]|2[0-3]):[0-5]?[0-9])\s*$",
    "description": "Date et heure de Paris : « 2026-11-20 14:30 », « 20/11/2026 14h30 », "
                   "ou une date seule (minuit).",
}


def case_insensitive(word: str) -> str:
    """`oui` → `[oO][uU][iI]`: editors' regexes take no flags."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_YES_NO_WORDS = ("oui", "o", "vrai", "true", "yes", "y", "non", "n", "faux", "false", "no")
YES_NO: JsonSchema = {
    "description": "Oui ou non : écrivez « oui » ou « non ».",
    "anyOf": [
        {"enum": ["oui", "non"]},
        {"type": "boolean"},
        {"type": "string", "pattern": r"^\s*(?:"
         + "|".join(case_insensitive(w) for w in _YES_NO_WORDS) + r")\s*$"},
    ],
}

POSITION: JsonSchema = {
    "description": "Un nombre entier : 1 pour le premier de la liste, 2 pour le suivant…",
    "type": ["integer", "string"], "minimum": 0, "maximum": 999_999,
    "pattern": r"^\s*[0-9]{1,6}\s*$",
}

PORT: JsonSchema = {
    "description": "Numéro de port, de 1 à 65535 (22 pour SSH).",
    "type": ["integer", "string"], "minimum": 1, "maximum": 65535,
    "pattern": r"^\s*[0-9]{1,5}\s*$",
}


def identifier(max_length: int) -> JsonSchema:
    return {
        "description": "Identifiant : minuscules sans accents, chiffres et tirets, par exemple "
                       "« hopital-nord ». C'est l'adresse d'une page : ne le changez "
                       "plus une fois publié.",
        "type": ["string", "integer"], "minimum": 0, "maxLength": max_length,
        "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
    }


URL: JsonSchema = {
    "type": "string", "maxLength": 2000,
    "pattern": r"^\s*" + case_insensitive("http") + r"[sS]?://[^\s@\\/]+(?:[/?#][^\s\\]*)?\s*$",
    "description": "Adresse web complète, commençant par « https:// », par exemple "
                   "« https://www.ars.example.fr/crise/ ».",
}

COLOUR: JsonSchema = {
    "type": "string", "pattern": r"^\s*#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$",
    "description": "Couleur en hexadécimal, entre guillemets (sans eux, « # » commence un "
                   "commentaire) : couleur: \"#1A4D8F\".",
}

PROJECT_PATH: JsonSchema = {
    "type": "string", "minLength": 1, "maxLength": 200,
    "pattern": r"^\s*(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!/)(?!.*\\)"
               r"(?!(?:.*/)?\.{1,2}(?:/|\s*$))(?!.*//)(?!.*/\s*$)\S.*$",
    "description": "Chemin d'un fichier du dossier du projet (à côté de mkdocs.yml), par "
                   "exemple « logo.svg » ou « images/logo.png ».",
}


def words(word: JsonSchema, max_items: int, description: str) -> JsonSchema:
    """A list, or one line of words separated by commas (``cœur, cardio``)."""
    return {"description": description,
            "anyOf": [word, {"type": "array", "items": word, "maxItems": max_items}]}


def choice(values: list[str]) -> JsonSchema:
    """The values to pick from (completion), and how `portal check` also reads them:
    accents, capitals and separators aside (« Hôpital de jour » is ``hopital-de-jour``)."""
    loose = "|".join(_loose(v) for v in values)
    return {"description": f"Valeurs possibles : {', '.join(values)}.",
            "anyOf": [{"enum": values},
                      {"type": "string", "pattern": f"^{_NOT_WORD}*(?:{loose}){_NOT_WORD}*$"}]}


_ACCENTED = "àâäéèêëîïôöùûüÿçÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ"
"""French accented letters; `slugify` reads each as its plain letter."""


_NOT_WORD = f"[^a-zA-Z0-9{_ACCENTED}]"
"""What `slugify` turns into a dash: anything but a letter or a digit."""


def _loose(value: str) -> str:
    return "".join(f"{_NOT_WORD}+" if c == "-" else _letter(c) for c in value)


def _letter(letter: str) -> str:
    """A letter with its capital and French accented forms (`e` → `[eEéèêëÉÈÊË]`)."""
    if not letter.isalpha():
        return letter
    accented = [c for c in _ACCENTED if unicodedata.normalize("NFKD", c)[0].lower() == letter]
    return "[" + letter + letter.upper() + "".join(accented) + "]"
