"""What comms staff see in VS Code: the real YAML language server (the engine of the
YAML extension, under Node) reading our files through the first line that names their
schema: no underline on the sample, a French underline on the marked line of each broken
file, French help on hover. `make test` installs it (package.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.model import ServiceKind
from generator.schema_texts import BLOCKS
from tests.conftest import IN_CI, REPO
from tests.test_schema import ACCEPTED_BY_CHECK, BROKEN_FILES, MARKED

NODE = shutil.which("node")
SERVER = REPO / "node_modules" / "yaml-language-server"

HARNESS = r"""
const fs = require("fs");
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const { getLanguageService } = require(path.join(input.modules, "yaml-language-server"));
const { TextDocument } = require(path.join(input.modules,
                                           "vscode-languageserver-textdocument"));
const service = getLanguageService({
  schemaRequestService: async (uri) => fs.readFileSync(fileURLToPath(uri), "utf8"),
  workspaceContext: { resolveRelativePath: (relative, resource) =>
                      new URL(relative, resource).href },
});
// As VS Code's YAML extension runs it: YAML 1.2, schemas named by each file's first line.
service.configure({ validate: true, hover: true, completion: true, yamlVersion: "1.2",
                    schemas: [] });
(async () => {
  const out = {};
  for (const file of input.files) {
    const doc = TextDocument.create(pathToFileURL(file).href, "yaml", 1,
                                    fs.readFileSync(file, "utf8"));
    const found = await service.doValidation(doc, false);
    const hovers = [];
    for (const [line, character] of input.hovers[file] || []) {
      const hover = await service.doHover(doc, { line: line - 1, character });
      hovers.push(hover ? hover.contents.value || String(hover.contents) : null);
    }
    const completions = [];
    for (const [line, character] of input.completions[file] || []) {
      const list = await service.doComplete(doc, { line: line - 1, character }, false);
      completions.push(list.items.map((item) => item.label));
    }
    out[file] = { underlines: found.map((d) => ({ line: d.range.start.line + 1,
                                                 message: d.message })),
                  hovers, completions };
  }
  process.stdout.write(JSON.stringify(out));
})();
"""

EDITOR_ENGLISH = ('Missing property "', "minItemsWarning", "maximumWarning")
"""The server's own messages that no schema keyword replaces (its version pinned in
package.json): a missing key, a list too short, a number too high. `portal check` says
each in French; the reference page names the first."""


Positions = dict[str, list[tuple[int, int]]]
"""File → (line, column) where the mouse rests or Ctrl+Space is pressed."""


def editor(files: list[Path], hovers: Positions | None = None,
           completions: Positions | None = None) -> dict[str, dict[str, Any]]:
    """Open each file in the real YAML language server: its underlines, hovers and
    completions."""
    if NODE is None or not SERVER.is_dir():
        message = "Node ou yaml-language-server absent : lancez « make node_modules/.installed »"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [NODE, "-e", HARNESS], capture_output=True, text=True, check=True,
        input=json.dumps({"modules": str(REPO / "node_modules"),
                          "files": [str(f) for f in files], "hovers": hovers or {},
                          "completions": completions or {}}))
    result: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return result


def test_no_sample_file_is_underlined() -> None:
    """The sample portal and the mirrors example, opened as they are: nothing underlined."""
    files = [REPO / "directory/groupe.yml", REPO / "directory/crise.yml",
             *sorted((REPO / "directory").glob("*/*.yml")),
             REPO / "deploiement/miroirs.exemple.yml"]
    assert len(files) >= 8
    seen = editor(files)
    assert {f: seen[str(f)]["underlines"] for f in files} == {f: [] for f in files}


def test_what_check_accepts_is_not_underlined_in_the_editor(tmp_path: Path) -> None:
    """Numbers, yes/no and loose choices read as YAML 1.2 reads them: no underline."""
    folder = tmp_path / "directory/etablissements"
    folder.mkdir(parents=True)
    file = folder / "clinique-essai.yml"
    first_line = f"# yaml-language-server: $schema={REPO}/schemas/etablissement.schema.json\n"
    file.write_text(first_line + ACCEPTED_BY_CHECK, encoding="utf-8")
    assert editor([file])[str(file)]["underlines"] == []


GROUP_WITH_EVERY_KEY = """\
nom: Groupe hospitalier de test
nom_court: GH Test
couleur: "#1F5C7A"
logo: images/logo.png
favicon: logo.svg
description: Trois établissements publics de santé.
urgences:
  - numero: 15
    nom: SAMU – Centre 15
  - numero: 114
    sms: seulement
    nom: Numéro d'urgence pour les personnes sourdes
  - numero: 02 61 91 10 00
    sms: Oui
    nom: Urgences de l'hôpital du Test
    etablissement: hopital-test
