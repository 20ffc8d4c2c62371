"""Every unquoted value YAML would misread is reported at once, with its line rewritten."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.cli import main as portal_main
from generator.load import load_yaml_text
from generator.yaml_traps import MAX_REPORTED_TRAPS, find_traps, quoted_text
from tests.conftest import REPO, SAMPLE_MOMENT, wall_clock_alarm

FILE = "directory/x.yml"
REFERENCE = REPO / "docs" / "reference.md"
YAML_BLOCK = re.compile(r"^```yaml(?P<title>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def problems_of(text: str) -> list[tuple[int, str, str, str]]:
    """What `portal check` says about one file: line, code, message and hint."""
    loaded, problems = load_yaml_text(text, FILE)
    if problems:
        assert loaded is None
    return [(p.line, p.code, p.message, p.hint) for p in problems]


def value_of(text: str, *location: str | int) -> object:
    loaded, problems = load_yaml_text(text, FILE)
    assert problems == [] and loaded is not None, problems
    value = loaded.data
    for step in location:
        value = value[step]
    return value


TRAPS = [
    # (line as typed, code, words of the message, the line as the hint rewrites it)
    ("nom: *Urgences de nuit", "yaml.alias", "« * »", 'nom: "*Urgences de nuit"'),
    ("specialite: &Cardiologie", "yaml.anchor", "« & »", 'specialite: "&Cardiologie"'),
    ("note: !Important à lire", "yaml.tag", "« ! »", 'note: "!Important à lire"'),
    ("etage: [A] Niveau 2", "yaml.quote", "« [ »", 'etage: "[A] Niveau 2"'),
    ("etage: [A Niveau 2", "yaml.quote", "« [ »", 'etage: "[A Niveau 2"'),
    ("note: {2} places", "yaml.quote", "« { »", 'note: "{2} places"'),
    ("code: %20 de remise", "yaml.quote", "« % »", 'code: "%20 de remise"'),
    ("contact: @accueil_chu", "yaml.quote", "« @ »", 'contact: "@accueil_chu"'),
    ("code: `A12`", "yaml.quote", "« ` »", 'code: "`A12`"'),
    ("horaires: | lundi 08:30", "yaml.quote", "« | »", 'horaires: "| lundi 08:30"'),
    ("age: > 16 ans", "yaml.quote", "« > »", 'age: "> 16 ans"'),
    ("etage: - 2e", "yaml.quote", "tiret", 'etage: "- 2e"'),
    ("acces: Porte 3 #B", "yaml.quote", "« # »", 'acces: "Porte 3 #B"'),
    ("acces: Porte 3 #B  # à vérifier", "yaml.quote", "« # »",
     'acces: "Porte 3 #B" # à vérifier'),
    ("rendez_vous: Sur rendez-vous : appelez le matin", "yaml.quote", "« : »",
     'rendez_vous: "Sur rendez-vous : appelez le matin"'),
    ("note: Attention:", "yaml.quote", "« : »", 'note: "Attention:"'),
    ("nom: \"Dr\" Martin", "yaml.quote", "guillemet", "nom: '\"Dr\" Martin'"),
    ("acces: 'Bâtiment' B", "yaml.quote", "apostrophe", "acces: \"'Bâtiment' B\""),
    ("- 09:00: fermé", "yaml.quote", "« 09:00 »", '- "09:00: fermé"'),
    ("- Attention: travaux", "yaml.quote", "« Attention »", '- "Attention: travaux"'),
    ("- *urgent", "yaml.alias", "« * »", '- "*urgent"'),
    ("- nom: [A] Niveau 2", "yaml.quote", "« [ »", '- nom: "[A] Niveau 2"'),
]


@pytest.mark.parametrize(("line", "code", "words", "fixed"), TRAPS)
def test_each_trap_is_reported_with_the_line_rewritten(line: str, code: str, words: str,
                                                       fixed: str) -> None:
    """One error at the line, saying why, whose hint is the line to write instead."""
    indented = "  " + line if line.startswith("-") else line
    text = f"a: 1\n{'liste:' if line.startswith('-') else 'b: 2'}\n{indented}\nc: 3\n"
    [(number, found_code, message, hint)] = problems_of(text)
    assert (number, found_code) == (3, code)
    assert message.startswith("valeur à mettre entre guillemets : ")
    assert words in message
    assert hint == f"mettez la valeur entre guillemets : {fixed}"
    assert problems_of(text.replace(line, fixed)) == []


def test_ten_traps_of_one_file_come_in_one_run_with_its_other_problems() -> None:
    """Traps, a tab and a key written twice: all reported, each line once, no wrong hint."""
    text = ("nom: *Urgences\n"                 # 1 trap
            "etage: [A] Niveau 2\n"            # 2 trap
            "acces: Porte 3 #B\n"              # 3 trap
            "nom: Cardiologie\n"               # 4 key written twice
            "note: Attention: fermé\n"         # 5 trap
            "liste:\n"
            "  - 09:00: fermé\n"               # 7 trap
            "  - lundi\n"
            "bloc:\n"
            "\tcle: 1\n")                      # 10 tab
    found = problems_of(text)
    assert [(line, code) for line, code, _, _ in found] == [
        (1, "yaml.alias"), (2, "yaml.quote"), (3, "yaml.quote"), (5, "yaml.quote"),
        (7, "yaml.quote"), (4, "yaml.duplicate-key"), (10, "yaml.syntax")]
    assert "tabulation" in found[-1][2]
    assert "indentation" not in " ".join(message for _, _, message, _ in found)


def test_a_trap_the_parser_also_stumbles_on_is_reported_once() -> None:
    """`[A] Niveau 2` breaks the parse too: only the trap is said, not « indentation »."""
    found = problems_of("etage: [A] Niveau 2\nacces: Porte 1\n")
    assert [(line, code) for line, code, _, _ in found] == [(1, "yaml.quote")]


def test_a_value_over_several_lines_is_one_trap_quoted_on_one_line() -> None:
    """A plain text going on over indented lines is one value: one error, one fix."""
    text = "description: Attention: fermé\n  le dimanche\nnom: X\n"
    [(line, _, _, hint)] = problems_of(text)
    assert line == 1
    assert hint.endswith('sur une seule ligne : description: "Attention: fermé le dimanche"')
    fixed = 'description: "Attention: fermé le dimanche"\nnom: X\n'
    assert value_of(fixed, "description") == "Attention: fermé le dimanche"


def test_a_key_slipped_under_a_value_is_an_indentation_problem_not_a_trap() -> None:
    """`note: x` indented under `etat: perturbe` is a misplaced key: no advice to quote it."""
    text = "statut:\n  etat: perturbe\n    note: Visites limitées.\n"
    assert find_traps(text) == []
    [(line, code, _, hint)] = problems_of(text)
    assert (line, code) == (3, "yaml.syntax")
    assert "indentation" in hint


def test_past_the_cap_the_rest_are_counted() -> None:
    """A whole sheet pasted unquoted: 50 lines listed, then how many more."""
    text = "".join(f"k{i}: *v{i}\n" for i in range(MAX_REPORTED_TRAPS + 12))
    found = problems_of(text)
    assert len(found) == MAX_REPORTED_TRAPS + 1
    assert found[-1][:2] == (MAX_REPORTED_TRAPS + 1, "yaml.quote")
    assert "et 12 autres valeurs à mettre entre guillemets" in found[-1][2]


@pytest.mark.parametrize("text", [
    "".join(" " * i + "- [\n" for i in range(2500)),
    "".join(" " * i + "- [a,\n" for i in range(2500)),
    'a: "x\n' * 100_000,
])
def test_a_hostile_file_is_scanned_in_bounded_time(text: str) -> None:
    """Brackets or quotes that never close, over megabytes: seconds, not hours (a list or a
    quoted value is followed over at most `MAX_VALUE_CHARACTERS`)."""
    with wall_clock_alarm(30, "recherche des valeurs à mettre entre guillemets"):
        find_traps(text)


@pytest.mark.parametrize("text", [
    "texte: |\n  Attention: lisez [ceci] #1\n  *important* & {x}\n  - 09:00: fermé\nnom: X\n",
    "note: >-\n  Porte 3 #B : à gauche\n\n  @accueil\nnom: X\n",
    "liste:\n  - |\n    a: b\n  - >\n    [x] y\n",
    "texte: |2\n    indenté: oui\n",
    "texte: |  # un commentaire\n  a: b\n",
])
def test_block_texts_are_left_alone(text: str) -> None:
    """`|` and `>` alone open a block text: whatever its lines hold, it is text."""
    assert find_traps(text) == []
    assert problems_of(text) == []


@pytest.mark.parametrize("text", [
    'acces: "Entrée B : suivre le fléchage #3"\n',
    "acces: 'L''entrée : porte #3'\n",
    'note: "Attention\n  : fermé #2"\nnom: X\n',
    "note: '*important'\n",
    'liste:\n  - "09:00: fermé"\n  - \'[A] Niveau 2\'\n',
    '"clé: étrange": valeur\n',
])
def test_quoted_values_are_left_alone(text: str) -> None:
    """A value between quotes, even over several lines, reads exactly as written."""
    assert find_traps(text) == []
    assert problems_of(text) == []


@pytest.mark.parametrize("text", [
    "# nom: *x\n# - 09:00: fermé\nnom: X\n",
    "nom: Cardiologie   # à vérifier : appeler le cadre\n",
    "nom: Cardiologie # [A] *x\n",
    "liste:\n  # - 09:00: fermé\n  - a   # note: b\n",
])
def test_comments_are_left_alone(text: str) -> None:
    """A comment (`#` after a space, then a space) may hold anything."""
    assert find_traps(text) == []
    assert problems_of(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("url: https://www.exemple.fr/page#ancre?x=1:2\n", "https://www.exemple.fr/page#ancre?x=1:2"),
    ("heure: 08:30\n", "08:30"),
    ("horaires: lundi-vendredi 08:30-12:00, 13:30-17:00\n",
     "lundi-vendredi 08:30-12:00, 13:30-17:00"),
    ("numero: -2\n", "-2"),
    ("note: 100 % remboursé\n", "100 % remboursé"),
    ("note: Bâtiment C#2\n", "Bâtiment C#2"),
    ("note: a&b, x*y, c! @d [e] {f}\n", "a&b, x*y, c! @d [e] {f}"),
    ("note: ?oui\n", "?oui"),
    ("mots: [a, b, c d]\n", ["a", "b", "c d"]),
    ("mots: [a, b,\n  c]\n", ["a", "b", "c"]),
    ("bloc: {a: b, c: d}  # un bloc\n", {"a": "b", "c": "d"}),
    ("liste:\n  - numero: 02 61 91 00 00\n", [{"numero": "02 61 91 00 00"}]),
    (f"mots: [{'a' * 5000}]\n", ["a" * 5000]),
])
def test_what_yaml_reads_as_written_is_no_trap(text: str, expected: object) -> None:
    """URLs (`:` without a space), hours, `#` inside a word, lists written on purpose."""
    assert find_traps(text) == []
    assert value_of(text, next(iter(value_of(text)))) == expected  # type: ignore[arg-type]


def _sample_texts() -> list[tuple[str, str]]:
    files = [*sorted((REPO / "directory").rglob("*.yml")),
             *sorted((REPO / "generator" / "data").glob("*.yml"))]
    texts = [(str(f.relative_to(REPO)), f.read_text("utf-8")) for f in files]
    for page in sorted((REPO / "content").rglob("*.md")):
        text = page.read_text("utf-8")
        if text.startswith("---\n"):
            texts.append((str(page.relative_to(REPO)), text.split("\n---", 1)[0][4:]))
    return texts


def test_no_false_alarm_on_the_sample() -> None:
    """The sample's directory, the tool's word list and the pages' headers: nothing."""
    texts = _sample_texts()
    assert len(texts) > 8
    assert [(name, trap.line) for name, text in texts for trap in find_traps(text)] == []


