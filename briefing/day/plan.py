"""One day's classified articles -> its :class:`DayPlan`: stories, figure groups, highlights.

The plan is made per day from that day's articles only, then the editor's ``_day.yaml``
(if any) is applied: editor choices always win.
"""

from __future__ import annotations

import datetime as dt

from ..model import ClassifiedArticle
from .editor import DayChoices, apply_choices
from .figures import group_figures
from .model import DayPlan, Story
from .paragraphs import day_paragraphs
from .stories import make_stories

#: Highlights: the leads of the most newsworthy stories, at most one per section first.
HIGHLIGHTS = 4


def plan_day(date: dt.date, items: list[ClassifiedArticle],
             choices: DayChoices | None = None) -> DayPlan:
    paragraphs = day_paragraphs(items)
    stories = make_stories(paragraphs)
    figures = group_figures(paragraphs)
    plan = DayPlan(date=date, paragraphs=paragraphs, stories=stories, figures=figures,
                   highlights=pick_highlights(stories))
    return apply_choices(plan, choices) if choices is not None else plan


def pick_highlights(stories: tuple[Story, ...], count: int = HIGHLIGHTS) -> tuple[str, ...]:
    """The most newsworthy story of each section, then the next best, up to ``count``;
    stories told by one paragraph alone only when nothing better is there."""
    ranked = sorted(stories, key=lambda s: (-s.pinned, -s.value))
    chosen: list[str] = []
    seen: set[str] = set()
    for story in ranked:
        if story.section not in seen:
            seen.add(story.section)
            chosen.append(story.key)
    chosen.sort(key=lambda key: ranked.index(next(s for s in ranked if s.key == key)))
    extra = [s.key for s in ranked if s.key not in chosen]
    return tuple((chosen + extra)[:count])
