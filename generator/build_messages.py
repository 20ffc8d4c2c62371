"""French sentences for everything that can stop a build, written for whoever runs it.

MkDocs, Jinja2 and the operating system explain failures in English and in their own
terms (`Expected type: <class 'int'>`, `[Errno 28]`). The build stage hands their plain
facts here (an option name, a file, an errno) and gets back a line a comms person or an
IT technician can act on: `mkdocs.yml:14: erreur : … — conseil`. No MkDocs import: the
engine could change, the sentences stay.
"""

from __future__ import annotations

import errno
import logging
import re
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic

CONFIG_FILE = "mkdocs.yml"

_OS_ERRORS = {
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota disque dépassé",
    errno.EFBIG: "fichier trop gros pour ce système de fichiers (limite de taille atteinte)",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération interdite",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EBUSY: "dossier occupé (point de montage ?)",
    errno.ENOTEMPTY: "dossier non vide",
    errno.EEXIST: "existe déjà",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques",
}
_ADVICE = {
    errno.ENOSPC: "libérez de la place puis relancez",
    errno.EDQUOT: "libérez de la place puis relancez",
    errno.EFBIG: "relevez la limite de taille des fichiers (ulimit -f) puis relancez",
    errno.EACCES: "vérifiez les droits sur ce dossier",
    errno.EPERM: "vérifiez les droits sur ce dossier",
    errno.EROFS: "construisez dans un dossier où l'on peut écrire (--site-dir)",
}
_TYPES = {"int": "un nombre entier", "str": "un texte", "bool": "oui ou non (true / false)",
          "list": "une liste", "dict": "une liste de clés (clé: valeur)", "float": "un nombre",
          "NoneType": "une valeur vide"}


def os_error(exc: OSError, doing: str) -> str:
    """`doing` says what was being done ("en écrivant copie-hors-ligne.zip")."""
    code = exc.errno or 0
    what = _OS_ERRORS.get(code, f"erreur système {errno.errorcode.get(code, '?')}")
    where = f" ({exc.filename})" if exc.filename else ""
    advice = _ADVICE.get(code)
    return f"{what} {doing}{where}" + (f" — {advice}" if advice else "")


