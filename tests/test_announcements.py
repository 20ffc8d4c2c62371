"""Texts off the web (recorded message, SMS, post): built from the data, within their limits."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.announcements import (
    MAX_MESSAGE_SECONDS,
    Announcement,
    announcement,
    gsm_septets,
    reading_seconds,
    spoken_words,
    to_gsm,
)
from generator.communiques import published
from generator.project import check_project
from generator.status import snapshot
from tests.conftest import GROUP_YML, NOW, REPO, Project

# GSM 03.38 written out independently of the module: the 128 code points of the default
# alphabet in order (0x1B, the escape, as a placeholder), and the extension table.
GSM_TABLE = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_ESCAPED = {"\f": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F, "[": 0x3C, "~": 0x3D,
               "]": 0x3E, "|": 0x40, "€": 0x65}


def septets(sms: str) -> int:
    """Encode `sms` in GSM-7 septets as a phone would; refuse any character outside it."""
    assert len(GSM_TABLE) == 128
    encoded: list[int] = []
    for char in sms:
        if char in GSM_ESCAPED:
            encoded += [0x1B, GSM_ESCAPED[char]]
        else:
            assert char != "\x1b" and char in GSM_TABLE, f"{char!r} n'est pas GSM-7"
            encoded.append(GSM_TABLE.index(char))
    return len(encoded)


def sample_texts() -> Announcement:
    checked = check_project(REPO, NOW)
    assert checked.directory is not None
    latest = published(checked.communiques, NOW)[0]
    texts = announcement(checked.directory, snapshot(checked.directory, NOW), latest)
    assert texts is not None
    return texts


# --- Measures ------------------------------------------------------------------------------


def test_a_phone_number_is_read_by_pairs_of_digits() -> None:
    """« 02 61 91 10 10 » is five words, « 15 » one; words with an apostrophe are one."""
    assert spoken_words("02 61 91 10 10") == 5
    assert spoken_words("appelez le 15") == 3
    assert spoken_words("d'urgence vitale") == 2
    assert spoken_words("exemple.fr/crise") == 5  # exemple point fr slash crise
    assert spoken_words("ars-vallee.example") == 5  # ars tiret vallee point example
    assert spoken_words("Saint-Aubin. Vallée-Fictive") == 4  # a name's hyphen is not read


def test_reading_time_is_at_150_words_a_minute() -> None:
    assert reading_seconds(" ".join(["mot"] * 150)) == 60
    assert reading_seconds("Appelez le 02 61 91 10 10.") == pytest.approx(7 * 0.4)


def test_gsm_keeps_french_letters_of_the_basic_set_and_replaces_the_others() -> None:
    """é, è, à, ù, Ç stay; ê, ô, œ, ’ and non-breaking spaces are replaced; € counts two."""
    assert to_gsm("Fermé à 8 h, Ça rouvre") == "Fermé à 8 h, Ça rouvre"
    assert to_gsm("fenêtre, cœur, l’hôpital\u00a0: « vite »") == \
        "fenetre, coeur, l'hopital : \" vite \""
    assert gsm_septets("5 €") == 4
    assert septets(to_gsm("fenêtre, cœur, l’hôpital\u00a0: « vite » 5 €")) == \
        gsm_septets("fenêtre, cœur, l’hôpital\u00a0: « vite » 5 €")


# --- The sample ----------------------------------------------------------------------------


def test_sample_sms_fits_one_message_with_the_official_address() -> None:
    """Counted independently: ≤ 160 septets, every character GSM-7, the address in full."""
    sms = sample_texts().sms
    assert septets(sms.text) <= 160
    assert sms.measure == septets(sms.text)
    assert "https://www.ars-vallee-fictive.example/crise/ghvf/" in sms.text
    assert "Urgence vitale : 15." in sms.text


def test_sample_recorded_message_reads_in_under_45_seconds() -> None:
    message = sample_texts().message
    words = len(re.findall(r"\w+", message.text))  # generous: « d'une » counts two
    assert words * 60 / 150 <= MAX_MESSAGE_SECONDS + 6
    assert message.measure <= MAX_MESSAGE_SECONDS
    assert message.text.startswith("Groupe hospitalier de la Vallée-Fictive, bonjour.")
    assert "En cas d'urgence vitale, appelez le 15." in message.text
    assert "www.ars-vallee-fictive.example/crise/ghvf" in message.text
    assert "https://" not in message.text


def test_sample_post_has_the_situation_the_communique_and_the_numbers() -> None:
    post = sample_texts().post
    assert len(post.text) <= 280
    assert "victime d'une cyberattaque" in post.text
    assert "Point de situation du 23 novembre" in post.text  # the latest communiqué
    assert "Standard : 02 61 91 00 00." in post.text


def test_sentences_then_communique_are_dropped_before_failing(project: Project) -> None:
    """A long situation: the texts keep its first sentence, drop the rest and still fit."""
    project.write("directory/crise.yml", f"""\
        situation: >-
          Les urgences sont ouvertes. {"Une phrase de plus pour allonger la situation. " * 30}
        """)
    checked = check_project(project.root, NOW)
    assert checked.directory is not None, [d.format() for d in checked.diagnostics]
    texts = announcement(checked.directory, snapshot(checked.directory, NOW), None)
    assert texts is not None
    for text in (texts.message, texts.sms, texts.post):
        assert text.fits
        assert "Les urgences sont ouvertes." in text.text
        assert 0 < text.text.count("Une phrase de plus") < 30 or text is not texts.message
    assert texts.sms.text.count("Une phrase de plus") < 30


# --- portal check --------------------------------------------------------------------------


def test_hand_written_sms_too_long_is_an_error_on_its_line(project: Project) -> None:
    """« le SMS fait 172 caractères GSM, 160 au plus », on the line of `sms:`."""
    project.write("directory/crise.yml", f"""\
        situation: Les consultations sont maintenues.
        annonces:
          message_standard: Bonjour. Les consultations sont maintenues.
          sms: {"x" * 170} [€]
          publication: Les consultations sont maintenues.
        """)
    assert project.portal("check") == 1
    checked = check_project(project.root, NOW)
    errors = [d for d in checked.diagnostics if d.is_error]
    assert [(e.path, e.line, e.code) for e in errors] == [
        ("directory/crise.yml", 4, "announcement.too-long-sms")]
    assert errors[0].message == "le SMS fait 177 caractères GSM, 160 au plus"
    assert "« annonces: sms: »" in errors[0].hint


def test_hand_written_message_and_post_too_long(project: Project) -> None:
    long_text = "Les consultations sont maintenues sur dossier papier. " * 20
    project.write("directory/crise.yml", f"""\
        situation: Les consultations sont maintenues.
        annonces:
          message_standard: {long_text}
          publication: {long_text}
        """)
    errors = {d.code: d for d in check_project(project.root, NOW).diagnostics}
    message = errors["announcement.too-long-message"]
    assert message.line == 3
    assert re.fullmatch(r"le message du standard fait \d+ secondes à lire, 45 au plus",
                        message.message)
    post = errors["announcement.too-long-post"]
    assert post.line == 4
    assert post.message == f"la publication fait {len(long_text.strip())} caractères, 280 au plus"


def test_hand_written_texts_replace_the_generated_ones(project: Project) -> None:
    project.write("directory/crise.yml", """\
        situation: Les consultations sont maintenues.
        annonces:
          sms: "Hôpital du Test : consultations maintenues. Urgence vitale : 15."
        """)
    checked = check_project(project.root, NOW)
    assert checked.directory is not None
    texts = announcement(checked.directory, snapshot(checked.directory, NOW), None)
    assert texts is not None
    assert texts.sms.written and texts.sms.text == \
        "Hopital du Test : consultations maintenues. Urgence vitale : 15."
    assert not texts.post.written


def test_hand_written_sms_without_the_official_address_is_a_warning(project: Project) -> None:
    project.write("directory/groupe.yml", GROUP_YML + (
        "adresses_officielles:\n  - adresse: https://www.example.org/crise/\n"))
    project.write("directory/crise.yml", """\
        situation: Les consultations sont maintenues.
        annonces:
          sms: "Hôpital du Test : consultations maintenues. Urgence vitale : 15."
        """)
    found = [d for d in check_project(project.root, NOW).diagnostics
             if d.code.startswith("announcement.")]
    assert [(d.line, d.code, d.is_error, d.hint) for d in found] == [
        (3, "announcement.sms-without-address", False,
         "ajoutez-la à la fin, en entier : https://www.example.org/crise/")]


def test_generated_text_that_cannot_fit_is_an_error_on_the_situation(project: Project) -> None:
    """Even bare (name, 15, address), the SMS is too long: an error on the situation's line
    (where `annonces:` would go), saying how to fix it."""
    project.write("directory/groupe.yml", GROUP_YML + (
        "nom_court: GH de test\n"
        "adresses_officielles:\n"
        f"  - adresse: https://www.example.org/{'tres-long-chemin/' * 7}\n"))
    project.write("directory/crise.yml", """\
        # la situation
        situation: Les urgences sont ouvertes.
        """)
    errors = [d for d in check_project(project.root, NOW).diagnostics if d.is_error]
    assert [(d.path, d.line, d.code) for d in errors] == [
        ("directory/crise.yml", 2, "announcement.too-long-sms")]
    assert errors[0].message == (
        "le SMS généré ne tient pas, même réduit au nom, au numéro d'urgence et à l'adresse "
        "officielle : il fait 185 caractères GSM, 160 au plus")
    assert "« annonces: sms: »" in errors[0].hint


def test_no_texts_outside_a_crisis(project: Project) -> None:
    checked = check_project(project.root, NOW)
    assert checked.directory is not None
    assert announcement(checked.directory, snapshot(checked.directory, NOW), None) is None
    assert not [d for d in checked.diagnostics if d.code.startswith("announcement.")]


# --- Held-out data: another fictional hospital, long names ----------------------------------

HELD_OUT_NAME = ("Centre hospitalier universitaire intercommunal de Saint-Éloi-des-Marais-"
                 "Fictifs et de la Haute-Vallée-du-Lys")
HELD_OUT_GROUP = f"""\
nom: {HELD_OUT_NAME}
nom_court: CHU Saint-Éloi-des-Marais
urgences:
  - numero: "15"
    nom: SAMU – Centre 15
  - numero: "112"
    nom: Numéro d'urgence européen
  - numero: "114"
    sms: seulement
    nom: Urgences pour personnes sourdes ou malentendantes
  - numero: 02 61 91 33 00
    nom: Urgences adultes et pédiatriques du site de l'Œuvre-Notre-Dame-des-Marais
    etablissement: site-oeuvre-notre-dame
