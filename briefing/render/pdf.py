"""HTML documents -> PDF bytes with WeasyPrint, fetching nothing but the project's own assets.

The renderer is handed a document that came from untrusted content: its URL fetcher refuses
every network URL and every ``file://`` path outside the allowed folders (the packaged fonts
and the templates' assets), and reports each refusal with the content file it came from.
The same FontConfiguration goes to ``CSS()`` and ``write_pdf()``, or WeasyPrint would ignore
the ``@font-face`` rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOG = logging.getLogger("briefing.pdf")


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: a complete HTML document and where it goes."""

    html: str
    output: str
    """Output path from the site root."""
    lang: str
    origin: str
    """The content files behind it, named in fetch warnings."""
    shorter: tuple[str, ...] = ()
    """The same document with less in it, longest first: rendered in turn while the
    document runs over ``max_pages`` (a briefing must fit its page count whatever the day)."""
    max_pages: int | None = None


@dataclass
class FetchLog:
    refused: list[str] = field(default_factory=list)


def make_fetcher(allowed_dirs: Iterable[Path], origin: str, log: FetchLog) -> Callable[..., object]:
    """A WeasyPrint URL fetcher confined to ``allowed_dirs``."""
    from weasyprint.urls import URLFetcher

    roots = [d.resolve() for d in allowed_dirs]

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> object:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            message = f"{origin}: refused to fetch {url} (only the project's own assets are read)"
            LOG.warning(message)
            log.refused.append(message)
            raise ValueError(message)

    return ConfinedFetcher(allowed_protocols=("file",), allow_redirects=False)


class PdfRenderer:
    """Renders many documents in one process, parsing the stylesheets once."""

    def __init__(self, stylesheets: list[tuple[str, str]], allowed_dirs: list[Path],
                 base_url: str) -> None:
        """``stylesheets``: (css text, base URL) pairs; ``base_url``: for relative links."""
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from .pdftags import install as install_language_tags

        install_language_tags()
        self.allowed_dirs = allowed_dirs
        self.base_url = base_url
        self.font_config = FontConfiguration()
        self.fetch_log = FetchLog()
        fetcher = make_fetcher(allowed_dirs, "stylesheet", self.fetch_log)
        self.stylesheets = [
            CSS(string=text, base_url=base, font_config=self.font_config, url_fetcher=fetcher)
            for text, base in stylesheets
        ]

    def render(self, job: PdfJob, variant: str | None = "pdf/ua-1") -> bytes:
        from weasyprint import DEFAULT_OPTIONS, HTML

        fetcher = make_fetcher(self.allowed_dirs, job.origin, self.fetch_log)
        options = {**DEFAULT_OPTIONS, "stylesheets": self.stylesheets,
                   "pdf_variant": variant, "pdf_identifier": _identifier(job),
                   "custom_metadata": True}
        # Only a page count tells whether a document fits: lay out each version in turn and
        # keep the first that fits (or the shortest), so a day that fits renders once.
        for html in (job.html, *job.shorter):
            document = HTML(string=html, base_url=self.base_url, url_fetcher=fetcher).render(
                font_config=self.font_config, **options)
            if job.max_pages is None or len(document.pages) <= job.max_pages:
                break
        pdf = document.write_pdf(finisher=_printable_annotations, **options)
        assert pdf is not None
        return pdf


def _printable_annotations(document: object, pdf: object) -> None:
    """Set the Print flag on link annotations (PDF/UA: print and screen must not differ)."""
    import pydyf

    for obj in getattr(pdf, "objects", []):
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Annot":
            obj["F"] = 4


def _identifier(job: PdfJob) -> bytes:
    """A stable document ID (reproducible output): the hash of the document and its name."""
    import hashlib

    digest = hashlib.md5(f"{job.output}\n{job.html}".encode(), usedforsecurity=False)
    return digest.hexdigest().encode()
