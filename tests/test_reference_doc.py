"""docs/reference.md is what comms staff copy from: its examples must pass `portal check`,
and every French key of the model (directory, crisis, communiqués) must be documented there."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.clock import PARIS
from generator.communiques import latest_pinned, load_communiques, published
from generator.model import (
    KNOWN_FUNCTIONS,
    CrisisFile,
    EmergencyNumber,
    Establishment,
    EstablishmentFile,
    EstablishmentModes,
    FunctionState,
    Group,
    HospitalFunction,
    Location,
    ModeState,
    OfficialAddress,
    Service,
    ServicePhone,
    ServicesFile,
    ServiceStatus,
)
from generator.model.communique import COMMUNIQUES_FOLDER, CommuniqueFrontMatter
from generator.model.crisis import Alternative, Announcements, FamilyLine
from generator.validate import check_directory
from tests.conftest import Project

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
"""A few days after the examples' `verifie_le` dates: no "not verified for 180 days" warning;
before every `au` of the examples' states: no "this state has ended" warning; after the
example communiqué's `date`, before its `expire`: published and on the home page."""
CRISIS = "directory/crise.yml"

EXAMPLE = re.compile(r'^```yaml title="(?P<path>directory/[^"]+)"\n(?P<body>.*?)^```$',
                     re.MULTILINE | re.DOTALL)
COMMUNIQUE_EXAMPLE = re.compile(
    r'^```markdown title="(?P<path>content/communiques/[^"]+)"\n(?P<body>.*?)^```$',
    re.MULTILINE | re.DOTALL)
