"""`Manifest.from_bytes` reads a manifest from anywhere: every hostile value is a ValueError
with a French reason, never another exception, never accepted."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from generator.clock import PARIS
from generator.manifest import (
    MAX_FILES,
    MAX_MANIFEST_BYTES,
    FileEntry,
    Manifest,
    path_problem,
)

DIGEST = "a" * 64
GOOD = Manifest(build="0123456789abcdef", sequence=1_795_000_000,
                generated=dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS),
                expires=dt.datetime(2026, 11, 26, 12, 0, tzinfo=PARIS), data_date="2026-11-21",
                files={"index.html": FileEntry(DIGEST, 10),
                       "services/cardiologie.html": FileEntry(DIGEST, 20)})


def with_changes(**changes: Any) -> bytes:
    data = json.loads(GOOD.to_bytes())
    data.update(changes)
    return json.dumps(data).encode()


def test_a_manifest_written_by_build_reads_back_equal() -> None:
    """The canonical bytes read back into the same manifest: strictness refuses no real one."""
    assert Manifest.from_bytes(GOOD.to_bytes()) == GOOD


HOSTILE_PATHS = {
    "../../important.html": "« .. »",
    "../crise/autre-service.html": "« .. »",
    "services/../../x.html": "« .. »",
    "%2e%2e/%2e%2e/important.html": "« .. »",
    "%2E%2E%2Fimportant.html": "« .. »",
    "/important.html": "absolu",
    "//evil.example/x": "absolu",
    "a//b.html": "segment vide",
    "./index.html": "« . »",
    "services/.": "« . »",
    "services/": "segment vide",
    "a\\..\\..\\important.html": "barre oblique inverse",
    "a%5cb.html": "barre oblique inverse",
    "https://evil.example/": "deux-points",
    "C:/Windows/win.ini": "deux-points",
    "c:important.html": "deux-points",
    "index.html\x00.png": "contrôle",
    "index%00.html": "contrôle",
    "line\nbreak.html": "contrôle",
    "\u202eharmless.html": "invisible",
    "": "vide",
    "a/" * 300 + "b": "plus de 512",
    "x" * 300 + ".html": "255 octets",
}


@pytest.mark.parametrize("path", list(HOSTILE_PATHS))
def test_hostile_paths_are_refused(path: str) -> None:
    """Every way out of the target (climbing, absolute, URL, drive, encoded, hidden
    characters, overlong) is refused, by name, and the whole manifest with it."""
    problem = path_problem(path)
    assert problem is not None and HOSTILE_PATHS[path] in problem
    raw = with_changes(files={path: {"sha256": DIGEST, "size": 1}})
    with pytest.raises(ValueError, match="chemin refusé"):
        Manifest.from_bytes(raw)


@pytest.mark.parametrize("paths", [["Index.html", "index.html"],
                                   ["caf\u00e9.html", "cafe\u0301.html"]])
def test_paths_equal_but_for_case_or_normalisation_are_refused(paths: list[str]) -> None:
    """Two paths a case-insensitive or normalising file system would merge are refused."""
    raw = with_changes(files={p: {"sha256": DIGEST, "size": 1} for p in paths})
    with pytest.raises(ValueError, match="ne diffèrent que par la casse"):
        Manifest.from_bytes(raw)


HOSTILE_MANIFESTS = {
    "naive generated": (with_changes(generated="2026-11-23T12:00:00"), "fuseau horaire"),
    "naive expires": (with_changes(expires="2026-11-26T12:00:00"), "fuseau horaire"),
    "date that is not one": (with_changes(expires="bientôt"), "fuseau horaire"),
    "sequence 1e999": (GOOD.to_bytes().replace(b'"sequence": 1795000000',
                                               b'"sequence": 1e999'), "« sequence »"),
    "sequence float": (with_changes(sequence=1.5), "« sequence »"),
    "sequence negative": (with_changes(sequence=-1), "« sequence »"),
    "sequence huge": (with_changes(sequence=10**30), "« sequence »"),
    "sequence text": (with_changes(sequence="1795000000"), "« sequence »"),
    "sequence boolean": (with_changes(sequence=True), "« sequence »"),
    "size Infinity": (GOOD.to_bytes().replace(b'"size": 10', b'"size": Infinity'),
                      "Infinity interdite"),
    "size NaN": (GOOD.to_bytes().replace(b'"size": 10', b'"size": NaN'), "NaN interdite"),
    "size negative": (with_changes(files={"a.html": {"sha256": DIGEST, "size": -1}}),
                      "« size »"),
    "size of 5,000 digits": (GOOD.to_bytes().replace(b'"size": 10', b'"size": ' + b"9" * 5000),
                             "nombre hors limites"),
    "sha256 short": (with_changes(files={"a.html": {"sha256": "ab", "size": 1}}), "sha256"),
    "sha256 upper case": (with_changes(files={"a.html": {"sha256": "A" * 64, "size": 1}}),
                          "sha256"),
    "sha256 number": (with_changes(files={"a.html": {"sha256": 12, "size": 1}}), "sha256"),
    "entry with an extra key": (with_changes(files={"a.html": {"sha256": DIGEST, "size": 1,
                                                               "x": 1}}), "entrée"),
    "files a list": (with_changes(files=[]), "« files »"),
    "build not hex": (with_changes(build="../../x"), "« build »"),
    "build number": (with_changes(build=12), "« build »"),
    "data_date number": (with_changes(data_date=3), "« data_date »"),
    "format 2": (with_changes(format=2), "format"),
    "format 1.0": (with_changes(format=1.0), "format"),
    "missing key": (json.dumps({"format": 1}).encode(), "clés attendues"),
    "unknown key": (with_changes(extra=1), "clés attendues"),
    "duplicate key": (GOOD.to_bytes().replace(b'"build":', b'"build": "0123456789abcdef", '
                                                           b'"build":', 1), "deux fois"),
    "100,000 nested [": (b"[" * 100_000, "imbrication"),
    "100,000 nested {": (b'{"a":' * 100_000, "imbrication"),
    "a list": (b"[]", "objet JSON"),
    "not UTF-8": (b"\xff\xfe{}", "UTF-8"),
    "not JSON": (b"<html>503</html>", "JSON invalide"),
    "empty": (b"", "JSON invalide"),
    "too big": (b" " * (MAX_MANIFEST_BYTES + 1), "trop volumineux"),
}


@pytest.mark.parametrize("name", list(HOSTILE_MANIFESTS))
def test_hostile_manifests_are_refused_in_french(name: str) -> None:
    """Wrong types, non-finite or out-of-range numbers, naive dates, duplicate keys, deep
    nesting, wrong encodings: a ValueError naming the problem in French."""
    raw, reason = HOSTILE_MANIFESTS[name]
    with pytest.raises(ValueError) as caught:
        Manifest.from_bytes(raw)
    assert type(caught.value).__name__ in ("ValueError", "_Refused")
    assert reason in str(caught.value), str(caught.value)


def test_file_count_is_bounded() -> None:
    """More files than any portal publishes: refused before any is looked at."""
    raw = with_changes(files={f"f{i}.html": {"sha256": DIGEST, "size": 1}
                              for i in range(MAX_FILES + 1)})
    with pytest.raises(ValueError, match=f"plus de {MAX_FILES} fichiers"):
        Manifest.from_bytes(raw)
