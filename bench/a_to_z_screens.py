"""The A–Z on small phones: how far below its letter's heading each service starts, in
screens (goal ≤ 2: scrolling twice from the letter brings any service into view), and
where the 15 sits on the home page (goal: on screen without scrolling).

Real components: the sample portal built at a fixed moment, Debian's Chromium through
Playwright, the pages opened from file://. Prints one line per screen size.

Usage: `.venv/bin/python bench/a_to_z_screens.py`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import build_sample

REPO = Path(__file__).resolve().parent.parent
SCREENS = [(360, 640), (375, 667), (390, 844)]
ROWS = """() => [...document.querySelectorAll('.portal-a-to-z > section')].flatMap(section => {
    const top = section.querySelector('h2').getBoundingClientRect().top;
    return [...section.querySelectorAll('.portal-entry')].map(entry => [
        section.querySelector('h2').textContent, entry.getBoundingClientRect().top - top,
        entry.getBoundingClientRect().height]);
})"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_sample(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in SCREENS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto((site / "annuaire.html").as_uri())
                rows = page.evaluate(ROWS)
                letter, farthest, _ = max(rows, key=lambda row: row[1])
                mean = sum(row[2] for row in rows) / len(rows)
                page.goto((site / "index.html").as_uri())
                box = page.locator('.portal-emergency a[href="tel:15"]').bounding_box()
                print(f"{width}×{height}: {len(rows)} services, farthest {farthest:.0f} px below "
                      f"« {letter} » = {farthest / height:.2f} screens (goal ≤ 2), "
                      f"row {mean:.0f} px on average; the 15 ends at "
                      f"{box['y'] + box['height']:.0f} px of {height}")
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