adresses_officielles:
  - adresse: https://www.ars-test.example/crise/gh-test/
    hebergeur: Agence régionale de santé
  - adresse: HTTP://secours.example:8080
"""


def test_a_group_file_using_every_key_is_not_underlined(tmp_path: Path) -> None:
    """Paths, colour, web addresses and short numbers, as the reference writes them."""
    file = tmp_path / "groupe.yml"
    file.write_text(f"# yaml-language-server: $schema={REPO}/schemas/groupe.schema.json\n"
                    + GROUP_WITH_EVERY_KEY, encoding="utf-8")
    assert editor([file])[str(file)]["underlines"] == []


def test_each_broken_file_is_underlined_on_its_line_in_french() -> None:
    """Every broken YAML file of the corpus: underlined where `portal check` points, with
    our French sentence (except the server's few messages no schema can replace)."""
    files = [f for f in BROKEN_FILES if f.suffix == ".yml"]
    seen = editor(files)
    for file in files:
        underlines = seen[str(file)]["underlines"]
        marked = [n for n, line in enumerate(file.read_text("utf-8").splitlines(), 1)
                  if MARKED in line]
        assert any(u["line"] in marked for u in underlines), (file.name, underlines)
        for underline in underlines:
            assert underline["message"].startswith(
                ("Valeur refusée pour « ", *BLOCKS.values(), *EDITOR_ENGLISH)), underline
    french = [u["message"] for f in files for u in seen[str(f)]["underlines"]
              if not u["message"].startswith(EDITOR_ENGLISH)]
    assert len(french) >= 20
    assert seen[str(BROKEN / "etablissement--sms.yml")]["underlines"] == [
        {"line": 14, "message": "Valeur refusée pour « sms » : valeurs possibles : non, oui, "
                                "seulement."}]


BROKEN = REPO / "tests" / "data" / "broken"


def test_hovering_a_key_explains_it_in_french() -> None:
    """The mouse on `standard:` in an establishment file: what it is, how to write it."""
    file = REPO / "directory/etablissements/hopital-saint-aubin.yml"
    lines = file.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith("standard:"))
    column = lines[line - 1].index("standard") + 2
    hover = editor([file], {str(file): [(line, column)]})[str(file)]["hovers"][0]
    assert "Numéro du standard, affiché sur chaque page de l'établissement" in hover
    assert "10 chiffres" in hover


def test_ctrl_space_offers_the_keys_and_the_values_of_a_choice(tmp_path: Path) -> None:
    """In a service being typed: the service's keys, then the values of `type`."""
    file = tmp_path / "etablissement.yml"
    file.write_text(
        f"# yaml-language-server: $schema={REPO}/schemas/etablissement.schema.json\n"
        "etablissement:\n  id: clinique-essai\n  nom: Clinique\n  adresse: 1 rue\n"
        "  standard: 02 61 91 00 50\nservices:\n  - id: cardiologie\n    \n"
        "    type: \n", encoding="utf-8")
    keys, values = editor([file], completions={str(file): [(9, 4), (10, 10)]})[str(file)][
        "completions"]
    assert {"nom", "telephones", "horaires", "verifie_le", "statut"} <= set(keys)
    assert "id" not in keys  # already written
    assert values == [m.value for m in ServiceKind]
