"""Content files -> Article records.

``content/<YYYY-MM-DD>/<slug>.<lang>.md``: YAML front matter (title, date, source, section
overrides) and a Markdown body of paragraphs and ``##`` subheadings. Parsing a file is a pure
function (:func:`parse_content`); :func:`read_content` walks the folder and collects every
error of every file before giving up, so an editor sees all problems at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .confine import escapes
from .errors import BuildErrors, ContentError
from .model import SECTIONS, Article, Block, ContentFile, Source
from .rawtext import normalise_newlines
from .text.controls import clean_text
from .translation import marked_block
from .yamlutil import line_of, load_with_lines, syntax_error_line, syntax_error_text

#: The editor's choices for a day (see briefing/day/editor.py), beside its articles.
DAY_FILE = "_day.yaml"
#: Files larger than this are refused: an article is a few kB; megabytes mean a wrong file.
MAX_FILE_BYTES = 1_000_000
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
FRONT_MATTER_KEYS = ("title", "date", "published", "author", "source", "sections", "draft")
#: Reads one content file: (path, folder date, slug, language) -> ContentFile.
FileReader = Callable[[Path, dt.date, str, str], ContentFile]


def parse_content(
    text: str, path: Path, folder_date: dt.date, slug: str, lang: str
) -> ContentFile:
    """Parse one content file's text. Raises BuildErrors listing every problem found."""
    errors: list[ContentError] = []
    # Control characters and stray bidi controls go here, once, before any stage sees the
    # text; YAML escapes ("\x07", "\u202e") are cleaned by the YAML loader (yamlutil).
    text = clean_text(normalise_newlines(text))
    lines = text.split("\n")
    if not text.strip():
        raise BuildErrors([ContentError("file is empty", path, 1,
                                        "add front matter (---, title:, date:, ---) and text")])
    if lines[0].strip() != "---":
        raise BuildErrors([ContentError(
            "no front matter", path, 1,
            "start the file with a line '---', then title: and date:, then '---'")])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise BuildErrors([ContentError(
            "front matter is not closed", path, 1,
            "add a line '---' after the last front matter key")]) from None

    try:
        meta, key_lines = load_with_lines("\n".join(lines[1:end]), path, first_line=2)
    except yaml.YAMLError as exc:
        raise BuildErrors([ContentError(
            f"invalid YAML in front matter: {syntax_error_text(exc)}", path,
            syntax_error_line(exc, first_line=2),
            "check indentation, colons and quoting")]) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BuildErrors([ContentError("front matter must be 'key: value' lines", path, 2,
                                        "e.g. title: ..., date: YYYY-MM-DD")])

    def err(key: tuple[Any, ...], message: str, hint: str) -> None:
        errors.append(ContentError(message, path, line_of(key_lines, key) or 1, hint))

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            err((key,), f"unknown front matter key {key!r}",
                "allowed keys: " + ", ".join(FRONT_MATTER_KEYS))

    title = meta.get("title")
    if title is None:
        errors.append(ContentError("'title' is missing", path, 1, "add a line title: ..."))
        title = ""
    elif not isinstance(title, str) or not title.strip():
        err(("title",), "'title' must be non-empty text", "write title: followed by the headline")
        title = str(title or "")

    date = folder_date
    raw_date = meta.get("date")
    if raw_date is None:
        errors.append(ContentError("'date' is missing", path, 1,
                                   f"add a line date: {folder_date.isoformat()}"))
    else:
        parsed = _parse_date(raw_date)
        if parsed is None:
            err(("date",), f"'date' {raw_date!r} is not a valid date",
                "write it as YYYY-MM-DD, e.g. 2024-12-03")
        elif parsed != folder_date:
            err(("date",), f"'date' {parsed.isoformat()} differs from the folder's date "
                f"{folder_date.isoformat()}", "move the file or correct the date")

    published = _parse_published(meta.get("published"), folder_date, err)
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        err(("draft",), f"'draft' {draft!r} is not true or false",
            "write draft: true to keep the article out of builds, or remove the line")
        draft = False
    source = _parse_source(meta.get("source"), err)
    author = meta.get("author")
    if author is not None and not isinstance(author, str):
        err(("author",), "'author' must be text", "write author: followed by the writer's name")
        author = None
    overrides, override_lines = _parse_overrides(meta.get("sections"), key_lines, err)
    blocks = parse_body(lines[end + 1:], first_line=end + 2)

    paragraphs = sum(1 for b in blocks if b.kind == "paragraph")
    for number, line in override_lines.items():
        if number > paragraphs:
            errors.append(ContentError(
                f"section override for paragraph {number}, but the text has only "
                f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}", path, line,
                "paragraphs are numbered from 1, subheadings not counted"))
    if paragraphs == 0 and not errors:
        errors.append(ContentError("the body has no paragraphs", path, end + 2,
                                   "write the article text after the closing '---'"))
    if errors:
        raise BuildErrors(sorted(errors, key=lambda e: e.line or 0))
    return ContentFile(path=path, slug=slug, lang=lang, date=date, title=title.strip(),
                       source=source, blocks=tuple(blocks), overrides=overrides,
                       override_lines=override_lines, draft=draft, published=published,
                       author=(author or "").strip() or None)


