"""The A–Z directory as patients look things up: by subject first, the kind of service second.

A patient looks for « cardiologie », « dermatologie » or « maternité », not for
« Consultations de … »: sorted by service name, nearly half the entries fell under C. So
each service is filed under its subject (its specialty; « Urgences » for an emergency
department), and the subject lists its consultations, wards and day hospitals together.
Other words patients use point to the right subject: the parts of a compound specialty
(« Diabétologie » in « Endocrinologie-diabétologie »), what a service's own name says when
it differs from its specialty (« Maternité », « Imagerie médicale »), and the synonyms of the
patients' words (`generator.patient_words`: « Cœur », « Prise de sang »), when that subject
exists in the data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby

from generator.model import Service, ServiceKind
from generator.model.translations import Translated
from generator.model.words import PatientWords
from generator.patient_words import patient_words

EMERGENCIES = "Urgences"
_KIND_ORDER = {kind: position for position, kind in enumerate(
    [ServiceKind.URGENCES, ServiceKind.CONSULTATION, ServiceKind.HOPITAL_DE_JOUR,
     ServiceKind.HOSPITALISATION, ServiceKind.IMAGERIE, ServiceKind.LABORATOIRE,
     ServiceKind.PHARMACIE, ServiceKind.ADMINISTRATIF, ServiceKind.AUTRE])}
"""Within a subject: what a patient most often calls first."""
_KIND_WORDS = re.compile(
    r"^(?:consultations?|unit[ée]s?|centre|service|h[ôo]pital de jour|p[ôo]le|cabinet)"
    r"(?: et [a-zé]+)?\s+(?:de la |de l['’]|des |du |de |d['’])", re.IGNORECASE)
"""« Consultations de », « Unité d' », « Hôpital de jour de »…: the kind, not the subject."""
_BARE_PLACES = frozenset({"unite", "unites", "centre", "service", "pole", "cabinet"})
_GENERIC_KINDS = (ServiceKind.CONSULTATION, ServiceKind.HOSPITALISATION,
                  ServiceKind.HOPITAL_DE_JOUR, ServiceKind.ADMINISTRATIF, ServiceKind.AUTRE)
_PREPOSITION = re.compile(r"\s*(?:de la |de l['’]|des |du |de |d['’])\s*$", re.IGNORECASE)
_AFTER_SUBJECT = re.compile(r"\s+(?:[–—-]\s|\().*$")
"""« Maternité – suites de naissance », « Imagerie médicale (scanner…) »: the first part."""
_COMPOUND = re.compile(r"^(?P<first>\w{4,}(?:ie|ique))-(?P<second>\w{4,}(?:ie|ique))$")
"""Two disciplines joined: « Endocrinologie-diabétologie », « Gynécologie-obstétrique »
(not « Gastro-entérologie » or « Oto-rhino-laryngologie », whose parts are no words)."""
_BROKEN_JOIN = re.compile(r"\s+et\s+(?:de la |de l['’]|des |du |de |d['’]).*$")
"""« évaluation et de traitement… » once « Centre d' » is taken off: kept up to « et »."""


@dataclass(frozen=True)
class Subject:
    """A specialty or subject and every public service filed under it."""

    name: str
    services: list[Service]

    @property
    def anchor(self) -> str:
        return "sujet-" + sort_key(self.name).replace(" ", "-")


    def label(self, service: Service) -> str:
        """The service's name without its subject, the heading above it already says it:
        under « Pédiatrie », « Consultations de pédiatrie » → « Consultations » and
        « Pédiatrie – hospitalisation » → « Hospitalisation »; any other name is kept."""
        subject = sort_key(self.name)
        kind = _KIND_WORDS.match(service.name)
        if kind and sort_key(service.name[kind.end():]) == subject:
            label = _capitalised(_PREPOSITION.sub("", service.name[:kind.end()]))
            # « Unité » or « Centre » alone says less than the name: only kinds that speak.
            return _part_of(label, service.name) if sort_key(label) not in _BARE_PLACES \
                else service.name
        head, dash, rest = service.name.partition(" – ")
        if dash and sort_key(head) == subject and rest:
            return _part_of(_capitalised(rest), service.name)
        return service.name


