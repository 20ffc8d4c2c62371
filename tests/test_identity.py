"""The hospital's look from groupe.yml: names, colour (WCAG contrast), logo and favicon.

Hostile files are the point: every logo below that could run a script, load something from
elsewhere or escape the project is refused by `portal check` at the `logo:` line, in French.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity
from generator.identity import (
    AA,
    DEFAULT_COLOUR,
    HEADER_TEXT_PX,
    WHITE,
    contrast,
    fits_header,
    initials,
    monogram,
    readable,
)
from generator.svg import UnsafeSvg, clean_svg
from tests.conftest import GROUP_YML, Project, theme_pages


def png() -> bytes:
    """A real 1×1 PNG (white), made here rather than stored."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


ICO = b"\x00\x00\x01\x00\x01\x00\x10\x10" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
PLAIN_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by an editor -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs>
  <g inkscape:label="Calque 1"><rect width="10" height="10" fill="url(#g)"
     style="stroke:#fff"/><use xlink:href="#g"/></g>
  <text x="1" y="8">Vallée</text>
</svg>
"""


def with_group(project: Project, extra: str) -> Project:
    """The test group with `extra` keys right after `nom` (line 2 on)."""
    first, rest = GROUP_YML.split("\n", 1)
    project.write("directory/groupe.yml", f"{first}\n{extra}{rest}")
    return project


def problems(project: Project) -> list[Diagnostic]:
    return [d for d in project.check().diagnostics if d.path == "directory/groupe.yml"]


# --- Colour -----------------------------------------------------------------------------


def test_contrast_is_wcag_s() -> None:
    """Black on white is 21:1, a colour on itself 1:1, #767676 the lightest grey that passes."""
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#4051b5", "#4051b5") == pytest.approx(1)
    assert contrast("#767676", WHITE) >= AA > contrast("#777777", WHITE)
    assert contrast(DEFAULT_COLOUR, WHITE) >= AA


@pytest.mark.parametrize("colour", ["#ffcc00", "#00ff00", "#87ceeb", "#ff0000", "#ffffff",
                                    "#e91e63"])
