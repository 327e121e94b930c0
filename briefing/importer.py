"""``briefing import``: what a desk receives -> content files an editor can work on.

Sources: raw article text (``.txt``), saved web pages (read by webpage.py), RSS/Atom feed
files (newsfeed.py), folders of any of these, and http(s) addresses (fetch.py). Each article
is structured (headings, re-joined paragraphs; see rawtext.py), credits, separators,
promotions, "read also" lists and teasers for other stories are left out, subheading markers
are cleaned, Markdown syntax characters in the text are escaped so the words come out as
written, and the file is written atomically with the user's normal permissions. An article
already imported (same address or same text) is refused naming its file; a feed's items
already imported are skipped. An existing content file is never replaced unless the editor
asks for it with ``--force``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .classify.kinds import mark_noise
from .duplicates import ContentIndex
from .errors import BriefingError, ContentError, disk_errors
from .model import Block
from .plaintext import Decoded, EncodingRefused, decode_plain
from .rawtext import parse_raw
from .reader import MAX_FILE_BYTES, SLUG_RE
from .text.controls import clean_text

_MD_INLINE = re.compile(r"([\\`*_\[\]{}])")
_MD_BLOCK_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")
#: Video and promotion teasers a page puts between paragraphs: "محلل يوضح لـCNN ...".
_TEASER = re.compile(r"^(?=.{0,120}$)(?:.{0,60}\b(?:يوضح|يشرح|يكشف|يتحدث|يروي)\s+ل\s?ـ?\s?"
                     r"(?:CNN|سي ان ان|بي بي سي|BBC|سكاي نيوز|الجزيرة|العربية)|"
                     r"(?:بالفيديو|فيديو|شاهد|شاهدوا)\s*(?:[.:]|\.\.))", re.IGNORECASE)
#: Files a folder import picks up, by suffix.
SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")


@dataclass(frozen=True)
class Incoming:
    """One article to import, from whatever source, before the editor's flags apply."""

    origin: str
    """The file, address or feed item it came from (for messages)."""
    name: str
    """What a slug is made from when none is given."""
    blocks: tuple[Block, ...]
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    #: Feed items already imported are skipped quietly, not refused.
    from_feed: bool = False
    #: The legacy encoding a plain-text file was read in (None: UTF-8 or a page's own).
    encoding: str | None = None


@dataclass(frozen=True)
class ImportResult:
    path: Path
    paragraphs: int
    headings: int
    dropped: tuple[Block, ...]
    backup: Path | None = None
    title: str = ""
    published: dt.date | dt.datetime | None = None
    source_name: str | None = None
    source_url: str | None = None
    #: The legacy encoding the source was read in, when it was not UTF-8.
    encoding: str | None = None


@dataclass(frozen=True)
class ImportOptions:
    date: dt.date
    lang: str = "ar"
    source_name: str | None = None
    source_url: str | None = None
    slug: str | None = None
    title: str | None = None
    force: bool = False


@dataclass
class ImportReport:
    written: list[ImportResult] = field(default_factory=list)
    #: (origin, existing file) of feed items already imported.
    skipped: list[tuple[str, Path]] = field(default_factory=list)
    errors: list[BriefingError] = field(default_factory=list)


