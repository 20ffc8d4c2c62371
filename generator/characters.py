"""Characters that must never reach a page: control, invisible or direction-changing ones.

What a patient reads must be what the file says. Control characters (a NUL, the vertical
tab Word writes for a line break, an escape) break parsers and feeds. Unicode *format*
characters make text display differently from what it is: a right-to-left override shows
``02 61 91 01 10`` reversed, a zero-width space hides inside a name or an address, and
both can slip in unseen when text is pasted from Word, a mail or a web page. They are
refused everywhere comms staff type text (YAML values and keys, Markdown pages), each
reported with its line and its name so the person can find and delete it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NAMES = {
    "\x00": "caractère nul",
    "\x08": "retour arrière",
    "\x0b": "saut de ligne de Word, tabulation verticale",
    "\x0c": "saut de page",
    "\x1b": "caractère d'échappement",
    "\x7f": "caractère de suppression",
    "\x85": "saut de ligne invisible",
    "\u00ad": "trait d'union conditionnel invisible",
    "\u061c": "marque de lettre arabe",
    "\u180e": "séparateur de voyelles mongol",
    "\u200b": "espace invisible de largeur nulle",
    "\u200c": "anti-liant invisible",
    "\u200d": "liant invisible",
    "\u200e": "marque invisible de sens gauche-à-droite",
    "\u200f": "marque invisible de sens droite-à-gauche",
    "\u202a": "début d'enchâssement gauche-à-droite",
    "\u202b": "début d'enchâssement droite-à-gauche",
    "\u202c": "fin d'enchâssement de sens",
    "\u202d": "forçage gauche-à-droite",
    "\u202e": "forçage droite-à-gauche, qui inverse le texte affiché",
    "\u2028": "séparateur de ligne invisible",
    "\u2029": "séparateur de paragraphe invisible",
    "\u2060": "gluon de mots invisible",
    "\u2066": "isolat gauche-à-droite",
    "\u2067": "isolat droite-à-gauche",
    "\u2068": "isolat de sens automatique",
    "\u2069": "fin d'isolat de sens",
    "\ufeff": "espace insécable invisible, ou BOM",
    "\u115f": "remplissage hangeul invisible",
    "\u1160": "remplissage hangeul invisible",
    "\u3164": "remplissage hangeul invisible",
    "\uffa0": "remplissage hangeul invisible",
    "\u2800": "cellule braille vide, invisible",
}

INVISIBLE_LETTERS = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"})
"""Letters and symbols that draw nothing: Unicode files them as text, not as format
characters, so the categories below miss them; spoofers use them as blank names."""

_ALLOWED = frozenset({"\t", "\n", "\r"})
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
"""Control, format, line/paragraph separators, surrogates and private use (and the
noncharacters U+FDD0–U+FDEF, U+xxFFFE–U+xxFFFF); tab, newline and carriage return pass."""

_FORBIDDEN = re.compile(
    "["
    r"\u115f\u1160\u2800\u3164\uffa0"  # INVISIBLE_LETTERS
    r"\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    r"\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\uf8ff"
    r"\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe-\uffff\U000110bd\U000110cd"
    r"\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U0001fffe-\U0001ffff"
    r"\U0002fffe-\U0002ffff\U0003fffe-\U0003ffff\U0004fffe-\U0004ffff\U0005fffe-\U0005ffff"
    r"\U0006fffe-\U0006ffff\U0007fffe-\U0007ffff\U0008fffe-\U0008ffff\U0009fffe-\U0009ffff"
    r"\U000afffe-\U000affff\U000bfffe-\U000bffff\U000cfffe-\U000cffff\U000dfffe-\U000dffff"
    r"\U000e0001\U000e0020-\U000e007f\U000efffe-\U0010ffff"
    "]")
"""`INVISIBLE_LETTERS`, then every code point of `_FORBIDDEN_CATEGORIES` in Python 3.11's
Unicode data, as ranges
(computing it at import costs 0.3 s per command; `tests/test_characters.py` recomputes it)."""


@dataclass(frozen=True)
class ForbiddenCharacter:
    """One forbidden character at `index` of the text it was found in."""

    index: int
    char: str

    @property
    def name(self) -> str:
        if self.char in _NAMES:
            return _NAMES[self.char]
        category = unicodedata.category(self.char)
        if category == "Co":
            return "caractère privé, souvent une puce ou un symbole copié de Word"
        if category == "Cc":
            return "caractère de contrôle"
        if category in ("Cs", "Cn") or (ord(self.char) & 0xFFFE) == 0xFFFE:
            return "non-caractère"
        return "caractère de mise en forme invisible"

    def describe(self) -> str:
        """``U+202E (forçage droite-à-gauche …)``: what a person can search for and delete."""
        return f"U+{ord(self.char):04X} ({self.name})"

    @property
    def hint(self) -> str:
        if self.char in ("\x0b", "\x85", "\u2028", "\u2029"):
            return "remplacez-le par un espace ou un vrai retour à la ligne"
        return ("supprimez-le : retapez ce passage au clavier plutôt que de le copier "
                "(Word, courriel, page web)")


def forbidden_characters(text: str) -> list[ForbiddenCharacter]:
    """Every forbidden character of `text`, in order (tab, newline and carriage return pass)."""
    return [ForbiddenCharacter(m.start(), m.group()) for m in _FORBIDDEN.finditer(text)]


def has_forbidden_characters(text: str) -> bool:
    return _MAYBE_FORBIDDEN.search(text) is not None and _FORBIDDEN.search(text) is not None


_MAYBE_FORBIDDEN = re.compile(
    r"[^\t\n\r\x20-\x7e\xa0-\xac\xae-\u05ff\u2010-\u2027\u202f-\u205f\u20a0-\u20c0]")
"""Outside ASCII, Latin, Greek, Cyrillic, punctuation and currency signs: only there can a
forbidden character hide. Ten times faster to rule out than the full set on a large file
(`tests/test_characters.py` checks that no forbidden character is among these ranges)."""


def line_at(text: str, index: int) -> int:
    """The 1-based line of `text` where `index` falls."""
    return text.count("\n", 0, index) + 1