def parse_body(lines: list[str], first_line: int) -> list[Block]:
    """Markdown body -> blocks: ``#``..``######`` lines are headings, the rest paragraphs.

    Translation marks at the end of a block (``{untranslated}``, ``{machine ar=...}``, see
    translation.py) are taken off its text into the block's fields."""
    blocks: list[Block] = []
    buffer: list[str] = []
    start = first_line

    def flush() -> None:
        if buffer:
            text = " ".join(s.strip() for s in buffer)
            blocks.append(marked_block(Block("paragraph", text, start)))
            buffer.clear()

    for offset, line in enumerate(lines):
        number = first_line + offset
        heading = _HEADING_RE.match(line.strip())
        if not line.strip():
            flush()
        elif heading:
            flush()
            blocks.append(marked_block(Block("heading", heading.group(2).strip(), number)))
        else:
            if not buffer:
                start = number
            buffer.append(line)
    flush()
    return blocks


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _parse_published(raw: Any, folder_date: dt.date, err: Any) -> dt.datetime | None:
    """``published``: when the outlet first published the article (date, or date and time).

    A date alone is taken as midnight; a time without a zone is kept naive (the outlet's
    local time). It may precede the edition day but not follow it.
    """
    if raw is None:
        return None
    value: dt.datetime | None = None
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime.combine(raw, dt.time())
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "T", 1)
        try:
            value = (dt.datetime.fromisoformat(text) if "T" in text
                     else dt.datetime.combine(dt.date.fromisoformat(text), dt.time()))
        except ValueError:
            value = None
    if value is None:
        err(("published",), f"'published' {raw!r} is not a date or a date and time",
            "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2018-04-08T14:30+03:00")
        return None
    if value.date() > folder_date:
        err(("published",), f"'published' {value.date().isoformat()} is after the edition day "
            f"{folder_date.isoformat()}", "an article is published on or before its edition day")
        return None
    return value


def _parse_source(raw: Any, err: Any) -> Source:
    if raw is None:
        return Source(name="")
    if isinstance(raw, str):
        return Source(name=raw.strip())
    if not isinstance(raw, dict):
        err(("source",), "'source' must be a mapping with name and url",
            "write source: then indented name: ... and url: ...")
        return Source(name="")
    for key in raw:
        if key not in ("name", "url"):
            err(("source", key), f"unknown key 'source.{key}'", "allowed keys: name, url")
    name = raw.get("name") or ""
    if not isinstance(name, str):
        err(("source", "name"), "'source.name' must be text", "write name: Publisher")
        name = ""
    url = raw.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        err(("source", "url"), f"'source.url' {url!r} is not an http(s) URL",
            "write the full address, starting with https://")
        url = None
    return Source(name=name.strip(), url=url)


