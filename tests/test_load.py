"""The loader keeps every value as the text typed, with its line, and refuses traps."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import load as load_module
from generator.characters import has_forbidden_characters
from generator.load import MAX_DEPTH, MAX_FILE_BYTES, load_yaml_file, load_yaml_text
from generator.yaml_syntax import is_known


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
    assert [(p.line, p.code) for p in problems] == [(2, "yaml.quote")]
    assert problems[0].hint.endswith('entre guillemets : description: "Attention: fermé"')
    _, problems = load("a:\n\tb: 1\n")
    assert problems[0].line == 2 and "tabulation" in problems[0].message


def test_alias_bomb_is_refused() -> None:
    """A "billion laughs" file is refused at each anchor, before anything expands."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    _, problems = load("\n".join(lines) + "\n")
    assert [(p.line, p.code) for p in problems] == [(i, "yaml.anchor") for i in range(1, 10)]


@pytest.mark.parametrize(("text", "code", "line", "words"), [
    ("a: 1\netage: !important 2e\n", "yaml.tag", 2, "« ! »"),
    ("a: &x B\n", "yaml.anchor", 1, "« & »"),
    ("a: 1\nb: *x\n", "yaml.alias", 2, "« * »"),
    ("a: * urgent\n", "yaml.alias", 1, "« * »"),
    ("a: @x\n", "yaml.quote", 1, "« @ »"),
    ("etage: - 2e\n", "yaml.quote", 1, "tiret"),
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


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
       .filter(lambda text: not has_forbidden_characters(text)))
def test_any_text_round_trips(text: str) -> None:
    """Whatever visible text a person writes (quoted as YAML needs), it comes back exact."""
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


@pytest.mark.parametrize(("text", "line"), [
    ("a: 1\nb: !!python/object:os.system echo pwned\n", 2),
    ("a: !!int 3\n", 1),
    ("a: !!str 3\n", 1),
    ("a: ! 3\n", 1),
    ("a: !<tag:yaml.org,2002:str> 3\n", 1),
    ("a:\n  - !!str x\n", 2),
    ("a: !!seq [x]\n", 1),
    ("!!map {a: b}\n", 1),
    ("!!str a: b\n", 1),
    ("a: !e!x b\n", 1),
])
def test_every_tag_is_refused(text: str, line: int) -> None:
    """No tag is ever dropped silently: `!!str`, `!!int`, `!`, `!<…>`, on values, keys, blocks."""
    loaded, problems = load(text)
    assert loaded is None
    assert [(p.code, p.line) for p in problems] == [("yaml.tag", line)]
    assert "« ! »" in problems[0].message


@pytest.mark.parametrize("directive", ["%TAG !e! tag:example.org,2026:", "%YAML 1.1",
                                       "%YAML 1.2", "%YAML 2.0", "%FOO bar"])
def test_directives_are_refused(directive: str) -> None:
    """`%TAG` and `%YAML` lines (even a valid version) are refused: nobody needs them here."""
    loaded, problems = load(f"{directive}\n---\nnom: A\n")
    assert loaded is None
    assert [(p.code, p.line) for p in problems] == [("yaml.directive", 1)]
    assert "« % »" in problems[0].message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9b",
                                  "\ufffe", "\u202e", "\u200b", "\u2066", "\u2028",
                                  "\U000e0041"])
@pytest.mark.parametrize("place", ["nom: A{c}B\n", "n{c}om: AB\n", "nom: AB # {c}\n",
                                   "nom: 'A{c}B'\n", 'nom: "A{c}B"\n'])
def test_control_and_invisible_characters_are_named_at_their_line(char: str, place: str) -> None:
    """In a value, a key, a comment or quotes: refused before parsing, named and located."""
    loaded, problems = load("id: x\n" + place.format(c=char) + "adresse: 1 rue\n")
    assert loaded is None
    assert [(p.code, p.line) for p in problems] == [("yaml.forbidden-character", 2)]
    assert f"U+{ord(char):04X}" in problems[0].message


def test_every_forbidden_character_of_a_file_is_reported_at_once() -> None:
    """Each line with a forbidden character gets its own message; a binary file is summed up."""
    _, problems = load("a: x\x0by\nb: ok\nc: \u202e15\nd: \x00\x00\n")
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (1, "caractère interdit : U+000B"), (3, "caractère interdit : U+202E"),
        (4, "caractère interdit : U+0000")]
    assert "2 fois" in problems[2].message
    _, problems = load("\n".join("a\x00" for _ in range(200)))
    assert len(problems) == 51
    assert problems[-1].message == "et 150 autres caractères interdits plus bas"


def test_lines_are_counted_the_same_with_windows_and_old_mac_line_ends() -> None:
    """CRLF and lone CR files: errors and values at the line the editor shows."""
    for end in ("\r\n", "\r"):
        loaded, problems = load(end.join(["a: 1", "b: 2", "c: \x07", ""]))
        assert [p.line for p in problems] == [3]
        loaded, _ = load(end.join(["a: 1", "b: 2", "c: 3", ""]))
        assert loaded is not None and loaded.line_of(("c",)) == 3


