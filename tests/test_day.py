"""The briefing layer on real multi-outlet days built from the corpus (the Douma week,
Eastern Ghouta/Afrin and the week of the Western strikes, imported as a desk would, and the
Golan exchange of May 2018 and the Daraa offensive of July 2018 from ANT articles outside the
shared corpus): stories across outlets, one tile per quantity, the editor's _day.yaml, and a
briefing that keeps to its length."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.day import ParagraphRef, load_choices, plan_day
from briefing.day.command import day_plan
from briefing.day.digest import digest_json
from briefing.day.evaluate import evaluate_day, pair_score
from briefing.day.model import DayParagraph
from briefing.errors import BuildErrors
from briefing.pipeline import BuildOptions, build

from .conftest import PROJECT
from .corpus_days import DAYS, CorpusDay, build_day, day_corpus, gold_dir
from .htmltools import by_class, find_all, parse, text_of
from .pdftext import pdftotext


def _project(root: Path, corpus: Path, day: CorpusDay) -> Path:
    for name in ("templates", "locale"):
        shutil.copytree(PROJECT / name, root / name)
    (root / "site").mkdir()
    build_day(corpus, day, root / "content")
    return root


@pytest.fixture(scope="module")
def douma(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return _project(tmp_path_factory.mktemp("douma"), corpus, DAYS["douma"])


@pytest.fixture(scope="module")
def ghouta(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return _project(tmp_path_factory.mktemp("ghouta"), corpus, DAYS["ghouta"])


@pytest.fixture(scope="module")
def strikes(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    return _project(tmp_path_factory.mktemp("strikes"), corpus, DAYS["strikes"])


@pytest.fixture(scope="module")
def golan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    day = DAYS["golan"]
    return _project(tmp_path_factory.mktemp("golan"), day_corpus(day), day)


@pytest.fixture(scope="module")
def daraa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    day = DAYS["daraa"]
    return _project(tmp_path_factory.mktemp("daraa"), day_corpus(day), day)


@pytest.fixture(scope="module")
def truce(tmp_path_factory: pytest.TempPathFactory) -> Path:
    day = DAYS["truce"]
    return _project(tmp_path_factory.mktemp("truce"), day_corpus(day), day)


@pytest.fixture(scope="module")
def douma_site(douma: Path) -> Path:
    build(BuildOptions.for_root(douma))
    return douma / "site"


def _digest(root: Path, day: CorpusDay) -> dict:  # type: ignore[type-arg]
    return digest_json(day_plan(root, root / "content", None, day.edition))


def test_pair_score_counts_pairs() -> None:
    score = pair_score([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (score.predicted_pairs, score.gold_pairs) == (3, 2)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 2)


@pytest.mark.parametrize("name, stories, figures", [
    # Floors at the level measured on the two development days (douma 0.667 / 0.795,
    # ghouta 0.515 / 0.625) and on the check day annotated after the rules were set
    # (strikes 0.294 / 0.400, its figures only 2 pairs), and on golan and daraa (ANT articles
    # outside the shared corpus, annotated before the code ran on them: 0.319 / 0.444 and
    # 0.294 / 0.303; golan's figures 0.505 since "شهداء" and "مقاتلة" are read); the targets
    # are 0.70 and 0.85. Stories hang on the paragraphs' sections: the classifier trained on
    # 113 articles (teasers as noise) moved strikes to 0.220 (140 predicted pairs, was 91),
    # ghouta to 0.521, golan to 0.327 and daraa to 0.298.
    ("douma", 0.64, 0.77),
    ("ghouta", 0.49, 0.60),
    ("strikes", 0.20, 0.35),
    ("golan", 0.29, 0.47),
    ("daraa", 0.27, 0.28),
    # The held-out check day (Ghouta and the truce draft, February 2018), annotated before
    # any grouping code ran on it and never fitted on: 0.533 / 0.733 when it was added.
    ("truce", 0.50, 0.70),
])
def test_grouping_against_the_hand_annotated_days(request: pytest.FixtureRequest, name: str,
                                                  stories: float, figures: float) -> None:
    root = request.getfixturevalue(name)
    day = DAYS[name]
    score = evaluate_day(_digest(root, day), gold_dir(day), day_corpus(day) / "articles_ar")
    assert score.unmatched == 0
    assert score.stories.f1 >= stories, score.to_json()
    assert score.figures.f1 >= figures, score.to_json()


def test_digest_shape_names_content_paragraphs(douma: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(douma), "digest", "2018-04-17", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2018-04-17"
    shared = [s for s in data["stories"] if len({p["article"] for p in s["paragraphs"]}) > 1]
    assert shared, "no story across outlets"
    for story in data["stories"]:
        lead = story["lead"]
        assert story["paragraphs"][0]["article"] == lead["article"]
        assert story["section"] in ("diplomacy", "battlefield", "humanitarian", "un")
    content = douma / "content" / "2018-04-17"
    first = data["stories"][0]["paragraphs"][0]
    assert first["text"] in (content / f"{first['article']}.ar.md").read_text(encoding="utf-8")


def test_one_death_toll_is_one_tile_with_its_range_and_sources(douma: Path) -> None:
    data = _digest(douma, DAYS["douma"])
    tolls = [g for g in data["figures"] if g["event"] == "killed" and g["conflict"]
             and {m["value"] for m in g["mentions"]} >= {70, 75, 180}]
    assert len(tolls) == 1
    toll = tolls[0]
    assert toll["range"] == [min(m["value"] for m in toll["mentions"]), 180]
    assert {m["outlet"] for m in toll["mentions"]} >= {"BBC News", "France 24"}
    assert "Raed Saleh" in {m["source"] for m in toll["mentions"]}
    # "...but a tweet on the White Helmets' account, later deleted, put the toll above 150":
    # the tweet's author, not the last speaker of the article (the US State Department).
    assert {m["source"] for m in toll["mentions"] if m["value"] == 150} == {"White Helmets"}
    # The 2017 Khan Shaykhun toll and the SOHR air-strike toll are other quantities.
    assert not any(m["value"] in (80, 1600) for m in toll["mentions"])
    khan = [g for g in data["figures"] if any(m["value"] == 80 for m in g["mentions"])]
    assert khan and all(g["background"] for g in khan)


def test_implausible_thousands_are_flagged_not_multiplied(ghouta: Path) -> None:
    data = _digest(ghouta, DAYS["ghouta"])
    flagged = [g for g in data["figures"] if g["implausible"]]
    assert flagged, "27500 ألف not flagged"
    values = {m["value"] for g in flagged for m in g["mentions"]}
    assert 27500 in values and 27_500_000 not in values


def test_edition_is_a_briefing_not_a_dump(douma_site: Path) -> None:
    for lang in ("ar", "en"):
        folder = douma_site / lang / "2018-04-17"
        pdf = folder / f"briefing-2018-04-17-{lang}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:")))
        assert pages <= 8, (lang, pages)
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8",
                                str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        if lang == "en":
            assert "HIGHLIGHTS" in first and "KEY FIGURES" in first
        assert (folder / f"briefing-2018-04-17-{lang}-full.pdf").is_file()
    page = parse(douma_site / "en" / "2018-04-17" / "index.html")
    assert by_class(page, "highlights")
    shared = by_class(page, "story--shared")
    assert shared and all(by_class(s, "versions") for s in shared)
    assert "Also reported by" in text_of(page) or "more version" in text_of(page)
    [box] = by_class(page, "key-figures")
    conflicts = by_class(box, "figure--conflict")
    assert len(conflicts) == 1 and "Reports differ" in text_of(conflicts[0])


def test_every_article_is_one_link_away_in_full(douma_site: Path, douma: Path) -> None:
    page = parse(douma_site / "ar" / "2018-04-17" / "index.html")
    links = {a.get("href") for a in by_class(page, "source-title")}
    for md in sorted((douma / "content" / "2018-04-17").glob("*.ar.md")):
        slug = md.name.split(".")[0]
        assert any(link.endswith(f"/2018-04-17/{slug}/index.html") for link in links)
        article = parse(douma_site / "ar" / "2018-04-17" / slug / "index.html")
        paragraphs = [p for p in find_all(article, "p") if (p.get("id") or "").startswith("p")]
        assert paragraphs
    full = pdftotext(douma_site / "ar" / "2018-04-17" / "briefing-2018-04-17-ar-full.pdf")
    assert "مدير منظمة حظر الأسلحة الكيميائية" in full


def test_subheadings_stay_with_their_article(douma_site: Path) -> None:
    page = parse(douma_site / "ar" / "2018-04-17" / "index.html")
    for story in by_class(page, "story"):
        if by_class(story, "subheading"):
            assert "story--shared" not in story.get("class", "")


def _plan(root: Path, date: dt.date):  # type: ignore[no-untyped-def]
    return day_plan(root, root / "content", None, date)


def test_editor_choices_win(douma: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(douma, root, ignore=shutil.ignore_patterns("site", ".cache"))
    day = root / "content" / "2018-04-17"
    before = _plan(root, dt.date(2018, 4, 17))
    shared = next(s for s in before.stories if len({r.slug for r in s.paragraphs}) > 1)
    alone = [s for s in before.stories if len(s.paragraphs) == 1]
    last = alone[-1]
    (day / "_day.yaml").write_text(
        f"pin: [{last.key}]\n"
        f"highlights: [{last.key}]\n"
        f"hide: [{alone[-2].key}]\n"
        f"split: [{shared.paragraphs[1].anchor}]\n"
        f"merge:\n  - [{alone[0].key}, {alone[1].key}]\n", encoding="utf-8")
    after = _plan(root, dt.date(2018, 4, 17))
    assert after.stories[0].key == last.key and after.stories[0].pinned
    assert after.highlights == (last.key,)
    assert alone[-2].lead in after.hidden and after.story_of(alone[-2].lead) is None
    split = after.story_of(shared.paragraphs[1])
    assert split is not None and split.paragraphs == (shared.paragraphs[1],)
    merged = after.story_of(alone[0].lead)
    assert merged is not None and merged.paragraphs == (alone[0].lead, alone[1].lead)
    # The choices survive a rebuild: they are content, and the site shows them.
    build(BuildOptions.for_root(root, pdf=False))
    page = parse(root / "site" / "en" / "2018-04-17" / "index.html")
    assert page.find(f".//*[@id='{alone[-2].lead.anchor}']") is None
    [highlights] = by_class(page, "highlights")
    assert find_all(highlights, "a")[0].get("href") == f"#{last.lead.anchor}"


def test_bad_day_file_names_file_and_line(douma: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    shutil.copytree(douma, root, ignore=shutil.ignore_patterns("site", ".cache"))
    day = root / "content" / "2018-04-17"
    (day / "_day.yaml").write_text("pin: [bb-312-p1]\nhide: [nosuch-p3]\nsort: x\n",
                                   encoding="utf-8")
    with pytest.raises(BuildErrors) as caught:
        load_choices(day)
    [unknown] = caught.value.errors
    assert unknown.line == 3 and "unknown key 'sort'" in unknown.message
    (day / "_day.yaml").write_text("pin: [bb-312-p1]\nhide: [nosuch-p3, bb-312]\n",
                                   encoding="utf-8")
    with pytest.raises(BuildErrors) as caught:
        load_choices(day)
    assert "not a paragraph reference" in caught.value.errors[0].message
    (day / "_day.yaml").write_text("pin: [bb-312-p1]\nhide: [nosuch-p3]\n", encoding="utf-8")
    assert main(["--root", str(root), "build", "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "_day.yaml:2: nosuch-p3: no such paragraph" in err


def test_plan_of_one_article_keeps_its_order(douma: Path) -> None:
    """A one-article day has no stories across outlets: its paragraphs keep their order."""
    from briefing.cache import BuildCache
    from briefing.reader import read_content

    cache = BuildCache(None)
    articles = [a for a in read_content(douma / "content", ("ar", "en"))
                if a.slug == "bb-312"]
    items = cache.extract(cache.classify(articles), None)
    plan = plan_day(dt.date(2018, 4, 17), items)
    leads = [s.lead for s in plan.stories]
    assert leads == sorted(leads) and all(len(s.paragraphs) == 1 for s in plan.stories)
    assert ParagraphRef("bb-312", 1) in plan.paragraphs


def test_many_article_pdfs_pass_the_pdf_ua_checks(douma_site: Path) -> None:
    """Outlets with URLs, conflict ranges and the full-coverage PDF: every link tagged."""
    from .test_validators import _installed, run

    if _installed() is not None:
        pytest.skip(_installed() or "")
    folder = douma_site / "ar" / "2018-04-17"
    for pdf in (folder / "briefing-2018-04-17-ar.pdf", folder / "briefing-2018-04-17-ar-full.pdf",
                folder / "briefing-2018-04-17-ar-en.pdf",
                douma_site / "en" / "2018-04-17" / "briefing-2018-04-17-en.pdf"):
        assert "OK" in run("check-pdfua-outloud.sh", pdf)
        assert "OK" in run("check-pdf.sh", pdf, "--ua")


def test_figure_source_is_read_from_the_sentence_stating_it(ghouta: Path) -> None:
    """"...أكثر من 700 مدني، وفق حصيلة للمرصد السوري": the Observatory's toll."""
    data = _digest(ghouta, DAYS["ghouta"])
    mentions = [m for g in data["figures"] for m in g["mentions"]
                if m["article"] == "fr-107" and m["value"] == 700]
    assert mentions and {m["source"] for m in mentions} == {"Syrian Observatory for Human Rights"}
    assert {m["qualifier"] for m in mentions} == {"more than"}


