"""Renders kept from one preview build to the next: a save re-renders only what it changed.

At N = 3,000 services, rendering every service page and list entry again took most of a
preview's wait, though a one-number edit changes one service. `portal serve` keeps one
`KeptRenders` across its builds; each render is named and given what it is made of (the
values its template reads), and is reused while those compare equal. What every render
reads (the crisis state, the clock aside) is compared once per build: when it changed,
nothing is reused. `portal build` uses one that keeps nothing (`keeping=False`): it renders
everything once, and holding each render would hold every service's page for the build.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class KeptRenders:
    """The last build's renders by name, with what each was made of."""

    def __init__(self, keeping: bool = True) -> None:
        self.keeping = keeping
        self.shared: object = None
        self.last: dict[Hashable, tuple[object, object]] = {}
        self.current: dict[Hashable, tuple[object, object]] = {}
        self.made: list[Hashable] = []
        """The names rendered again (not reused) since `begin`: for tests."""
        self.parts: dict[str, KeptRenders] = {}

    def part(self, name: str) -> KeptRenders:
        """The renders of another output (the pages' JSON-LD…), begun on their own."""
        return self.parts.setdefault(name, KeptRenders(self.keeping))

    def begin(self, shared: object) -> None:
        """A new build; `shared`: what every render reads besides its own values."""
        self.last = self.current if shared == self.shared else {}
        self.shared, self.current, self.made = shared, {}, []

    def render(self, name: Hashable, made_of: object, make: Callable[[], T]) -> T:
        """The last build's render of `name` if it was made of the same, else `make()`."""
        kept = self.last.get(name)
        if kept is not None and kept[0] == made_of:
            value: T = kept[1]  # type: ignore[assignment]  # stored by this method, as a T
        else:
            value = make()
            self.made.append(name)
        if self.keeping:
            self.current[name] = (made_of, value)
        return value
