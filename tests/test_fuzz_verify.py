"""Property: whatever a mirror serves, `verify_mirrors` gives every mirror a verdict, the
JSON report is valid, nothing raises and nothing hangs.

Manifests are arbitrary bytes, arbitrary JSON, or the right structure with hostile values
(paths out of the target, non-finite and huge numbers, naive or invalid dates, bad
digests); the files they list answer with any status, any body, or a timeout. Most
examples go through `httpx.MockTransport`; some through a real server on 127.0.0.1. A
wall-clock alarm fails the test if a run hangs. `FUZZ_EXAMPLES=20000` for a campaign.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.manifest import (
    MANIFEST,
    SIGNATURE,
    Manifest,
    build_manifest,
    path_problem,
    write_manifest,
)
from generator.verify import (
    Reference,
    Verdict,
    format_reports,
    reports_json,
    verify_mirrors,
)
from tests.conftest import wall_clock_alarm
from tests.servers import http_response, scripted_server
from tests.test_manifest import HOSTILE_PATHS
from tests.test_verify import KEY, NOW

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
ALARM_SECONDS = 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# --- What a hostile mirror may serve -------------------------------------------------------

_json_scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=20)
                 | st.floats(allow_nan=True, allow_infinity=True))
arbitrary_json = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=5)
                              | st.dictionaries(st.text(max_size=10), inner, max_size=5),
                              max_leaves=25)
offsets = st.builds(dt.timezone, st.timedeltas(min_value=dt.timedelta(hours=-23),
                                               max_value=dt.timedelta(hours=23)))
moments = (st.datetimes(timezones=st.none() | offsets).map(dt.datetime.isoformat)
           | st.text(max_size=30) | _json_scalars)
numbers = (st.integers(min_value=-2**70, max_value=2**70) | st.integers(0, 5000)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=5)
           | st.booleans() | st.none())
paths = (st.sampled_from(list(HOSTILE_PATHS)) | st.text(max_size=30)
         | st.from_regex(r"[a-z]{1,8}(/[a-z0-9.]{1,8}){0,3}\.html", fullmatch=True))
digests = st.from_regex(r"[0-9a-f]{64}", fullmatch=True) | st.text(max_size=70) | _json_scalars
entries = st.fixed_dictionaries({"sha256": digests, "size": numbers}) | _json_scalars
structured = st.fixed_dictionaries({
    "format": st.just(1) | _json_scalars, "build": st.from_regex(r"[0-9a-f]{16}",
                                                                 fullmatch=True) | _json_scalars,
    "sequence": numbers, "generated": moments, "expires": moments,
    "data_date": st.none() | st.text(max_size=20),
    "files": st.dictionaries(paths, entries, max_size=8) | _json_scalars})
manifests = (st.binary(max_size=400)
             | arbitrary_json.map(lambda v: json.dumps(v).encode())
             | structured.map(lambda v: json.dumps(v).encode()))
"""`json.dumps` writes NaN and Infinity as bare words, as a hostile server would."""



def nearly_valid(raw: bytes) -> st.SearchStrategy[bytes]:
    """A real manifest with one key given a hostile value, or its files changed (added,
    removed, sizes and digests altered): most of these are read, and their files fetched."""
    data = json.loads(raw)
    hostile_value = {"format": _json_scalars, "build": _json_scalars, "sequence": numbers,
                     "generated": moments, "expires": moments, "data_date": _json_scalars,
                     "files": st.dictionaries(paths, entries, max_size=5)}
    one_key = st.sampled_from(sorted(hostile_value)).flatmap(
        lambda key: hostile_value[key].map(lambda value: {**data, key: value}))
    file_entries = st.fixed_dictionaries({
        "sha256": st.sampled_from([e["sha256"] for e in data["files"].values()])
        | st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
        "size": st.integers(0, 100)})
    files = st.dictionaries(st.sampled_from(sorted(data["files"]))
                            | st.from_regex(r"[a-z]{1,6}\.html", fullmatch=True),
                            file_entries, max_size=4).map(
        lambda extra: {**data, "files": {**data["files"], **extra}})
    return (one_key | files | st.just(data)).map(lambda v: json.dumps(v).encode())


behaviours = st.lists(st.sampled_from(["ok", "wrong", "short", "long", "404", "500", "503",
                                       "302", "timeout", "reset"]), min_size=1, max_size=6)


# --- The mirrors under test ---------------------------------------------------------------


@given(raw=manifests)
@FUZZ
def test_reading_any_manifest_raises_only_a_french_value_error(raw: bytes) -> None:
    """`Manifest.from_bytes` accepts a manifest or raises ValueError, with a French
    reason; whatever it accepts has only paths a mirror may hold."""
    try:
        manifest = Manifest.from_bytes(raw)
    except ValueError as exc:
        assert str(exc).startswith(("manifeste", "format de manifeste", "chemin refusé",
                                    "deux chemins")), str(exc)
        return
    assert all(path_problem(path) is None for path in manifest.files)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small signed site, served as is by the healthy mirror of every run."""
    site = tmp_path_factory.mktemp("sain")
    (site / "services").mkdir()
    (site / "index.html").write_bytes(b"<p>Accueil</p>")
    (site / "services/cardiologie.html").write_bytes(b"<p>02 61 91 01 10</p>")
    write_manifest(site, build_manifest(site, NOW - dt.timedelta(hours=1),
                                        dt.timedelta(hours=72), None), KEY)
    return site


