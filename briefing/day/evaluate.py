"""``briefing eval-day``: a day's digest against stories and figure groups annotated by hand.

The gold files (``stories.json``, ``figures.json``, see ``corpus/days/*/README.md``) name
blocks of the raw corpus articles (``file``, blank-line block ``i`` from 0); the digest names
paragraphs of content files. Each digest paragraph is matched to the raw block with the
closest text (import re-joins cut paragraphs and escapes Markdown, so equality is too strict).

Scores are pairwise: two blocks are a pair when they sit in the same story (two mentions when
they sit in the same figure group); precision is the share of the digest's pairs that the
gold has, recall the share of the gold's pairs that the digest has. A mention is a block and
its value. Pairs among items the gold does not list at all still count against precision.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

Item = tuple[str, int]  # (corpus file, block index)
MentionItem = tuple[str, int, int]  # (corpus file, block index, value)
#: A digest paragraph is the raw block it matches at least this well (0-100).
MATCH_SCORE = 80.0
_SPACE = re.compile(r"\s+")
_ESCAPE = re.compile(r"\\([\\`*_\[\]#>+-])")


@dataclass(frozen=True)
class PairScore:
    precision: float
    recall: float
    predicted_pairs: int
    gold_pairs: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_json(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "predicted_pairs": self.predicted_pairs,
                "gold_pairs": self.gold_pairs}


def pairs(groups: list[list[Any]]) -> set[frozenset[Any]]:
    out: set[frozenset[Any]] = set()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            out.add(frozenset((a, b)))
    return out


def pair_score(predicted: list[list[Any]], gold: list[list[Any]]) -> PairScore:
    ours, theirs = pairs(predicted), pairs(gold)
    hits = len(ours & theirs)
    return PairScore(hits / len(ours) if ours else 0.0, hits / len(theirs) if theirs else 0.0,
                     len(ours), len(theirs))


def raw_blocks(path: Path) -> list[str]:
    """The annotation's blocks: exactly the split its README names (rawtext's own split also
    takes lines of bidi marks for blank, which would shift the indices)."""
    return re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())


def _plain(text: str) -> str:
    return _SPACE.sub(" ", _ESCAPE.sub(r"\1", text)).strip()


class BlockMatcher:
    """Digest paragraph text -> the corpus block it comes from."""

    def __init__(self, articles_dir: Path, files: set[str]) -> None:
        self.items: list[Item] = []
        self.texts: list[str] = []
        for name in sorted(files):
            for i, text in enumerate(raw_blocks(articles_dir / name)):
                self.items.append((name, i))
                self.texts.append(_plain(text))

    def match(self, text: str) -> Item | None:
        found = process.extractOne(_plain(text), self.texts, scorer=fuzz.ratio,
                                   score_cutoff=MATCH_SCORE)
        return self.items[found[2]] if found else None


@dataclass(frozen=True)
class DayScore:
    stories: PairScore
    figures: PairScore
    unmatched: int

    def to_json(self) -> dict[str, Any]:
        return {"stories": self.stories.to_json(), "figures": self.figures.to_json(),
                "unmatched_paragraphs": self.unmatched}


def evaluate_day(digest: dict[str, Any], gold_dir: Path, articles_dir: Path) -> DayScore:
    gold_stories = json.loads((gold_dir / "stories.json").read_text(encoding="utf-8"))
    gold_figures = json.loads((gold_dir / "figures.json").read_text(encoding="utf-8"))
    files = {b["file"] for s in gold_stories["stories"] for b in s["blocks"]}
    files |= {m["file"] for g in gold_figures["groups"] for m in g["mentions"]}
    matcher = BlockMatcher(articles_dir, files)
    memo: dict[str, Item | None] = {}
    unmatched = 0

    def item(text: str) -> Item | None:
        nonlocal unmatched
        if text not in memo:
            memo[text] = matcher.match(text)
            unmatched += memo[text] is None
        return memo[text]

    story_groups = []
    for story in digest["stories"]:
        found = [x for p in story["paragraphs"] if (x := item(p["text"])) is not None]
        story_groups.append(found)
    figure_groups = []
    for group in digest["figures"]:
        mentions = []
        for m in group["mentions"]:
            found = item(m["text"])
            if found is not None:
                mentions.append((found[0], found[1], int(m["value"])))
        figure_groups.append(mentions)
    gold_story_groups = [[(b["file"], b["i"]) for b in s["blocks"]]
                         for s in gold_stories["stories"]]
    gold_figure_groups = [[(m["file"], m["i"], int(m["value"])) for m in g["mentions"]]
                          for g in gold_figures["groups"]]
    return DayScore(pair_score(story_groups, gold_story_groups),
                    pair_score(figure_groups, gold_figure_groups), unmatched)
