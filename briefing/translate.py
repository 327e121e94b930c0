"""``briefing translate DATE``: machine drafts for what is not translated yet, and the marks
that keep translations honest (``--mark``: fingerprints of the originals; ``--accept``:
machine drafts reviewed).

Every change is made to the translation file's lines in place: paragraphs the editor wrote
are copied byte for byte, only their marks change; a replaced file is kept as a hidden
``.bak`` beside it, as ``import --force`` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import Config
from .errors import BriefingError, BuildErrors, ContentError
from .importer import escape_markdown, write_file
from .model import ContentFile
from .reader import _first_misalignment, read_file
from .translation import MARKS_RE, align, format_marks


@dataclass(frozen=True)
class Change:
    path: Path
    what: str


def day_articles(content_dir: Path, date: dt.date, original_lang: str = "ar") -> list[Path]:
    folder = content_dir / date.isoformat()
    if not folder.is_dir():
        raise ContentError("no such edition day", folder, None,
                           f"create it with briefing new {date.isoformat()} or import into it")
    return sorted(p for p in folder.glob(f"*.{original_lang}.md") if not p.name.startswith("."))


def _load(path: Path, date: dt.date, lang: str) -> ContentFile:
    slug = path.name.split(".")[0]
    return read_file(path, date, slug, lang)


def _spans(lines: list[str], version: ContentFile) -> list[tuple[int, int]]:
    """For each block, the (start, end) indices of its lines in ``lines``."""
    spans = []
    for block in version.blocks:
        start = block.line - 1
        end = start + 1
        if block.kind == "paragraph":
            while end < len(lines) and lines[end].strip() and not lines[end].lstrip().startswith(
                    "#"):
                end += 1
        spans.append((start, end))
    return spans


def _remark(line: str, *, machine: bool, fingerprint_of: str | None, lang: str) -> str:
    """The line with its marks replaced."""
    text = line.rstrip()
    found = MARKS_RE.search(text)
    if found:
        text = text[: found.start()].rstrip()
    return format_marks(text, machine=machine, fingerprint_of=fingerprint_of, lang=lang)


def mark(content_dir: Path, date: dt.date, target: str, accept: bool = False) -> list[Change]:
    """Record in every translated paragraph of the day's ``target`` files the fingerprint of
    the original it translates (and, with ``accept``, take machine drafts as reviewed)."""
    changes = []
    for original_path in day_articles(content_dir, date):
        path = original_path.with_name(original_path.name.replace(".ar.md", f".{target}.md"))
        if not path.exists():
            continue
        original = _load(original_path, date, "ar")
        version = _load(path, date, target)
        problem = _first_misalignment(original, version)
        if problem is not None:
            raise BuildErrors([problem])
        lines = path.read_text(encoding="utf-8").split("\n")
        stale = accepted = marked = 0
        for pair, (_, end) in zip(align(original, version), _spans(lines, version),
                                  strict=False):
            theirs = pair.translated
            if theirs is None or theirs.untranslated or theirs.kind != "paragraph":
                continue
            machine = theirs.machine and not accept
            accepted += theirs.machine and accept
            stale += pair.status == "stale"
            new = _remark(lines[end - 1], machine=machine, fingerprint_of=pair.original.text,
                          lang=original.lang)
            if new != lines[end - 1]:
                lines[end - 1] = new
                marked += 1
        if marked:
            write_file(path, "\n".join(lines))
            what = f"{marked} paragraph{'s' if marked != 1 else ''} marked"
            if stale:
                what += f" ({stale} whose original had changed: reviewed, now current)"
            if accepted:
                what += f", {accepted} machine draft{'s' if accepted != 1 else ''} accepted"
            changes.append(Change(path, what))
    return changes


def machine_drafts(config: Config, content_dir: Path, date: dt.date, target: str
                   ) -> list[Change]:
    """Fill every paragraph of the day not yet translated into ``target`` from the
    configured service, marked ``{machine ar=...}`` until an editor accepts it."""
    from .machine import MachineTranslator

    if config.translation is None:
        raise BriefingError(
            "no machine translation service is configured", config.source_path or
            config.root / "briefing.yaml", None,
            "add translation: with url: http://HOST:PORT/translate (a LibreTranslate server) "
            "to briefing.yaml, or translate by hand")
    translator = MachineTranslator(config.translation)
    changes = []
    for original_path in day_articles(content_dir, date):
        original = _load(original_path, date, "ar")
        path = original_path.with_name(original_path.name.replace(".ar.md", f".{target}.md"))
        version = _load(path, date, target) if path.exists() else None
        if version is not None and (problem := _first_misalignment(original, version)):
            raise BuildErrors([problem])
        lines = path.read_text(encoding="utf-8").split("\n") if version is not None else []
        pairs = align(original, version or original)
        spans = _spans(lines, version) if version is not None else []
        todo = [i for i, pair in enumerate(pairs)
                if version is None or pair.translated is None or pair.translated.untranslated]
        if not todo:
            continue
        texts = [pairs[i].original.text for i in todo]
        if version is None:
            texts.append(original.title)
        translated = translator.translate(texts, original.lang, target)
        new_text = dict(zip(todo, translated, strict=False))
        if version is None:
            head = _front_matter(original, translated[-1])
        else:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
            head = "\n".join(lines[: end + 1])
        body: list[str] = []
        for i, pair in enumerate(pairs):
            if i in new_text:
                text = escape_markdown(new_text[i])
                if pair.original.kind == "heading":
                    body.append(f"## {text} {{machine}}")
                else:
                    body.append(format_marks(text, machine=True,
                                             fingerprint_of=pair.original.text,
                                             lang=original.lang))
            else:
                start, stop = spans[i]
                body.extend(lines[start:stop])
            body.append("")
        write_file(path, head + "\n\n" + "\n".join(body))
        changes.append(Change(path, f"{len(todo)} block{'s' if len(todo) != 1 else ''} "
                                    "drafted by machine (marked {machine} until accepted)"))
    return changes


def _front_matter(original: ContentFile, title: str) -> str:
    meta: dict[str, object] = {"title": title, "date": original.date.isoformat()}
    source: dict[str, str] = {}
    if original.source.name:
        source["name"] = original.source.name
    if original.source.url:
        source["url"] = original.source.url
    if source:
        meta["source"] = source
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + dumped.replace(f"date: '{original.date.isoformat()}'",
                                    f"date: {original.date.isoformat()}").rstrip("\n") + "\n---"