def _block_mappings(depth: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(depth))


@pytest.mark.parametrize(("text", "line"), [
    (_block_mappings(500), MAX_DEPTH + 1),
    ("".join(" " * 2 * i + "-\n" for i in range(500)), MAX_DEPTH + 1),
    ("a: " + "[" * 100_000, 1),
    ("a: " + "{b: " * 100_000, 1),
    ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),
    ("a: " + "[{b: " * 30 + "c" + "}]" * 30 + "\n", 1),
])
def test_deep_nesting_is_refused_at_its_line(text: str, line: int) -> None:
    """Hundreds of nested blocks or 100,000 brackets: a French error, never RecursionError."""
    loaded, problems = load(text)
    assert loaded is None
    assert [(p.code, p.line) for p in problems] == [("yaml.too-deep", line)]
    assert "trop de niveaux imbriqués" in problems[0].message


def test_nesting_up_to_the_limit_is_read() -> None:
    """The bound leaves room: `MAX_DEPTH` levels load as written."""
    loaded, problems = load(_block_mappings(MAX_DEPTH - 1) + " " * (MAX_DEPTH - 1) + "x: y\n")
    assert problems == [] and loaded is not None
    assert loaded.line_of((*(f"k{i}" for i in range(MAX_DEPTH - 1)), "x")) == MAX_DEPTH


# Every problem (and context) libyaml's scanner.c, parser.c and reader.c and PyYAML's
# scanner.py, parser.py and reader.py can report, as of libyaml 0.2.5 and PyYAML 6.0.
PARSER_PROBLEMS = [
    ("while scanning a directive", "could not find expected directive name"),
    ("while scanning a directive", "found unknown directive name"),
    ("while scanning a directive", "did not find expected comment or line break"),
    ("while scanning a %YAML directive", "did not find expected whitespace"),
    ("while scanning a %YAML directive", "did not find expected digit or '.' character"),
    ("while scanning a %YAML directive", "found extremely long version number"),
    ("while scanning a %YAML directive", "did not find expected version number"),
    ("while scanning a %TAG directive", "did not find expected whitespace"),
    ("while scanning a %TAG directive", "did not find expected whitespace or line break"),
    ("while parsing a %TAG directive", "did not find expected '!'"),
    ("while scanning a tag directive", "did not find expected '!'"),
    ("while parsing a tag directive", "did not find expected tag URI"),
    ("while scanning an anchor", "did not find expected alphabetic or numeric character"),
    ("while scanning an alias", "did not find expected alphabetic or numeric character"),
    ("while parsing a tag", "did not find the expected '>'"),
    ("while scanning a tag", "did not find expected whitespace or line break"),
    ("while parsing a tag", "did not find expected tag URI"),
    ("while parsing a tag", "did not find URI escaped octet"),
    ("while parsing a tag", "found an incorrect leading UTF-8 octet"),
    ("while parsing a tag", "found an incorrect trailing UTF-8 octet"),
    ("while scanning a block scalar", "found an indentation indicator equal to 0"),
    ("while scanning a block scalar", "did not find expected comment or line break"),
    ("while scanning a quoted scalar", "found unexpected document indicator"),
    ("while scanning a quoted scalar", "found unexpected end of stream"),
    ("while parsing a quoted scalar", "found unknown escape character"),
    ("while parsing a quoted scalar", "did not find expected hexdecimal number"),
    ("while parsing a quoted scalar", "found invalid Unicode character escape code"),
    ("while scanning a plain scalar", "found unexpected ':'"),
    ("while scanning a plain scalar", "found a tab character that violates indentation"),
    ("while scanning for the next token", "found character that cannot start any token"),
    ("while scanning a simple key", "could not find expected ':'"),
    (None, "block sequence entries are not allowed in this context"),
    (None, "mapping keys are not allowed in this context"),
    (None, "mapping values are not allowed in this context"),
    (None, "found a tab character where an indentation space is expected"),
    ("while increasing flow level", "exceeded maximum nesting depth"),
    ("while increasing block level", "exceeded maximum nesting depth"),
    (None, "did not find expected <stream-start>"),
    (None, "did not find expected <document start>"),
    (None, "found duplicate %YAML directive"),
    (None, "found incompatible YAML document"),
    (None, "found duplicate %TAG directive"),
    ("while parsing a node", "found undefined tag handle"),
    ("while parsing a block node", "did not find expected node content"),
    ("while parsing a flow node", "did not find expected node content"),
    ("while parsing a block collection", "did not find expected '-' indicator"),
    ("while parsing a block mapping", "did not find expected key"),
    ("while parsing a flow sequence", "did not find expected ',' or ']'"),
    ("while parsing a flow mapping", "did not find expected ',' or '}'"),
    (None, "control characters are not allowed"),
    (None, "invalid leading UTF-8 octet"),
    (None, "incomplete UTF-8 octet sequence"),
    (None, "invalid trailing UTF-8 octet"),
    (None, "invalid length of a UTF-8 sequence"),
    (None, "invalid Unicode character"),
    (None, "incomplete UTF-16 character"),
    (None, "unexpected low surrogate area"),
    (None, "expected low surrogate area"),
    (None, "incomplete UTF-16 surrogate pair"),
    (None, "input is too long"),
    (None, "input error"),
    ("while scanning for the next token", "found character '@' that cannot start any token"),
    ("while scanning a directive", "expected alphabetic or numeric character, but found ' '"),
    ("while scanning a directive", "expected a digit or '.', but found 'x'"),
    ("while scanning a directive", "expected a digit or ' ', but found 'x'"),
    ("while scanning a directive", "expected a digit, but found 'x'"),
    ("while scanning a directive", "expected ' ', but found 'x'"),
    ("while scanning a directive", "expected a comment or a line break, but found 'x'"),
    ("while scanning an anchor", "expected alphabetic or numeric character, but found ' '"),
    ("while parsing a tag", "expected '>', but found 'x'"),
    ("while scanning a tag", "expected ' ', but found 'x'"),
    ("while scanning a block scalar",
     "expected indentation indicator in the range 1-9, but found 0"),
    ("while scanning a block scalar", "expected chomping or indentation indicators, but found 'x'"),
    ("while scanning a block scalar", "expected a comment or a line break, but found 'x'"),
    ("while scanning a double-quoted scalar",
     "expected escape sequence of 4 hexadecimal numbers, but found 'x'"),
    ("while scanning a double-quoted scalar", "found unknown escape character 'q'"),
    ("while scanning a quoted scalar", "found unexpected document separator"),
    ("while scanning a tag", "expected '!', but found 'x'"),
    ("while parsing a tag", "expected URI, but found ' '"),
    ("while scanning a tag",
     "expected URI escape sequence of 2 hexadecimal numbers, but found 'x'"),
    (None, "expected '<document start>', but found '<scalar>'"),
    (None, "found duplicate YAML directive"),
    (None, "found incompatible YAML document (version 1.* is required)"),
    (None, "duplicate tag handle '!e!'"),
    ("while parsing a node", "found undefined tag handle '!e!'"),
    ("while parsing a block node", "expected the node content, but found '<block end>'"),
    ("while parsing a block collection", "expected <block end>, but found '<scalar>'"),
    ("while parsing a block mapping", "expected <block end>, but found '<scalar>'"),
    ("while parsing a flow sequence", "expected ',' or ']', but got '<scalar>'"),
    ("while parsing a flow mapping", "expected ',' or '}', but got '<scalar>'"),
    (None, "sequence entries are not allowed here"),
    (None, "mapping keys are not allowed here"),
    (None, "mapping values are not allowed here"),
    (None, "invalid indentation or unclosed '[' or '{'"),
    (None, "special characters are not allowed"),
]


