"""One Jinja environment for the portal's templates; theme overrides MiniJinja could render."""

from __future__ import annotations

import re

from generator.templating import FILTERS, template_environment
from tests.conftest import REPO

GENERATOR = REPO / "generator"
CALL_WITH_ARGUMENTS = re.compile(r"\b[A-Za-z_]\w*\.[A-Za-z_]\w*\((?!\))")
"""`obj.method(arg)`: a Python method call with arguments, which MiniJinja cannot make."""
MATERIAL_CALLS = {"lang.t("}
"""Material's translation helper, copied with its header; Zensical's templates have it too."""


def test_only_templating_makes_an_environment_over_the_portal_templates() -> None:
    """Every page, feed, banner, poster and partners' document goes through one factory:
    a filter added there reaches them all (init.py's project templates are another set)."""
    makers = sorted(path.relative_to(GENERATOR).as_posix()
                    for path in GENERATOR.rglob("*.py")
                    if "jinja2.Environment(" in path.read_text("utf-8"))
    assert makers == ["init.py", "templating.py"]


def test_every_filter_is_registered_once_in_every_environment() -> None:
    """The pages' filters are in every environment, including one with no page names."""
    env = template_environment()
    assert set(FILTERS) <= set(env.filters)
    assert "directory" not in env.globals


def test_the_environment_names_are_not_shared_between_builds() -> None:
    """Two environments never see each other's names (no state left by an earlier build)."""
    first = template_environment(directory="a")
    second = template_environment()
    assert first.globals["directory"] == "a" and "directory" not in second.globals


def test_theme_overrides_make_no_python_method_call() -> None:
    """The theme's templates only print, loop and filter: a MiniJinja renderer (Zensical) can
    render them; Material's own `lang.t(…)` is the one call, and Zensical provides it."""
    calls = []
    for path in sorted((GENERATOR / "theme").rglob("*.html")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for found in CALL_WITH_ARGUMENTS.finditer(line):
                if line[found.start():found.end()] not in MATERIAL_CALLS:
                    calls.append(f"{path.name}:{number}: {found.group()}")
    assert calls == []


def test_pages_share_only_what_macros_need_the_rest_is_each_page_s_context() -> None:
    """Eight names are environment-wide (the macros cannot be given a page's context; the
    language, like the gettext functions, is the whole environment's); every other name a
    page uses is passed to it explicitly."""
    import jinja2

    from generator.project import check_project
    from generator.render import _Renderer
    from generator.status import snapshot
    from tests.conftest import NOW

    directory = check_project(REPO, NOW).directory
    assert directory is not None
    renderer = _Renderer(directory, snapshot(directory, NOW), None)
    with_gettext = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    with_gettext.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    shared = set(renderer.env.globals) - set(with_gettext.globals)
    assert shared == {"directory", "state", "service_page", "establishment_page", "status_of",
                      "new_number", "service_entry", "LANGUAGE"}
    assert "A_TO_Z" in renderer.names and "STATUS" in renderer.names
