"""What a first visit costs a patient on a slow network: bytes transferred per page type.

Loads each kind of page of the sample portal in Debian's Chromium (through Playwright),
from a loopback server, with an empty cache, records every response, and sums the bytes
each would take gzip-compressed (as any decent host serves them). Goal: a service page
≤ 40 kB on first load (issue 10, finding 10); every page is shown against it. With
`--lighthouse`, also runs Lighthouse (npm, installed into bench/node_modules by `make bench`)
for mobile performance and accessibility scores.

Usage: `.venv/bin/python bench/weight.py [--lighthouse]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.archive import ARCHIVE_NAME
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory
from tests.conftest import build_sample

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    "accueil": "index.html",
    "service": "services/cardiologie-consultations.html",
    "annuaire A–Z": "annuaire.html",
    "type (consultations)": "consultations.html",
    "établissement": "etablissements/hopital-saint-aubin.html",
    "état des services": "etat-des-services.html",
    "ce qui change": "ce-qui-change.html",
    "communiqués": "communiques/index.html",
    "communiqué": "communiques/2026-11-20-donnees-derobees-vigilance.html",
    "page de contenu": "infos-pratiques.html",
    "recherche": "rechercher.html",
    "404": "404.html",
}
"""Every kind of page; the 404 page as the host serves it at the root (its links are absolute)."""
GOAL = 40_000
"""Gzip bytes of a service page's first load."""
LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"


def first_visit_bytes(base: str, page_path: str) -> tuple[int, int, int]:
    """(requests, raw bytes, gzip bytes) of a cold load of one page."""
    from playwright.sync_api import sync_playwright

    bodies: list[bytes] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 412, "height": 915})
        page.on("response", lambda response: bodies.append(response.body()))
        page.goto(f"{base}/{page_path}", wait_until="networkidle")
        browser.close()
    raw = sum(len(b) for b in bodies)
    return len(bodies), raw, sum(len(gzip.compress(b, 9)) for b in bodies)


def lighthouse(url: str) -> tuple[float, float]:
    out = subprocess.run(
        [str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", "--quiet", "--output=json",
         "--only-categories=performance,accessibility", "--form-factor=mobile",
         "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)],
        check=True, capture_output=True, text=True).stdout
    categories = json.loads(out)["categories"]
    return categories["performance"]["score"] * 100, categories["accessibility"]["score"] * 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", action="store_true")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp()) / "site"
    build_sample(site)
    print(f"\n{'page':<22} {'requêtes':>8} {'brut':>9} {'gzip':>9} {'/objectif':>9}"
          + (f" {'perf.':>6} {'access.':>7}" if args.lighthouse else ""))
    with serve_directory(site, compress=True) as base:
        for name, path in PAGES.items():
            count, raw, zipped = first_visit_bytes(base, path)
            line = (f"{name:<22} {count:>8} {raw / 1000:>7.1f}kB {zipped / 1000:>7.1f}kB"
                    f" {zipped / GOAL:>9.2f}")
            if args.lighthouse:
                performance, accessibility = lighthouse(f"{base}/{path}")
                line += f" {performance:>6.0f} {accessibility:>7.0f}"
            print(line)
    archive = (site / ARCHIVE_NAME).stat().st_size
    print(f"\nObjectif : page de service ≤ {GOAL / 1000:.0f} kB gzip au premier chargement "
          f"(colonne « /objectif » : gzip ÷ {GOAL / 1000:.0f} kB).")
    print(f"Copie hors ligne ({ARCHIVE_NAME}) : {archive / 1000:.1f} kB.")


if __name__ == "__main__":
    main()