def test_suggested_colour_passes_with_the_same_hue_and_no_darker_than_needed(colour: str) -> None:
    """Darkened in HSL just until white on it reaches 4.5:1; the hue is kept."""
    import colorsys

    suggested = readable(colour)
    assert contrast(suggested, WHITE) >= AA
    assert contrast(suggested, WHITE) < AA + 0.3  # just enough: the colour stays itself

    def hue(c: str) -> float:
        return colorsys.rgb_to_hls(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    if colour != "#ffffff":
        assert abs(hue(suggested) - hue(colour)) < 0.01


def test_a_colour_that_passes_is_kept() -> None:
    assert readable("#1f5c7a") == "#1f5c7a"


def test_a_light_colour_is_an_error_with_the_ratio_and_a_colour_that_passes(
        project: Project) -> None:
    """`couleur: "#FC0"`: the line, the ratio in French, and a #RRGGBB that passes."""
    found = problems(with_group(project, 'couleur: "#FC0"\n'))
    assert [(d.line, d.code, d.is_error) for d in found] == [(2, "identity.contrast", True)]
    assert "« #FFCC00 » trop claire" in found[0].message and "1,5:1" in found[0].message
    suggested = re.search(r'couleur: "(#[0-9A-F]{6})"', found[0].hint)
    assert suggested and contrast(suggested.group(1).lower(), WHITE) >= AA


@pytest.mark.parametrize(("line", "message"), [
    ("couleur: #1F5C7A\n", "couleur vide : en YAML, un « # » non protégé commence un commentaire"),
    ("couleur: bleu\n", "couleur « bleu » invalide"),
    ('couleur: "#12345"\n', "couleur « #12345 » invalide"),
])
def test_a_colour_not_written_as_hex_in_quotes_is_explained(project: Project, line: str,
                                                             message: str) -> None:
    found = problems(with_group(project, line))
    assert [(d.line, d.message) for d in found] == [(2, message)]
    assert 'couleur: "#1A4D8F"' in found[0].hint


# --- Names --------------------------------------------------------------------------------


def test_a_short_name_too_wide_for_a_phone_is_an_error_at_its_line(project: Project) -> None:
    """`nom_court` exists only for the header: too wide is an error (fixed in a minute)."""
    found = problems(with_group(project, "nom_court: Centre hospitalier universitaire de Test\n"))
    assert [(d.line, d.code, d.is_error) for d in found] == [(2, "identity.header-name", True)]
    assert f"pour {HEADER_TEXT_PX} px disponibles sur un écran de 360 px" in found[0].message


def test_a_long_name_without_short_name_is_a_warning(project: Project) -> None:
    """Files written before `nom_court` existed still build; the header would be cut."""
    project.write("directory/groupe.yml", GROUP_YML.replace(
        "nom: Groupe hospitalier de test", "nom: Groupe hospitalier de la Vallée-Fictive"))
    found = problems(project)
    assert [(d.line, d.severity) for d in found] == [(1, Severity.WARNING)]
    assert "ajoutez « nom_court: … »" in found[0].hint


def test_header_width_counts_wide_letters_and_accents() -> None:
    assert fits_header("GH Vallée-Fictive") and fits_header("CHU de Testville")
    assert not fits_header("W" * 15) and fits_header("i" * 40)
    assert not fits_header("病院" * 7)


# --- Logo and favicon ---------------------------------------------------------------------


def svg(body: str, head: str = "") -> bytes:
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink">{body}</svg>').encode()


HOSTILE_SVGS = {
    "script": (svg("<script>alert(1)</script>"), "élément <script> non autorisé"),
    "handler": (svg('<rect onload="alert(1)"/>'), "attribut « onload »"),
    "handler-capitals": (svg('<rect ONCLICK="alert(1)"/>'), "attribut « ONCLICK »"),
    "foreign-object": (svg("<foreignObject><p>x</p></foreignObject>"),
                       "élément <foreignObject> non autorisé"),
    "html-script": (svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
                    "élément <script> d'un autre langage"),
    "link": (svg('<a xlink:href="javascript:alert(1)"><rect/></a>'), "élément <a>"),
    "set-href": (svg('<set attributeName="href" to="javascript:alert(1)"/>'), "élément <set>"),
    "external-image": (svg('<image href="https://tiers.example/x.png"/>'),
                       "référence à « https://tiers.example/x.png »"),
    "svg-in-image": (svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'),
                     "référence à « data:image/svg+xml"),
    "external-use": (svg('<use href="https://tiers.example/s.svg#a"/>'), "référence à"),
    "style-url": (svg('<rect style="fill:url(https://tiers.example/p.png)"/>'),
                  "charge « https://tiers.example/p.png »"),
    "fill-url": (svg('<rect fill="url(//tiers.example/f.svg#g)"/>'), "charge « //tiers"),
    "style-import": (svg('<style>@import "https://tiers.example/a.css";</style>'),
                     "« @import »"),
    "css-escape": (svg('<style>@\\69mport "https://tiers.example/a.css";</style>'), "« \\ »"),
    "doctype": (svg("<text>&lol;</text>", '<!DOCTYPE svg [<!ENTITY lol "lol">]>'),
                "déclaration « <!DOCTYPE »"),
    "stylesheet-pi": (svg("<rect/>", '<?xml-stylesheet href="https://tiers.example/a.css"?>'),
                      "feuille de style externe"),
    "not-svg": (b"<?xml version='1.0'?><html><script>alert(1)</script></html>",
                "pas un dessin SVG"),
    "broken": (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "SVG est illisible"),
    "utf-16": ('<svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16"),
               "n'est pas une image PNG, JPEG, WebP ou SVG"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SVGS))
def test_a_hostile_svg_logo_is_refused_at_the_logo_line(project: Project, case: str) -> None:
    data, expected = HOSTILE_SVGS[case]
    (project.root / "logo.svg").write_bytes(data)
    found = problems(with_group(project, "logo: logo.svg\n"))
    assert [(d.line, d.code, d.is_error) for d in found] == [(2, "identity.logo", True)]
    assert found[0].message.startswith("« logo.svg »") and expected in found[0].message, \
        found[0].message
    assert found[0].hint


def outside(project: Project) -> str:
    secret = project.root.parent / f"{project.root.name}-secret.png"
    secret.write_bytes(png())
    (project.root / "lien.png").symlink_to(secret)
    return "lien.png"


def loop(project: Project) -> str:
    (project.root / "a.png").symlink_to(project.root / "b.png")
    (project.root / "b.png").symlink_to(project.root / "a.png")
    return "a.png"


HOSTILE_FILES = {
    "symlink-loop": (loop, "identity.logo", "a.png"),
    "missing": (lambda p: "absent.png", "identity.logo", "fichier « absent.png » introuvable"),
    "parent": (lambda p: "../autre/logo.png", "field.path", "il sort du dossier du projet"),
    "absolute": (lambda p: "/etc/passwd", "field.path", "il doit partir du dossier du projet"),
    "address": (lambda p: "https://tiers.example/logo.png", "field.path",
                "est une adresse, pas un fichier du projet"),
    "windows": (lambda p: "C:\\\\logo.png", "field.path", "est une adresse"),
    "symlink-out": (outside, "identity.logo", "mène hors du dossier du projet"),
    "folder": (lambda p: (p.root / "images").mkdir() or "images", "identity.logo",
               "n'est pas un fichier"),
    "too-large": (lambda p: (p.root / "l.png").write_bytes(png() + b"\0" * 600_000) and "l.png",
                  "identity.logo", "trop lourd (586 ko ; 512 ko au plus)"),
    "text-named-png": (lambda p: (p.root / "l.png").write_text("<html>") and "l.png",
                       "identity.logo", "n'est pas une image PNG, JPEG, WebP ou SVG"),
    "gif": (lambda p: (p.root / "l.gif").write_bytes(b"GIF89a" + b"\0" * 20) and "l.gif",
            "identity.logo", "n'est pas une image"),
    "ico-as-logo": (lambda p: (p.root / "l.ico").write_bytes(ICO) and "l.ico", "identity.logo",
                    "(c'est un fichier ICO)"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_a_logo_outside_missing_too_large_or_not_an_image_is_refused(project: Project,
                                                                      case: str) -> None:
    make, code, expected = HOSTILE_FILES[case]
    path = make(project)
    found = problems(with_group(project, f'logo: "{path}"\n'))
    assert [(d.line, d.code) for d in found] == [(2, code)]
    assert expected in found[0].message, found[0].message


@pytest.mark.parametrize(("name", "data", "key"), [
    ("logo.png", png(), "logo"), ("photo.jpg", JPEG, "logo"), ("logo.webp", WEBP, "logo"),
    ("logo.svg", PLAIN_SVG.encode(), "logo"), ("icone.ico", ICO, "favicon"),
    ("images/icone.png", png(), "favicon"),
])
def test_plain_images_are_accepted(project: Project, name: str, data: bytes, key: str) -> None:
    """PNG, JPEG, WebP and a plain SVG from an editor (gradient, metadata); ICO as favicon."""
    (project.root / name).parent.mkdir(exist_ok=True)
    (project.root / name).write_bytes(data)
    assert problems(with_group(project, f"{key}: {name}\n")) == []


def test_every_problem_of_the_look_is_reported_at_once(project: Project) -> None:
    (project.root / "logo.svg").write_bytes(svg("<script/>"))
    found = problems(with_group(project, 'nom_court: Centre hospitalier universitaire de Test\n'
                                         'couleur: "#eeeeee"\nlogo: logo.svg\nfavicon: x.ico\n'))
    assert [(d.line, d.code) for d in found] == [
        (2, "identity.header-name"), (3, "identity.contrast"), (4, "identity.logo"),
        (5, "identity.favicon")]


def test_a_plain_svg_is_published_without_comments_or_declarations() -> None:
    cleaned = clean_svg(PLAIN_SVG.encode())
    assert b"<!--" not in cleaned and b"exported by an editor" not in cleaned
    assert b'fill="url(#g)"' in cleaned and "Vallée".encode() in cleaned
    assert clean_svg(cleaned) == cleaned  # what is published passes its own check


def test_the_monogram_is_the_initials_on_the_colour_and_passes_the_svg_check() -> None:
    assert initials("GH Vallée-Fictive") == "GV"
    assert initials("Hôpital de l'Île") == "HÎ"
    assert initials("CHU") == "C" and initials("—") == "+"
    drawing = monogram("GH Vallée-Fictive", "#1f5c7a")
    assert b'fill="#1f5c7a"' in drawing and b">GV</text>" in drawing
    assert clean_svg(drawing)
    with pytest.raises(UnsafeSvg):
        clean_svg(svg('<rect onload="x"/>'))


# --- Built site ---------------------------------------------------------------------------

MATERIAL_LIBRARY_ICON = "M12 8a3 3 0 0 0 3-3 3 3 0 0 0-3-3"
"""Path data of Material's default logo (`material/library`), which it inlines without a logo."""


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in theme_pages(site)}


def test_without_logo_the_site_carries_a_monogram_and_no_material_branding(
        project: Project) -> None:
    """The test group sets nothing new: its name, a monogram as logo and favicon, the
    default colour; neither Material's favicon file nor its book icon anywhere."""
    assert project.portal("build") == 0
    site = project.site
    assert not (site / "assets/images/favicon.png").exists()
    assert not any("favicon.png" in p.name for p in site.rglob("*"))
    logo = (site / "assets/portal/logo.svg").read_bytes()
    assert b">GH</text>" in logo and DEFAULT_COLOUR.encode() in logo
    assert DEFAULT_COLOUR in (site / "assets/portal/palette.css").read_text("utf-8")
    for page in theme_pages(site):  # the printed posters have no tab icon nor header
        path, html = page.relative_to(site).as_posix(), page.read_text("utf-8")
        assert MATERIAL_LIBRARY_ICON not in html, path
        assert "assets/images/favicon.png" not in html, path
        depth = path.count("/") - path.startswith("en/")  # the English site has its own copy
        prefix = "/" if path == "404.html" else "../" * depth  # 404: any address
        assert f'<link rel="icon" href="{prefix}assets/portal/logo.svg">' in html, path
        assert f'href="{prefix}assets/portal/palette.css"' in html, path
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Information patients – Groupe hospitalier de test</title>" in home
    assert re.search(r'portal-header-name">\s*Groupe hospitalier de test\s*<', home)


def test_the_group_s_names_logo_favicon_and_colour_reach_every_page(project: Project) -> None:
    """`nom` in titles and the logo's label, `nom_court` in the header, the files in site/."""
    (project.root / "images").mkdir()
    (project.root / "images/logo.png").write_bytes(png())
    (project.root / "favicon.ico").write_bytes(ICO)
    with_group(project, 'nom_court: GH de test\ncouleur: "#1F5C7A"\n'
                        "logo: images/logo.png\nfavicon: favicon.ico\n")
    assert project.portal("build") == 0
    site = project.site
    assert (site / "assets/portal/logo.png").read_bytes() == png()
    assert (site / "assets/portal/favicon.ico").read_bytes() == ICO
    assert "--md-primary-fg-color: #1f5c7a;" in (site / "assets/portal/palette.css").read_text()
    service = (site / "services/cardiologie.html").read_text("utf-8")
    assert ("<title>Consultations de cardiologie – Hôpital du Test - Groupe hospitalier de test"
            "</title>") in service
    assert re.search(r'portal-header-name">\s*GH de test\s*<', service)
    assert 'aria-label="Groupe hospitalier de test"' in service
    assert '<img src="../assets/portal/logo.png" alt="">' in service
    assert '<link rel="icon" href="../assets/portal/favicon.ico">' in service
    assert "Vallée-Fictive" not in service  # mkdocs.yml's site_name no longer shows


def test_a_hostile_group_name_is_text_in_titles_header_and_labels(project: Project) -> None:
    """Material prints the site's name unescaped in places: the group's reaches it escaped."""
    with_group(project, 'nom_court: "<b>GH</b> \\" x"\n')
    project.write("directory/groupe.yml", (project.root / "directory/groupe.yml").read_text()
                  .replace("nom: Groupe hospitalier de test",
                           "nom: 'Groupe \"><script>alert(1)</script>'"))
    assert project.portal("build") == 0
    for path, html in pages(project.site).items():
        assert "<script>alert(1)" not in html and "<b>GH</b>" not in html, path
        assert '"><script>' not in html, path
    home = (project.site / "index.html").read_text("utf-8")
    assert "<title>Information patients – Groupe &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" \
           "</title>" in home
    assert re.search(r'portal-header-name">\s*&lt;b&gt;GH&lt;/b&gt; &#34; x\s*<', home)


def test_a_logo_changed_after_the_check_stops_the_build(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """The build reads the files again: a logo made unsafe meanwhile is not published."""
    (project.root / "logo.svg").write_bytes(svg("<rect/>"))
    with_group(project, "logo: logo.svg\n")
    from generator.build import BuildFailed, build_site
    from generator.project import check_project
    from tests.conftest import NOW

    checked = check_project(project.root, NOW)
    assert checked.ok
    (project.root / "logo.svg").write_bytes(svg("<script>alert(1)</script>"))
    with pytest.raises(BuildFailed, match=re.escape(
            "groupe.yml › logo : « logo.svg » : le SVG contient un élément <script> non autorisé")):
        build_site(project.root, checked, project.site, NOW)
    assert not project.site.exists()


def test_previewing_data_errors_shows_a_monogram_not_material_s_icons(project: Project,
                                                                     tmp_path: Path) -> None:
    """`portal serve` with an invalid groupe.yml: the error page, still no Material branding."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project.write("directory/groupe.yml", "nom: Groupe hospitalier de test\n")  # no `urgences`
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(tmp_path / "apercu"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    home = (tmp_path / "apercu/index.html").read_text("utf-8")
    assert "Erreurs dans l'annuaire" in home
    assert '<link rel="icon" href="assets/portal/logo.svg">' in home
    assert (tmp_path / "apercu/assets/portal/logo.svg").is_file()
    assert not (tmp_path / "apercu/assets/images/favicon.png").exists()
    assert MATERIAL_LIBRARY_ICON not in home


def test_the_reference_s_colour_example_is_what_portal_check_says(tmp_path: Path) -> None:
    """docs/reference.md shows a real message for a light `couleur`: it stays true."""
    from tests.test_reference_doc import REFERENCE, _examples

    group = _examples()["directory/groupe.yml"].replace('couleur: "#1F5C7A"',
                                                         'couleur: "#FFCC00"')
    project = Project(tmp_path)
    project.write("directory/groupe.yml", group.replace("etablissement: hopital-saint-aubin",
                                                        "etablissement: hopital-test"))
    shown = [d.format() for d in problems(project)]
    documented = [line for line in REFERENCE.read_text("utf-8").splitlines()
                  if "« #FFCC00 » trop claire" in line]
    assert len(documented) == 1 and documented == shown
