"""Warnings: what does not block a build but deserves a look (old or incomplete entries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile, Location
from generator.model import EstablishmentFile, Group, Service, ServicesFile
from generator.model.phones import Phone
from generator.validate.crisis import ended_state
from generator.validate.numbers_in_texts import directory_texts, refused_numbers

STALE_AFTER_DAYS = 180
"""An entry not verified for six months is probably out of date: warn, do not block."""


def service_warnings(establishment_files: list[tuple[EstablishmentFile, LoadedFile]],
              services_files: list[tuple[ServicesFile, LoadedFile]],
              now: dt.datetime) -> list[Diagnostic]:
    files: list[tuple[EstablishmentFile | ServicesFile, LoadedFile]] = [
        *establishment_files, *services_files]
    return [*(warning for file, loaded in files for index, service in enumerate(file.services)
              for warning in _service_warnings(service, loaded, index, now)),
            *(warning for file, loaded in files for warning in phone_warnings(file, loaded))]


def phone_warnings(block: Group | EstablishmentFile | ServicesFile,
                   loaded: LoadedFile) -> list[Diagnostic]:
    """A warning at each published number that deserves a second look (09, shared cost…),
    and at each number written in a text that cannot become a call link."""
    return [*(Diagnostic(loaded.path, loaded.line_of(location), "phone.unusual",
                         f"{phone.display} : {phone.caution}",
                         "vérifiez que c'est bien le numéro à publier ; si oui, rien à faire",
                         Severity.WARNING)
              for phone, location in _published_phones(block) if phone.caution),
            *refused_numbers(directory_texts(block), loaded)]


def _published_phones(block: Group | EstablishmentFile | ServicesFile,
                      ) -> Iterator[tuple[Phone, Location]]:
    """Every number a patient will see in `block`, with where it was written."""
    if isinstance(block, Group):
        for index, emergency in enumerate(block.emergencies):
            yield emergency.number, ("urgences", index, "numero")
        return
    if isinstance(block, EstablishmentFile):
        yield block.establishment.switchboard, ("etablissement", "standard")
    for index, service in enumerate(block.services):
        for number, phone in enumerate(service.phones):
            if service.public and phone.public:
                yield phone.number, ("services", index, "telephones", number, "numero")


def _service_warnings(service: Service, loaded: LoadedFile, index: int,
                      now: dt.datetime) -> list[Diagnostic]:
    today = now.date()
    found = []
    if service.status is not None:
        ended = ended_state(service.status, loaded, ("services", index, "statut", "au"), now)
        found += [ended] if ended else []
    if service.verified_on and (today - service.verified_on).days > STALE_AFTER_DAYS:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index, "verifie_le")), "service.stale",
            f"« {service.name} » n'a pas été vérifié depuis le "
            f"{service.verified_on.strftime('%d/%m/%Y')}",
            "vérifiez ses numéros puis mettez à jour « verifie_le »", Severity.WARNING))
    if service.verified_on and service.verified_on > today:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index, "verifie_le")), "service.future-date",
            f"date de vérification dans le futur ({service.verified_on.isoformat()})",
            "écrivez la date du jour de la vérification", Severity.WARNING))
    if service.public and not service.public_phones:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index)), "service.no-public-phone",
            f"« {service.name} » n'a aucun numéro public : les patients ne pourront pas appeler",
            "ajoutez un numéro dans « telephones » ou indiquez « public: non »", Severity.WARNING))
    return found

