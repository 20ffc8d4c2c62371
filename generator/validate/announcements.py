"""`portal check` keeps the texts to broadcast within their channels' limits.

A recorded message that runs over 45 s gets cut, an SMS over 160 GSM characters is sent
as two (or as 70-character pieces), a post over 280 characters is refused: each is an
error on the line of crise.yml that made it, hand-written (``annonces:``) or generated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.announcements import Announcement, ReadyText, announcement
from generator.diagnostics import Diagnostic, Severity, shown_path
from generator.load import load_yaml_file
from generator.model import Directory
from generator.model.communique import Communique
from generator.status import snapshot
from generator.validate import GROUP_FILE

CRISIS_KEYS = {"message": "message_standard", "sms": "sms", "post": "publication"}
"""The keys of ``annonces:`` in crise.yml, by text."""
_NAMES = {"message": "le message du standard", "sms": "le SMS", "post": "la publication"}
_GENERATED = {"message": "le message du standard généré", "sms": "le SMS généré",
              "post": "la publication générée"}
_SHORTEN = {
    "message": "raccourcissez-le : il doit se lire en {limit} secondes au plus, à un rythme "
               "normal (150 mots par minute ; un numéro compte un mot par paire de chiffres)",
    "sms": "raccourcissez-le : un SMS plus long part en plusieurs morceaux ; les lettres "
           "accentuées autres que é, è, à, ù, ì, ò et les caractères € [ ] {{ }} ~ ^ | \\ "
           "comptent aussi (remplacés ou comptés double)",
    "post": "raccourcissez-la : les réseaux sociaux refusent une publication plus longue",
}


def check_announcements(directory: Directory, latest: Communique | None, root: Path,
                        crisis_file: Path, now: dt.datetime) -> list[Diagnostic]:
    """An error for each text that does not fit; none outside a crisis.

    `latest` is the latest communiqué published at `now`, which the texts mention.
    """
    texts = announcement(directory, snapshot(directory, now), latest)
    if texts is None:
        return []
    loaded, _ = load_yaml_file(crisis_file, root)
    path = loaded.path if loaded else crisis_file.name
    found = []
    for kind, text in _texts(texts):
        if text.fits:
            continue
        key = CRISIS_KEYS[kind]
        line = loaded.line_of(("annonces", key) if text.written else ("situation",)) \
            if loaded else 1
        found.append(_too_long(path, line, kind, key, text))
    addresses = directory.group.official_addresses
    if texts.sms.written and addresses and addresses[0].url not in texts.sms.text and loaded:
        found.append(Diagnostic(
            path, loaded.line_of(("annonces", "sms")), "announcement.sms-without-address",
            "le SMS ne donne pas l'adresse officielle du portail",
            f"ajoutez-la à la fin, en entier : {addresses[0].url}", Severity.WARNING))
    if not addresses:
        found.append(Diagnostic(
            shown_path(crisis_file.parent / GROUP_FILE, root), 1, "announcement.no-address",
            "le SMS et la publication à diffuser ne peuvent pas donner l'adresse officielle "
            "du portail : groupe.yml n'en a pas",
            "ajoutez « adresses_officielles: » avec l'adresse où le portail est publié",
            Severity.WARNING))
    return found


def _texts(texts: Announcement) -> list[tuple[str, ReadyText]]:
    return [("message", texts.message), ("sms", texts.sms), ("post", texts.post)]


def _too_long(path: str, line: int, kind: str, key: str, text: ReadyText) -> Diagnostic:
    name = _NAMES[kind]
    unit = "secondes à lire" if kind == "message" else text.unit
    measure = text.shown_measure.split(" ")[0]
    message = f"{name} fait {measure} {unit}, {text.limit} au plus"
    hint = _SHORTEN[kind].format(limit=text.limit)
    if text.written:
        hint = f"« annonces: {key}: » — {hint}"
    else:
        message = (f"{_GENERATED[kind]} ne tient pas, même réduit au nom, au numéro "
                   f"d'urgence et à l'adresse officielle : il fait {measure} {unit}, "
                   f"{text.limit} au plus")
        hint = (f"écrivez vous-même ce texte dans « annonces: {key}: », ou raccourcissez "
                "« nom_court » dans groupe.yml, ou mettez en premier dans "
                "« adresses_officielles » une adresse plus courte")
    return Diagnostic(path, line, f"announcement.too-long-{kind}", message, hint)
