"""Open data for partners: etat.json, the directory as JSON (with its schema) and CSV, FHIR."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from jsonschema import Draft7Validator

from generator.model import Directory
from generator.open_data import CSV_COLUMNS, CSV_FILE, FHIR_FILE, SCHEMA_FILE, STATE_FILE
from generator.public_data import PUBLIC_DATA_FILE
from tests.conftest import Project, sample_and_site

ALL_FILES = (STATE_FILE, CSV_FILE, FHIR_FILE, SCHEMA_FILE, PUBLIC_DATA_FILE)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Directory, Path]:
    return sample_and_site(tmp_path_factory.mktemp("open-data") / "site")


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Directory, Path]:
    """Another hospital, whose service names a spreadsheet would take for formulas."""
    project = Project(tmp_path_factory.mktemp("held-out"))
    path = project.root / "directory" / "etablissements" / "hopital-test.yml"
    path.write_text(path.read_text("utf-8").replace(
        "nom: Consultations de cardiologie", 'nom: "=HYPERLINK(\\"https://x.example\\")"'),
        "utf-8")
    assert project.portal("build") == 0
    checked = project.check()
    assert checked.directory is not None
    return checked.directory, project.site


def numbers(directory: Directory) -> tuple[set[str], set[str]]:
    """(every public number, as displayed; every professional-only one)."""
    public = {e.switchboard.display for e in directory.establishments}
    public |= {p.number.display for s in directory.public_services for p in s.public_phones}
    hidden = {p.number.display for s in directory.services for p in s.phones if not p.public}
    return public, hidden - public - {e.number.display for e in directory.group.emergencies}


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_every_file_is_in_the_signed_manifest(which: str,
                                              request: pytest.FixtureRequest) -> None:
    _, site = request.getfixturevalue(which)
    listed = json.loads((site / "manifest.json").read_text("utf-8"))["files"]
    for name in ALL_FILES:
        assert name in listed, name


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_no_professional_number_in_any_file(which: str, request: pytest.FixtureRequest) -> None:
    directory, site = request.getfixturevalue(which)
    _, hidden = numbers(directory)
    assert hidden
    for name in ALL_FILES:
        text = (site / name).read_text("utf-8")
        for number in hidden:
            assert number not in text and number.replace(" ", "") not in text, (name, number)


def test_the_state_file_says_what_is_in_force(sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    state = json.loads((site / STATE_FILE).read_text("utf-8"))
    assert state["version"] == 1 and state["niveau"] == "perturbe"
    assert state["produit_le"] == "2026-11-23T12:00+01:00"
    assert state["valide_jusqu_au"] == "2026-11-26T12:00+01:00"  # valid_hours: 72
    assert state["portail"] == directory.group.official_addresses[0].url
    sites = {e["id"]: e for e in state["etablissements"]}
    assert set(sites) == {e.id for e in directory.establishments}
    assert sites["hopital-saint-aubin"]["fonctionnement"] == "degrade"
    assert sites["hopital-saint-aubin"]["standard"] == {
        "numero": "02 61 91 00 00", "a_composer": "+33261910000", "canal": "appel"}
    emergencies = [f for f in state["fonctions"] if f["id"] == "urgences"]
    closed = [f for f in emergencies if f["etablissement"] == "centre-hospitalier-bourg-fictif"]
    assert closed[0]["etat"] == "interrompu"
    assert closed[0]["jusqu_au"] == "2026-11-24T08:00+01:00"
    assert {"nom": "SAMU – Centre 15", "numero": "15", "a_composer": "15",
            "canal": "appel"} in state["urgences"]
    assert len((site / STATE_FILE).read_bytes()) < 16 * 1024  # small enough to poll


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_the_json_directory_follows_its_published_schema(
        which: str, request: pytest.FixtureRequest) -> None:
    _, site = request.getfixturevalue(which)
    schema = json.loads((site / SCHEMA_FILE).read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)
    data = json.loads((site / PUBLIC_DATA_FILE).read_text("utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["services"][0]["telephones"][0]["numero"] = 261910110  # a number, not text
    data["intrus"] = True
    assert len(list(validator.iter_errors(data))) == 2


def csv_rows(site: Path) -> list[dict[str, str]]:
    raw = (site / CSV_FILE).read_bytes()
    assert raw.startswith("\ufeff".encode())  # a spreadsheet reads it as UTF-8
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_the_csv_has_a_row_per_public_number(which: str,
                                             request: pytest.FixtureRequest) -> None:
    directory, site = request.getfixturevalue(which)
    rows = csv_rows(site)
    public, _ = numbers(directory)
    assert {r["numero"] for r in rows} == public
    lines = sum(len(s.public_phones) for s in directory.public_services)
    assert len(rows) == lines + len(directory.establishments)


def test_the_csv_never_hands_a_spreadsheet_a_formula(held_out: tuple[Directory, Path]) -> None:
    _, site = held_out
    names = {r["service"] for r in csv_rows(site)}
    assert "'=HYPERLINK(\"https://x.example\")" in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)


def fhir_resources(site: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    raw = (site / FHIR_FILE).read_text("utf-8")
    Bundle.model_validate_json(raw)  # fhir.resources' R4B models: the shape and every type
    bundle = json.loads(raw)
    return bundle, [e["resource"] for e in bundle["entry"]]


@pytest.mark.parametrize("which", ["sample", "held_out"])
def test_the_fhir_bundle_validates_and_has_the_ror_shape(
        which: str, request: pytest.FixtureRequest) -> None:
    directory, site = request.getfixturevalue(which)
    bundle, resources = fhir_resources(site)
    assert bundle["type"] == "collection"
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Organization") == 1 + len(directory.establishments)
    assert kinds.count("Location") == len(directory.establishments)
    assert kinds.count("HealthcareService") == len(directory.public_services)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    references = [ref["reference"] for r in resources
                  for ref in (r.get("partOf"), r.get("managingOrganization"),
                              r.get("providedBy"), *r.get("location", [])) if ref]
    assert references and set(references) <= full_urls
    public, _ = numbers(directory)
    telecom = {t["value"] for r in resources for t in r.get("telecom", [])}
    assert telecom == {n.replace("\u00a0", " ") for n in public}


@pytest.mark.parametrize("which", ["sample", "held_out"])
@pytest.mark.parametrize(("name", "item"), [(FHIR_FILE, '"resourceType": "HealthcareService"'),
                                            (PUBLIC_DATA_FILE, '"telephones": [')])
def test_large_data_files_written_item_by_item_are_their_whole_tree_s_json(
        which: str, name: str, item: str, request: pytest.FixtureRequest) -> None:
    """`portal build` writes the FHIR bundle entry by entry and annuaire.json service by
    service, never holding them whole: the bytes are those of the whole tree dumped at once
    (one space per level, as every data file)."""
    _, site = request.getfixturevalue(which)
    raw = (site / name).read_text("utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=1) + "\n"
    assert item in raw


def test_fhir_hours_and_closures(sample: tuple[Directory, Path]) -> None:
    directory, site = sample
    _, resources = fhir_resources(site)
    services = {r["identifier"][0]["value"]: r for r in resources
                if r["resourceType"] == "HealthcareService"}
    with_hours = [s for s in directory.public_services if s.hours]
    assert with_hours
    first = services[with_hours[0].id]
    assert first["availableTime"] and all("daysOfWeek" in t for t in first["availableTime"])
    disrupted = [s for s in services.values() if "comment" in s]
    assert any(c["comment"].startswith("Service interrompu") for c in disrupted)


def test_same_data_same_moment_same_bytes(tmp_path: Path) -> None:
    """The manifest and its signature mean something only if a rebuild gives the same files."""
    project = Project(tmp_path)
    assert project.portal("build") == 0
    first = {name: (project.site / name).read_bytes() for name in ALL_FILES}
    assert project.portal("build") == 0
    assert {name: (project.site / name).read_bytes() for name in ALL_FILES} == first
