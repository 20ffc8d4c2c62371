"""The theme's own words (generator/theme/) in the site's language, handed to it as data.

The theme's templates are rendered by MkDocs' Jinja2 and by Zensical's MiniJinja: they stay
free of Python calls, so instead of calling `_()` they print these values
(`config.extra.portal_texts.<key>`), which both engines receive as configuration. Like a
template's `_()`, a catalogue's text is trusted markup: printed as it is.
"""

from __future__ import annotations

from babel import Locale

from generator.i18n import N_, SOURCE_LANGUAGE, translations

THEME_TEXTS = {
    "updated": N_("Mis à jour le"),
    "status_link": N_("État des services et consignes"),
    "home_title": N_("Information patients"),
    "feed": N_("Communiqués"),
    "not_found_title": N_("Page introuvable"),
    "emergency_call": N_("En cas d'urgence, appelez"),
    "not_found_text": N_(
        "Cette page n'existe pas ou a été déplacée. Retrouvez tous les services et leurs "
        "numéros dans l'<a href=\"{a_to_z}\">annuaire de A à Z</a>, ou revenez à "
        "l'<a href=\"{home}\">accueil</a>."),
    "crisis_reminder": N_("Crise en cours · état des services"),
    "search": N_("Rechercher un service"),
}
"""Key the theme prints → its French text (the message id)."""

NAV_TITLES = (N_("Accueil"), N_("Informations pratiques"), N_("Fuite de données"))
"""Menu titles of mkdocs.yml the catalogue knows besides the generated pages' own titles
(`translated_nav` translates any title the catalogue holds; others stay as written)."""


def theme_texts(language: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Every text the theme prints, in `language` (French as written for French)."""
    gettext = translations(language).gettext
    return {key: gettext(text) for key, text in THEME_TEXTS.items()}


def language_name(language: str) -> str:
    """A language named in itself, as its readers look for it: « English », « Français »."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def translated_nav(nav: object, language: str) -> object:
    """mkdocs.yml's `nav:` with each title the catalogue knows in `language`: the titles are
    the project's French words, the pages they lead to the same in every language."""
    if isinstance(nav, list):
        return [translated_nav(item, language) for item in nav]
    if isinstance(nav, dict):
        gettext = translations(language).gettext
        return {gettext(str(title)): translated_nav(target, language)
                for title, target in nav.items()}
    return nav
