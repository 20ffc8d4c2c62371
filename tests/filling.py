"""Fill every `[À COMPLÉTER : …]` of a project written by `portal init`, as a team would.

Values are plausible and fictional: phone numbers in the range ARCEP reserves for fiction
(02 61 91 …), addresses under `.example`. Shared by test_init.py and test_wheel.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

BLANK = re.compile(r"\[À COMPLÉTER : (?P<hint>[^\]\n]*)\]")
FILLED_ID = "hopital-test"
"""What an `identifiant` blank becomes (there is one only without --etablissement)."""

_RULES = [  # the first keyword found in the hint wins: most specific first
    ("identifiant", lambda: FILLED_ID),
    ("adresse postale", lambda: "1 rue de l'Essai, 35990 Testville"),
    ("adresse complète du site", lambda: "https://portail.hopital-test.example/"),
    ("nom de domaine", lambda: "hopital-test.example"),
    ("date de vérification", lambda: "2026-11-20"),
    ("horaires", lambda: "lundi-vendredi 08:00-18:00"),
    ("numéro", None),  # a new phone number each time
    ("nom complet", lambda: "Centre hospitalier de Testville"),
    ("nom de l'établissement", lambda: "Hôpital de Testville"),
]


def fill_blanks(root: Path, skip: tuple[str, ...] = ()) -> int:
    """Replace every blank under `root` (but in the top folders `skip`); return how many."""
    phones = _phones()
    count = 0
    for path in sorted(p for p in root.rglob("*")
                       if p.is_file() and p.relative_to(root).parts[0] not in skip):
        text = path.read_text("utf-8")

        def value(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            hint = match["hint"].lower()
            for keyword, make in _RULES:
                if keyword in hint:
                    return next(phones) if make is None else make()
            return "Texte de test"

        filled = BLANK.sub(value, text)
        if filled != text:
            path.write_text(filled, encoding="utf-8")
    return count


def _phones() -> Iterator[str]:
    for n in itertools.count(10):
        yield f"02 61 91 5{n // 100 % 10} {n % 100:02d}"


def remaining_blanks(root: Path) -> list[str]:
    """`file:line` of each blank left, to name them in an assertion."""
    return [f"{p.relative_to(root)}:{i}" for p in sorted(root.rglob("*")) if p.is_file()
            for i, line in enumerate(p.read_text("utf-8").splitlines(), 1) if BLANK.search(line)]
