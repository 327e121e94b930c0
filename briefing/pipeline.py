"""One build, top to bottom: config -> read -> classify -> assemble -> render -> write.

``build`` goes day by day (stream.py): only the days whose inputs changed are read,
classified, planned and assembled; the archive-wide outputs come from per-day summaries
(days.py); every output goes to the writer as it is made, and the writer swaps the new site
in atomically at the end. ``check`` (``prepare``) holds the whole site model in memory and
renders it with the same renderers. Each stage is timed for the build report.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Edition, SiteModel, articles_by_day, assemble, day_inputs
from .cache import BuildCache, CacheStats, code_digest, default_workers, digest
from .config import DEFAULT_LANGUAGE_CODES, Config, load_config
from .day import load_choices
from .days import DayEntry, EditionEntry, SiteIndex, summarize
from .errors import BriefingError, BuildErrors, TemplateError
from .favicon import favicon_files
from .fonts import font_faces, pdf_font_faces
from .mail.render import render_emails
from .model import ClassifiedArticle
from .options import BuildOptions
from .reader import list_content, read_content, read_day
from .render.context import LanguageTools, language_tools
from .render.feeds import FEED_ENTRIES, atom_feed, entry_html, robots_txt, sitemap
from .render.html import DayLoader, PageRenderer, Sink
from .render.page_cache import PageCache
from .render.page_cache import fingerprint as page_fingerprint
from .render.pdf import PdfJob
from .render.pdf_jobs import (
    assets_digest,
    cache_key,
    file_digest,
    pdf_jobs,
    pdf_setup,
    render_pdfs,
    weasyprint_version,
)
from .search import BUNDLE_DIR as SEARCH_DIR
from .search import SearchPages, index_search, load_views
from .store import intact, prune, remove_folders, touch
from .stream import Days
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
#: Cache entries listing a day's PDFs (see build_pdfs).
PDF_DAYS = "pdf-days"


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
            # A stage run once per batch of days adds up.
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


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


def _load_config(options: BuildOptions, report: BuildReport,
                 errors: list[BriefingError]) -> Config | None:
    """The project's configuration, or None with its problems added to ``errors`` (the
    build goes on to find the content's problems too)."""
    with report.stage("config"):
        try:
            return load_config(options.root)
        except BuildErrors as exc:
            errors.extend(exc.errors)
            return None


def prepare(options: BuildOptions, report: BuildReport, with_pdf: bool | None = None,
            write_cache: bool = True) -> Prepared:
    """Config -> read -> classify -> assemble -> render HTML, all in memory. The cache is
    read, and added to only when ``write_cache``."""
    errors: list[BriefingError] = []
    config = _load_config(options, report, errors)
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
        inputs = {date: day_inputs(items, choices.get(date))
                  for date, items in articles_by_day(classified)}
        pages = render_site(model, tools, page_cache, inputs)
    with report.stage("render-email"):
        emails: dict[str, bytes] = {}
        index = SiteIndex.of(config, [summarize(date, len(items), inputs[date],
                                                tuple(e for e in model.editions
                                                      if e.date == date), ())
                                      for date, items in articles_by_day(classified)],
                             with_pdf)
        by_date = {date: tuple(e for e in model.editions if e.date == date)
                   for date in model.dates}
        render_emails(index, tools, by_date.__getitem__, emails.__setitem__, page_cache)
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
    with paused_cyclic_gc(), ExitStack() as cleanup:
        return _build(options, inputs, cleanup)


