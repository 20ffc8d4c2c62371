"""``donnees/annuaire.json``: the public directory as published, and read back from a mirror."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.changes import compare, snapshot_of
from generator.manifest import Manifest
from generator.project import check_project
from generator.public_data import PUBLIC_DATA_FILE, UnreadableData, public_data, read_snapshot
from tests.conftest import NOW, REPO, build_sample


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("site") / "site")


def test_the_build_publishes_the_public_directory_in_the_manifest(sample_site: Path) -> None:
    """The file is there, listed and hashed in the manifest, and says what the YAML says."""
    raw = (sample_site / PUBLIC_DATA_FILE).read_bytes()
    manifest = Manifest.from_bytes((sample_site / "manifest.json").read_bytes())
    assert manifest.files[PUBLIC_DATA_FILE].size == len(raw)
    data = json.loads(raw)
    assert data["version"] == 1
    cardio = next(s for s in data["services"] if s["id"] == "urgences-adultes-saint-aubin")
    assert cardio["telephones"][0] == {"libelle": "Accueil des urgences",
                                       "numero": "02 61 91 10 00",
                                       "horaires": ["24 h sur 24, 7 jours sur 7"]}
    assert cardio["etat"].startswith("Fonctionnement perturbé — Les urgences sont ouvertes")


def test_professional_numbers_are_not_published(sample_site: Path) -> None:
    """Doctors-only lines of the sample (`public: non`) appear nowhere in the file."""
    text = (sample_site / PUBLIC_DATA_FILE).read_text("utf-8")
    assert "02 61 91 10 01" not in text and "Médecin senior" not in text
    assert "02 61 91 10 02" not in text


def test_read_back_it_is_the_same_snapshot(sample_site: Path) -> None:
    """What a mirror publishes compares equal to the data it was built from."""
    checked = check_project(REPO, NOW)
    assert checked.directory is not None
    built = snapshot_of(checked.directory, NOW, checked.communiques)
    published = read_snapshot((sample_site / PUBLIC_DATA_FILE).read_bytes())
    assert published == built and compare(published, built) == []
    assert public_data(published).encode() == (sample_site / PUBLIC_DATA_FILE).read_bytes()


def _sample_json(sample_site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((sample_site / PUBLIC_DATA_FILE).read_bytes())  # type: ignore[no-any-return]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["services"][0].update(nom=12),
     "donnees/annuaire.json : « services[0].nom » devrait être un texte, pas un nombre"),
    (lambda d: d.update(services={"a": 1}),
     "donnees/annuaire.json : « services » devrait être une liste, pas un objet"),
    (lambda d: d["services"][1]["telephones"][0].update(numero=None),
     "donnees/annuaire.json : « services[1].telephones[0].numero » devrait être un texte, "
     "pas null"),
    (lambda d: d["services"][0].pop("etat"),
     "donnees/annuaire.json : la clé « etat » manque dans « services[0] »"),
    (lambda d: d.update(version=2),
     "donnees/annuaire.json : version « 2 » inconnue (attendue : 1) ; mettez portal à jour"),
    (lambda d: d.update(version=True),
     "donnees/annuaire.json : version « True » inconnue (attendue : 1) ; mettez portal à jour"),
    (lambda d: d["etablissements"][0].update(nom="Hôpital\x1b[2J"),
     "donnees/annuaire.json : « etablissements[0].nom » contient un texte trop long ou des "
     "caractères de contrôle ou invisibles"),
    (lambda d: d["communiques"][0].update(date="hier"),
     "donnees/annuaire.json : « communiques[0].date » n'est pas une date avec fuseau horaire "
     "(« hier »)"),
    (lambda d: d.update({"\x1b[31mrouge": 1}),
     "donnees/annuaire.json : la clé « ?[31mrouge » est inattendue dans le fichier"),
])
def test_a_hostile_file_is_refused_in_one_french_sentence(sample_site: Path, edit: object,
                                                          message: str) -> None:
    data = _sample_json(sample_site)
    edit(data)  # type: ignore[operator]
    with pytest.raises(UnreadableData) as caught:
        read_snapshot(json.dumps(data).encode())
    assert str(caught.value) == message


@pytest.mark.parametrize(("raw", "message"), [
    (b"x" * (16 * 1024 * 1024 + 1),
     "donnees/annuaire.json trop gros (16777217 octets, au plus 16777216)"),
    (b"[" * 100_000 + b"]" * 100_000, "donnees/annuaire.json n'est pas un fichier JSON lisible"),
    (b"\xff\xfe", "donnees/annuaire.json n'est pas un fichier JSON lisible"),
    (b'{"version": NaN}', "donnees/annuaire.json n'est pas un fichier JSON lisible"),
    (b"[]", "donnees/annuaire.json : le fichier devrait être un objet JSON, pas une liste"),
])
def test_bytes_that_are_not_the_file_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(UnreadableData) as caught:
        read_snapshot(raw)
    assert str(caught.value) == message
