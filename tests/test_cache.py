"""The build cache is never stale: each kind of change re-renders exactly what depends on it.

One cache folder is shared by the module (so fonts are split and the bundled PDFs rendered
once); each test builds its own copy of the project into it. A change of content, config,
template or code version must re-parse, re-classify and re-render what it touches, and the
site must show the change; an unchanged rebuild renders no PDF, parses no file and
classifies no article. No timing is asserted here (see benchmarks/ for that).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import briefing.cache
from briefing.cache import BuildCache, CacheStats
from briefing.pipeline import BuildOptions, BuildReport, build

from .conftest import SEED_DATE, SEED_SLUG, copy_project
from .pdftext import pdftotext

PDF = {"ar": f"ar/{SEED_DATE}/briefing-{SEED_DATE}-ar.pdf",
       "en": f"en/{SEED_DATE}/briefing-{SEED_DATE}-en.pdf",
       "ar-en": f"ar/{SEED_DATE}/briefing-{SEED_DATE}-ar-en.pdf"}


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache holding the bundled project's PDFs, split fonts and articles."""
    cache = tmp_path_factory.mktemp("cache")
    root = copy_project(tmp_path_factory.mktemp("first") / "project")
    report = build(BuildOptions.for_root(root, cache_dir=cache))
    assert report.pdfs_rendered == 3
    return cache


@pytest.fixture
def site(tmp_path: Path, shared_cache: Path) -> Path:
    """A fresh copy of the project, built once with the shared cache; returns its root."""
    root = copy_project(tmp_path / "project")
    report = rebuild(root, shared_cache)
    assert report.pdfs_rendered == 0  # same documents as the module's first build
    return root


def rebuild(root: Path, cache: Path, **options: object) -> BuildReport:
    return build(BuildOptions.for_root(root, cache_dir=cache, **options))


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def content_file(root: Path, lang: str) -> Path:
    return root / "content" / SEED_DATE / f"{SEED_SLUG}.{lang}.md"


def test_unchanged_rebuild_renders_nothing_and_reads_the_cache(site: Path,
                                                               shared_cache: Path) -> None:
    before = digests(site / "site")
    report = rebuild(site, shared_cache)
    pages = report.cache.pages_cached
    # The day's summary stands for its articles: no article is read, every page is cached.
    assert report.cache == CacheStats(files_cached=0, files_parsed=0, articles_cached=0,
                                      articles_classified=0, facts_cached=0, facts_extracted=0,
                                      pages_cached=pages, pages_rendered=0)
    # Every HTML page, and the email edition's plain text beside each edition page.
    assert pages == len(list((site / "site").rglob("*.html"))) + len(
        list((site / "site").rglob("email.txt")))
    assert (report.pdfs_rendered, report.pdfs_cached) == (0, 3)
    assert report.search_cached
    assert digests(site / "site") == before  # byte for byte the same site


def test_content_edit_re_renders_what_shows_it(site: Path, shared_cache: Path) -> None:
    path = content_file(site, "en")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Pezeshkian also discussed", "Pezeshkian also quickly discussed", 1), encoding="utf-8")
    report = rebuild(site, shared_cache)
    assert (report.cache.files_parsed, report.cache.files_cached) == (1, 1)
    assert report.cache.articles_classified == 1  # its key covers every language version
    assert (report.pdfs_rendered, report.pdfs_cached) == (2, 1)  # en and bilingual; ar kept
    assert "quickly" in pdftotext(site / "site" / PDF["en"])
    for page in (f"en/{SEED_DATE}/index.html", "en/sections/diplomacy/index.html"):
        assert "quickly" in (site / "site" / page).read_text("utf-8"), page
    # The pages showing the day were rendered again (the 404 page was not).
    assert report.cache.pages_rendered >= 3 and report.cache.pages_cached >= 1


