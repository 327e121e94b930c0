"""Who acts in a paragraph: its frame, its subject and the names met earlier in the article.

Arabic news paragraphs open verb-first: "وقال المتحدث باسم الصليب الأحمر إن ..." (and said
the Red Cross spokesman that ...). :func:`read` finds the *frame* (the words before "إن",
a colon or a quotation) and the *lead*, the first actor named in it. A few rules make the
lead the body that really acts:

- a title takes the kind of body it belongs to ("رئيس لجنة التحقيق التابعة للأمم المتحدة"
  is the UN; "المندوب الأمريكي لدى المنظمة" is not);
- a news agency or "reports" only relay: the actor is the first one in what they report;
- a definite role noun ("وأضاف المسؤول") refers back to the actor already introduced;
- "وجاءت تصريحات X وسط مخاوف من هجوم" links to other news: the point is what follows
  the connector;
- a name met earlier beside an actor cue ("لافروف" after "وزير الخارجية") keeps that
  actor's kind (:func:`remember`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..text.normalize import word_set
from ..text.words import Token
from ..text.words import scan as scan_text
from .lexicon import Hit, candidates, continues_previous, find, opener

#: Categories that name who acts.
ACTOR_CATEGORIES = ("un_body", "aid_org", "monitor", "military_actor", "combatant",
                    "government", "state", "civilian")
_ACTORS = frozenset(ACTOR_CATEGORIES)
#: How far into a paragraph the acting subject is looked for.
LEAD_WORDS = 10
#: Words either side of an actor cue remembered as its name.
NAME_WINDOW = 3
#: A lead that refers back to the actor of the paragraphs before (resolved in features.py).
ANAPHOR = "anaphor"

#: Definite role nouns that refer back to someone already introduced ("وأضاف المسؤول").
_ROLES = word_set("مسؤول مسؤوله متحدث متحدثه ناطق ناطقه وزير وزيره مبعوث مندوب "
                   "سفير سفيره official spokesman spokeswoman minister envoy")
#: Titles whose holder acts for the body named right after them.
_TITLES = word_set("رئيس رئيسه مدير مديره مسؤول مسؤوله متحدث متحدثه ناطق ناطقه عضو ممثل "
                    "head director chief spokesman spokeswoman spokesperson official")
_EMPLOYERS = ("un_body", "aid_org", "monitor", "military_actor")
_TITLE_REACH = 6
#: "المندوب لدى المنظمة": an envoy *to* a body does not act for it.
_NOT_EMPLOYER = word_set("لدى to at")
#: Words that end the frame of reported speech ("قال X إن ...": the frame is "قال X").
_COMPLEMENTISERS = word_set("أن إن أنه إنه أنها إنها أنهم بأن بأنه لأن that")
_FRAME_BREAK = re.compile(r"[:«\"“]")
#: "جاء"/"يأتي" (came) and the connectors after which the news it links to follows.
_CAME = word_set("جاء جاءت يأتي تأتي ياتي تاتي came comes")
_CONNECTORS = word_set("وسط بعد غداة عقب إثر اثر بينما فيما قبل الذي amid after")
_LINK_REACH = 8


class Reading(NamedTuple):
    """One paragraph read for who acts: its words, cues, frame, lead and openers."""

    words: tuple[Token, ...]
    hits: tuple[Hit, ...]
    frame: frozenset[str]
    lead: str | None
    speaker: str | None
    opener: str | None
    continues: bool
    linked: bool
    start: int


def _frame_start(ws: Sequence[Token]) -> tuple[int, bool]:
    """Where the paragraph's own news begins, and whether it opens on a link to other news."""
    if not ws:
        return 0, False
    first = ws[0].lower
    if first not in _CAME and not (len(first) > 3 and first[0] in "وف" and first[1:] in _CAME):
        return 0, False
    for i in range(1, min(len(ws), _LINK_REACH)):
        if ws[i].key in _CONNECTORS or ws[i].lower in _CONNECTORS:
            return i + 1, True
    return 0, False