MAIN_COMMUNIQUE = "2026-11-20-exemple"
"""The example that uses every front-matter key (the section asks for exactly this name)."""
ITEM_ID = re.compile(r"^\s*- id:\s*(\S+)\s*(?:#.*)?$", re.MULTILINE)
ESTABLISHMENT_ID = re.compile(r"^etablissement:\n\s+id:\s*(\S+)\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)
FENCED = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
ANCHOR_LINK = re.compile(r"\]\(#([^)]+)\)")


def _anchor(heading: str) -> str:
    """The id a Markdown heading gets (Python-Markdown's `toc`): « 4. La crise : `crise.yml` »
    → ``4-la-crise-criseyml``."""
    text = unicodedata.normalize("NFKD", re.sub(r"[`*]", "", heading))
    text = re.sub(r"[^\w\s-]", "", text.encode("ascii", "ignore").decode()).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _examples() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    found = {m["path"]: m["body"] for m in EXAMPLE.finditer(text)}
    assert len(found) == len(EXAMPLE.findall(text)), "two examples share the same path"
    return found


def _communique_examples() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    found = {m["path"]: m["body"] for m in COMMUNIQUE_EXAMPLE.finditer(text)}
    assert len(found) == len(COMMUNIQUE_EXAMPLE.findall(text)), \
        "two communiqué examples share the same path"
    return found


def test_reference_examples_pass_portal_check(tmp_path: Path) -> None:
    """The page's complete example files, written where their title says, give no diagnostic."""
    examples = _examples()
    assert "directory/groupe.yml" in examples
    assert any(p.startswith("directory/etablissements/") for p in examples)
    assert any(p.startswith("directory/services/") for p in examples)
    assert CRISIS in examples
    for relative, body in examples.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")

    result = check_directory(tmp_path / "directory", tmp_path, TODAY)

    shown = "\n".join(d.format() for d in result.diagnostics)
    assert result.diagnostics == [], f"portal check on the reference examples:\n{shown}"
    assert result.directory is not None
    service_ids = [i for p, body in examples.items()
                   if p.startswith(("directory/etablissements/", "directory/services/"))
                   for i in ITEM_ID.findall(body)]
    establishment_ids = [i for p, body in examples.items()
                         if p.startswith("directory/etablissements/")
                         for i in ESTABLISHMENT_ID.findall(body)]
    assert len(result.directory.services) == len(service_ids)
    assert sorted(s.id for s in result.directory.services) == sorted(service_ids)
    assert [e.id for e in result.directory.establishments] == establishment_ids
    assert any(not s.public for s in result.directory.services), "show a hidden service"

    crisis = result.directory.crisis
    assert crisis is not None
    assert [f.id for f in crisis.functions] == ITEM_ID.findall(examples[CRISIS])
    assert {m.establishment for m in crisis.establishments} <= set(establishment_ids)
    assert any(f.id not in KNOWN_FUNCTIONS and f.name for f in crisis.functions), \
        "show a new function, with its `nom`"
    states = [s for f in crisis.functions for s in f.states]
    modes = [s for m in crisis.establishments for s in m.states]
    for kind, written in (("function", states), ("establishment", modes)):
        assert any(s.end is not None and s.end > TODAY for s in written), \
            f"show a {kind} state with `au` still to come"
    assert result.directory.group.official_addresses, "show `adresses_officielles`"


def test_reference_communiques_pass_portal_check(tmp_path: Path) -> None:
    """The page's example communiqués, written where their title says, give no diagnostic;
    at TODAY the main one is published and on the home page, the others published too."""
    examples = _communique_examples()
    assert f"content/{COMMUNIQUES_FOLDER}/{MAIN_COMMUNIQUE}.md" in examples
    for relative, body in examples.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")

    communiques, diagnostics = load_communiques(tmp_path / "content", tmp_path)

    shown = "\n".join(d.format() for d in diagnostics)
    assert diagnostics == [], f"portal check on the reference communiqués:\n{shown}"
    assert sorted(c.slug for c in communiques) == sorted(Path(p).stem for p in examples)
    assert [c.slug for c in published(communiques, TODAY)] == [c.slug for c in communiques], \
        "every example is published at TODAY"
    main = next(c for c in communiques if c.slug == MAIN_COMMUNIQUE)
    head = examples[f"content/{COMMUNIQUES_FOLDER}/{MAIN_COMMUNIQUE}.md"].split("\n---\n")[0]
    keys = {f.alias or name for name, f in CommuniqueFrontMatter.model_fields.items()}
    unused = sorted(k for k in keys if not re.search(rf"^{k}:", head, re.MULTILINE))
    assert unused == [], f"the main example communiqué should use every key: {unused}"
    assert latest_pinned(communiques, TODAY) == main, "the main example is « À la une »"


def test_reference_documents_every_key() -> None:
    """Every French key (field alias) of the YAML blocks appears in the page as `key`."""
    text = REFERENCE.read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [
        Group, EmergencyNumber, OfficialAddress, Establishment, Service, Location,
        ServicePhone, ServiceStatus, EstablishmentFile, ServicesFile,
        CrisisFile, HospitalFunction, FunctionState, EstablishmentModes, ModeState,
        Alternative, FamilyLine, Announcements, CommuniqueFrontMatter]
    keys = {field.alias or name for model in models
            for name, field in model.model_fields.items()}
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == [], f"keys of generator/model/ missing from docs/reference.md: {missing}"


def test_reference_lists_every_known_function() -> None:
    """The table of known functions gives each id with its default name and advice."""
    text = REFERENCE.read_text(encoding="utf-8")
    missing = [i for i, (name, advice) in KNOWN_FUNCTIONS.items()
               if f"| `{i}` | {name} | {advice} |" not in text]
    assert missing == [], f"known functions missing or outdated in docs/reference.md: {missing}"


def test_reference_links_point_to_headings() -> None:
    """Every `[…](#anchor)` of the page leads to one of its headings (sections get renumbered)."""
    text = FENCED.sub("", REFERENCE.read_text(encoding="utf-8"))  # "# …" there: YAML comments
    anchors = {_anchor(h) for h in HEADING.findall(text)}
    broken = sorted({a for a in ANCHOR_LINK.findall(text) if a not in anchors})
    assert broken == [], f"links to no heading of docs/reference.md: {broken}"


@pytest.mark.slow
def test_reference_examples_build_into_a_site(tmp_path: Path) -> None:
    """Data written from the page alone goes all the way to a built site with its pages."""
    project = Project(tmp_path)
    for path in (tmp_path / "directory").rglob("*.yml"):
        path.unlink()
    communiques = _communique_examples()
    for relative, body in {**_examples(), **communiques}.items():
        project.write(relative, body)
    assert project.portal("build") == 0
    directory = project.check().directory
    assert directory is not None
    for service in directory.services:
        page = project.site / "services" / f"{service.id}.html"
        assert page.is_file() == service.public, service.id
    assert directory.crisis is not None
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert 'class="portal-banner"' in home, "crise.yml exists: every page shows the banner"
    for relative in communiques:
        stem = Path(relative).stem
        page = project.site / COMMUNIQUES_FOLDER / f"{stem}.html"
        assert page.is_file(), f"the example communiqué {stem} is published"
        assert '.md"' not in page.read_text(encoding="utf-8"), "links to pages end in .html"
    assert f'href="{COMMUNIQUES_FOLDER}/{MAIN_COMMUNIQUE}.html"' in home, "« À la une »"
    assert (project.site / COMMUNIQUES_FOLDER / "atom.xml").is_file()