def test_no_false_alarm_on_the_reference_examples() -> None:
    """Every YAML example of docs/reference.md, except those shown as wrong, has no trap."""
    blocks = [(m["title"], m["body"]) for m in YAML_BLOCK.finditer(
        REFERENCE.read_text("utf-8"))]
    right = [body for title, body in blocks if "faux" not in title]
    assert len(right) > 15
    assert [(body, find_traps(body)) for body in right if find_traps(body)] == []


def test_the_reference_shows_each_trap_wrong_then_right() -> None:
    """Section 7: each « faux » block is what `portal check` flags, line by line, and the
    « juste » block under it is exactly the fix the message shows."""
    text = REFERENCE.read_text("utf-8").split("## 7. ")[1].split("\n## 8. ")[0]
    pairs = re.findall(r'```yaml title="faux"\n(.*?)```\n+```yaml title="juste"\n(.*?)```',
                       text, re.DOTALL)
    shown = [trap for wrong, _ in pairs for trap in find_traps(wrong)]
    assert len(shown) >= 10 and len({trap.why for trap in shown}) >= 10
    for wrong, right in pairs:
        traps = find_traps(wrong)
        changed = [n for n, (a, b) in enumerate(
            zip(wrong.splitlines(), right.splitlines(), strict=True), 1) if a != b]
        assert [trap.line for trap in traps] == changed, wrong
        assert quoted_text(wrong, traps) == right, wrong
        assert find_traps(right) == [] and load_yaml_text(right, FILE)[1] == []