def _frame_end(ws: Sequence[Token], gaps: Sequence[str], start: int) -> int:
    """Index of the first word after the frame (the speaker and the verb)."""
    for i in range(start + 1, min(len(ws), start + LEAD_WORDS)):
        if ws[i].key in _COMPLEMENTISERS or ws[i].lower in _COMPLEMENTISERS:
            return i
        if gaps[i] != " " and _FRAME_BREAK.search(gaps[i]):
            return i
    return min(len(ws), start + LEAD_WORDS)


def _employer(hits: Sequence[Hit], title: Hit, ws: Sequence[Token],
              names: dict[str, str]) -> str | None:
    """The kind of body a title's holder acts for, when one follows closely."""
    if title.category != "government" or not (ws[title.position].key in _TITLES
                                              or title.cue.endswith("باسم")):
        return None
    for hit in hits:
        if hit.position <= title.position:
            continue
        if hit.position > title.position + _TITLE_REACH:
            break
        if {w.key for w in ws[title.position:hit.position]} & _NOT_EMPLOYER:
            return None
        if hit.category in _EMPLOYERS:
            return hit.category
    # A body named earlier ("المتحدثة باسم الاتحاد" after "اتحاد الإغاثة الطبية").
    span = len(title.surface.split())
    for w in ws[title.position + span:title.position + span + 2]:
        if w.key in _NOT_EMPLOYER:
            return None
        found = next((names[f] for f in candidates(w) if f in names), None)
        if found in _EMPLOYERS:
            return found
    return None


def _lead(hits: Sequence[Hit], ws: Sequence[Token], start: int, end: int, continues: bool,
          names: dict[str, str]) -> str | None:
    for hit in hits:
        if hit.position < start:
            continue
        if hit.position >= end:
            break
        if hit.category == "media" and hit.position < start + 3 and not continues:
            # "قالت وكالة الأنباء إن الجيش ...": the actor is in what the source reports.
            return next((h.category for h in hits
                         if h.position >= end and h.category in _ACTORS), None)
        if hit.category in _ACTORS:
            employer = _employer(hits, hit, ws, names)
            if employer:
                return employer
            if (hit.category == "government" and ws[hit.position].key in _ROLES
                    and hit.position < 3):
                return ANAPHOR
            return hit.category
    return None


def read(text: str, names: dict[str, str]) -> Reading:
    """Read one paragraph (or subheading), using the names remembered so far."""
    scanned = scan_text(text)
    ws = scanned.words
    hits = find(ws)
    start, linked = _frame_start(ws)
    end = _frame_end(ws, scanned.gaps, start)
    continues = continues_previous(ws, scanned.gaps)
    lead = _lead(hits, ws, start, end, continues, names)
    if lead is None and not linked:
        lead = next((names[form] for w in ws[:min(end, 4)] for form in candidates(w)
                     if form in names), None)
    frame = frozenset(h.category for h in hits if start <= h.position < end)
    speaker = lead if "speech" in frame else None
    return Reading(ws, tuple(hits), frame, lead, speaker, opener(ws), continues,
                   linked, start)


def remember(reading: Reading, names: dict[str, str]) -> None:
    """Take the words right beside each actor cue as that actor's name, for later mentions;
    the head of a multi-word body ("منظمة" of "منظمة حظر الأسلحة") stands for it too."""
    ws = reading.words
    cue_positions = {h.position for h in reading.hits}
    for hit in reading.hits:
        category = hit.category
        if category not in _ACTORS:
            continue
        at = hit.position
        span = len(hit.surface.split())
        if span > 1:
            for form in candidates(ws[at]):
                names[form] = category
        for i in range(max(0, at - NAME_WINDOW), min(len(ws), at + span + NAME_WINDOW)):
            if at <= i < at + span or i in cue_positions or not ws[i].nameable:
                continue
            for form in candidates(ws[i]):
                names[form] = category
