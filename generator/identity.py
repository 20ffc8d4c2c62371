"""The hospital's look, from ``groupe.yml``: its names, its main colour, its logo and favicon.

`portal check` and the build both go through `read_identity`, so the same problems are
found by both. The colour must keep the header and links readable (WCAG AA, computed
here); images are project files anyone may have put there, so they are checked by their
first bytes and size, and an SVG is published only as `generator.svg` rewrote it. Without
a logo, the portal draws a monogram of the short name: nothing of Material's branding
(its book icon, its favicon) reaches the site.
"""

from __future__ import annotations

import colorsys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from generator.build_messages import os_error
from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile
from generator.model import Group
from generator.svg import UnsafeSvg, clean_svg

ASSETS = "assets/portal"
PALETTE = f"{ASSETS}/palette.css"
DEFAULT_COLOUR = "#4051b5"
"""Material's indigo, as the sample always had: 7.1:1 against white."""
WHITE = "#ffffff"
AA = 4.5
"""WCAG 2.1 AA, normal text: header text on the colour, links of the colour on white."""
MAX_IMAGE_BYTES = 512 * 1024
"""A logo is a few kilobytes; every visitor loads it on every first page."""

HEADER_TEXT_PX = 240
"""Width left to the header's name on a 360 px screen (Material's buttons and margins, with
portal.css's narrower left margin), at the default font size: 18 px bold. Measured in
Chromium; tests/test_browser.py checks it still holds."""
FONT_MARGIN = 1.05
"""The widths below are Helvetica/Arial Bold (Liberation Sans in Linux browsers); phones use
Roboto (narrower) or San Francisco (a little wider): keep a margin."""
_BOLD_WIDTHS = {  # advance width, thousandths of the font size → characters
    238: "'", 241: "’", 278: " ,./I\\ijl", 280: "|", 333: "!()-:;[]`ft", 389: "*r{}",
    474: '"', 500: "z", 556: "0123456789#$J_aceksvxy–«»", 584: "+<=>^~",
    611: "?FLTZbdghnopqu", 667: "EPSVXY", 722: "&ABCDHKNRU", 778: "GOQw", 833: "M",
    889: "%m", 944: "W", 975: "@"}
_WIDTH = {char: width for width, chars in _BOLD_WIDTHS.items() for char in chars}
_HEADER_FONT_PX = 18


@dataclass(frozen=True)
class Image:
    data: bytes
    extension: str
    """From the file's first bytes, never from its name: ``png``, ``jpg``, ``webp``…"""


@dataclass(frozen=True)
class Problem:
    key: str
    """The groupe.yml key at fault (its line is the diagnostic's)."""
    code: str
    message: str
    hint: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class SiteIdentity:
    """What the build publishes and tells Material: names, files and their addresses."""

    name: str
    header_name: str
    colour: str
    files: dict[str, bytes] = field(default_factory=dict)
    logo: str = ""
    favicon: str = ""


class IdentityRefused(Exception):
    """The group's look cannot be published (the data changed since `portal check`)."""


def read_identity(group: Group, root: Path) -> tuple[SiteIdentity, list[Problem]]:
    """The group's look, ready to publish, and every problem with it (none: publishable)."""
    problems = [*_name_problems(group)]
    colour = group.colour or DEFAULT_COLOUR
    if (ratio := contrast(colour, WHITE)) < AA:
        problems.append(Problem(
            "couleur", "identity.contrast",
            f"couleur « {colour.upper()} » trop claire : le texte blanc de l'en-tête et les "
            f"liens de cette couleur sur fond blanc auraient un contraste de "
            f"{_french(ratio)}:1 (au moins 4,5:1 pour être lus, norme WCAG AA)",
            f"prenez la même teinte plus foncée : couleur: \"{readable(colour).upper()}\""))
    images: dict[str, Image] = {}
    for key, path, allowed in (("logo", group.logo, _LOGO_FORMATS),
                               ("favicon", group.favicon, _FAVICON_FORMATS)):
        if path is not None:
            try:
                images[key] = read_image(root, path, allowed)
            except ImageRefused as exc:
                problems.append(Problem(key, f"identity.{key}", str(exc), exc.hint))
    logo = images.get("logo") or Image(monogram(group.header_name, colour), "svg")
    files = {f"{ASSETS}/logo.{logo.extension}": logo.data, PALETTE: palette_css(colour).encode()}
    favicon_path = f"{ASSETS}/logo.{logo.extension}"
    if favicon := images.get("favicon"):
        favicon_path = f"{ASSETS}/favicon.{favicon.extension}"
        files[favicon_path] = favicon.data
    identity = SiteIdentity(group.name, group.header_name, colour, files,
                            f"{ASSETS}/logo.{logo.extension}", favicon_path)
    return identity, problems