PLAIN = st.text(st.sampled_from("ab :#*&![]{}%@`|>-?,\"'\\é"), min_size=1, max_size=14)


@given(PLAIN)
@example("a: b")
@example("*x")
@example("[a] b")
@example("a #b")
@example("- a")
@example("'a' b")
@example('"a" b')
@example("a:")
def test_quoting_the_value_reported_always_makes_the_trap_go_away(value: str) -> None:
    """Whatever is typed after `nom:`, once reported, the rewritten line reads back the same
    text, and is no trap anymore."""
    text = f"nom: {value.strip()}\nautre: x\n"
    traps = find_traps(text)
    if not traps:
        return
    [trap] = traps
    fixed = quoted_text(text, traps)
    assert find_traps(fixed) == []
    assert value_of(fixed, "nom") == trap.value


def test_ten_traps_in_a_copy_of_the_sample_give_ten_errors_in_one_portal_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The acceptance: ten different quoting traps, one `portal check`, ten errors."""
    for name in ("mkdocs.yml", "logo.svg", "directory", "content"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    assert portal_main(["--project", str(tmp_path), "--now", SAMPLE_MOMENT, "check"]) == 0
    capsys.readouterr()
    traps = (tmp_path / "directory" / "services" / "pieges.yml")
    traps.write_text("""\
