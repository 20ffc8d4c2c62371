"""What the published site shows patients, as plain texts: the ground `portal diff` compares.

A `Snapshot` holds only what pages show (public services and numbers, hours, statuses,
crisis states, published communiqués), in the words pages use, so that two snapshots
compare field by field and one rebuilt from a mirror's published data
(`generator.public_data`) compares with one built from YAML. Professional-only numbers
(`public: non`) and non-public services never enter one: nothing built from a snapshot
can leak them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Directory, OperatingMode, Service, ServiceStatus, StatusLevel
from generator.model.communique import Communique
from generator.model.hours import NBSP
from generator.model.phones import Phone
from generator.status import snapshot as status_snapshot

FAMILY_LINE = "Cellule d'information des familles"


@dataclass(frozen=True)
class PublicNumber:
    """A number as a page shows it: its label, the number, and when it answers."""

    label: str
    number: str
    """``02 61 91 10 10``; `` (SMS seulement)`` or `` (appel ou SMS)`` after it if so."""
    hours: tuple[str, ...] = ()
    """One sentence per line, as pages say them (« Du lundi au vendredi, de 9 h à 17 h »)."""


@dataclass(frozen=True)
class PublicService:
    id: str
    name: str
    establishment_id: str
    numbers: tuple[PublicNumber, ...] = ()
    hours: tuple[str, ...] = ()
    status: str | None = None
    """The status in force (« Fonctionnement perturbé — note »); `None` when it has none,
    or only says « normal » with no note: the page then shows no status either way."""


@dataclass(frozen=True)
class PublicEstablishment:
    id: str
    name: str
    address: str
    switchboard: str
    mode: str | None = None
    """The operating mode in force when not normal (« Fermé — note »), else `None`."""


@dataclass(frozen=True)
class PublicFunction:
    """A crisis function (« Urgences », « Messagerie électronique ») and its state in force."""

    id: str
    name: str
    state: str
    establishment_id: str = ""
    """Set for one establishment's function: ids repeat across establishments."""


@dataclass(frozen=True)
class PublicCommunique:
    slug: str
    title: str
    date: dt.datetime


@dataclass(frozen=True)
class Snapshot:
    """What the published site shows at one moment; only public data, in page order."""

    establishments: tuple[PublicEstablishment, ...] = ()
    services: tuple[PublicService, ...] = ()
    emergencies: tuple[PublicNumber, ...] = ()
    """The group's emergency numbers (label = their name), then the relatives' line of
    ``crise.yml`` (label `FAMILY_LINE`) while there is one."""
    functions: tuple[PublicFunction, ...] = ()
    situation: str | None = None
    """The crisis banner's sentence; `None` in normal times."""
    communiques: tuple[PublicCommunique, ...] = ()


def snapshot_of(directory: Directory, now: dt.datetime,
                communiques: Sequence[Communique] = ()) -> Snapshot:
    """What the site built from `directory` at `now` shows: public only, states in force."""
    status = status_snapshot(directory, now)
    modes = {e.establishment.id: e for e in status.establishments}
    establishments = []
    for site in directory.establishments:
        mode = modes.get(site.id)
        shown_mode = (_with_note(mode.mode.label, mode.note)
                      if mode is not None and mode.mode is not OperatingMode.NORMAL else None)
        establishments.append(PublicEstablishment(site.id, one_line(site.name),
                                                  one_line(site.address),
                                                  site.switchboard.display, shown_mode))
    services = tuple(_public_service(s, directory.establishment_of[s.id].id,
                                     status.service_statuses.get(s.id))
                     for s in directory.public_services)
    emergencies = tuple(PublicNumber(one_line(e.name), _number_text(e.number))
                        for e in directory.group.emergencies)
    if status.family_line is not None:  # on the home page while a crisis file is there
        line = status.family_line
        emergencies += (PublicNumber(FAMILY_LINE, _number_text(line.phone),
                                     tuple(one_line(h.text) for h in line.hours)),)
    functions = tuple(PublicFunction(f.id, one_line(f.name), _with_note(f.level.label, f.note),
                                     f.establishment.id if f.establishment else "")
                      for f in status.functions)
    published = sorted((c for c in communiques if c.is_published(now)),
                       key=lambda c: (c.date, c.slug))
    return Snapshot(
        establishments=tuple(establishments), services=services, emergencies=emergencies,
        functions=functions,
        situation=one_line(status.situation) if status.situation else None,
        communiques=tuple(PublicCommunique(c.slug, one_line(c.title), c.date)
                          for c in published))


def _public_service(service: Service, establishment_id: str,
                    status: ServiceStatus | None) -> PublicService:
    usual = status is None or (status.level is StatusLevel.NORMAL and not status.note)
    shown = None if usual or status is None else _with_note(status.level.label, status.note)
    numbers = tuple(PublicNumber(one_line(p.label), _number_text(p.number),
                                 tuple(one_line(h.text) for h in p.hours))
                    for p in service.public_phones)
    return PublicService(service.id, one_line(service.name), establishment_id, numbers,
                         tuple(one_line(h.text) for h in service.hours), shown)


def _number_text(phone: Phone) -> str:
    if phone.sms_only:
        return f"{phone.display} (SMS seulement)"
    return f"{phone.display} (appel ou SMS)" if phone.sms_href else phone.display


def _with_note(label: str, note: str | None) -> str:
    return f"{label} — {one_line(note)}" if note else label


def one_line(text: str) -> str:
    """Single spaces, no line breaks: what a list item, a terminal or a JSON value shows."""
    return " ".join(text.replace(NBSP, " ").split())
