"""``briefing digest DATE``: the day's plan as data (stories and figure groups).

Paragraphs are named by the content file's slug and their number as in ``briefing check``;
``text`` is the paragraph as written in the content file.
"""

from __future__ import annotations

from typing import Any

from .model import DayPlan, Mention, ParagraphRef


def digest_json(plan: DayPlan) -> dict[str, Any]:
    def paragraph(ref: ParagraphRef) -> dict[str, Any]:
        p = plan.paragraphs[ref]
        return {"article": ref.slug, "paragraph": ref.number, "source": p.outlet,
                "published": p.published.isoformat() if p.published else None,
                "section": p.section, "text": p.text}

    def mention(m: Mention) -> dict[str, Any]:
        return {"article": m.ref.slug, "paragraph": m.ref.number, "value": m.value,
                "qualifier": m.figure.qualifier_en, "source": m.figure.source_en,
                "source_ar": m.figure.source_ar, "outlet": m.outlet,
                "text": plan.paragraphs[m.ref].text, "as_written": m.figure.text}

    stories = []
    for story in plan.stories:
        stories.append({
            "key": story.key, "section": story.section, "value": round(story.value, 3),
            "pinned": story.pinned, "outlets": list(story.outlets),
            "lead": {"article": story.lead.slug, "paragraph": story.lead.number},
            "paragraphs": [paragraph(r) for r in story.paragraphs]})
    figures = []
    for group in plan.figures:
        head = group.head.figure
        qualifiers = {m.figure.qualifier_en for m in group.mentions} - {None}
        figures.append({
            "key": group.key, "what": head.what_en or head.what, "kind": head.kind,
            "event": head.event, "value": group.head.value,
            "range": [group.low, group.high] if group.conflict else None,
            "qualifier": head.qualifier_en if len(qualifiers) <= 1 else sorted(qualifiers),
            "conflict": group.conflict, "background": group.background,
            "implausible": group.implausible,
            "mentions": [mention(m) for m in group.mentions]})
    return {"date": plan.date.isoformat(), "stories": stories, "figures": figures,
            "highlights": list(plan.highlights),
            "hidden": sorted(r.anchor for r in plan.hidden)}
