"""What the classifier sees in each paragraph: words, lexicon cues and their context.

For one article's blocks, in order, :func:`observe` returns one :class:`Observation` per
paragraph (None for headings and noise). Feature names are prefixed by their family:

``w:``   light stems of the paragraph's Arabic words (learned vocabulary; "full" model only)
``c:``   lexicon categories in the paragraph's news (who acts, what happens), log-counted
``x:``   pairs of categories seen together ("casualty+civilian": civilian harm)
``s:``   categories in the frame, the words before "إن"/a quotation (speaker and verb)
``f:``   the acting subject (actors.py); ``sp:`` the same when it is the one speaking
``o:``   openers and manner: "ميدانياً"..., a "came amid" link, modality, quotation share
``h:``   categories of the subheading the paragraph sits under
``p:``   categories of the previous paragraph; ``pf:`` its acting subject
``k:``   a continuation ("وأضاف أن ...") and the actor it inherits
``d:``   the article as a whole: how its cues divide between sections; opinion pieces

Everything except ``w:`` is language-neutral (the lexicon has Arabic and English cues), so a
"portable" model over those families classifies English text too. :func:`priors` gives the
lexicon-derived features their starting weights (see linear.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import SECTIONS, Block
from .actors import ANAPHOR, Reading, read, remember
from .lexicon import CATEGORIES, CATEGORY_BY_NAME, Hit, find
from .normalize import FUNCTION_WORDS, is_arabic, normalise, word_set, words

#: Categories whose co-occurrence is a feature of its own.
CONJUNCTIONS = ("casualty", "civilian", "combatant", "military_actor", "military_action",
                "chemical", "aid", "displacement", "un_body", "diplomatic_action", "government",
                "state")
#: Weight of all word features together (each is WORD_WEIGHT / sqrt(number of words)), so a
#: long paragraph's vocabulary does not drown its lexicon cues.
WORD_WEIGHT = 0.5
#: Value of the previous paragraph's features: context counts, but less than the text.
PREVIOUS_WEIGHT = 0.5
#: Families that do not depend on the language's vocabulary.
PORTABLE_PREFIXES = ("c:", "x:", "s:", "f:", "sp:", "o:", "h:", "p:", "pf:", "k:", "d:", "bias")
#: Starting weights towards the section a cue usually points to, per family; the data moves
#: them. Context families start weaker than the paragraph's own cues.
PRIOR_STRENGTH = {"c": 0.5, "s": 0.5, "f": 0.5, "sp": 0.5, "o": 2.0, "h": 0.3, "k": 0.5,
                  "pf": 0.2, "p": 0.1}

_OPINION = re.compile(r"(?:نقلا عن|تمثل راي (?:كاتب|كتاب)|تعبر عن راي كاتب|مقال(?:ات)? راي|"
                      r"opinion|the views expressed)")
#: Particles of intention and condition ("لن", "سوف", "إذا"): a stance or a threat rather
#: than a reported event.
_MODAL = word_set("لن سوف إذا اذا حال will would if unless")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
_STOP = FUNCTION_WORDS


@dataclass(frozen=True)
class Observation:
    """One paragraph as the classifier sees it: feature values and the cues behind them."""

    features: dict[str, float]
    hits: tuple[Hit, ...]
    lead: str | None
    opener: str | None
    continues: bool
    heading: str | None


def quoted_share(text: str) -> float:
    """Share of the paragraph inside quotation marks: a statement rather than a report."""
    inside = sum(len(m.group()) for m in _QUOTED.finditer(text))
    return round(inside / max(len(text), 1), 2)


def is_opinion(blocks: Sequence[Block]) -> bool:
    """An opinion column: a reprint credit or a "views of the writer" disclaimer."""
    return any(_OPINION.search(normalise(b.text).lower()) for b in blocks
               if b.kind != "heading" and len(b.text) < 200)


def _document(readings: Sequence[Reading], blocks: Sequence[Block]) -> dict[str, float]:
    """Article-wide features: how the article's cues divide between the sections."""
    mass: Counter[str] = Counter()
    for r in readings:
        for hit in r.hits:
            section = CATEGORY_BY_NAME[hit.category].section
            if section:
                mass[section] += 1
    total = sum(mass.values()) or 1
    doc = {f"d:{section}": count / total for section, count in mass.items()}
    if is_opinion(blocks):
        doc["d:opinion"] = 1.0
    return doc


