"""One build, top to bottom: config -> read -> classify -> assemble -> render -> write.

Everything is gathered and rendered before anything is written; the writer then swaps the
new site in atomically. Each stage is timed for the build report.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import SiteModel, articles_by_day, assemble
from .cache import BuildCache, CacheStats, code_digest, default_workers, digest
from .config import DEFAULT_LANGUAGE_CODES, Config, load_config
from .day import load_choices
from .errors import BriefingError, BuildErrors
from .favicon import favicon_files
from .fonts import font_faces, pdf_font_faces
from .mail.render import render_emails
from .model import ClassifiedArticle
from .options import BuildOptions
from .reader import read_content
from .render.context import LanguageTools, language_tools
from .render.feeds import atom_feed, robots_txt, sitemap
from .render.html import PageRenderer
from .render.page_cache import PageCache
from .render.page_cache import fingerprint as page_fingerprint
from .render.pdf_jobs import assets_digest, pdf_jobs, pdf_setup, render_pdfs
from .search import BUNDLE_DIR as SEARCH_DIR
from .search import index_search
from .store import prune, remove_folders
from .translation import review
from .uptodate import BuildSummary, options_inputs, record
from .webfonts import (
    SiteChars,
    WebFontResult,
    build_webfonts,
    font_css,
    load_memo,
    plan,
    store_memo,
)
from .write import SiteWriter, check_output_dir

ASSETS_DIR = "assets"


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    editions: int = 0
    articles: int = 0
    pdfs_rendered: int = 0
    pdfs_cached: int = 0
    #: Parsed files and classifications taken from the cache or computed.
    cache: CacheStats = field(default_factory=CacheStats)
    #: True when the search index was reused because no page changed.
    search_cached: bool = False
    #: Days planned in a process pool before assembling (a cold build of many days).
    days_planned_ahead: int = 0
    #: Web font files subset in this build, and taken from the cache.
    fonts_made: int = 0
    fonts_cached: int = 0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - start


@dataclass(frozen=True)
class Prepared:
    """Everything a build has computed before rendering PDFs and writing."""

    config: Config
    classified: list[ClassifiedArticle]
    model: SiteModel
    tools: dict[str, LanguageTools]
    pages: dict[str, bytes]
    #: The cache this build read and added to (what it used is what pruning keeps).
    cache: BuildCache
    #: The email edition beside each edition page (``email.html``, ``email.txt``).
    emails: dict[str, bytes] = field(default_factory=dict)


def adapted_model(root: Path, report: BuildReport) -> tuple[str, str] | None:
    """The project's adapted classifier (path, digest), or None; a stale one (adapted from
    other shipped weights) is left out with a warning."""
    from .classify.adapt import ADAPTED_FILE, load

    path = root / ADAPTED_FILE
    if not path.is_file():
        return None
    if load(path) is None:
        report.warnings.append(f"{ADAPTED_FILE} was adapted from other shipped weights and is "
                               "not used (run `briefing train` again)")
        return None
    return str(path), digest(path.read_bytes())


def prepare(options: BuildOptions, report: BuildReport, with_pdf: bool | None = None,
            write_cache: bool = True) -> Prepared:
    """Config -> read -> classify -> assemble -> render HTML, all in memory. The cache is
    read, and added to only when ``write_cache``."""
    errors: list[BriefingError] = []
    with report.stage("config"):
        try:
            config: Config | None = load_config(options.root)
        except BuildErrors as exc:
            errors.extend(exc.errors)
            config = None
    cache = BuildCache(options.cache_dir if options.use_cache else None, report.cache,
                       read_only=not write_cache)
    with report.stage("read"):
        # Content is checked even when the config is broken, so one run shows every problem.
        codes = config.codes if config else DEFAULT_LANGUAGE_CODES
        try:
            articles = read_content(options.content_dir, codes, drafts=options.drafts,
                                    read=cache.read_file)
        except BuildErrors as exc:
            errors.extend(exc.errors)
        choices = {}
        for date in sorted({a.date for a in articles} if not errors else ()):
            try:
                found = load_choices(options.content_dir / date.isoformat())
            except BuildErrors as exc:
                errors.extend(exc.errors)
                continue
            if found is not None:
                choices[date] = found
    if errors or config is None:
        raise BuildErrors(errors)
    report.warnings.extend(config.warnings)
    translations = review(articles, config.codes)
    if options.strict_translations and translations.strict_errors:
        raise BuildErrors(list(translations.strict_errors))
    report.warnings.extend(translations.warnings)
    with report.stage("extract"):
        from .extract import PROJECT_FILE

        facts, gazetteer = cache.facts(articles, options.root / PROJECT_FILE,
                                       workers=options.workers)
    with report.stage("classify"):
        # The classifier reads what the extract stage found (who is quoted, the figures),
        # with the model adapted to the desk's overrides when `briefing train` made one.
        model_file = adapted_model(options.root, report)
        classified = cache.classify(articles, workers=options.workers, facts=facts,
                                    salt=gazetteer, model=model_file)
    with report.stage("plan-days"):
        report.days_planned_ahead = cache.plan_days(articles_by_day(classified),
                                                    workers=options.workers)
    with report.stage("assemble"):
        if with_pdf is None:
            with_pdf = options.pdf and config.pdf_enabled
        model = assemble(config, classified, with_pdf=with_pdf, choices=choices,
                         planner=cache.plan_day)
    with report.stage("render-html"):
        # Compiled templates are kept per code version (the environment's options are code).
        bytecode = (options.cache_dir / "jinja" / code_digest()[:16]
                    if options.use_cache and write_cache else None)
        tools = language_tools(config, options.templates_dir, options.locale_dir,
                               strict=options.strict_i18n, bytecode_dir=bytecode)
        page_cache = (PageCache(cache, page_fingerprint(options.templates_dir,
                                                        options.locale_dir, config,
                                                        options.strict_i18n))
                      if options.use_cache else None)
        pages = render_site(model, tools, page_cache)
    with report.stage("render-email"):
        emails = render_emails(model, tools, page_cache)
    report.editions = len(model.editions)
    report.articles = len(articles)
    for edition in model.editions:
        for name in edition.missing_translations:
            report.warnings.append(f"missing translation: {edition.date} {name} "
                                   f"(shown in the original language with a notice)")
    return Prepared(config, classified, model, tools, pages, cache, emails)


@contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Run a block with Python's cycle collector paused, as it was before afterwards.

    A build allocates millions of small objects (articles, views, cache entries) and frees
    few until it ends; the collector would walk the whole growing heap again and again
    (measured: a third of a no-op build of 1000 articles). Reference counting still frees
    everything that is not in a cycle, and peak memory stays the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(options: BuildOptions) -> tuple[Prepared, BuildReport]:
    """Validate config, content, templates and translations, and render every page and PDF
    document in memory, without writing anything."""
    report = BuildReport()
    with paused_cyclic_gc():
        prepared = prepare(options, report, with_pdf=True, write_cache=False)
        with report.stage("render-pdf-html"):
            pdf_jobs(prepared.model, prepared.tools)
    return prepared, report


def build(options: BuildOptions, inputs: str | None = None) -> BuildReport:
    """Build the whole site; raise BriefingError/BuildErrors without touching the output.
    ``inputs`` is :func:`briefing.uptodate.options_inputs` if the caller took it already
    (it must be taken before anything is read)."""
    if inputs is None and options.use_cache:
        inputs = options_inputs(options)
    with paused_cyclic_gc():
        return _build(options, inputs)


def _build(options: BuildOptions, inputs: str | None) -> BuildReport:
    report = BuildReport()
    # Refuse a foreign output folder before doing any work.
    check_output_dir(options.out_dir.resolve())
    prepared = prepare(options, report)
    model, tools, pages = prepared.model, prepared.tools, prepared.pages
    assets = collect_assets(options.templates_dir)
    pdfs: dict[str, Path] = {}
    if any(e.pdf_name for e in model.editions):
        with report.stage("render-pdf"):
            pdfs = build_pdfs(model, tools, options, report)
    with report.stage("webfonts"):
        fonts = site_webfonts(pages, options)
        report.fonts_made, report.fonts_cached = fonts.made, fonts.cached

    with report.stage("write"):
        writer = SiteWriter(options.out_dir)
        try:
            writer.write_all(pages)
            writer.write_all(prepared.emails)
            for rel, source in assets.items():
                writer.copy(rel, source)
            for name, data in fonts.files.items():
                writer.write(f"{ASSETS_DIR}/fonts/{name}", data)
            writer.write(f"{ASSETS_DIR}/fonts.css", fonts.css.encode("utf-8"))
            for rel, data in favicon_files().items():
                writer.write(rel, data)
            for rel, source in pdfs.items():
                writer.copy(rel, source)
            with report.stage("search-index"):
                search_cache = options.cache_dir / "search" if options.use_cache else None
                # Pagefind writes its folder itself; the writer checks no other output is
                # there and lists its files in the manifest.
                writer.reserve(SEARCH_DIR)
                search = index_search(writer.staging, search_cache, options.workers)
                writer.adopt(SEARCH_DIR)
                report.search_cached = search.reused
                report.warnings.extend(search.warnings)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        report.files = dict(writer.written)
    if options.use_cache:
        with report.stage("prune-cache"):
            prune_cache(options, prepared.cache, pdfs)
    if inputs is not None:
        # The stamp the next build's no-op check compares with (see uptodate.py).
        record(options.cache_dir, options.out_dir.resolve(), inputs,
               BuildSummary(report.articles, report.editions, len(report.files),
                            tuple(report.warnings)))
    return report


def prune_cache(options: BuildOptions, cache: BuildCache, pdfs: dict[str, Path]) -> None:
    """Drop what the build that just completed no longer reaches: entries it did not use,
    PDFs it did not publish (when it made PDFs), compiled templates of other code versions."""
    cache.prune()
    if pdfs:
        prune(options.cache_dir / "pdf", {p.stem for p in pdfs.values()}, ".pdf")
    remove_folders(options.cache_dir / "jinja", [code_digest()[:16]])


def render_site(model: SiteModel, tools: dict[str, LanguageTools],
                page_cache: PageCache | None = None) -> dict[str, bytes]:
    """Every text output: HTML pages (from ``page_cache`` when unchanged), feeds, sitemap,
    robots.txt."""
    renderer = PageRenderer(model, tools, page_cache)
    out = renderer.render_all()
    for lang in model.config.languages:
        out[f"{lang.code}/feed.xml"] = atom_feed(model, lang.code, tools[lang.code])
    out["sitemap.xml"] = sitemap(renderer.sitemap_entries, model)
    out["robots.txt"] = robots_txt(model)
    return out


def collect_assets(templates_dir: Path) -> dict[str, Path]:
    """Static files: the templates' ``assets/`` folder."""
    from .confine import escapes
    from .render.jinja import link_out_error

    assets: dict[str, Path] = {}
    source = templates_dir / ASSETS_DIR
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                outside = escapes(path, templates_dir)
                if outside is not None:  # it would be published as it is
                    raise link_out_error(path, outside, "file")
                assets[f"{ASSETS_DIR}/{path.relative_to(source).as_posix()}"] = path
    return assets