def test_one_toll_and_one_population_across_outlets(ghouta: Path) -> None:
    """The Ghouta toll since 18 February (France 24's 700 civilians, BBC's 915 and 900, MSF's
    1,000) is one group although the Observatory "based in London" names a city, and
    "thousands of civilians" in Idlib (CNN) is a vague amount, in no group; the 400,000
    besieged "since 2013" (BBC "من 2013", France 24 "منذ العام 2013") are one quantity."""
    data = _digest(ghouta, DAYS["ghouta"])
    toll = [g for g in data["figures"] if any(m["article"] == "fr-107" and m["value"] == 700
                                             for m in g["mentions"])]
    assert len(toll) == 1 and {m["value"] for m in toll[0]["mentions"]} >= {700, 900, 915, 1000}
    assert not any(m["article"] == "cn-463" for g in data["figures"] for m in g["mentions"]
                   if m["as_written"].startswith(("آلاف", "وآلاف")))
    besieged = [g for g in data["figures"] if any(m["value"] == 400000 for m in g["mentions"])]
    assert len(besieged) == 1
    assert {m["article"] for m in besieged[0]["mentions"]} == {"bb-161", "bb-174", "fr-107"}


def test_years_since_and_bases_are_not_the_news() -> None:
    from briefing.day.paragraphs import only_as_base, years_in
    assert years_in("وحصارها من قبل القوات الحكومية من 2013.") == frozenset()
    assert years_in("منذ العام 2013") == frozenset()
    assert years_in("من 2011 إلى 2015") == {2011, 2015}
    assert years_in("في أبريل/نيسان 2017") == {2017}
    assert only_as_base(("لندن",), "المرصد السوري لحقوق الإنسان، ومقره لندن، إن 915")
    assert not only_as_base(("لندن",), "وقال متحدث في لندن إن")
    assert not only_as_base(("لندن",), "المرصد، ومقره لندن، قال إن اجتماعا في لندن")


