"""Held-out patients' queries typed into the real search (search.js under Node) on the
sample's index: hits@1 (the expected service first) and the rate at which the emergency
numbers are shown for a vital emergency (goals: ≥ 90 %, 100 %).

These queries are deliberately NOT in the tests: the word list is built for patients'
words, not for a list. A query that fails here is fixed in generator/data/mots_patients.yml
(data), never by a special case in the code.

    .venv/bin/python bench/search_quality.py [--all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.clock import PARIS
from generator.render import render_search_index
from generator.validate import check_directory
from tests.test_search import index_of, search_under_node

REPO = Path(__file__).resolve().parent.parent
IMAGING = {"Imagerie médicale (radiologie, scanner, IRM, échographie)",
           "Imagerie médicale (radiologie, scanner, échographie)"}
LABORATORY = {"Laboratoire de biologie médicale – centre de prélèvements",
              "Centre de prélèvements"}
CARDIOLOGY = {"Consultations de cardiologie", "Cardiologie – hospitalisation"}
BIRTH = {"Salle de naissance (bloc obstétrical)", "Maternité – suites de naissance",
         "Maternité de Bourg-Fictif"}
REHABILITATION = {"Consultations de médecine physique et de réadaptation",
                  "Hôpital de jour de réadaptation"}
ADULT_PSYCHIATRY = {"Centre médico-psychologique (CMP) adultes de Bourg-Fictif",
                    "Centre médico-psychologique (CMP) adultes de Vallée-Fictive",
                    "Psychiatrie adulte – unité d'admission",
                    "Hôpital de jour de psychiatrie adulte"}

SERVICE_QUERIES: dict[str, set[str]] = {
    # abbreviations
    "orl": {"Consultations d'ORL"},
    "irm": IMAGING,
    "rdv cardio": {"Consultations de cardiologie"},
    "gyneco": {"Consultations de gynécologie"},
    "cardio": CARDIOLOGY,
    "kiné": REHABILITATION,
    "dermato": {"Consultations de dermatologie"},
    "rhumato": {"Consultations de rhumatologie"},
    "gastro": {"Consultations de gastro-entérologie et endoscopies"},
    "chimio": {"Hôpital de jour d'oncologie (chimiothérapie)"},
    "ivg": {"Centre de santé sexuelle et orthogénie (IVG)"},
    # synonyms, everyday words
    "bébé": BIRTH | {"Néonatologie et réanimation néonatale"},
    "accoucher": BIRTH,
    "radio du genou": IMAGING,
    "mal au coeur": CARDIOLOGY,
    "faire une prise de sang": LABORATORY,
    "analyses": LABORATORY,
    "cancer": {"Consultations d'oncologie", "Hôpital de jour d'oncologie (chimiothérapie)"},
    "diabete": {"Consultations d'endocrinologie, diabétologie et nutrition",
                "Consultations de diabétologie"},
    "perte de memoire": {"Consultations mémoire"},
    "sevrage alcool": {"Addictologie – hospitalisation de sevrage",
                       "Consultations d'addictologie (CSAPA)"},
    "depistage vih": {"Consultations de maladies infectieuses et centre de dépistage (CeGIDD)"},
    "reeducation": REHABILITATION,
    "assistante sociale": {"Service social hospitalier"},
    "payer une facture": {"Facturation et frais de séjour"},
    "urgences enfants": {"Urgences pédiatriques"},
    "numero de l'hopital saint aubin": {"Hôpital Saint-Aubin"},
    # doctors for their specialty
    "neurologue": {"Consultations de neurologie"},
    "pneumologue": {"Consultations de pneumologie"},
    "urologue": {"Consultations d'urologie"},
    "anesthesiste": {"Consultations d'anesthésie"},
    "psychiatre": ADULT_PSYCHIATRY,
    "gynecologue": {"Consultations de gynécologie"},
    # plurals and typos
    "grossesses": {"Suivi de grossesse (consultations d'obstétrique)"},
    "echographies": IMAGING,
    "dialyses": {"Centre d'hémodialyse", "Unité d'autodialyse"},
    "ophtamologie": {"Consultations d'ophtalmologie"},
    "dermatolgue": {"Consultations de dermatologie"},
    "pediatrie rendez vous": {"Consultations de pédiatrie"},
    "neurolgie": {"Consultations de neurologie", "Neurologie et unité neurovasculaire (UNV)"},
}
"""Query → the services acceptable in first place (two sites may hold the same service)."""

VITAL_QUERIES = ["crise cardiaque", "malaise", "il ne respire plus", "avc", "overdose",
                 "arrêt cardiaque", "mon père fait un avc", "douleur dans la poitrine",
                 "elle s'est évanouie", "convulsions", "hémorragie", "il a fait un malaise",
                 "difficulté à respirer", "perte de connaissance", "il s'étouffe",
                 "intoxication médicaments", "infarctus du myocarde", "brûlure grave"]
SUICIDE_QUERIES = ["envie de mourir", "je veux me suicider", "tentative de suicide",
                   "je veux en finir"]
"""Also a vital emergency: the 3114 is shown with the 15 and the 112."""
EVERYDAY_QUERIES = ["consultation pediatrie", "prendre rendez-vous", "horaires des visites",
                    "parking", "facture", "kine", "cardiologue", "radio"]
"""No emergency numbers above the results: a false alarm teaches patients to ignore them."""


def run(index: dict[str, object], queries: list[str]) -> list[dict[str, list[str]]]:
    node = shutil.which("node")
    if node is None:
        sys.exit("Node is not installed")
    return search_under_node(node, index, queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every query, not only misses")
    show_all = parser.parse_args().all
    now = dt.datetime(2026, 11, 23, 12, tzinfo=PARIS)
    directory = check_directory(REPO / "directory", REPO, now).directory
    assert directory is not None
    index = index_of(render_search_index(directory, []))
    services = list(SERVICE_QUERIES)
    emergencies = VITAL_QUERIES + SUICIDE_QUERIES
    results = run(index, services + emergencies + EVERYDAY_QUERIES)
    by_query = dict(zip(services + emergencies + EVERYDAY_QUERIES, results, strict=True))

    hits = 0
    for query, expected in SERVICE_QUERIES.items():
        first = by_query[query]["names"][:1]
        hit = bool(first) and first[0] in expected
        hits += hit
        if show_all or not hit:
            print(f"{'ok  ' if hit else 'MISS'} {query!r} → {first[0] if first else '(rien)'}")
    shown = 0
    for query in emergencies:
        wanted = {"urgence_vitale"} | ({"suicide"} if query in SUICIDE_QUERIES else set())
        hit = wanted <= set(by_query[query]["shown"])
        shown += hit
        if show_all or not hit:
            print(f"{'ok  ' if hit else 'MISS'} {query!r} → numéros : {by_query[query]['shown']}")
    alarms = [q for q in EVERYDAY_QUERIES if set(by_query[q]["shown"]) - {"none"}]
    for query in alarms:
        print(f"FALSE ALARM {query!r} → {by_query[query]['shown']}")
    print(f"hits@1: {hits}/{len(services)} = {hits / len(services):.0%} (goal ≥ 90 %)")
    print(f"emergency numbers shown: {shown}/{len(emergencies)} = "
          f"{shown / len(emergencies):.0%} (goal 100 %)")
    print(f"false alarms on everyday queries: {len(alarms)}/{len(EVERYDAY_QUERIES)}")


if __name__ == "__main__":
    main()
