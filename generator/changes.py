"""What patients will see change between two versions of the data, said in French.

`compare` takes two `Snapshot`s (`generator.public_view`: public data only, so no change
can name a professional-only number); `describe` and `as_markdown` say the changes.
`portal diff`, the spreadsheet import summary and the site's recent-changes page all go
through them, so a change is said in the same words everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from generator.clock import PARIS
from generator.public_view import (
    PublicCommunique,
    PublicEstablishment,
    PublicFunction,
    PublicNumber,
    PublicService,
    Snapshot,
    one_line,
    snapshot_of,
)

__all__ = ["Change", "ChangeKind", "PublicCommunique", "PublicEstablishment", "PublicFunction",
           "PublicNumber", "PublicService", "Snapshot", "as_markdown", "compare", "describe",
           "snapshot_of"]

# --- What changed -----------------------------------------------------------------------


class ChangeKind(StrEnum):
    """What changed; the order is the order of a service's lines in a report."""

    SITUATION_CHANGED = "situation_changed"
    CRISIS_CHANGED = "crisis_changed"
    ESTABLISHMENT_ADDED = "establishment_added"
    ESTABLISHMENT_REMOVED = "establishment_removed"
    SERVICE_ADDED = "service_added"
    SERVICE_REMOVED = "service_removed"
    NAME_CHANGED = "name_changed"
    ADDRESS_CHANGED = "address_changed"
    STATUS_CHANGED = "status_changed"
    MODE_CHANGED = "mode_changed"
    NUMBER_CHANGED = "number_changed"
    NUMBER_ADDED = "number_added"
    NUMBER_REMOVED = "number_removed"
    LABEL_CHANGED = "label_changed"
    HOURS_CHANGED = "hours_changed"
    COMMUNIQUE_ADDED = "communique_added"
    COMMUNIQUE_REMOVED = "communique_removed"
    COMMUNIQUE_CHANGED = "communique_changed"


_KIND_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}
_GROUP = "Numéros d'urgence"
_NORMAL = "Fonctionnement normal"
"""What patients read when nothing is wrong; a state's text without it means the same."""


@dataclass(frozen=True)
class Change:
    """One thing patients will see differently, with the texts before and after."""

    kind: ChangeKind
    establishment_id: str = ""
    """Empty for what concerns the whole group (emergency numbers, crisis, communiqués)."""
    establishment_name: str = ""
    service_id: str | None = None
    service_name: str | None = None
    subject: str = ""
    """What inside it: a number's label, a function's name, a communiqué's title."""
    before: str | None = None
    after: str | None = None


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every difference patients will see, going from `before` to `after`, in report order:
    the crisis first, then the group's numbers, each establishment and its services, then
    communiqués."""
    ranks: dict[str, int] = {}
    for site in (*after.establishments, *before.establishments):
        ranks.setdefault(site.id, len(ranks))
    changes = [*_crisis_changes(before, after), *_number_changes(before.emergencies,
                                                                 after.emergencies, _group())]
    changes += _establishment_changes(before, after)
    changes += _service_changes(before, after)
    changes += _communique_changes(before, after)
    return sorted(changes, key=lambda c: (_section(c), ranks.get(c.establishment_id, 0),
                                          c.service_name or "", c.service_id or "",
                                          _KIND_ORDER[c.kind],
                                          "" if _section(c) == 3 else c.subject))


def _group() -> Change:
    return Change(ChangeKind.NUMBER_CHANGED, establishment_name=_GROUP)


def _section(change: Change) -> int:
    """The crisis, the group's numbers, the establishments, the communiqués."""
    if change.kind in (ChangeKind.SITUATION_CHANGED, ChangeKind.CRISIS_CHANGED):
        return 0
    if change.kind.name.startswith("COMMUNIQUE"):
        return 3
    return 2 if change.establishment_id else 1


def _crisis_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    changes = []
    if before.situation != after.situation:
        changes.append(Change(ChangeKind.SITUATION_CHANGED, before=before.situation,
                              after=after.situation))
    old = {(f.id, f.establishment_id): f for f in before.functions}
    new = {(f.id, f.establishment_id): f for f in after.functions}
    normal = _NORMAL
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        function = now or was
        assert function is not None
        if (was.state if was else normal) != (now.state if now else normal):
            changes.append(Change(ChangeKind.CRISIS_CHANGED, function.establishment_id,
                                  subject=function.name,
                                  before=was.state if was else normal,
                                  after=now.state if now else normal))
    return changes


def _establishment_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    old = {e.id: e for e in before.establishments}
    new = {e.id: e for e in after.establishments}
    changes = []
    for eid in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(eid), new.get(eid)
        site = now or was
        assert site is not None
        base = Change(ChangeKind.NAME_CHANGED, eid, site.name)
        if was is None or now is None:
            kind = ChangeKind.ESTABLISHMENT_ADDED if was is None else \
                ChangeKind.ESTABLISHMENT_REMOVED
            changes.append(_with(base, kind))
            continue
        changes += _differences(base, [(ChangeKind.NAME_CHANGED, was.name, now.name),
                                       (ChangeKind.ADDRESS_CHANGED, was.address, now.address),
                                       (ChangeKind.MODE_CHANGED, _state(was.mode),
                                        _state(now.mode))])
        changes += _number_changes((PublicNumber("Standard", was.switchboard),),
                                   (PublicNumber("Standard", now.switchboard),), base)
    return changes


