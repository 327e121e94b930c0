"""Which PDFs a build makes, and making them: cached by content, rendered on every core.

Each edition gets its PDF, and each day a bilingual side-by-side PDF. A PDF's cache key is
the hash of everything that decides its bytes: the rendered document, the stylesheets, the
fonts, the templates' other files, WeasyPrint's version and this package's code. Only
documents whose key is not in the cache are rendered, in a process pool sized to the
machine's cores where each worker imports WeasyPrint and parses the stylesheets once, then
renders many documents. The main process never imports WeasyPrint when nothing is to render.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..assemble import MAX_PDF_PAGES, Edition, SiteModel
from ..atomic import write_atomic
from ..cache import default_workers
from ..config import Config
from ..errors import disk_errors
from ..fonts import FontFace, font_face_css
from ..hashing import library_versions
from ..store import intact, seal, touch
from .context import LanguageTools
from .jinja import render_template
from .pdf import PdfJob


@dataclass(frozen=True)
class PdfSetup:
    """What every renderer needs besides the documents (picklable, sent to workers)."""

    stylesheets: tuple[tuple[str, str], ...]
    allowed_dirs: tuple[Path, ...]
    base_url: str


@dataclass
class PdfResult:
    #: Output path -> the PDF in the cache (copied into the site by the writer).
    files: dict[str, Path]
    rendered: int
    cached: int
    warnings: list[str]


def pdf_setup(templates_dir: Path, faces: list[FontFace]) -> PdfSetup:
    css_path = templates_dir / "pdf" / "print.css"
    base = templates_dir.resolve().as_uri() + "/"
    font_css = font_face_css(faces, {f.path: f.path.resolve().as_uri() for f in faces})
    return PdfSetup(
        stylesheets=((font_css, base), (css_path.read_text(encoding="utf-8"),
                                        css_path.resolve().as_uri())),
        allowed_dirs=(templates_dir.resolve(), *sorted({f.path.parent.resolve() for f in faces})),
        base_url=base,
    )


def pdf_jobs(model: SiteModel, tools: dict[str, LanguageTools]) -> list[PdfJob]:
    """One job per edition with a PDF, plus one bilingual job per day."""
    config = model.config
    jobs = [_edition_job(config, e, tools[e.lang.code]) for e in model.editions if e.pdf_name]
    jobs += [_full_job(config, e, tools[e.lang.code]) for e in model.editions
             if e.full_pdf_name]
    if len(config.languages) >= 2:
        first, second = config.languages[0].code, config.languages[1].code
        by_key = {(e.date, e.lang.code): e for e in model.editions}
        for date in model.dates:
            left, right = by_key[(date, first)], by_key[(date, second)]
            if left.bilingual_pdf:
                jobs.append(_bilingual_job(config, left, right, tools[first], tools[second]))
    return jobs


def _origin(edition: Edition) -> str:
    return ", ".join(f"{edition.date}/{ref.slug}.{ref.lang}.md" for ref in edition.articles) \
        or str(edition.date)


def _edition_job(config: Config, edition: Edition, tools: LanguageTools) -> PdfJob:
    html, *shorter = [render_template(tools.env, "pdf/edition.html", edition=e, site=config,
                                      fmt=tools.formatter)
                      for e in (edition, *edition.shorter)]
    return PdfJob(html=html, output=f"{edition.path}{edition.pdf_name}", lang=edition.lang.code,
                  origin=_origin(edition), shorter=tuple(shorter), max_pages=MAX_PDF_PAGES)


def _full_job(config: Config, edition: Edition, tools: LanguageTools) -> PdfJob:
    assert edition.full_pdf_name is not None
    html = render_template(tools.env, "pdf/full.html", edition=edition, site=config,
                           fmt=tools.formatter)
    return PdfJob(html=html, output=f"{edition.path}{edition.full_pdf_name}",
                  lang=edition.lang.code, origin=_origin(edition))


def _bilingual_job(config: Config, first: Edition, second: Edition, tools: LanguageTools,
                   second_tools: LanguageTools) -> PdfJob:
    assert first.bilingual_pdf is not None
    html, *shorter = [render_template(tools.env, "pdf/bilingual.html", ar=a, en=b, site=config,
                                      fmt=tools.formatter, en_tools=second_tools)
                      for a, b in zip((first, *first.shorter), (second, *second.shorter),
                                      strict=True)]
    return PdfJob(html=html, output=first.bilingual_pdf, lang=first.lang.code,
                  origin=_origin(first), shorter=tuple(shorter), max_pages=MAX_PDF_PAGES)


def cache_key(setup: PdfSetup, faces: list[FontFace], job: PdfJob,
              assets: str = "") -> str:
    """Hash of everything that decides the PDF's bytes.

    The rendered document covers the content, the configuration, the translations and the
    Jinja templates; the stylesheets, the fonts' bytes and ``assets`` (the digest of the
    other files under templates/ that a document may fetch) cover what it loads; the
    WeasyPrint version and the code version cover how it is made.
    """
    parts = [weasyprint_version(), cache.code_digest(), assets, job.output,
             job.html, *job.shorter, str(job.max_pages),
             *(css for css, _ in setup.stylesheets)]
    parts += [f"{face.path.name}:{file_digest(face.path)}" for face in faces]
    return cache.digest(*parts)


#: WeasyPrint and the libraries it renders with (Pango, a system library, is not covered:
#: empty ``<cache>/pdf`` after upgrading it).
_RENDERERS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen", "pillow")


@functools.cache
def weasyprint_version() -> str:
    """Without importing WeasyPrint (half a second): a cache hit needs no renderer."""
    return ", ".join(library_versions(_RENDERERS).splitlines())


_FILE_DIGESTS: dict[tuple[Path, int, int], str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered for the process while size and mtime hold."""
    stat = path.stat()
    key = (path.resolve(), stat.st_size, stat.st_mtime_ns)
    found = _FILE_DIGESTS.get(key)
    if found is None:
        found = _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def assets_digest(templates_dir: Path) -> str:
    """Digest of every file under ``templates_dir`` other than Jinja templates (``.html``,
    whose effect is in the rendered document): stylesheets, images, anything a PDF fetches."""
    from ..confine import escapes
    from .jinja import link_out_error

    parts: list[str] = []
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file() and path.suffix != ".html":
            outside = escapes(path, templates_dir)
            if outside is not None:  # never read: a PDF may not fetch it either
                raise link_out_error(path, outside, "file")
            parts += [path.relative_to(templates_dir).as_posix(), file_digest(path)]
    return cache.digest(*parts)


