"""`portal check` on hostile input: explained in French or accepted, never a crash or a hang.

Arbitrary bytes, generated YAML structures, the real files with odd insertions and the
real structure with values of the wrong type go into ``directory/groupe.yml``, an
establishment file and a communiqué's front matter; `portal check` runs as a person runs
it (`generator.cli.main`). The only acceptable outcomes: exit 0, or exit 1 with every
stderr line a ``path:line: erreur|avertissement : …`` diagnostic or the final count.
Each example runs under a 20 s alarm. CI runs a fixed, derandomized set; a one-off
campaign: ``PORTAL_FUZZ_EXAMPLES=1250 PORTAL_FUZZ_REPORT=fuzz.json pytest
tests/test_fuzz_check.py`` (counts of inputs by exit code, crashes and hangs in fuzz.json).
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import os
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main as portal_main
from tests.conftest import ESTABLISHMENT_YML, GROUP_YML, Hang, Project, wall_clock_alarm

CAMPAIGN = os.environ.get("PORTAL_FUZZ_EXAMPLES")
"""Set for a one-off campaign: that many random examples per test instead of CI's fixed 60."""
EXAMPLES = int(CAMPAIGN or "60")
OUTCOMES: collections.Counter[str] = collections.Counter()
"""Inputs tried, by exit code; written to `PORTAL_FUZZ_REPORT` (a JSON file) when set."""
ALARM_SECONDS = 20
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not CAMPAIGN, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

GROUP = "directory/groupe.yml"
ESTABLISHMENT = "directory/etablissements/hopital-test.yml"
COMMUNIQUE = "content/communiques/2026-11-20-essai.md"
TARGETS = [GROUP, ESTABLISHMENT, COMMUNIQUE]
COMMUNIQUE_FRONT = "titre: Essai\ndate: 2026-11-20 10:00\nresume: Un essai.\n"
REAL_TEXT = {GROUP: GROUP_YML, ESTABLISHMENT: ESTABLISHMENT_YML, COMMUNIQUE: COMMUNIQUE_FRONT}

DIAGNOSTIC = re.compile(r"^(directory|content)/[^:]+:[1-9][0-9]*: (erreur|avertissement) : \S")
COUNT = re.compile(r"^([0-9]+ erreur\(s\), [0-9]+ avertissement\(s\) : corrigez|"
                   r"Aucune erreur, [0-9]+ avertissement\(s\)\.$)")
QUOTED = re.compile(r"« .*? »")
"""What the person typed, quoted back: it may be English, the message around it may not."""
ENGLISH = re.compile(r"\b(while|found|expected|Input should|Field required|Traceback|"
                     r"Error|Exception)\b")

REAL_KEYS = ["nom", "description", "urgences", "numero", "etablissement", "adresses_officielles",
             "adresse", "hebergeur", "id", "standard", "note", "ordre", "services", "type",
             "specialite", "localisation", "batiment", "etage", "acces", "telephones",
             "libelle", "horaires", "public", "rendez_vous", "mots_cles", "statut", "etat",
             "du", "au", "verifie_le", "titre", "date", "epingle", "expire", "resume", "<<"]
ODD_VALUES = ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u200b",
              "\u2066", "\ufeff", "\ufffe", "\u2028", "\t", "\n", "\r", ":", "- ", "#", "!",
              "&", "*", "%", "@", "`", "|", ">", "'", '"', "{", "[", "~", "null", "oui",
              "02 61 91 01 10", "02 6l 9l 61 1O", "08 99 12 34 56", "3617", "15", "+",
              "https://www.ars.example@evil.example/", "https://hôpital.example/",
              "2026-11-20 10:00", "31/02/2026", "lundi-vendredi 08:30-17:00", "25:99",
              "a" * 3000]
SNIPPETS = [*ODD_VALUES, "!!python/object:os.system echo pwned", "!!int ", "!!str ", "! ",
            "!<tag:x> ", "&a ", "*a ", "%YAML 1.1\n---\n", "%TAG ! tag:x,2000:\n---\n",
            "---\n", "...\n", "? ", ": ", "\n  ", "\n- ", "[" * 100_000, "{a: " * 20_000,
            "- " * 2_000, "".join(" " * i + "k:\n" for i in range(300)), "nom: A\nnom: B\n",
            '"\\q"', "'", "\\u202e", "<<: {a: b}\n"]


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                     st.text(max_size=40), st.sampled_from(ODD_VALUES))


