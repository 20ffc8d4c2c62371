"""Characters refused in everything comms staff type: control, invisible, direction-changing."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from generator.characters import (
    _ALLOWED,
    _FORBIDDEN_CATEGORIES,
    _MAYBE_FORBIDDEN,
    INVISIBLE_LETTERS,
    forbidden_characters,
    line_at,
)


def _should_be_forbidden(code: int) -> bool:
    char = chr(code)
    noncharacter = (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF
    return char in INVISIBLE_LETTERS or (char not in _ALLOWED and (
        noncharacter or unicodedata.category(char) in _FORBIDDEN_CATEGORIES))


def test_the_precomputed_class_is_exactly_the_forbidden_categories() -> None:
    """The hard-coded ranges match this Python's Unicode data, code point for code point."""
    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found = {ord(f.char) for f in forbidden_characters(text)}
    expected = {c for c in range(sys.maxunicode + 1)
                if not 0xD800 <= c <= 0xDFFF and _should_be_forbidden(c)}
    assert found == expected


@pytest.mark.parametrize(("char", "shown"), [
    ("\u202e", "U+202E (forçage droite-à-gauche, qui inverse le texte affiché)"),
    ("\u200b", "U+200B (espace invisible de largeur nulle)"),
    ("\x0b", "U+000B (saut de ligne de Word, tabulation verticale)"),
    ("\x00", "U+0000 (caractère nul)"),
    ("\x9b", "U+009B (caractère de contrôle)"),
    ("\ufffe", "U+FFFE (non-caractère)"),
    ("\ue000", "U+E000 (caractère privé, souvent une puce ou un symbole copié de Word)"),
    ("\U000e0041", "U+E0041 (caractère de mise en forme invisible)"),
    ("\u3164", "U+3164 (remplissage hangeul invisible)"),
    ("\u2800", "U+2800 (cellule braille vide, invisible)"),
])
def test_each_character_is_named_for_the_person_who_must_delete_it(char: str, shown: str) -> None:
    """The message names the code point and says, in French, what it is."""
    [found] = forbidden_characters(f"Cardio{char}logie")
    assert (found.index, found.describe()) == (6, shown)


def test_ordinary_french_text_passes() -> None:
    """Accents, ligatures, non-breaking and narrow spaces, dashes, tabs and newlines are text."""
    text = "Œdème – cœur\u00a0: 08 h\u202f30 «\u00a0urgences\u00a0» 🚑\té\r\n"
    assert forbidden_characters(text) == []


def test_line_at_counts_from_one() -> None:
    """Positions become the line a person sees in the editor."""
    assert [line_at("a\nb\nc", i) for i in (0, 2, 4)] == [1, 2, 3]


def test_the_fast_screen_lets_no_forbidden_character_through() -> None:
    """Every character the quick screen passes is one `characters` allows too."""
    passed = [chr(c) for c in range(0x110000)
              if not 0xD800 <= c <= 0xDFFF and not _MAYBE_FORBIDDEN.match(chr(c))]
    assert len(passed) > 1500
    assert forbidden_characters("".join(passed)) == []
