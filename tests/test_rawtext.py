"""The raw-text parser on the seed: subheadings, a paragraph cut by a blank line, a heading
joined to its paragraph, quotations kept verbatim."""

from __future__ import annotations

from pathlib import Path

from briefing.rawtext import is_heading_line, parse_raw, split_blocks

SEED_HEADINGS = ["تميم بن حمد", "فيدان وعراقجي", "إخلاء مناطق كردية", "مجلس الأمن",
                 "إقالة جنرال روسي!"]


def test_seed_raw_blocks_follow_blank_lines(seed_text: str) -> None:
    blocks = split_blocks(seed_text)
    assert len(blocks) == 36
    assert blocks[0].line == 1
    assert blocks[6].text == "تميم بن حمد"
    assert blocks[6].line == 13


def test_seed_subheadings_found_in_order(seed_text: str) -> None:
    headings = [b.text for b in parse_raw(seed_text) if b.kind == "heading"]
    assert headings == SEED_HEADINGS


def test_paragraph_broken_by_blank_line_is_joined(seed_text: str) -> None:
    paragraphs = [b for b in parse_raw(seed_text) if b.kind == "paragraph"]
    qatar = next(p for p in paragraphs if p.text.startswith("كما ناقش بزشكيان"))
    assert qatar.text.endswith("وفقاً لبيانات نشرت على الموقع الإلكتروني لمكتب الرئيس الإيراني.")
    assert "سياسي، وفقاً" in qatar.text
    assert not any(p.text.startswith("وفقاً لبيانات") for p in paragraphs)
    assert qatar.line == 15


def test_heading_joined_to_its_paragraph_is_split(seed_text: str) -> None:
    blocks = parse_raw(seed_text)
    assert blocks[-2].kind == "heading"
    assert blocks[-2].text == "إقالة جنرال روسي!"
    assert blocks[-1].kind == "paragraph"
    assert blocks[-1].text.startswith("قال مدونون عسكريون روس")
    assert blocks[-1].line == 72


def test_seed_structure_counts(seed_text: str) -> None:
    blocks = parse_raw(seed_text)
    assert sum(b.kind == "paragraph" for b in blocks) == 31
    assert sum(b.kind == "heading" for b in blocks) == 5


def test_quotations_kept_verbatim(seed_text: str) -> None:
    text = " ".join(b.text for b in parse_raw(seed_text))
    for quote in ("«أمر واقع»", "«هيئة تحرير الشام»", "«لإعادة رسم خريطة»",
                  "«أكدا أيضاً أهمية تنسيق الجهود... بمشاركة تركيا»"):
        assert quote in text
    assert text.count("«") == seed_text.count("«")
    assert text.count("»") == seed_text.count("»")


def test_heading_line_rules() -> None:
    assert is_heading_line("مجلس الأمن")
    assert is_heading_line("إقالة جنرال روسي!")
    assert not is_heading_line("وفي نيويورك، يعقد مجلس الأمن اليوم.")
    assert not is_heading_line("سياسي،")
    assert not is_heading_line("-----")
    assert not is_heading_line('وأضاف أن "شمال سوريا بأسره في خطر."')


def test_every_corpus_article_parses(corpus: Path) -> None:
    for path in sorted((corpus / "articles_ar").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        blocks = parse_raw(text)
        assert blocks, path
        # Nothing is lost: every word of the raw text is in some block.
        assert sum(len(b.text.split()) for b in blocks) == len(text.split()), path