etablissement: hopital-saint-aubin
services:
  - id: pieges
    nom: *Urgences de nuit
    type: consultation
    specialite: &Cardiologie
    description: !Important à lire avant de venir
    localisation:
      batiment: [B] Bâtiment des urgences
      etage: {2} deuxième étage
      acces: Porte 3 #B puis à gauche
    rendez_vous: Sur rendez-vous : appelez le matin
    telephones:
      - numero: 02 61 91 19 90
        libelle: %Accueil
        horaires: | lundi-vendredi 08:30-17:00
    mots_cles:
      - cardio
      - Cœur: palpitations
""", encoding="utf-8")

    assert portal_main(["--project", str(tmp_path), "--now", SAMPLE_MOMENT, "check"]) == 1

    out = capsys.readouterr()
    said = [line for line in (out.out + out.err).splitlines()
            if line.startswith("directory/services/pieges.yml:")]
    assert [int(line.split(":")[1]) for line in said] == [4, 6, 7, 9, 10, 11, 12, 15, 16, 19]
    assert all("erreur : valeur à mettre entre guillemets" in line for line in said)
    assert said[0].endswith('mettez la valeur entre guillemets : nom: "*Urgences de nuit"')
    assert said[-1].endswith('mettez la valeur entre guillemets : - "Cœur: palpitations"')


@given(PLAIN)
@example("Porte 3 #B")
@example("a: b")
def test_a_value_not_reported_reads_exactly_as_typed(value: str) -> None:
    """No silent loss: unless it is a list, a quoted value or a block text on purpose, a value
    the scanner lets through is read as typed, a trailing comment apart."""
    typed = value.strip()
    if not typed or typed[0] in "#[{\"'" or re.fullmatch(r"[|>][1-9+-]{0,2}", typed):
        return
    text = f"nom: {typed}\nautre: x\n"
    if find_traps(text):
        return
    meant = re.split(r"[ \t]#(?=[ \t]|$)", typed)[0].rstrip()
    assert value_of(text, "nom") == meant


@pytest.mark.parametrize(("text", "line", "words"), [
    ("mots_cles: [cœur, cardio\nnom: X\n", 2, "commence par « [ » est lue comme une liste"),
    ("mots_cles: [cœur, [cardio] x]\n", 1, "commence par « [ » est lue comme une liste"),
    ("bloc: {a: 1, b\n", 2, "commence par « { » est lu"),
    ("[A] Niveau 2: x\n", 1, "commence par « [ » ou « { » est lue comme une liste"),
    ("liste:\n  - a\n - b\n", 3, "tiret « - » mal aligné"),
])
def test_what_reaches_the_parser_is_explained_by_its_real_cause(text: str, line: int,
                                                                 words: str) -> None:
    """A list on purpose but broken, a line opening with `[`, a dash out of line: the message
    names it, never a bare « indentation incohérente » or « clé invalide »."""
    [(found_line, _, message, hint)] = problems_of(text)
    assert found_line == line
    assert words in message
    assert "indentation incohérente" not in message and "clé invalide" not in message
    assert ("alignez les tirets" if "tiret" in words else "entre guillemets") in hint