def _service_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    names = {e.id: e.name for e in (*before.establishments, *after.establishments)}
    names |= {e.id: e.name for e in after.establishments}
    old = {s.id: s for s in before.services}
    new = {s.id: s for s in after.services}
    changes = []
    for sid in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(sid), new.get(sid)
        service = now or was
        assert service is not None
        base = Change(ChangeKind.NAME_CHANGED, service.establishment_id,
                      names.get(service.establishment_id, service.establishment_id),
                      sid, service.name)
        if was is None or now is None:
            kind = ChangeKind.SERVICE_ADDED if was is None else ChangeKind.SERVICE_REMOVED
            changes.append(_with(base, kind))
            continue
        changes += _differences(base, [(ChangeKind.NAME_CHANGED, was.name, now.name),
                                       (ChangeKind.STATUS_CHANGED, _state(was.status),
                                        _state(now.status)),
                                       (ChangeKind.HOURS_CHANGED, _hours(was.hours),
                                        _hours(now.hours))])
        changes += _number_changes(was.numbers, now.numbers, base)
    return changes


def _number_changes(before: Sequence[PublicNumber], after: Sequence[PublicNumber],
                    base: Change) -> list[Change]:
    """Numbers are matched by label and number, then by label (the number changed), then by
    number (the label changed); what is left was added or removed."""
    old, new = list(before), list(after)
    pairs: list[tuple[PublicNumber, PublicNumber]] = []
    for same in (lambda a, b: a.label == b.label and a.number == b.number,
                 lambda a, b: a.label == b.label, lambda a, b: a.number == b.number):
        pairs += _pair(old, new, same)
    changes = []
    for was, now in pairs:
        changes += _differences(
            _with(base, ChangeKind.NUMBER_CHANGED, subject=now.label),
            [(ChangeKind.NUMBER_CHANGED, was.number, now.number),
             (ChangeKind.LABEL_CHANGED, was.label, now.label),
             (ChangeKind.HOURS_CHANGED, _hours(was.hours), _hours(now.hours))])
    changes += [_with(base, ChangeKind.NUMBER_REMOVED, subject=n.label, before=n.number)
                for n in old]
    changes += [_with(base, ChangeKind.NUMBER_ADDED, subject=n.label, after=n.number)
                for n in new]
    return changes


def _pair(old: list[PublicNumber], new: list[PublicNumber],
          same: Callable[[PublicNumber, PublicNumber], bool]
          ) -> list[tuple[PublicNumber, PublicNumber]]:
    """Takes matching numbers out of `old` and `new`, in order, and returns them paired."""
    pairs = []
    for was in list(old):
        now = next((n for n in new if same(was, n)), None)
        if now is not None:
            old.remove(was)
            new.remove(now)
            pairs.append((was, now))
    return pairs


def _state(text: str | None) -> str | None:
    """`None` for « normal, no note », however it is written (a copy built by another
    version of the tool may write it out)."""
    return None if text in (None, _NORMAL) else text


def _hours(lines: tuple[str, ...]) -> str:
    return " ; ".join(lines) if lines else "non précisés"


def _differences(base: Change, fields: list[tuple[ChangeKind, str | None, str | None]]
                 ) -> list[Change]:
    return [_with(base, kind, before=was, after=now) for kind, was, now in fields if was != now]


def _with(base: Change, kind: ChangeKind, **values: str | None) -> Change:
    fields = {"subject": base.subject, "before": base.before, "after": base.after, **values}
    return Change(kind, base.establishment_id, base.establishment_name, base.service_id,
                  base.service_name, fields["subject"] or "", fields["before"],
                  fields["after"])


def _communique_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    old = {c.slug: c for c in before.communiques}
    new = {c.slug: c for c in after.communiques}
    changes = []
    for slug in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(slug), new.get(slug)
        if was is None or now is None:
            kind = ChangeKind.COMMUNIQUE_ADDED if was is None else ChangeKind.COMMUNIQUE_REMOVED
            shown = now or was
            assert shown is not None
            changes.append(Change(kind, subject=shown.title, before=_when(shown.date)))
        elif (was.title, was.date) != (now.title, now.date):
            changes.append(Change(ChangeKind.COMMUNIQUE_CHANGED, subject=now.title,
                                  before=f"« {was.title} » du {_when(was.date)}",
                                  after=f"« {now.title} » du {_when(now.date)}"))
    return changes


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone(PARIS)
    minutes = f" {local.minute:02d}" if local.minute else ""
    return f"{local:%d/%m/%Y} à {local.hour} h{minutes}"


# --- Said in French ---------------------------------------------------------------------


