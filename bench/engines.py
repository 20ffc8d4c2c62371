"""Benchmark: the engines side by side on the same projects, in one run.

For the sample and for generated projects of N services (bench/synthetic.py), times
`portal build --engine mkdocs` and `--engine properdocs` (each a whole build: check, pages,
offline copy, manifest, headers), and, where Zensical is installed, the simplest way it can
build the portal today: the portal's pages written into a folder with `content/` (stage (a),
generator/generate.py; `write_for_zensical` below), then `zensical build` of that folder.
Zensical has no plugin API: what the `portal` plugin does page by page (canonical address,
schema.org data, allowlist of comms-written HTML, inline-script refusal) and the sealing
(headers, offline copy, manifest) are missing from that site: its time is a lower bound.

Usage: `.venv/bin/python bench/engines.py [--sizes 300 3000] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_directory
from generator.clock import PARIS
from generator.context import BuildContext
from generator.engines import ENGINES
from generator.generate import ASSETS_DIR, generate, theme_data, write_docs_folder
from generator.identity import PALETTE
from generator.project import check_project

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "engines"
BIN = Path(sys.executable).parent
NOW = "2026-11-23 12:00"
ZENSICAL = "zensical"


def prepare(size: int | None) -> Path:
    """The sample itself (`None`), or a copy of its pages with N generated services."""
    if size is None:
        return REPO
    project = OUT / f"portal-{size}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    write_directory(project, size)
    return project


def write_for_zensical(project: Path, folder: Path) -> None:
    """Stage (a) alone (generator/generate.py): `folder/docs`, content/ with every generated
    file; then `folder/mkdocs.yml`, the project's, the plugin replaced by its data as
    `extra:` values, and the portal's theme overrides as `custom_dir`."""
    now = dt.datetime.fromisoformat(NOW).replace(tzinfo=PARIS)
    checked = check_project(project, now)
    assert checked.directory is not None, [d.format() for d in checked.diagnostics]
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    options = next(p["portal"] for p in config["plugins"] if isinstance(p, dict))
    context = BuildContext(project=project, directory=options["directory"],
                           content_dir=project / "content", site_dir=folder / "site", now=now,
                           epoch=None, feed_domain=options["feed_domain"], public_key=None,
                           valid_for=dt.timedelta(hours=72))
    generation = generate(context, now, checked, None, config.get("site_url"), None)
    write_docs_folder(generation, project / "content", folder)
    data = theme_data(generation)
    config.update(docs_dir="docs", site_dir="site", site_name=data["site_name"], plugins=[],
                  extra_css=[f"{ASSETS_DIR}/portal.css", PALETTE])
    config["theme"].update(custom_dir=str(resources.files("generator").joinpath("theme")),
                           logo=generation.identity.logo, favicon=generation.identity.favicon)
    config["extra"].update(alternate=True, **{name: data[name] for name in (
        "portal_banner", "portal_emergencies", "portal_header_name")})
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(project: Path, repeat: int, zensical: bool) -> dict[str, float]:
    """Best of `repeat` for each engine, interleaved so machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    if zensical:
        times[ZENSICAL] = []
    for _ in range(repeat):
        for name in ENGINES:
            times[name].append(timed(
                [str(BIN / "portal"), "--project", str(project), "--now", NOW, "build",
                 "--engine", name, "--site-dir", str(OUT / f"site-{project.name}-{name}")],
                REPO))
        if zensical:
            folder = OUT / f"zensical-{project.name}"
            times[ZENSICAL].append(
                timed([sys.executable, __file__, "--write-for-zensical", str(project),
                       str(folder)], REPO)
                + timed([str(BIN / ZENSICAL), "build"], folder))
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--write-for-zensical", nargs=2, type=Path, metavar=("PROJET", "DOSSIER"),
                        help="only write PROJET's pages for Zensical into DOSSIER")
    args = parser.parse_args()
    if args.write_for_zensical:
        write_for_zensical(*args.write_for_zensical)
        return
    zensical = (BIN / ZENSICAL).exists()
    names = [*ENGINES, *([ZENSICAL] if zensical else [])]
    print(f"{'projet':>10} " + " ".join(f"{name:>11}" for name in names)
          + " " + " ".join(f"{name + '/mkdocs':>17}" for name in names[1:]))
    for size in [None, *args.sizes]:
        times = measure(prepare(size), args.repeat, zensical)
        label = "exemple" if size is None else f"N={size}"
        print(f"{label:>10} " + " ".join(f"{times[name]:>10.2f}s" for name in names)
              + " " + " ".join(f"{times[name] / times[ENGINES[0]]:>17.3f}"
                               for name in names[1:]), flush=True)
    if zensical:
        print("\nzensical : pages écrites dans un dossier puis « zensical build » ; site "
              "incomplet (ni adresse canonique, ni données schema.org, ni filtrage du HTML "
              "des pages, ni en-têtes, copie hors ligne et manifeste) : une borne basse.")


if __name__ == "__main__":
    main()
