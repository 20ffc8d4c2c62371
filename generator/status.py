"""The crisis as it stands at one moment: what is in force, what changed, what to do.

Pure functions of the validated directory and `now` (Europe/Paris): the same data built
at two moments gives two different sites, which is how a closure written in advance
starts on time. Pages get these shaped values and never compare dates themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TypeVar

from generator.i18n import N_, SITE_DASH
from generator.model import (
    KNOWN_FUNCTIONS,
    Directory,
    EmergencyNumber,
    Establishment,
    FunctionState,
    HospitalFunction,
    ModeState,
    OperatingMode,
    Service,
    ServiceKind,
    ServiceStatus,
    StatusLevel,
)
from generator.model.crisis import Alternative, FamilyLine, Window
from generator.model.phones import Phone

FUNCTION_KINDS = {"urgences": ServiceKind.URGENCES, "consultations": ServiceKind.CONSULTATION,
                  "hospitalisation": ServiceKind.HOSPITALISATION,
                  "imagerie": ServiceKind.IMAGERIE, "laboratoire": ServiceKind.LABORATOIRE}
"""The services a function's alternatives concern: its kind (the emergency departments of
the closed site for `urgences`); other functions (messaging, payment…) concern no page."""


@dataclass(frozen=True)
class Place:
    """Where to go instead, ready for a page: an establishment of the group or outside."""

    name: str
    address: str
    phones: tuple[tuple[str, Phone], ...]
    """(label, number): a group establishment's switchboard, and its emergency numbers
    when emergencies are what is closed; an outside place's one number."""
    note: str | None
    establishment: Establishment | None
    """Set for an establishment of the group: pages link to its page."""


@dataclass(frozen=True)
class FunctionNow:
    """A hospital-wide function (or one establishment's) and its state in force."""

    id: str
    name: str
    level: StatusLevel
    note: str | None
    advice: str | None
    """What patients should do instead; only when the function is not working normally."""
    establishment: Establishment | None = None
    """Only at this establishment; `None` for the whole group."""
    alternatives: tuple[Place, ...] = ()
    until: dt.datetime | None = None
    """When the state in force ends (`au`), if it says so."""


@dataclass(frozen=True)
class EstablishmentNow:
    establishment: Establishment
    mode: OperatingMode
    note: str | None
    alternatives: tuple[Place, ...] = ()
    until: dt.datetime | None = None


@dataclass(frozen=True)
class Redirect:
    """"`subject` is `label`: go to `places`" — one line of the banner, a block of a page."""

    subject: str
    label: str
    level: StatusLevel
    places: tuple[Place, ...]
    establishment_id: str | None
    """The establishment concerned (a closed site, one site's function); `None`: the group."""
    function_id: str | None
    """The function concerned; `None` for an establishment's own mode."""
    until: dt.datetime | None = None


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
    family_line: FamilyLine | None = None
    """The relatives' information line, while a crisis file is there."""

    @property
    def redirects(self) -> list[Redirect]:
        """Everything not normal that names somewhere else to go, functions first."""
        found = [Redirect(f.name, f.level.label.lower(), f.level, f.alternatives,
                          f.establishment.id if f.establishment else None, f.id, f.until)
                 for f in self.functions if f.level is not StatusLevel.NORMAL and f.alternatives]
        found += [Redirect(e.establishment.name, e.mode.label.lower(), e.mode.level,
                           e.alternatives, e.establishment.id, None, e.until)
                  for e in self.establishments
                  if e.mode is not OperatingMode.NORMAL and e.alternatives]
        return found

    def redirects_for_establishment(self, establishment: Establishment) -> list[Redirect]:
        """Its own mode's, and those of functions limited to it."""
        return [r for r in self.redirects if r.establishment_id == establishment.id]

    def redirects_for_service(self, service: Service,
                              establishment: Establishment) -> list[Redirect]:
        """Its establishment's closure, and a function of its kind (``urgences`` for an
        emergency department) at its establishment or group-wide, minus its own site."""
        found = []
        for redirect in self.redirects:
            if redirect.function_id is None:
                concerned = redirect.establishment_id == establishment.id
            else:
                concerned = (FUNCTION_KINDS.get(redirect.function_id) is service.kind
                             and redirect.establishment_id in (None, establishment.id))
            places = tuple(p for p in redirect.places
                           if p.establishment is None or p.establishment.id != establishment.id)
            if concerned and places:
                found.append(replace(redirect, places=places))
        return found

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
    places = _PlaceMaker(directory)
    functions = [_function_now(f, now, places) for f in crisis.functions] if crisis else []
    modes = {m.establishment: m.states for m in crisis.establishments} if crisis else {}
    establishments = [_establishment_now(e, modes.get(e.id, ()), now, places)
                      for e in directory.establishments]
    statuses = {s.id: s.status for s in directory.public_services
                if s.status is not None and s.status.applies_at(now)}
    history = _history(directory, now)
    updates = [c.when for c in history] + ([crisis.updated] if crisis and crisis.updated else [])
    return Snapshot(now=now, situation=crisis.situation if crisis else None,
                    last_update=max((u for u in updates if u <= now), default=None),
                    functions=functions, establishments=establishments, history=history,
                    service_statuses=statuses,
                    family_line=crisis.family_line if crisis else None)