def describe(changes: Sequence[Change]) -> list[str]:
    """One French line per change: « Cardiologie (Hôpital Saint-Aubin) : numéro
    02 61 91 10 10 → 02 61 91 10 20 (Secrétariat) »."""
    return [f"{_subject(c)} : {_SAID[c.kind](c)}" for c in changes]


def _subject(change: Change) -> str:
    if change.kind is ChangeKind.SITUATION_CHANGED:
        return "Bandeau de crise"
    if change.kind is ChangeKind.CRISIS_CHANGED:
        return change.subject
    if change.kind.name.startswith("COMMUNIQUE"):
        return "Communiqué"
    if change.service_name is not None:
        return f"{change.service_name} ({change.establishment_name})"
    return change.establishment_name


def _state_arrow(change: Change, prefix: str = "") -> str:
    """« Fonctionnement perturbé → Service interrompu », the note said once: a state is its
    label, then « — » and its note (`generator.public_view`)."""
    was, _, old_note = (change.before or _NORMAL).partition(" — ")
    now, _, new_note = (change.after or _NORMAL).partition(" — ")
    if was == now and not old_note:
        return f"note ajoutée « {new_note} »"
    if was == now and not new_note:
        return f"note retirée « {old_note} »"
    if was == now:
        return f"note « {old_note} » → « {new_note} »"
    if old_note == new_note and old_note:
        return f"{prefix}{was} → {now} (note inchangée)"
    return f"{prefix}{change.before or _NORMAL} → {change.after or _NORMAL}"


def _arrow(change: Change) -> str:
    return f"{change.before} → {change.after}"


def _quoted(text: str | None) -> str:
    return f"« {text} »" if text else "aucun"


_SAID: dict[ChangeKind, Callable[[Change], str]] = {
    ChangeKind.SITUATION_CHANGED: lambda c: f"{_quoted(c.before)} → {_quoted(c.after)}",
    ChangeKind.CRISIS_CHANGED: _state_arrow,
    ChangeKind.ESTABLISHMENT_ADDED: lambda c: "établissement ajouté",
    ChangeKind.ESTABLISHMENT_REMOVED: lambda c: "établissement retiré",
    ChangeKind.SERVICE_ADDED: lambda c: "service ajouté",
    ChangeKind.SERVICE_REMOVED: lambda c: "service retiré",
    ChangeKind.NAME_CHANGED: lambda c: f"nom « {c.before} » → « {c.after} »",
    ChangeKind.ADDRESS_CHANGED: lambda c: f"adresse {_arrow(c)}",
    ChangeKind.STATUS_CHANGED: lambda c: _state_arrow(c, "état "),
    ChangeKind.MODE_CHANGED: _state_arrow,
    ChangeKind.NUMBER_CHANGED: lambda c: f"numéro {_arrow(c)} ({c.subject})",
    ChangeKind.NUMBER_ADDED: lambda c: f"numéro ajouté {c.after} ({c.subject})",
    ChangeKind.NUMBER_REMOVED: lambda c: f"numéro retiré {c.before} ({c.subject})",
    ChangeKind.LABEL_CHANGED: lambda c: f"libellé « {c.before} » → « {c.after} »",
    ChangeKind.HOURS_CHANGED: lambda c: (f"horaires du numéro « {c.subject} » {_arrow(c)}"
                                         if c.subject else f"horaires {_arrow(c)}"),
    ChangeKind.COMMUNIQUE_ADDED: lambda c: f"ajouté « {c.subject} » ({c.before})",
    ChangeKind.COMMUNIQUE_REMOVED: lambda c: f"retiré « {c.subject} » ({c.before})",
    ChangeKind.COMMUNIQUE_CHANGED: _arrow,
}


def as_markdown(changes: Sequence[Change], title: str) -> str:
    """A job summary or merge-request comment: a title, then one list item per change.

    Every text from the data is escaped: a name written ``<img …>`` or ``*x*`` shows as
    typed, and ``@name`` or ``#12`` notifies nobody and links nowhere.
    """
    lines = [f"## {_markdown_text(title)}", ""]
    if not changes:
        lines.append("Aucun changement visible par les patients.")
    else:
        count = len(changes)
        lines.append(f"{count} changement{'s' if count > 1 else ''} visible"
                     f"{'s' if count > 1 else ''} par les patients :")
        lines.append("")
        lines += [f"- {_markdown_text(line)}" for line in describe(changes)]
    return "\n".join(lines) + "\n"


_MARKDOWN_SAFE = {**{c: f"\\{c}" for c in "\\`*_[]|~$"},
                  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                  "@": "&#64;", "#": "&#35;"}
"""Markdown and HTML both read these (GitHub and GitLab render HTML in comments too)."""


_LIST_MARKER = re.compile(r"^(\d+)([.)])|^([-+])")
"""« 1. Cardiologie » or « - x » at the start of a list item would open a list inside it."""


def _markdown_text(text: str) -> str:
    escaped = "".join(_MARKDOWN_SAFE.get(c, c) for c in one_line(text))
    return _LIST_MARKER.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)