def escape_markdown(text: str) -> str:
    """Escape characters Markdown would read as syntax, so the text renders as written
    (braces too: a paragraph ending in ``{...}`` would read as translation marks)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    if _MD_BLOCK_START.match(text):
        text = "\\" + text
    return text


def slug_from(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60].strip("-") or "article"


def read_raw(path: Path, lang: str = "ar") -> str:
    """A plain-text article: UTF-8, or Arabic in a legacy code page (see plaintext.py)."""
    return read_plain(path, lang).text


def read_plain(path: Path, lang: str = "ar") -> Decoded:
    data = _read_bytes(path)
    try:
        return decode_plain(data, lang)
    except EncodingRefused as exc:
        line = None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = data[: bad.start].count(b"\n") + 1
        raise ContentError(exc.message, path, line, exc.hint) from None


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise ContentError("file not found", path, None, "check the path")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES * 5:
        raise ContentError(f"file is too large ({len(data):,} bytes)", path, None,
                           "import one article or one page at a time")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError("file is binary, not text", path, None,
                           "import a text file, a saved web page or a feed")
    return data


def render_content_file(title: str, date: dt.date, source_name: str | None,
                        source_url: str | None, blocks: list[Block], *,
                        published: dt.date | dt.datetime | None = None,
                        author: str | None = None) -> str:
    meta: dict[str, object] = {"title": title}
    source: dict[str, str] = {}
    if source_name:
        source["name"] = source_name
    if source_url:
        source["url"] = source_url
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    lines = ["---", head.rstrip("\n"), f"date: {date.isoformat()}"]
    if published is not None:
        lines.append(f"published: {published.isoformat()}")
    if author:
        lines.append(yaml.safe_dump({"author": author}, allow_unicode=True,
                                    width=1000).rstrip("\n"))
    if source:
        lines.append(yaml.safe_dump({"source": source}, allow_unicode=True, sort_keys=False,
                                    width=1000).rstrip("\n"))
    lines += ["---", ""]
    for block in blocks:
        text = escape_markdown(block.text)
        lines += [f"## {text}" if block.kind == "heading" else text, ""]
    return "\n".join(lines)


# -- reading sources ---------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def gather(sources: Sequence[str], report: ImportReport, lang: str = "ar"
           ) -> Iterator[Incoming]:
    """The articles in ``sources`` (files, folders, addresses), in order. A source that
    cannot be read is reported and the others go on."""
    for source in sources:
        try:
            if is_url(source):
                yield from _from_url(source)
                continue
            path = Path(source)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file()
                               and not any(part.startswith(".") for part in
                                           p.relative_to(path).parts)
                               and p.suffix.lower() in SOURCE_SUFFIXES)
                if not files:
                    raise ContentError("no articles in this folder", path, None,
                                       "it should hold .txt, .html or feed (.xml) files")
                for file in files:
                    try:
                        yield from _from_file(file, lang)
                    except BriefingError as exc:
                        report.errors.append(exc)
                continue
            yield from _from_file(path, lang)
        except BriefingError as exc:
            report.errors.append(exc)


def _from_file(path: Path, lang: str = "ar") -> Iterator[Incoming]:
    from .newsfeed import looks_like_feed
    from .webpage import looks_like_markup

    data = _read_bytes(path)
    if looks_like_feed(data):
        yield from _from_feed(data, str(path), path.stem)
    elif looks_like_markup(data):
        yield _from_page(data, str(path), path.stem)
    else:
        decoded = read_plain(path, lang)
        yield Incoming(origin=str(path), name=path.stem, blocks=tuple(parse_raw(decoded.text)),
                       encoding=None if decoded.encoding == "utf-8" else decoded.encoding)


def _from_page(data: bytes, origin: str, name: str, declared: str | None = None,
               fetched_url: str | None = None) -> Incoming:
    from .webpage import extract_article

    page = extract_article(data, origin, declared)
    if fetched_url is not None:  # a fetched page is named after its canonical address
        name = _name_from_url(page.url) or name
    return Incoming(origin=origin, name=name, blocks=page.blocks, title=page.title or None,
                    published=page.published, author=page.author, outlet=page.outlet,
                    url=page.url or fetched_url)


def _from_feed(data: bytes, origin: str, name: str) -> Iterator[Incoming]:
    from .newsfeed import read_feed

    for item in read_feed(data, origin):
        yield Incoming(origin=f"{origin} (item {item.number})",
                       name=_name_from_url(item.link) or f"{name}-{item.number}",
                       blocks=item.blocks, title=item.title or None,
                       published=item.published, author=item.author, outlet=item.outlet,
                       url=item.link, from_feed=True)


def _from_url(url: str) -> Iterator[Incoming]:
    from .fetch import fetch

    fetched = fetch(url)
    name = _name_from_url(fetched.url) or "article"
    if fetched.is_feed:
        yield from _from_feed(fetched.data, url, name)
    else:
        yield _from_page(fetched.data, url, name, fetched.charset, fetched.url)


def _name_from_url(url: str | None) -> str | None:
    if not url:
        return None
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", last)
    if last in ("index", ""):
        last = path.rsplit("/", 2)[-2] if path.count("/") >= 2 else ""
    return last if slug_from(last) != "article" else None


# -- writing -------------------------------------------------------------------------------


def clean_blocks(blocks: Sequence[Block]) -> tuple[list[Block], tuple[Block, ...]]:
    """(kept, dropped): credits, separators, link lists, promotions and off-topic teasers
    out; subheading markers ("* ", "**") off; a subheading left with no paragraph goes."""
    tidy = []
    for block in blocks:
        text = clean_text(block.text).strip()
        if block.kind == "heading":
            text = text.strip("*").strip()
        elif text.startswith("*") and not text.startswith("* "):
            text = text.lstrip("*").rstrip("*").strip()
        if text:
            tidy.append(Block(block.kind, text, block.line))
    marked = mark_noise(tidy)
    kept_flags = [b.kind != "noise" and not _TEASER.match(b.text) for b in marked]
    kept = [b for b, keep in zip(tidy, kept_flags, strict=True) if keep]
    dropped = tuple(b for b, keep in zip(tidy, kept_flags, strict=True) if not keep)
    kept = [b for i, b in enumerate(kept)
            if b.kind != "heading" or (i + 1 < len(kept) and kept[i + 1].kind == "paragraph")]
    return kept, dropped


def import_sources(sources: Sequence[str], options: ImportOptions, content_dir: Path
                   ) -> ImportReport:
    """Import every article in ``sources``; problems are collected in the report."""
    report = ImportReport()
    index = ContentIndex.scan(content_dir, options.lang)
    items = list(gather(sources, report, options.lang))
    if len(items) > 1 and (options.slug or options.title or options.source_url):
        report.errors.append(ContentError(
            f"--slug, --title and --source-url name one article, but {len(items)} were found",
            None, None, "import those sources one at a time, or leave the flags out"))
        return report
    for item in items:
        try:
            result = import_one(item, options, content_dir, index)
        except _Skip as skip:
            report.skipped.append((item.origin, skip.existing))
            continue
        except BriefingError as exc:
            report.errors.append(exc)
            continue
        report.written.append(result)
    return report


class _Skip(Exception):
    def __init__(self, existing: Path):
        super().__init__(str(existing))
        self.existing = existing


def import_one(item: Incoming, options: ImportOptions, content_dir: Path,
               index: ContentIndex) -> ImportResult:
    kept, dropped = clean_blocks(item.blocks)
    if not any(b.kind == "paragraph" for b in kept):
        raise ContentError("no article text found", item.origin, None,
                           "the file should hold paragraphs separated by blank lines")
    url = options.source_url or item.url
    if url and not url.startswith(("http://", "https://")):
        url = None
    # What a page or a feed says is cleaned as the reader will clean it (see text/controls.py).
    source_name = clean_text(options.source_name or item.outlet or "") or None
    title = clean_text(options.title or item.title or "").strip() or None
    if not title:
        first = next(b.text for b in kept if b.kind == "paragraph")
        words = first.split()
        title = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    published = item.published
    if published is not None:
        day = published.date() if isinstance(published, dt.datetime) else published
        if day > options.date:
            raise ContentError(
                f"the article was published on {day.isoformat()}, after the edition day "
                f"{options.date.isoformat()}", item.origin, None,
                f"import it with --date {day.isoformat()} or later")

    slug = options.slug
    if slug is not None and not SLUG_RE.match(slug):
        raise ContentError(f"slug {slug!r} has characters other than a-z, 0-9 and -", None, None,
                           "pass --slug with only a-z, 0-9 and -")
    folder = content_dir / options.date.isoformat()
    if slug is not None:
        target = folder / f"{slug}.{options.lang}.md"
        if target.exists() and not options.force:
            raise ContentError("content file already exists; not overwriting it", target, None,
                               "pass --force to replace it, or --slug to import under another "
                               "name")
        elsewhere = _slug_elsewhere(content_dir, slug, folder)
        if elsewhere is not None:
            raise ContentError(f"slug {slug!r} is taken by {elsewhere}", None, None,
                               "pass another --slug: slugs are unique across the content folder")
    else:
        base = slug_from(item.name)
        if options.force and _slug_elsewhere(content_dir, base, folder) is None:
            slug = base  # --force replaces the file this source was imported to before
        else:
            slug = _free_slug(content_dir, base, folder, options.lang)
        target = folder / f"{slug}.{options.lang}.md"

    if options.force and target.exists():
        index.forget(target)
    paragraphs = [b.text for b in kept if b.kind == "paragraph"]
    existing = index.by_url(url) or index.by_text(paragraphs)
    if existing is not None:
        if item.from_feed:
            raise _Skip(existing)
        how = "the same address" if index.by_url(url) else "the same text"
        raise ContentError(f"already imported as {existing} ({how})", item.origin, None,
                           "edit that file, or delete it first to import again")

    body = render_content_file(title, options.date, source_name, url, kept,
                               published=published,
                               author=clean_text(item.author or "") or None)
    with disk_errors(target):
        backup = write_file(target, body)
    index.add(target, url, paragraphs)
    return ImportResult(path=target, paragraphs=len(paragraphs),
                        headings=sum(b.kind == "heading" for b in kept), dropped=dropped,
                        backup=backup, title=title, published=published,
                        source_name=source_name, source_url=url, encoding=item.encoding)


def _slug_elsewhere(content_dir: Path, slug: str, folder: Path) -> Path | None:
    if not content_dir.is_dir():
        return None
    for path in content_dir.glob(f"*/{slug}.*.md"):
        if path.parent != folder:
            return path
    return None


def _free_slug(content_dir: Path, base: str, folder: Path, lang: str) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first not used on another day nor for
    this language on this day."""
    slug, n = base, 1
    while (folder / f"{slug}.{lang}.md").exists() or _slug_elsewhere(content_dir, slug, folder):
        n += 1
        slug = f"{base}-{n}"
    return slug