def identity_diagnostics(group: Group, loaded: LoadedFile, root: Path) -> list[Diagnostic]:
    """`read_identity`'s problems at their lines of groupe.yml, for `portal check`."""
    return [Diagnostic(loaded.path, loaded.line_of((p.key,)), p.code, p.message, p.hint,
                       p.severity) for p in read_identity(group, root)[1]]


def site_identity(group: Group, root: Path) -> SiteIdentity:
    """The identity to publish; `IdentityRefused` if a file changed since the check."""
    identity, problems = read_identity(group, root)
    if errors := [p for p in problems if p.severity is Severity.ERROR]:
        raise IdentityRefused("\n".join(f"groupe.yml › {p.key} : {p.message} — {p.hint}"
                                        for p in errors))
    return identity


def fallback_identity(name: str) -> SiteIdentity:
    """While previewing data errors (no valid group): a monogram, the default colour."""
    logo = f"{ASSETS}/logo.svg"
    return SiteIdentity(name, name, DEFAULT_COLOUR,
                        {logo: monogram(name, DEFAULT_COLOUR),
                         PALETTE: palette_css(DEFAULT_COLOUR).encode()}, logo, logo)


# --- The name in the header ---------------------------------------------------------------


def header_width(name: str) -> float:
    """The name's width in the header, in CSS pixels, as Helvetica Bold draws it."""
    total = 0
    for char in name:
        base = unicodedata.normalize("NFD", char)[0]
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        total += _WIDTH.get(char) or _WIDTH.get(base) or (1000 if wide else 722)
    return total * _HEADER_FONT_PX / 1000


def fits_header(name: str) -> bool:
    return header_width(name) * FONT_MARGIN <= HEADER_TEXT_PX


def _name_problems(group: Group) -> list[Problem]:
    """A name too wide for a phone's header is cut with "…" on every page."""
    name = group.header_name
    if fits_header(name):
        return []
    width = round(header_width(name) * FONT_MARGIN)
    message = (f"« {name} » est trop long pour l'en-tête sur un téléphone : environ {width} px "
               f"pour {HEADER_TEXT_PX} px disponibles sur un écran de 360 px, il serait coupé")
    if group.short_name:  # written for the header only: an error, fixed in a minute
        return [Problem("nom_court", "identity.header-name", message,
                        "raccourcissez-le (un sigle et une ville, par exemple "
                        "« CH Testville ») ; le nom complet reste dans « nom »")]
    return [Problem("nom", "identity.header-name", message,  # older files: do not block
                    "ajoutez « nom_court: … », un nom court (par exemple « CH Testville ») "
                    "que l'en-tête affichera à la place", Severity.WARNING)]


# --- The main colour -------------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str) -> str:
    """`colour`, darkened in HSL (same hue and saturation) until white on it reaches AA."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    candidate = colour
    while contrast(candidate, WHITE) < AA and lightness > 0:
        lightness = max(0.0, lightness - 0.005)
        candidate = _hex(colorsys.hls_to_rgb(hue, lightness, saturation))
    return candidate


def shade(colour: str, change: float) -> str:
    """`colour` lighter (`change` > 0) or darker, by `change` of HSL lightness."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(hue, min(1.0, max(0.0, lightness + change)), saturation))


def palette_css(colour: str) -> str:
    """Material's colour variables for a custom primary colour (its documented way).

    Set on every element Material's own palettes set them on (`:root > *`, and `body`
    through its `data-md-color-*` attributes), later in the page: this stylesheet wins.
    The accent (links under the pointer) is the darker shade: more contrast, not less.
    """
    dark = shade(colour, -0.08)
    return (
        "/* Generated by the portal from directory/groupe.yml (couleur). */\n"
        ":root > *, [data-md-color-primary], [data-md-color-accent] {\n"
        f"  --md-primary-fg-color: {colour};\n"
        f"  --md-primary-fg-color--light: {shade(colour, 0.1)};\n"
        f"  --md-primary-fg-color--dark: {dark};\n"
        "  --md-primary-bg-color: #fff;\n"
        "  --md-primary-bg-color--light: #ffffffb3;\n"
        f"  --md-accent-fg-color: {dark};\n"
        f"  --md-accent-fg-color--transparent: {colour}1a;\n"
        "  --md-accent-bg-color: #fff;\n"
        "  --md-accent-bg-color--light: #ffffffb3;\n"
        "  --md-typeset-a-color: var(--md-primary-fg-color);\n"
        "}\n")


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _french(ratio: float) -> str:
    return f"{ratio:.1f}".replace(".", ",")