def test_page_cache_follows_templates_catalogs_and_config(site: Path,
                                                          shared_cache: Path) -> None:
    """What every page depends on (templates, UI translations, configuration) re-renders
    every page; the page then shows the change."""
    catalog = site / "locale" / "en" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    assert 'msgid "Who said what"\nmsgstr \"Who said what\"' in text
    catalog.write_text(text.replace('msgid "Who said what"\nmsgstr "Who said what"',
                                    'msgid "Who said what"\nmsgstr "Quoted today"', 1), "utf-8")
    report = rebuild(site, shared_cache, pdf=False)
    assert report.cache.pages_cached == 0 and report.cache.pages_rendered > 0
    assert "Quoted today" in (site / "site" / "en" / SEED_DATE / "index.html").read_text("utf-8")

    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</footer>", "<p>base-marker</p></footer>", 1), encoding="utf-8")
    report = rebuild(site, shared_cache, pdf=False)
    assert report.cache.pages_cached == 0
    assert "base-marker" in (site / "site" / "ar" / "sections" / "un" / "index.html"
                             ).read_text("utf-8")


def test_config_change_re_renders_pdfs_but_keeps_articles(site: Path,
                                                          shared_cache: Path) -> None:
    (site / "briefing.yaml").write_text(
        "languages:\n  ar: {locale: ar, digits: arab}\n"
        "  en: {locale: en_GB, title: \"Morning Notes on Syria\"}\n", encoding="utf-8")
    report = rebuild(site, shared_cache)
    assert report.cache.files_parsed == 0 and report.cache.articles_classified == 0
    assert report.cache.pages_cached == 0
    assert report.pdfs_rendered >= 1
    assert "Morning Notes on Syria" in pdftotext(site / "site" / PDF["en"])
    assert "Morning Notes on Syria" in (site / "site" / "en" / "index.html").read_text("utf-8")
    # The Arabic title is the default one; the Arabic PDF would be the same, so it is kept
    # unless it shows English UI, and whatever was re-rendered shows the new title.
    assert not report.search_cached


def test_template_change_re_renders_only_what_uses_it(site: Path, shared_cache: Path) -> None:
    page = site / "templates" / "edition.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<p>page-template-marker</p></article>", 1), encoding="utf-8")
    report = rebuild(site, shared_cache)
    assert report.pdfs_rendered == 0  # an HTML page template: no PDF uses it
    assert report.cache.articles_classified == 0
    assert "page-template-marker" in (site / "site" / "en" / SEED_DATE / "index.html"
                                      ).read_text("utf-8")

    pdf_template = site / "templates" / "pdf" / "edition.html"
    text = pdf_template.read_text(encoding="utf-8")
    assert "</body>" in text
    pdf_template.write_text(text.replace("</body>", "<p>PdfTemplateMarker</p></body>", 1),
                            encoding="utf-8")
    report = rebuild(site, shared_cache)
    assert (report.pdfs_rendered, report.pdfs_cached) == (2, 1)  # ar and en; bilingual kept
    assert "PdfTemplateMarker" in pdftotext(site / "site" / PDF["en"])
    assert "PdfTemplateMarker" not in pdftotext(site / "site" / PDF["ar-en"])


def test_stylesheet_change_re_renders_every_pdf(site: Path, shared_cache: Path) -> None:
    css = site / "templates" / "pdf" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    report = rebuild(site, shared_cache)
    assert (report.pdfs_rendered, report.pdfs_cached) == (3, 0)


def test_code_version_change_recomputes_everything(site: Path, shared_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real = briefing.cache.code_digest()
    monkeypatch.setattr(briefing.cache, "code_digest", lambda: "another version of " + real)
    report = rebuild(site, shared_cache)
    assert report.cache == CacheStats(files_cached=0, files_parsed=2, articles_cached=0,
                                      articles_classified=1, facts_cached=0, facts_extracted=1,
                                      pages_cached=0,
                                      pages_rendered=report.cache.pages_rendered)
    assert (report.pdfs_rendered, report.pdfs_cached) == (3, 0)
    monkeypatch.undo()
    report = rebuild(site, shared_cache)  # the first version's entries are still there
    assert report.cache.files_parsed == 0 and report.pdfs_rendered == 0


def test_damaged_entries_are_recomputed(site: Path, shared_cache: Path) -> None:
    local = site / ".cache-local"
    rebuild(site, local, pdf=False)
    # The day's summary too: with it intact the day is not read at all (its pages are).
    entries = [entry for kind in ("files", "decisions", "facts", "days")
               for entry in sorted((local / kind).rglob("*.entry"))]
    assert len(entries) == 5
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:10])
    pages = list((local / "pages").rglob("*.entry"))
    pages[0].write_bytes(b"not a pickle")
    report = rebuild(site, local, pdf=False)
    assert report.cache == CacheStats(files_cached=0, files_parsed=2, articles_cached=0,
                                      articles_classified=1, facts_cached=0, facts_extracted=1,
                                      pages_cached=len(pages) - 1, pages_rendered=1)
    report = rebuild(site, local, pdf=False)
    assert report.cache.files_parsed == 0