def _own_features(r: Reading, text: str) -> dict[str, float]:
    """Features from the paragraph's own text."""
    feats: dict[str, float] = {"bias": 1.0}
    stems = {"w:" + w.stem for w in r.words
             if is_arabic(w.key) and len(w.stem) >= 2 and w.key not in _STOP}
    for stem in stems:
        feats[stem] = WORD_WEIGHT / math.sqrt(len(stems))
    counts = Counter(h.category for h in r.news_hits)
    for cat, count in counts.items():
        feats["c:" + cat] = math.log2(1 + count)
    present = sorted(set(counts) & set(CONJUNCTIONS))
    for i, first in enumerate(present):
        for second in present[i + 1:]:
            feats[f"x:{first}+{second}"] = 1.0
    for cat in r.frame:
        feats["s:" + cat] = 1.0
    if r.lead:
        feats["f:" + r.lead] = 1.0
    if r.speaker:
        feats["sp:" + r.speaker] = 1.0
    if r.opener:
        feats["o:" + r.opener] = 1.0
    if r.linked:
        feats["o:linked"] = 1.0
    modal = sum(1 for w in r.words if w.key in _MODAL)
    if modal:
        feats["o:modal"] = math.log2(1 + modal)
    quoted = quoted_share(text)
    if quoted:
        feats["o:quoted"] = quoted
    return feats


def observe(blocks: Sequence[Block]) -> list[Observation | None]:
    """Observations for one article's blocks, in order (None for headings and noise)."""
    names: dict[str, str] = {}
    readings: list[Reading | None] = []
    for block in blocks:
        reading = read(block.text, names) if block.kind != "noise" else None
        if reading is not None:
            remember(reading, names)
        readings.append(reading if block.kind == "paragraph" else None)
    doc = _document([r for r in readings if r is not None], blocks)

    result: list[Observation | None] = []
    heading_cats: set[str] = set()
    heading: str | None = None
    previous: Reading | None = None
    inherited: str | None = None
    for block, r in zip(blocks, readings, strict=True):
        if block.kind == "heading":
            heading = block.text
            heading_cats = {h.category for h in find(words(block.text))}
            result.append(None)
            continue
        if r is None:
            result.append(None)
            continue
        if r.lead == ANAPHOR:
            resolved = inherited or (previous.lead if previous and previous.lead != ANAPHOR
                                     else None)
            r = replace(r, lead=resolved, speaker=resolved if r.speaker else None)
        feats = _own_features(r, block.text)
        for cat in heading_cats:
            feats["h:" + cat] = 1.0
        if previous is not None:
            for cat in {h.category for h in previous.hits}:
                feats["p:" + cat] = PREVIOUS_WEIGHT
            if previous.lead:
                feats["pf:" + previous.lead] = PREVIOUS_WEIGHT
            if r.continues:
                feats["k:continues"] = 1.0
                if r.lead is None and inherited:
                    feats["k:" + inherited] = 1.0
        feats.update(doc)
        result.append(Observation(feats, r.hits, r.lead, r.opener, r.continues, heading))
        inherited = r.lead or (inherited if r.continues else None)
        previous = r
    return result


def priors() -> dict[str, dict[str, float]]:
    """Prior weights for every lexicon-derived feature (see linear.train)."""
    out: dict[str, dict[str, float]] = {}
    for family, strength in PRIOR_STRENGTH.items():
        if family == "o":
            for section in SECTIONS:
                out[f"o:{section}"] = {section: strength}
            continue
        for cat in CATEGORIES:
            if cat.section:
                out[f"{family}:{cat.name}"] = {cat.section: strength}
    out["d:opinion"] = {"diplomacy": 1.0}
    return out


def portable(features: dict[str, float]) -> dict[str, float]:
    """Only the language-neutral feature families (for text in a language without a
    learned vocabulary, such as English)."""
    return {k: v for k, v in features.items() if k.startswith(PORTABLE_PREFIXES)}