def code_digest() -> str:
    """The code version (kept here for callers of the earlier API; see briefing.cache)."""
    return cache.code_digest()


# -- rendering --------------------------------------------------------------------------------

_WORKER_RENDERER = None


def _init_worker(setup: PdfSetup) -> None:
    global _WORKER_RENDERER  # one renderer per worker process, reused for every document
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from .pdf import PdfRenderer

    _WORKER_RENDERER = PdfRenderer(list(setup.stylesheets), list(setup.allowed_dirs),
                                   setup.base_url)


def _init_pool_worker(setup: PdfSetup) -> None:
    """A pool worker's first act: leave Ctrl-C to the main process (see interrupt.py, whose
    fork hooks do this already where workers are forked; this covers spawned ones)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(setup)


def _render_in_worker(job: PdfJob) -> tuple[bytes, list[str]]:
    assert _WORKER_RENDERER is not None
    before = len(_WORKER_RENDERER.fetch_log.refused)
    data = _WORKER_RENDERER.render(job)
    return data, _WORKER_RENDERER.fetch_log.refused[before:]


def render_pdfs(jobs: list[PdfJob], setup: PdfSetup, faces: list[FontFace], cache_dir: Path,
                workers: int | None = None,
                progress: Callable[[str], None] | None = None,
                assets: str = "", lookup: bool = True) -> PdfResult:
    """Render the jobs not found in ``cache_dir`` (all of them unless ``lookup``), in a pool
    of ``workers`` processes; every PDF ends up in the cache, named by its key."""
    result = PdfResult({}, 0, 0, [])
    todo: list[tuple[PdfJob, Path]] = []
    for job in jobs:
        cached = cache_dir / f"{cache_key(setup, faces, job, assets)}.pdf"
        result.files[job.output] = cached
        # A cached PDF is used only when its seal matches it (a damaged one is rendered again).
        if lookup and intact(cached):
            touch(cached)
            result.cached += 1
        else:
            todo.append((job, cached))
    if not todo:
        return result
    # Longest documents first: the pool ends with short ones and no core waits on a long tail.
    todo.sort(key=lambda item: len(item[0].html), reverse=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    workers = min(workers or default_workers(), len(todo))

    def store(job: PdfJob, cached: Path, data: bytes, refused: list[str]) -> None:
        result.rendered += 1
        result.warnings.extend(refused)
        # The cache holds the only copy the writer copies into the site: a full disk here
        # fails the build, naming the cache file.
        with disk_errors(cached):
            write_atomic(cached, data)
            seal(cached)
        if progress:
            progress(job.output)

    if workers <= 1:
        _init_worker(setup)
        for job, cached in todo:
            store(job, cached, *_render_in_worker(job))
    else:
        with ProcessPoolExecutor(workers, initializer=_init_pool_worker,
                                 initargs=(setup,)) as pool:
            outputs = pool.map(_render_in_worker, [job for job, _ in todo], chunksize=1)
            for (job, cached), (data, refused) in zip(todo, outputs, strict=True):
                store(job, cached, data, refused)
    return result