@pytest.mark.parametrize(("context", "problem"), PARSER_PROBLEMS)
def test_every_parser_problem_has_a_french_explanation(context: str | None,
                                                       problem: str) -> None:
    """No message of libyaml or PyYAML falls through to the generic one."""
    assert is_known(context, problem)


BROKEN_YAML = [
    "a: * urgent\n", "a: @x\n", "a: `x\n", "a: %x\n", "a:\n\tb: 1\n", "a: 1\n\tb: 2\n",
    "a: b: c\n", "a\nb: 1\n", "a: 1\n b: 2\n", "- a\nb: 1\n", "a: [1, 2\n", "a: {b: 1\n",
    "a: [1, 2}\n", "a: \"x\\q\"\n", "a: \"\\u12\"\n", "a: 'x\n", 'a: "x\n', "a: |0\n x\n",
    "a: |x\n x\n", "a: >-2x\n x\n", "a: &\n", "a: *\n", "a: !<x\n", "a: !x!y z\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "%YAML\n---\na: 1\n", "%TAG !\n---\na: 1\n",
    "%YAML 1.1 x\n---\na: 1\n", "---\na: 1\n--- b\nc: 2\n", "a: 1\n...\nb\n",
    "a: [b: c: d]\n", "? [a\n", "a: 'x\n---\n'\n", "- - a\n  b: c\n", "a: 1\n- b\n",
    "a:\n- b\n c: d\n", "{a: 1}}\n", "a: ]\n", "a: }\n", ": a\n", "a: 1 # x\n  b\n",
]


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pyyaml"])
@pytest.mark.parametrize("text", BROKEN_YAML)
def test_broken_yaml_is_explained_in_french_by_both_parsers(text: str, pure: bool,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    """libyaml and PyYAML's pure parser: one French message, never their English."""
    if pure:
        monkeypatch.setattr(load_module, "_Loader", yaml.SafeLoader)
    loaded, problems = load(text)
    assert loaded is None and len(problems) == 1
    words = f"{problems[0].message} {problems[0].hint}"
    assert not re.search(r"\b(found|expected|while|scanning|parsing|allowed|could)\b", words)
    assert problems[0].code.startswith("yaml.") and problems[0].line >= 1
