"""Block -> section: diplomacy, battlefield, humanitarian or UN, with a score and its evidence.

Public API: :func:`classify_blocks` (one article's blocks, in order) and
:func:`classify_article` (an Article, applying editor overrides, which always win).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, Block, ClassifiedArticle, Decision
from .cues import decide


def classify_blocks(blocks: Sequence[Block], lang: str) -> list[Decision]:
    """One decision per block, in order. Headings and noise get ``section=None``."""
    return decide(blocks, lang)


def classify_article(article: Article) -> ClassifiedArticle:
    """Classify the original version's paragraphs; editor overrides (either language) win.

    A paragraph taken for noise (a credit line, a "read also" list) gets ``kind="noise"`` and
    stays out of the briefing unless an editor gives it a section.
    """
    original = article.original
    decisions = [d for d, b in zip(classify_blocks(original.blocks, original.lang),
                                   original.blocks, strict=True) if b.kind == "paragraph"]
    overrides: dict[int, str] = {}
    for version in article.versions.values():
        overrides.update(version.overrides)
    result = []
    for number, decision in enumerate(decisions, start=1):
        section = overrides.get(number)
        if section is not None:
            decision = Decision("paragraph", section, 1.0,
                                (f"editor override: {section}", *decision.evidence), True)
        result.append(decision)
    return ClassifiedArticle(article=article, decisions=tuple(result))


__all__ = ["classify_article", "classify_blocks"]
