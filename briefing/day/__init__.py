"""The briefing layer: a day's articles from several outlets -> one briefing.

Paragraphs of different articles reporting one event become a *story* (a lead and the other
outlets' versions), mentions of one quantity become a *figure group* (every value and source,
conflicts shown), and the editor's ``_day.yaml`` pins, orders, merges, splits or hides
stories and picks the highlights. Modules: ``model`` (records), ``paragraphs`` (what each
paragraph says, from the extract stage), ``pairs`` (what two paragraphs share), ``learn``
(the story weights and their fit to annotated days), ``stories``, ``figures``, ``editor``
(``_day.yaml``), ``plan`` (the day put together), ``digest`` (``briefing digest``),
``evaluate`` (``briefing eval-day``).
"""

from __future__ import annotations

from .editor import DAY_FILE, DayChoices, load_choices
from .model import DayParagraph, DayPlan, FigureGroup, Mention, ParagraphRef, Story
from .plan import plan_day

__all__ = [
    "DAY_FILE",
    "DayChoices",
    "DayParagraph",
    "DayPlan",
    "FigureGroup",
    "Mention",
    "ParagraphRef",
    "Story",
    "load_choices",
    "plan_day",
]
