"""`portal verify` against hostile mirrors: whatever a mirror sends (slowly, endlessly,
malformed, with errors), every mirror gets a verdict that says what happened, in time."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.manifest import MANIFEST, Manifest, build_manifest, write_manifest
from generator.verify import Reference, Verdict, verify_mirrors
from tests.browser import serve_directory
from tests.conftest import Project
from tests.servers import http_response, scripted_server
from tests.test_manifest import HOSTILE_MANIFESTS
from tests.test_verify import KEY, NOW

PAGE = b"<p>Cardiologie : 02 61 91 01 10</p>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small signed site: two pages and their manifest."""
    folder = tmp_path / "site"
    (folder / "services").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"<p>Accueil</p>")
    (folder / "services/cardiologie.html").write_bytes(PAGE)
    manifest = build_manifest(folder, NOW - dt.timedelta(hours=1), dt.timedelta(hours=72), None)
    write_manifest(folder, manifest, KEY)
    return folder


def reference(site: Path) -> Reference:
    return Reference(Manifest.from_bytes((site / MANIFEST).read_bytes()), KEY.public_key())


def serving(site: Path, special: dict[str, object]) -> object:
    """Answer each path from `site`, except those in `special` (raw chunks to send)."""
    def answer(path: str) -> object:
        name = path.lstrip("/")
        if name in special:
            return special[name]
        file = site / name
        return http_response(file.read_bytes()) if file.is_file() else \
            http_response(b"", "404 Not Found")
    return answer


def dribble(head: bytes) -> Iterator[bytes]:
    """Headers, then one byte every 0.2 s, forever: no read ever times out."""
    yield head
    while True:
        time.sleep(0.2)
        yield b" "


def endless_chunked() -> Iterator[bytes]:
    """A chunked body that never ends, 1 MB at a time."""
    yield b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n" % (1 << 20) + b"x" * (1 << 20) + b"\r\n"
    while True:
        yield chunk


@pytest.mark.parametrize("slow", [MANIFEST, "services/cardiologie.html"])
def test_a_dribbling_mirror_is_cut_at_its_deadline(site: Path, slow: str) -> None:
    """One byte every 0.2 s (the manifest or one page): the mirror is INJOIGNABLE with the
    time spent once its deadline passes; the healthy mirror of the same run is À JOUR."""
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"
    with scripted_server(serving(site, {slow: dribble(head)})) as hostile, \
            serve_directory(site) as healthy:
        reports = verify_mirrors([hostile, healthy + "/"], reference(site), NOW, deadline=1.5)
    assert [r.verdict for r in reports] == [Verdict.UNREACHABLE, Verdict.CURRENT]
    assert "vérification interrompue au bout de" in reports[0].problems[-1]
    assert "délai de 1.5 s dépassé" in reports[0].problems[-1]


def test_an_endless_manifest_is_stopped_at_its_cap(site: Path) -> None:
    """A manifest that never ends (chunked) or announces 2 GB: download stopped at the cap,
    ALTÉRÉ with the reason; nothing more is read."""
    huge = [b"HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n",
            *itertools.repeat(b"[" * (1 << 20), 40)]
    with scripted_server(serving(site, {MANIFEST: endless_chunked()})) as endless, \
            scripted_server(serving(site, {MANIFEST: huge})) as announced:
        reports = verify_mirrors([endless, announced], reference(site), NOW)
    assert len(reports) == 2
    for report in reports:
        assert report.verdict is Verdict.TAMPERED
        assert report.problems == ["manifeste trop volumineux (plus de 32 Mo) : "
                                   "téléchargement arrêté"]


def test_a_file_longer_than_announced_is_stopped_and_reported(site: Path) -> None:
    """A page that never ends, or is longer than its manifest says: reported as altered."""
    longer = http_response(PAGE + b"<script>x</script>")
    with scripted_server(serving(site, {"services/cardiologie.html": endless_chunked()})) as a, \
            scripted_server(serving(site, {"services/cardiologie.html": longer})) as b:
        reports = verify_mirrors([a, b], reference(site), NOW)
    assert [(r.verdict, r.altered) for r in reports] == [
        (Verdict.TAMPERED, ["services/cardiologie.html"])] * 2


def test_server_errors_are_not_claims_about_the_content(site: Path) -> None:
    """A 503 or a timeout on a page: INJOIGNABLE, the page listed as not verified (neither
    altered nor missing); a 404 is a missing file."""
    with scripted_server(serving(site, {"services/cardiologie.html": http_response(
            b"", "503 Service Unavailable")})) as busy, \
            scripted_server(serving(site, {"services/cardiologie.html": http_response(
                b"", "404 Not Found")})) as lost:
        busy_report, lost_report = verify_mirrors([busy, lost], reference(site), NOW)
    assert busy_report.verdict is Verdict.UNREACHABLE
    assert (busy_report.unverified, busy_report.altered, busy_report.missing) == (
        ["services/cardiologie.html"], [], [])
    assert "le serveur ne les a pas servis (HTTP 503)" in busy_report.problems[0]
    assert (lost_report.verdict, lost_report.missing) == (
        Verdict.MISSING_FILES, ["services/cardiologie.html"])

    def timing_out(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".html"):
            raise httpx.ReadTimeout("lent", request=request)
        return httpx.Response(200, content=(site / request.url.path.lstrip("/")).read_bytes())

    (report,) = verify_mirrors(["https://lent.example/"], reference(site), NOW,
                               transport=httpx.MockTransport(timing_out))
    assert report.verdict is Verdict.UNREACHABLE and report.missing == []
    assert report.unverified == ["index.html", "services/cardiologie.html"]
    assert "ReadTimeout" in report.problems[0]


