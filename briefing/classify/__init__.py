"""Block -> section: diplomacy, battlefield, humanitarian or UN, with a score and its evidence.

Public API: :func:`classify_blocks` (one article's blocks, in order) and
:func:`classify_article` (an Article, applying editor overrides, which always win).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..extract.model import ArticleFacts
from ..model import Article, Block, ClassifiedArticle, Decision
from .cues import decide
from .train import Weights


def classify_blocks(blocks: Sequence[Block], lang: str, facts: ArticleFacts | None = None,
                    weights: Weights | None = None) -> list[Decision]:
    """One decision per block, in order. Headings and noise get ``section=None``.

    ``facts`` are the extract stage's for these blocks (extracted here when not given);
    ``weights`` a model adapted to the desk (classify/adapt.py), else the shipped one."""
    return decide(blocks, lang, weights, facts)


def classify_article(article: Article, facts: ArticleFacts | None = None,
                     weights: Weights | None = None) -> ClassifiedArticle:
    """Classify the original version's paragraphs; editor overrides (either language) win.

    A paragraph taken for noise (a credit line, a "read also" list) gets ``kind="noise"`` and
    stays out of the briefing unless an editor gives it a section. ``facts`` are the
    extract stage's for the original (extracted here when not given).
    """
    original = article.original
    decisions = [d for d, b in zip(classify_blocks(original.blocks, original.lang, facts,
                                                   weights),
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
    return ClassifiedArticle(article=article, decisions=tuple(result), facts=facts)


__all__ = ["classify_article", "classify_blocks"]
