"""Phone numbers: one display form, one link form, whatever way they were typed."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from generator.model.phones import MAX_LENGTH, InvalidPhone, parse_phone


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
    ("00", "numéro court"), ("0011", "numéro court"), ("+00", "n'existe pas"),
    ("+33", "n'existe pas"), ("+999 12 34 56 78", "n'existe pas"),
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


@given(st.from_regex(r"\A\+?[0-9 ]{0,22}\Z"))
def test_any_digits_give_a_phone_or_a_french_refusal(typed: str) -> None:
    """Whatever digits are typed (IDD prefixes, too short, too long): no library exception."""
    try:
        parse_phone(typed)
    except InvalidPhone as exc:
        assert str(exc) and exc.hint


@given(st.integers(min_value=0, max_value=9999))
def test_french_display_matches_the_library(suffix: int) -> None:
    """Our fast French grouping gives exactly phonenumbers' national format."""
    typed = f"026191{suffix:04d}"
    expected = phonenumbers.format_number(phonenumbers.parse(typed, "FR"),
                                          phonenumbers.PhoneNumberFormat.NATIONAL)
    assert parse_phone(typed).display == expected


@given(st.from_regex(r"\A0[1-9][0-9]{8}\Z"))
def test_french_fast_path_agrees_with_phonenumbers(typed: str) -> None:
    """Any 10-digit French number: valid for us exactly when valid and not premium-rate."""
    number = phonenumbers.parse(typed, "FR")
    if phonenumbers.is_valid_number(number) and (
            phonenumbers.number_type(number) != PhoneNumberType.PREMIUM_RATE):
        assert parse_phone(typed).href == "tel:" + phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164)
    else:
        with pytest.raises(InvalidPhone):
            parse_phone(typed)


@pytest.mark.parametrize(("typed", "message", "hint"), [
    ("02 6l 9l 61 1O", "lettre « l »", "« l » ou un « O »"),
    ("02 61 91 01 1O", "lettre « O »", "« l » ou un « O »"),
    ("02 61 91 AB CD", "lettre « A »", "en chiffres"),
    ("0800 HOPITAL", "lettre « H »", "en chiffres"),
    ("02 61 91 01 10 x1234", "caractère « x »", "poste"),
    ("02 61 91 01 10 ext. 1234", "caractère « e »", "poste"),
    ("02 61 91 01 10 poste 12", "caractère « p »", "poste"),
    ("02 61 91 01 10#1234", "caractère « # »", "poste"),
    ("02 61 91 01 10;1234", "caractère « ; »", "poste"),
    ("02 61 91 01 10,,12", "caractère « , »", "poste"),
    ("*3114", "caractère « * »", "poste"),
    ("02 61 91 01 10 / 02 61 91 01 11", "deux numéros", "autre ligne"),
    ("02 61 91 01 10 & 02 61 91 01 11", "deux numéros", "autre ligne"),
    ("02 61 91 01 10 02 61 91 01 11", "deux numéros (20 chiffres)", "autre ligne"),
    ("+33 2 61 91 01 10 +33 2 61 91 01 11", "deux numéros", "autre ligne"),
    ("02 61 91 + 01 10", "« + » au milieu", "« + » en premier"),
    ("０２ ６１ ９１ ０１ １０", "chiffre « ０ » d'un autre alphabet", "0 à 9"),
    ("٠٢٦١٩١٠١١٠", "chiffre « ٠ » d'un autre alphabet", "0 à 9"),
    ("۰۲۶۱۹۱۰۱۱۰", "chiffre « ۰ » d'un autre alphabet", "0 à 9"),
    ("02 61 91 01 1०", "chiffre « ० » d'un autre alphabet", "0 à 9"),
    ("02 61 91 01 10²", "chiffre « ² » d'un autre alphabet", "0 à 9"),
    ("02_61_91_01_10", "caractère « _ » interdit", "un « + » au début"),
    ("02 61 91 01 10 !", "caractère « ! » interdit", "un « + » au début"),
    ("", "vide", "numero"),
    ("   ", "vide", "numero"),
    ("voir le standard", "n'est pas un numéro", "10 chiffres"),
    ("0" * (MAX_LENGTH + 1), "trop long", "un seul numéro"),
])
def test_anything_but_digits_and_separators_is_refused(typed: str, message: str,
                                                       hint: str) -> None:
    """Letters, extensions, pauses, two numbers, other digits: never silently reinterpreted."""
    with pytest.raises(InvalidPhone) as caught:
        parse_phone(typed)
    assert message in str(caught.value)
    assert hint in caught.value.hint


@pytest.mark.parametrize("typed", ["02\u00a061\u00a091\u00a001\u00a010",
                                   "02\u202f61\u202f91\u202f01\u202f10", "02\t61 91 01 10",
                                   "02–61–91–01–10", "02‑61‑91‑01‑10", "(02) 61.91-01 10",
                                   "+33 (0)2 61 91 01 10", " 02 61 91 01 10 "])
def test_unicode_spaces_and_dashes_are_separators(typed: str) -> None:
    """Non-breaking spaces and Word's dashes, as pasted from a document, are fine."""
    assert parse_phone(typed).href == "tel:+33261910110"


@given(st.sampled_from(["0261910110", "+33261910110", "15", "3114"]),
       st.integers(min_value=0, max_value=12),
       st.characters(blacklist_categories=("Cs",)).filter(
           lambda c: not (c.isspace() or c in "0123456789.-()\u2010\u2011\u2012\u2013")))
def test_any_other_character_anywhere_is_refused(number: str, where: int, char: str) -> None:
    """Whatever the character and wherever it is, a number with it is an error, not a guess."""
    typed = number[:where] + char + number[where:]
    if typed.startswith("+") and typed.count("+") == 1:
        return  # a leading "+" is the one extra character allowed
    with pytest.raises(InvalidPhone):
        parse_phone(typed)


@pytest.mark.parametrize(("typed", "words"), [
    ("08 99 12 34 56", "surtaxé"), ("0899123456", "surtaxé"), ("+33 8 99 12 34 56", "surtaxé"),
    ("+44 909 879 0000", "surtaxé"), ("3617", "court surtaxé"), ("3615", "court surtaxé"),
    ("3900", "court surtaxé"), ("36 17", "court surtaxé"), ("3949", "court surtaxé")])
def test_premium_rate_numbers_are_refused(typed: str, words: str) -> None:
    """08 9x, 36xx and foreign premium-rate numbers would cost patients dearly: refused."""
    with pytest.raises(InvalidPhone) as caught:
        parse_phone(typed)
    assert words in str(caught.value)


@pytest.mark.parametrize("short", ["15", "17", "18", "112", "114", "115", "119", "3114",
                                   "116117", "116 117", "3919", "39 77"])
def test_emergency_short_numbers_carry_no_caution(short: str) -> None:
    """The numbers of the issue's list stay accepted, with nothing to warn about."""
    assert parse_phone(short).caution is None


@pytest.mark.parametrize(("typed", "caution"), [
    ("02 61 91 01 10", None), ("01 99 00 12 34", None), ("+44 808 157 0000", None),
    ("+44 306 999 0000", "non géographique"), ("+44 20 7946 0000", None)])
def test_unusual_number_types_carry_a_caution(typed: str, caution: str | None) -> None:
    """Geographic and free numbers are plain; other non-geographic ones get a caution."""
    found = parse_phone(typed).caution
    assert (found is None) if caution is None else (found is not None and caution in found)
