"""The extract stage: quotations and speakers, figures, entities and sources.

The seed is checked against a hand-made expected file (tests/expected/seed_extract.json);
rules are checked on short sentences written for these tests; the real corpus is read in
place and only sane invariants are asserted on it (its text is never copied here).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.errors import BuildErrors
from briefing.extract import (
    ArticleFacts,
    extract_blocks,
    load_gazetteer,
    unknown_names,
)
from briefing.extract.command import read_blocks, run_extract
from briefing.extract.extractor import unescape
from briefing.model import Block
from briefing.rawtext import parse_raw
from briefing.text.normalize import normalise

from .conftest import PROJECT, SEED, SEED_DATE, SEED_SLUG

EXPECTED = json.loads((Path(__file__).parent / "expected" / "seed_extract.json")
                      .read_text(encoding="utf-8"))
SEED_MD = PROJECT / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md"


@pytest.fixture(scope="module")
def seed_facts() -> ArticleFacts:
    return extract_blocks(parse_raw(SEED.read_text(encoding="utf-8")))


def facts_of(*paragraphs: str) -> ArticleFacts:
    return extract_blocks([Block("paragraph", p, i + 1) for i, p in enumerate(paragraphs)])


# --- the seed, against the hand-checked file ------------------------------------------------


def test_seed_quotations_and_speakers(seed_facts: ArticleFacts) -> None:
    expected = EXPECTED["quotes"]
    got = seed_facts.quotes
    assert [(q.block, q.text[:len(e["starts"])]) for q, e in zip(got, expected, strict=False)
            ] == [(e["block"], e["starts"]) for e in expected]
    assert len(got) == len(expected)
    for quote, want in zip(got, expected, strict=True):
        where = f"paragraph {want['block']}: {want['starts']}"
        assert quote.text.startswith(want["starts"]), where
        assert quote.speaker_en == want["speaker_en"], where
        assert quote.continued == want.get("continued", False), where
        assert quote.statement == want.get("statement", False), where
        if "speakers" in want:
            assert list(quote.speakers) == want["speakers"], where


def test_seed_speakers_have_arabic_names(seed_facts: ArticleFacts) -> None:
    by_en = {q.speaker_en: q.speaker_ar for q in seed_facts.quotes}
    assert by_en["Bashar al-Assad"] == "بشار الأسد"
    assert by_en["Masoud Pezeshkian and Vladimir Putin"] == "مسعود بزشكيان وفلاديمير بوتين"
    assert by_en["Kremlin"] == "الكرملين"
    assert all(q.speaker_ar for q in seed_facts.quotes)


def test_seed_quoted_names_and_terms_are_not_quotations(seed_facts: ArticleFacts) -> None:
    quoted = {q.text for q in seed_facts.quotes}
    terms = {(t.block, t.text): t.kind for t in seed_facts.terms}
    for item in EXPECTED["not_quotations"]:
        assert item["text"] not in quoted, item
        assert terms.get((item["block"], item["text"])) == item["kind"], item
    assert len(seed_facts.terms) == len(EXPECTED["not_quotations"])


def test_seed_terms_keep_the_speaker_of_their_sentence(seed_facts: ArticleFacts) -> None:
    term = next(t for t in seed_facts.terms if t.text == "للجماعات الإرهابية")
    assert term.speaker_en == "Abbas Araghchi"
    assert next(t for t in seed_facts.terms if t.text == "رويترز").en == "Reuters"


def test_seed_figures(seed_facts: ArticleFacts) -> None:
    keys = ("block", "value", "kind", "what_en", "qualifier_en", "source_en", "event")
    got = [{k: getattr(f, k) for k in keys} for f in seed_facts.figures]
    assert got == [{k: e[k] for k in keys} for e in EXPECTED["figures"]]
    details = [f.detail_en for f in seed_facts.figures]
    assert details == [e.get("detail_en") for e in EXPECTED["figures"]]
    values = {f.value for f in seed_facts.figures}
    assert not values & set(EXPECTED["not_figures"])


def test_seed_key_figures_are_the_casualty_counts(seed_facts: ArticleFacts) -> None:
    assert [(f.value, f.what_en) for f in seed_facts.key_figures] == [
        (400, "fighters killed"), (457, "people killed"), (72, "civilians killed")]


def test_seed_entities_have_english_names(seed_facts: ArticleFacts) -> None:
    got = [(e.en, e.type, e.count) for e in seed_facts.entities]
    want = [(e["en"], e["type"], e["count"]) for e in EXPECTED["entities"]]
    assert sorted(got) == sorted(want)
    assert not unknown_names(seed_facts)


def test_seed_sources(seed_facts: ArticleFacts) -> None:
    got = sorted((s.en, s.kind) for s in seed_facts.sources)
    assert got == sorted((s["en"], s["kind"]) for s in EXPECTED["sources"])


def test_content_file_gives_the_same_facts_as_the_raw_seed(seed_facts: ArticleFacts) -> None:
    blocks, lang = read_blocks(SEED_MD)
    assert lang == "ar"
    assert extract_blocks(blocks, lang) == seed_facts


def test_block_numbers_are_paragraph_numbers(seed_facts: ArticleFacts) -> None:
    paragraphs = [b for b in parse_raw(SEED.read_text(encoding="utf-8"))
                  if b.kind == "paragraph"]
    for quote in seed_facts.quotes:
        text = paragraphs[quote.block - 1].text
        assert text[quote.start:quote.start + len(quote.text)] == quote.text


# --- rules, on sentences written for the tests ----------------------------------------------


def test_numbers_in_any_digits_and_in_words() -> None:
    facts = facts_of(
        "قال المرصد إن ٣٥ مدنياً قتلوا، وإن نحو ثلاثة آلاف وخمسمئة شخص نزحوا.",
        "وأعلنت الوزارة إجلاء 1,200 طفل و2.5 مليون شخص.")
    got = [(f.value, f.what_en, f.qualifier_en) for f in facts.figures]
    assert got == [(35, "civilians killed", None), (3500, "people displaced", "about"),
                   (1200, "children evacuated", None), (2500000, "people evacuated", None)]
    assert {f.source_en for f in facts.figures[:2]} == {"Syrian Observatory for Human Rights"}


def test_years_dates_and_labels_are_not_figures() -> None:
    facts = facts_of("وفي عام 2011 صدر القرار 2254، وفي 12 مارس 2019 تحدث الوزير "
                     "عند الساعة 10 عن منظومة إس-400 وعن حرب مستمرة منذ 2011.")
    assert facts.figures == ()


def test_durations_are_kept_apart_from_casualties() -> None:
    facts = facts_of("وقتل 20 مسلحاً خلال ثلاثة أيام من القصف، بعد حصار دام 5 سنوات.")
    assert [(f.value, f.kind, f.event) for f in facts.figures] == [
        (20, "people", "killed"), (3, "duration", None), (5, "duration", None)]
    assert [f.value for f in facts.key_figures] == [20]


def test_qualifiers_before_and_after() -> None:
    facts = facts_of("أصيب ما لا يقل عن 15 شخصاً، وقتل 7 جنود على الأقل، ونزح قرابة 900 مدني.")
    assert [(f.value, f.qualifier_en) for f in facts.figures] == [
        (15, "at least"), (7, "at least"), (900, "nearly")]


def test_names_in_quotation_marks_are_not_quotations() -> None:
    facts = facts_of('وقالت وكالة «سانا» إن «جيش الإسلام» انسحب، بحسب "رويترز".')
    assert facts.quotes == ()
    assert {t.text: t.kind for t in facts.terms} == {
        "سانا": "name", "جيش الإسلام": "name", "رويترز": "name"}


def test_short_quoted_terms_inside_a_sentence_are_terms() -> None:
    facts = facts_of("واتهم لافروف «الجماعات المتطرفة» بتعطيل ما سماه «الحل السياسي».")
    assert facts.quotes == ()
    assert [(t.kind, t.speaker_en) for t in facts.terms] == [
        ("term", "Sergei Lavrov"), ("term", "Sergei Lavrov")]


def test_two_words_right_after_a_verb_of_saying_are_a_quotation() -> None:
    facts = facts_of("وقال غوتيريش: «كفى قتلاً».")
    assert [(q.text, q.speaker_en) for q in facts.quotes] == [("كفى قتلاً", "Antonio Guterres")]


def test_continuation_carries_the_speaker_across_paragraphs() -> None:
    facts = facts_of(
        "وقال وزير الخارجية الروسي سيرغي لافروف إن «الحل يجب أن يكون سياسياً».",
        "وأضاف أن «موسكو لن تتخلى عن حلفائها في المنطقة».",
        "وتابع الوزير الروسي: «سنواصل العمل مع شركائنا في أنقرة وطهران».")
    assert [(q.speaker_en, q.continued) for q in facts.quotes] == [
        ("Sergei Lavrov", False), ("Sergei Lavrov", True), ("Sergei Lavrov", False)]


def test_a_feminine_verb_does_not_continue_a_man() -> None:
    facts = facts_of(
        "وقالت المندوبة الأمريكية نيكي هيلي إن «المجلس فشل مرة أخرى في حماية المدنيين».",
        "وقال السفير الروسي فاسيلي نيبينزيا إن «هذه الاتهامات لا أساس لها على الإطلاق».",
        "وأضافت أن «واشنطن ستتحرك مع حلفائها إذا لزم الأمر».")
    assert [q.speaker_en for q in facts.quotes] == [
        "Nikki Haley", "Vassily Nebenzia", "Nikki Haley"]


def test_spokesperson_is_the_speaker_not_the_person_spoken_for() -> None:
    facts = facts_of("وقال المتحدث باسم الرئيس الروسي فلاديمير بوتين دميتري بيسكوف إن "
                     "«الكرملين يتابع الوضع عن كثب».")
    assert facts.quotes[0].speaker_en == "Dmitry Peskov"


def test_relayed_and_written_statements() -> None:
    facts = facts_of(
        "ونقلت وكالة رويترز عن مصدر عسكري قوله إن «القوات تقدمت في الريف الغربي».",
        "وجاء في بيان للخارجية الروسية أن «موسكو تدعم الحل السياسي في سوريا».")
    assert [(q.speaker_en, q.statement) for q in facts.quotes] == [
        ("military source", False), ("Russian Foreign Ministry", True)]
    assert ("Russian Foreign Ministry statement", "statement") in {
        (s.en, s.kind) for s in facts.sources}


def test_a_place_speaks_only_as_a_state() -> None:
    facts = facts_of("وقالت روسيا إن «الضربات الغربية غير قانونية على الإطلاق».",
                     "وقالت لاجئة من ريف دمشق لنا إن «الحياة هنا صعبة جداً على الجميع».")
    assert facts.quotes[0].speaker_en == "Russia"
    assert facts.quotes[1].speaker_ar == "لاجئة"
    assert facts.quotes[1].speaker_en is None


def test_unnamed_speakers_get_a_role() -> None:
    facts = facts_of("وقال مصدر عسكري سوري إن «الوحدات تقدمت على محورين في الريف الشرقي».")
    quote = facts.quotes[0]
    assert (quote.speaker_ar, quote.speaker_en, quote.speaker_type) == (
        "مصدر عسكري سوري", "Syrian military source", "role")


def test_unknown_names_are_listed_for_the_editor() -> None:
    facts = facts_of("وقال الجنرال فلان الفلاني إن «العملية انتهت وتحققت أهدافها كاملة».")
    assert "فلان الفلاني" in unknown_names(facts)
    assert facts.quotes[0].speaker_ar == "الجنرال فلان الفلاني"


def test_only_arabic_is_read() -> None:
    facts = extract_blocks([Block("paragraph", 'He said "we will stay".', 1)], "en")
    assert facts == ArticleFacts((), (), (), ())


def test_markdown_escapes_are_removed() -> None:
    assert unescape(r"قال \*مصدر\* \[1\]") == "قال *مصدر* [1]"


# --- the gazetteer --------------------------------------------------------------------------


def test_gazetteer_matches_clitics_and_spellings_but_not_adjectives() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("وبحلب").en == "Aleppo"
    assert gazetteer.lookup("للكرملين").en == "Kremlin"
    assert gazetteer.lookup("سوريا").en == gazetteer.lookup("سورية").en == "Syria"
    assert gazetteer.lookup("وحماه").en == "Hama"
    assert gazetteer.lookup("السورية") is None  # the adjective, not the country
    facts = facts_of("ودعت إلى حل بقيادة سوريّة في سوريا.")
    assert [(e.en, e.count) for e in facts.entities] == [("Syria", 1)]


def test_gazetteer_is_loaded_once() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_project_gazetteer_is_merged_on_top(tmp_path: Path) -> None:
    extra = tmp_path / "gazetteer.yaml"
    extra.write_text("person:\n  - {en: Jane Doe, ar: [جين دو]}\n"
                     "place:\n  - {en: Halab, ar: [حلب]}\n", encoding="utf-8")
    gazetteer = load_gazetteer(extra)
    assert gazetteer.lookup("جين دو").en == "Jane Doe"
    assert gazetteer.lookup("حلب").en == "Halab"  # the form moved to the project's entry
    assert gazetteer.lookup("إدلب").en == "Idlib"
    facts = extract_blocks([Block("paragraph", "وقالت جين دو إن «الوضع في حلب صعب جداً».", 1)],
                           gazetteer=gazetteer)
    assert facts.quotes[0].speaker_en == "Jane Doe"


def test_gazetteer_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "gazetteer.yaml"
    bad.write_text("people:\n  - {en: X, ar: [س]}\nplace:\n  - {ar: [ص]}\n"
                   "  - {en: A, ar: [حمص]}\n  - {en: B, ar: [حمص]}\n", encoding="utf-8")
    with pytest.raises(BuildErrors) as info:
        load_gazetteer(bad)
    text = str(info.value)
    assert f"{bad}:1: unknown section 'people'" in text
    assert f"{bad}:4: a place entry has no English name" in text
    assert f"{bad}:6: the Arabic form 'حمص' is also listed on line 5" in text


# --- the command ----------------------------------------------------------------------------


def test_extract_command_prints_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_extract(SEED_MD, "json", root=PROJECT) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"quotes", "figures", "entities", "sources"}
    quote = data["quotes"][0]
    assert set(quote) >= {"text", "speaker", "block"}
    assert set(quote["speaker"]) == {"ar", "en"}
    figure = data["figures"][1]
    assert set(figure) >= {"value", "what", "qualifier", "source", "block"}
    assert figure["source"] == {"ar": "الجيش السوري", "en": "Syrian Army"}
    assert set(data["entities"][0]) >= {"ar", "en", "type", "count"}


def test_extract_command_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_extract(SEED, "table", root=PROJECT) == 0
    out = capsys.readouterr().out
    assert "Recep Tayyip Erdogan: «أمنيتنا الكبرى" in out
    assert "more than 400 fighters killed (people) [Syrian Army]" in out


# --- the real corpus ------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", normalise(text))


def test_corpus_runs_with_sane_results(corpus: Path) -> None:
    articles = sorted((corpus / "articles_ar").glob("*.txt"))
    assert articles
    quotes = attributed = 0
    for path in articles:
        paragraphs = [b.text for b in parse_raw(path.read_text(encoding="utf-8"))
                      if b.kind == "paragraph"]
        facts = extract_blocks(parse_raw(path.read_text(encoding="utf-8")))
        for quote in facts.quotes:
            text = paragraphs[quote.block - 1]
            assert text[quote.start:quote.start + len(quote.text)] == quote.text, path.name
            assert quote.speaker_en is None or quote.speaker_ar, path.name
        for figure in facts.figures:
            assert figure.text in paragraphs[figure.block - 1], (path.name, figure)
            digits = _digits(figure.text)
            if digits and not re.search("[ألفمليون]", figure.text) and "." not in figure.text:
                assert str(figure.value) in digits, (path.name, figure)
            assert figure.value > 0
        for entity in facts.entities:
            assert entity.count >= len(entity.blocks) >= 0 and entity.en
            assert all(1 <= b <= len(paragraphs) for b in entity.blocks)
        quotes += len(facts.quotes)
        attributed += sum(1 for q in facts.quotes if q.speaker_ar)
    assert quotes > 200
    assert attributed / quotes > 0.85  # measured 0.93 when written


def test_attribution_cue_at_the_very_end_of_a_paragraph() -> None:
    """A cue with nothing after it ("وجاء في") names no speaker and does not crash."""
    facts = extract_blocks([Block("paragraph", "وقال الوزير إن الوضع صعب وجاء في", 1)], "ar")
    assert all(q.speaker_ar != "" for q in facts.quotes)


def test_martyrs_are_dead_and_fighter_jets_are_aircraft() -> None:
    """"3 شهداء" (the Syrian army's word for its dead) is a toll; "28 مقاتلة" are fighter
    jets, counted with "28 طائرة", not fighters; "مئتي ألف" is 200,000."""
    [dead] = facts_of("تسبب القصف بارتقاء 3 شهداء.").figures
    assert (dead.value, dead.kind, dead.event) == (3, "people", "killed")
    [jets] = facts_of("شاركت 28 مقاتلة إسرائيلية في الضربات.").figures
    assert (jets.value, jets.kind, jets.what_en) == (28, "count", "aircraft")
    [fled] = facts_of("ودفع التقدم أكثر من مئتي ألف مدني إلى الفرار.").figures
    assert (fled.value, fled.qualifier_en) == (200000, "more than")