def structures() -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(max_size=15), st.integers())
    return st.recursive(scalars(), lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)), max_leaves=25)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("fuzz")
    project = Project(root)
    project.write(COMMUNIQUE, f"---\n{COMMUNIQUE_FRONT}---\n\nTexte.\n")
    yield project
    report = os.environ.get("PORTAL_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(OUTCOMES, indent=1, sort_keys=True))


def check_with(project: Project, target: str, content: bytes) -> int:
    """Write `content` at `target`, run `portal check`, assert the outcome is acceptable."""
    path = project.root / target
    original = path.read_bytes()
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        with wall_clock_alarm(ALARM_SECONDS, "portal check"), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            code = portal_main(["--project", str(project.root), "--now", "2026-11-23 12:00",
                                "check"])
    except Hang:
        OUTCOMES["hang"] += 1
        raise
    except BaseException:
        OUTCOMES["crash"] += 1
        raise
    finally:
        path.write_bytes(original)
    OUTCOMES[f"exit {code}"] += 1
    lines = err.getvalue().splitlines()
    assert code in (0, 1), lines
    if code == 1:
        assert lines and COUNT.match(lines[-1]), lines
    for line in lines[:-1] if lines and COUNT.match(lines[-1]) else lines:
        assert DIAGNOSTIC.match(line), line
        assert not ENGLISH.search(QUOTED.sub("", line)), line
    return code


def as_file(target: str, yaml_text: bytes) -> bytes:
    """The bytes to write: YAML as is, or as a communiqué's front matter."""
    if target == COMMUNIQUE:
        return b"---\n" + yaml_text + b"\n---\n\nTexte.\n"
    return yaml_text


@FUZZ
@given(target=st.sampled_from(TARGETS), raw=st.binary(max_size=600), whole=st.booleans())
def test_arbitrary_bytes(project: Project, target: str, raw: bytes, whole: bool) -> None:
    """Any bytes at all, as a whole file or inside the front matter: explained or accepted."""
    check_with(project, target, raw if whole else as_file(target, raw))


@FUZZ
@given(target=st.sampled_from(TARGETS), value=structures(), flow=st.booleans())
def test_generated_yaml_structures(project: Project, target: str, value: Any,
                                   flow: bool) -> None:
    """Mappings, lists and scalars with odd keys and values, in block or flow style."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    check_with(project, target, as_file(target, text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(target=st.sampled_from(TARGETS), data=st.data())
def test_real_files_with_odd_insertions(project: Project, target: str,
                                        data: st.DataObject) -> None:
    """Tags, anchors, directives, control characters, deep nesting put anywhere in real files."""
    text = textwrap.dedent(REAL_TEXT[target])
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        where = data.draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:where] + data.draw(st.sampled_from(SNIPPETS)) + text[where:]
    check_with(project, target, as_file(target, text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(target=st.sampled_from(TARGETS), data=st.data())
def test_real_structure_with_wrong_value_types(project: Project, target: str,
                                               data: st.DataObject) -> None:
    """The directory's real keys with lists, blocks, numbers or odd text where text belongs."""
    real = yaml.safe_load(textwrap.dedent(REAL_TEXT[target]))
    mutated = _replace_some(real, data)
    text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
    check_with(project, target, as_file(target, text.encode("utf-8", "surrogatepass")))


def _replace_some(value: Any, data: st.DataObject) -> Any:
    """`value` with some of its parts (drawn) replaced by generated structures."""
    if data.draw(st.integers(min_value=0, max_value=5)) == 0:
        return data.draw(structures())
    if isinstance(value, dict):
        return {key: _replace_some(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_some(item, data) for item in value]
    return value


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("payload", [
    "[" * 100_000, "{a: " * 100_000, "- " * 50_000, "".join(" " * i + "k:\n" for i in range(500)),
    "a: " + "[" * 100_000 + "]" * 100_000, "\x00" * 100_000, "nom: " + "é" * 1_000_000,
])
def test_huge_inputs_are_explained_quickly(project: Project, target: str, payload: str) -> None:
    """100,000 brackets, 500 levels, a megabyte of NUL or of name: an error, within the alarm."""
    check_with(project, target, as_file(target, payload.encode()))


def test_the_fixture_passes_check(project: Project) -> None:
    """The base the fuzzer mutates is clean, so every error seen comes from the mutation."""
    assert check_with(project, GROUP, (project.root / GROUP).read_bytes()) == 0
