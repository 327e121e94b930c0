"""Hostile content, atomic output and random input: whatever goes in, nothing breaks, nothing
unsafe reaches a page, and the published site is never left half-written."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.errors import BuildErrors
from briefing.pipeline import BuildOptions, build
from briefing.write import OutputError

from .conftest import SEED_DATE, SEED_SLUG
from .htmltools import NS, parse, parse_fragment

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src=\"https://evil.example/\"></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>",
    "<svg onload=alert(1)><circle/></svg>",
    "<style>body{display:none}</style>",
    "<object data=\"file:///etc/passwd\"></object>",
    "![x](file:///etc/passwd)",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "\u202eevil\u202c and \u200f marks",
]


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """Digest of every file's path and bytes (top-level names in ``skip`` left out)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).as_posix() not in skip:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def add_paragraph(root: Path, lang: str, text: str, title: str | None = None) -> None:
    path = root / "content" / SEED_DATE / f"{SEED_SLUG}.{lang}.md"
    body = path.read_text(encoding="utf-8")
    if title is not None:
        body = body.replace("\ntitle: ", f"\ntitle: {title!r} # ", 1)
    path.write_text(body + "\n" + text + "\n", encoding="utf-8")


def test_hostile_markup_never_reaches_a_page(project: Path) -> None:
    payload = " ".join(HOSTILE)
    add_paragraph(project, "ar", payload, title="<script>alert(1)</script>")
    add_paragraph(project, "en", payload)
    build(BuildOptions.for_root(project, pdf=False))
    for page in (project / "site").rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        root = parse(page)
        scripts = [e.get("src") for e in root.iter(NS + "script")]
        assert all(src and src.endswith(("pagefind-ui.js", "search.js")) for src in scripts), page
        for tag in ("iframe", "object", "embed", "svg", "style", "img"):
            assert not list(root.iter(NS + tag)), (page, tag)
        metas = [e for e in root.iter(NS + "meta") if e.get("http-equiv")]
        assert not metas, page
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                if name in ("href", "src"):
                    squashed = "".join(value.split()).lower()
                    assert not squashed.startswith(("javascript:", "data:", "file:")), value
    import xml.etree.ElementTree as ET

    feed = ET.parse(project / "site" / "ar" / "feed.xml").getroot()
    content = "".join(e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}content"))
    assert "<script" not in content
    shown = "".join(parse_fragment(content).itertext())
    assert "<script>alert('x')</script>" in shown  # shown as text, never run


def test_failed_build_leaves_the_previous_site_untouched(project: Path) -> None:
    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    (project / "templates" / "edition.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(BuildErrors):
        build(BuildOptions.for_root(project, pdf=False))
    assert tree_digest(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_killed_build_leaves_the_previous_site_untouched(project: Path) -> None:
    """SIGKILL a build while it writes its staging folder: site/ is as it was, and the next
    build sweeps the dead build's leftovers."""
    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    # Many articles, so the write stage (and its search index) lasts long enough to hit.
    ar = (project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md").read_text(encoding="utf-8")
    en = (project / "content" / SEED_DATE / f"{SEED_SLUG}.en.md").read_text(encoding="utf-8")
    for day in range(1, 11):
        folder = project / "content" / f"2024-11-{day:02d}"
        folder.mkdir()
        for n in range(2):
            for lang, text in (("ar", ar), ("en", en)):
                (folder / f"a{day}-{n}.{lang}.md").write_text(
                    text.replace(f"date: {SEED_DATE}", f"date: 2024-11-{day:02d}"), "utf-8")
    process = subprocess.Popen([sys.executable, "-m", "briefing", "build", "--no-pdf"],
                               cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staging = [p for p in project.glob(".site.building-*") if any(p.rglob("*.html"))]
        if staging:
            break
        time.sleep(0.005)
    assert staging, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_digest(project / "site") == before
    assert list(project.glob(".site.building-*"))  # the dead build's leftovers...
    build(BuildOptions.for_root(project, pdf=False))
    assert not list(project.glob(".site.*"))  # ...are swept by the next build


def test_output_never_replaces_a_foreign_folder(project: Path) -> None:
    foreign = project / "notes"
    foreign.mkdir()
    (foreign / "draft.txt").write_text("my notes")
    with pytest.raises(OutputError, match="refusing to replace"):
        build(BuildOptions.for_root(project, pdf=False, out_dir=foreign))
    assert (foreign / "draft.txt").read_text() == "my notes"
    assert main(["--root", str(project), "build", "--no-pdf", "--out", str(project / "content")
                 ]) == 1
    assert (project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md").exists()


def test_output_paths_cannot_escape(project: Path) -> None:
    from briefing.write import SiteWriter

    writer = SiteWriter(project / "site")
    try:
        for bad in ("../escape.html", "/etc/passwd", "a/../../b"):
            with pytest.raises(OutputError):
                writer.write(bad, b"x")
        writer.write("ok.html", b"x")
        with pytest.raises(OutputError, match="same path"):
            writer.write("ok.html", b"y")
    finally:
        writer.abort()
    assert not (project / "escape.html").exists()


def test_errors_keep_the_editors_files(project: Path) -> None:
    before = tree_digest(project / "content")
    (project / "templates" / "base.html").write_text("{{ nope }}", encoding="utf-8")
    assert main(["--root", str(project), "build", "--no-pdf"]) == 1
    assert tree_digest(project / "content") == before


def test_unexpected_failure_is_one_line_without_traceback(project: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    (project / "briefing.yaml").write_text("languages: [1, 2]\n")
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[0].startswith(str(project / "briefing.yaml") + ":1: ") or \
        err.splitlines()[0].startswith("briefing.yaml:1: ")




def test_isolated_bad_article_names_only_itself(project: Path) -> None:
    bad = project / "content" / "2024-12-05"
    bad.mkdir()
    (bad / "x.ar.md").write_bytes(b"---\ntitle: t\ndate: 2024-12-05\n---\n\n\xff\xfe")
    with pytest.raises(BuildErrors) as caught:
        build(BuildOptions.for_root(project, pdf=False))
    assert [str(e.path) for e in caught.value.errors] == [str(bad / "x.ar.md")]