def _build(options: BuildOptions, inputs: str | None, cleanup: ExitStack) -> BuildReport:
    """The build, day by day (see stream.py): changed days are computed, the others known
    by their summaries; every output goes to the writer as it is made. ``cleanup`` runs
    when the build ends, however it ends."""
    report = BuildReport()
    # Refuse a foreign output folder before doing any work.
    check_output_dir(options.out_dir.resolve())
    errors: list[BriefingError] = []
    config = _load_config(options, report, errors)
    cache = BuildCache(options.cache_dir if options.use_cache else None, report.cache)
    with report.stage("read"):
        codes = config.codes if config else DEFAULT_LANGUAGE_CODES
        listing = list_content(options.content_dir, codes)
        errors.extend(listing.errors)
        if config is None:
            # Content is checked even when the config is broken: one run shows every problem.
            for date, _, files in listing.days:
                try:
                    read_day(date, files, codes, drafts=options.drafts)
                except BuildErrors as exc:
                    errors.extend(exc.errors)
            raise BuildErrors(errors)
        with_pdf = options.pdf and config.pdf_enabled
        days = Days(options, config, cache, report, with_pdf,
                    adapted_model(options.root, report))
        cleanup.callback(days.close)
        missing = days.list(listing)
        problems, strict, counts, day_warnings = days.check(missing)
        errors.extend(problems)
    if errors:
        raise BuildErrors(errors)
    if strict:
        raise BuildErrors(strict)
    days.number(counts)
    days.compute(missing, day_warnings)
    summaries = days.ordered()
    index = SiteIndex.of(config, summaries, with_pdf)
    report.warnings.extend(config.warnings)
    for summary in summaries:
        report.warnings.extend(summary.warnings)
    report.articles = sum(s.articles for s in summaries)
    report.editions = sum(len(day.editions) for day in index.days)
    for day in index.days:
        for entry in day.editions:
            for name in entry.summary.missing_translations:
                report.warnings.append(f"missing translation: {day.date} {name} "
                                       f"(shown in the original language with a notice)")

    bytecode = options.cache_dir / "jinja" / code_digest()[:16] if options.use_cache else None
    tools = language_tools(config, options.templates_dir, options.locale_dir,
                           strict=options.strict_i18n, bytecode_dir=bytecode)
    page_cache = (PageCache(cache, page_fingerprint(options.templates_dir, options.locale_dir,
                                                    config, options.strict_i18n))
                  if options.use_cache else None)
    font_cache = options.cache_dir / "webfonts" if options.use_cache else None
    chars = SiteChars(load_memo(font_cache))
    assets = collect_assets(options.templates_dir)
    pdfs: dict[str, Path] = {}
    search_cache = options.cache_dir / "search" if options.use_cache else None
    search_pages = SearchPages(load_views(search_cache))
    writer = SiteWriter(options.out_dir)
    try:
        def page(path: str, data: bytes) -> None:
            writer.write(path, data)
            if path.endswith(".html"):
                chars.add(data)
                search_pages.add(path, data)

        email_errors: list[TemplateError] = []

        def emails(day: DayEntry) -> None:
            """A day's emails, while the day is held for its pages."""
            render_emails(index, tools, days.load, writer.write, page_cache, (day,),
                          email_errors)

        with report.stage("render-html"):
            try:
                render_text(index, tools, days.load, page, page_cache, emails)
            except BuildErrors as exc:
                raise BuildErrors([*exc.errors, *email_errors]) from None
        if email_errors:
            raise BuildErrors(list(email_errors))
        if with_pdf and index.days:
            with report.stage("render-pdf"):
                pdfs = build_pdfs(index, days.load, tools, options, report, cache,
                                  page_fingerprint(options.templates_dir, options.locale_dir,
                                                   config, options.strict_i18n))
                for rel, source in pdfs.items():
                    writer.copy(rel, source)
        with report.stage("webfonts"):
            fonts = site_webfonts(chars, font_cache, options)
            report.fonts_made, report.fonts_cached = fonts.made, fonts.cached
        with report.stage("write"):
            for rel, source in assets.items():
                writer.copy(rel, source)
            for name, data in fonts.files.items():
                writer.write(f"{ASSETS_DIR}/fonts/{name}", data)
            writer.write(f"{ASSETS_DIR}/fonts.css", fonts.css.encode("utf-8"))
            for rel, data in favicon_files().items():
                writer.write(rel, data)
            with report.stage("search-index"):
                # The index's files go through the writer like every output; no other
                # output may lie in its folder.
                writer.reserve(SEARCH_DIR)
                search = index_search(search_pages, writer.read, writer.write, search_cache,
                                      options.workers)
                report.search_cached = search.reused
                report.warnings.extend(search.warnings)
            writer.commit()
    except BaseException:
        writer.abort()
        raise
    report.files = dict(writer.written)
    if options.use_cache:
        with report.stage("prune-cache"):
            prune_cache(options, cache, pdfs)
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
                page_cache: PageCache | None = None,
                inputs: dict[dt.date, tuple[str, ...] | None] | None = None
                ) -> dict[str, bytes]:
    """Every text output of a site model held whole (``briefing check``): HTML pages (from
    ``page_cache`` when unchanged), feeds, sitemap, robots.txt. ``inputs``: each day's
    :func:`~briefing.assemble.day_inputs` (pages are then keyed as a build keys them)."""
    out: dict[str, bytes] = {}
    by_date: dict[dt.date, list[Edition]] = {}
    for edition in model.editions:
        by_date.setdefault(edition.date, []).append(edition)
    summaries = [summarize(date, len(editions[0].articles),
                           inputs[date] if inputs is not None else _inputs(editions),
                           tuple(editions), ())
                 for date, editions in sorted(by_date.items())]
    index = SiteIndex.of(model.config, summaries, any(e.pdf_name for e in model.editions))
    render_text(index, tools, lambda date: tuple(by_date[date]), out.__setitem__, page_cache)
    return out


def _inputs(editions: list[Edition]) -> tuple[str, ...] | None:
    """Day inputs standing for a day of a model held whole: its editions' digests (pages
    are keyed on the digest the index derives from them)."""
    digests = tuple(e.source_digest for e in editions)
    return None if any(d is None for d in digests) else digests  # type: ignore[return-value]