@dataclass(frozen=True)
class CrossReference:
    """« Maternité : voir Obstétrique »: another word for a subject, filed under its own letter."""

    word: str
    subject: Subject


@dataclass(frozen=True)
class Letter:
    """One section of the A–Z: subjects and cross-references, in alphabetical order."""

    letter: str
    entries: list[Subject | CrossReference] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "lettre-" + (self.letter.lower() if self.letter != "#" else "autres")


@lru_cache(maxsize=1 << 16)  # the A–Z asks it some 20 times per service
def sort_key(text: str) -> str:
    """« Œil » → « oeil »: accents and case ignored, as a patient reads an index."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def a_to_z(services: list[Service], words: PatientWords | None = None) -> list[Letter]:
    """The A–Z of `services` (public ones): letters of subjects and cross-references.

    `words`: the hospital's own patients' words (`directory/mots.yml`), if any."""
    subjects = _subjects(services)
    entries: list[Subject | CrossReference] = [*subjects.values()]
    taken = set(subjects)
    for word, subject in _cross_references(subjects, patient_words(words).synonyms):
        key = sort_key(word)
        if key and key not in taken:
            taken.add(key)
            entries.append(CrossReference(word, subject))

    def name(entry: Subject | CrossReference) -> str:
        return entry.name if isinstance(entry, Subject) else entry.word

    def initial(entry: Subject | CrossReference) -> str:
        first = sort_key(name(entry))[:1].upper()
        return first if first.isalpha() else "#"

    ordered = sorted(entries, key=lambda e: (initial(e), sort_key(name(e))))
    return [Letter(letter, list(group)) for letter, group in groupby(ordered, key=initial)]


def subject_of(service: Service) -> str:
    """« Urgences » for an emergency department, else its specialty, else what its name
    says once the kind is taken off (« Consultations de dermatologie » → « Dermatologie »)."""
    if service.kind is ServiceKind.URGENCES:
        return EMERGENCIES
    return service.specialty or _part_of(_core_name(service.name), service.name, whole=False)


def _part_of(part: str, name: str, whole: bool = True) -> str:
    """Words taken from a service's name stay French words of the data: on another
    language's page they show as French (`lang="fr"`), or, `whole`, as the name's own
    translation (the part cannot be cut from it)."""
    if not isinstance(name, Translated):
        return part
    return Translated(part, name.translations if whole else None)


def _subjects(services: list[Service]) -> dict[str, Subject]:
    found: dict[str, Subject] = {}
    for service in services:
        name = subject_of(service)
        subject = found.setdefault(sort_key(name), Subject(name, []))
        subject.services.append(service)
    for subject in found.values():
        subject.services.sort(key=lambda s: (_KIND_ORDER[s.kind], sort_key(s.name)))
    return found


def _core_name(name: str) -> str:
    without_kind = _KIND_WORDS.sub("", name.strip())
    if without_kind != name.strip():
        without_kind = _BROKEN_JOIN.sub("", without_kind)
    core = _AFTER_SUBJECT.sub("", without_kind).strip()
    return _capitalised(core) if core else name


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cross_references(subjects: dict[str, Subject],
                      synonyms: dict[str, tuple[str, ...]]) -> list[tuple[str, Subject]]:
    references: list[tuple[str, Subject]] = []
    for subject in subjects.values():
        compound = _COMPOUND.match(subject.name)
        if compound:
            references += [(_capitalised(part), subject) for part in compound.groups()]
        for service in subject.services:
            core = _core_name(service.name)
            if _says_only_its_kind(core):
                continue  # « Consultations » alone: no word a patient looks up
            if sort_key(core).split(" ")[0] != sort_key(subject.name).split(" ")[0]:
                references.append((core, subject))
    for word, targets in synonyms.items():
        meant = next((subjects[sort_key(t)] for t in targets if sort_key(t) in subjects), None)
        if meant is not None:
            references.append((word, meant))
    return references


def _says_only_its_kind(name: str) -> bool:
    key = sort_key(name)
    return key in _BARE_PLACES or any(key in (sort_key(kind.label), sort_key(kind.plural))
                                      for kind in _GENERIC_KINDS)