# --- Logo, favicon, monogram ---------------------------------------------------------------


class ImageRefused(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"),
               (b"\x00\x00\x01\x00", "ico"))
_LOGO_FORMATS = ("png", "jpg", "webp", "svg")
_FAVICON_FORMATS = (*_LOGO_FORMATS, "ico")
_NAMES = {"png": "PNG", "jpg": "JPEG", "webp": "WebP", "svg": "SVG", "ico": "ICO"}
_PLACE = ("placez le fichier dans le dossier du projet (à côté de mkdocs.yml) et écrivez son "
          "chemin depuis ce dossier, par exemple « logo.svg »")


def read_image(root: Path, relative: str, allowed: tuple[str, ...]) -> Image:
    """A project file as a publishable image of an `allowed` format, or `ImageRefused`."""
    path = root / relative
    try:
        inside = path.resolve().is_relative_to(root.resolve())
        if not path.exists() and inside:
            raise ImageRefused(f"fichier « {relative} » introuvable", _PLACE)
        if not inside:
            raise ImageRefused(f"« {relative} » mène hors du dossier du projet (lien "
                               "symbolique)", "copiez le fichier lui-même dans le projet")
        if not path.is_file():
            raise ImageRefused(f"« {relative} » n'est pas un fichier", _PLACE)
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageRefused(f"« {relative} » est trop lourd ({size // 1024} ko ; "
                               f"{MAX_IMAGE_BYTES // 1024} ko au plus)",
                               "réduisez l'image (256 × 256 pixels suffisent) ou préférez un SVG")
        with path.open("rb") as image:
            data = image.read(MAX_IMAGE_BYTES + 1)
    except RuntimeError:  # a loop of symbolic links
        raise ImageRefused(f"« {relative} » est une boucle de liens symboliques",
                           "copiez le fichier lui-même dans le projet") from None
    except OSError as exc:
        raise ImageRefused(os_error(exc, f"en lisant « {relative} »"),
                           "vérifiez que le fichier existe et qu'il peut être lu") from None
    kind = image_format(data)
    names = ", ".join(_NAMES[k] for k in allowed[:-1]) + " ou " + _NAMES[allowed[-1]]
    if kind not in allowed:
        found = f" (c'est un fichier {_NAMES[kind]})" if kind else ""
        raise ImageRefused(f"« {relative} » n'est pas une image {names}{found}",
                           f"enregistrez l'image dans l'un de ces formats : {names}")
    if kind == "svg":
        try:
            data = clean_svg(data)
        except UnsafeSvg as exc:
            raise ImageRefused(f"« {relative} » : {exc}", exc.hint) from None
    return Image(data, kind)


def image_format(data: bytes) -> str | None:
    """The format the first bytes announce (not the file's name), if it is one we publish."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    start = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:9].lower()
    return "svg" if start.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) else None


_SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "au",
                          "aux", "sur", "sous"})


def initials(name: str) -> str:
    """`GH Vallée-Fictive` → ``GV``: the first letters of the first two words that count."""
    words = "".join(c if c.isalnum() else " " for c in name).split()
    kept = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    return "".join(w[0] for w in kept[:2]).upper() or "+"


def monogram(name: str, colour: str) -> bytes:
    """A plain SVG badge: the initials of `name`, white on the main colour (which passed AA)."""
    letters = escape(initials(name))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect x="1.5" y="1.5" width="61" height="61" rx="12" fill="{colour}" '
        'stroke="#fff" stroke-width="3"/>'
        '<text x="32" y="33" fill="#fff" font-family="Helvetica, Arial, sans-serif" '
        'font-size="28" font-weight="700" text-anchor="middle" dominant-baseline="middle">'
        f"{letters}</text></svg>\n").encode()
