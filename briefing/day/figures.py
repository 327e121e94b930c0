"""Figures of a day's articles -> one group per quantity, with every source and value.

A quantity is *what* is counted (the measure: people killed, civilians, missiles, euros),
*where* (the places named) and *when* (the years named, and the cause: a chemical attack and
an air raid on the same town are two tolls). Each figure's context is read from its own
paragraph; a paragraph that names no place or cause continues the one before it in the same
article ("the union said the toll could reach 180" follows "a chemical attack on Douma").

Two mentions are the same quantity when their measures agree and their contexts do not
contradict each other; counts of people may differ (one toll reported as 70, 75 and 180 is a
*conflict*, shown as a range), other counts must be equal (105 missiles and 57 missiles are
two quantities). A group is built complete-link: a mention joins a group only when it agrees
with every member, so a context-free mention cannot bridge two tolls.

A figure written "27500 ألف" (thousands of a number already in the thousands) is a typo an
editor must see: it keeps the value as written and is flagged, never multiplied out. A figure
in a paragraph that names another year than the article's is background, kept out of the
headline tiles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace

from ..extract.model import PEOPLE, Figure
from .model import DayParagraph, FigureGroup, Mention, ParagraphRef
from .paragraphs import WEEK_APART, content_words, event_days

#: Counted nouns that name the same measure (``Figure.what_en`` -> measure).
_MEASURES = {
    "people": "people", "dead": "people", "victims": "people", "citizens": "people",
    "residents": "people", "men": "people",
    "injured": "wounded", "wounded": "wounded",
    "militants": "fighters", "rebels": "fighters", "jihadists": "fighters",
    "'terrorists'": "fighters", "fighters": "fighters",
    "military personnel": "soldiers", "officers": "soldiers", "soldiers": "soldiers",
    "prisoners": "detainees", "detainees": "detainees",
}
#: What caused a toll: a chemical attack's toll is not the toll of the fighting around it.
#: (Air raids, shelling and clashes of one offensive are reported together, so they are one
#: cause here.)
_CAUSES = {
    "chemical": "كيميائي كيماوي كيميائية كيماوية الكيمياوية السارين الكلور اختناق الاختناق "
                "اختنقوا سامة",
    "fighting": "غارة غارات الغارات جوية الجوية الطيران طائرات قصف القصف قذائف قذيفة مدفعي "
                "صاروخي اشتباكات معارك المعارك مواجهات انفجار تفجير مفخخة انتحاري",
}
_CAUSE_WORDS = {cause: content_words(words) for cause, words in _CAUSES.items()}
#: Counts of people may differ this much and still be one disputed toll.
MAX_SPREAD = 5.0
#: "27500 ألف": digits that already count thousands, multiplied by a thousand again.
_THOUSANDS_OF_THOUSANDS = re.compile(r"(\d[\d,.٬]*)\s*(?:ألف|الف|آلاف)")
#: "وآلاف المدنيين", "عشرات القتلى": a vague amount, not a count (no tile, no group).
_VAGUE = re.compile(r"^[وب]?(?:آلاف|الآلاف|مئات|المئات|عشرات|العشرات|ملايين)\s")


@dataclass(frozen=True)
class _Context:
    places: frozenset[str]
    causes: frozenset[str]
    years: frozenset[int]
    #: The days the paragraph's events happened on (see ``event_days``).
    days: frozenset[dt.date] = frozenset()


def measure(figure: Figure) -> tuple[str, str]:
    """(kind, counted noun) as compared across outlets."""
    noun = figure.what_en or figure.what or ""
    if figure.kind == PEOPLE:
        if figure.event and noun.endswith(f" {figure.event}"):
            noun = noun[: -len(figure.event) - 1]  # "people killed": the event is compared apart
        noun = _MEASURES.get(noun, noun)
    return figure.kind, noun


def vague(figure: Figure) -> bool:
    """Written as "thousands" or "dozens" of something, with no number: not a quantity."""
    text = figure.text.strip()
    return bool(_VAGUE.match(text)) and not any(c.isdigit() for c in text.translate(_DIGITS))


def implausible(figure: Figure) -> int | None:
    """The value as written when the figure multiplies thousands by a thousand again."""
    match = _THOUSANDS_OF_THOUSANDS.search(figure.text.translate(_DIGITS))
    if match is None:
        return None
    digits = re.sub(r"[,.٬]", "", match.group(1))
    if not digits.isdigit() or int(digits) < 1000 or figure.value < 1_000_000:
        return None
    return int(digits)


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _contexts(paragraphs: dict[ParagraphRef, DayParagraph]) -> dict[ParagraphRef, _Context]:
    """Each paragraph's places (its own), cause (its own, else the previous paragraph's in
    the same article) and background years (years other than the article's)."""
    out: dict[ParagraphRef, _Context] = {}
    previous: dict[str, frozenset[str]] = {}
    days = dict(zip(paragraphs, event_days(list(paragraphs.values())), strict=True))
    for ref, paragraph in paragraphs.items():  # slug order, then paragraph order
        causes = frozenset(c for c, words in _CAUSE_WORDS.items() if words & paragraph.words)
        causes = causes or previous.get(ref.slug, frozenset())
        previous[ref.slug] = causes
        current = {paragraph.published.year} if paragraph.published else set()
        out[ref] = _Context(paragraph.places, causes, paragraph.years - current, days[ref])
    return out


#: Measures one toll may be reported in ("70 people killed", "70 civilians killed"; "200,000
#: people displaced", "200,000 civilians displaced").
_TOLLS = frozenset({"people", "civilians"})


def _same_measure(a: Figure, b: Figure) -> bool:
    (kind_a, noun_a), (kind_b, noun_b) = measure(a), measure(b)
    if kind_a != kind_b:
        return False
    if noun_a == noun_b:
        return True
    # "200,000 civilians fled" and "200,000 people fled" too: one event, counted in people.
    return (kind_a == PEOPLE and noun_a in _TOLLS and noun_b in _TOLLS
            and (({a.event, b.event} <= {"killed", None} and "killed" in {a.event, b.event})
                 or (a.event is not None and a.event == b.event)))


def _agree(a: Mention, b: Mention, ca: _Context, cb: _Context) -> bool:
    if not _same_measure(a.figure, b.figure):
        return False
    if a.figure.event and b.figure.event and a.figure.event != b.figure.event:
        return False
    if a.figure.kind != PEOPLE:
        # Counts of things (missiles, sites, votes): the same value of the same thing (the
        # places named beside them are who fired or where from, not what was counted), in
        # reports less than a week apart (8 missiles of an Israeli raid are not 8 of the
        # Western strikes six days later).
        return a.value == b.value and not (ca.days and cb.days and min(
            abs((x - y).days) for x in ca.days for y in cb.days) >= WEEK_APART)
    if ca.causes and cb.causes and not ca.causes & cb.causes:
        return False
    # Places alone are weak evidence ("a monitor based in London", "a union based in the US"):
    # different places part two tolls unless both name the same cause.
    if (ca.places and cb.places and not ca.places & cb.places
            and not ca.causes & cb.causes):
        return False
    if ca.years != cb.years:
        return False  # a toll of another year is another toll
    low, high = sorted((a.value, b.value))
    return high <= MAX_SPREAD * max(low, 1)


def group_figures(paragraphs: dict[ParagraphRef, DayParagraph]) -> tuple[FigureGroup, ...]:
    """Every figure of the day's paragraphs in one group per quantity, groups in the order
    of their first mention (articles by slug)."""
    contexts = _contexts(paragraphs)
    mentions: list[Mention] = []
    for ref, paragraph in paragraphs.items():
        for figure in paragraph.figures:
            if figure.kind == "duration":
                continue  # how long something lasted is not a quantity of the news
            if vague(figure):
                continue
            written = implausible(figure)
            if written is not None:
                figure = _as_written(figure, written)
            mentions.append(Mention(ref, figure, paragraph.outlet, paragraph.published))
    flagged = {(m.ref, m.figure.start) for m in mentions
               if m.figure.detail_en == _AS_WRITTEN[1]}
    groups: list[list[Mention]] = []
    for mention in mentions:
        context = contexts[mention.ref]
        if (mention.ref, mention.figure.start) in flagged:
            groups.append([mention])  # a value to check stands alone until an editor looks
            continue
        for members in groups:
            if (members[0].ref, members[0].figure.start) in flagged:
                continue
            if all(_agree(mention, m, context, contexts[m.ref]) for m in members):
                members.append(mention)
                break
        else:
            groups.append([mention])
    return tuple(_group(members, contexts, flagged) for members in groups)


#: The note an implausible figure carries (Arabic, English).
_AS_WRITTEN = ("القيمة كما كُتبت؛ راجع المصدر", "value as written; check the source")


def _as_written(figure: Figure, value: int) -> Figure:
    return replace(figure, value=value, detail_ar=_AS_WRITTEN[0], detail_en=_AS_WRITTEN[1])


def _group(members: list[Mention], contexts: dict[ParagraphRef, _Context],
           flagged: set[tuple[ParagraphRef, int]]) -> FigureGroup:
    values = {m.value for m in members}
    background = any(contexts[m.ref].years for m in members)
    first = members[0]
    key = hashlib.sha256(f"{first.ref.anchor}:{first.figure.start}:{first.value}".encode()
                         ).hexdigest()[:10]
    return FigureGroup(
        key=key, mentions=tuple(members), conflict=len(values) > 1, background=background,
        implausible=any((m.ref, m.figure.start) in flagged for m in members),
        people=first.figure.kind == PEOPLE)