def test_a_thread_s_stages_days_apart_are_two_stories(douma: Path) -> None:
    """France 24's 10 April veto ("الثلاثاء") and its 14 April report of Russia's failed draft
    ("فشلت موسكو السبت...", the following paragraphs carrying that Saturday on) tell two
    stages of one Council thread: no story holds both."""
    data = _digest(douma, DAYS["douma"])
    for story in data["stories"]:
        assert not {"fr-254", "fr-295"} <= {p["article"] for p in story["paragraphs"]}


def test_event_days_carry_on_through_an_article() -> None:
    from briefing.day.paragraphs import event_days

    def para(number: int, dates: frozenset[dt.date]) -> DayParagraph:
        return DayParagraph(ref=ParagraphRef("a", number), text="", section="un", score=1.0,
                            position=number - 1, outlet="X",
                            published=dt.datetime(2018, 4, 15, 9, 0), words=frozenset(),
                            names=frozenset(), places=frozenset(), speakers=frozenset(),
                            figures=(), dates=dates)
    saturday = frozenset({dt.date(2018, 4, 14)})
    days = event_days([para(1, frozenset()), para(2, saturday), para(3, frozenset())])
    assert days == [frozenset({dt.date(2018, 4, 15)}), saturday, saturday]


def test_a_week_apart_is_another_stage(douma: Path) -> None:
    """The OPCW gathering information on 9 April (BBC) and its team kept out of Douma on 16
    April (France 24's lede) are two events of one thread, not one story."""
    data = _digest(douma, DAYS["douma"])
    for story in data["stories"]:
        refs = {(p["article"], p["paragraph"]) for p in story["paragraphs"]}
        assert not ({("fr-300", 1)} <= refs and any(a == "bb-318" for a, _ in refs))


