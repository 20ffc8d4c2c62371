"""The one list of patients' words, read for the A–Z and for search.

The tool's list (`data/mots_patients.yml`) goes through the same loading and validation
as a hospital's `directory/mots.yml`: one format, one set of rules, French messages. Another
language's site adds the tool's list in that language (`data/mots_patients.en.yml`), whose
words point at the French ones the data carries (« heart » → cardiologie).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from generator.i18n import SOURCE_LANGUAGE
from generator.load import load_yaml_text
from generator.model.words import PatientWords
from generator.validate.words import check_words

TOOL_FILE = "mots_patients.yml"


def tool_file(language: str = SOURCE_LANGUAGE) -> str:
    """The tool's list in `language`: `mots_patients.yml`, `mots_patients.en.yml`."""
    return TOOL_FILE if language == SOURCE_LANGUAGE else TOOL_FILE.replace(
        ".yml", f".{language}.yml")


@cache
def tool_words(language: str = SOURCE_LANGUAGE) -> PatientWords:
    """The tool's list (in `language`); a problem in it is a bug of the tool, caught by the
    tests."""
    name = tool_file(language)
    text = files("generator").joinpath("data", name).read_text("utf-8")
    loaded, diagnostics = load_yaml_text(text, f"generator/data/{name}")
    words = check_words(loaded, diagnostics) if loaded is not None else None
    if words is None or diagnostics:
        raise ValueError("\n".join(d.format() for d in diagnostics))
    return words


def patient_words(hospital: PatientWords | None = None,
                  language: str = SOURCE_LANGUAGE) -> PatientWords:
    """The tool's words (French, then `language`'s when it has a list), extended by the
    hospital's own when it has a `mots.yml`."""
    words = tool_words()
    if language != SOURCE_LANGUAGE and files("generator").joinpath(
            "data", tool_file(language)).is_file():
        words = words.extended_by(tool_words(language))
    return words if hospital is None else words.extended_by(hospital)
