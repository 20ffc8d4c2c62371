"""Markdown pages of ``content/`` and the files beside them, checked before anything is built.

A page is read as MkDocs will read it: UTF-8, a bounded size, no forbidden character
(`generator.characters`), and its rendered HTML compared with what `generator.sanitize`
keeps, so that each removed script, attribute or address is named at its line instead of
vanishing silently from the site. Files MkDocs would publish from outside the project
(symbolic links) are refused; files that look like a page but would not be one are named.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from generator.characters import forbidden_characters, line_at
from generator.diagnostics import Diagnostic, Severity, shown_path, sort_diagnostics
from generator.load import load_yaml_text
from generator.model.communique import COMMUNIQUES_FOLDER
from generator.model.phones import InvalidPhone, parse_phone
from generator.sanitize import (
    Removed,
    RemovedKind,
    removed_parts,
    render_markdown,
    sanitize_html,
)

PAGE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
"""What MkDocs renders as a page, whatever the case (`.MD` too)."""
MAX_PAGE_BYTES = 200_000
"""An information page holds in a few screens; far beyond is a mistake (or an attack)."""
MAX_PROBLEMS_PER_PAGE = 20
"""Beyond, one line says how many more: a pasted web page is not 5,000 lines of errors."""
_LOOKS_LIKE_A_PAGE = frozenset({".txt", ".doc", ".docx", ".odt", ".rtf", ".html", ".htm"})
_ACTIVE_FILES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".svg",
                           ".svgz", ".xml", ".xsl", ".xslt", ".swf"})
"""Files MkDocs would publish as they are and a browser could run: a page or script that no
check or sanitiser has read (an SVG opened on its own runs its scripts)."""
_BACKUP = re.compile(r"(~|\.swp|\.swo|\.bak|\.orig|\.tmp)$|^#.*#$", re.IGNORECASE)
"""Editor leftovers, never read and never worth a warning (like hidden files)."""
_HTML_HELP = "le HTML permis dans une page est décrit dans docs/reference.md"


@dataclass
class ProjectFiles:
    """What a folder of the project holds, once symbolic links leaving the project are set aside."""

    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def project_files(folder: Path, root: Path) -> ProjectFiles:
    """Every file under `folder`, followed through links that stay inside `root`.

    A link (to a file or a folder) that leads outside the project is an error: MkDocs
    would publish whatever it points to. Hidden files and folders are skipped, as MkDocs does.
    """
    found = ProjectFiles()
    project = root.resolve()
    if not folder.resolve().is_relative_to(project):
        found.diagnostics.append(Diagnostic(
            _shown_link(folder, root), 1, "file.outside-link",
            "ce dossier est hors du projet (lien symbolique ?) : il ne sera pas publié",
            "placez le dossier lui-même dans le projet, à côté de mkdocs.yml"))
        return found
    seen: set[Path] = set()
    for current, folders, names in os.walk(folder, followlinks=True):
        here = Path(current)
        real = here.resolve()
        if real in seen:  # a link back to a parent folder: walked once
            folders[:] = []
            continue
        seen.add(real)
        kept = []
        for name in sorted(folders):
            if not name.startswith(".") and _inside(here / name, project, root, found):
                kept.append(name)
        folders[:] = kept
        for name in sorted(names):
            path = here / name
            if not name.startswith(".") and _inside(path, project, root, found) and path.is_file():
                found.files.append(path)
    return found


def _inside(path: Path, project: Path, root: Path, found: ProjectFiles) -> bool:
    if not path.is_symlink():
        return True
    if path.resolve().is_relative_to(project):
        return True
    found.diagnostics.append(Diagnostic(
        _shown_link(path, root), 1, "file.outside-link",
        f"lien symbolique vers « {os.readlink(path)} », hors du projet : il ne sera pas publié",
        "copiez le fichier dans le projet ou supprimez ce lien"))
    return False


def _shown_link(path: Path, root: Path) -> str:
    """A link as the person sees it in the project (`shown_path` would follow it away)."""
    parent = shown_path(path.parent, root)
    return path.name if parent == "." else f"{parent}/{path.name}"


def is_ignored(path: Path) -> bool:
    """Hidden files and editor backups: never read, never reported."""
    return path.name.startswith(".") or _BACKUP.search(path.name) is not None


def check_content(content_dir: Path, root: Path) -> list[Diagnostic]:
    """Every page of `content_dir` outside the communiqués, and the files around them.

    Communiqués are read by `generator.communiques`, which checks their text with
    `check_page_text`; here only the names of the files beside them are looked at.
    """
    if not content_dir.is_dir():
        return []
    listed = project_files(content_dir, root)
    diagnostics = list(listed.diagnostics)
    for path in listed.files:
        relative = path.relative_to(content_dir)
        if is_ignored(path):
            continue
        if problem := _file_name_problem(str(relative)):
            diagnostics.append(Diagnostic(
                _printable(shown_path(path, root)), 1, "content.file-name", problem,
                "renommez-le avec des lettres, des chiffres et des tirets, tapés au clavier"))
            continue
        if relative.parts[0] == COMMUNIQUES_FOLDER and len(relative.parts) > 1:
            diagnostics += _communique_folder_problems(path, relative, root)
        elif path.suffix.lower() in PAGE_SUFFIXES:
            diagnostics += _check_page(path, shown_path(path, root))
        elif path.suffix.lower() in _ACTIVE_FILES:
            diagnostics.append(Diagnostic(
                shown_path(path, root), 1, "content.active-file",
                f"fichier « {path.suffix} » refusé : il serait publié tel quel, sans "
                "vérification, et pourrait contenir un script",
                "écrivez une page en Markdown (.md) ; pour une image, enregistrez-la en PNG "
                "ou JPEG"))
    return sort_diagnostics(diagnostics)


def _file_name_problem(name: str) -> str | None:
    """A file's name becomes its address on the site: it must read as it is."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, kept by Python as surrogates
        return "nom de fichier illisible (il n'est pas en UTF-8) : la page ne serait pas publiée"
    if any(c in name for c in "\t\n\r"):
        return "retour à la ligne ou tabulation dans le nom du fichier"
    found = forbidden_characters(name)
    if found:
        return f"caractère interdit {found[0].describe()} dans le nom du fichier"
    return None


