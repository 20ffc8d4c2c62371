"""Numbers as patients reach them: SMS-only and SMS-too numbers, and numbers inside texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Severity
from generator.model.phones import Channel, numbers_in_text, parse_phone
from generator.render import with_calls
from tests.conftest import ESTABLISHMENT_YML, GROUP_YML, Project

SMS_GROUP_YML = GROUP_YML + """\
  - numero: "114"
    sms: seulement
    nom: Urgences pour personnes sourdes ou malentendantes
    description: "Par SMS. Sinon, le standard : 02 61 91 00 00."
"""

TEXTS_YML = ESTABLISHMENT_YML.replace("""    mots_cles: [cœur, cardio]
""", """    description: |-
      En cas d'urgence, appelez le 02 61 91 00 00.
      Pas le 08 99 12 34 56 <b>surtaxé</b>.
    rendez_vous: Par téléphone au +33 2 61 91 01 11 (poste 12).
    localisation:
      acces: Interphone, ou le 02.61.91.01.12 si personne ne répond.
    mots_cles: [cœur, cardio]
""").replace("""        libelle: Unité de soins
""", """        libelle: Unité de soins
        sms: oui
""")


def test_a_number_in_a_text_becomes_a_call_link_and_the_rest_stays_escaped() -> None:
    """Only the number is a link, as a phone field would link it; markup stays text."""
    html = with_calls("<b>Urgent</b> : appelez le 02 61 91 00 00 (poste 3) ou le 15.")
    assert html == ('&lt;b&gt;Urgent&lt;/b&gt; : appelez le <a class="portal-call" '
                    'href="tel:+33261910000">02 61 91 00 00</a> (poste 3) ou le 15.')


def test_a_premium_number_in_a_text_stays_text() -> None:
    """The rules of phone fields: a premium-rate number is never a link, and says why."""
    assert "<a" not in with_calls("appelez le 08 99 12 34 56")
    [found] = numbers_in_text("appelez le 08 99 12 34 56")
    assert found.phone is None and found.problem is not None
    assert "surtaxé" in str(found.problem)


@pytest.mark.parametrize("text", ["le 01/12/2026 à 8 h 30", "salle 12, bâtiment 3",
                                  "code 1234 5678", "de 08:30 à 17:00", ""])
def test_dates_hours_and_codes_are_not_numbers(text: str) -> None:
    """What is not a phone number is left alone."""
    assert with_calls(text) == text


@pytest.mark.parametrize(("channel", "href", "sms_href"), [
    (Channel.VOICE, "tel:114", None), (Channel.BOTH, "tel:114", "sms:114"),
    (Channel.SMS_ONLY, "sms:114", None)])
def test_a_number_is_linked_for_how_it_is_reached(channel: Channel, href: str,
                                                 sms_href: str | None) -> None:
    """`sms: seulement` links an SMS, never a call; `sms: oui` adds the SMS link."""
    phone = parse_phone("114").reached_by(channel)
    assert (phone.href, phone.sms_href, phone.sms_only) == (
        href, sms_href, channel is Channel.SMS_ONLY)


def test_check_warns_at_the_line_of_a_text_with_a_refused_number(project: Project) -> None:
    """A premium number written in a description: a warning at the line of its key."""
    project.write("directory/etablissements/hopital-test.yml", TEXTS_YML)
    result = project.check()
    assert result.ok
    found = [(d.path, d.line, d.severity) for d in result.diagnostics
             if d.code == "text.phone-refused"]
    assert found == [("directory/etablissements/hopital-test.yml", 18, Severity.WARNING)]
    assert "« 08 99 12 34 56 » restera du texte" in result.diagnostics[0].format()


def test_an_unknown_sms_value_is_refused_at_its_line(project: Project) -> None:
    """`sms` takes non, oui or seulement; anything else is an error naming the choices."""
    project.write("directory/groupe.yml", SMS_GROUP_YML.replace("sms: seulement", "sms: texto"))
    found = [(d.line, d.code) for d in project.check().diagnostics if d.is_error]
    assert found == [(11, "field.choice")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("numbers"))
    project.write("directory/groupe.yml", SMS_GROUP_YML)
    project.write("directory/etablissements/hopital-test.yml", TEXTS_YML)
    assert project.portal("build") == 0
    return project.site


@pytest.mark.slow
def test_the_114_is_an_sms_link_on_the_home_page(site: Path) -> None:
    """Tapping the 114 opens an SMS, and the page says so; its description's number calls."""
    home = (site / "index.html").read_text("utf-8")
    assert 'href="sms:114">114 <span class="portal-call__via">(SMS)</span></a>' in home
    assert 'href="tel:114"' not in home
    assert ('Sinon, le standard : <a class="portal-call" href="tel:+33261910000">'
            '02 61 91 00 00</a>.') in home


@pytest.mark.slow
def test_numbers_in_a_service_page_texts_are_call_links(site: Path) -> None:
    """Description, booking and access: each number a link; the premium one and markup text."""
    html = (site / "services" / "cardiologie.html").read_text("utf-8")
    assert ('appelez le <a class="portal-call" href="tel:+33261910000">02 61 91 00 00</a>.'
            in html)
    assert "Pas le 08 99 12 34 56 &lt;b&gt;surtaxé&lt;/b&gt;." in html
    assert ('au <a class="portal-call" href="tel:+33261910111">+33 2 61 91 01 11</a> '
            '(poste 12).') in html
    assert ('ou le <a class="portal-call" href="tel:+33261910112">02.61.91.01.12</a> si '
            in html)


@pytest.mark.slow
def test_a_number_taking_sms_too_has_both_links(site: Path) -> None:
    """`sms: oui` on a service phone: the call link, then « ou par SMS »."""
    html = (site / "services" / "pneumologie-hospitalisation.html").read_text("utf-8")
    assert ('<a class="portal-call" href="tel:+33261910220">02 61 91 02 20</a> ou '
            '<a href="sms:+33261910220">par SMS</a>') in html
