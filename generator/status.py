"""The crisis as it stands at one moment: what is in force, what changed, what to do.

Pure functions of the validated directory and `now` (Europe/Paris): the same data built
at two moments gives two different sites, which is how a closure written in advance
starts on time. Pages get these shaped values and never compare dates themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from generator.model import (
    KNOWN_FUNCTIONS,
    Directory,
    Establishment,
    FunctionState,
    HospitalFunction,
    ModeState,
    OperatingMode,
    Service,
    ServiceStatus,
    StatusLevel,
)
from generator.model.crisis import Window


@dataclass(frozen=True)
class FunctionNow:
    """A hospital-wide function and its state in force."""

    id: str
    name: str
    level: StatusLevel
    note: str | None
    advice: str | None
    """What patients should do instead; only when the function is not working normally."""


@dataclass(frozen=True)
class EstablishmentNow:
    establishment: Establishment
    mode: OperatingMode
    note: str | None


@dataclass(frozen=True)
class Change:
    """One line of the history: from `when`, `subject` was `label`."""

    when: dt.datetime
    subject: str
    level: StatusLevel
    label: str
    note: str | None


@dataclass(frozen=True)
class Snapshot:
    """Everything pages need to know about the crisis at `now`."""

    now: dt.datetime
    situation: str | None
    """The banner's sentence; `None` in normal times (no banner)."""
    last_update: dt.datetime | None
    functions: list[FunctionNow]
    establishments: list[EstablishmentNow]
    history: list[Change]
    service_statuses: dict[str, ServiceStatus]
    """Public service id → the status in force, only for services that have one now."""

    @property
    def advice(self) -> list[FunctionNow]:
        """The functions not working normally that come with something to do instead."""
        return [f for f in self.functions if f.level is not StatusLevel.NORMAL and f.advice]

    @property
    def interrupted(self) -> list[FunctionNow]:
        return [f for f in self.functions if f.level is not StatusLevel.NORMAL]

    @property
    def all_normal(self) -> bool:
        """Nothing anywhere is disrupted: the only case where a page may say "all is normal".

        Not the same as "no crisis file": a service marked ``perturbe`` in its own file
        is news for patients too, and every summary must agree with the lists below it.
        """
        return (not self.interrupted
                and all(e.mode is OperatingMode.NORMAL for e in self.establishments)
                and all(s.level is StatusLevel.NORMAL for s in self.service_statuses.values()))

    def disrupted_services(self, services: list[Service]) -> list[Service]:
        return [s for s in services if s.id in self.service_statuses
                and self.service_statuses[s.id].level is not StatusLevel.NORMAL]


def snapshot(directory: Directory, now: dt.datetime) -> Snapshot:
    crisis = directory.crisis
    functions = [_function_now(f, now) for f in crisis.functions] if crisis else []
    modes = {m.establishment: m.states for m in crisis.establishments} if crisis else {}
    establishments = [_establishment_now(e, modes.get(e.id, ()), now)
                      for e in directory.establishments]
    statuses = {s.id: s.status for s in directory.public_services
                if s.status is not None and s.status.applies_at(now)}
    history = _history(directory, now)
    updates = [c.when for c in history] + ([crisis.updated] if crisis and crisis.updated else [])
    return Snapshot(now=now, situation=crisis.situation if crisis else None,
                    last_update=max((u for u in updates if u <= now), default=None),
                    functions=functions, establishments=establishments, history=history,
                    service_statuses=statuses)


S = TypeVar("S", bound=Window)


def in_force(states: tuple[S, ...], now: dt.datetime) -> S | None:
    """The state that applies at `now`; of several, the one that started last."""
    applying = [s for s in states if s.applies_at(now)]
    return max(applying, key=_start_or_epoch, default=None)


def _function_now(function: HospitalFunction, now: dt.datetime) -> FunctionNow:
    """Without a state in force (not started yet, or ended), a function works normally."""
    state = in_force(function.states, now)
    name, usual_advice = KNOWN_FUNCTIONS.get(function.id, (function.id, None))
    if state is None or state.level is StatusLevel.NORMAL:
        return FunctionNow(id=function.id, name=function.name or name, level=StatusLevel.NORMAL,
                           note=state.note if state else None, advice=None)
    return FunctionNow(id=function.id, name=function.name or name, level=state.level,
                       note=state.note, advice=state.advice or usual_advice)


def _establishment_now(establishment: Establishment, states: tuple[ModeState, ...],
                       now: dt.datetime) -> EstablishmentNow:
    state = in_force(states, now)
    if state is None:
        return EstablishmentNow(establishment, OperatingMode.NORMAL, None)
    return EstablishmentNow(establishment, state.mode, state.note)


def _history(directory: Directory, now: dt.datetime) -> list[Change]:
    """Every dated state that has started, newest first: the status page's journal."""
    changes: list[Change | None] = []
    crisis = directory.crisis
    if crisis:
        for function in crisis.functions:
            name = function.name or KNOWN_FUNCTIONS.get(function.id, (function.id, ""))[0]
            changes += [_change(s, name, s.level, s.level.label, s.note) for s in function.states]
        names = {e.id: e.name for e in directory.establishments}
        for modes in crisis.establishments:
            changes += [_change(s, names.get(modes.establishment, modes.establishment),
                                s.mode.level, s.mode.label, s.note) for s in modes.states]
    for service in directory.public_services:
        status = service.status
        if status is not None:
            changes.append(_change(status, service.name, status.level, status.level.label,
                                   status.note))
    started = [c for c in changes if c is not None and c.when <= now]
    return sorted(started, key=lambda c: (c.when, c.subject), reverse=True)


def _change(state: FunctionState | ModeState | ServiceStatus, subject: str,
            level: StatusLevel, label: str, note: str | None) -> Change | None:
    """A line of history, for states that say when they started (`du`)."""
    if state.start is None:
        return None
    return Change(when=state.start, subject=subject, level=level, label=label, note=note)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _start_or_epoch(state: Window) -> dt.datetime:
    return state.start or _EPOCH
