"""Plain records passed from stage to stage: content files, articles, classification decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .extract.model import ArticleFacts

#: The briefing's sections, in the fixed order every edition uses.
SECTIONS: tuple[str, ...] = ("diplomacy", "battlefield", "humanitarian", "un")

BlockKind = Literal["paragraph", "heading", "noise"]


@dataclass(frozen=True)
class Source:
    """Who published an article."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of an article body, in document order.

    ``text`` is the block's Markdown source without the ``##`` marker for headings.
    ``line`` is the 1-based line in the file where the block starts (for error messages).
    """

    kind: BlockKind
    text: str
    line: int
    #: Translation marks of a paragraph in a translation file (see translation.py): not yet
    #: translated (the original is shown), a machine draft not yet accepted, and the
    #: fingerprint of the original paragraph it was made from.
    untranslated: bool = False
    machine: bool = False
    fingerprint: str | None = None


@dataclass(frozen=True)
class ContentFile:
    """One language version of an article, as read from ``content/<date>/<slug>.<lang>.md``."""

    path: Path
    slug: str
    lang: str
    date: dt.date
    title: str
    source: Source
    blocks: tuple[Block, ...]
    #: Editor overrides: 1-based paragraph number -> section key.
    overrides: dict[int, str] = field(default_factory=dict)
    #: Line of each override in the front matter, for error messages.
    override_lines: dict[int, int] = field(default_factory=dict)
    #: Drafts are validated but left out of builds (``briefing serve --drafts`` shows them).
    draft: bool = False
    #: When the outlet first published the article (may precede the edition day); None when
    #: the front matter does not say.
    published: dt.datetime | None = None
    #: The writer, as the outlet names them (optional).
    author: str | None = None

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")


@dataclass(frozen=True)
class Article:
    """An article with all its language versions (``.ar.md``, ``.en.md``...)."""

    slug: str
    date: dt.date
    versions: dict[str, ContentFile]

    @property
    def original(self) -> ContentFile:
        """The version classification is based on: Arabic when present (the source language)."""
        return self.versions.get("ar") or next(iter(self.versions.values()))


@dataclass(frozen=True)
class Decision:
    """Why a block sits where it does.

    ``section`` is None for headings and noise. ``evidence`` lists the cues that fired, most
    important first; ``overridden`` is True when an editor chose the section by hand.
    """

    kind: BlockKind
    section: str | None
    score: float
    evidence: tuple[str, ...] = ()
    overridden: bool = False


@dataclass(frozen=True)
class ClassifiedArticle:
    """An article with one decision per paragraph of its original (paragraph order)."""

    article: Article
    decisions: tuple[Decision, ...]
    #: Quotations, figures and actors of the original (the extract stage fills it in).
    facts: ArticleFacts | None = None
    #: Digest of everything this article's data came from (its files, the code, the
    #: gazetteer), set by the build cache; None when unknown.
    source_digest: str | None = None