def config_line(text: str, key: str, option: str | None = None) -> int:
    """The line of `key:` at the top of mkdocs.yml (of `option:` below it, if given); else 1."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)),
                 None)
    if start is None:
        return 1
    if option:
        pattern = re.compile(rf"\s*(-\s*)?{re.escape(option)}\s*(:|$)")
        for i in range(start + 1, len(lines)):
            if re.match(r"[^\s#]", lines[i]):
                break  # the next top-level key
            if pattern.match(lines[i]):
                return i + 1
    return start + 1


def config_file_error(exc: Exception) -> str:
    """MkDocs wraps YAML errors in its own English sentence; keep only the line and problem."""
    cause = exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        return yaml_syntax_error(cause.problem or "", cause.problem_mark.line + 1)
    return f"{CONFIG_FILE} illisible (détail technique : {exc})"


def yaml_syntax_error(problem: str, line: int) -> str:
    return Diagnostic(CONFIG_FILE, line, "config-yaml",
                      f"YAML invalide : {_yaml_problem(problem)}",
                      "vérifiez l'indentation, les deux-points et les crochets autour de "
                      "cette ligne").format()


def _yaml_problem(problem: str) -> str:
    known = {"expected ',' or ']'": "crochet [ non refermé",
             "expected ',' or '}'": "accolade { non refermée",
             "mapping values are not allowed here": "deux-points mal placé",
             "found character '\\t'": "tabulation (utilisez des espaces)",
             "could not find expected ':'": "deux-points manquant"}
    return next((french for english, french in known.items() if english in problem),
                f"structure illisible ({problem})")


def config_error(text: str, key: str, message: str) -> str:
    """One MkDocs validation error on option `key`, as a diagnostic line of mkdocs.yml."""
    plugin_option = re.match(r"Plugin '([^']+)' option '([^']+)': (.*)", message, re.DOTALL)
    if plugin_option:
        plugin, option, detail = plugin_option.groups()
        line = config_line(text, key, option)
        subject = f"option « {option} » du plugin « {plugin} »"
    else:
        detail, line, subject = message, config_line(text, key), f"option « {key} »"
    theme = re.match(r"Unrecognised theme name: '([^']*)'.*are: (.*)", detail)
    plugin = re.match(r'The "([^"]+)" plugin is not installed', detail)
    typed = re.match(r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>", detail)
    if theme:
        return Diagnostic(CONFIG_FILE, config_line(text, key, "name"), "config-theme",
                          f"le thème « {theme[1]} » n'est pas installé",
                          f"thèmes disponibles : {theme[2]}").format()
    if plugin:
        return Diagnostic(CONFIG_FILE, config_line(text, key, plugin[1]), "config-plugin",
                          f"le plugin « {plugin[1]} » n'est pas installé",
                          "retirez-le de « plugins: » ou installez-le").format()
    if typed:
        expected, received = (_TYPES.get(t, t) for t in typed.groups())
        return Diagnostic(CONFIG_FILE, line, "config-type",
                          f"{subject} : attendu {expected}, reçu {received}",
                          "corrigez la valeur").format()
    return Diagnostic(CONFIG_FILE, line, "config-value", f"{subject} invalide",
                      f"détail technique : {detail}").format()


def nav_not_found(text: str, target: str, docs: str) -> str:
    """A `nav` entry leading to a page that does not exist: a dead link in every menu."""
    line = next((i + 1 for i, row in enumerate(text.splitlines()) if target in row), 1)
    return Diagnostic(CONFIG_FILE, line, "nav-not-found",
                      f"le menu (nav) mène à « {target} », qui n'existe pas dans {docs}/",
                      "corrigez le nom de la page dans « nav: » ou créez-la").format()


def template_error(path: str | None, line: int | None, message: str, root: Path) -> str:
    """A broken template of the theme (an override in the project's theme folder)."""
    shown = _relative(path, root) if path else "gabarit du thème"
    return Diagnostic(shown, line or 1, "template",
                      "gabarit (template) du thème invalide",
                      f"corrigez ce fichier ; détail technique : {message}").format()


def unexpected(exc: BaseException) -> str:
    return (f"erreur inattendue ({type(exc).__name__} : {exc}) — signalez-la à l'équipe "
            "technique du portail avec cette ligne")


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


class NavNotFound(logging.Filter):
    """Catches MkDocs' "A reference to 'x.md' is included in the 'nav'…" to report it."""

    pattern = re.compile(r"A reference to '(.+)' is included in the 'nav' configuration, "
                         r"which is not found")

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.pattern.match(record.getMessage())
        if match and record.levelno >= logging.ERROR:
            self.targets.append(match[1])
            return False
        return True


_HARMLESS_TAGS = ("!ENV", "!relative", "tag:yaml.org,2002:python/name:")
"""MkDocs' own tags, and the import of a name that Material's documented options use
(``!!python/name:material.extensions.emoji.twemoji``): a name is imported, never called."""


def unsafe_config_error(config_path: Path, text: str) -> str | None:
    """Why MkDocs must not read `config_path` (whose content is `text`), or `None`: a tag
    that would run code, nesting it would stall on, or an `INHERIT:` file that is missing,
    unsafe in the same ways, or not a block of options (MkDocs would crash on it)."""
    return code_tag_error(text) or _inherited_config_error(config_path, text)


_INHERIT = re.compile(r"^INHERIT:[ \t]*(['\"]?)(?P<path>[^'\"#\n]*?)\1[ \t]*(?:#.*)?$",
                      re.MULTILINE)
MAX_INHERIT_CHAIN = 5


def _inherited_config_error(config_path: Path, text: str) -> str | None:
    """Follow the `INHERIT:` chain, checking each file as mkdocs.yml itself is checked."""
    seen = {config_path.resolve()}
    current, current_text = config_path, text
    for _ in range(MAX_INHERIT_CHAIN):
        match = _INHERIT.search(current_text)
        if match is None:
            return None
        written = match.group("path").strip()
        line = current_text.count("\n", 0, match.start()) + 1
        inherited = current.parent / written

        def problem(message: str, hint: str, shown: str = current.name, at: int = line) -> str:
            return Diagnostic(shown, at, "config-inherit", message, hint).format()

        if not written or not inherited.is_file():
            return problem(f"INHERIT : le fichier « {written} » n'existe pas",
                           "écrivez le chemin d'un fichier d'options, relatif à ce fichier")
        if inherited.resolve() in seen:
            return problem(f"INHERIT : « {written} » hérite de lui-même (boucle)",
                           "retirez l'une des lignes INHERIT")
        try:
            inherited_text = inherited.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return problem(f"INHERIT : « {written} » illisible (pas un texte UTF-8 ?)",
                           "donnez un fichier d'options YAML enregistré en UTF-8")
        if unsafe := code_tag_error(inherited_text, file_name=inherited.name):
            return unsafe
        try:
            node = yaml.compose(inherited_text,
                                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return problem("YAML invalide dans ce fichier hérité",
                           "vérifiez l'indentation, les deux-points et les crochets",
                           inherited.name, mark.line + 1 if mark else 1)
        if not isinstance(node, yaml.MappingNode):
            return problem(f"INHERIT : « {written} » n'est pas un fichier d'options "
                           "« clé: valeur »", "donnez un fichier comme mkdocs.yml")
        seen.add(inherited.resolve())
        current, current_text = inherited, inherited_text
    return Diagnostic(current.name, 1, "config-inherit",
                      f"plus de {MAX_INHERIT_CHAIN} fichiers INHERIT à la suite",
                      "regroupez les options dans moins de fichiers").format()


def code_tag_error(text: str, file_name: str = CONFIG_FILE) -> str | None:
    """The line refusing a tag that would make MkDocs' YAML loader (PyYAML's unsafe one)
    call code while reading mkdocs.yml (``!!python/object/apply:os.system``), or nesting
    so deep that loader would stall on it, if any.

    Events are read by libyaml without constructing anything, so nothing runs while looking.
    """
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            tag = getattr(event, "tag", None)
            if tag and not tag.startswith(_HARMLESS_TAGS) and not (
                    tag.startswith("tag:yaml.org,2002:") and "python/" not in tag):
                shown = tag.replace("tag:yaml.org,2002:", "!!")[:80]
                line = event.start_mark.line + 1 if event.start_mark else 1
                return Diagnostic(file_name, line, "config-tag",
                                  f"étiquette YAML « {shown} » refusée : elle ferait exécuter "
                                  "du code à la lecture de ce fichier",
                                  "retirez-la (seules !ENV, !relative et !!python/name: sont "
                                  "permises)").format()
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # the pure-Python loader would take minutes
            return too_deep_config_error(text)
        return None  # a syntax error: MkDocs' reading reports it, with its line
    except RecursionError:
        return too_deep_config_error(text)
    return None


def too_deep_config_error(text: str) -> str:
    """mkdocs.yml nested beyond what Python can read: the line with the most openers."""
    lines = text.splitlines() or [""]
    line = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
    return Diagnostic(CONFIG_FILE, line + 1, "config-yaml",
                      "YAML invalide : trop de niveaux imbriqués",
                      "vérifiez les crochets « [ » et accolades « { » ouverts mais jamais "
                      "fermés").format()


def no_official_address(directory: str) -> str:
    """Said once per build: without a full address, search engines get no canonical one."""
    return (f"{directory}/groupe.yml : aucune adresse officielle (« adresses_officielles ») : "
            "les pages n'annoncent pas leur adresse de référence et sitemap.xml reste vide, car "
            "un moteur de recherche n'accepte que des adresses complètes ; ajoutez l'adresse "
            "où le portail est publié en premier, par exemple « - adresse: "
            "https://www.ars.example.fr/crise/ »")
