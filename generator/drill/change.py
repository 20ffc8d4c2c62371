"""The change the drill makes: one phone number of one service, edited in its YAML file.

As a person would: the first public number of the first public service of an
establishment file (in file-name order) gets other last digits, in the same range, and
the line is edited in place, so comments and layout stay as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.drill.steps import Step
from generator.load import load_yaml_file
from generator.model.phones import InvalidPhone, parse_phone
from generator.project import DIRECTORY_DIR, check_project


@dataclass(frozen=True)
class PhoneChange:
    file: Path
    line: int
    """1-based, where the number is written."""
    old: str
    """As typed in the file."""
    new: str
    service_id: str
    service_name: str
    new_display: str
    """How pages show the new number (``02 61 91 41 99``)."""
    shown_file: str
    """Relative to the project, for messages."""

    @property
    def page(self) -> str:
        """The service's page, relative to the site's root."""
        return f"services/{self.service_id}.html"

    def describe(self) -> str:
        return (f"{self.shown_file}:{self.line}, service « {self.service_name} » : "
                f"{self.old} → {self.new}")


def choose_phone_change(project: Path, now: dt.datetime) -> tuple[PhoneChange | None, str]:
    """The change to make, or `None` and why not (in French)."""
    result = check_project(project, now)
    if result.directory is None:
        errors = [d.format() for d in result.diagnostics if d.is_error]
        return None, ("le projet a des erreurs (« portal check » les liste) ; corrigez-les "
                      "avant l'exercice : " + "; ".join(errors[:3]))
    public = {s.id: s for s in result.directory.public_services}
    used = _numbers_in(project / DIRECTORY_DIR)
    for file in sorted((project / DIRECTORY_DIR / "etablissements").glob("*.yml")):
        loaded, _ = load_yaml_file(file, project)
        services = loaded.data.get("services") if loaded and isinstance(loaded.data, dict) \
            else None
        for i, raw in enumerate(services if isinstance(services, list) else []):
            service = public.get(str(raw.get("id"))) if isinstance(raw, dict) else None
            if service is None:
                continue
            for j, phone in enumerate(service.phones):
                if not phone.public:
                    continue
                assert loaded is not None
                typed = raw["telephones"][j]["numero"]
                line = loaded.line_of(("services", i, "telephones", j, "numero"))
                new = _other_number(typed, used)
                if new is not None:
                    return PhoneChange(file, line, typed, new, service.id, service.name,
                                       parse_phone(new).display, loaded.path), ""
    return None, ("aucun numéro public de service à changer dans "
                  f"{DIRECTORY_DIR}/etablissements/ : l'exercice change un numéro de "
                  "service ; ajoutez-en un")


_WRITTEN_NUMBER = re.compile(r"\+?\d[\d .\-]{4,}\d")


def _numbers_in(directory: Path) -> set[str]:
    """Every number written in the directory's files (comments too), digits only: the
    new number must not be one already in use, or announced."""
    numbers = set()
    for file in directory.rglob("*.yml"):
        for written in _WRITTEN_NUMBER.findall(file.read_text("utf-8", errors="replace")):
            numbers.add(_digits(written))
    return numbers


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit() or c == "+")


def _other_number(typed: str, used: set[str]) -> str | None:
    """The same number with other last digits (two, else four), valid and used nowhere."""
    positions = [k for k, c in enumerate(typed) if c.isdigit()]
    if len(positions) < 8:
        return None  # a short number (15, 3114) is not the kind a drill changes
    for width in (2, 4):
        places = positions[-width:]
        for value in range(10**width - 1, -1, -1):
            chars = list(typed)
            for place, digit in zip(places, f"{value:0{width}d}", strict=True):
                chars[place] = digit
            candidate = "".join(chars)
            if candidate == typed or _digits(candidate) in used:
                continue
            try:
                parse_phone(candidate)
            except InvalidPhone:
                continue
            return candidate
    return None


def apply_change(change: PhoneChange) -> Step:
    """Edit the number on its line, nothing else (line endings kept); the drill's step."""
    step = Step("modification du numéro")
    lines = change.file.read_bytes().decode("utf-8").split("\n")
    line = lines[change.line - 1]
    if change.old not in line:
        step.ok = False
        step.details.append(f"{change.shown_file}:{change.line} : « {change.old} » introuvable "
                            "sur cette ligne")
        return step
    lines[change.line - 1] = line.replace(change.old, change.new, 1)
    change.file.write_bytes("\n".join(lines).encode("utf-8"))
    step.details.append(change.describe())
    return step
