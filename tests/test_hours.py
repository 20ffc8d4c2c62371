"""Opening hours as comms staff type them, and as patients (and screen readers) read them."""

from __future__ import annotations

import re

import pytest

from generator.model.hours import NBSP, InvalidHours, parse_hours_line
from generator.render import render_pages
from generator.status import snapshot
from tests.conftest import ESTABLISHMENT_YML, NOW, REPO, Project


@pytest.mark.parametrize(("typed", "said"), [
    ("24h/24", "24 h sur 24, 7 jours sur 7"),
    ("24h/24, 7j/7", "24 h sur 24, 7 jours sur 7"),
    ("lundi-vendredi 08:30-12:30, 13:30-17:00",
     "Du lundi au vendredi, de 8 h 30 à 12 h 30 et de 13 h 30 à 17 h"),
    ("Lundi – Vendredi 8h30-17h", "Du lundi au vendredi, de 8 h 30 à 17 h"),
    ("du lundi au vendredi de 8h30 à 17h", "Du lundi au vendredi, de 8 h 30 à 17 h"),
    ("sam 9h-12h", "Samedi, de 9 h à 12 h"),
    ("lun, mer et ven 14:00-17:00", "Lundi, mercredi et vendredi, de 14 h à 17 h"),
    ("tous les jours 13:00-20:00", "Tous les jours, de 13 h à 20 h"),
    ("7j/7 8h-20h", "Tous les jours, de 8 h à 20 h"),
    ("week-end 10h-18h", "Samedi et dimanche, de 10 h à 18 h"),
    ("samedi-dimanche 00:00-24:00", "Samedi et dimanche, de 0 h à 24 h"),
])
def test_typed_hours_are_said_in_full_words(typed: str, said: str) -> None:
    """Every documented way of writing hours gives one clear sentence (read aloud, a no-break
    space is a space)."""
    assert parse_hours_line(typed).text.replace(NBSP, " ") == said


def test_the_reference_shows_what_the_portal_says() -> None:
    """docs/reference.md's table « Vous écrivez / Le portail affiche » cannot drift."""
    section = (REPO / "docs" / "reference.md").read_text("utf-8").split("### Horaires")[1]
    rows = re.findall(r"^\| `([^`]+)`[^|]* \| ([^|]+) \|$", section.split("\n### ")[0], re.M)
    assert len(rows) >= 8
    for typed, shown in rows:
        assert parse_hours_line(typed).text.replace(NBSP, " ") == shown.strip(), typed


@pytest.mark.parametrize(("typed", "pieces"), [
    ("lundi-vendredi 08:30-12:30, 13:30-17:00",
     ["Du", "lundi", "au", "vendredi,", "de 8 h 30", "à 12 h 30", "et", "de 13 h 30", "à 17 h"]),
    ("24h/24", ["24 h sur 24,", "7 jours sur 7"]),
    ("sam 9h-12h", ["Samedi,", "de 9 h", "à 12 h"]),
])
def test_hours_break_between_times_never_inside_one(typed: str, pieces: list[str]) -> None:
    """Issue 10: the only ordinary spaces, where a narrow screen may break the line, lie
    between words and between two times; « 16 h 30 » or « 24 h sur 24 » hold together."""
    text = parse_hours_line(typed).text
    assert [piece.replace(NBSP, " ") for piece in text.split(" ")] == pieces


@pytest.mark.parametrize(("typed", "words"), [
    ("lundi 25:00-26:00", "« 25:00 » invalide"),
    ("lundi 08:70-09:00", "« 08:70 » invalide"),
    ("lundi 17:00-08:00", "la fin doit être après le début"),
    ("lundo 08:00-10:00", "jour « lundo » inconnu"),
    ("08:00-10:00", "jours ou heures manquants"),
    ("lundi 8h-midi", "illisible"),
])
def test_impossible_hours_are_refused_with_the_reason(typed: str, words: str) -> None:
    """Impossible times, reversed ranges and unknown days are errors that say why."""
    with pytest.raises(InvalidHours) as caught:
        parse_hours_line(typed)
    assert words in str(caught.value)
    assert caught.value.hint


TWO_LINES = """\
        horaires:
          - lundi-vendredi 08:30-12:30, 13:30-17:00
          - sam 9h-12h
"""
WEEK = "Du lundi au vendredi, de 8 h 30 à 12 h 30 et de 13 h 30 à 17 h"
SATURDAY = "Samedi, de 9 h à 12 h"


def _said(text: str) -> str:
    """`text` as pages carry it: no-break spaces inside a time and after « de », « à »."""
    text = re.sub(r"\b(de|à) (?=\d)", "\\1" + NBSP, text)
    text = re.sub(r"(?<=\d) h", NBSP + "h", text)
    return re.sub(r"h (?=\d\d)", "h" + NBSP, text)


@pytest.fixture
def pages(project: Project) -> dict[str, str]:
    """The test portal, its first number open on two lines of hours."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "        horaires: lundi-vendredi 08:30-17:00\n", TWO_LINES))
    directory = project.check().directory
    assert directory is not None
    return render_pages(directory, snapshot(directory, NOW))


@pytest.mark.parametrize("page", ["consultations.md", "etablissements/hopital-test.md"])
def test_lists_put_each_line_of_hours_under_the_number(pages: dict[str, str], page: str) -> None:
    """Issue 10: in lists, hours are no longer « (…) » beside the call button but one block
    per line after it (the stylesheet puts each under the number)."""
    assert ('<a class="portal-call" href="tel:+33261910110">02 61 91 01 10</a> '
            f'<span class="portal-phones__hours">{_said(WEEK)}</span> '
            f'<span class="portal-phones__hours">{_said(SATURDAY)}</span></li>') in pages[page]
    assert '<span class="portal-phones__hours">(' not in pages[page]


def test_service_page_and_printout_give_hours_their_own_lines(pages: dict[str, str]) -> None:
    """The service page lists the lines under the number; the printout, which put them in
    brackets after it, now gives each its own line too."""
    assert (f'<ul class="portal-hours"><li>{_said(WEEK)}</li><li>{_said(SATURDAY)}</li></ul>'
            in pages["services/cardiologie.md"])
    printout = pages["annuaire-a-imprimer.md"]
    assert ('<a href="tel:+33261910110">02 61 91 01 10</a> '
            f'<span class="portal-print__hours">{_said(WEEK)}</span> '
            f'<span class="portal-print__hours">{_said(SATURDAY)}</span></span>') in printout
    assert (f'<span class="portal-print__hours">24{NBSP}h{NBSP}sur{NBSP}24, '
            f'7{NBSP}jours{NBSP}sur{NBSP}7</span>') in printout
    assert "02 61 91 02 20</a> (" not in printout


def test_the_a_to_z_gives_the_number_and_leaves_hours_to_the_service_page(
        pages: dict[str, str]) -> None:
    """One row per service, the number alone at its end: no hours to wrap beside it."""
    a_to_z = pages["annuaire.md"]
    assert '<a class="portal-call" href="tel:+33261910110">02 61 91 01 10</a></span></li>' in a_to_z
    assert "Samedi" not in a_to_z and "jours sur" not in a_to_z
