"""The three sheets a secretary fills in, and how each column maps to a YAML key.

Export and import read the same table, so a column can never be written one way and read
another. A column's `path` is where its value sits in a YAML block (``("statut", "etat")``);
its `kind` says how a cell's text becomes a YAML value and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.model import ServiceKind, StatusLevel
from generator.model.phones import Channel

ESTABLISHMENTS = "Établissements"
SERVICES = "Services"
PHONES = "Téléphones"
LISTS = "Listes"
FINGERPRINTS = "Empreintes"
"""Hidden: the sha256 of each YAML file at export time, to refuse a stale workbook."""


class Kind(StrEnum):
    TEXT = "text"
    PHONE = "phone"
    LINES = "lines"
    """A YAML list written one item per line of the cell (hours)."""
    WORDS = "words"
    """A YAML list written as « a, b, c » (keywords)."""


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]
    note: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    """A drop-down list; the model still checks the value (a pasted typo is reported)."""
    width: int = 18


YES_NO = ("oui", "non")
KINDS = tuple(k.value for k in ServiceKind)
LEVELS = tuple(s.value for s in StatusLevel)
CHANNELS = tuple(c.value for c in Channel)

ESTABLISHMENT_COLUMNS = (
    Column("Identifiant", ("id",), "Identifiant de l'établissement (adresse de sa page). "
           "Ne le changez pas.", width=30),
    Column("Nom", ("nom",), "Nom complet de l'établissement. Obligatoire.", width=40),
    Column("Adresse", ("adresse",), "Adresse postale complète. Obligatoire.", width=45),
    Column("Standard", ("standard",), "Numéro du standard, par exemple 02 61 91 40 00. "
           "Obligatoire.", Kind.PHONE),
    Column("Ordre", ("ordre",), "Place dans les listes : 1 pour le premier. Facultatif.",
           width=8),
    Column("Note", ("note",), "Texte affiché en haut de la page de l'établissement. "
           "Facultatif.", width=50),
)

SERVICE_COLUMNS = (
    Column("Identifiant", ("id",), "Identifiant du service : minuscules, chiffres et tirets "
           "(cardiologie-saint-aubin). C'est l'adresse de sa page : ne le changez pas. "
           "Pour un nouveau service, choisissez-en un qui n'existe pas.", width=32),
    Column("Établissement", ("etablissement",), "Identifiant de l'établissement (liste).",
           width=30),
    Column("Nom", ("nom",), "Nom du service tel que les patients le cherchent. Obligatoire.",
           width=36),
    Column("Type", ("type",), "Type de service (liste). Obligatoire.", choices=KINDS, width=16),
    Column("Spécialité", ("specialite",), "Spécialité médicale. Facultatif.", width=24),
    Column("Description", ("description",), "Quelques phrases pour les patients. Facultatif.",
           width=50),
    Column("Horaires", ("horaires",), "Horaires d'ouverture, une ligne par groupe de jours "
           "(Alt+Entrée pour aller à la ligne) : lundi-vendredi 08:30-17:00.", Kind.LINES,
           width=30),
    Column("Rendez-vous", ("rendez_vous",), "Comment prendre rendez-vous. Facultatif.",
           width=36),
    Column("Public", ("public",), "non : service réservé aux professionnels, jamais publié. "
           "Vide : oui.", choices=YES_NO, width=9),
    Column("Mots-clés", ("mots_cles",), "Mots que les patients tapent pour le trouver, séparés "
           "par des virgules.", Kind.WORDS, width=36),
    Column("État", ("statut", "etat"), "normal, perturbe ou interrompu (liste). Vide : aucun "
           "état annoncé.", choices=LEVELS, width=12),
    Column("Note d'état", ("statut", "note"), "Ce que les patients doivent savoir pendant "
           "l'incident. Facultatif.", width=50),
    Column("Du", ("statut", "du"), "Début de l'état : 2026-11-23 08:00 (heure de Paris). "
           "Facultatif.", width=17),
    Column("Au", ("statut", "au"), "Fin de l'état : 2026-11-24 08:00 (heure de Paris). "
           "Facultatif.", width=17),
    Column("Bâtiment", ("localisation", "batiment"), "Bâtiment. Facultatif.", width=22),
    Column("Étage", ("localisation", "etage"), "Étage. Facultatif.", width=14),
    Column("Accès", ("localisation", "acces"), "Comment s'y rendre. Facultatif.", width=36),
    Column("Vérifié le", ("verifie_le",), "Date de la dernière vérification : 2026-11-20.",
           width=12),
)

PHONE_COLUMNS = (
    Column("Service", ("service",), "Identifiant du service (liste) : une ligne par numéro, "
           "dans l'ordre d'affichage.", width=32),
    Column("Numéro", ("numero",), "Numéro à 10 chiffres (02 61 91 01 10) ou court (15). "
           "Obligatoire.", Kind.PHONE),
    Column("Libellé", ("libelle",), "Ce que ce numéro permet de joindre. Obligatoire.",
           width=36),
    Column("Horaires", ("horaires",), "Quand il répond, une ligne par groupe de jours "
           "(Alt+Entrée pour aller à la ligne).", Kind.LINES, width=30),
    Column("Public", ("public",), "non : ligne réservée aux professionnels, jamais publiée "
           "(ligne grisée). Vide : oui.", choices=YES_NO, width=9),
    Column("SMS", ("sms",), "non : appel seulement ; oui : appel ou SMS ; seulement : SMS "
           "seulement. Vide : non.", choices=CHANNELS, width=11),
)

SHEETS = {ESTABLISHMENTS: ESTABLISHMENT_COLUMNS, SERVICES: SERVICE_COLUMNS,
          PHONES: PHONE_COLUMNS}