def test_the_start_of_a_period_is_not_the_day_of_the_news() -> None:
    from briefing.day.paragraphs import event_dates
    published = dt.datetime(2018, 3, 5, 12, 0)
    # France 24, 5 March: "for the first time since the escalation began on 18 February..."
    assert event_dates("لأول مرة منذ بدء التصعيد العسكري على الغوطة الشرقية في 18 فبراير، "
                       "دخلت قافلة مساعدات", published) == frozenset()
    assert event_dates("منذ 18 فبراير، دخلت القافلة يوم الاثنين", published) == {
        dt.date(2018, 3, 5)}
    assert event_dates("وفي 18 فبراير بدأ التصعيد", published) == {dt.date(2018, 2, 18)}


def test_counts_of_things_a_week_apart_are_two_quantities(douma: Path) -> None:
    """The 8 missiles of the raid on the T4 base (BBC, 9 April) are not the 8 British Storm
    Shadows of the strikes of 14 April (France 24)."""
    data = _digest(douma, DAYS["douma"])
    for group in data["figures"]:
        articles = {m["article"] for m in group["mentions"] if m["value"] == 8}
        assert not {"bb-318", "fr-285"} <= articles, group["mentions"]


def test_one_loosely_linked_paragraph_makes_no_story_across_outlets(strikes: Path) -> None:
    """Le Drian's interview (France 24, 15 April) is told by France 24 alone: the White House
    spokeswoman's words on the same Sunday (Sky News) share its section and day, not its
    words, and do not make it a story of two outlets."""
    data = _digest(strikes, DAYS["strikes"])
    for story in data["stories"]:
        refs = {(p["article"], p["paragraph"]) for p in story["paragraphs"]}
        if ("fr-287", 1) in refs:
            assert {a for a, _ in refs} == {"fr-287"}, sorted(refs)