def file_answer(path: str, plan: list[str], site: Path, request: httpx.Request
                ) -> httpx.Response:
    """The behaviour `plan` gives `path` (the same each time it is asked)."""
    behaviour = plan[zlib.crc32(path.encode()) % len(plan)]
    body = (site / path).read_bytes() if (site / path).is_file() else b"x"
    if behaviour == "timeout":
        raise httpx.ReadTimeout("lent", request=request)
    if behaviour == "reset":
        raise httpx.RemoteProtocolError("coupé", request=request)
    if behaviour == "302":
        return httpx.Response(302, headers={"Location": "/" + path})
    if behaviour in ("404", "500", "503"):
        return httpx.Response(int(behaviour))
    changed = {"ok": body, "wrong": body[::-1] + b"!", "short": body[:-1],
               "long": body + b"0" * 10_000}[behaviour]
    return httpx.Response(200, content=changed)


VERDICTS: Counter[str] = Counter()
"""Verdicts of the hostile mirrors, printed at the end of the module (`pytest -s`)."""


@pytest.fixture(scope="module", autouse=True)
def verdict_counts() -> Iterator[None]:
    yield
    print(f"\nverdicts des miroirs hostiles : {dict(VERDICTS.most_common())}")


def check_reports(urls: list[str], reference: Reference, transport: Any = None) -> None:
    with wall_clock_alarm(ALARM_SECONDS, "verify_mirrors"):
        reports = verify_mirrors(urls, reference, NOW, transport=transport, deadline=30)
    VERDICTS[reports[0].verdict.value] += 1
    assert [r.url for r in reports] == urls
    for report in reports:
        assert isinstance(report.verdict, Verdict)
        assert not any("vérification impossible" in p for p in report.problems), report
    assert len(json.loads(reports_json(reports))) == len(urls)
    assert format_reports(reports).count("\n") >= len(urls)
    assert reports[-1].verdict is Verdict.CURRENT, reports[-1]


def references(site: Path) -> st.SearchStrategy[Reference]:
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    return st.builds(Reference, st.none() | st.just(manifest),
                     st.none() | st.just(KEY.public_key()),
                     st.integers(0, manifest.sequence))


@given(data=st.data())
@FUZZ
def test_any_manifest_through_a_mock_transport_gets_a_verdict(healthy: Path,
                                                              data: st.DataObject) -> None:
    """The bulk of examples: hostile manifest and files on one mirror, a healthy mirror
    beside it; both reported, the healthy one À JOUR."""
    raw = data.draw(manifests | nearly_valid((healthy / MANIFEST).read_bytes()),
                    label="manifest")
    plan = data.draw(behaviours, label="files")
    signature = data.draw(st.binary(max_size=100) | st.just(b""), label="signature")
    reference = data.draw(references(healthy), label="reference")

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path.lstrip("/")
        if request.url.host == "sain.example":
            file = healthy / path
            return httpx.Response(200, content=file.read_bytes()) if file.is_file() else \
                httpx.Response(404)
        if path == MANIFEST:
            return httpx.Response(200, content=raw)
        if path == SIGNATURE:
            return httpx.Response(200, content=signature)
        return file_answer(path, plan, healthy, request)

    check_reports(["https://hostile.example/", "https://sain.example/"], reference,
                  httpx.MockTransport(handler))


@pytest.fixture(scope="module")
def real_servers(healthy: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """A scripted server whose answers each example replaces, and a healthy one; started
    once, since stopping a server waits for its polling loop."""
    current: dict[str, Any] = {}

    def sane(path: str) -> list[bytes]:
        file = healthy / path.lstrip("/")
        return http_response(file.read_bytes()) if file.is_file() else \
            http_response(b"", "404 Not Found")

    with scripted_server(lambda path: current["answer"](path)) as hostile, \
            scripted_server(sane) as healthy_url:
        yield hostile, healthy_url, current


@given(raw=manifests, plan=behaviours)
@settings(FUZZ, max_examples=max(EXAMPLES // 10, 20))
def test_any_manifest_from_a_real_server_gets_a_verdict(
        healthy: Path, real_servers: tuple[str, str, dict[str, Any]],
        raw: bytes, plan: list[str]) -> None:
    """Some examples over real sockets: a scripted server on 127.0.0.1 serves the hostile
    manifest and files (with real status lines and bodies)."""
    def answer(path: str) -> list[bytes]:
        name = path.lstrip("/")
        if name == MANIFEST:
            return http_response(raw)
        request = httpx.Request("GET", "http://127.0.0.1/" + name)
        try:
            response = file_answer(name, plan, healthy, request)
        except httpx.HTTPError:
            return [b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\ncoup"]  # cut short
        status = f"{response.status_code} {response.reason_phrase}"
        return http_response(response.content, status)

    hostile, sane, current = real_servers
    current["answer"] = answer
    check_reports([hostile, sane], Reference(
        Manifest.from_bytes((healthy / MANIFEST).read_bytes())))