def _printable(name: str) -> str:
    """A name as it can be printed: undecodable bytes and invisible characters escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _communique_folder_problems(path: Path, relative: Path, root: Path) -> list[Diagnostic]:
    """Only ``communiques/<nom>.md`` is a communiqué: a look-alike would silently not be one."""
    shown = shown_path(path, root)
    suffix = path.suffix.lower()
    if len(relative.parts) == 2 and path.suffix == ".md":
        return []
    if len(relative.parts) > 2 and suffix in PAGE_SUFFIXES:
        hint = f"placez-le directement dans content/{COMMUNIQUES_FOLDER}/"
    elif suffix in PAGE_SUFFIXES or path.name.lower().endswith(".md.txt"):
        hint = f"renommez-le en « {path.name.split('.')[0]}.md »"
    elif suffix in _LOOKS_LIKE_A_PAGE:
        hint = (f"copiez son texte dans un fichier « {path.stem}.md » (texte brut, "
                "Markdown) ; un traitement de texte ne convient pas")
    else:  # the folder is replaced by the generated pages: an image there is not published
        return [Diagnostic(shown, 1, "communique.unpublished-file",
                           "fichier non publié : seuls les communiqués (.md) de ce dossier "
                           "sont mis en ligne",
                           f"rangez-le par exemple dans content/images/ et faites-y un lien "
                           f"en « ../images/{path.name} »", Severity.WARNING)]
    return [Diagnostic(shown, 1, "communique.ignored-file",
                       "ce fichier n'est pas un communiqué : il ne sera pas publié", hint,
                       Severity.WARNING)]


def _check_page(path: Path, shown: str) -> list[Diagnostic]:
    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        return [Diagnostic(shown, 1, "content.too-large",
                           f"page trop volumineuse ({len(raw) // 1000} ko, au plus "
                           f"{MAX_PAGE_BYTES // 1000} ko)",
                           "une page d'information tient en quelques écrans ; "
                           "découpez-la en plusieurs pages")]
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        return [Diagnostic(shown, raw[: exc.start].count(b"\n") + 1, "content.encoding",
                           "caractère illisible : le fichier n'est pas enregistré en UTF-8",
                           "enregistrez le fichier avec l'encodage UTF-8 dans votre éditeur")]
    front, body, first_line = _split_front_matter(text)
    return [*_front_matter_problems(front, shown), *check_page_text(body, shown, first_line)]


def _split_front_matter(text: str) -> tuple[str, str, int]:
    """(``---`` block with its opening line, or "", the Markdown MkDocs renders, its first line)."""
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                return ("\n".join(lines[:index]) + "\n", "\n".join(lines[index + 1:]),
                        index + 2)
    return "", text, 1


PAGE_KEYS = ("title", "description", "hide", "search", "icon", "status", "subtitle")
"""What a page may say about itself to Material; `template:` (any theme file as the page) is not."""


def _front_matter_problems(front: str, shown: str) -> list[Diagnostic]:
    """The block above a page's text: readable YAML, keys from `PAGE_KEYS` only."""
    if not front:
        return []
    loaded, problems = load_yaml_text(front, shown)
    if loaded is None or not isinstance(loaded.data, dict):
        return problems or [Diagnostic(shown, 2, "content.front-matter",
                                       "l'en-tête de la page doit contenir des champs "
                                       "« clé: valeur »", "par exemple « title: Horaires »")]
    return problems + [
        Diagnostic(shown, loaded.line_of((key,)), "content.front-matter-key",
                   f"champ « {key} » non permis dans l'en-tête d'une page",
                   "champs permis : " + ", ".join(PAGE_KEYS))
        for key in loaded.data if key not in PAGE_KEYS]


