"""The editors' JSON Schemas: generated from the model, committed as generated, draft-07,
French on every key, passing every sample and reference example, and refusing what
`portal check` refuses — checked with the real `check-jsonschema` command."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from generator.cli import main as portal_main
from generator.clock import parse_paris_time
from generator.model import OperatingMode, ServiceKind, StatusLevel, json_types
from generator.model.hours import InvalidHours, parse_hours_line
from generator.model.mirrors import MirrorKind
from generator.model.phones import Channel, InvalidPhone, parse_phone
from generator.project import check_project
from generator.publish import load_mirrors
from generator.schema import (
    FILE_KINDS,
    SCHEMAS_DIR,
    editor_settings,
    model_blocks,
    schema_texts,
)
from generator.schema_texts import BLOCKS, KEYS
from tests.conftest import NOW, REPO, Project

SCHEMAS = REPO / SCHEMAS_DIR
BROKEN = REPO / "tests" / "data" / "broken"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
MARKED = "# ←"
"""Ends the line of a broken file where `portal check` must place its error."""
FRONT_MATTER = re.compile(r"\A---\n(.*?)^---$", re.MULTILINE | re.DOTALL)
EXAMPLE = re.compile(r'^```yaml title="(?P<path>directory/[^"]+)"\n(?P<body>.*?)^```$',
                     re.MULTILINE | re.DOTALL)
COMMUNIQUE_EXAMPLE = re.compile(
    r'^```markdown title="content/communiques/[^"]+"\n(?P<body>.*?)^```$',
    re.MULTILINE | re.DOTALL)
DRAFT_07_KEYWORDS = {
    "$schema", "$comment", "$ref", "title", "description", "type", "enum", "const",
    "properties", "additionalProperties", "required", "items", "minItems", "maxItems",
    "minLength", "maxLength", "pattern", "minimum", "maximum", "anyOf", "allOf",
    "definitions", "patternProperties", "propertyNames", "minProperties", "maxProperties",
    "errorMessage"}
"""What our schemas use; every one is draft-07 (no `$defs`, `prefixItems`…), except
`errorMessage`: the YAML language server shows it instead of its English message, and
draft-07 lets validators ignore a keyword they do not know."""


def schema_of(kind: str) -> Path:
    return SCHEMAS / f"{kind}.schema.json"


def schema_errors(kind: str, files: list[Path]) -> dict[str, list[str]]:
    """Run the real `check-jsonschema` once on `files`: file → its errors (empty if valid)."""
    done = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema_of(kind)),
                           "-o", "json", *map(str, files)],
                          capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    found: dict[str, list[str]] = {str(f): [] for f in files}
    for error in [*report.get("errors", []), *report.get("parse_errors", [])]:
        found[error["filename"]].append(error["message"])
    return found


def front_matter(markdown: str, into: Path) -> Path:
    """A communiqué's header as a YAML file (editors check YAML files, not Markdown)."""
    header = FRONT_MATTER.match(markdown)
    assert header is not None
    into.write_text(header.group(1), encoding="utf-8")
    return into