def test_each_malformed_manifest_is_reported_and_others_still_checked(site: Path) -> None:
    """Every hostile manifest of test_manifest, each on its own mirror, in one run beside a
    healthy mirror: each ALTÉRÉ with its French reason, the healthy one À JOUR."""
    names = list(HOSTILE_MANIFESTS)

    def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host.startswith("m") and request.url.path == "/" + MANIFEST:
            return httpx.Response(200, content=HOSTILE_MANIFESTS[names[int(host[1:])]][0])
        return httpx.Response(200, content=(site / request.url.path.lstrip("/")).read_bytes())

    urls = [f"https://m{i}/" for i in range(len(names))] + ["https://sain/"]
    reports = verify_mirrors(urls, reference(site), NOW, transport=httpx.MockTransport(handler))
    assert len(reports) == len(names) + 1
    for name, report in zip(names, reports, strict=False):
        assert report.verdict is Verdict.TAMPERED, name
        assert report.problems == [report.problems[0]]
        assert HOSTILE_MANIFESTS[name][1] in report.problems[0], (name, report.problems)
    assert reports[-1].verdict is Verdict.CURRENT


@pytest.mark.slow
def test_cli_json_reports_a_malformed_mirror_and_hides_passwords(
        project: Project, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`portal verify --json` with a `sequence: 1e999` mirror and a healthy one given with
    user:password@: valid JSON, both mirrors, and the password printed nowhere."""
    raw = (site / MANIFEST).read_bytes()
    sequence = json.loads(raw)["sequence"]
    broken = raw.replace(f'"sequence": {sequence}'.encode(), b'"sequence": 1e999')
    with scripted_server(serving(site, {MANIFEST: http_response(broken)})) as hostile, \
            serve_directory(site) as healthy:
        with_password = healthy.replace("http://", "http://ars:hunter2@") + "/"
        for output in ("--json", None):
            args = ["verify", hostile, with_password, "--site-dir", str(site)]
            assert project.portal(*args, *([output] if output else []),
                                  now="2026-11-23 12:30") == 1
            out = capsys.readouterr().out
            assert "hunter2" not in out and "ars:" not in out
            if output:
                reports = json.loads(out)
                assert [r["verdict"] for r in reports] == ["altéré", "à jour"]
                assert reports[1]["url"] == healthy + "/"
                assert "« sequence » doit être un entier" in reports[0]["problems"][0]
            else:
                assert f"À JOUR               {healthy}/ (version" in out


@pytest.mark.parametrize("content", ["{", "[]", '{"last_sequence": 1e999}',
                                     '{"last_sequence": "12"}', "\xff"])
def test_a_corrupt_state_file_is_a_clear_error(project: Project, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               content: str) -> None:
    """A --state file that is not `{"last_sequence": <integer>}`: exit code 2, a French
    line naming the file and what to do, no traceback, nothing fetched."""
    state = tmp_path / "etat.json"
    state.write_text(content, encoding="latin-1")
    assert project.portal("verify", "http://127.0.0.1:9/", "--state", str(state)) == 2
    err = capsys.readouterr().err
    assert f"fichier d'état {state} illisible" in err and "supprimez-le" in err


def test_cli_delai_cuts_a_slow_mirror(project: Project, site: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`portal verify --delai 1 --json` on a dribbling mirror: valid JSON, INJOIGNABLE with
    the time spent; `--delai` that is not a positive number is a usage error."""
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"
    with scripted_server(serving(site, {MANIFEST: dribble(head)})) as slow:
        assert project.portal("verify", slow, "--delai", "1", "--json") == 1
    (report,) = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "injoignable"
    assert "(délai de 1 s dépassé)" in report["problems"][0]
    with pytest.raises(SystemExit) as exit_:
        project.portal("verify", slow, "--delai", "zéro")
    assert exit_.value.code == 2
    assert "« zéro » : un nombre de secondes" in capsys.readouterr().err


def test_a_redirect_to_another_host_is_never_followed(site: Path) -> None:
    """A mirror redirecting its manifest, or one page, to another site: verify sends no
    request there and says so; a redirect on the mirror's own host is followed."""
    requests_elsewhere: list[str] = []

    def elsewhere(path: str) -> object:
        requests_elsewhere.append(path)
        return http_response(b"")

    with scripted_server(elsewhere) as other:
        away = other.replace("127.0.0.1", "localhost")  # another host, same machine
        # `Connection: close` as the scripted server closes after each answer: without it,
        # the client may reuse a connection the server is closing (a race under load).
        moved = (b"HTTP/1.1 302 Found\r\nLocation: %sx\r\nContent-Length: 0\r\n"
                 b"Connection: close\r\n\r\n")
        with scripted_server(serving(site, {MANIFEST: [moved % away.encode()]})) as a, \
                scripted_server(serving(site, {"services/cardiologie.html":
                                               [moved % away.encode()]})) as b, \
                scripted_server(serving(site, {"index.html":
                                               [b"HTTP/1.1 301 Moved\r\nLocation: /accueil"
                                                b"\r\nContent-Length: 0\r\n"
                                                b"Connection: close\r\n\r\n"],
                                               "accueil": http_response(b"<p>Accueil</p>")})) \
                as c:
            manifest_away, page_away, same_host = verify_mirrors([a, b, c], reference(site), NOW)
    assert requests_elsewhere == []
    assert manifest_away.verdict is Verdict.UNREACHABLE
    assert "redirection vers un autre site refusée (localhost)" in manifest_away.problems[0]
    assert page_away.verdict is Verdict.UNREACHABLE
    assert page_away.unverified == ["services/cardiologie.html"]
    assert "redirection vers un autre site refusée (localhost)" in page_away.problems[0]
    assert same_host.verdict is Verdict.CURRENT, same_host.problems


@pytest.mark.parametrize(("url", "says"), [
    ("http://127.0.0.1:99999/", "port 99999 hors limites"),
    ("http://127.0.0.1:0/", "port 0 hors limites"),
    ("http://127.0.0.1:9/\x1b[31m", "caractère de contrôle"),
    ("http://[::1/", "adresse illisible"),
    ("file:///etc/passwd", "http:// ou https:// attendu"),
])
def test_an_address_that_cannot_be_asked_is_named_in_french(site: Path, url: str,
                                                           says: str) -> None:
    """A mistyped address gets INJOIGNABLE with a French reason, never an exception's
    name; a terminal escape in it is shown escaped, not sent to the terminal."""
    (report,) = verify_mirrors([url], reference(site), NOW)
    assert report.verdict is Verdict.UNREACHABLE
    (problem,) = report.problems
    assert problem.startswith("adresse invalide : ") and says in problem
    assert report.url.isprintable()


def test_a_refused_connection_is_said_in_french(site: Path) -> None:
    """Nothing listening: the reason says so in French (httpx's name kept for IT)."""
    (report,) = verify_mirrors(["http://127.0.0.1:9/"], reference(site), NOW)
    assert report.verdict is Verdict.UNREACHABLE
    assert report.problems[0].startswith("manifeste inaccessible (connexion impossible")


@pytest.mark.parametrize("where", ["missing", "not a build"])
def test_a_reference_that_is_not_a_build_is_a_usage_error(project: Project, where: str,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """`--site-dir` naming a folder without a build: exit code 2 and a French line, never
    a copy judged À JOUR against its own manifest as if it had been compared."""
    folder = project.root / ("absent" if where == "missing" else "content")
    assert project.portal("verify", "http://127.0.0.1:9/", "--site-dir", str(folder)) == 2
    assert f"--site-dir {folder} : pas de construction du portail ici" in \
        capsys.readouterr().err


def test_an_unsigned_sequence_from_the_future_is_not_remembered(tmp_path: Path) -> None:
    """Without a key, a mirror writing a far-future `sequence` is not remembered in the state
    file (else every real build after it would look like a rollback); a signed one is."""
    from generator.verify import read_last_sequence, write_last_sequence

    state = tmp_path / "etat.json"
    future, present = tmp_path / "futur", tmp_path / "present"
    for folder, moment in ((future, NOW + dt.timedelta(days=3650)),
                           (present, NOW - dt.timedelta(hours=1))):
        folder.mkdir()
        (folder / "index.html").write_bytes(PAGE)
        write_manifest(folder, build_manifest(folder, moment, dt.timedelta(days=4000), None), KEY)
    with serve_directory(future) as far, serve_directory(present) as near:
        unsigned = verify_mirrors([far, near], Reference(), NOW)
        signed = verify_mirrors([far], Reference(public_key=KEY.public_key()), NOW)
    assert [r.verdict for r in unsigned] == [Verdict.CURRENT, Verdict.CURRENT]
    write_last_sequence(state, unsigned, 0, NOW)
    assert read_last_sequence(state) == int((NOW - dt.timedelta(hours=1)).timestamp())
    assert signed[0].signed and signed[0].verdict is Verdict.CURRENT
    write_last_sequence(state, signed, read_last_sequence(state), NOW)
    assert read_last_sequence(state) == int((NOW + dt.timedelta(days=3650)).timestamp())