def render_text(index: SiteIndex, tools: dict[str, LanguageTools], load: DayLoader,
                sink: Sink, page_cache: PageCache | None,
                after_day: Callable[[DayEntry], None] | None = None) -> None:
    """HTML pages, feeds, sitemap and robots.txt of the site ``index`` describes, to
    ``sink``; a day is loaded only when a page showing it is not in ``page_cache``.
    ``after_day``: see :class:`PageRenderer`."""
    config = index.config
    renderer = PageRenderer(index, tools, load, sink, page_cache, after_day)
    renderer.render_all()
    for lang in config.languages:
        t = tools[lang.code]

        def content(entry: EditionEntry, t: LanguageTools = t) -> str:
            """An edition's feed entry, from the cache when its edition is unchanged."""
            key = (page_cache.key("feed_entry.html", {"edition": entry.digest})
                   if page_cache and entry.digest is not None else None)
            found = page_cache.get(key, page=False) if page_cache else None
            if found is not None:
                return found.decode("utf-8")
            edition = next(e for e in load(entry.date) if e.lang.code == entry.lang.code)
            html = entry_html(config, edition, t)
            if page_cache:
                page_cache.put(key, html.encode("utf-8"), page=False)
            return html

        sink(f"{lang.code}/feed.xml", atom_feed(config, index.editions_in(lang.code)
                                                [:FEED_ENTRIES], lang.code, t, content))
    sink("sitemap.xml", sitemap(renderer.sitemap_entries, config))
    sink("robots.txt", robots_txt(config))


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


def site_webfonts(chars: SiteChars, cache: Path | None, options: BuildOptions) -> SiteFonts:
    """WOFF2 subsets of the packaged fonts holding the characters of every HTML page (as
    ``chars`` saw them)."""
    if cache is not None and chars.changed:
        store_memo(cache, chars.memo)
    fonts = plan(font_faces(), chars.chars(), cache)
    result: WebFontResult = build_webfonts(fonts, cache, options.workers or default_workers())
    return SiteFonts(result.files, font_css(fonts), result.made, result.cached)


#: Rendered PDF documents (bytes of HTML) held before they are rendered as a batch.
PDF_BATCH_BYTES = 32 * 1024 * 1024


def build_pdfs(index: SiteIndex, load: DayLoader, tools: dict[str, LanguageTools],
               options: BuildOptions, report: BuildReport, cache: BuildCache,
               fingerprint: str) -> dict[str, Path]:
    """Every PDF of the site (output path -> file in the cache), rendering only those whose
    inputs changed; documents are made day by day and rendered in batches.

    A day's PDFs are also listed in the cache under its editions' digests, the page
    ``fingerprint`` (templates, catalogs, configuration, code) and what cache_key adds (the
    stylesheets, fonts, other template files, WeasyPrint): a day found there with every PDF
    intact is neither loaded nor made into documents."""
    faces = pdf_font_faces(options.cache_dir)
    setup = pdf_setup(options.templates_dir, faces)
    assets = assets_digest(options.templates_dir)
    folder = options.cache_dir / "pdf"
    files: dict[str, Path] = {}
    jobs: list[PdfJob] = []
    #: Day lists to keep once their PDFs are made: (key, ((output, cache file stem), ...)).
    lists: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    base = digest("pdf-days", fingerprint, assets, *(css for css, _ in setup.stylesheets),
                  *(f"{face.path.name}:{file_digest(face.path)}" for face in faces),
                  weasyprint_version())

    def flush() -> None:
        result = render_pdfs(jobs, setup, faces, folder, workers=options.workers,
                             assets=assets, lookup=options.use_cache)
        report.pdfs_rendered += result.rendered
        report.pdfs_cached += result.cached
        report.warnings.extend(result.warnings)
        files.update(result.files)
        jobs.clear()
        for key, listed in lists:
            cache.store(PDF_DAYS, key, listed)
        lists.clear()

    for day in index.days:
        digests = [e.digest for e in day.editions]
        key = digest(base, *digests) if options.use_cache and None not in digests else None
        found = cache.load(PDF_DAYS, key) if key else None
        if isinstance(found, tuple) and all(intact(folder / f"{stem}.pdf")
                                            for _, stem in found):
            for output, stem in found:
                touch(folder / f"{stem}.pdf")
                files[output] = folder / f"{stem}.pdf"
            report.pdfs_cached += len(found)
            continue
        made = pdf_jobs(SiteModel(index.config, load(day.date)), tools)
        jobs.extend(made)
        if key:
            lists.append((key, tuple((job.output, cache_key(setup, faces, job, assets))
                                     for job in made)))
        if sum(len(job.html) for job in jobs) >= PDF_BATCH_BYTES:
            flush()
    if jobs:
        flush()
    return files