adresses_officielles:
  - adresse: https://information-patients.chu-saint-eloi-des-marais-fictifs.example/crise/
    hebergeur: Hébergeur principal
"""

HELD_OUT_SITES = {
    "site-oeuvre-notre-dame": ("Site hospitalier de l'Œuvre-Notre-Dame-des-Marais-Fictifs",
                               "02 61 91 33 10", 1),
    "site-hauts-de-lys": ("Pôle de gériatrie, de soins de suite et de réadaptation des Hauts-"
                          "du-Lys-Fictifs", "02 61 91 34 00", 2),
    "site-ecluse": ("Centre médico-psychologique de l'Écluse", "02 61 91 35 00", 3),
}

HELD_OUT_CRISIS = """\
situation: >-
  Une panne générale du réseau électrique et informatique touche l’ensemble de nos sites
  depuis ce matin ; les soins urgents sont assurés. Les consultations non urgentes prévues
  aujourd’hui sont reportées : le service vous rappellera. Les visites sont suspendues
  jusqu’à nouvel ordre, sauf en pédiatrie et en soins palliatifs.
mis_a_jour: 2026-11-23 09:15
informations_familles:
  telephone: 02 61 91 36 00
fonctions:
  - id: urgences
    etablissement: site-hauts-de-lys
    nom: Urgences des Hauts-du-Lys
    etats:
      - etat: interrompu
        du: 2026-11-23 07:00
        alternatives:
          - etablissement: site-oeuvre-notre-dame
