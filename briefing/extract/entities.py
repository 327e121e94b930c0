"""Actors and sources of an article, and the probable names the gazetteer lacks.

Entities are counted from gazetteer mentions (headings included). Sources are the cited
media and monitors (gazetteer entries with ``source:``) and the statements quotations came
in ("بيان للكرملين", a joint statement). Unknown names come from speakers the gazetteer
could not name, quoted names it does not know, and the words after a title ("الجنرال ...").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .analysis import MAX_NAME_WORDS, MAX_QUOTED_NAME_WORDS, Analysis, boundary, name_like
from .gazetteer import Name
from .model import Entity, Quote, QuotedTerm, Source


@dataclass
class Tally:
    """Mentions gathered over an article, in order of first appearance."""

    mentions: dict[tuple[str, str], list[tuple[Name, int | None, str]]] = field(
        default_factory=dict)
    unknown: Counter[str] = field(default_factory=Counter)

    def add(self, a: Analysis, block: int | None) -> None:
        for m in a.entities:
            surface = a.text[a.starts[m.first]:a.ends[m.last]]
            key = (m.name.type, m.name.en)
            self.mentions.setdefault(key, []).append((m.name, block, surface))
        for name in _after_titles(a):
            self.unknown[name] += 1


def entities(tally: Tally) -> tuple[Entity, ...]:
    out = []
    for (type_, en), found in tally.mentions.items():
        name = found[0][0]
        blocks = tuple(dict.fromkeys(b for _, b, _ in found if b is not None))
        forms = tuple(dict.fromkeys(s for _, _, s in found))
        out.append(Entity(name.ar, en, type_, len(found), blocks, forms, name.source))
    out.sort(key=lambda e: -e.count)
    return tuple(out)


def sources(tally: Tally, quotes: list[Quote]) -> tuple[Source, ...]:
    out: dict[str, Source] = {}
    for found in tally.mentions.values():
        name = found[0][0]
        if name.source:
            blocks = tuple(dict.fromkeys(b for _, b, _ in found if b is not None))
            out[name.en] = Source(name.ar, name.en, name.source, blocks)
    for quote in quotes:
        if not quote.statement or quote.speaker_ar is None:
            continue
        if len(quote.speakers) > 1:
            ar = f"بيان مشترك: {quote.speaker_ar}"
            en = f"joint statement: {quote.speaker_en}"
        else:
            ar = f"بيان: {quote.speaker_ar}"
            en = f"{quote.speaker_en} statement" if quote.speaker_en else None
        key = en or ar
        previous = out.get(key)
        blocks = (*previous.blocks, quote.block) if previous else (quote.block,)
        out[key] = Source(ar, en, "statement", tuple(dict.fromkeys(blocks)))
    return tuple(out.values())


def unknown_from(tally: Tally, speakers: list[str], terms: list[QuotedTerm]) -> tuple[str, ...]:
    counts = Counter(tally.unknown)
    counts.update(speakers)
    counts.update(t.text for t in terms if t.kind == "name" and t.en is None
                  and len(t.text.split()) <= MAX_QUOTED_NAME_WORDS
                  and not any(mark in t.text for mark in "\"«»“”"))
    return tuple(name for name, _ in counts.most_common())


def _after_titles(a: Analysis) -> list[str]:
    """Words after a title that no gazetteer entry covers: "الجنرال X Y" -> "X Y"."""
    found = []
    for role in a.roles:
        if not role.title:
            continue
        j = role.last + 1
        if j < len(a.tokens) and a.tokens[j].text in "،,":
            j += 1
        words: list[int] = []
        while j < len(a.tokens) and len(words) < MAX_NAME_WORDS and not a.opaque[j] \
                and name_like(a, j, words):
            words.append(j)
            j += 1
        if words and boundary(a, j):
            found.append(a.surface(words[0], words[-1] + 1))
    return found