class _PlaceMaker:
    """Turns `alternatives:` items into places, with the group's names and numbers."""

    def __init__(self, directory: Directory) -> None:
        self.by_id = {e.id: e for e in directory.establishments}
        self.emergencies: dict[str, list[EmergencyNumber]] = {}
        for number in directory.group.emergencies:
            if number.establishment:
                self.emergencies.setdefault(number.establishment, []).append(number)

    def __call__(self, alternatives: tuple[Alternative, ...],
                 function_id: str | None = None) -> tuple[Place, ...]:
        return tuple(p for p in (self._place(a, function_id) for a in alternatives) if p)

    def _place(self, alternative: Alternative, function_id: str | None) -> Place | None:
        if alternative.establishment is None:
            assert alternative.name and alternative.address and alternative.phone
            return Place(alternative.name, alternative.address,
                         ((N_("Téléphone"), alternative.phone),), alternative.note, None)
        site = self.by_id.get(alternative.establishment)
        if site is None:  # reported by `portal check`; nothing to link to
            return None
        phones: list[tuple[str, Phone]] = []
        if function_id == "urgences":
            phones = [(n.name, n.number) for n in self.emergencies.get(site.id, [])]
        phones = phones or [(N_("Standard"), site.switchboard)]
        return Place(site.name, site.address, tuple(phones), alternative.note, site)


S = TypeVar("S", bound=Window)


def in_force(states: tuple[S, ...], now: dt.datetime) -> S | None:
    """The state that applies at `now`; of several, the one that started last."""
    applying = [s for s in states if s.applies_at(now)]
    return max(applying, key=_start_or_epoch, default=None)


def _function_now(function: HospitalFunction, now: dt.datetime,
                  places: _PlaceMaker) -> FunctionNow:
    """Without a state in force (not started yet, or ended), a function works normally."""
    state = in_force(function.states, now)
    name = _function_name(function, places.by_id)
    site = places.by_id.get(function.establishment or "")
    if state is None or state.level is StatusLevel.NORMAL:
        return FunctionNow(id=function.id, name=name, level=StatusLevel.NORMAL,
                           note=state.note if state else None, advice=None, establishment=site)
    usual_advice = KNOWN_FUNCTIONS.get(function.id, ("", None))[1]
    return FunctionNow(id=function.id, name=name, level=state.level,
                       note=state.note, advice=state.advice or usual_advice, establishment=site,
                       alternatives=places(state.alternatives, function.id), until=state.end)


def _function_name(function: HospitalFunction, sites: dict[str, Establishment]) -> str:
    """« Urgences », or « Urgences – Centre hospitalier de … » for one site's function."""
    name = function.name or KNOWN_FUNCTIONS.get(function.id, (function.id, ""))[0]
    site = sites.get(function.establishment or "")
    return f"{name}{SITE_DASH}{site.name}" if site and not function.name else name


def _establishment_now(establishment: Establishment, states: tuple[ModeState, ...],
                       now: dt.datetime, places: _PlaceMaker) -> EstablishmentNow:
    state = in_force(states, now)
    if state is None:
        return EstablishmentNow(establishment, OperatingMode.NORMAL, None)
    return EstablishmentNow(establishment, state.mode, state.note, places(state.alternatives),
                            until=state.end)


def _history(directory: Directory, now: dt.datetime) -> list[Change]:
    """Every dated state that has started, newest first: the status page's journal."""
    changes: list[Change | None] = []
    crisis = directory.crisis
    if crisis:
        sites = {e.id: e for e in directory.establishments}
        for function in crisis.functions:
            name = _function_name(function, sites)
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