def test_two_hundred_thousand_displaced_is_one_quantity(ghouta: Path) -> None:
    """"أكثر من مئتي ألف مدني" (France 24: the construct form of مئتان before ألف) is
    200,000, not 1,000, and is the same quantity as Sky News's "أكثر من 200 ألف شخص": people
    and civilians displaced by one event are counted alike."""
    data = _digest(ghouta, DAYS["ghouta"])
    displaced = [g for g in data["figures"]
                 if any(m["article"] == "fr-175" and m["value"] == 200000 for m in g["mentions"])]
    assert len(displaced) == 1
    assert {m["article"] for m in displaced[0]["mentions"]} >= {"fr-175", "sk-401"}
    assert not any(m["article"] == "fr-175" and m["value"] == 1000
                   for g in data["figures"] for m in g["mentions"])


def _paragraph(slug: str, position: int, text: str, **kw: object) -> DayParagraph:
    from briefing.day.paragraphs import content_words

    return DayParagraph(ref=ParagraphRef(slug, position + 1), text=text, section="un",
                        score=1.0, position=position, outlet=slug.split("-")[0],
                        published=dt.datetime(2018, 4, 10, 9, 0),
                        words=content_words(text), **kw)  # type: ignore[arg-type]


def test_pair_features_name_what_two_paragraphs_share() -> None:
    from briefing.day.pairs import pair_features

    empty: frozenset[str] = frozenset()
    deny = _paragraph("fr-1", 0, "نفت دمشق وموسكو أي هجوم كيميائي في دوما ووصفته بالمفبرك",
                      names=frozenset({"Douma", "Russia"}), places=frozenset({"Douma"}),
                      speakers=empty, figures=())
    blame = _paragraph("bb-2", 0, "اتهمت واشنطن الحكومة السورية بالهجوم الكيميائي في دوما",
                       names=frozenset({"Douma", "United States"}),
                       places=frozenset({"Douma"}), speakers=empty, figures=())
    turn = _paragraph("bb-2", 1, "وقالت ألمانيا إن على مجلس الأمن أن يتحرك",
                      names=frozenset({"Germany"}), places=empty, speakers=empty, figures=())
    features = pair_features([deny, blame, turn])
    across = features[(0, 1)]
    assert across["section"] == 1.0 and across["cos"] > 0
    assert across["x:stance-differ"] == 1.0 and across["x:names"] == pytest.approx(0.5)
    # Neighbours of one article, the second turning to other actors.
    assert features[(1, 2)].get("s:next-turns") == 1.0 and "s:next" not in features[(1, 2)]
    assert not any(k.startswith("x:") for k in features[(1, 2)])