"""


def held_out(project: Project) -> Project:
    """Another fictional hospital: long names, œ, apostrophes, three sites."""
    (project.root / "directory" / "etablissements" / "hopital-test.yml").unlink()
    project.write("directory/groupe.yml", HELD_OUT_GROUP)
    for ident, (name, switchboard, order) in HELD_OUT_SITES.items():
        project.write(f"directory/etablissements/{ident}.yml", f"""\
            etablissement:
              id: {ident}
              nom: {name}
              adresse: {order} rue des Écluses-Fictives, 35990 Saint-Éloi-des-Marais
              standard: {switchboard}
              ordre: {order}
            """)
    project.write("directory/crise.yml", HELD_OUT_CRISIS)
    page = project.root / "content" / "fuite-de-donnees.md"
    page.write_text(page.read_text("utf-8").replace(
        "Groupe hospitalier de test", HELD_OUT_NAME), "utf-8")
    project.write("content/communiques/2026-11-23-panne-generale.md", """\
        ---
        titre: "Panne générale : les soins urgents sont assurés, les consultations reportées"
        date: 2026-11-23 10:00
        ---

        Une panne générale touche nos sites.
        """)
    return project


def held_out_texts(project: Project) -> Announcement:
    checked = check_project(held_out(project).root, NOW)
    assert checked.directory is not None, [d.format() for d in checked.diagnostics]
    assert not [d for d in checked.diagnostics if d.code.startswith("announcement.")]
    texts = announcement(checked.directory, snapshot(checked.directory, NOW),
                         published(checked.communiques, NOW)[0])
    assert texts is not None
    return texts


def test_held_out_texts_fit_their_limits(project: Project) -> None:
    texts = held_out_texts(project)
    address = "https://information-patients.chu-saint-eloi-des-marais-fictifs.example/crise/"
    assert septets(texts.sms.text) <= 160
    assert address in texts.sms.text
    assert texts.sms.text.startswith("CHU Saint-Éloi-des-Marais : ")
    assert "Urgence vitale : 15." in texts.sms.text
    assert "Une panne générale du réseau" in texts.message.text
    assert "Une panne générale du réseau" in texts.post.text
    assert texts.message.measure <= 45
    assert spoken_words(texts.message.text) * 0.4 <= 45
    assert "bonjour" in texts.message.text
    assert len(texts.post.text) <= 280
    assert "Standard : 02 61 91 33 10." in texts.post.text  # the first site's switchboard
    assert address in texts.post.text


def test_held_out_check_is_clean_of_announcement_errors(project: Project) -> None:
    held_out(project)
    assert project.portal("check") == 0


def test_text_dataclasses_report_their_measure() -> None:
    texts = sample_texts()
    assert texts.sms.shown_measure == f"{septets(texts.sms.text)} caractères GSM"
    assert dataclasses.replace(texts.post, measure=281).fits is False


def test_reference_sample_is_the_repository() -> None:
    """The sample project itself passes `portal check` with its generated texts."""
    checked = check_project(REPO, NOW)
    assert checked.ok, [d.format() for d in checked.diagnostics if d.is_error]


def test_sms_with_hand_written_characters_outside_gsm_is_sent_transliterated(
        project: Project) -> None:
    """What staff copy is what fits: « œ », « ’ » and « ê » already replaced in the text."""
    project.write("directory/crise.yml", """\
        situation: Les consultations sont maintenues.
        annonces:
          sms: "Hôpital du Test : l’accueil du cœur est fermé ; fenêtre 3. Urgence vitale : 15."
        """)
    checked = check_project(project.root, NOW)
    assert checked.directory is not None
    texts = announcement(checked.directory, snapshot(checked.directory, NOW), None)
    assert texts is not None
    assert texts.sms.text == ("Hopital du Test : l'accueil du coeur est fermé ; fenetre 3. "
                              "Urgence vitale : 15.")
    assert texts.sms.measure == septets(texts.sms.text)


def test_without_official_address_the_texts_say_where_to_add_one(project: Project) -> None:
    project.write("directory/crise.yml", "situation: Les consultations sont maintenues.\n")
    found = [d for d in check_project(project.root, NOW).diagnostics
             if d.code.startswith("announcement.")]
    assert [(d.path, d.line, d.code, d.is_error) for d in found] == [
        ("directory/groupe.yml", 1, "announcement.no-address", False)]
    assert found[0].hint == ("ajoutez « adresses_officielles: » avec l'adresse où le portail "
                             "est publié")
