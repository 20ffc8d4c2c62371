"""Checks of ``crise.yml`` that span several blocks: unique ids, known names, ended states,
and an update too old for the moment of the build."""

from __future__ import annotations

import datetime as dt

from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile, Location
from generator.model import KNOWN_FUNCTIONS, CrisisFile, HospitalFunction, StatusLevel
from generator.model.crisis import Window
from generator.validate.links import did_you_mean, unknown_establishment
from generator.validate.numbers_in_texts import crisis_texts, refused_numbers

STALE_AFTER = dt.timedelta(hours=24)
"""In a crisis the situation changes by the hour: a day without an update deserves a look."""


def check_crisis(crisis: CrisisFile, loaded: LoadedFile, establishment_ids: set[str],
                 now: dt.datetime) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen_functions: dict[tuple[str, str | None], int] = {}
    for index, function in enumerate(crisis.functions):
        line = loaded.line_of(("fonctions", index, "id"))
        key = (function.id, function.establishment)
        if key in seen_functions:
            found.append(Diagnostic(loaded.path, line, "function.duplicate-id",
                                    f"fonction « {function.id} » déjà décrite ligne "
                                    f"{seen_functions[key]}",
                                    "ajoutez ses états à la liste « etats » de la première"))
        seen_functions.setdefault(key, line)
        if function.establishment is not None and function.establishment not in establishment_ids:
            found.append(unknown_establishment(
                function.establishment, loaded,
                loaded.line_of(("fonctions", index, "etablissement")), establishment_ids))
        if function.name is None and function.id not in KNOWN_FUNCTIONS:
            found.append(Diagnostic(
                loaded.path, line, "function.unknown",
                f"fonction « {function.id} » inconnue du portail",
                did_you_mean(function.id, list(KNOWN_FUNCTIONS))
                + " Pour une nouvelle fonction, donnez-lui un nom avec « nom: … »."))
        elif function.id not in KNOWN_FUNCTIONS:
            found += _missing_advice(function, loaded, ("fonctions", index))
        found += _ended(function.states, loaded, ("fonctions", index), now)
    seen: dict[str, int] = {}
    for index, modes in enumerate(crisis.establishments):
        line = loaded.line_of(("etablissements", index, "etablissement"))
        if modes.establishment not in establishment_ids:
            found.append(unknown_establishment(modes.establishment, loaded, line,
                                               establishment_ids))
        elif modes.establishment in seen:
            found.append(Diagnostic(loaded.path, line, "establishment.duplicate-mode",
                                    f"établissement « {modes.establishment} » déjà décrit ligne "
                                    f"{seen[modes.establishment]}",
                                    "ajoutez ses états à la liste « etats » de la première"))
        seen.setdefault(modes.establishment, line)
        found += _ended(modes.states, loaded, ("etablissements", index), now)
    found += _unknown_alternatives(crisis, loaded, establishment_ids)
    found += refused_numbers(crisis_texts(crisis), loaded)
    stale = _stale(crisis, loaded, now)
    return found + ([stale] if stale else [])


def _stale(crisis: CrisisFile, loaded: LoadedFile, now: dt.datetime) -> Diagnostic | None:
    """A warning when the latest update (``mis_a_jour`` or a state's ``du``) is over 24 h old."""
    starts = [s.start for f in crisis.functions for s in f.states]
    starts += [s.start for m in crisis.establishments for s in m.states]
    updates = [u for u in [crisis.updated, *starts] if u is not None and u <= now]
    if not updates or now - max(updates) <= STALE_AFTER:
        return None
    latest = max(updates)
    days = (now - latest).days  # at least 1: more than 24 h have passed
    shown = f"{days} jour{'s' if days > 1 else ''}"
    return Diagnostic(loaded.path, loaded.line_of(("mis_a_jour",)), "crisis.stale",
                      f"la situation n'a pas été mise à jour depuis {shown} (dernière mise à "
                      f"jour le {latest.strftime('%d/%m/%Y à %H:%M')})",
                      "relisez crise.yml ; si tout est encore vrai, écrivez l'heure de cette "
                      "relecture dans « mis_a_jour: »", Severity.WARNING)


def _unknown_alternatives(crisis: CrisisFile, loaded: LoadedFile,
                          establishment_ids: set[str]) -> list[Diagnostic]:
    """Every `alternatives: - etablissement: x` must name an establishment of the group."""
    blocks: list[tuple[str, int, tuple[Window, ...]]] = [
        ("fonctions", i, f.states) for i, f in enumerate(crisis.functions)]
    blocks += [("etablissements", i, m.states) for i, m in enumerate(crisis.establishments)]
    found = []
    for key, index, states in blocks:
        for number, state in enumerate(states):
            for place, alternative in enumerate(getattr(state, "alternatives", ())):
                if alternative.establishment is None or \
                        alternative.establishment in establishment_ids:
                    continue
                line = loaded.line_of((key, index, "etats", number, "alternatives", place,
                                       "etablissement"))
                found.append(unknown_establishment(alternative.establishment, loaded, line,
                                                   establishment_ids))
    return found


def _missing_advice(function: HospitalFunction, loaded: LoadedFile,
                    location: tuple[str | int, ...]) -> list[Diagnostic]:
    """A new function not working normally should tell patients what to do instead."""
    return [Diagnostic(loaded.path, loaded.line_of((*location, "etats", index)),
                       "function.no-advice",
                       f"« {function.name} » n'est pas normal mais ne dit pas quoi faire à la "
                       "place : il n'apparaîtra pas dans « Ce qui change pour vous »",
                       "ajoutez « consigne: … » à cet état", Severity.WARNING)
            for index, state in enumerate(function.states)
            if state.level is not StatusLevel.NORMAL and state.advice is None]


def ended_state(window: Window, loaded: LoadedFile, location: Location,
                now: dt.datetime) -> Diagnostic | None:
    """A warning, at `location` (its `au`), for a state whose `au` has passed: it shows only
    in the history now."""
    if window.end is None or window.end > now:
        return None
    when = window.end.strftime("%d/%m/%Y à %H:%M")
    return Diagnostic(loaded.path, loaded.line_of(location), "status.ended",
                      f"cet état a pris fin le {when} : il n'est plus affiché, sauf dans "
                      "l'historique",
                      "rien à faire s'il doit rester dans l'historique ; sinon retirez-le, ou "
                      "corrigez la date « au »", Severity.WARNING)


def _ended(states: tuple[Window, ...], loaded: LoadedFile, location: tuple[str | int, ...],
           now: dt.datetime) -> list[Diagnostic]:
    found = []
    for index, state in enumerate(states):
        warning = ended_state(state, loaded, (*location, "etats", index, "au"), now)
        if warning:
            found.append(warning)
    return found
