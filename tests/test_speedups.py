"""Shortcuts taken for speed change nothing: plain paragraphs skip Python-Markdown with the
same HTML, and the quick commands never import WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import markup

from .conftest import PROJECT, copy_project


def full_markdown(text: str, rtl: bool) -> str:
    """render_inline without its shortcut: always through Python-Markdown."""
    md = markup._converter()
    md.reset()
    html = md.convert(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    else:
        html = str(markup.Markup.escape(text))
    return markup.isolate_ltr(html) if rtl else html


def test_seed_paragraphs_render_as_markdown_would() -> None:
    shortcut = 0
    for lang in ("ar", "en"):
        path = PROJECT / "content" / "2024-12-03" / f"syria-offensive-reactions.{lang}.md"
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        for block in (b.strip().removeprefix("## ") for b in body.split("\n\n")):
            if block:
                shortcut += bool(markup._PLAIN.fullmatch(block))
                assert str(markup.render_inline(block, lang == "ar")) == \
                    full_markdown(block, lang == "ar")
    assert shortcut > 40  # the shortcut is really taken


ALPHABET = st.sampled_from([*"ab سلام 1.-+*_`[]()<>&!#~|\\\"'«»“”:=%/\n\t ", "  ", "1. ", "- ",
                            "> "])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=12).map("".join), st.booleans())
def test_any_text_renders_as_markdown_would(text: str, rtl: bool) -> None:
    assert str(markup.render_inline(text, rtl)) == full_markdown(text, rtl)


def test_quick_commands_do_not_import_weasyprint(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    probe = ("import sys\nfrom briefing.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('weasyprint' in sys.modules)\n")
    for args in (["--help"], ["--root", str(root), "check", "--quiet"]):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                                text=True, cwd=root)
        assert result.stdout.strip().splitlines()[-1] == "False", (args, result.stderr)


def test_search_index_equals_one_pagefind_run(tmp_path: Path) -> None:
    """The index the build makes through Pagefind's Python API, from the pages it writes,
    holds what one run of the Pagefind command over the whole site gives: the same pages
    in each language and the same fragments (each page's text and metadata), byte for
    byte. (The word index numbers pages in the order they come: ours in path order.)"""
    import json
    import subprocess
    import sys

    from briefing import search
    from briefing.pipeline import BuildOptions, build

    root = copy_project(tmp_path / "project")
    build(BuildOptions.for_root(root, pdf=False, use_cache=False))
    site = root / "site"
    single = tmp_path / "single"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
                    "--output-path", str(single)], check=True, capture_output=True)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in folder.rglob("*") if p.is_file()}

    ours, whole = files(site / "pagefind"), files(single)
    assert json.loads(ours.pop(search.MONTHS_MANIFEST)) == {"bundles": []}  # one month
    entry_a, entry_b = (json.loads(d.pop(search.ENTRY)) for d in (ours, whole))
    assert {k: v["page_count"] for k, v in entry_a["languages"].items()} == {"ar": 2, "en": 2}
    assert {k: v["page_count"] for k, v in entry_b["languages"].items()} == {"ar": 2, "en": 2}
    fragments = {k: v for k, v in ours.items() if k.startswith("fragment/")}
    assert len(fragments) == 4
    assert fragments == {k: v for k, v in whole.items() if k.startswith("fragment/")}
    assert sorted(ours) != sorted(fragments)  # the index, the metadata, the UI files too
    assert {k for k in ours if not k.startswith(("index/", "pagefind."))} == {
        k for k in whole if not k.startswith(("index/", "pagefind."))}
