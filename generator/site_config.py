"""mkdocs.yml values that Material writes into every page as they are, checked before a build.

Material prints `site_name`, `site_description` and `copyright` without escaping them (in an
attribute, or as HTML for `copyright`), and loads `extra_javascript`, `extra_css`, the
logo, the favicon and, unless `font: false`, Google's fonts from wherever they point. So a
quote in the site's name opens an attribute (``aria-label="x" onmouseover="…"``), and an
address elsewhere is a request to a third party from every page, which runs from the
offline copy where no security header applies. No MkDocs import: values come in plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.build_messages import CONFIG_FILE, config_line
from generator.characters import forbidden_characters
from generator.diagnostics import Diagnostic

PRINTED_RAW = ("site_name", "site_description", "copyright")
_MARKUP = re.compile(r"[<>\"`]")
_ELSEWHERE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")
"""An address with a scheme (``https:``, ``data:``, ``javascript:``) or protocol-relative."""


@dataclass(frozen=True)
class SiteConfig:
    """The few values of mkdocs.yml this check reads, as MkDocs validated them."""

    text: str
    """mkdocs.yml itself, to give each problem its line."""
    printed: dict[str, str | None]
    """`PRINTED_RAW` option → value."""
    files: dict[str, list[str]]
    """``extra_javascript``, ``extra_css``, ``theme.logo``, ``theme.favicon`` → addresses."""
    font: object
    """`theme.font`: must be false (no font from Google)."""


def site_config_problems(config: SiteConfig) -> list[str]:
    """One French `mkdocs.yml:line: erreur : …` per problem; empty when the values are safe."""
    problems = [*_printed_problems(config), *_file_problems(config)]
    if config.font is not False:
        problems.append(Diagnostic(
            CONFIG_FILE, config_line(config.text, "theme", "font"), "config-font",
            "le thème chargerait ses polices depuis Google (un site tiers) à chaque page",
            "écrivez « font: false » sous « theme: »").format())
    return problems


def _printed_problems(config: SiteConfig) -> Iterable[str]:
    for option, value in config.printed.items():
        if not value:
            continue
        markup = _MARKUP.search(value)
        characters = forbidden_characters(value)
        if markup is None and not characters:
            continue
        found = f"« {markup.group()} »" if markup else characters[0].describe()
        yield Diagnostic(CONFIG_FILE, config_line(config.text, option), "config-printed",
                         f"option « {option} » : caractère {found} interdit (le thème "
                         "l'écrit tel quel dans chaque page)",
                         "écrivez du texte simple, avec « » pour les guillemets").format()


def _file_problems(config: SiteConfig) -> Iterable[str]:
    for option, addresses in config.files.items():
        key, _, sub = option.partition(".")
        for address in addresses:
            if _ELSEWHERE.match(address):
                yield Diagnostic(CONFIG_FILE, config_line(config.text, key, sub or None),
                                 "config-elsewhere",
                                 f"option « {option} » : « {address[:80]} » est pris sur un "
                                 "autre site",
                                 "copiez le fichier dans content/ et écrivez son chemin "
                                 "(« assets/logo.png ») : le site ne charge rien d'ailleurs"
                                 ).format()
