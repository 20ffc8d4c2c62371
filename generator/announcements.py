"""Off the web, from the same data: the switchboard's recorded message, an SMS, a social post.

Pure functions of the validated directory, the crisis snapshot and the latest communiqué,
so every channel says what the banner says. Each text has a limit that decides whether it
can be used at all (45 s read aloud, 160 GSM-7 septets, 280 characters): the richest
variant that fits is chosen, dropping situation sentences, then the communiqué; a text
that cannot fit even bare is reported by `portal check` (`generator.validate.announcements`).
Comms staff may also write their own in crise.yml (``annonces:``), measured the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.i18n import N_, SOURCE_LANGUAGE, translated, translations
from generator.model import Directory
from generator.model.communique import Communique
from generator.model.crisis import Announcements
from generator.model.translations import text_in
from generator.search_words import search_emergencies
from generator.status import Snapshot

WORDS_PER_MINUTE = 150
"""A calm, normal reading pace for a recorded message."""
MAX_MESSAGE_SECONDS = 45
MAX_SMS_SEPTETS = 160
MAX_POST_CHARACTERS = 280

# The sentences every text is made of, in one place: French message ids, said in the
# language of the page that shows them (`Facts.language`).
_TEXTS = {
    "welcome": N_("{group}, bonjour."),
    "emergency": N_("En cas d'urgence vitale, appelez le {number}."),
    "emergency_short": N_("Urgence vitale : {number}."),
    "switchboard": N_("Standard : {number}."),
    "more_spoken": N_("Les numéros des services et les consignes à jour sont sur notre site "
                      "officiel : {address}."),
    "more": N_("Infos : {address}"),
    "hold": N_("Restez en ligne, un correspondant va vous répondre."),
    "starts": N_("{name} :"),
    "redirect": N_("{subject} : {label}, allez à {places}."),
}
_UNITS = {"message": "s", "sms": N_("caractères GSM"), "post": N_("caractères")}

# --- Measures ------------------------------------------------------------------------------

_DIGIT_RUN = re.compile(r"\+?\d+(?:[ .\u00a0\u202f]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ADDRESS = re.compile(r"\w[./@]\w")
_SPOKEN_SEPARATOR = re.compile(r"(?<=\w)[./@-](?=\w)")
"""« point », « slash », « arobase », « tiret » inside an address are words read aloud too."""


def spoken_words(text: str) -> int:
    """Words read aloud: a number is read by pairs of digits (« 02 61 91 10 10 » = 5 words),
    an address with its separators (« exemple.fr » = 3 words)."""
    digits = sum(math.ceil(len(re.sub(r"\D", "", run)) / 2)
                 for run in _DIGIT_RUN.findall(text))
    separators = sum(len(_SPOKEN_SEPARATOR.findall(token)) for token in text.split()
                     if _ADDRESS.search(token))
    return digits + len(_WORD.findall(text)) + separators


def reading_seconds(text: str) -> float:
    """How long `text` takes to read aloud at `WORDS_PER_MINUTE`."""
    return spoken_words(text) * 60 / WORDS_PER_MINUTE


# GSM 03.38: the basic set (one septet each) and its extension table (escape + one septet).
GSM_BASIC = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = "\f^{}\\[~]|€"
_TRANSLITERATED = {"œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "«": '"', "»": '"', "“": '"',
                   "”": '"', "–": "-", "—": "-", "‑": "-", "…": "...", "\u00a0": " ",
                   "\u202f": " ", "\u2009": " ", "\t": " "}


def to_gsm(text: str) -> str:
    """`text` in GSM-7 characters only: what a phone sends as a plain 160-character SMS.

    Outside the set, an SMS falls back to UCS-2 and 70 characters: « ê » becomes « e »,
    « œ » « oe », typographic quotes and spaces plain ones; anything else unknown « ? ».
    """
    out = []
    for char in text:
        if char in GSM_BASIC or char in GSM_EXTENSION:
            out.append(char)
        elif char in _TRANSLITERATED:
            out.append(_TRANSLITERATED[char])
        else:
            bare = "".join(c for c in unicodedata.normalize("NFD", char)
                           if not unicodedata.combining(c))
            out.append(bare if bare and all(c in GSM_BASIC for c in bare) else "?")
    return "".join(out)


def gsm_septets(text: str) -> int:
    """Septets of `text` once in GSM-7: an extension character (€, [, ^…) counts two."""
    return sum(2 if c in GSM_EXTENSION else 1 for c in to_gsm(text))


# --- The texts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadyText:
    """One ready-to-use text and how it measures against its channel's limit."""

    text: str
    measure: float
    """Seconds read aloud, septets or characters, as `unit` says."""
    limit: int
    unit: str
    written: bool = False
    """Hand-written in crise.yml (``annonces:``) rather than generated."""

    @property
    def fits(self) -> bool:
        return self.measure <= self.limit

    @property
    def shown_measure(self) -> str:
        """« 38 s », « 142 caractères GSM », « 251 caractères »."""
        return f"{math.ceil(self.measure)} {self.unit}"


@dataclass(frozen=True)
class Announcement:
    """The three texts for staff to broadcast off the web."""

    message: ReadyText
    """The switchboard's recorded message."""
    sms: ReadyText
    post: ReadyText


@dataclass(frozen=True)
class Facts:
    """What every text is built from, already shaped (numbers as displayed)."""

    group: str
    short_name: str
    """What the SMS and the post begin with (`nom_court`, else `nom`)."""
    sentences: tuple[str, ...]
    """The situation, one sentence each, then where to go instead."""
    emergency: str
    switchboard: str | None
    address: str | None
    """The first official address: where the portal is, in full."""
    communique: Communique | None
    language: str = SOURCE_LANGUAGE

    def say(self, text: str, **values: str) -> str:
        """One of `_TEXTS` in the facts' language, its blanks filled."""
        return translations(self.language).gettext(_TEXTS[text]).format(**values)


def gather_facts(directory: Directory, state: Snapshot, communique: Communique | None,
                 language: str = SOURCE_LANGUAGE) -> Facts:
    vital = search_emergencies(directory).get("urgence_vitale") or directory.group.emergencies
    first = directory.establishments[0] if directory.establishments else None
    addresses = directory.group.official_addresses
    return Facts(group=text_in(directory.group.name, language)[0],
                 short_name=text_in(directory.group.header_name, language)[0],
                 sentences=situation_sentences(state, language),
                 emergency=vital[0].number.display,
                 switchboard=first.switchboard.display if first else None,
                 address=addresses[0].url if addresses else None, communique=communique,
                 language=language)


def situation_sentences(state: Snapshot, language: str = SOURCE_LANGUAGE) -> tuple[str, ...]:
    """The banner's `situation`, one sentence each, then each of its « allez à » lines: the
    order in which texts that run short drop them, from the end."""
    if state.situation is None:
        return ()
    text = " ".join(text_in(state.situation, language)[0].split())
    found = [s for s in re.split(r"(?<=[.!?…])\s+", text) if s]
    for redirect in state.redirects:
        names = [text_in(p.name, language)[0] for p in redirect.places]
        places = ", ".join(f"{name} ({p.phones[0][1].display})" if p.phones else name
                           for name, p in zip(names, redirect.places, strict=True))
        said = translations(language).gettext(_TEXTS["redirect"])
        found.append(said.format(subject=translated(redirect.subject, language), places=places,
                                 label=translated(redirect.label, language)))
    return tuple(found)


def announcement(directory: Directory, state: Snapshot, communique: Communique | None,
                 language: str = SOURCE_LANGUAGE) -> Announcement | None:
    """The three texts as they should go out now, hand-written ones first; `None` outside a
    crisis (no `situation`: nothing to announce)."""
    if state.situation is None:
        return None
    facts = gather_facts(directory, state, communique, language)
    written = directory.crisis.announcements if directory.crisis else None
    return Announcement(message=_chosen(written, "message", facts),
                        sms=_chosen(written, "sms", facts),
                        post=_chosen(written, "post", facts))


def measured(kind: str, text: str, written: bool = False,
             language: str = SOURCE_LANGUAGE) -> ReadyText:
    """`text` measured against the limit of its channel (`message`, `sms` or `post`)."""
    unit = translations(language).gettext(_UNITS[kind])
    if kind == "message":
        return ReadyText(text, reading_seconds(text), MAX_MESSAGE_SECONDS, unit, written)
    if kind == "sms":
        return ReadyText(to_gsm(text), gsm_septets(text), MAX_SMS_SEPTETS, unit, written)
    return ReadyText(text, len(text), MAX_POST_CHARACTERS, unit, written)


def _chosen(written: Announcements | None, kind: str, facts: Facts) -> ReadyText:
    own = getattr(written, kind, None) if written else None
    if own:
        return measured(kind, own, written=True, language=facts.language)
    return richest(kind, facts)


def richest(kind: str, facts: Facts) -> ReadyText:
    """The first variant that fits, from the fullest; the barest one if none does."""
    compose = _COMPOSERS[kind]
    last = None
    for sentences, communique in _variants(facts):
        last = measured(kind, compose(facts, sentences, communique), language=facts.language)
        if last.fits:
            return last
    assert last is not None
    return last


def _variants(facts: Facts) -> Iterator[tuple[tuple[str, ...], Communique | None]]:
    """Situation sentences dropped from the end, then the communiqué; then the first
    sentence's first clause alone, then no situation at all (the numbers still go out)."""
    for communique in ([facts.communique, None] if facts.communique else [None]):
        for kept in range(len(facts.sentences), 0, -1):
            yield facts.sentences[:kept], communique
    if facts.sentences:
        clause = re.split(r"\s*[;:,]\s+", facts.sentences[0], maxsplit=1)[0]
        if clause != facts.sentences[0]:
            yield (_sentence(clause),), None
    yield (), None


def _message(facts: Facts, sentences: tuple[str, ...], communique: Communique | None) -> str:
    parts = [facts.say("welcome", group=facts.group), *sentences]
    if communique:
        parts.append(_sentence(communique.summary or communique.title))
    parts.append(facts.say("emergency", number=facts.emergency))
    if facts.address:
        parts.append(facts.say("more_spoken", address=_spoken_address(facts.address)))
    parts.append(facts.say("hold"))
    return " ".join(parts)


def _sms(facts: Facts, sentences: tuple[str, ...], communique: Communique | None) -> str:
    parts = [facts.say("starts", name=facts.short_name), *sentences]
    if communique:
        parts.append(_sentence(communique.title))
    parts.append(facts.say("emergency_short", number=facts.emergency))
    if facts.address:
        parts.append(facts.say("more", address=facts.address))
    return " ".join(parts)


def _post(facts: Facts, sentences: tuple[str, ...], communique: Communique | None) -> str:
    parts = [facts.say("starts", name=facts.short_name), *sentences]
    if communique:
        parts.append(_sentence(communique.title))
    parts.append(facts.say("emergency_short", number=facts.emergency))
    if facts.switchboard:
        parts.append(facts.say("switchboard", number=facts.switchboard))
    if facts.address:
        parts.append(facts.say("more", address=facts.address))
    return " ".join(parts)


_COMPOSERS: dict[str, Callable[[Facts, tuple[str, ...], Communique | None], str]] = {
    "message": _message, "sms": _sms, "post": _post}


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _spoken_address(url: str) -> str:
    """What a caller can note down: no « https:// », no trailing slash."""
    return re.sub(r"^https?://", "", url).rstrip("/")
