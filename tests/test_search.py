"""The search: its index, its words file, and its ranking run by Node on the real script."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from typing import Any

import pytest

from generator.clock import PARIS
from generator.model import Directory
from generator.render import render_search_index
from generator.search_words import index_words, search_emergencies
from generator.validate import check_directory
from tests.conftest import REPO

NODE = shutil.which("node")
SCRIPT = REPO / "generator" / "assets" / "search.js"

# A DOM just large enough for search.js: elements by id, lists of children, text.
HARNESS = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf-8"));
function element() {
  return { children: [], hidden: false, textContent: "", className: "", href: "", value: "",
           appendChild(child) { this.children.push(child); },
           getAttribute(name) { return this.attributes[name] || null; }, attributes: {},
           addEventListener() {} };
}
const ids = {};
global.document = {
  getElementById(id) { return ids[id] = ids[id] || element(); },
  createElement() { return element(); },
};
const out = [];
for (const query of input.queries) {
  for (const id in ids) { delete ids[id]; }
  global.window = { PORTAL_SEARCH: JSON.parse(JSON.stringify(input.index)),
                    location: { search: "?q=" + encodeURIComponent(query) } };
  eval(fs.readFileSync(input.script, "utf-8"));
  const list = ids["portal-search-results"];
  out.push({ names: list.children.map((li) => li.children[0].textContent),
             shown: ["urgence_vitale", "suicide", "none"].filter((id) =>
               ids["portal-search-" + id] && !ids["portal-search-" + id].hidden) });
}
console.log(JSON.stringify(out));
"""


@cache
def sample() -> Directory:
    result = check_directory(REPO / "directory", REPO, dt.datetime(2026, 11, 23, 12, tzinfo=PARIS))
    assert result.directory is not None
    return result.directory


