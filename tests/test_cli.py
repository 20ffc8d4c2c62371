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
    assert commands() == ["build", "check", "diff", "exercice", "export", "import", "init",
                          "keygen", "publish", "schemas", "serve", "verify"]
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


def test_common_options_work_before_and_after_the_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`portal --now X build` and `portal build --now X` mean the same; defaults stay."""
    parser = _parser()
    before = parser.parse_args(["--now", "2026-11-20 10:00", "--project", str(tmp_path),
                                "build"])
    after = parser.parse_args(["build", "--now", "2026-11-20 10:00", "--project",
                               str(tmp_path)])
    assert (before.now, before.project) == (after.now, after.project)
    assert before.now.isoformat() == "2026-11-20T10:00:00+01:00"
    plain = parser.parse_args(["check"])
    assert plain.now is None and str(plain.project) == "."