def test_story_fit_keeps_no_move_that_costs_a_day() -> None:
    """The fit moves a weight only when the training days' F1 rises and none falls: on a day
    the shipped weights already group right, it returns them unchanged."""
    from dataclasses import replace

    from briefing.day.learn import WEIGHTS, LabelledDay, fit
    from briefing.day.pairs import cosines, pair_features, vectors
    from briefing.day.stories import story_groups

    empty: frozenset[str] = frozenset()
    text = "ضربات غربية على مواقع في سوريا فجر السبت"
    a = _paragraph("fr-1", 0, text, names=empty, places=empty, speakers=empty, figures=())
    b = _paragraph("bb-2", 0, text, names=empty, places=empty, speakers=empty, figures=())
    c = replace(_paragraph("sk-3", 0, "قافلة مساعدات تدخل الغوطة الشرقية", names=empty,
                           places=empty, speakers=empty, figures=()), section="humanitarian")
    items = [a, b, c]
    cosine = cosines(vectors(items))
    blocks = {a.ref: ("fr", 0), b.ref: ("bb", 0), c.ref: ("sk", 0)}
    day = LabelledDay("twin", items, pair_features(items, cosine), cosine, blocks,
                      [[("fr", 0), ("bb", 0)]])
    model = fit([day], story_groups)
    assert story_groups(items, day.features, cosine, model) == [[0, 1]]
    assert dict(model.weights) == dict(WEIGHTS)
    assert model.meta["start"] == model.meta["fitted"] == [1.0]
