"""One build, top to bottom: config -> read -> classify -> assemble -> render -> write.

Everything is gathered and rendered before anything is written; the writer then swaps the
new site in atomically. Each stage is timed for the build report.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Edition, SiteModel, assemble
from .classify import classify_article
from .config import Config, load_config
from .fonts import font_face_css, font_faces
from .model import ClassifiedArticle
from .reader import read_content
from .render.context import LanguageTools, language_tools
from .render.feeds import atom_feed, robots_txt, sitemap
from .render.html import PageRenderer
from .render.jinja import render_template
from .render.pdf import PdfJob
from .write import SiteWriter, check_output_dir

ASSETS_DIR = "assets"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    content_dir: Path
    out_dir: Path
    cache_dir: Path
    pdf: bool = True
    strict_i18n: bool = False

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @classmethod
    def for_root(cls, root: Path, **overrides: object) -> BuildOptions:
        values: dict[str, object] = {
            "root": root,
            "content_dir": root / "content",
            "out_dir": root / "site",
            "cache_dir": root / ".cache" / "briefing",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    editions: int = 0
    articles: int = 0
    pdfs_rendered: int = 0
    pdfs_cached: int = 0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - start


def build(options: BuildOptions) -> BuildReport:
    """Build the whole site; raise BriefingError/BuildErrors without touching the output."""
    report = BuildReport()
    with report.stage("config"):
        config = load_config(options.root)
        # Refuse a foreign output folder before doing any work.
        check_output_dir(options.out_dir.resolve())
    with report.stage("read"):
        articles = read_content(options.content_dir, config.codes)
    with report.stage("classify"):
        classified = [classify_article(article) for article in articles]
    with report.stage("assemble"):
        with_pdf = options.pdf and config.pdf_enabled
        model = assemble(config, classified, with_pdf=with_pdf)
    with report.stage("render-html"):
        tools = language_tools(config, options.templates_dir, options.locale_dir,
                               strict=options.strict_i18n)
        pages = render_site(model, tools)
        assets = collect_assets(options.templates_dir)
    pdfs: dict[str, bytes] = {}
    if with_pdf:
        with report.stage("render-pdf"):
            pdfs = render_pdfs(model, tools, options, report)

    report.editions = len(model.editions)
    report.articles = len(articles)
    for edition in model.editions:
        for name in edition.missing_translations:
            report.warnings.append(f"missing translation: {edition.date} {name} "
                                   f"(shown in the original language with a notice)")
    with report.stage("write"):
        writer = SiteWriter(options.out_dir)
        try:
            writer.write_all(pages)
            for rel, source in assets.items():
                writer.copy(rel, source)
            writer.write(f"{ASSETS_DIR}/fonts.css", site_font_css().encode("utf-8"))
            writer.write_all(pdfs)
            with report.stage("search-index"):
                report.warnings.extend(index_search(writer.staging))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        report.files = dict(writer.written)
    return report


def render_site(model: SiteModel, tools: dict[str, LanguageTools]) -> dict[str, bytes]:
    """Every text output: HTML pages, feeds, sitemap, robots.txt."""
    renderer = PageRenderer(model, tools)
    out = renderer.render_all()
    for lang in model.config.languages:
        out[f"{lang.code}/feed.xml"] = atom_feed(model, lang.code, tools[lang.code])
    out["sitemap.xml"] = sitemap(renderer.sitemap_entries, model)
    out["robots.txt"] = robots_txt(model)
    return out


def index_search(site: Path) -> list[str]:
    """Build the Pagefind search index into ``site/pagefind/``; return warnings."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"search index not built: {exc}"]
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [f"search index not built: {detail[-1] if detail else result.returncode}"]
    return []


def collect_assets(templates_dir: Path) -> dict[str, Path]:
    """Static files: the templates' ``assets/`` folder and the packaged fonts."""
    assets: dict[str, Path] = {}
    source = templates_dir / ASSETS_DIR
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                assets[f"{ASSETS_DIR}/{path.relative_to(source).as_posix()}"] = path
    for face in font_faces():
        assets[f"{ASSETS_DIR}/fonts/{face.file_name}"] = face.path
    return assets


def site_font_css() -> str:
    faces = font_faces()
    return font_face_css(faces, {f.path: f"fonts/{f.file_name}" for f in faces})


def pdf_font_css() -> str:
    faces = font_faces()
    return font_face_css(faces, {f.path: f.path.resolve().as_uri() for f in faces})


def render_pdfs(model: SiteModel, tools: dict[str, LanguageTools], options: BuildOptions,
                report: BuildReport) -> dict[str, bytes]:
    """Render one PDF per edition, reusing cached PDFs whose inputs are unchanged."""
    from .render.pdf import PdfRenderer  # imports WeasyPrint: only when PDFs are wanted

    css_path = options.templates_dir / "pdf" / "print.css"
    stylesheets = [(pdf_font_css(), options.templates_dir.resolve().as_uri() + "/"),
                   (css_path.read_text(encoding="utf-8"), css_path.resolve().as_uri())]
    jobs = [_pdf_job(model.config, edition, tools[edition.lang.code])
            for edition in model.editions]
    cache = options.cache_dir / "pdf"
    key_base = _pdf_key_base(stylesheets)
    out: dict[str, bytes] = {}
    renderer: PdfRenderer | None = None
    for job in jobs:
        key = hashlib.sha256(f"{key_base}\n{job.output}\n{job.html}".encode()).hexdigest()
        cached = cache / f"{key}.pdf"
        if cached.is_file():
            out[job.output] = cached.read_bytes()
            report.pdfs_cached += 1
            continue
        if renderer is None:
            allowed = [options.templates_dir, *{f.path.parent for f in font_faces()}]
            renderer = PdfRenderer(stylesheets, allowed, options.templates_dir.resolve().as_uri()
                                   + "/")
        data = renderer.render(job)
        out[job.output] = data
        report.pdfs_rendered += 1
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    if renderer is not None:
        report.warnings.extend(renderer.fetch_log.refused)
    return out


def _pdf_key_base(stylesheets: list[tuple[str, str]]) -> str:
    """Everything besides the document that decides a PDF's bytes: code, CSS, fonts."""
    import weasyprint

    from . import __version__

    parts = [f"briefing {__version__}", f"weasyprint {weasyprint.__version__}",
             _code_digest()]
    parts += [hashlib.sha256(text.encode()).hexdigest() for text, _ in stylesheets]
    for face in font_faces():
        stat = face.path.stat()
        parts.append(f"{face.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _code_digest() -> str:
    """Hash of the package's own source, so a code change never serves a stale PDF."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pdf_job(config: Config, edition: Edition, tools: LanguageTools) -> PdfJob:
    html = render_template(tools.env, "pdf/edition.html", edition=edition, site=config,
                           fmt=tools.formatter)
    origin = ", ".join(f"{edition.date}/{ref.slug}.{ref.lang}.md" for ref in edition.articles)
    assert edition.pdf_name is not None
    return PdfJob(html=html, output=f"{edition.path}{edition.pdf_name}", lang=edition.lang.code,
                  origin=origin or str(edition.date))


def classified_articles(options: BuildOptions) -> tuple[Config, list[ClassifiedArticle]]:
    """Read and classify without rendering (for ``briefing check`` and ``classify``)."""
    config = load_config(options.root)
    articles = read_content(options.content_dir, config.codes)
    return config, [classify_article(a) for a in articles]
