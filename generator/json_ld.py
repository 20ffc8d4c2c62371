"""schema.org JSON-LD: what a search engine may show beside the portal's pages.

The group and its establishments (`MedicalOrganization`, `Hospital`) with their address and
switchboard, each service (`MedicalClinic`) with its public lines (`ContactPoint`) and hours
(`OpeningHoursSpecification`), the crisis and each communiqué (`SpecialAnnouncement`). It
says what the pages say, from the same model: numbers as `Phone.dial` (E.164 or a short
number), only public services and public lines, the crisis as in the status snapshot.
The group itself has no address nor number of its own in `groupe.yml`: none is made up.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import partial

from generator.i18n import N_, SOURCE_LANGUAGE, translations
from generator.kept_renders import KeptRenders
from generator.model import Directory, Establishment, Service, ServiceKind, ServicePhone
from generator.model.communique import Communique
from generator.model.hours import DAYS, HoursLine
from generator.model.phones import Phone
from generator.render import HOME, STATUS, establishment_page, html_url, service_page
from generator.search_engines import canonical_url
from generator.status import Snapshot
from generator.written_texts import TextStore

CONTEXT = "https://schema.org"
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
assert len(_DAY_NAMES) == len(DAYS)
_POSTAL = re.compile(r"^(?P<street>.+?),?\s+(?P<code>\d{5})\s+(?P<city>[^,\d][^,]*)$")
"""« 12 avenue des Tilleuls, 35990 Vallée-Fictive »: street, postcode, town."""
_HOSPITAL_KINDS = (ServiceKind.URGENCES, ServiceKind.HOSPITALISATION)
Node = dict[str, object]


def structured_data(directory: Directory, state: Snapshot, communiques: Iterable[Communique],
                    primary: str | None, valid_until: dt.datetime | None = None,
                    language: str = SOURCE_LANGUAGE,
                    kept: KeptRenders | None = None,
                    into: TextStore | None = None) -> TextStore:
    """Page path in docs → the text of its `<script type="application/ld+json">`.

    `valid_until`: when this build stops counting as current (the manifest's expiry), the
    crisis announcement's `expires`: a copy no longer rebuilt stops being shown as news.
    `language`: the page's, for the few words the portal adds (the data stays as written).
    `kept`: the last preview build's, whose services' texts are reused while unchanged.
    `into`: where each text goes once made (`generator.written_texts`), returned.
    """
    data = _Data(directory, primary, language)
    crisis = [data.crisis(state, valid_until)] if state.situation else []
    pages: dict[str, list[Node]] = {HOME: [data.group(), *crisis], STATUS: crisis}
    for establishment in directory.establishments:
        pages[establishment_page(establishment)] = [data.establishment(establishment)]
    for communique in communiques:
        pages[communique.page] = [data.communique(communique)]
    texts = {} if into is None else into
    texts.update({path: script_text(nodes) for path, nodes in pages.items() if nodes})
    kept = (kept or KeptRenders(keeping=False)).part("json-ld")
    kept.begin((language, primary))
    for service in directory.public_services:
        # A service's node reads its establishment and what kind of place that is.
        establishment = directory.establishment_of[service.id]
        texts[service_page(service)] = kept.render(
            service.id, (service, establishment, data.kind_of[establishment.id], primary),
            partial(_service_text, data, service))
    return texts


def _service_text(data: _Data, service: Service) -> str:
    return script_text([data.service(service)])


def script_text(nodes: list[Node]) -> str:
    """JSON that no text from the data can end early or turn into markup: `<`, `>` and `&`
    are written `\\u003c`, `\\u003e`, `\\u0026` (the same JSON strings once parsed), so neither
    `</script>` nor `<!--` nor anything the build's inline-script check looks for is left."""
    data: object = {"@context": CONTEXT, **nodes[0]} if len(nodes) == 1 else \
        {"@context": CONTEXT, "@graph": nodes}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Data:
    """The nodes of one directory, addresses absolute at `primary` (none without it)."""

    def __init__(self, directory: Directory, primary: str | None,
                 language: str = SOURCE_LANGUAGE) -> None:
        self.directory = directory
        self.primary = primary
        self.gettext = translations(language).gettext
        self.services_of: dict[str, list[Service]] = {e.id: [] for e in directory.establishments}
        for service in directory.public_services:
            self.services_of[directory.establishment_of[service.id].id].append(service)
        self.kind_of = {e.id: self._establishment_type(e) for e in directory.establishments}

    def url(self, page: str) -> dict[str, str]:
        """`{"url": …}` for a page, empty without a primary address (no relative URLs)."""
        if self.primary is None:
            return {}
        return {"url": canonical_url(self.primary, html_url(page))}

    def group(self) -> Node:
        group = self.directory.group
        return {"@type": "MedicalOrganization", "name": group.name, **self.url(HOME),
                **({"description": group.description} if group.description else {}),
                "subOrganization": [self.establishment(e, brief=True)
                                    for e in self.directory.establishments]}

    def group_reference(self) -> Node:
        return {"@type": "MedicalOrganization", "name": self.directory.group.name,
                **self.url(HOME)}

    def establishment(self, establishment: Establishment, brief: bool = False) -> Node:
        node: Node = {"@type": self.kind_of[establishment.id],
                      "name": establishment.name,
                      **self.url(establishment_page(establishment)),
                      "address": postal_address(establishment.address),
                      **_telephone(establishment.switchboard)}
        if brief:
            return node
        services = self.services_of[establishment.id]
        return {**node, "parentOrganization": self.group_reference(),
                **({"description": establishment.note} if establishment.note else {}),
                "department": [{"@type": "MedicalClinic", "name": s.name,
                                **self.url(service_page(s)), **_first_telephone(s)}
                               for s in services]}

    def _establishment_type(self, establishment: Establishment) -> str:
        """`Hospital` for a site with emergencies or beds; a health centre is an organisation."""
        kinds = {s.kind for s in self.services_of[establishment.id]}
        return "Hospital" if kinds & set(_HOSPITAL_KINDS) else "MedicalOrganization"

    def service(self, service: Service) -> Node:
        establishment = self.directory.establishment_of[service.id]
        phones = _callable(service)
        node: Node = {"@type": "MedicalClinic", "name": service.name,
                      **self.url(service_page(service)),
                      **({"description": service.description} if service.description else {}),
                      "address": postal_address(establishment.address),
                      **_first_telephone(service)}
        if phones:
            node["contactPoint"] = [
                {"@type": "ContactPoint", "contactType": p.label, **_telephone(p.number),
                 **({"hoursAvailable": opening_hours(p.hours)} if p.hours else {})}
                for p in phones]
        if service.hours:
            node["openingHoursSpecification"] = opening_hours(service.hours)
        node["parentOrganization"] = self.establishment(establishment, brief=True)
        return node

    def crisis(self, state: Snapshot, valid_until: dt.datetime | None) -> Node:
        crisis = self.directory.crisis
        posted = (crisis.updated if crisis and crisis.updated else None) or state.last_update
        return {"@type": "SpecialAnnouncement",
                "name": f"{self.gettext(N_('État des services'))} – {self.directory.group.name}",
                "text": state.situation or "", **self.url(STATUS),
                **({"datePosted": posted.isoformat()} if posted else {}),
                **({"expires": valid_until.isoformat()} if valid_until else {}),
                "publisher": self.group_reference()}

    def communique(self, communique: Communique) -> Node:
        return {"@type": "SpecialAnnouncement", "name": communique.title,
                "text": communique.summary or communique.title,
                **self.url(communique.page), "datePosted": communique.date.isoformat(),
                **({"expires": communique.expires.isoformat()} if communique.expires else {}),
                "publisher": self.group_reference()}


def postal_address(text: str) -> Node:
    """A French address split into street, postcode and town when it reads so; else whole."""
    found = _POSTAL.match(text.strip())
    if found is None:
        return {"@type": "PostalAddress", "streetAddress": text, "addressCountry": "FR"}
    return {"@type": "PostalAddress", "streetAddress": found["street"].strip(" ,"),
            "postalCode": found["code"], "addressLocality": found["city"].strip(),
            "addressCountry": "FR"}


def opening_hours(lines: Iterable[HoursLine]) -> list[Node]:
    """One specification per time range: its days, `opens`, `closes` (24:00 is `23:59`,
    how schema.org's users read « until midnight »)."""
    return [{"@type": "OpeningHoursSpecification",
             "dayOfWeek": [f"{CONTEXT}/{_DAY_NAMES[d]}" for d in line.days],
             "opens": _time(r.start), "closes": _time(min(r.end, 24 * 60 - 1))}
            for line in lines for r in line.ranges]


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _telephone(phone: Phone) -> dict[str, str]:
    """E.164 (`+33261910110`) or the short number (`15`), as the page's call link dials it."""
    return {"telephone": phone.dial}


def _callable(service: Service) -> list[ServicePhone]:
    """Its public lines that take a call (an SMS-only line is no `telephone`)."""
    return [p for p in service.public_phones if not p.number.sms_only]


def _first_telephone(service: Service) -> dict[str, str]:
    """The service's main number, the first of its page; none for a service without one."""
    phones = _callable(service)
    return _telephone(phones[0].number) if phones else {}
