"""Translation state of each paragraph: the marks an editor (or a command) writes after it.

A translation file (``<slug>.en.md``) follows its original paragraph for paragraph. While the
desk is still translating it may

- stop early: the paragraphs (and subheadings) after the last one it has are not yet
  translated;
- hold a paragraph that is only the mark ``{untranslated}`` (or a subheading
  ``## {untranslated}``) where a paragraph is not translated yet, so the ones after it can be;
- end a paragraph with marks in braces: ``{machine}`` for a machine draft nobody has accepted,
  ``{ar=1a2b3c4d}`` for the fingerprint of the original paragraph it translates (written by
  ``briefing translate DATE --mark``). Several marks share the braces: ``{machine ar=1a2b3c4d}``.

Untranslated paragraphs are shown in the original language with a notice, machine drafts
with a notice until the mark is removed, and a paragraph whose original no longer matches
its fingerprint is flagged as needing review. This module parses the marks, computes
fingerprints and lists what an editor should hear about; it reads no files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import ContentError
from .model import Article, Block, ContentFile

UNTRANSLATED = "untranslated"
MACHINE = "machine"
_TOKEN = r"(?:untranslated|machine|[a-z]{2,3}=[0-9a-f]{6,16})"
#: The marks at the end of a paragraph: ``{token token ...}``.
MARKS_RE = re.compile(r"(?:^|\s)\{(" + _TOKEN + r"(?:\s+" + _TOKEN + r")*)\}\s*$")
#: Letters of the Arabic script (basic block and presentation forms).
ARABIC_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\ufb50-\ufdff\ufe70-\ufefc]+")

Status = Literal["original", "translated", "untranslated", "machine", "stale"]


@dataclass(frozen=True)
class Marks:
    untranslated: bool = False
    machine: bool = False
    fingerprint: str | None = None


def split_marks(text: str) -> tuple[str, Marks]:
    """``"Text. {machine ar=1a2b}"`` -> ``("Text.", Marks(machine=True, ...))``."""
    found = MARKS_RE.search(text)
    if found is None:
        return text, Marks()
    tokens = found.group(1).split()
    fingerprint = next((t.split("=", 1)[1] for t in tokens if "=" in t), None)
    return text[: found.start()].rstrip(), Marks(UNTRANSLATED in tokens, MACHINE in tokens,
                                                  fingerprint)


def marked_block(block: Block) -> Block:
    """The block with its marks parsed off its text."""
    text, marks = split_marks(block.text)
    if marks == Marks():
        return block
    return Block(block.kind, text, block.line, untranslated=marks.untranslated,
                 machine=marks.machine, fingerprint=marks.fingerprint)


def fingerprint(text: str) -> str:
    """Eight hex digits naming a paragraph's wording (spacing and Unicode form ignored)."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def format_marks(text: str, *, machine: bool = False, fingerprint_of: str | None = None,
                 lang: str = "ar") -> str:
    """A paragraph's text followed by its marks, as written in a translation file."""
    tokens = [MACHINE] if machine else []
    if fingerprint_of is not None:
        tokens.append(f"{lang}={fingerprint(fingerprint_of)}")
    return f"{text} {{{' '.join(tokens)}}}" if tokens else text


@dataclass(frozen=True)
class Aligned:
    """One block of the original and what a translation has in its place."""

    original: Block
    #: The translation's block, None when the translation stops before it.
    translated: Block | None
    status: Status


def align(original: ContentFile, version: ContentFile) -> list[Aligned]:
    """Pair every block of ``original`` with ``version``'s (assumes reader's alignment check
    passed: the translation's blocks are a prefix of the original's, kind for kind)."""
    pairs = []
    for i, block in enumerate(original.blocks):
        theirs = version.blocks[i] if i < len(version.blocks) else None
        if version is original:
            status: Status = "original"
        elif theirs is None or theirs.untranslated:
            status = "untranslated"
        elif theirs.fingerprint is not None and theirs.fingerprint != fingerprint(block.text):
            status = "stale"
        elif theirs.machine:
            status = "machine"
        else:
            status = "translated"
        pairs.append(Aligned(block, theirs, status))
    return pairs


@dataclass(frozen=True)
class TranslationReport:
    """What ``check``/``build`` tell the editor, and what ``--strict`` refuses."""

    warnings: tuple[str, ...]
    strict_errors: tuple[ContentError, ...]


def _where(path: Path, line: int) -> str:
    return f"{path}:{line}"


def review(articles: Iterable[Article], languages: tuple[str, ...]) -> TranslationReport:
    """Untranslated, stale and machine-drafted paragraphs, Arabic inside translations and
    articles without a source."""
    warnings: list[str] = []
    strict: list[ContentError] = []
    for article in articles:
        original = article.original
        for code in languages:
            if code not in article.versions:
                strict.append(ContentError(
                    f"no {code} translation ({article.slug}.{code}.md is missing)",
                    original.path, None, f"add {article.slug}.{code}.md beside it"))
        if not original.source.name:
            warnings.append(f"{_where(original.path, 1)}: no source (add source: name: and url: "
                            "to the front matter, so every paragraph names its outlet)")
        for version in article.versions.values():
            if version is original:
                continue
            counts = {"untranslated": 0, "stale": 0, "machine": 0}
            number = 0
            for pair in align(original, version):
                if pair.original.kind != "paragraph":
                    continue
                number += 1
                if pair.status in counts:
                    counts[pair.status] += 1
                theirs = pair.translated
                if pair.status == "untranslated":
                    if theirs is None:
                        strict.append(ContentError(
                            f"paragraph {number} has no {version.lang} translation yet "
                            f"({version.path.name} stops before it)", original.path,
                            pair.original.line, f"translate it in {version.path.name}"))
                    else:
                        strict.append(ContentError(
                            f"paragraph {number} is marked {{untranslated}}", version.path,
                            theirs.line, "translate it and remove the mark"))
                elif pair.status == "stale" and theirs is not None:
                    warnings.append(
                        f"{_where(version.path, theirs.line)}: paragraph {number} needs review: "
                        f"its original ({original.path.name}:{pair.original.line}) changed "
                        "since it was translated (update the translation, then run "
                        "briefing translate DATE --mark)")
                    strict.append(ContentError(
                        f"paragraph {number} needs review: its original changed", version.path,
                        theirs.line, "update it, then run briefing translate DATE --mark"))
                elif pair.status == "machine" and theirs is not None:
                    strict.append(ContentError(
                        f"paragraph {number} is a machine draft", version.path, theirs.line,
                        "review it and remove 'machine' from its mark"))
                if (theirs is not None and pair.status != "untranslated"
                        and version.lang != "ar" and ARABIC_WORD.search(theirs.text)):
                    words = len(ARABIC_WORD.findall(theirs.text))
                    warnings.append(
                        f"{_where(version.path, theirs.line)}: paragraph {number} has "
                        f"{words} Arabic word{'s' if words != 1 else ''} in a {version.lang} "
                        "translation (if it is not translated yet, replace it with "
                        "{untranslated}: the original is then shown right to left, in an "
                        "Arabic font, with a notice)")
            total = number
            done = [f"{n} of {total} paragraphs {label}" for label, n in (
                ("are not yet translated", counts["untranslated"]),
                ("need review", counts["stale"]),
                ("are machine drafts", counts["machine"])) if n]
            if done:
                warnings.append(f"{version.path}: {', '.join(done)} (shown with a notice)")
    return TranslationReport(tuple(warnings), tuple(strict))
