"""`portal serve` reuses a service's page and entries only while what they show is unchanged."""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from generator.kept_renders import KeptRenders
from generator.render import SERVICE_READS
from generator.templating import template_environment


def _reads(env: jinja2.Environment, template: str, macro: str | None = None) -> set[str]:
    """The names a template (or one of its macros) reads, following the macros it calls;
    `state.now` counted apart, since kept renders are compared without it."""
    assert env.loader is not None
    tree = env.parse(env.loader.get_source(env, template)[0])
    macros = {m.name: m for m in tree.find_all(nodes.Macro)}
    imported: dict[str, tuple[str, str]] = {}
    for found in tree.find_all(nodes.FromImport):
        assert isinstance(found.template, nodes.Const)
        for name in found.names:
            original, alias = name if isinstance(name, tuple) else (name, name)
            imported[alias] = (found.template.value, original)
    bodies: list[nodes.Node] = ([macros[macro]] if macro else
                                [n for n in tree.body if not isinstance(n, nodes.Macro)])
    read: set[str] = set()
    local = {"loop"}
    for body in bodies:
        for name in body.find_all(nodes.Name):
            (read if name.ctx == "load" else local).add(name.name)
        if any(g.attr == "now" and isinstance(g.node, nodes.Name) and g.node.name == "state"
               for g in body.find_all(nodes.Getattr)):
            read.add("state.now")
    names = set()
    for name in read - local:
        if name in macros and name != macro:
            names |= _reads(env, template, name)
        elif name in imported:
            names |= _reads(env, *imported[name])
        elif name != macro:
            names.add(name)
    return names


def test_a_service_page_and_its_entry_read_only_what_their_renders_are_compared_by() -> None:
    """A template change making them show something else (the group's name, the clock) fails
    here, not as a stale page in someone's preview."""
    env = template_environment()
    reads = _reads(env, "service.html") | _reads(env, "_macros.html", "entry_html")
    assert reads <= SERVICE_READS, reads - SERVICE_READS
    assert {"service", "state", "new_number", "status_of"} <= reads  # the walk sees them


def test_a_render_is_reused_only_while_what_it_is_made_of_is_equal() -> None:
    """Same values: the last render; another value, or what every render reads changed:
    made again; a name not rendered in the last build is forgotten."""
    kept, made = KeptRenders(), []

    def make(text: str) -> str:
        made.append(text)
        return text

    kept.begin("crise A")
    kept.render("a", 1, lambda: make("a1"))
    kept.render("b", 1, lambda: make("b1"))
    kept.begin("crise A")
    assert kept.render("a", 1, lambda: make("a1 again")) == "a1"
    assert kept.render("b", 2, lambda: make("b2")) == "b2"
    assert kept.made == ["b"]
    kept.begin("crise B")
    assert kept.render("a", 1, lambda: make("a1 under B")) == "a1 under B"
    kept.begin("crise B")
    assert kept.render("b", 2, lambda: make("b2 again")) == "b2 again"
    assert made == ["a1", "b1", "b2", "a1 under B", "b2 again"]