@dataclass(frozen=True)
class SiteFonts:
    """The site's web fonts (file name -> WOFF2 bytes) and the stylesheet declaring them."""

    files: dict[str, bytes]
    css: str
    made: int
    cached: int


def site_webfonts(pages: dict[str, bytes], options: BuildOptions) -> SiteFonts:
    """WOFF2 subsets of the packaged fonts holding the characters of every HTML page."""
    cache = options.cache_dir / "webfonts" if options.use_cache else None
    chars = SiteChars(load_memo(cache))
    for path, data in pages.items():
        if path.endswith(".html"):
            chars.add(data)
    if cache is not None and chars.changed:
        store_memo(cache, chars.memo)
    fonts = plan(font_faces(), chars.chars(), cache)
    result: WebFontResult = build_webfonts(fonts, cache, options.workers or default_workers())
    return SiteFonts(result.files, font_css(fonts), result.made, result.cached)


def build_pdfs(model: SiteModel, tools: dict[str, LanguageTools], options: BuildOptions,
               report: BuildReport) -> dict[str, Path]:
    """Every PDF of the site (output path -> file in the cache), rendering only those whose
    inputs changed."""
    faces = pdf_font_faces(options.cache_dir)
    setup = pdf_setup(options.templates_dir, faces)
    result = render_pdfs(pdf_jobs(model, tools), setup, faces, options.cache_dir / "pdf",
                         workers=options.workers, assets=assets_digest(options.templates_dir),
                         lookup=options.use_cache)
    report.pdfs_rendered += result.rendered
    report.pdfs_cached += result.cached
    report.warnings.extend(result.warnings)
    return result.files