def test_cache_off_recomputes_and_matches(site: Path, shared_cache: Path) -> None:
    rebuild(site, shared_cache, pdf=False)
    before = digests(site / "site")
    report = rebuild(site, shared_cache, pdf=False, use_cache=False)
    assert report.cache.files_cached == 0 and report.cache.articles_cached == 0
    assert not report.search_cached
    assert digests(site / "site") == before  # the cache changes how fast, never what


def test_moved_content_is_parsed_again(tmp_path: Path) -> None:
    """A cached file records its path (error messages name it): a moved file is a miss."""
    cache = BuildCache(tmp_path / "cache")
    first = copy_project(tmp_path / "one")
    import datetime as dt

    date = dt.date.fromisoformat(SEED_DATE)
    a = cache.read_file(content_file(first, "ar"), date, SEED_SLUG, "ar")
    second = copy_project(tmp_path / "two")
    b = cache.read_file(content_file(second, "ar"), date, SEED_SLUG, "ar")
    assert cache.stats.files_parsed == 2
    assert a.path != b.path and a.blocks == b.blocks


def test_check_reads_the_cache_and_adds_nothing(site: Path, shared_cache: Path) -> None:
    from briefing.pipeline import check

    before = sorted(shared_cache.rglob("*"))
    path = content_file(site, "en")
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    path = content_file(site, "ar")
    path.write_text(path.read_text(encoding="utf-8") + "\nفقرة أخرى.\n", "utf-8")
    _, report = check(BuildOptions.for_root(site, cache_dir=shared_cache))
    assert report.cache.files_parsed == 2 and report.cache.articles_classified == 1
    _, report = check(BuildOptions.for_root(site, cache_dir=shared_cache))
    assert report.cache.files_parsed == 2  # nothing was stored: parsed again
    assert sorted(shared_cache.rglob("*")) == before


def test_adapted_classifier_reclassifies_and_is_keyed(site: Path, shared_cache: Path) -> None:
    """`briefing train` writes data/classifier.json: the next build classifies again (the
    classification is keyed on the adapted model), the one after takes it from the cache."""
    from briefing.classify import adapt
    from briefing.reader import read_content

    ar = content_file(site, "ar")
    ar.write_text(ar.read_text(encoding="utf-8").replace(
        "source:\n", "sections:\n  2: humanitarian\nsource:\n", 1), encoding="utf-8")
    assert rebuild(site, shared_cache).cache.articles_classified == 1   # content changed
    assert rebuild(site, shared_cache).cache.articles_classified == 0
    assert adapt.train_project(site, read_content(site / "content", ("ar", "en"))) is not None
    assert (site / adapt.ADAPTED_FILE).is_file()
    assert rebuild(site, shared_cache).cache.articles_classified == 1   # adapted model
    assert rebuild(site, shared_cache).cache.articles_classified == 0


def test_days_planned_on_every_core_give_the_same_site(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build plans its days in a process pool (cache.plan_days); the site is the one
    planning day by day makes."""
    import briefing.cache
    from benchmarks import corpus

    sites = []
    for workers in (1, 2):
        root = copy_project(tmp_path / f"w{workers}")
        shutil.rmtree(root / "content")
        corpus.write_briefing(corpus.generate_articles(12, 6), root / "content")
        monkeypatch.setattr(briefing.cache, "POOL_MIN_DAYS", 1)
        report = build(BuildOptions.for_root(root, pdf=False, workers=workers))
        assert report.editions == 12
        assert report.days_planned_ahead == (6 if workers == 2 else 0)
        sites.append(digests(root / "site"))
    assert sites[0] == sites[1]
