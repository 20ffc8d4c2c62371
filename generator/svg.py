"""An SVG logo made safe to publish: parsed, checked against an allowlist, written again.

A logo shown by `<img>` runs nothing, but the same file opened at its own address (or
from the offline copy, where no security header applies) is a document of the portal's
origin: a script, an event handler or a link in it would run there. So only drawing
elements pass, every reference stays inside the file, and what is published is the tree
this module checked, re-serialised (comments, processing instructions and anything the
parser kept aside are gone). No entity is ever expanded: a DOCTYPE is refused outright.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

_DRAWING = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feComposite",
    "feFlood", "feMerge", "feMergeNode", "feMorphology", "feDropShadow",
    "image", "style",
})
"""SVG elements that draw. Not `script`, `foreignObject` (HTML inside), `a` (a link to
follow), `animate`/`set` (they can rewrite an `href` into `javascript:`), `iframe`…"""

_INERT_NAMESPACES = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
})
"""Editors' bookkeeping (Inkscape, Illustrator, licence metadata): browsers ignore it."""

_LOCAL_REFERENCE = re.compile(r"#[A-Za-z_][\w.:-]*")
_EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|webp);base64,[A-Za-z0-9+/=\s]*")
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_DANGER = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|\\",
                         re.IGNORECASE)
"""`\\` too: a CSS escape (``@\\69mport``) would hide any of the others."""
_DECLARATIONS = re.compile(r"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)


class UnsafeSvg(ValueError):
    """Why the SVG cannot be published, in French (the message), and what to do (`hint`)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


_HINT = ("enregistrez le logo en « SVG simple » (Inkscape : Enregistrer sous › SVG simple) "
         "ou en PNG")


def clean_svg(data: bytes) -> bytes:
    """`data` re-serialised if it is a plain drawing; `UnsafeSvg` (in French) otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnsafeSvg("le SVG n'est pas un texte UTF-8", _HINT) from None
    if match := _DECLARATIONS.search(text):
        raise UnsafeSvg(f"le SVG contient une déclaration « <!{match.group(1).upper()} » "
                        "(elle peut charger un autre fichier ou gonfler sans fin)", _HINT)
    if re.search(r"<\?xml-stylesheet", text, re.IGNORECASE):
        raise UnsafeSvg("le SVG charge une feuille de style externe (<?xml-stylesheet)", _HINT)
    try:
        root = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except ET.ParseError as exc:
        raise UnsafeSvg(f"le SVG est illisible (ligne {exc.position[0]} du fichier)",
                        _HINT) from None
    if root.tag != f"{{{SVG}}}svg":
        raise UnsafeSvg("le fichier n'est pas un dessin SVG (pas de balise <svg> "
                        f"de l'espace de noms {SVG})", _HINT)
    for element in root.iter():
        _check_element(element)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _check_element(element: ET.Element) -> None:
    namespace, name = _split(element.tag)
    if namespace == SVG and name not in _DRAWING:
        raise UnsafeSvg(f"le SVG contient un élément <{name}> non autorisé (seuls les "
                        "éléments de dessin sont publiés)", _HINT)
    if namespace not in (SVG, *_INERT_NAMESPACES):
        raise UnsafeSvg(f"le SVG contient un élément <{name}> d'un autre langage "
                        f"({namespace or 'sans espace de noms'})", _HINT)
    for attribute, value in element.attrib.items():
        _check_attribute(name, *_split(attribute), value)
    if name == "style" and element.text:
        _check_css(element.text)


def _check_attribute(element: str, namespace: str, name: str, value: str) -> None:
    if name.lower().startswith("on"):
        raise UnsafeSvg(f"le SVG contient un attribut « {name} » (un script déclenché par "
                        "un événement)", _HINT)
    if name == "href" and namespace in ("", XLINK):
        if _LOCAL_REFERENCE.fullmatch(value.strip()):
            return
        if element == "image" and _EMBEDDED_IMAGE.fullmatch(value.strip()):
            return
        raise UnsafeSvg(f"le SVG fait référence à « {value.strip()[:60]} » (seuls les liens "
                        "internes « #… » et les images PNG, JPEG ou WebP incluses sont permis)",
                        _HINT)
    if namespace not in ("", XLINK, "http://www.w3.org/XML/1998/namespace",
                         *_INERT_NAMESPACES):
        raise UnsafeSvg(f"le SVG contient un attribut « {name} » d'un autre langage", _HINT)
    _check_css(value)


def _check_css(value: str) -> None:
    """Style (an attribute, a `<style>`, `fill="url(…)"`) may only point inside the file."""
    if match := _CSS_DANGER.search(value):
        raise UnsafeSvg(f"le SVG contient « {match.group()} » dans un style", _HINT)
    for match in _URL.finditer(value):
        if not match.group(2).startswith("#"):
            raise UnsafeSvg(f"le SVG charge « {match.group(2)[:60]} » hors du fichier "
                            "(url(…))", _HINT)


def _split(tag: str) -> tuple[str, str]:
    """``{namespace}name`` → (namespace, name); no namespace → ("", name)."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
