"""Phone numbers: one display form, one link form, whatever way they were typed."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model.phones import InvalidPhone, parse_phone


@pytest.mark.parametrize("typed", ["0261910110", "02 61 91 01 10", "02.61.91.01.10",
                                   "02-61-91-01-10", "+33261910110", "+33 2 61 91 01 10",
                                   "(0)2 61 91 01 10", "0033 2 61 91 01 10"])
def test_every_way_of_typing_gives_the_same_number(typed: str) -> None:
    """Spaces, dots, dashes, +33 or 0033: displayed 02 61 91 01 10, dialled +33261910110."""
    phone = parse_phone(typed)
    assert (phone.display, phone.href) == ("02 61 91 01 10", "tel:+33261910110")


@pytest.mark.parametrize("short", ["15", "17", "18", "112", "114", "115", "119", "3114",
                                   "116117"])
def test_french_short_numbers_are_kept_as_such(short: str) -> None:
    """Emergency and public-service short numbers are dialled as typed."""
    assert parse_phone(short).href == f"tel:{short}"


@pytest.mark.parametrize(("typed", "words"), [
    ("02 61 91 01", "8 chiffres"), ("999", "numéro court"), ("bonjour", "n'est pas un numéro"),
    ("02 61 91 01 10 12", "12 chiffres")])
def test_numbers_that_cannot_be_dialled_are_refused(typed: str, words: str) -> None:
    """Wrong length, unknown short numbers and words are errors that say why."""
    with pytest.raises(InvalidPhone) as caught:
        parse_phone(typed)
    assert words in str(caught.value)


def test_foreign_numbers_are_shown_in_international_form() -> None:
    """A Belgian partner's number keeps its country code on the page."""
    phone = parse_phone("+32 2 555 12 34")
    assert phone.display.startswith("+32 ") and phone.href == "tel:+3225551234"


@given(st.integers(min_value=0, max_value=9999))
def test_french_display_matches_the_library(suffix: int) -> None:
    """Our fast French grouping gives exactly phonenumbers' national format."""
    typed = f"026191{suffix:04d}"
    expected = phonenumbers.format_number(phonenumbers.parse(typed, "FR"),
                                          phonenumbers.PhoneNumberFormat.NATIONAL)
    assert parse_phone(typed).display == expected


@given(st.from_regex(r"\A0[1-9][0-9]{8}\Z"))
def test_french_fast_path_agrees_with_phonenumbers(typed: str) -> None:
    """Any 10-digit French number: valid for us exactly when valid for phonenumbers."""
    number = phonenumbers.parse(typed, "FR")
    if phonenumbers.is_valid_number(number):
        assert parse_phone(typed).href == "tel:" + phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164)
    else:
        with pytest.raises(InvalidPhone):
            parse_phone(typed)