def _parse_overrides(
    raw: Any, key_lines: dict[Any, int], err: Any
) -> tuple[dict[int, str], dict[int, int]]:
    overrides: dict[int, str] = {}
    lines: dict[int, int] = {}
    if raw is None:
        return overrides, lines
    if not isinstance(raw, dict):
        err(("sections",), "'sections' must map paragraph numbers to sections",
            "e.g. sections: {3: un, 7: humanitarian}")
        return overrides, lines
    for number, section in raw.items():
        key = ("sections", number)
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            err(key, f"{number!r} is not a paragraph number", "paragraphs are numbered from 1")
            continue
        if section not in SECTIONS:
            err(key, f"unknown section {section!r} for paragraph {number}",
                "use one of: " + ", ".join(SECTIONS))
            continue
        overrides[number] = section
        lines[number] = line_of(key_lines, key) or 1
    return overrides, lines


def read_file(path: Path, folder_date: dt.date, slug: str, lang: str) -> ContentFile:
    """Read and parse one content file, turning file-level problems into ContentErrors."""
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise BuildErrors([ContentError(
            f"file is too large ({len(data):,} bytes, limit {MAX_FILE_BYTES:,})", path, None,
            "split it into several articles or check it is the right file")])
    if b"\x00" in data:
        raise BuildErrors([ContentError("file is binary, not text", path, None,
                                        "content files must be UTF-8 Markdown")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from .plaintext import likely_encoding

        line = data[: exc.start].count(b"\n") + 1
        guess = likely_encoding(data, lang)
        raise BuildErrors([ContentError(
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x}"
            + (f"; it reads as {guess})" if guess else ")"), path, line,
            f"re-save the file as UTF-8, e.g. iconv -f {guess} -t utf-8" if guess
            else "re-save the file as UTF-8")]) from exc
    return parse_content(text, path, folder_date, slug, lang)


@dataclass(frozen=True)
class ListedFile:
    """A content file found by :func:`list_content`, not read yet."""

    path: Path
    slug: str
    lang: str


@dataclass(frozen=True)
class ContentListing:
    """The content folder's edition days, each with its files in name order, and the
    problems found from names alone (bad names, duplicate slugs, links out)."""

    days: tuple[tuple[dt.date, Path, tuple[ListedFile, ...]], ...]
    errors: tuple[ContentError, ...]


def list_content(content_dir: Path, languages: tuple[str, ...]) -> ContentListing:
    """Every content file under ``content_dir`` by day, from the folder listings alone (no
    file is read): what a build needs to tell which days changed."""
    errors: list[ContentError] = []
    if not content_dir.is_dir():
        raise BuildErrors([ContentError("content folder not found", content_dir, None,
                                        "create it or pass --content DIR")])
    days: list[tuple[dt.date, Path, tuple[ListedFile, ...]]] = []
    seen_slugs: dict[str, Path] = {}
    for folder in sorted(p for p in content_dir.iterdir() if not p.name.startswith(".")):
        outside = escapes(folder, content_dir)
        if outside is not None:
            errors.append(_link_out(folder, outside, content_dir))
            continue
        if not folder.is_dir():
            if folder.suffix == ".md":
                errors.append(ContentError("article outside a date folder", folder, None,
                                           "move it into content/YYYY-MM-DD/"))
            continue
        folder_date = _parse_date(folder.name) if DATE_RE.match(folder.name) else None
        if folder_date is None:
            errors.append(ContentError(f"folder name {folder.name!r} is not a date", folder, None,
                                       "name edition folders YYYY-MM-DD, e.g. 2024-12-03"))
            continue
        listed: list[ListedFile] = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            outside = escapes(path, content_dir)
            if outside is not None:  # never read: it could be anything on the machine
                errors.append(_link_out(path, outside, content_dir))
                continue
            if path.is_dir() or path.name == DAY_FILE:
                continue
            parts = path.name.split(".")
            if len(parts) != 3 or parts[2] != "md":
                errors.append(ContentError("not a content file name", path, None,
                                           "name articles <slug>.<lang>.md, e.g. aleppo.ar.md"))
                continue
            slug, lang = parts[0], parts[1]
            if lang not in languages:
                errors.append(ContentError(
                    f"unknown language suffix {lang!r}", path, None,
                    f"use one of the configured languages: {', '.join(languages)}"))
                continue
            if not SLUG_RE.match(slug):
                errors.append(ContentError(
                    f"slug {slug!r} has characters other than a-z, 0-9 and -", path, None,
                    "rename the file, e.g. aleppo-offensive.ar.md"))
                continue
            other = seen_slugs.get(slug)
            if other is not None and other != folder:
                errors.append(ContentError(
                    f"duplicate slug {slug!r}: {other.name}/ has an article with the same name",
                    path, None, "give each article its own slug, e.g. add the date to it"))
                continue
            seen_slugs[slug] = folder
            listed.append(ListedFile(path, slug, lang))
        days.append((folder_date, folder, tuple(listed)))
    return ContentListing(tuple(days), tuple(errors))


def read_day(date: dt.date, files: tuple[ListedFile, ...], languages: tuple[str, ...],
             drafts: bool = False, read: FileReader | None = None) -> list[Article]:
    """The articles of one day's listed files, in slug order; raise BuildErrors with all
    problems found (unreadable files, translations out of step with their original)."""
    read = read or read_file
    errors: list[ContentError] = []
    versions_of: dict[str, dict[str, ContentFile]] = defaultdict(dict)
    for item in files:
        try:
            versions_of[item.slug][item.lang] = read(item.path, date, item.slug, item.lang)
        except BuildErrors as exc:
            errors.extend(exc.errors)  # type: ignore[arg-type]
    articles = []
    for slug, versions in sorted(versions_of.items()):
        problems = check_alignment(versions)
        errors.extend(problems)
        if not problems:
            ordered = {code: versions[code] for code in languages if code in versions}
            article = Article(slug=slug, date=date, versions=ordered)
            if drafts or not article.original.draft:
                articles.append(article)
    if errors:
        raise BuildErrors(list(errors))
    return articles


def read_content(content_dir: Path, languages: tuple[str, ...],
                 drafts: bool = False, read: FileReader | None = None) -> list[Article]:
    """Read every article under ``content_dir``; raise BuildErrors with all problems found.

    Articles whose original is marked ``draft: true`` are checked but left out unless
    ``drafts`` is set. ``read`` replaces :func:`read_file` (the build cache passes its own).
    """
    listing = list_content(content_dir, languages)
    errors: list[ContentError] = list(listing.errors)
    articles: list[Article] = []
    for date, _, files in listing.days:
        try:
            articles += read_day(date, files, languages, drafts, read)
        except BuildErrors as exc:
            errors.extend(exc.errors)  # type: ignore[arg-type]
    if errors:
        raise BuildErrors(list(errors))
    return articles


def _link_out(path: Path, target: Path, content_dir: Path) -> ContentError:
    kind = "folder" if path.is_dir() else "file"
    return ContentError(f"this {kind} is a link to {target}, outside the content folder "
                        f"{content_dir}", path, None,
                        f"copy the {kind} into the content folder instead of linking it: "
                        "nothing outside it is ever read")


def check_alignment(versions: dict[str, ContentFile]) -> list[ContentError]:
    """Translations must match their original block for block; say where they part."""
    if len(versions) < 2:
        return []
    problems: list[ContentError] = []
    original = versions.get("ar") or next(iter(versions.values()))
    for version in versions.values():
        if version is original:
            continue
        problem = _first_misalignment(original, version)
        if problem is not None:
            problems.append(problem)
        merged: dict[int, tuple[str, Path]] = {}
        for v in (original, version):
            for number, section in v.overrides.items():
                previous = merged.get(number)
                if previous and previous[0] != section:
                    problems.append(ContentError(
                        f"paragraph {number} is overridden to {section!r} here but to "
                        f"{previous[0]!r} in {previous[1].name}", v.path, v.override_lines[number],
                        "keep one override, in either file"))
                merged[number] = (section, v.path)
    return problems


@dataclass(frozen=True)
class _Part:
    """The paragraphs under one subheading (or before the first one)."""

    heading: Block | None
    paragraphs: tuple[Block, ...]
    first_number: int


def _parts(blocks: tuple[Block, ...]) -> list[_Part]:
    parts: list[_Part] = []
    heading: Block | None = None
    current: list[Block] = []
    number = 1
    start = 1
    for block in blocks:
        if block.kind == "heading":
            if current or heading is not None:
                parts.append(_Part(heading, tuple(current), start))
            heading, current, start = block, [], number
        else:
            current.append(block)
            number += 1
    parts.append(_Part(heading, tuple(current), start))
    return parts


def _first_misalignment(original: ContentFile, version: ContentFile) -> ContentError | None:
    """Where ``version`` stops following ``original``, or None.

    A translation still in progress may stop early: its last part may have fewer paragraphs
    and the parts after it may be missing (they are shown untranslated). Anything else, such
    as a paragraph missing in the middle, more paragraphs than the original, or a subheading
    elsewhere, is an error: the paragraphs after it would be shown beside the wrong original.
    """
    hint = ("keep translations paragraph for paragraph, subheadings at the same places; "
            "write {untranslated} in place of a paragraph not translated yet")
    ours, theirs = _parts(original.blocks), _parts(version.blocks)
    for i in range(max(len(ours), len(theirs))):
        a = ours[i] if i < len(ours) else None
        b = theirs[i] if i < len(theirs) else None
        if b is None:
            return None  # the translation stops here; the rest is not translated yet
        if a is None:
            line = b.heading.line if b.heading else 1
            return ContentError(
                f"{version.lang} translation has {len(theirs) - 1} subheadings, "
                f"{original.path.name} has {len(ours) - 1}", version.path, line, hint)
        if (a.heading is None) != (b.heading is None):
            their_line = a.paragraphs[0].line if a.paragraphs else 1
            return ContentError(
                f"subheading missing or extra before paragraph {a.first_number} "
                f"(compare with {original.path.name} line {their_line})",
                version.path, (b.heading or b.paragraphs[0]).line, hint)
        last_part = i == len(theirs) - 1
        if len(a.paragraphs) != len(b.paragraphs) and not (
                last_part and len(b.paragraphs) < len(a.paragraphs)):
            under = f"under '{b.heading.text}'" if b.heading else "before the first subheading"
            line = b.heading.line if b.heading else (b.paragraphs[0].line if b.paragraphs else 1)
            last = a.first_number + len(a.paragraphs) - 1
            message = (f"{len(b.paragraphs)} paragraphs {under}, but {original.path.name} has "
                       f"{len(a.paragraphs)} there (paragraphs {a.first_number}-{last})")
            guess = _odd_one_out(a.paragraphs, b.paragraphs)
            if guess is not None:
                number = a.first_number + guess
                if len(b.paragraphs) < len(a.paragraphs):
                    # Point at where the missing translation belongs.
                    message += f"; paragraph {number} looks untranslated (it belongs here)"
                    line = (b.paragraphs[guess] if guess < len(b.paragraphs)
                            else b.paragraphs[-1]).line
                else:
                    message += f"; this file's paragraph {number} has no original"
                    line = b.paragraphs[guess].line
            return ContentError(message, version.path, line, hint)
    return None


def _odd_one_out(ours: tuple[Block, ...], theirs: tuple[Block, ...]) -> int | None:
    """When one side has exactly one paragraph more, guess which one by length ratios."""
    longer, shorter = (ours, theirs) if len(ours) > len(theirs) else (theirs, ours)
    if len(longer) - len(shorter) != 1 or not shorter:
        return None
    best: tuple[float, int] | None = None
    for k in range(len(longer)):
        kept = [len(b.text) for j, b in enumerate(longer) if j != k]
        other = [len(b.text) for b in shorter]
        ratio = sum(other) / max(1, sum(kept))
        cost = sum(abs(math.log(max(1, o) / max(1.0, ratio * x)))
                   for o, x in zip(other, kept, strict=True))
        if best is None or cost < best[0]:
            best = (cost, k)
    assert best is not None
    return best[1]
