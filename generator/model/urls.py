"""Web addresses shown to patients as official, or used to publish: what you read is where you go.

The "official addresses" page exists so that a patient can spot a fake copy of the portal;
an address on it must therefore lead exactly where it seems to. Browsers follow the WHATWG
URL standard, which reads ``https://www.ars.example@evil.example/`` as the host
``evil.example`` (everything before ``@`` is a user name), treats ``\\`` like ``/``,
turns ``http://2130706433/`` into an IP address and shows ``xn--…`` hosts in letters that
can imitate others (homographs). Rather than reproduce that parser, we accept only the
plain form everyone can read: ``http(s)://`` + a lower-risk host (ASCII DNS name or IP
address) + optional port + path, and refuse the rest with the host a browser would use.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

MAX_URL_LENGTH = 2_000

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_EXAMPLE = "écrivez l'adresse complète, par exemple « https://www.ars.example.fr/crise/ »"


class InvalidUrl(ValueError):
    """Why an address is refused, in French; `hint` says what to write instead."""

    def __init__(self, message: str, hint: str = _EXAMPLE) -> None:
        super().__init__(message)
        self.hint = hint


def check_url(text: str) -> str:
    """`text` unchanged if it is a plain http(s) address, else `InvalidUrl` saying why."""
    if not text:
        raise InvalidUrl("l'adresse web est vide")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidUrl(f"adresse web trop longue ({len(text)} caractères ; "
                         f"{MAX_URL_LENGTH} au plus)")
    blank = next((c for c in text if c.isspace() or not c.isprintable()), None)
    if blank is not None:
        raise InvalidUrl(f"l'adresse contient un espace ou un caractère invisible "
                         f"(U+{ord(blank):04X})", "retirez-le : une adresse web n'a pas d'espace")
    if "\\" in text:
        raise InvalidUrl("l'adresse contient une barre oblique inverse « \\ », que les "
                         "navigateurs lisent comme « / »", "écrivez « / » à la place")
    scheme = _SCHEME.match(text)
    if scheme is None or scheme.group(1).lower() not in ("http", "https"):
        written = f"« {scheme.group(1)}: » " if scheme else ""
        raise InvalidUrl(f"adresse web {written}non prévue : elle doit commencer par "
                         "« https:// » (ou « http:// »)")
    if not text[scheme.end():].startswith("//"):
        raise InvalidUrl("adresse incomplète : « // » manquant après « https: »")
    try:
        netloc = urllib.parse.urlsplit(text).netloc
    except ValueError:  # an unclosed "[" of an IPv6 address
        raise InvalidUrl("adresse IP entre crochets « [ ] » mal écrite") from None
    if "@" in netloc:
        real = _split_netloc(netloc.rpartition("@")[2])[0]
        raise InvalidUrl(
            f"l'adresse contient « @ » avant le nom du site : un navigateur irait en réalité "
            f"sur « {real} »", "retirez tout ce qui précède « @ » (identifiant ou mot de passe) "
                               "et vérifiez le nom du site")
    _check_host(*_split_netloc(netloc))
    return text


def _split_netloc(netloc: str) -> tuple[str, str]:
    """(host, port) of ``host:port`` or ``[v6]:port``; the host lower-cased as browsers do."""
    if netloc.startswith("["):
        inside, _, port = netloc[1:].partition("]")
        return f"[{inside}]", port.removeprefix(":")
    host, _, port = netloc.partition(":")
    return host.lower(), port


def _check_host(host: str, port: str) -> None:
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise InvalidUrl(f"port « {port} » invalide après « {host} »",
                         "retirez « :… » après le nom du site, ou écrivez un numéro de port")
    if not host:
        raise InvalidUrl("nom du site manquant après « https:// »")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InvalidUrl(f"adresse IP « {host} » invalide") from None
        return
    if not host.isascii():
        raise InvalidUrl(f"nom de site « {host} » avec des lettres accentuées ou d'un autre "
                         f"alphabet, qui peuvent imiter une autre adresse ; un navigateur y va "
                         f"sous le nom « {_punycode(host)} »",
                         "publiez une adresse écrite avec les seules lettres a à z, chiffres, "
                         "points et tirets")
    labels = host.split(".")
    if not all(_LABEL.match(label) for label in labels) or len(host) > 253:
        decoded = urllib.parse.unquote(host).lower()
        read = f" (un navigateur lit « {decoded} »)" if decoded != host else ""
        raise InvalidUrl(f"nom de site « {host} » mal formé{read}",
                         "un nom de site s'écrit avec les lettres a à z, des chiffres, des "
                         "tirets et des points entre les parties (sans point final)")
    if any(label.startswith("xn--") for label in labels):
        raise InvalidUrl(f"nom de site « {host} » codé (« xn-- ») : un navigateur l'affiche "
                         f"« {_unicode(host)} », qui peut imiter une autre adresse",
                         "publiez une adresse écrite avec les seules lettres a à z")
    if labels[-1].isdigit() or labels[-1].startswith("0x"):
        # Browsers read any all-numeric host as an IPv4 address (``2130706433``, ``127.1``).
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise InvalidUrl(f"adresse IP « {host} » mal écrite",
                             "écrivez-la sous la forme « 192.0.2.10 », ou le nom du site") from None


def _punycode(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return "(nom invalide)"


def _unicode(host: str) -> str:
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return "(nom invalide)"
