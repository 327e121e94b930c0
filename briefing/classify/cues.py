"""First classifier: weighted lexical cues for each section, with article context.

Cues are written in normalised, clitic-stripped form (see normalize.py) and match a token
when the token starts with the cue stem, so "قصف" matches "قصفت" and "القصف". A multi-word
cue matches consecutive tokens. Context: a subheading's cues carry over to the paragraphs
under it, and a continuation opener ("وتابع", "وأضاف") leans towards the previous section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import SECTIONS, Block, Decision
from .normalize import normalise, tokens

Cue = tuple[tuple[str, ...], float]


def _cues(spec: str) -> list[Cue]:
    """Parse 'stem stem:weight, stem:weight' into cues (default weight 1)."""
    result: list[Cue] = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        text, _, weight = item.partition(":")
        result.append((tuple(tokens(text)), float(weight or 1)))
    return result


CUES: dict[str, list[Cue]] = {
    "un": _cues("""
        امم متحده:4, اممي:3, مجلس امن:4, غوتيريش:4, غوتيريس:4, دي ميستورا:4, مبعوث:1.5,
        مفوضيه:2, مفوض:1.5, يونيسف:2, اوتشا:3, منسق:1, قرار:1, جلسه:1.5, تصويت:2, فيتو:3,
        مشروع قرار:3, اعضاء مجلس:2, نيويورك:1, جنيف:1, منظمه حظر:3, مفتشين:2,
        united nations:4, security council:4, un:3, guterres:4, de mistura:4, envoy:1.5,
        resolution:2, veto:3, unhcr:3, ocha:3, unicef:2, general assembly:3, opcw:3"""),
    "humanitarian": _cues("""
        مدني:2.5, مدنيين:2.5, نزوح:3, نازح:3, نزح:3, لاجي:3, مساعدات:3, انساني:2.5, اغاثه:3,
        جرحي:1.5, مستشفي:2.5, اطفال:2, نساء:1.5, حصار:2, محاصر:2, ممر:2, غذاء:2.5,
        دواء:2, معتقل:2.5, مختفين:2.5, اخلاء:2, مغادره:1.5, سكان:1.5, مخيم:2.5, قافله:2.5,
        صليب احمر:3, هلال احمر:3, منظمه صحه:2, ضحايا:1, اختناق:2, كيميائي:1, عوده:1,
        اعمار:1.5, ماوي:2, جوع:2.5,
        civilian:2.5, civilians:2.5, displaced:3, refugees:3, refugee:3, aid:3, humanitarian:2.5,
        hospital:2.5, children:2, detainees:2.5, evacuat:2, corridor:2, shelter:2, food:2"""),
    "battlefield": _cues("""
        قصف:2.5, غارات:3, غاره:3, هجوم:1.5, معارك:2.5, معركه:2, اشتباك:2.5, اشتباكات:2.5,
        قوات:1.5, جيش:2, مسلح:1.5, مسلحين:1.5, مقاتل:2, فصائل:1.5, سيطره:2, سيطرت:2,
        تقدم:1.5, صاروخ:2.5, صواريخ:2.5, طائرات:2, مواقع:1.5, ميدانيا:4, قتلي:1.5,
        مقتل:1.5, ضربات:2.5, ضربه:2, محاور:2.5, جبهه:2, انسحاب:1, عسكري:1.5, عسكريه:1.5,
        دبابات:2.5, مدفعيه:3, تنظيم دوله:2, متشددين:1.5, هجمات:2, استهداف:1.5, استهدفت:2,
        قاعده:1.5, اسقاط:2.5, جنرال:2, قائد:1, تفجير:2, انتحاري:2, مرصد سوري:1.5,
        strike:2.5, strikes:2.5, shelling:3, offensive:2, army:2, fighters:2, troops:2,
        advance:1.5, killed:1.5, airstrike:3, airstrikes:3, front:1.5, militants:1.5,
        rebels:1.5, missile:2.5, missiles:2.5, military:1.5, general:1"""),
    "diplomacy": _cues("""
        اتصال:2, هاتفي:2.5, وزير خارجيه:3, خارجيه:2, رئيس:1, محادثات:3, مفاوضات:3,
        اتفاق:1.5, بيان:1, حوار:2.5, حل سياسي:3, سياسي:1.5, دعم:1, موقف:2, مواقف:2, قمه:3,
        لقاء:2, زياره:2, نظير:2.5, سفير:2.5, عقوبات:3, تسويه:2.5, علاقات:2, رئاسه:1.5,
        كرملين:2.5, بيت ابيض:2.5, تصريحات:1.5, مؤتمر صحافي:2, استانا:2.5, سوتشي:2.5,
        مبادره:2, وساطه:2.5, دبلوماسي:2.5, حكومه:1, انتخابات:2, اعمار:0.5,
        talks:3, minister:2, president:1, call:1.5, agreement:1.5, statement:1, dialogue:2.5,
        political:1.5, summit:3, counterpart:2.5, sanctions:3, kremlin:2.5, astana:2.5,
        diplomatic:2.5, ambassador:2.5, negotiations:3"""),
}

#: Openers that set the scene: "On the ground, ..." is battlefield whatever follows.
OPENERS: dict[str, tuple[str, ...]] = {
    "battlefield": ("ميدانيا", "عسكريا", "on the ground", "militarily"),
    "humanitarian": ("انسانيا", "on the humanitarian front"),
    "diplomacy": ("دبلوماسيا", "سياسيا", "diplomatically", "politically"),
}
#: Openers that continue the previous paragraph's speaker or topic.
CONTINUATIONS = ("تابع", "اضاف", "استطرد", "he added", "she added", "he continued",
                 "she continued")

#: Blocks that are not article text: credits, "read also" lists, separators, captions.
_NOISE_RE = re.compile(
    r"^(?:[\W_]+|اقرا ايضا.*|شاهد.*|للمزيد.*|المصدر.*|\*?\s*نقلا عن.*|.{0,40}/\s*ا ف ب.*|"
    r"(?:فرانس|france) ?24.{0,30}|.*(?:حقوق النشر|جميع الحقوق).*|read (?:also|more).*|"
    r"(?:image|photo) (?:copyright|caption).*|مصدر الصوره.*|تعليق على الصوره.*)$",
    re.IGNORECASE)

HEADING_CARRY = 0.6
CONTINUATION_CARRY = 2.0
PREVIOUS_CARRY = 0.5


def is_noise(text: str) -> bool:
    """Credits, separators, link lists and captions: kept out of the briefing."""
    folded = normalise(text).strip()
    return bool(_NOISE_RE.match(folded)) or not any(ch.isalpha() for ch in folded)


def cue_scores(text: str) -> tuple[dict[str, float], list[str]]:
    """Section scores from the cues in ``text``, and the cues that fired (for evidence)."""
    toks = tokens(text)
    scores = dict.fromkeys(SECTIONS, 0.0)
    fired: list[tuple[float, str]] = []
    for section, cues in CUES.items():
        for stems, weight in cues:
            n = len(stems)
            if not n:
                continue
            hits = sum(
                1 for i in range(len(toks) - n + 1)
                if all(toks[i + k].startswith(stems[k]) for k in range(n))
            )
            if hits:
                gain = weight * (1 + 0.3 * (hits - 1))
                scores[section] += gain
                fired.append((gain, f"{' '.join(stems)} → {section}"))
    folded = normalise(text).strip().lower()
    for section, openers in OPENERS.items():
        if folded.startswith(openers):
            scores[section] += 5
            fired.append((5, f"opener → {section}"))
    fired.sort(reverse=True)
    return scores, [label for _, label in fired]


def decide(blocks: Sequence[Block], lang: str) -> list[Decision]:
    """Classify each block of one article in order, using its subheading and neighbours."""
    decisions: list[Decision] = []
    heading_scores: dict[str, float] = {}
    heading_text = ""
    previous: str | None = None
    for block in blocks:
        if block.kind == "heading":
            heading_scores, _ = cue_scores(block.text)
            heading_text = block.text
            decisions.append(Decision("heading", None, 1.0, ()))
            continue
        if block.kind == "noise" or is_noise(block.text):
            decisions.append(Decision("noise", None, 1.0, ("looks like a credit or separator",)))
            continue
        scores, evidence = cue_scores(block.text)
        for section, value in heading_scores.items():
            if value:
                scores[section] += HEADING_CARRY * value
        if heading_scores and any(heading_scores.values()):
            top = max(heading_scores, key=heading_scores.__getitem__)
            evidence.append(f"subheading «{heading_text}» → {top}")
        folded = normalise(block.text).strip().lower()
        if previous is not None:
            opener = folded.split(" ", 1)[0].lstrip("وف") if folded else ""
            carry = CONTINUATION_CARRY if (
                folded.startswith(CONTINUATIONS) or opener in CONTINUATIONS
            ) else PREVIOUS_CARRY
            scores[previous] += carry
            if carry == CONTINUATION_CARRY:
                evidence.append(f"continues previous paragraph → {previous}")
        total = sum(scores.values())
        best = max(SECTIONS, key=lambda s: (scores[s], -SECTIONS.index(s)))
        score = scores[best] / total if total else 0.0
        if total == 0:
            evidence = ["no cue fired; default section"]
        decisions.append(Decision("paragraph", best, round(score, 3), tuple(evidence[:6])))
        previous = best
    return decisions
