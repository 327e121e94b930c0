"""Classified articles of one day -> :class:`DayParagraph` records for the briefing layer.

Only paragraphs that reach the briefing (a section, not noise) are kept. What each one names,
quotes and counts comes from the extract stage (never re-derived here); its words come from
the shared Arabic text layer, folded and lightly stemmed, function words left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from ..model import ClassifiedArticle
from ..text.normalize import FUNCTION_WORDS, light_stem
from ..text.words import tokens
from .model import DayParagraph, ParagraphRef

_YEAR = re.compile(r"(?<![\d٠-٩])(?:19[5-9]\d|20[0-4]\d)(?![\d٠-٩])")
#: "منذ عام 2013", "منذ 2011", "(حصارها) من 2013": a start, not another period (a siege
#: since 2013 is today's). "من 2011 إلى 2015" is a period: its end is checked apart.
_SINCE = re.compile(r"(?:منذ|(?<!\w)من)\s+(?:(?:عام|العام|سنة)\s+)?$")
_UNTIL = re.compile(r"^\s*(?:إلى|الى|حتى|و|-)")
#: "ومقره لندن", "ومقرها في باريس": where a cited body sits, not a place of the news.
_BASED = re.compile(r"مقر(?:ه|ها|هم)?\s*(?:في\s+|ب)?$")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
#: Shortest stem kept as a content word ("قتل" is three letters).
MIN_WORD = 3
#: Reports whose events lie a week apart tell of different things: stages of a thread, and
#: other counts of things (the 8 missiles of one strike are not those of another).
WEEK_APART = 6


def content_words(text: str) -> frozenset[str]:
    """The paragraph's content words: folded, lightly stemmed, no function words or digits."""
    out = set()
    for token in tokens(text):
        if token in FUNCTION_WORDS or token.isdigit():
            continue
        stem = light_stem(token)
        if len(stem) >= MIN_WORD:
            out.add(stem)
    return frozenset(out)


def years_in(text: str) -> frozenset[int]:
    """Years the paragraph speaks of, not counting those things have lasted since."""
    text = text.translate(_ARABIC_DIGITS)
    return frozenset(int(m.group()) for m in _YEAR.finditer(text)
                     if not (_SINCE.search(text[max(0, m.start() - 12):m.start()])
                             and not _UNTIL.match(text[m.end():m.end() + 6])))


def only_as_base(forms: tuple[str, ...], text: str) -> bool:
    """Every mention of the place in ``text`` says where a cited body is based ("المرصد
    السوري، ومقره لندن"), none where something happened."""
    found = [m.start() for form in forms if form for m in re.finditer(re.escape(form), text)]
    return bool(found) and all(_BASED.search(text[max(0, i - 16):i]) for i in found)


def day_paragraphs(items: list[ClassifiedArticle]) -> dict[ParagraphRef, DayParagraph]:
    """Every briefing paragraph of the day's articles, keyed by reference, in slug order."""
    out: dict[ParagraphRef, DayParagraph] = {}
    for item in sorted(items, key=lambda i: i.article.slug):
        original = item.article.original
        facts = item.facts
        names: dict[int, set[str]] = defaultdict(set)
        places: dict[int, set[str]] = defaultdict(set)
        speakers: dict[int, set[str]] = defaultdict(set)
        quoted: dict[int, list[str]] = defaultdict(list)
        if facts is not None:
            for entity in facts.entities:
                if entity.source is not None:
                    continue  # a news agency or monitor cited, not an actor of the story
                for block in entity.blocks:
                    if (entity.type == "place" and 0 < block <= len(original.paragraphs)
                            and only_as_base((entity.ar, *entity.forms),
                                             original.paragraphs[block - 1].text)):
                        continue
                    names[block].add(entity.en)
                    if entity.type == "place":
                        places[block].add(entity.en)
            for quote in facts.quotes:
                quoted[quote.block].append(quote.text)
                speakers[quote.block].update(quote.speakers or (
                    (quote.speaker_en,) if quote.speaker_en else ()))
        position = 0
        for number, (block, decision) in enumerate(
                zip(original.paragraphs, item.decisions, strict=True), start=1):
            if decision.section is None:
                continue
            ref = ParagraphRef(item.article.slug, number)
            figures = tuple(f for f in facts.figures if f.block == number) if facts else ()
            out[ref] = DayParagraph(
                ref=ref, text=block.text, section=decision.section, score=decision.score,
                position=position, outlet=original.source.name or item.article.slug,
                published=original.published, words=content_words(block.text),
                names=frozenset(names[number]), places=frozenset(places[number]),
                speakers=frozenset(speakers[number]), figures=figures,
                years=years_in(block.text), quotes=tuple(quoted[number]),
                dates=event_dates(block.text, original.published))
            position += 1
    return out


_WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2,
             "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6}
_MONTHS = {"يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3,
           "أبريل": 4, "ابريل": 4, "إبريل": 4, "نيسان": 4, "مايو": 5, "أيار": 5, "يونيو": 6,
           "حزيران": 6, "يوليو": 7, "تموز": 7, "أغسطس": 8, "اغسطس": 8, "آب": 8,
           "سبتمبر": 9, "أيلول": 9, "أكتوبر": 10, "اكتوبر": 10, "تشرين الأول": 10,
           "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12, "كانون الأول": 12}
_ORDINALS = {"الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
             "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10}
_WEEKDAY_RE = re.compile(r"(?<![\w])(?:[وب]?(?:يوم|اليوم|مساء|صباح|فجر|ليل|ليلة)\s+)?[وب]?("
                         + "|".join(_WEEKDAYS) + r")(?![\w])")
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(r"(?<![\w\d])(\d{1,2}|" + "|".join(_ORDINALS) + r")\s+(?:من\s+)?("
                      + _MONTH_ALT + r")")


#: "منذ بدء التصعيد العسكري ... في 18 شباط": in the clause of a "since", a date starts the
#: period the paragraph speaks of; what it reports happened later.
_SINCE_CLAUSE = re.compile(r"(?:^|\W)منذ\W[^،,.؛:\n]{0,80}$")


def _starts_period(text: str, at: int) -> bool:
    return bool(_SINCE_CLAUSE.search(text[max(0, at - 90):at]))


def event_dates(text: str, published: dt.datetime | None) -> frozenset[dt.date]:
    """Days the paragraph says things happened on: weekdays ("الثلاثاء", "يوم الجمعة
    الماضي") resolved to the last such day up to the article's publication, and dates
    ("10 أبريل", "السابع من نيسان") in the publication's year, leaving out the start of a
    period ("منذ 18 شباط"). Empty when unknown."""
    if published is None:
        return frozenset()
    day = published.date()
    text = text.translate(_ARABIC_DIGITS)
    found: set[dt.date] = set()
    for match in _WEEKDAY_RE.finditer(text):
        if _starts_period(text, match.start()):
            continue
        back = (day.weekday() - _WEEKDAYS[match.group(1)]) % 7
        found.add(day - dt.timedelta(days=back))
    for match in _DATE_RE.finditer(text):
        if _starts_period(text, match.start()):
            continue
        number = match.group(1)
        value = int(number) if number.isdigit() else _ORDINALS[number]
        try:
            found.add(dt.date(day.year, _MONTHS[match.group(2)], value))
        except ValueError:
            continue
    return frozenset(found)


def event_days(paragraphs: list[DayParagraph]) -> list[frozenset[dt.date]]:
    """The days each paragraph's events happened on: its own dates, else the last ones its
    article named before it, else its publication day (empty when unknown)."""
    out: list[frozenset[dt.date]] = [frozenset()] * len(paragraphs)
    last: dict[str, frozenset[dt.date]] = {}
    for i in sorted(range(len(paragraphs)),
                    key=lambda i: (paragraphs[i].ref.slug, paragraphs[i].position)):
        p = paragraphs[i]
        if p.dates:
            last[p.ref.slug] = p.dates
        published = frozenset({p.published.date()}) if p.published else frozenset()
        out[i] = p.dates or last.get(p.ref.slug) or published
    return out
