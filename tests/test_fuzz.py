"""Property-based tests: random Unicode (Arabic, bidi controls, zero-width characters, huge
lines, stray Markdown and YAML) through import, parse, classify and build never crashes:
each stage either succeeds or raises the project's own one-line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.classify import classify_blocks
from briefing.errors import BriefingError, BuildErrors
from briefing.importer import clean_blocks, render_content_file
from briefing.markup import render_inline
from briefing.rawtext import parse_raw
from briefing.reader import parse_content

DATE = dt.date(2024, 12, 3)
SPECIALS = ["\u200f", "\u200e", "\u202b", "\u202e", "\u2066", "\u2069", "\u200b", "\u200d",
            "\ufeff", "\u0640", "\u064b", "«", "»", "---", "\n\n", "\n", "## ", "# ", "*", "_",
            "`", "[", "](", ")", "<", ">", "&", ":", "- ", "|", "\t", "\r\n", "\x00", "،",
            "٢٠٢٤", "2020-2024", "%", "javascript:", "{{", "{%", "'", '"']
arabic = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=40)
noise = st.text(max_size=40)
piece = st.one_of(arabic, noise, st.sampled_from(SPECIALS), st.just("نص " * 2000))
documents = st.lists(piece, max_size=25).map("".join)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(documents)
def test_raw_text_parses_classifies_and_imports(text: str) -> None:
    blocks = parse_raw(text)
    decisions = classify_blocks(blocks, "ar")
    assert len(decisions) == len(blocks)
    for block in blocks:
        render_inline(block.text, rtl=True)
    kept, _ = clean_blocks(blocks)  # what import writes: control characters gone, noise out
    content = render_content_file("t", DATE, "s", None, kept)
    if any(b.kind == "paragraph" for b in kept):
        parsed = parse_content(content, Path("x.ar.md"), DATE, "x", "ar")
        assert len(parsed.paragraphs) >= 1


@FUZZ
@given(documents)
def test_content_files_parse_or_fail_cleanly(text: str) -> None:
    try:
        parse_content(text, Path("x.ar.md"), DATE, "x", "ar")
    except BuildErrors as exc:
        assert exc.errors and all(e.path == Path("x.ar.md") for e in exc.errors)


@FUZZ
@given(front=st.dictionaries(st.sampled_from(["title", "date", "source", "sections", "draft",
                                              "x"]),
                             st.one_of(noise, st.integers(), st.lists(noise, max_size=3),
                                       st.dictionaries(noise, noise, max_size=3))),
       body=documents)
def test_random_front_matter(front: dict[str, object], body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body
    try:
        parse_content(text, Path("x.ar.md"), DATE, "x", "ar")
    except BuildErrors as exc:
        assert all(isinstance(e, BriefingError) for e in exc.errors)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ar=documents, en=documents)
def test_random_articles_build(ar: str, en: str, tmp_path_factory: object) -> None:
    """A whole HTML build (no PDF) of random text either succeeds or reports errors."""
    from briefing.pipeline import BuildOptions, build

    from .conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("fuzz") / "p")  # type: ignore[attr-defined]
    folder = root / "content" / "2024-12-03"
    for lang, text in (("ar", ar), ("en", en)):
        (folder / f"fuzz.{lang}.md").write_text(
            f"---\ntitle: fuzz\ndate: 2024-12-03\n---\n\n{text}\n", encoding="utf-8")
    try:
        build(BuildOptions.for_root(root, pdf=False))
    except (BuildErrors, BriefingError):
        return
    assert (root / "site" / "ar" / "2024-12-03" / "index.html").is_file()