def check_page_text(body: str, shown: str, first_line: int = 1) -> list[Diagnostic]:
    """Forbidden characters and removed HTML of a page's Markdown, `first_line` being its line."""
    characters = forbidden_characters(body)
    found = [*(Diagnostic(shown, first_line - 1 + line_at(body, c.index),
                          "content.forbidden-character", f"caractère interdit {c.describe()}",
                          c.hint) for c in characters[:MAX_PROBLEMS_PER_PAGE]),
             *_more(len(characters), shown)]
    unrenderable = _unrenderable(body)
    if unrenderable is not None:
        line, message = unrenderable
        return [*found, Diagnostic(shown, first_line - 1 + line, "content.unrenderable", message,
                                   "un texte copié d'un programme ou d'une page web ? Retapez "
                                   "ce passage simplement")]
    try:
        rendered = render_markdown(body)
        removed = removed_parts(rendered)
    except RecursionError:
        return [*found, Diagnostic(shown, first_line, "content.unrenderable",
                                   "listes ou citations imbriquées trop profondément : la page "
                                   "ne peut pas être mise en forme",
                                   "trois niveaux de liste suffisent ; retirez les « - » ou "
                                   "« > » en trop en début de ligne")]
    finder = _LineFinder(body)
    return [*found, *(_removed_problem(part, shown, first_line - 1 + finder.line(part))
                      for part in removed[:MAX_PROBLEMS_PER_PAGE]),
            *_more(len(removed), shown),
            *_phone_link_problems(sanitize_html(rendered), shown, first_line, finder)]


_PHONE_LINK = re.compile(r'<a\b[^>]*\shref="tel:([^"]*)"', re.IGNORECASE)


def _phone_link_problems(published: str, shown: str, first_line: int,
                         finder: _LineFinder) -> list[Diagnostic]:
    """A ``[Appelez](tel:…)`` link is a number patients tap: the rules of a phone field
    apply (no letter a keypad would turn into a digit, no premium rate)."""
    problems = []
    for match in _PHONE_LINK.finditer(published):
        href = html.unescape(match.group(1))
        try:
            parse_phone(unquote(href))
        except InvalidPhone as exc:
            line = finder.line(Removed(RemovedKind.URL, "a", "href", "tel:" + href))
            problems.append(Diagnostic(shown, first_line - 1 + line, "content.phone-link",
                                       f"lien « tel:{href} » : {exc}", exc.hint))
    return problems[:MAX_PROBLEMS_PER_PAGE]


