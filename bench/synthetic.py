"""Synthetic directories in the project's own YAML format, for benchmarks.

Phone numbers are drawn from 02 61 91 00 00 – 02 61 91 99 99, a range ARCEP reserves
for fiction; names are invented by combining specialties and kinds.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SPECIALTIES = ["Cardiologie", "Pneumologie", "Neurologie", "Gastro-entérologie", "Néphrologie",
               "Oncologie", "Pédiatrie", "Gynécologie", "ORL", "Ophtalmologie", "Orthopédie",
               "Urologie", "Dermatologie", "Endocrinologie", "Gériatrie", "Rhumatologie",
               "Hématologie", "Psychiatrie", "Addictologie", "Chirurgie viscérale"]
KINDS = ["consultation", "hospitalisation"]
ESTABLISHMENTS = 10


def phone(n: int) -> str:
    digits = f"{n % 10_000:04d}"
    return f"02 61 91 {digits[:2]} {digits[2:]}"


def write_directory(root: Path, services: int) -> None:
    """`root/directory/` with 10 establishments sharing `services` services."""
    directory = root / "directory"
    (directory / "etablissements").mkdir(parents=True, exist_ok=True)
    group = {"nom": "Groupe hospitalier synthétique", "urgences": [
        {"numero": "15", "nom": "SAMU – Centre 15"}, {"numero": "112", "nom": "Urgences"}]}
    (directory / "groupe.yml").write_text(yaml.safe_dump(group, allow_unicode=True), "utf-8")
    for e in range(ESTABLISHMENTS):
        ident = f"site-{e + 1:02d}"
        items = [_service(i, ident) for i in range(e, services, ESTABLISHMENTS)]
        data = {"etablissement": {"id": ident, "nom": f"Site hospitalier n° {e + 1}",
                                  "adresse": f"{e + 1} rue des Essais, 35990 Vallée-Fictive",
                                  "standard": phone(9000 + e)},
                "services": items}
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (directory / "etablissements" / f"{ident}.yml").write_text(text, "utf-8")


def _service(i: int, establishment: str) -> dict[str, object]:
    specialty = SPECIALTIES[i % len(SPECIALTIES)]
    kind = KINDS[(i // len(SPECIALTIES)) % 2]
    label = "Consultations" if kind == "consultation" else "Hospitalisation"
    return {
        "id": f"service-{i:05d}", "nom": f"{label} de {specialty.lower()} – unité {i}",
        "type": kind, "specialite": specialty,
        "localisation": {"batiment": f"Bâtiment {chr(65 + i % 6)}", "etage": f"{i % 5}e étage"},
        "telephones": [
            {"numero": phone(i * 2), "libelle": "Secrétariat",
             "horaires": "lundi-vendredi 08:30-12:30, 13:30-17:00"},
            {"numero": phone(i * 2 + 1), "libelle": "Unité de soins", "horaires": "24h/24"},
        ],
        "rendez_vous": "Par téléphone, du lundi au vendredi.",
        "mots_cles": [specialty.lower(), "rendez-vous"],
        "statut": {"etat": "normal"},
        "verifie_le": "2026-11-20",
    }
