"""Signing through mkdocs.yml's `public_key`, and a private key that never leaks into a message.

Build logs are read by many people: whatever is wrong with the key, the message names the
problem and never quotes a byte of the secret.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from generator.manifest import (
    KEY_FILE_VARIABLE,
    KEY_VARIABLE,
    MANIFEST,
    SIGNATURE,
    fingerprint,
    new_key,
    private_key_text,
    public_key_text,
    signature_is_valid,
)
from tests.conftest import Project, tree_snapshot

pytestmark = pytest.mark.slow

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(200, 232)))
"""A fixed key of non-ASCII bytes: no fragment of it can match a French message by chance."""
SECRET = private_key_text(KEY)
RAW_SECRET = base64.b64decode(SECRET)


def announce_public_key(project: Project, key_text: str) -> None:
    config = project.root / "mkdocs.yml"
    line = "      directory: directory\n"
    text = config.read_text("utf-8").replace(line, f"{line}      public_key: {key_text}\n")
    config.write_text(text, "utf-8")


def test_matching_key_signs_and_the_public_key_is_shown(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key of mkdocs.yml + its private half: a valid signature, key and fingerprint published."""
    announce_public_key(project, public_key_text(KEY.public_key()))
    monkeypatch.setenv(KEY_VARIABLE, SECRET)
    assert project.portal("build") == 0
    manifest = (project.site / MANIFEST).read_bytes()
    signature = (project.site / SIGNATURE).read_bytes()
    assert signature_is_valid(manifest, signature, KEY.public_key())
    page = (project.site / "adresses-officielles.html").read_text("utf-8")
    assert public_key_text(KEY.public_key()) in page
    assert fingerprint(KEY.public_key()) in page


def test_mismatched_key_is_refused_and_the_site_kept(
        project: Project, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A private key that is not the announced one would publish badly signed copies: refused."""
    announce_public_key(project, public_key_text(KEY.public_key()))
    monkeypatch.setenv(KEY_VARIABLE, SECRET)
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    other = private_key_text(new_key())
    monkeypatch.setenv(KEY_VARIABLE, other)
    capsys.readouterr()
    assert project.portal("build") == 1
    out = capsys.readouterr()
    assert ("Échec de la construction : PORTAL_SIGNING_KEY ne correspond pas à la clé publique "
            "de mkdocs.yml") in out.err
    assert not leaked(out.out + out.err, base64.b64decode(other), other)
    assert tree_snapshot(project.site) == before


def test_unsigned_build_with_an_announced_key_warns(
        project: Project, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """No private key given while mkdocs.yml announces one: built, unsigned, and said."""
    announce_public_key(project, public_key_text(KEY.public_key()))
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(KEY_FILE_VARIABLE, raising=False)
    assert project.portal("build") == 0
    assert "manifeste NON signé" in capsys.readouterr().err
    assert not (project.site / SIGNATURE).exists()


def leaked(output: str, raw: bytes, text: str) -> list[str]:
    """Every fragment of the secret found in `output`: base64 windows, bytes, byte values."""
    found = [text[i:i + 6] for i in range(len(text) - 5) if text[i:i + 6] in output]
    shown = output.encode("utf-8", "surrogateescape")
    found += [repr(raw[i:i + 3]) for i in range(len(raw) - 2) if raw[i:i + 3] in shown]
    found += [f"0x{b:02x}" for b in raw if f"0x{b:02x}" in output.lower()]
    found += [f"\\x{b:02x}" for b in raw if f"\\x{b:02x}" in output.lower()]
    return found


def _file(content: bytes) -> Callable[[Path], dict[str, str]]:
    def write(folder: Path) -> dict[str, str]:
        path = folder / "cle"
        path.write_bytes(content)
        return {KEY_FILE_VARIABLE: str(path)}
    return write


def _directory(folder: Path) -> dict[str, str]:
    return {KEY_FILE_VARIABLE: str(folder)}


def _missing(folder: Path) -> dict[str, str]:
    return {KEY_FILE_VARIABLE: str(folder / "absente")}


def _unreadable(folder: Path) -> dict[str, str]:
    # Root reads any file whatever its mode; the kernel refuses reading this one (EIO).
    return {KEY_FILE_VARIABLE: "/proc/self/mem"}


def _device(folder: Path) -> dict[str, str]:
    return {KEY_FILE_VARIABLE: "/dev/zero"}  # would never end: refused before reading


PEM = (b"-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(b"0.\x02\x01\x000\x05\x06\x03+ep"
       b"\x04\"\x04 " + RAW_SECRET) + b"\n-----END PRIVATE KEY-----\n")
BAD_KEYS: list[tuple[str, Callable[[Path], dict[str, str]], str]] = [
    ("raw-binary-file", _file(RAW_SECRET), "le fichier n'est pas du texte"),
    ("non-utf8-file", _file(b"\xff\xfe" + RAW_SECRET), "le fichier n'est pas du texte"),
    ("latin1-file", _file(SECRET.encode() + "é".encode("latin-1")), "n'est pas du texte"),
    ("wrong-length-file", _file(base64.b64encode(RAW_SECRET[:31])), "(31 octets)"),
    ("pem-file", _file(PEM), "clé au format PEM"),
    ("empty-file", _file(b"\n"), "le fichier est vide"),
    ("huge-file", _file(SECRET.encode() * 200), "fichier trop gros pour une clé"),
    ("directory", _directory, "c'est un dossier"),
    ("missing-file", _missing, "fichier introuvable"),
    ("unreadable-file", _unreadable, "fichier illisible"),
    ("device", _device, "ce n'est pas un fichier ordinaire"),
    ("bad-base64-variable", lambda _: {KEY_VARIABLE: SECRET[:20] + "!?" + SECRET[22:]},
     "ce n'est pas du base64"),
    ("short-variable", lambda _: {KEY_VARIABLE: SECRET[:-7]}, "ce n'est pas du base64"),
    ("long-variable", lambda _: {KEY_VARIABLE: base64.b64encode(RAW_SECRET * 2).decode()},
     "(64 octets)"),
    ("non-ascii-variable", lambda _: {KEY_VARIABLE: SECRET[:10] + "é" + SECRET[10:]},
     "ce n'est pas du base64"),
    ("pem-variable", lambda _: {KEY_VARIABLE: PEM.decode()}, "clé au format PEM"),
]


@pytest.mark.parametrize(("case", "setup", "problem"), BAD_KEYS, ids=[c for c, _, _ in BAD_KEYS])
def test_a_bad_key_is_named_never_shown(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], case: str,
        setup: Callable[[Path], dict[str, str]], problem: str) -> None:
    """Exit 1 with the problem in French, and no fragment of the secret in any output."""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(KEY_FILE_VARIABLE, raising=False)
    folder = tmp_path / "secrets"
    folder.mkdir()
    for name, value in setup(folder).items():
        monkeypatch.setenv(name, value)
    assert project.portal("build") == 1
    out = capsys.readouterr()
    assert "Échec de la construction : PORTAL_SIGNING_KEY" in out.err
    assert problem in out.err, out.err
    assert "Traceback" not in out.err
    assert not leaked(out.out + out.err, RAW_SECRET, SECRET)
    assert not project.site.exists()