def index_of(script: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(script.removeprefix("window.PORTAL_SEARCH = ").rstrip(";\n"))
    return data


def search_under_node(node: str, index: dict[str, Any],
                      queries: list[str]) -> list[dict[str, list[str]]]:
    """Each query typed into the real search.js (under Node): result names, blocks shown."""
    done = subprocess.run([node, "-e", HARNESS], capture_output=True, text=True, check=True,
                          input=json.dumps({"index": index, "queries": queries,
                                            "script": str(SCRIPT)}))
    result: list[dict[str, list[str]]] = json.loads(done.stdout)
    return result


def run_search(index: dict[str, Any], *queries: str) -> list[dict[str, list[str]]]:
    if NODE is None:
        pytest.skip("Node is not installed")
    return search_under_node(NODE, index, list(queries))


def entry(name: str, specialty: str, keywords: str, flags: str = "") -> dict[str, Any]:
    return {"url": "x.html", "name": name, "site": "Hôpital Saint-Aubin", "flags": flags,
            "text": [specialty, keywords, ""], "phones": []}


def test_index_weighs_fields_and_flags_switchboards_and_booking() -> None:
    """Services carry three weighted fields; switchboards and booking lines are flagged."""
    directory = sample()
    index = index_of(render_search_index(directory, []))
    by_name = {e["name"]: e for e in index["entries"]}
    cardio = by_name["Consultations de cardiologie"]
    assert cardio["text"][0] == "Cardiologie" and "infarctus" in cardio["text"][1]
    assert "Pavillon des consultations" in cardio["text"][2] or "Bâtiment" in cardio["text"][2]
    assert "c" in cardio["flags"]
    assert "b" in by_name["Consultations de pédiatrie"]["flags"]
    assert by_name["Hôpital Saint-Aubin"]["flags"] == "s"
    assert by_name["Hôpital Saint-Aubin"]["phones"] == [["Standard", "02 61 91 00 00",
                                                          "tel:+33261910000"]]
    assert index["words"] == index_words()


def test_emergency_numbers_come_from_the_group() -> None:
    """15 and 112 for a vital emergency, 3114 for suicide: the group's own entries."""
    directory = sample()
    shown = search_emergencies(directory)
    assert [e.number.display for e in shown["urgence_vitale"]] == ["15", "112"]
    assert [e.name for e in shown["suicide"]] == ["Numéro national de prévention du suicide"]
    without = directory.model_copy(update={"group": directory.group.model_copy(update={
        "emergencies": directory.group.emergencies[:1]})})
    assert search_emergencies(without) == {"urgence_vitale": [directory.group.emergencies[0]],
                                           "suicide": []}


SAMPLE_QUERIES = {
    "urgences": "Urgences adultes",
    "radio": "Imagerie médicale (radiologie, scanner, IRM, échographie)",
    "scaner": "Imagerie médicale (radiologie, scanner, IRM, échographie)",
    "grosesse": "Suivi de grossesse (consultations d'obstétrique)",
    "cardiologue": "Consultations de cardiologie",
    "prise de sang": "Laboratoire de biologie médicale – centre de prélèvements",
    "standard": "Hôpital Saint-Aubin",
    "rdv dermato": "Consultations de dermatologie",
    "rdv ophtalmo": "Consultations d'ophtalmologie",
    "bourg urgences": "Urgences de Bourg-Fictif",
}
"""Patients' queries on the sample → the service that must come first (here under Node,
and typed into the real page by tests/test_browser.py)."""


def test_ranking_on_the_sample() -> None:
    """Patients' words, typos and emergencies on the sample: the expected service first."""
    index = index_of(render_search_index(sample(), []))
    queries = SAMPLE_QUERIES
    results = run_search(index, *queries)
    assert [r["names"][:1] for r in results] == [[name] for name in queries.values()]
    shown = {q: r["shown"] for q, r in zip(queries, results, strict=True) if r["shown"]}
    assert shown == {"urgences": ["urgence_vitale"], "bourg urgences": ["urgence_vitale"]}


def test_whole_word_and_name_before_prefix() -> None:
    """"radio": imaging (the word, a synonym) before radiotherapy (a prefix in the name)."""
    index = {"base": "", "words": index_words(), "entries": [
        entry("Radiothérapie", "Oncologie radiothérapie", "Consultations rayons cancer", "c"),
        entry("Imagerie médicale (radiologie, scanner)", "Radiologie", "radio scanner IRM"),
        entry("Unité d'hospitalisation de courte durée des urgences", "Médecine d'urgence",
              "urgences"),
        entry("Urgences adultes", "Médecine d'urgence", "urgences"),
    ]}
    radio, urgences = run_search(index, "radio", "urgences")
    assert radio["names"] == ["Imagerie médicale (radiologie, scanner)", "Radiothérapie"]
    assert urgences["names"][0] == "Urgences adultes"


def test_word_only_in_descriptions_is_not_required() -> None:
    """"enfant fièvre": the paediatric ward is not lost for lacking the word "fièvre"."""
    ward = entry("Pédiatrie – hospitalisation", "Pédiatrie", "enfant")
    clinic = entry("Consultations de pédiatrie", "Pédiatrie", "enfant", "c")
    clinic["text"][2] = "Enfants avec fièvre prolongée."
    other = entry("Consultations de cardiologie", "Cardiologie", "cœur", "c")
    other["text"][2] = "Fièvre, palpitations."
    index = {"base": "", "words": index_words(), "entries": [ward, clinic, other]}
    fever, mixed = run_search(index, "enfant fièvre", "cardiologie enfant")
    assert fever["names"] == ["Consultations de pédiatrie", "Pédiatrie – hospitalisation"]
    # No service has both words: those with as many of them as possible.
    assert sorted(mixed["names"]) == sorted(e["name"] for e in index["entries"])


@pytest.mark.parametrize(("query", "shown"), [
    ("infarctus", ["urgence_vitale"]), ("infractus", ["urgence_vitale"]),
    ("douleur à la poitrine", ["urgence_vitale"]), ("il ne respire plus", ["urgence_vitale"]),
    ("AVC", ["urgence_vitale"]), ("samu", ["urgence_vitale"]), ("overdose", ["urgence_vitale"]),
    ("suicide", ["urgence_vitale", "suicide"]), ("idées noires", ["urgence_vitale", "suicide"]),
    ("prendre rendez-vous", []), ("argent", []), ("cardiologie", []),
    ("zzzz", ["none"]),
])
def test_emergency_intent(query: str, shown: list[str]) -> None:
    """A vital emergency shows the numbers; everyday words do not; nothing found says so."""
    index = index_of(render_search_index(sample(), []))
    assert run_search(index, query)[0]["shown"] == shown

