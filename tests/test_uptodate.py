"""The no-op check (briefing/uptodate.py): a build with nothing changed loads nothing, and
every kind of change — content, templates, configuration, options, a damaged output — still
builds."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.uptodate import STAMP


def _build(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["--root", str(root), "build", "--no-pdf", *extra]) == 0
    return capsys.readouterr().out


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _bump(path: Path, text: str) -> None:
    """Change a file and make sure its time moves (coarse file-system clocks)."""
    if not path.exists():
        path.write_text(text, encoding="utf-8")
        return
    st = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_unchanged_project_is_not_built_again(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    first = _build(project, capsys)
    assert first.startswith("built ")
    before = _site_bytes(project / "site")
    second = _build(project, capsys)
    assert second.startswith("site is up to date: 1 article in 2 editions"), second
    assert _site_bytes(project / "site") == before
    # --force builds anyway, to the same bytes.
    assert _build(project, capsys, "--force").startswith("built ")
    assert _site_bytes(project / "site") == before


def test_no_op_imports_no_renderer(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check itself must stay light: no Jinja, no WeasyPrint, no article parsing."""
    import subprocess

    _build(project, capsys)
    probe = ("import sys\nfrom briefing.cli import main\n"
             f"code = main(['--root', {str(project)!r}, 'build', '--no-pdf'])\n"
             "heavy = [m for m in ('weasyprint', 'jinja2', 'markdown', 'briefing.reader')"
             " if m in sys.modules]\n"
             "print(code, heavy)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().endswith("0 []"), out


def test_every_change_builds(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each kind of change, one after the other: the build after it builds, and the build
    after that is up to date again."""
    _build(project, capsys)
    site = project / "site"
    for change in ("content", "template", "config", "day-file", "option", "site-removed",
                   "site-replaced", "stamp-damaged"):
        extra: tuple[str, ...] = ()
        if change == "content":
            article = next((project / "content").rglob("*.en.md"))
            _bump(article, article.read_text(encoding="utf-8").rstrip() + " Edited.\n")
        elif change == "template":
            base = project / "templates" / "base.html"
            _bump(base, base.read_text(encoding="utf-8") + "\n")
        elif change == "config":
            config = project / "briefing.yaml"
            old = config.read_text(encoding="utf-8") if config.exists() else ""
            _bump(config, old + "\n# edited\n")
        elif change == "day-file":
            day = next(p for p in (project / "content").iterdir() if p.is_dir())
            (day / "_day.yaml").write_text("hide: []\n", encoding="utf-8")
        elif change == "option":
            extra = ("--strict",)
        elif change == "site-removed":
            shutil.rmtree(site)
        elif change == "site-replaced":
            # Another build (another cache folder) swapped its site in meanwhile.
            assert main(["--root", str(project), "build", "--no-pdf",
                         "--cache", str(project / "other-cache")]) == 0
            capsys.readouterr()
        elif change == "stamp-damaged":
            stamp = project / ".cache" / "briefing" / STAMP
            data = json.loads(stamp.read_bytes())
            data["body"]["inputs"] = "0" * 64  # a forged match must not pass the checksum
            stamp.write_text(json.dumps(data))
        out = _build(project, capsys, *extra)
        assert out.startswith("built "), f"{change}: {out}"
        assert (site / "sitemap.xml").is_file()
        if extra:  # back to the usual options: another build
            assert _build(project, capsys).startswith("built "), change
        assert _build(project, capsys).startswith("site is up to date"), change