MAX_BRACKET_WORK = 4_000_000
"""Python-Markdown's link search costs the square of the `[` in a paragraph: 8,000 of them
take 20 s. Summed over the paragraphs, this bound keeps a page under about a second."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _unrenderable(body: str) -> tuple[int, str] | None:
    """(line, message) of a paragraph whose brackets would stall the renderer, if any."""
    work, worst, worst_at = 0, 0, 0
    start = 0
    for separator in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = separator.start() if separator else len(body)
        brackets = body.count("[", start, end)
        work += brackets * brackets
        if brackets > worst:
            worst, worst_at = brackets, start
        start = separator.end() if separator else end
    if work <= MAX_BRACKET_WORK:
        return None
    return (line_at(body, worst_at),
            f"trop de crochets « [ » ({worst} dans ce paragraphe) : la page ne peut pas être "
            "mise en forme")


def _more(count: int, shown: str) -> list[Diagnostic]:
    """One line counting the problems beyond `MAX_PROBLEMS_PER_PAGE`, if any."""
    rest = count - MAX_PROBLEMS_PER_PAGE
    return [Diagnostic(shown, 1, "content.too-many-problems",
                       f"… et {rest} autres problèmes du même genre",
                       "corrigez les premiers : c'est souvent un texte copié d'une page web "
                       "ou de Word")] if rest > 0 else []


def _removed_problem(removed: Removed, shown: str, line: int) -> Diagnostic:
    if removed.kind is RemovedKind.COMMENT:
        return Diagnostic(shown, line, "content.html-comment",
                          "commentaire HTML <!-- … --> retiré de la page publiée",
                          "écrivez le texte à publier en dehors ; les notes internes n'ont "
                          "pas leur place dans une page publique", Severity.WARNING)
    if removed.kind is RemovedKind.ELEMENT:
        return Diagnostic(shown, line, "content.html-element",
                          f"balise <{removed.tag}> refusée : elle ne sera pas publiée",
                          "écrivez en Markdown (**gras**, [texte](adresse), listes « - », "
                          f"encadrés « !!! ») ; {_HTML_HELP}")
    if removed.kind is RemovedKind.URL:
        where = "une image" if removed.tag == "img" else "un lien"
        return Diagnostic(shown, line, "content.unsafe-url",
                          f"adresse « {_shown_value(removed.value)} » refusée dans {where}",
                          _url_hint(removed))
    return Diagnostic(shown, line, "content.html-attribute",
                      f"attribut « {removed.name} » refusé sur <{removed.tag}>",
                      "les scripts (on…), les styles et les identifiants réservés au thème "
                      f"(__…) ne sont pas publiés ; {_HTML_HELP}")


def _url_hint(removed: Removed) -> str:
    if removed.tag == "img":
        return ("une image vient du site lui-même : rangez-la dans content/images/ et écrivez "
                "![description](images/plan.png), ou ../images/plan.png depuis un communiqué")
    if removed.value.strip().startswith("//"):
        return "écrivez l'adresse complète, avec https://"
    return ("un lien mène à une page du site (annuaire.md), à une adresse https://…, "
            "à un numéro (tel:+33261910000) ou à une adresse mailto:…")


def _shown_value(value: str) -> str:
    """The value on one line and short, as a person can search for it."""
    flat = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    return flat if len(flat) <= 60 else flat[:57] + "…"


class _LineFinder:
    """Where in the source a removed part was written: its text searched line by line.

    Lines are searched with entities decoded (``jav&#x61;script:``), each line on its own
    so that numbering does not move; a part found twice is looked for after the first.
    """

    def __init__(self, source: str) -> None:
        self.lines = [html.unescape(line).lower() for line in source.split("\n")]
        self.after: dict[str, int] = {}

    def line(self, removed: Removed) -> int:
        for needle in _needles(removed):
            start = self.after.get(needle, 0)
            for index in range(start, len(self.lines)):
                if needle in self.lines[index]:
                    self.after[needle] = index + 1
                    return index + 1
        return 1


def _needles(removed: Removed) -> list[str]:
    value = removed.value.lower().split("\n")[0].strip()
    if removed.kind is RemovedKind.COMMENT:
        return ["<!--", "<![", "<!", "<?"]  # real comments, then those browsers make up
    if removed.kind is RemovedKind.ELEMENT:
        return [f"<{removed.tag}"]
    if removed.kind is RemovedKind.URL:
        return [n for n in (value, value.replace("\t", ""), value[:20]) if n] + [removed.name]
    return [n for n in (f"{removed.name}={value}", value, f"{removed.name}=", removed.name) if n]