def write_file(target: Path, body: str) -> Path | None:
    """Write atomically, with the permissions a new file gets under the user's umask; an
    existing file (``--force``) is kept as a hidden ``.bak`` beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        backup = target.with_name(f".{target.name}.{stamp}.bak")
        backup.write_bytes(target.read_bytes())
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        # mkstemp makes the file private (0600); an article is an ordinary document.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return backup


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def import_article(source_file: Path, date: dt.date, content_dir: Path, lang: str = "ar",
                   source_name: str | None = None, source_url: str | None = None,
                   slug: str | None = None, title: str | None = None,
                   force: bool = False) -> ImportResult:
    """One source file -> one content file (the single-article form of
    :func:`import_sources`); raises the first problem."""
    options = ImportOptions(date=date, lang=lang, source_name=source_name,
                            source_url=source_url, slug=slug, title=title, force=force)
    report = import_sources([str(source_file)], options, content_dir)
    if report.errors:
        raise report.errors[0]
    if report.skipped:
        origin, existing = report.skipped[0]
        raise ContentError(f"already imported as {existing}", origin, None,
                           "edit that file, or delete it first to import again")
    return report.written[0]


def imported_numbers(text: str, blocks: Sequence[Block]) -> list[int | None]:
    """For each blank-line block of raw ``text``, the number its paragraph gets once
    imported (from 1, subheadings not counted; a block re-joined to the paragraph before it
    shares that paragraph's number), or None for subheadings and what import leaves out."""
    kept, _ = clean_blocks(parse_raw(text))
    paragraphs = [" ".join(b.text.split()) for b in kept if b.kind == "paragraph"]
    numbers: list[int | None] = []
    at = 0
    for block in blocks:
        words = " ".join(block.text.split())
        found = None
        tokens = words.split()
        # A subheading on the line above its paragraph is one raw block but is imported
        # apart: its first words may be missing from the paragraph.
        candidates = [" ".join(tokens[drop:])
                      for drop in range(max(1, min(13, len(tokens) - 5)))]
        if block.kind != "heading" and words:
            found_at = next((j for c in candidates for j in range(at, len(paragraphs))
                             if c in paragraphs[j]), None)
            if found_at is not None:
                found, at = found_at + 1, found_at
        numbers.append(found)
    return numbers
