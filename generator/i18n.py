"""The interface's words in other languages: gettext catalogues read with Babel at run time.

French is the source language: every message id is the French text the pages have always
shown, so the French site needs no catalogue. Another language is one file,
`generator/locale/<lang>/LC_MESSAGES/messages.po`, found by listing the folder: a hospital
adds a language without touching the code. The `.po` is compiled in memory when first
used, so nothing is built at install time and an edited catalogue is used as it stands.
Fuzzy entries (a translation Babel guessed after the French changed) are never shown:
the French text is, until a person has checked the translation.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "fr"
"""The language the templates and the code are written in."""
DOMAIN = "messages"
SITE_DASH = " – "
"""Between a known function's name and its site (`generator.status`)."""


def N_(message: str) -> str:
    """Marks a French text kept in a constant for extraction; it is translated where shown."""
    return message


def languages() -> tuple[str, ...]:
    """French, then every language that has a catalogue, by code."""
    folder = resources.files("generator").joinpath("locale")
    found = sorted(entry.name for entry in folder.iterdir()
                   if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
                   and entry.name != SOURCE_LANGUAGE)
    return (SOURCE_LANGUAGE, *found)


def language_names() -> dict[str, str]:
    """Each language of `languages`, named in French (« anglais »), for editors' help."""
    french = Locale.parse(SOURCE_LANGUAGE)
    return {code: Locale.parse(code).get_display_name(french) or code for code in languages()}


@cache
def translations(language: str) -> gettext.NullTranslations:
    """What `gettext` and `ngettext` answer in `language`; the French text as it is for fr."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, _catalogue(language))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def locale_of(language: str) -> Locale:
    """How dates are written in `language`: the catalogue's ``Language`` header decides
    (``en_GB`` for « 1 December 2026 », ``en_US`` for « December 1, 2026 »)."""
    if language == SOURCE_LANGUAGE:
        return Locale.parse(SOURCE_LANGUAGE)
    return _catalogue(language).locale or Locale.parse(language)


def translated(text: str, language: str) -> str:
    """A text the code holds (a status label, a known function's name, marked `N_`) in
    `language`; any other text, such as a name typed in YAML, as it is.

    Two shapes the code makes from such texts are recognised: a label it lowercased
    (« service interrompu »), and a known function's name followed by its site
    (« Urgences – Hôpital Saint-Aubin », `generator.status`), whose site stays as written."""
    if language == SOURCE_LANGUAGE or not text:
        return text
    catalogue = translations(language)
    found = catalogue.gettext(text)
    if found != text:
        return found
    capitalised = text[0].upper() + text[1:]
    if text[0].islower() and catalogue.gettext(capitalised) != capitalised:
        found = catalogue.gettext(capitalised)
        return found[0].lower() + found[1:]
    known, dash, site = text.partition(SITE_DASH)
    if dash and catalogue.gettext(known) != known:
        return catalogue.gettext(known) + dash + site
    return text


def catalogue_path(language: str) -> str:
    """Where the catalogue of `language` lives, relative to the package."""
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"


def _catalogue(language: str) -> Catalog:
    if language not in languages():
        raise ValueError(f"no catalogue for language {language!r} ({catalogue_path(language)})")
    source = resources.files("generator").joinpath(catalogue_path(language))
    with source.open("rb") as po:
        return read_po(po, locale=None)
