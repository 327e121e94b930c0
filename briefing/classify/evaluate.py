"""``briefing eval-classify``: how well the classifier does on labelled articles.

The method learns from the labels, so each article is classified by a model trained on the
*other* articles only (leave-one-article-out), vocabulary included; the shipped weights
never see the article they are tested on. A prediction is right when it is among the
block's accepted labels (two when the annotators differed). Precision and recall count a
right prediction as its own label and a wrong one against the block's first label.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import ContentError
from ..model import SECTIONS
from .corpus import PROJECT_SEEDS, load_labelled
from .cues import decide_observed
from .linear import TrainingOptions
from .train import Observed, fit_observed, observe_article

LABELS: tuple[str, ...] = (*SECTIONS, "heading", "noise")
METHOD = "leave-one-article-out"


@dataclass(frozen=True)
class Outcome:
    """One block: its accepted labels and what the classifier said."""

    article: str
    index: int
    labels: tuple[str, ...]
    predicted: str

    @property
    def correct(self) -> bool:
        return self.predicted in self.labels

    @property
    def gold(self) -> str:
        """The label the block counts as: the prediction when right, else the first label."""
        return self.predicted if self.correct else self.labels[0]


@dataclass(frozen=True)
class Report:
    """Accuracy, per-label precision and recall, the confusion matrix and per-article counts."""

    method: str
    outcomes: tuple[Outcome, ...]

    @property
    def correct(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def accuracy(self) -> float:
        return self.correct / len(self.outcomes) if self.outcomes else 0.0

    @property
    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((o.gold, o.predicted) for o in self.outcomes)

    def precision_recall(self, label: str) -> tuple[float, float, int]:
        confusion = self.confusion
        true = confusion[(label, label)]
        predicted = sum(n for (_, p), n in confusion.items() if p == label)
        support = sum(n for (g, _), n in confusion.items() if g == label)
        return (true / predicted if predicted else 0.0, true / support if support else 0.0,
                support)

    def per_article(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            right, total = out.get(o.article, (0, 0))
            out[o.article] = (right + o.correct, total + 1)
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "articles": len(self.per_article()),
            "blocks": len(self.outcomes),
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "labels": {label: dict(zip(("precision", "recall", "support"),
                                       (round(v, 4) if isinstance(v, float) else v
                                        for v in self.precision_recall(label)), strict=True))
                       for label in LABELS},
            "confusion": {g: {p: self.confusion[(g, p)] for p in LABELS} for g in LABELS},
            "per_article": {name: {"correct": r, "blocks": t}
                            for name, (r, t) in self.per_article().items()},
        }


def leave_one_article_out(observed: Sequence[Observed],
                          options: TrainingOptions | None = None) -> Report:
    """Classify each article with weights trained on all the others."""
    outcomes: list[Outcome] = []
    for held_out in observed:
        weights = fit_observed([a for a in observed if a is not held_out], options,
                               with_portable=False)
        decisions = decide_observed(held_out.blocks, held_out.observations, "ar", weights)
        for i, (decision, labels) in enumerate(zip(decisions, held_out.labels, strict=True)):
            outcomes.append(Outcome(held_out.name, i, labels,
                                    decision.section or decision.kind))
    return Report(METHOD, tuple(outcomes))


def evaluate(labels_dir: Path, articles_dir: Path, seeds_dir: Path = PROJECT_SEEDS) -> Report:
    """Load the labelled corpus and run the leave-one-article-out evaluation."""
    if not labels_dir.is_dir():
        raise ContentError("labels folder not found", labels_dir, None,
                           "pass the folder holding the *.labels.json files")
    articles = load_labelled(labels_dir, articles_dir, seeds_dir)
    if len(articles) < 2:
        raise ContentError("at least two labelled articles are needed", labels_dir, None,
                           "leave-one-article-out trains on the others")
    return leave_one_article_out([observe_article(a) for a in articles])


def print_table(report: Report, out: TextIO) -> None:
    per_article = report.per_article()
    n = len(per_article)
    print(f"{report.method} evaluation: {n} labelled articles, {len(report.outcomes)} blocks "
          f"(each article classified by a model trained on the other {n - 1})", file=out)
    print(f"accuracy {report.accuracy:.3f} ({report.correct}/{len(report.outcomes)})\n",
          file=out)
    print(f"{'label':<14}{'precision':>10}{'recall':>8}{'support':>9}", file=out)
    for label in LABELS:
        precision, recall, support = report.precision_recall(label)
        print(f"{label:<14}{precision:>10.3f}{recall:>8.3f}{support:>9d}", file=out)
    print("\nconfusion matrix (rows: label, columns: prediction)", file=out)
    print(" " * 14 + "".join(f"{label[:6]:>8}" for label in LABELS), file=out)
    confusion = report.confusion
    for gold in LABELS:
        print(f"{gold:<14}" + "".join(f"{confusion[(gold, p)]:>8d}" for p in LABELS),
              file=out)
    print("\nper article", file=out)
    for name, (right, total) in per_article.items():
        print(f"  {name:<50}{right:>4}/{total:<4}", file=out)


def run_evaluation(labels_dir: Path, articles_dir: Path, fmt: str) -> int:
    """The command: print the report as a table or JSON. Returns the exit code."""
    report = evaluate(labels_dir, articles_dir)
    if fmt == "json":
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(report, sys.stdout)
    return 0
