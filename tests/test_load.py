"""The loader keeps every value as the text typed, with its line, and refuses traps."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.load import MAX_FILE_BYTES, load_yaml_file, load_yaml_text


def load(text: str):  # type: ignore[no-untyped-def]
    loaded, problems = load_yaml_text(text, "directory/x.yml")
    return loaded, problems


def test_values_that_yaml_1_1_would_retype_stay_text() -> None:
    """Phones, times, NO, octal-looking and float-looking values come back exactly as typed."""
    loaded, problems = load(
        "tel: 0261910110\nintl: +33261910110\nheure: 08:30\nsexa: 1:20:30\npays: NO\n"
        "oui: yes\ncode: 010\nhexa: 0x1F\nflottant: 1e3\ndate: 2026-11-20\nnul: ~\n"
        "vrai: True\nvide: ''\n")
    assert problems == []
    assert loaded is not None
    assert loaded.data == {
        "tel": "0261910110", "intl": "+33261910110", "heure": "08:30", "sexa": "1:20:30",
        "pays": "NO", "oui": "yes", "code": "010", "hexa": "0x1F", "flottant": "1e3",
        "date": "2026-11-20", "nul": "~", "vrai": "True", "vide": ""}


def test_empty_value_is_none_and_keys_stay_text() -> None:
    """`nom:` with nothing after it means "not written"; keys like `NO` or `1` stay text."""
    loaded, _ = load("nom:\nNO: a\n1: b\n")
    assert loaded is not None
    assert loaded.data == {"nom": None, "NO": "a", "1": "b"}


def test_every_value_remembers_its_line() -> None:
    """Lines are 1-based and point at the key for mappings, the dash for list items."""
    loaded, _ = load("a: 1\nliste:\n  - x: 2\n    y: 3\n  - z\n")
    assert loaded is not None
    assert loaded.line_of(("a",)) == 1
    assert loaded.line_of(("liste", 0)) == 3
    assert loaded.line_of(("liste", 0, "y")) == 4
    assert loaded.line_of(("liste", 1)) == 5
    assert loaded.line_of(("liste", 0, "absent")) == 3


def test_duplicate_key_is_reported_with_both_lines() -> None:
    """PyYAML silently keeps the last duplicate; we say where both are."""
    loaded, problems = load("nom: A\nadresse: x\nnom: B\n")
    assert [(p.line, p.code) for p in problems] == [(3, "yaml.duplicate-key")]
    assert "déjà ligne 1" in problems[0].message
    assert loaded is not None and loaded.data["nom"] == "A"


def test_syntax_errors_name_the_line_in_french() -> None:
    """A colon inside an unquoted value and a tab indentation are explained, at their line."""
    _, problems = load("nom: A\ndescription: Attention: fermé\n")
    assert [(p.line, p.code) for p in problems] == [(2, "yaml.syntax")]
    assert "entre guillemets" in problems[0].hint
    _, problems = load("a:\n\tb: 1\n")
    assert problems[0].line == 2 and "tabulation" in problems[0].message


def test_alias_bomb_is_refused() -> None:
    """A "billion laughs" file is refused at its first anchor, before anything expands."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    _, problems = load("\n".join(lines) + "\n")
    assert [(p.line, p.code) for p in problems] == [(1, "yaml.anchor")]


@pytest.mark.parametrize(("text", "code", "line", "words"), [
    ("a: 1\netage: !important 2e\n", "yaml.tag", 2, "« ! »"),
    ("a: &x B\n", "yaml.anchor", 1, "« & »"),
    ("a: 1\nb: *x\n", "yaml.alias", 2, "« * »"),
    ("a: * urgent\n", "yaml.syntax", 1, "« * »"),
    ("a: @x\n", "yaml.syntax", 1, "« @ »"),
    ("etage: - 2e\n", "yaml.syntax", 1, "tiret"),
    ('a: 1\nb: "ouvert\nc: 2\nd: 3\n', "yaml.syntax", 2, "guillemet non fermé"),
    ('a: "a\\q"\n', "yaml.syntax", 1, "« \\ »"),
    ("---\na: 1\n---\nb: 2\n", "yaml.syntax", 3, "plusieurs documents"),
])
def test_yaml_features_that_hide_text_are_refused(text: str, code: str, line: int,
                                                  words: str) -> None:
    """Tags, anchors, aliases and stray characters: refused in French, never silently dropped."""
    loaded, problems = load(text)
    assert loaded is None
    assert [(p.code, p.line) for p in problems] == [(code, line)]
    assert words in problems[0].message


def test_oversized_and_non_utf8_files_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Size is bounded and a Latin-1 file gets a plain explanation, with its line."""
    big = tmp_path / "big.yml"
    big.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    assert [p.code for p in load_yaml_file(big, tmp_path)[1]] == ["yaml.too-large"]
    latin = tmp_path / "latin.yml"
    latin.write_bytes("a: 1\nnom: Hôpital\n".encode("latin-1"))
    loaded, problems = load_yaml_file(latin, tmp_path)
    assert loaded is None
    assert [(p.path, p.line, p.code) for p in problems] == [("latin.yml", 2, "yaml.encoding")]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_text_round_trips(text: str) -> None:
    """Whatever a person writes (quoted as YAML needs), the loader gives back that exact text."""
    loaded, problems = load(yaml.safe_dump({"valeur": text}, allow_unicode=True))
    assert problems == []
    assert loaded is not None
    assert loaded.data["valeur"] == text


@given(st.from_regex(r"\A[0-9+:.\- ]{1,14}\Z"))
def test_number_like_plain_text_is_never_converted(text: str) -> None:
    """Unquoted digits, signs, colons and dots are kept verbatim (minus YAML's outer spaces)."""
    loaded, problems = load(f"valeur: {text}\n")
    if problems:  # e.g. "- " or ": " are YAML syntax, reported, never converted
        return
    assert loaded is not None
    value = loaded.data["valeur"] if isinstance(loaded.data, dict) else None
    assert value is None or isinstance(value, str | list | dict)
    if isinstance(value, str):
        assert value == text.strip()
