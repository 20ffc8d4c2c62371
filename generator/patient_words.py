"""The one list of patients' words, read for the A–Z and for search.

The tool's list (`data/mots_patients.yml`) goes through the same loading and validation
as a hospital's `directory/mots.yml`: one format, one set of rules, French messages.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from generator.load import load_yaml_text
from generator.model.words import PatientWords
from generator.validate.words import check_words

TOOL_FILE = "mots_patients.yml"


@cache
def tool_words() -> PatientWords:
    """The tool's list; a problem in it is a bug of the tool, caught by the tests."""
    text = files("generator").joinpath("data", TOOL_FILE).read_text("utf-8")
    loaded, diagnostics = load_yaml_text(text, f"generator/data/{TOOL_FILE}")
    words = check_words(loaded, diagnostics) if loaded is not None else None
    if words is None or diagnostics:
        raise ValueError("\n".join(d.format() for d in diagnostics))
    return words


def patient_words(hospital: PatientWords | None = None) -> PatientWords:
    """The tool's words, extended by the hospital's own when it has a `mots.yml`."""
    return tool_words() if hospital is None else tool_words().extended_by(hospital)
