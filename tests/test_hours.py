"""Opening hours as comms staff type them, and as patients (and screen readers) read them."""

from __future__ import annotations

import pytest

from generator.model.hours import InvalidHours, parse_hours_line


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
    """Every documented way of writing hours gives one clear sentence."""
    assert parse_hours_line(typed).text == said


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
