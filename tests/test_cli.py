"""The CLI: every command documented, with help, and usable without arguments."""

from __future__ import annotations

import argparse

import pytest

from generator.cli import _parser, main
from tests.conftest import REPO


def commands() -> list[str]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_every_command_has_help_and_is_in_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    """A command nobody can discover does not exist: help text and README row for each."""
    readme = (REPO / "README.md").read_text("utf-8")
    assert commands() == ["build", "check", "serve"]
    for command in commands():
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert len(capsys.readouterr().out) > 80
        assert f"`portal {command}" in readme


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """`portal` alone explains itself instead of failing silently."""
    assert main([]) == 2
    assert "check" in capsys.readouterr().out
