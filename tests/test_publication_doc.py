"""docs/publication.md (for IT staff) names only keys, commands, options and verdicts that exist."""

from __future__ import annotations

import argparse
import re
import shlex
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.cli import _parser
from generator.model.mirrors import Mirror, MirrorsFile
from generator.verify import Verdict

PAGE = Path(__file__).resolve().parent.parent / "docs" / "publication.md"
FENCED = re.compile(r"^```(?P<lang>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`\n]+)`")
COMMAND = re.compile(r"(?:^|(?<=[\s/(]))portal(?=\s+(?:--|[a-z]))(?P<rest>.*)$")
SHELL_STOP = {"|", "||", "&&", ";", ">", ">>", "<", "2>&1", "&"}
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)
ANCHOR_LINK = re.compile(r"\]\(#([^)]+)\)")


def _text() -> str:
    return PAGE.read_text(encoding="utf-8")


def _code_lines() -> list[str]:
    """Every line of every fenced block, and every inline code span outside those blocks."""
    text = _text()
    lines = [line for m in FENCED.finditer(text) for line in m["body"].splitlines()]
    prose = FENCED.sub("", text)
    return lines + [m.group(1) for m in INLINE.finditer(prose)]


def _tokens(rest: str) -> list[str]:
    """The words after `portal`, up to a shell operator, without the usage brackets."""
    try:
        words = shlex.split(rest, comments=True)
    except ValueError:  # an unbalanced quote in a line of output
        words = rest.split()
    tokens = []
    for word in words:
        if word in SHELL_STOP or word.startswith((">", "|")):
            break
        word = word.strip("[]")
        if word:
            tokens.append(word)
    return tokens


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _takes_value(parser: argparse.ArgumentParser, option: str) -> bool:
    action = parser._option_string_actions[option]
    return action.nargs != 0


def _invocations() -> list[tuple[str, str, list[str]]]:
    """(line, command, options written after it) for every `portal …` written in code."""
    top = _parser()
    found = []
    for line in _code_lines():
        for match in COMMAND.finditer(line):
            tokens = _tokens(match["rest"])
            while tokens and tokens[0].startswith("--"):
                option = tokens.pop(0).split("=")[0]
                assert option in top._option_string_actions, f"{option} inconnue : {line}"
                if "=" not in option and _takes_value(top, option) and tokens:
                    tokens.pop(0)
            assert tokens, f"aucune commande après « portal » : {line}"
            options = [t.split("=")[0] for t in tokens[1:] if t.startswith("--")]
            found.append((line, tokens[0], options))
    return found


def _anchor(heading: str) -> str:
    """The id Python-Markdown's `toc` gives a heading (same rule as docs/reference.md)."""
    text = unicodedata.normalize("NFKD", re.sub(r"[`*]", "", heading))
    text = re.sub(r"[^\w\s-]", "", text.encode("ascii", "ignore").decode()).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@pytest.mark.parametrize("key", sorted({field.alias for model in (Mirror, MirrorsFile)
                                        for field in model.model_fields.values()
                                        if field.alias}))
def test_every_mirrors_key_is_documented(key: str) -> None:
    """Each key miroirs.yml accepts is written in the page as `key`."""
    assert f"`{key}`" in _text()


def test_every_yaml_block_parses() -> None:
    """Each ```yaml block can be copied as is: yaml.safe_load reads it."""
    blocks = [m["body"] for m in FENCED.finditer(_text()) if m["lang"].strip() == "yaml"]
    assert blocks, "no yaml block in the page"
    for body in blocks:
        yaml.safe_load(body)


def test_every_portal_command_exists() -> None:
    """Every `portal <command>` written in the page is a real subcommand."""
    commands = _subcommands()
    found = _invocations()
    assert {"build", "publish", "verify", "keygen"} <= {c for _, c, _ in found}
    for line, command, _ in found:
        assert command in commands, f"« portal {command} » n'existe pas : {line}"


def test_verify_and_publish_options_exist() -> None:
    """Every --option written after `portal verify` or `portal publish` is accepted by it."""
    commands = _subcommands()
    checked = 0
    for line, command, options in _invocations():
        if command not in ("verify", "publish"):
            continue
        known = commands[command]._option_string_actions
        for option in options:
            assert option in known, f"« {option} » inconnue de portal {command} : {line}"
            checked += 1
    assert checked, "no option of portal verify / publish is shown in the page"


@pytest.mark.parametrize("verdict", [v.value for v in Verdict])
def test_every_verdict_is_explained(verdict: str) -> None:
    """Each verdict portal verify can give appears in the page as `verdict`."""
    assert f"`{verdict}`" in _text()


def test_internal_links_point_to_headings() -> None:
    """Every (#anchor) link of the page leads to one of its headings."""
    text = _text()
    anchors = {_anchor(h) for h in HEADING.findall(FENCED.sub("", text))}
    missing = [a for a in ANCHOR_LINK.findall(text) if a not in anchors]
    assert not missing, missing
