"""Pages naming a hospital that is not in `directory/`: a text copied from another portal?

A team starting from another hospital's portal (or from this repository's sample) keeps
pages that say « le Groupe hospitalier de la Vallée-Fictive a confirmé… » under its own
name. Each page and communiqué of `content/` is scanned for an establishment's name: a
French establishment word (Centre hospitalier, CHU, Hôpital, Clinique, EHPAD…) followed
by a proper name (capitalised words, joined by « de », « du », « d' », hyphens…). A
mention is fine when its proper name is part of a name of the directory (group,
establishments, their short names and ids), accents and case aside: « l'hôpital de
Bourg-Fictif » is the « Centre hospitalier de Bourg-Fictif ». Any other is a warning
(a page may cite a neighbouring CHU on purpose), once per name and file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity, shown_path
from generator.model import Directory
from generator.model.values import slugify
from generator.validate.blanks import MAX_SCANNED_BYTES, listed_files, without_blanks
from generator.validate.content import PAGE_SUFFIXES

CODE = "content.unknown-establishment"

_BLANK = r"[ \t\u00a0\u202f]"
_GAP = rf"(?:{_BLANK}{{1,12}}|{_BLANK}{{0,12}}\n{_BLANK}{{0,12}})"
"""Between two words: spaces, or one line break (a paragraph wrapped by the editor)."""
_APOSTROPHE = "['’]"
_KIND = (
    "(?i:"
    rf"group(?:e|ement){_GAP}hospitalier(?:{_GAP}universitaire|{_GAP}de{_GAP}territoire)?"
    rf"|centre{_GAP}hospitalier(?:{_GAP}(?:universitaire|r[ée]gional(?:{_GAP}universitaire)?"
    r"|intercommunal|d[ée]partemental|sp[ée]cialis[ée]|g[ée]n[ée]ral))?"
    rf"|centre{_GAP}de{_GAP}sant[ée]{_GAP}mentale"
    rf"|centre{_GAP}de{_GAP}(?:r[ée][ée]ducation|r[ée]adaptation)(?:{_GAP}fonctionnelle)?"
    rf"|maison{_GAP}de(?:{_GAP}la)?{_GAP}sant[ée](?:{_GAP}mentale|{_GAP}pluriprofessionnelle)?"
    r"|h[oô]pita(?:l|ux)|polyclinique|clinique|ehpad"
    r")"
    r"|CHRU|CHU|CHR|CHI|CHS|CH|GHT|GHU|GH")
"""Establishment words in any case (« le centre hospitalier de… » is correct French);
abbreviations in capitals only (« ch » is not one)."""
_CAPITAL = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_WORD = rf"[{_CAPITAL}]\w*(?:[-‑'’]\w+)*"
"""A capitalised word, hyphens and apostrophes inside (Saint-Jean-d'Angély, Bourg-Fictif)."""
_PARTICLE = (rf"(?:d{_APOSTROPHE}|l{_APOSTROPHE}|de{_GAP}l{_APOSTROPHE}"
             rf"|(?:de{_GAP}la|de|du|des|la|le|les){_GAP})")
_LINK = (rf"{_GAP}(?:d{_APOSTROPHE}|de{_GAP}l{_APOSTROPHE}"
         rf"|(?:de{_GAP}la|de|du|des|sur|en|lès){_GAP})?")
"""Between two words of a name: « Saint-Jean de Luz », « Bourg-Fictif sur Mer »."""
_MENTION = re.compile(
    rf"(?<![\w-])(?P<kind>{_KIND})(?!\w){_GAP}(?P<particle>{_PARTICLE})?"
    rf"(?P<name>{_WORD}(?:{_LINK}{_WORD})*)")
"""Every repetition is bounded or starts on a character its neighbour cannot take: a long
line is scanned in linear time."""
_SHOWN = 80
"""Longest mention quoted in a message (a page of capitalised words is one long « name »)."""
_NOT_NAMES = frozenset({"jour", "semaine", "nuit"})
"""« Hôpital de Jour » is a kind of service, not a place."""


@dataclass(frozen=True)
class Mention:
    """An establishment named in a text: as written (on one line), its proper name, its line."""

    written: str
    name: str
    line: int


def find_mentions(text: str) -> Iterator[Mention]:
    """Every establishment named in `text`, in order."""
    line, counted = 1, 0
    for match in _MENTION.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        written = _within_heading(text, match)
        if written is not None and slugify(written[1]).split("-")[0] not in _NOT_NAMES:
            shown = " ".join(written[0].split())
            yield Mention(shown if len(shown) <= _SHOWN else shown[:_SHOWN - 1] + "…",
                          written[1], line)


def _within_heading(text: str, match: re.Match[str]) -> tuple[str, str] | None:
    """(mention, proper name), cut at the line's end in a heading: « ## Hôpital » then
    « Les urgences… » on the next line name no « Hôpital Les »."""
    written, name = match.group(), match.group("name")
    if "\n" in written and text[text.rfind("\n", 0, match.start()) + 1:match.start()
                                ].lstrip().startswith("#"):
        cut = written.index("\n")
        name_start = match.start("name") - match.start()
        if cut <= name_start:
            return None
        written, name = written[:cut], written[name_start:cut]
    return written, name


def known_names(directory: Directory) -> list[str]:
    """The names a page may use, as slugs: group, establishments, short names, ids."""
    names = [directory.group.name, _short_name(directory.group)]
    for establishment in directory.establishments:
        names += [establishment.name, _short_name(establishment), establishment.id]
    return [slugify(name) for name in names if name]


def _short_name(block: object) -> str | None:
    """`nom_court`, once the model has it (groups first; establishments maybe later)."""
    value = getattr(block, "short_name", None)
    return value if isinstance(value, str) else None


def is_known(mention: Mention, known: list[str]) -> bool:
    """Its proper name is inside a known name, or a known name is inside it (word by word)."""
    name = f"-{slugify(mention.name)}-"
    whole = f"-{slugify(mention.written)}-"
    return any(name in f"-{k}-" or f"-{k}-" in whole for k in known)


def unknown_names(content_dir: Path, root: Path, directory: Directory,
                  directory_shown: str = "directory/") -> list[Diagnostic]:
    """One warning per unknown establishment name per page or communiqué of `content_dir`."""
    known = known_names(directory)
    found = []
    for path in listed_files(content_dir, root, PAGE_SUFFIXES):
        try:
            with path.open("rb") as file:
                text = file.read(MAX_SCANNED_BYTES).decode("utf-8-sig", "replace")
        except OSError:
            continue
        text = without_blanks(text.replace("\r\n", "\n").replace("\r", "\n"))
        shown = shown_path(path, root)
        seen: set[str] = set()
        for mention in find_mentions(text):
            key = slugify(mention.written)
            if key in seen or is_known(mention, known):
                continue
            seen.add(key)
            found.append(_warning(shown, mention, directory_shown))
    return found


def _warning(shown: str, mention: Mention, directory_shown: str) -> Diagnostic:
    return Diagnostic(
        shown, mention.line, CODE,
        f"« {mention.written} » n'est pas un établissement de {directory_shown}",
        "s'agit-il d'un texte copié d'un autre hôpital ? Remplacez ce nom par celui de votre "
        "établissement ; si vous citez volontairement un autre établissement, ignorez cet "
        "avertissement", Severity.WARNING)