def walk(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every schema object with where it sits, properties' names included."""
    found = []
    if isinstance(node, dict):
        found.append((where, node))
        for key, value in node.items():
            if key in ("properties", "definitions", "patternProperties"):
                for name, inner in value.items():
                    found += walk(inner, f"{where}/{key}/{name}")
            else:
                found += walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += walk(item, f"{where}/{index}")
    return found


# --- Generated, committed, draft-07 --------------------------------------------------


def test_committed_schemas_are_the_generated_ones() -> None:
    """schemas/ is exactly what the model gives today: regenerate with `portal schemas`."""
    generated = schema_texts()
    committed = {p.name: p.read_text("utf-8") for p in SCHEMAS.glob("*.json")}
    assert sorted(committed) == sorted(generated)
    for name, text in generated.items():
        assert committed[name] == text, f"{name} périmé : lancez « portal schemas »"


def test_editor_settings_are_shipped_in_the_repository_and_in_new_portals() -> None:
    """Both `.vscode/` folders map every file kind to its schema and recommend the extension."""
    for folder in (REPO / ".vscode", REPO / "generator/starter/project/dot-vscode"):
        assert (folder / "settings.json").read_text("utf-8") == editor_settings()
        assert json.loads((folder / "extensions.json").read_text("utf-8")) == {
            "recommendations": ["redhat.vscode-yaml"]}
    mapped = json.loads(editor_settings())["yaml.schemas"]
    assert mapped["./schemas/etablissement.schema.json"] == ["**/directory/etablissements/*.yml"]
    assert all((REPO / path).is_file() for path in mapped)


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_every_schema_is_valid_draft_07(name: str) -> None:
    """The YAML language server reads draft-07: its metaschema accepts ours, every `$ref`
    leads to a definition, and no later keyword slipped in."""
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    for where, node in walk(schema):
        unknown = set(node) - DRAFT_07_KEYWORDS
        assert not unknown, f"{name}{where} : {unknown}"
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"{name}{where} : draft-07 ignore ce qui entoure $ref"
            assert node["$ref"].removeprefix("#/definitions/") in schema["definitions"]


def test_every_key_is_described_in_french() -> None:
    """Hover help on every key, from the French catalogue, never a model's English docstring."""
    french = re.compile(r"\b(le|la|les|un|une|des|du|de|à|au|où|pour|par|et|ou|sur|dans|"
                        r"avec|sans|comment|quand|qui|que|ce|son|ses)\b|[éèàç]", re.I)
    sentences = {text for keys in KEYS.values() for text in keys.values()}
    for kind in FILE_KINDS:
        schema = json.loads(schema_of(kind.name).read_text("utf-8"))
        for block in [schema, *schema.get("definitions", {}).values()]:
            assert french.search(block["description"]), block["description"]
            for key, prop in block["properties"].items():
                description = prop.get("description", "")
                assert french.search(description), f"{kind.name} : « {key} » sans aide"
                assert description.split("\n\n")[0] in sentences, key
    written = "".join(schema_texts().values())
    docstrings = [cls.__doc__.strip() for kind in FILE_KINDS
                  for cls in model_blocks(kind.model).values() if cls.__doc__]
    assert len(docstrings) >= 10
    assert [d for d in docstrings if json.dumps(d, ensure_ascii=False)[1:-1] in written] == []


def test_every_underline_says_in_french_what_to_write() -> None:
    """Wherever a value or a block can fail, the editor shows our French sentence instead
    of its own English one (« Property libele is not allowed »)."""
    for kind in FILE_KINDS:
        schema = json.loads(schema_of(kind.name).read_text("utf-8"))
        for where, node in walk(schema):
            if {"type", "pattern", "enum", "required"} & set(node):
                assert node.get("errorMessage", "").startswith(
                    ("Valeur refusée pour « ", *BLOCKS.values())), where
    phone = json.loads(schema_of("etablissement").read_text("utf-8"))["definitions"][
        "ServicePhone"]
    assert phone["errorMessage"] == (
        "Un numéro du service. Clés possibles : numero, sms, libelle, horaires, public ; "
        "obligatoires : numero, libelle. Vérifiez l'orthographe des clés et qu'aucune "
        "obligatoire ne manque.")
    assert phone["properties"]["sms"]["anyOf"][0]["errorMessage"] == (
        "Valeur refusée pour « sms » : valeurs possibles : non, oui, seulement.")



@pytest.mark.parametrize(("kind", "path", "choices"), [
    ("etablissement", "Service/type", ServiceKind),
    ("etablissement", "ServiceStatus/etat", StatusLevel),
    ("etablissement", "ServicePhone/sms", Channel),
    ("crise", "FunctionState/etat", StatusLevel),
    ("crise", "ModeState/mode", OperatingMode),
    ("miroirs", "Mirror/type", MirrorKind),
])
def test_every_choice_offers_its_values(kind: str, path: str, choices: type[StrEnum]) -> None:
    """The editor completes a choice from the model's own list, and names it on hover."""
    block, key = path.split("/")
    schema = json.loads(schema_of(kind).read_text("utf-8"))
    prop = schema["definitions"][block]["properties"][key]
    values = [m.value for m in choices]
    assert prop["anyOf"][0]["enum"] == values
    assert f"Valeurs possibles : {', '.join(values)}." in prop["description"]


def test_every_key_has_its_sentence_and_no_sentence_is_left_over() -> None:
    """A key added to the model without a sentence fails here; so does a removed key's."""
    described = {(block, key) for block, keys in KEYS.items() for key in keys}
    used = set()
    for kind in FILE_KINDS:
        for cls in model_blocks(kind.model).values():
            for field in cls.model_fields.values():
                owner = next(c.__name__ for c in cls.__mro__
                             if (c.__name__, field.alias) in described)
                used.add((owner, field.alias))
    assert described == used


# --- What the schemas accept: the samples, the reference, what check accepts ---------


def test_every_sample_file_passes_its_schema() -> None:
    """The sample portal, the tool's patients' words and the mirrors example: all valid."""
    samples = {
        "groupe": [REPO / "directory/groupe.yml"],
        "etablissement": sorted((REPO / "directory/etablissements").glob("*.yml")),
        "services": sorted((REPO / "directory/services").glob("*.yml")),
        "crise": [REPO / "directory/crise.yml"],
        "mots": [REPO / "generator/data/mots_patients.yml"],
        "miroirs": [REPO / "deploiement/miroirs.exemple.yml"],
    }
    for kind, files in samples.items():
        assert files
        assert schema_errors(kind, files) == {str(f): [] for f in files}


def test_every_sample_communique_header_passes_its_schema(tmp_path: Path) -> None:
    pages = sorted((REPO / "content/communiques").glob("2*.md"))
    assert pages
    headers = [front_matter(p.read_text("utf-8"), tmp_path / f"{p.stem}.yml") for p in pages]
    assert schema_errors("communique", headers) == {str(h): [] for h in headers}


def _reference_kind(path: str) -> str:
    if path.startswith("directory/etablissements/"):
        return "etablissement"
    if path.startswith("directory/services/"):
        return "services"
    return path.removeprefix("directory/").removesuffix(".yml")


def test_every_complete_example_of_the_reference_passes_its_schema(tmp_path: Path) -> None:
    """Section 10 of docs/reference.md, and its communiqués: what people copy is valid."""
    reference = (REPO / "docs/reference.md").read_text("utf-8")
    complete = reference[reference.index("## 10. Exemples complets"):]
    examples = list(EXAMPLE.finditer(complete))
    assert len(examples) >= 4
    for number, example in enumerate(examples):
        file = tmp_path / f"{number}.yml"
        file.write_text(example["body"], encoding="utf-8")
        kind = _reference_kind(example["path"])
        assert schema_errors(kind, [file]) == {str(file): []}, example["path"]
    communiques = list(COMMUNIQUE_EXAMPLE.finditer(reference))
    assert len(communiques) >= 2
    headers = [front_matter(c["body"], tmp_path / f"communique-{i}.yml")
               for i, c in enumerate(communiques)]
    assert schema_errors("communique", headers) == {str(h): [] for h in headers}


ACCEPTED_BY_CHECK = """\
etablissement:
  id: 2026
  nom: 1789
  adresse: 2 rue de l'Essai, 35990 Testville
  standard: 0261910050
  ordre: 2
services:
  - id: hopital-de-jour-essai
    nom: true
    type: Hôpital de jour
    public: NO
    telephones:
      - numero: 15
        libelle: SAMU
        sms: Seulement
      - numero: +33 2 61 91 01 10
        libelle: Secrétariat
        public: Oui
        horaires:
          - lun-ven 8h30-12h
          - samedi 09:00-12:00
    mots_cles: cœur, cardio
    verifie_le: 20/11/2026
    statut:
      etat: Perturbé
      du: 2026-11-20 8h
      au: 21/11/2026 14h30
"""
"""What the YAML language server reads as numbers and booleans, and loose spellings
`portal check` accepts: nothing here may be underlined."""


def test_what_check_accepts_is_not_underlined(project: Project) -> None:
    written = project.write("directory/etablissements/clinique-essai.yml", ACCEPTED_BY_CHECK)
    result = check_project(project.root, NOW)
    assert [d.format() for d in result.diagnostics if d.is_error] == []
    assert schema_errors("etablissement", [written]) == {str(written): []}


# --- What they refuse: the broken corpus, refused by both ----------------------------


BROKEN_FILES = sorted(BROKEN.iterdir())
PLACES = {
    "groupe": "directory/groupe.yml",
    "etablissement": "directory/etablissements/clinique-essai.yml",
    "services": "directory/services/essai.yml",
    "crise": "directory/crise.yml",
    "mots": "directory/mots.yml",
    "communique": "content/communiques/2026-11-20-essai.md",
    "miroirs": "miroirs.yml",
}
"""Where each kind of broken file goes in a project for `portal check` to read it."""


def test_the_broken_corpus_covers_every_kind_of_mistake() -> None:
    assert len(BROKEN_FILES) >= 15
    assert {f.name.split("--")[0] for f in BROKEN_FILES} == set(PLACES)


@pytest.fixture(scope="module")
def schema_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """`check-jsonschema` on the whole corpus, one run per schema."""
    headers = tmp_path_factory.mktemp("headers")
    verdicts: dict[str, list[str]] = {}
    for kind in PLACES:
        files = [f for f in BROKEN_FILES if f.name.startswith(f"{kind}--")]
        checked = [front_matter(f.read_text("utf-8"), headers / f"{f.stem}.yml")
                   if f.suffix == ".md" else f for f in files]
        found = schema_errors(kind, checked)
        verdicts.update({f.name: found[str(c)] for f, c in zip(files, checked, strict=True)})
    return verdicts


@pytest.mark.parametrize("broken", BROKEN_FILES, ids=lambda p: p.name)
def test_a_broken_file_is_refused_by_the_schema_and_by_check(
        broken: Path, project: Project, schema_verdicts: dict[str, list[str]]) -> None:
    """Underlined in the editor, and an error of `portal check` on the marked line."""
    assert schema_verdicts[broken.name], f"{broken.name} accepté par le schéma"
    text = broken.read_text("utf-8")
    marked = [n for n, line in enumerate(text.splitlines(), 1) if MARKED in line]
    assert marked
    place = PLACES[broken.name.split("--")[0]]
    written = project.write(place, text)
    if place == "miroirs.yml":
        _, diagnostics = load_mirrors(written, project.root)
    else:
        diagnostics = check_project(project.root, NOW).diagnostics
    errors = [(d.path, d.line) for d in diagnostics if d.is_error]
    assert any(path == place and line in marked for path, line in errors), \
        [d.format() for d in diagnostics]


# --- The command and new portals ----------------------------------------------------


def test_portal_schemas_writes_the_committed_files(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert portal_main(["--project", str(tmp_path), "schemas"]) == 0
    written = {p.name: p.read_text("utf-8") for p in (tmp_path / SCHEMAS_DIR).iterdir()}
    assert written == schema_texts()
    assert f"7 schémas écrits dans {tmp_path / SCHEMAS_DIR}/ : groupe.schema.json" \
        in capsys.readouterr().out


def test_portal_schemas_replaces_old_files_and_refuses_a_symbolic_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An old schema is replaced whole; a link is never written through, nothing is touched."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "groupe.schema.json").write_text("{}", encoding="utf-8")
    assert portal_main(["schemas", "--dossier", str(folder)]) == 0
    assert (folder / "groupe.schema.json").read_text("utf-8") == schema_texts()[
        "groupe.schema.json"]
    assert sorted(os.listdir(folder)) == sorted(schema_texts())  # no temporary file left
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (tmp_path / "lien").symlink_to(elsewhere)
    capsys.readouterr()
    assert portal_main(["schemas", "--dossier", str(tmp_path / "lien")]) == 1
    assert capsys.readouterr().err == (
        f"Schémas non écrits : « {tmp_path / 'lien'} » est un lien symbolique : les schémas "
        "ne sont jamais écrits à travers un lien ; indiquez un vrai dossier\n")
    assert list(elsewhere.iterdir()) == []
    (folder / "crise.schema.json").unlink()
    (folder / "crise.schema.json").symlink_to(elsewhere / "x.json")
    assert portal_main(["schemas", "--dossier", str(folder)]) == 1
    assert list(elsewhere.iterdir()) == []


MODELINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")


def _named_schema(file: Path) -> str:
    """The schema a YAML file names on its first line, checked to exist."""
    first = MODELINE.match(file.read_text("utf-8"))
    assert first, f"{file} : pas de schéma sur la première ligne"
    schema = (file.parent / first.group(1)).resolve()
    assert schema.is_file(), schema
    return schema.name


def test_every_sample_and_starter_yaml_file_names_its_schema(tmp_path: Path) -> None:
    """First line of each YAML file of the sample and of a new portal: its own kind."""
    assert portal_main(["init", str(tmp_path / "portail"), "--etablissement", "Clinique"]) == 0
    for root in (REPO, tmp_path / "portail"):
        assert _named_schema(root / "directory/groupe.yml") == "groupe.schema.json"
        for file in (root / "directory/etablissements").glob("*.yml"):
            assert _named_schema(file) == "etablissement.schema.json"
    assert _named_schema(REPO / "directory/crise.yml") == "crise.schema.json"
    for file in (REPO / "directory/services").glob("*.yml"):
        assert _named_schema(file) == "services.schema.json"
    assert _named_schema(REPO / "deploiement/miroirs.exemple.yml") == "miroirs.schema.json"
    new = tmp_path / "portail"
    assert _named_schema(new / "directory/crise.exemple.yml") == "crise.schema.json"
    assert _named_schema(new / "miroirs.exemple.yml") == "miroirs.schema.json"
    assert {p.name: p.read_text("utf-8") for p in (new / SCHEMAS_DIR).iterdir()} \
        == schema_texts()


# --- Never stricter than check: what it accepts, the schema accepts ----------------


def _accepts(schema: dict[str, Any], value: object) -> bool:
    return Draft7Validator(schema).is_valid(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .-()+\u00a0", min_size=1, max_size=25))
def test_a_number_check_accepts_is_never_underlined(written: str) -> None:
    try:
        parse_phone(written)
    except InvalidPhone:
        return
    assert _accepts(json_types.PHONE, written), written


def _clock(hour: int, minute: int | None, mark: str, padded: bool) -> str:
    written = f"{hour:02d}" if padded else str(hour)
    return written + (f"{mark}{minute:02d}" if minute is not None else "h")


CLOCK = st.builds(_clock, st.integers(0, 26), st.none() | st.integers(0, 61),
                  st.sampled_from([":", "h", " h "]), st.booleans())
HOURS_LINES = st.builds(
    lambda days, ranges, joint: f"{days} {joint.join(ranges)}",
    st.sampled_from(["lundi-vendredi", "lun", "Samedi", "tous les jours", "du lundi au vendredi",
                     "lun, mer et ven", "7j/7", "week-end"]),
    st.lists(st.builds(lambda a, sep, b: f"{a}{sep}{b}", CLOCK,
                       st.sampled_from(["-", " - ", "–", " à "]), CLOCK), min_size=1, max_size=3),
    st.sampled_from([", ", " et ", "; "]))


@settings(max_examples=300, deadline=None)
@given(HOURS_LINES)
def test_hours_check_accepts_are_never_underlined(line: str) -> None:
    try:
        parse_hours_line(line)
    except InvalidHours:
        return
    assert _accepts(json_types.HOURS_LINE, line), line


def _moment(year: int, month: int, day: int, iso: bool, time: str | None) -> str:
    date = f"{year}-{month:02d}-{day:02d}" if iso else f"{day:02d}/{month:02d}/{year}"
    return f"{date} {time}" if time else date


MOMENTS = st.builds(_moment, st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32),
                    st.booleans(), st.none() | CLOCK)


@settings(max_examples=300, deadline=None)
@given(MOMENTS)
def test_dates_check_accepts_are_never_underlined(written: str) -> None:
    if parse_paris_time(written) is not None:
        assert _accepts(json_types.DATETIME, written), written
        if " " not in written:
            assert _accepts(json_types.DATE, written), written
    elif " " not in written and re.search(r"(^|[-/])(00|13|32)([-/]|$)", written):
        # Month 13, day 32: underlined too (the 29th of February is left to check).
        assert not _accepts(json_types.DATE, written), written


def test_a_full_disk_leaves_every_old_schema_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills up at the fourth file: no schema replaced, no temporary file left,
    one French sentence."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    for name in schema_texts():
        (folder / name).write_text("ancien\n", encoding="utf-8")
    real_chmod = os.chmod
    calls = []

    def chmod_until_full(path: Any, mode: int) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_chmod(path, mode)

    monkeypatch.setattr("generator.schema.os.chmod", chmod_until_full)
    assert portal_main(["schemas", "--dossier", str(folder)]) == 1
    assert {p.name: p.read_text("utf-8") for p in folder.iterdir()} == {
        name: "ancien\n" for name in schema_texts()}
    assert capsys.readouterr().err == (
        "Schémas non écrits : plus de place sur le disque en écrivant les schémas "
        f"({folder}) — libérez de la place puis relancez\n")


def test_check_warns_when_the_projects_schemas_are_outdated(project: Project) -> None:
    """After an upgrade of the tool, a project's old schemas are named, with the command
    that rewrites them; a project without schemas/ (made before them) hears nothing."""
    def schema_warnings() -> list[str]:
        return [d.format() for d in check_project(project.root, NOW).diagnostics
                if d.code == "schemas.outdated"]

    assert schema_warnings() == []
    assert project.portal("schemas") == 0
    assert schema_warnings() == []
    (project.root / "schemas/crise.schema.json").write_text("{}\n", encoding="utf-8")
    (project.root / "schemas/mots.schema.json").unlink()
    assert schema_warnings() == [
        "schemas/crise.schema.json:1: avertissement : schéma de l'éditeur périmé : il ne suit "
        "plus les règles de cette version de l'outil — lancez « portal schemas » pour réécrire "
        "les schémas",
        "schemas/mots.schema.json:1: avertissement : schéma de l'éditeur absent — lancez "
        "« portal schemas » pour réécrire les schémas"]
    assert check_project(project.root, NOW).directory is not None  # a warning, not an error
