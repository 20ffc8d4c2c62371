"""Free text in several languages: the French text comms staff type, and their translations.

A text field is written either plainly (``nom: Cardiologie``, French) or as a block of
languages (``nom: {fr: Cardiologie, en: Cardiology}``), French required. `Translated` is a
`str` whose value is the French text: every existing use of a name (sorting, search in
French, open data, messages) is unchanged, and only what prints a text for a reader asks
it for another language (`Translated.in_language`, the templates' `in_language` filter).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import PlainValidator, TypeAdapter
from pydantic_core import PydanticCustomError

from generator.i18n import SOURCE_LANGUAGE, languages


class Translated(str):
    """A French text typed in YAML, with the translations given beside it (maybe none).

    Most texts have none: those carry nothing but their characters (no attribute of their
    own, ``__slots__``), 40,000 of them at 3,000 services; one with translations is a
    `_WithTranslations`, still a `Translated`.
    """

    __slots__ = ()
    translations: Mapping[str, str] = MappingProxyType({})
    """Language code (``en``) → the text in that language; French is the `str` itself."""

    def __new__(cls, french: str, translations: Mapping[str, str] | None = None) -> Translated:
        if not translations:
            return super().__new__(cls, french)
        text = super().__new__(_WithTranslations, french)
        text.translations = MappingProxyType(dict(translations))
        return text

    def __reduce__(self) -> tuple[type[Translated], tuple[str, dict[str, str]]]:
        """Copied or pickled as the texts it holds (a mapping proxy is neither)."""
        return Translated, (str(self), dict(self.translations))

    def in_language(self, language: str) -> tuple[str, bool]:
        """The text to show in `language`, and whether it is the French one in its place
        (then a page marks it ``lang="fr"`` so that a screen reader says it in French)."""
        return text_in(self, language)


class _WithTranslations(Translated):
    """A `Translated` text given in other languages too: it keeps them."""

    translations: Mapping[str, str]


def text_in(value: str, language: str) -> tuple[str, bool]:
    """`value` in `language` and whether it fell back to French. Only a `Translated` text
    can fall back: any other text is taken as already in the page's language (a catalogue
    translation, a translation already picked), never marked French by mistake."""
    if language == SOURCE_LANGUAGE or not isinstance(value, Translated):
        return str(value), False
    found = value.translations.get(language)
    return (found, False) if found is not None else (str(value), True)


def translated_validator(text: Any) -> Any:
    """A validator reading a plain text (French) or a block of languages into `Translated`;
    `text`, an annotated `str` type, checks each language's text alone (length, visible
    characters), so that an error in a translation is reported on its own line."""
    plain: TypeAdapter[str] = TypeAdapter(text)
    by_language: TypeAdapter[dict[str, str]] = TypeAdapter(
        dict[Annotated[str, PlainValidator(_language_code)], text])

    def read(value: Any) -> Translated:
        if not isinstance(value, dict):
            return Translated(plain.validate_python(value))
        texts = dict(by_language.validate_python(value))
        if SOURCE_LANGUAGE not in texts:
            raise PydanticCustomError(
                "translation.no-french", "{message}",
                {"message": "texte en français « fr » manquant",
                 "hint": "écrivez d'abord le texte en français (« fr: … »), puis ses "
                         "traductions (« en: … ») ; ou le texte seul, sans langue"})
        french = texts.pop(SOURCE_LANGUAGE)
        return Translated(french, texts)

    return read


def _language_code(code: Any) -> str:
    """A language of the portal: one that has an interface catalogue (`generator.i18n`)."""
    known = languages()
    if isinstance(code, str) and code.strip().lower() in known:
        return code.strip().lower()
    raise PydanticCustomError(
        "translation.language", "{message}",
        {"message": f"langue « {code} » inconnue",
         "hint": "langues possibles : " + ", ".join(known)
                 + " (une autre langue demande d'abord la traduction de l'interface, "
                   "voir docs/langues.md)"})
