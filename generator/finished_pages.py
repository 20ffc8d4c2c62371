"""The pages as an engine wrote them → as the portal publishes them, whichever engine it was.

Two things no theme option does: Material's drawer checkbox (in its base.html, outside any
block an override can replace) is named « Menu » for screen readers; and a page holding an
inline script is refused, since the security headers (generator/headers.py) would block it
and the page would silently not work. The MkDocs plugin applies `finished_page` to each page
as it is rendered; generator/zensical_build.py to each page Zensical wrote.
"""

from __future__ import annotations

from generator.headers import INLINE_SCRIPT

DRAWER = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
"""Material's drawer checkbox: its labels would name it after the whole header."""


class UnsafePage(Exception):
    """A page the site's security policy would break; the message names it, in French."""


def finished_page(html: str, name: str) -> str:
    """`html` with its menu named; raises `UnsafePage` if it holds an inline script."""
    if INLINE_SCRIPT.search(html):
        raise UnsafePage(f"{name} contient un script en ligne, que la politique de sécurité "
                         "du site bloquerait : retirez de mkdocs.yml l'option du thème qui "
                         "l'ajoute (voir generator/theme/partials/javascripts/) ou le texte "
                         "de la page qui l'a introduit")
    if f'{DRAWER} aria-label=' in html:
        return html
    return html.replace(DRAWER, f'{DRAWER} aria-label="Menu"', 1)

