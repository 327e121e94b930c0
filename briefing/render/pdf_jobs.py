"""Which PDFs a build makes, and making them: cached by content, rendered on every core.

Each edition gets its PDF, and each day a bilingual side-by-side PDF. A PDF's cache key is
the hash of everything that decides its bytes: the rendered document, the stylesheets, the
fonts, WeasyPrint's version and this package's code. Only documents whose key is not in the
cache are rendered, in a process pool where each worker imports WeasyPrint and parses the
stylesheets once, then renders many documents.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..assemble import Edition, SiteModel
from ..config import Config
from ..fonts import FontFace, font_face_css
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
    files: dict[str, bytes]
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
    html = render_template(tools.env, "pdf/edition.html", edition=edition, site=config,
                           fmt=tools.formatter)
    return PdfJob(html=html, output=f"{edition.path}{edition.pdf_name}", lang=edition.lang.code,
                  origin=_origin(edition))


def _bilingual_job(config: Config, first: Edition, second: Edition, tools: LanguageTools,
                   second_tools: LanguageTools) -> PdfJob:
    assert first.bilingual_pdf is not None
    html = render_template(tools.env, "pdf/bilingual.html", ar=first, en=second, site=config,
                           fmt=tools.formatter, en_tools=second_tools)
    return PdfJob(html=html, output=first.bilingual_pdf, lang=first.lang.code,
                  origin=_origin(first))


def cache_key(setup: PdfSetup, faces: list[FontFace], job: PdfJob) -> str:
    """Hash of everything that decides the PDF's bytes."""
    import weasyprint

    digest = hashlib.sha256()
    for part in (f"weasyprint {weasyprint.__version__}", code_digest(), job.output, job.html,
                 *(css for css, _ in setup.stylesheets)):
        digest.update(part.encode())
        digest.update(b"\0")
    for face in faces:
        stat = face.path.stat()
        digest.update(f"{face.path}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """Hash of the package's own source, so a code change never serves a stale PDF."""
    global _CODE_DIGEST  # computed once per process: the code does not change under us
    if _CODE_DIGEST is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


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


def _render_in_worker(job: PdfJob) -> tuple[bytes, list[str]]:
    assert _WORKER_RENDERER is not None
    before = len(_WORKER_RENDERER.fetch_log.refused)
    data = _WORKER_RENDERER.render(job)
    return data, _WORKER_RENDERER.fetch_log.refused[before:]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def render_pdfs(jobs: list[PdfJob], setup: PdfSetup, faces: list[FontFace], cache_dir: Path,
                workers: int | None = None,
                progress: Callable[[str], None] | None = None) -> PdfResult:
    """Render the jobs not found in ``cache_dir``; return every PDF's bytes."""
    result = PdfResult({}, 0, 0, [])
    todo: list[tuple[PdfJob, Path]] = []
    for job in jobs:
        cached = cache_dir / f"{cache_key(setup, faces, job)}.pdf"
        if cached.is_file():
            result.files[job.output] = cached.read_bytes()
            result.cached += 1
        else:
            todo.append((job, cached))
    if not todo:
        return result
    workers = min(workers or default_workers(), len(todo))
    if workers <= 1:
        _init_worker(setup)
        outputs = [_render_in_worker(job) for job, _ in todo]
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(setup,)) as pool:
            outputs = list(pool.map(_render_in_worker, [job for job, _ in todo], chunksize=1))
    cache_dir.mkdir(parents=True, exist_ok=True)
    for (job, cached), (data, refused) in zip(todo, outputs, strict=True):
        result.files[job.output] = data
        result.rendered += 1
        result.warnings.extend(refused)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, cached)
        if progress:
            progress(job.output)
    return result
