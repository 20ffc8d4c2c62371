"""Templates compiled once per process (`portal serve` rebuilds on every save), never stale."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.compiled_templates import CompiledTemplates


class _Counting(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        _Counting.compiled += 1
        return super().compile(*args, **kwargs)


def _render(folder: Path, cache: CompiledTemplates, **options: bool) -> str:
    env = _Counting(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache,
                    autoescape=True, **options)
    return env.get_template("page.html").render(name="<Cardiologie>")


def test_a_fresh_environment_reuses_the_compiled_template(tmp_path: Path) -> None:
    """The second rebuild's environment renders the same page without compiling it again."""
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>\n", "utf-8")
    cache = CompiledTemplates()
    _Counting.compiled = 0
    first = _render(tmp_path, cache)
    second = _render(tmp_path, cache)
    assert first == second == "<p>&lt;Cardiologie&gt;</p>"
    assert _Counting.compiled == 1


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    """A template changed between two rebuilds shows its new text, never the old one."""
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>", "utf-8")
    cache = CompiledTemplates()
    assert _render(tmp_path, cache) == "<p>&lt;Cardiologie&gt;</p>"
    (tmp_path / "page.html").write_text("<h1>{{ name }}</h1>", "utf-8")
    assert _render(tmp_path, cache) == "<h1>&lt;Cardiologie&gt;</h1>"


def test_environments_with_other_options_do_not_share_code(tmp_path: Path) -> None:
    """`trim_blocks` and autoescaping change the compiled code: each gets its own."""
    (tmp_path / "page.html").write_text("{% if name %}\n{{ name }}{% endif %}", "utf-8")
    cache = CompiledTemplates()
    assert _render(tmp_path, cache, trim_blocks=True) == "&lt;Cardiologie&gt;"
    assert _render(tmp_path, cache, trim_blocks=False) == "\n&lt;Cardiologie&gt;"
    raw = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache,
                             trim_blocks=True, autoescape=False)
    assert raw.get_template("page.html").render(name="<Cardiologie>") == "<Cardiologie>"
