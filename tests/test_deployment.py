"""The CI recipes shipped for hospitals only call commands and targets that exist."""

from __future__ import annotations

import argparse
import re

import pytest
import yaml

from generator.cli import _parser
from generator.publish import load_mirrors
from tests.conftest import REPO

RECIPES = ["github-actions.yml", "gitlab-ci.yml"]
"""Named, not globbed: a glob matching nothing would make pytest skip every check."""


def portal_commands() -> set[str]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_shipped_recipe_is_checked() -> None:
    """A recipe added to deploiement/ is added to RECIPES too (and a removed one, removed)."""
    assert sorted(p.name for p in (REPO / "deploiement").glob("*-*.yml")) == RECIPES


@pytest.mark.parametrize("recipe", RECIPES)
def test_recipe_is_valid_yaml_calling_real_commands(recipe: str) -> None:
    """Every `portal X` in a recipe is a real command; no `make` (a hospital has no Makefile)."""
    text = (REPO / "deploiement" / recipe).read_text("utf-8")
    yaml.safe_load(text)
    used_portal = set(re.findall(r"portal (\w+)", text)) - {"keygen"}
    assert used_portal and used_portal <= portal_commands(), used_portal
    assert not re.findall(r"\bmake (\w+)", text)
    assert "fetch-depth: 0" in text or 'GIT_DEPTH: "0"' in text  # dates from git history


def test_recipes_cover_push_and_schedule() -> None:
    """Both recipes publish on a push to the main branch and rebuild on a schedule."""
    github = yaml.safe_load((REPO / "deploiement/github-actions.yml").read_text())
    assert set(github[True]) >= {"push", "schedule"}  # YAML 1.1 reads `on` as True
    gitlab = (REPO / "deploiement/gitlab-ci.yml").read_text()
    assert '$CI_PIPELINE_SOURCE == "schedule"' in gitlab


def test_example_mirrors_file_is_valid() -> None:
    """The example a hospital copies passes the same checks as its own file."""
    mirrors, problems = load_mirrors(REPO / "deploiement/miroirs.exemple.yml", REPO)
    assert problems == [] and len(mirrors) == 4
