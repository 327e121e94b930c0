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
``q:``   what the extract stage found in the paragraph (facts.py): who is quoted (a UN
         official, an army, a minister, a monitor, an aid agency, a civilian), the figures
         it reports (civilians or fighters killed, people displaced) and the sources it cites

Everything except ``w:`` and ``q:`` is language-neutral (the lexicon has Arabic and English
cues), so a "portable" model over those families classifies English text too.
:func:`priors` gives the lexicon-derived features their starting weights (see linear.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from ..model import SECTIONS, Block
from ..text.normalize import normalise_block
from ..text.words import scan
from .actors import ANAPHOR, Reading, read, remember
from .lexicon import CATEGORIES, Hit, find

#: Categories whose co-occurrence is a feature of its own.
CONJUNCTIONS = ("casualty", "civilian", "combatant", "military_actor", "military_action",
                "chemical", "aid", "displacement", "un_body", "diplomatic_action", "government",
                "state")
_CONJUNCTIONS = frozenset(CONJUNCTIONS)
#: Weight of all word features together (each is WORD_WEIGHT / sqrt(number of words)), so a
#: long paragraph's vocabulary does not drown its lexicon cues.
WORD_WEIGHT = 2.0
#: Value of the previous paragraph's features: context counts, but less than the text.
PREVIOUS_WEIGHT = 0.5
#: Families that do not depend on the language's vocabulary.
#: (``q:`` is not: the extract stage reads Arabic only, so other languages never have it.)
PORTABLE_PREFIXES = ("c:", "x:", "s:", "f:", "sp:", "o:", "h:", "p:", "pf:", "k:", "d:", "bias")
#: Starting weights towards the section a cue usually points to, per family; the data moves
#: them. Context families start weaker than the paragraph's own cues.
PRIOR_STRENGTH = {"c": 0.5, "s": 0.5, "f": 0.5, "sp": 0.5, "o": 2.0, "h": 0.3, "k": 0.5,
                  "pf": 0.2, "p": 0.1}

_OPINION = re.compile(r"(?:نقلا عن|تمثل راي (?:كاتب|كتاب)|تعبر عن راي كاتب|مقال(?:ات)? راي|"
                      r"opinion|the views expressed)")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
#: The section each lexicon category points to (None for those that point nowhere).
_SECTION_OF = {c.name: c.section for c in CATEGORIES}


class Observation(NamedTuple):
    """One paragraph as the classifier sees it: feature values and the cues behind them."""

    features: dict[str, float]
    hits: tuple[Hit, ...]
    lead: str | None
    opener: str | None
    continues: bool
    heading: str | None


def quoted_share(text: str) -> float:
    """Share of the paragraph inside quotation marks: a statement rather than a report."""
    if "«" not in text and '"' not in text and "“" not in text:
        return 0.0
    inside = sum(len(m.group()) for m in _QUOTED.finditer(text))
    return round(inside / max(len(text), 1), 2)


def is_opinion(blocks: Sequence[Block]) -> bool:
    """An opinion column: a reprint credit or a "views of the writer" disclaimer."""
    return any(_OPINION.search(normalise_block(b.text).lower()) for b in blocks
               if b.kind != "heading" and len(b.text) < 200)


def _document(readings: Sequence[Reading], blocks: Sequence[Block]) -> dict[str, float]:
    """Article-wide features: how the article's cues divide between the sections."""
    mass: dict[str, int] = {}
    for r in readings:
        for hit in r.hits:
            section = _SECTION_OF[hit.category]
            if section:
                mass[section] = mass.get(section, 0) + 1
    total = sum(mass.values()) or 1
    doc = {f"d:{section}": count / total for section, count in mass.items()}
    if is_opinion(blocks):
        doc["d:opinion"] = 1.0
    return doc


def _own_features(r: Reading, text: str) -> dict[str, float]:
    """Features from the paragraph's own text."""
    feats: dict[str, float] = {"bias": 1.0}
    stems = {w.feature for w in r.words if w.feature is not None}
    if stems:
        feats.update(dict.fromkeys(stems, WORD_WEIGHT / math.sqrt(len(stems))))
    counts: dict[str, int] = {}
    start = r.start
    for h in r.hits:
        if h.position >= start:
            counts[h.category] = counts.get(h.category, 0) + 1
    for cat, count in counts.items():
        feats[_NAMES["c"][cat]] = math.log2(1 + count)
    if len(counts) > 1:
        feats.update(dict.fromkeys(_pairs(frozenset(counts)), 1.0))
    for cat in r.frame:
        feats[_NAMES["s"][cat]] = 1.0
    if r.lead:
        feats[_NAMES["f"][r.lead]] = 1.0
    if r.speaker:
        feats[_NAMES["sp"][r.speaker]] = 1.0
    if r.opener:
        feats["o:" + r.opener] = 1.0
    if r.linked:
        feats["o:linked"] = 1.0
    modal = sum(w.modal for w in r.words)
    if modal:
        feats["o:modal"] = math.log2(1 + modal)
    quoted = quoted_share(text)
    if quoted:
        feats["o:quoted"] = quoted
    return feats


class _Names(dict[str, str]):
    """``family:name`` feature names, made once per family and category."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.prefix = family + ":"

    def __missing__(self, name: str) -> str:
        self[name] = full = self.prefix + name
        return full


_NAMES = {family: _Names(family) for family in ("c", "s", "f", "sp", "h", "p", "pf")}


@lru_cache(maxsize=1024)
def _pairs(categories: frozenset[str]) -> tuple[str, ...]:
    """``x:`` features for the pairs of CONJUNCTIONS among a paragraph's categories."""
    present = sorted(_CONJUNCTIONS.intersection(categories))
    return tuple(f"x:{first}+{second}" for i, first in enumerate(present)
                 for second in present[i + 1:])


def observe(blocks: Sequence[Block], facts: Mapping[int, Mapping[str, float]] | None = None
            ) -> list[Observation | None]:
    """Observations for one article's blocks, in order (None for headings and noise).

    ``facts`` gives, by block index, the ``q:`` features of what the extract stage found in
    the paragraph (see facts.py).
    """
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
    for index, (block, r) in enumerate(zip(blocks, readings, strict=True)):
        if block.kind == "heading":
            heading = block.text
            heading_cats = {h.category for h in find(scan(block.text).words)}
            result.append(None)
            continue
        if r is None:
            result.append(None)
            continue
        if r.lead == ANAPHOR:
            resolved = inherited or (previous.lead if previous and previous.lead != ANAPHOR
                                     else None)
            r = r._replace(lead=resolved, speaker=resolved if r.speaker else None)
        feats = _own_features(r, block.text)
        if facts and index in facts:
            feats.update(facts[index])
        for cat in heading_cats:
            feats[_NAMES["h"][cat]] = 1.0
        if previous is not None:
            for cat in {h.category for h in previous.hits}:
                feats[_NAMES["p"][cat]] = PREVIOUS_WEIGHT
            if previous.lead:
                feats[_NAMES["pf"][previous.lead]] = PREVIOUS_WEIGHT
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


#: Feature names met so far and whether they are portable (cleared at the bound).
_PORTABLE: dict[str, bool] = {}


def portable(features: dict[str, float]) -> dict[str, float]:
    """Only the language-neutral feature families (for text in a language without a
    learned vocabulary, such as English)."""
    known = _PORTABLE
    if len(known) > 1 << 16:
        known.clear()
    out = {}
    for name, value in features.items():
        keep = known.get(name)
        if keep is None:
            keep = known[name] = name.startswith(PORTABLE_PREFIXES)
        if keep:
            out[name] = value
    return out
