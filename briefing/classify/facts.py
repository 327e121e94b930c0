"""What the extract stage found in each paragraph, as classifier features (``q:``).

The extract stage (briefing/extract/) reads who is quoted, the figures a paragraph reports
and the sources it cites. Those say more than single cue words about what a paragraph is
for: a UN agency's official speaking, civilians counted among the dead, people displaced.
:func:`fact_features` turns an article's :class:`~briefing.extract.ArticleFacts` into one
feature dict per paragraph (paragraph numbers as the extract stage counts them, from 1).

The kind of a speaker is read with the lexicon (the words of the speaker phrase, e.g.
"المتحدث باسم مفوضية اللاجئين" is a UN body), so the two stages agree on what an actor is.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..extract.model import ArticleFacts
from ..model import Block
from ..text.words import scan
from .actors import ACTOR_CATEGORIES
from .lexicon import find

_ACTORS = frozenset(ACTOR_CATEGORIES)
#: Figure events that are harm, and those that are displacement.
_HARM = frozenset({"killed", "wounded", "missing"})
_MOVED = frozenset({"displaced", "evacuated"})


def _kind(phrase: str | None) -> str | None:
    """The actor category of a speaker or counted noun phrase, if the lexicon knows one."""
    if not phrase:
        return None
    categories = [h.category for h in find(scan(phrase).words)]
    for preferred in ("un_body", "aid_org", "monitor"):  # a title's employer comes later
        if preferred in categories:
            return preferred
    return next((c for c in categories if c in _ACTORS), None)


def _counted(phrase: str | None) -> set[str]:
    return {h.category for h in find(scan(phrase).words)} if phrase else set()


def fact_features(facts: ArticleFacts, blocks: Sequence[Block]) -> dict[int, dict[str, float]]:
    """``q:`` features by block index, for the ``blocks`` the facts were extracted from
    (their paragraph numbers, from 1, are the extract stage's ``block`` fields)."""
    index = [i for i, b in enumerate(blocks) if b.kind == "paragraph"]
    out: dict[int, dict[str, float]] = {}

    def add(number: int, name: str) -> None:
        if 1 <= number <= len(index):
            out.setdefault(index[number - 1], {})["q:" + name] = 1.0

    for quote in facts.quotes:
        kind = _kind(quote.speaker_ar)
        add(quote.block, f"said_{kind}" if kind else "said_unknown")
        if quote.statement:
            add(quote.block, "statement")
    for figure in facts.figures:
        if figure.kind != "people":
            continue
        counted = _counted(figure.what) | _counted(figure.detail_ar)
        if figure.event in _HARM or "casualty" in counted:
            if "civilian" in counted:
                add(figure.block, "harm_civilians")
            elif counted & {"combatant", "military_actor"}:
                add(figure.block, "harm_fighters")
            else:
                add(figure.block, "harm")
        elif figure.event in _MOVED or "displacement" in counted:
            add(figure.block, "displaced")
        elif figure.event == "detained":
            add(figure.block, "detained")
        else:
            add(figure.block, "people")
        source = _kind(figure.source_ar)
        if source:
            add(figure.block, f"figure_by_{source}")
    for cited in facts.sources:
        for number in cited.blocks:
            add(number, f"source_{cited.kind}")
    return out


def block_facts(blocks: Sequence[Block], lang: str, facts: ArticleFacts | None = None
                ) -> dict[int, dict[str, float]]:
    """:func:`fact_features` of an article's blocks as read (before noise is marked: the
    extract stage numbers their paragraphs); the facts are extracted (packaged gazetteer)
    unless given. Empty for a language the extract stage does not read."""
    if facts is None:
        from ..extract import extract_blocks

        facts = extract_blocks(blocks, lang)
    return fact_features(facts, blocks)
