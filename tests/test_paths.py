"""Paths: nothing outside the project is ever read, published or written.

A content file, a date folder, a template or an asset that is a symbolic link out of its
folder is refused naming it; template names with ``..``, slugs with ``/`` or ``..`` and
dev-server requests with ``..`` or ``%2e%2e`` never reach outside; ``briefing serve``
listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.errors import BriefingError, BuildErrors
from briefing.pipeline import BuildOptions, build

from .conftest import SEED, SEED_DATE, SEED_SLUG

SECRET = "SECRET-OUTSIDE-THE-PROJECT"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding what must never be read: an article-like file."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "notes.en.md").write_text(
        f"---\ntitle: {SECRET}\ndate: 2024-12-04\n---\n\n{SECRET} paragraph.\n",
        encoding="utf-8")
    (folder / "partial.html").write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
    return folder


def build_errors(project: Path) -> list[BriefingError]:
    """The errors a build of ``project`` stops with (it must stop)."""
    try:
        build(BuildOptions.for_root(project, pdf=False))
    except BuildErrors as exc:
        return list(exc.errors)
    except BriefingError as exc:
        return [exc]
    raise AssertionError("the build did not fail")


def nothing_published(project: Path) -> bool:
    site = project / "site"
    return not (site / "index.html").exists() and SECRET not in site_text(site)


def site_text(site: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*")
                   if p.is_file())


def test_a_content_file_linked_outside_is_refused(project: Path, outside: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    day = project / "content" / "2024-12-04"
    day.mkdir()
    (day / "notes.en.md").symlink_to(outside / "notes.en.md")
    assert main(["--root", str(project), "build", "--no-pdf"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{day / 'notes.en.md'}: this file is a link to "
                      f"{(outside / 'notes.en.md').resolve()}, outside the content folder "
                      f"{project / 'content'} (copy the file into the content folder instead "
                      "of linking it: nothing outside it is ever read)")
    assert nothing_published(project)


def test_a_date_folder_linked_outside_is_refused(project: Path, outside: Path) -> None:
    (outside / "notes.en.md").rename(outside / "x.en.md")
    (project / "content" / "2024-12-04").symlink_to(outside, target_is_directory=True)
    [error] = build_errors(project)
    assert error.path == project / "content" / "2024-12-04"
    assert error.message.startswith("this folder is a link to ")


def test_links_inside_the_content_folder_are_read(project: Path) -> None:
    """A link that stays inside the content folder is an ordinary file."""
    day = project / "content" / SEED_DATE
    original = day / f"{SEED_SLUG}.en.md"
    kept = project / "content" / ".drafts"
    kept.mkdir()
    moved = kept / original.name
    original.rename(moved)
    original.symlink_to(Path("..") / ".drafts" / original.name)
    build(BuildOptions.for_root(project, pdf=False))
    assert (project / "site" / "en" / SEED_DATE / "index.html").is_file()


def test_a_template_linked_outside_is_refused(project: Path, outside: Path) -> None:
    (project / "templates" / "partial.html").symlink_to(outside / "partial.html")
    edition = project / "templates" / "edition.html"
    edition.write_text(edition.read_text(encoding="utf-8").replace(
        "{% block main %}", '{% block main %}{% include "partial.html" %}', 1),
        encoding="utf-8")
    assert "partial.html" in edition.read_text(encoding="utf-8")
    [error] = build_errors(project)
    assert error.path == project / "templates" / "partial.html"
    assert error.message == (f"this template is a link to {(outside / 'partial.html').resolve()}"
                             ", outside the templates folder")
    assert nothing_published(project)


@pytest.mark.parametrize("name", ["../../outside/partial.html", "/etc/hostname",
                                  "pdf/../../../outside/partial.html"])
def test_a_template_name_leading_outside_is_not_found(project: Path, outside: Path,
                                                      name: str) -> None:
    edition = project / "templates" / "edition.html"
    edition.write_text(edition.read_text(encoding="utf-8").replace(
        "{% block main %}", f'{{% block main %}}{{% include "{name}" %}}', 1),
        encoding="utf-8")
    [error] = build_errors(project)
    assert error.message == f"template {name!r} not found"
    assert nothing_published(project)


def test_an_asset_linked_outside_is_refused(project: Path, outside: Path) -> None:
    (project / "templates" / "assets" / "logo.svg").symlink_to(outside / "partial.html")
    [error] = build_errors(project)
    assert error.path == project / "templates" / "assets" / "logo.svg"
    assert error.message.startswith("this file is a link to ")
    assert nothing_published(project)


@pytest.mark.parametrize("slug", ["../x", "/tmp/x", "a/../../x", "..", "x/y"])
def test_import_and_new_refuse_slugs_leading_outside(tmp_path: Path, slug: str,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    content = tmp_path / "project" / "content"
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["import", str(SEED), "--date", SEED_DATE, "--content", str(content),
                 "--slug", slug]) == 1
    assert main(["--root", str(tmp_path / "project"), "new", SEED_DATE, "--slug", slug]) == 1
    err = capsys.readouterr().err
    assert err.count(f"slug {slug!r} has characters other than a-z, 0-9 and -") == 2
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("request_path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt", "/en/../../secret.txt", "/en/%2e%2e/%2e%2e/secret.txt",
    "//secret.txt", "/..\\secret.txt", "/%2e%2e%5csecret.txt", "/./../secret.txt",
])
def test_dev_server_never_serves_outside_the_site(tmp_path: Path, request_path: str) -> None:
    import functools
    from http.server import ThreadingHTTPServer

    from briefing.serve import Generation, PreviewHandler

    site = tmp_path / "preview"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    handler = type("Handler", (PreviewHandler,), {"generation": Generation()})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1],
                                                timeout=10)
        connection.putrequest("GET", request_path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        assert SECRET not in body
        assert response.status in (301, 400, 404), (response.status, body[:200])
        connection.close()
        # The site itself is served.
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1],
                                                timeout=10)
        connection.request("GET", "/en/")
        assert b"ok" in connection.getresponse().read()
        connection.close()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_listens_on_127_0_0_1_unless_told(project: Path) -> None:
    """``briefing serve`` on a free port: its socket is bound to 127.0.0.1, not to every
    interface (read from /proc/net/tcp)."""
    from briefing.cli import _parser

    assert _parser().parse_args(["serve"]).host == "127.0.0.1"
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp")
    process = subprocess.Popen([sys.executable, "-m", "briefing", "serve", "--port", "0"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline and "previewing on" not in line:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
        assert line.startswith("previewing on http://127.0.0.1:"), line
        port = int(line.split(":")[2].split("/")[0])
        listening = []
        for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and int(local.split(":")[1], 16) == port:
                listening.append(local.split(":")[0])
        assert listening == ["0100007F"], listening  # 127.0.0.1, little-endian hex
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0
