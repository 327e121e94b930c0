"""Hostile input under the size limits ends in seconds: Markdown that is slow to parse.

The bounds themselves are measured in benchmarks; here a generous subprocess timeout tells a
bounded build (a few seconds) from the quadratic one it replaced (minutes).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefing.markup import render_inline

from .conftest import copy_project

#: Each of these took from 30 s to minutes to render before paragraphs were bounded.
PATHOLOGICAL = [
    "[" * 30_000,
    "[" * 199 + "a" * 400_000,
    "\\[" * 30_000,
    "[a](" * 20_000,
]


def test_pathological_markdown_builds_in_seconds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    body = "\n\n".join([*PATHOLOGICAL, "*a" * 10_000, "> " * 5_000 + "x"])
    title = "[" * 30_000
    (root / "content" / "2024-12-03" / "brackets.en.md").write_text(
        f'---\ntitle: "{title}"\ndate: 2024-12-03\n---\n\n{body}\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", "--quiet"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_pathological_paragraph_is_shown_as_typed() -> None:
    html = render_inline("see [the link](https://example.org) " + "[" * 300)
    assert "<a" not in html
    assert html.startswith("see [the link](https://example.org) [[[")
    # An ordinary paragraph keeps its links.
    assert '<a href="https://example.org"' in render_inline("see [the link](https://example.org)")
