"""Shortcuts taken for speed change nothing: plain paragraphs skip Python-Markdown with the
same HTML, and the quick commands never import WeasyPrint."""

from __future__ import annotations

import shutil
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


def test_sharded_search_index_equals_one_pagefind_run(tmp_path: Path) -> None:
    """One Pagefind process per language folder, merged, gives what one run over the whole
    site gives."""
    import json

    from briefing import search
    from briefing.pipeline import BuildOptions, build

    root = copy_project(tmp_path / "project")
    build(BuildOptions.for_root(root, pdf=False, use_cache=False))
    site = root / "site"
    shutil.rmtree(site / "pagefind")
    result = search.index_search(site)
    assert result.shards == 2 and not result.warnings
    single = tmp_path / "single"
    assert search._run(site, [], single) == []

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in folder.rglob("*") if p.is_file()}

    sharded, whole = files(site / "pagefind"), files(single)
    assert json.loads(sharded.pop(search.MONTHS_MANIFEST)) == {"bundles": []}  # one month
    entry_a, entry_b = (json.loads(d.pop(search.ENTRY)) for d in (sharded, whole))
    assert entry_a == entry_b
    assert sharded == whole
