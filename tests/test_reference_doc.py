"""docs/reference.md is what comms staff copy from: its examples must pass `portal check`,
and every French key of the model must be documented there."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.model import (
    EmergencyNumber,
    Establishment,
    EstablishmentFile,
    Group,
    Location,
    Service,
    ServicePhone,
    ServicesFile,
    ServiceStatus,
)
from generator.clock import PARIS
from generator.validate import check_directory
from tests.conftest import Project

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
"""A few days after the examples' `verifie_le` dates: no "not verified for 180 days" warning."""

EXAMPLE = re.compile(r'^```yaml title="(?P<path>directory/[^"]+)"\n(?P<body>.*?)^```$',
                     re.MULTILINE | re.DOTALL)
ITEM_ID = re.compile(r"^\s*- id:\s*(\S+)\s*$", re.MULTILINE)
ESTABLISHMENT_ID = re.compile(r"^etablissement:\n\s+id:\s*(\S+)\s*$", re.MULTILINE)


def _examples() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    found = {m["path"]: m["body"] for m in EXAMPLE.finditer(text)}
    assert len(found) == len(EXAMPLE.findall(text)), "two examples share the same path"
    return found


def test_reference_examples_pass_portal_check(tmp_path: Path) -> None:
    """The page's complete example files, written where their title says, give no diagnostic."""
    examples = _examples()
    assert "directory/groupe.yml" in examples
    assert any(p.startswith("directory/etablissements/") for p in examples)
    assert any(p.startswith("directory/services/") for p in examples)
    for relative, body in examples.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")

    result = check_directory(tmp_path / "directory", tmp_path, TODAY)

    shown = "\n".join(d.format() for d in result.diagnostics)
    assert result.diagnostics == [], f"portal check on the reference examples:\n{shown}"
    assert result.directory is not None
    service_ids = [i for p, body in examples.items() if not p.endswith("groupe.yml")
                   for i in ITEM_ID.findall(body)]
    establishment_ids = [i for p, body in examples.items()
                         if p.startswith("directory/etablissements/")
                         for i in ESTABLISHMENT_ID.findall(body)]
    assert len(result.directory.services) == len(service_ids)
    assert sorted(s.id for s in result.directory.services) == sorted(service_ids)
    assert [e.id for e in result.directory.establishments] == establishment_ids
    assert any(not s.public for s in result.directory.services), "show a hidden service"


def test_reference_documents_every_key() -> None:
    """Every French key (field alias) of the YAML blocks appears in the page as `key`."""
    text = REFERENCE.read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [Group, EmergencyNumber, Establishment, Service, Location,
                                     ServicePhone, ServiceStatus, EstablishmentFile, ServicesFile]
    keys = {field.alias or name for model in models
            for name, field in model.model_fields.items()}
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == [], f"keys of generator/model.py missing from docs/reference.md: {missing}"


@pytest.mark.slow
def test_reference_examples_build_into_a_site(tmp_path: Path) -> None:
    """Data written from the page alone goes all the way to a built site with its pages."""
    project = Project(tmp_path)
    for path in (tmp_path / "directory").rglob("*.yml"):
        path.unlink()
    for relative, body in _examples().items():
        project.write(relative, body)
    assert project.portal("build") == 0
    directory = project.check().directory
    assert directory is not None
    for service in directory.services:
        page = project.site / "services" / f"{service.id}.html"
        assert page.is_file() == service.public, service.id
