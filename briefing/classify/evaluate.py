"""``briefing eval-classify``: how well the classifier does on labelled articles.

The method learns from the labels, so each article is classified by a model trained on
other articles only, vocabulary included; the shipped weights never see the article they
are tested on. Two protocols, reported side by side:

- **leave-one-article-out**: each article by a model trained on all the others;
- **held-out publisher**: each outlet's articles by a model trained on the *other* outlets
  only (corpus.py says how an article's outlet is found). Articles by the same outlet share
  habits (openers, captions, how quotations are framed), so this is the closer estimate of
  text nobody tuned for, and the figure to improve.

A prediction is right when it is among the block's accepted labels (two when the annotators
differed). Precision and recall count a right prediction as its own label and a wrong one
against the block's first label.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import ContentError
from ..model import SECTIONS
from .corpus import PROJECT_SEEDS, LabelSet, label_file_entries, load_sets
from .cues import decide_observed
from .linear import TrainingOptions
from .train import Observed, fit_observed, observe_article

LABELS: tuple[str, ...] = (*SECTIONS, "heading", "noise")
METHOD = "leave-one-article-out"
BY_PUBLISHER = "held-out-publisher"


@dataclass(frozen=True)
class Outcome:
    """One block: its accepted labels and what the classifier said."""

    article: str
    index: int
    labels: tuple[str, ...]
    predicted: str
    fold: str = ""

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

    def per_fold(self) -> dict[str, tuple[int, int, int]]:
        """Per fold (an outlet, for the held-out-publisher report): articles, right, blocks."""
        articles: dict[str, set[str]] = {}
        counts: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            articles.setdefault(o.fold, set()).add(o.article)
            right, total = counts.get(o.fold, (0, 0))
            counts[o.fold] = (right + o.correct, total + 1)
        return {fold: (len(articles[fold]), *counts[fold]) for fold in sorted(counts)}

    def section_accuracy(self) -> float:
        """Accuracy over the blocks labelled with a section (headings and noise left out)."""
        sections = [o for o in self.outcomes if set(o.labels) & set(SECTIONS)]
        return sum(o.correct for o in sections) / len(sections) if sections else 0.0

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
            **({"per_outlet": {fold: {"articles": n, "correct": r, "blocks": t,
                                      "accuracy": round(r / t, 4)}
                               for fold, (n, r, t) in self.per_fold().items()}}
               if self.method == BY_PUBLISHER else {}),
        }


def cross_validate(observed: Sequence[Observed], fold_of: Callable[[Observed], str],
                   method: str, options: TrainingOptions | None = None) -> Report:
    """Classify each fold's articles with weights trained on the articles of other folds."""
    folds: dict[str, list[Observed]] = {}
    for article in observed:
        folds.setdefault(fold_of(article), []).append(article)
    outcomes: list[Outcome] = []
    for fold, held_out in folds.items():
        weights = fit_observed([a for a in observed if fold_of(a) != fold], options,
                               with_portable=False)
        for article in held_out:
            decisions = decide_observed(article.blocks, article.observations, "ar", weights)
            for i, (decision, labels) in enumerate(zip(decisions, article.labels,
                                                       strict=True)):
                outcomes.append(Outcome(article.name, i, labels,
                                        decision.section or decision.kind, fold))
    return Report(method, tuple(outcomes))


def leave_one_article_out(observed: Sequence[Observed],
                          options: TrainingOptions | None = None) -> Report:
    """Classify each article with weights trained on all the others."""
    return cross_validate(observed, lambda a: a.name, METHOD, options)


def held_out_publisher(observed: Sequence[Observed],
                       options: TrainingOptions | None = None) -> Report:
    """Classify each outlet's articles with weights trained on the other outlets only."""
    return cross_validate(observed, lambda a: a.outlet or a.name, BY_PUBLISHER, options)


def load_observed(labels_dir: Path, articles_dir: Path,
                  seeds_dir: Path = PROJECT_SEEDS,
                  also: Sequence[LabelSet] = ()) -> list[Observed]:
    """The labelled corpus (and any further label sets), each article observed once."""
    sets = (LabelSet(labels_dir, articles_dir), *also)
    for label_set in sets:
        if not label_set.labels.is_dir():
            raise ContentError("labels folder not found", label_set.labels, None,
                               "pass the folder holding the *.labels.json files")
    articles = load_sets(sets, seeds_dir)
    if len(articles) < 2:
        raise ContentError("at least two labelled articles are needed", labels_dir, None,
                           "the evaluation trains on some and tests on others")
    return [observe_article(a) for a in articles]


def evaluate(labels_dir: Path, articles_dir: Path, seeds_dir: Path = PROJECT_SEEDS) -> Report:
    """Load the labelled corpus and run the leave-one-article-out evaluation."""
    return leave_one_article_out(load_observed(labels_dir, articles_dir, seeds_dir))


def evaluate_all(labels_dir: Path, articles_dir: Path, seeds_dir: Path = PROJECT_SEEDS,
                 also: Sequence[LabelSet] = ()) -> tuple[Report, Report]:
    """Both protocols: (leave-one-article-out, held-out publisher)."""
    observed = load_observed(labels_dir, articles_dir, seeds_dir, also)
    return leave_one_article_out(observed), held_out_publisher(observed)


def restricted(report: Report, articles: set[str]) -> Report:
    """The report's outcomes for some articles only (one label set of several)."""
    return Report(report.method, tuple(o for o in report.outcomes if o.article in articles))


def print_table(report: Report, out: TextIO, articles: bool = True) -> None:
    per_article = report.per_article()
    n = len(per_article)
    how = (f"each article classified by a model trained on the other {n - 1}"
           if report.method == METHOD else
           f"{len(report.per_fold())} outlets; each outlet's articles classified by a model "
           "trained on the other outlets only")
    print(f"{report.method} evaluation: {n} labelled articles, {len(report.outcomes)} blocks "
          f"({how})", file=out)
    print(f"accuracy {report.accuracy:.3f} ({report.correct}/{len(report.outcomes)}); "
          f"on section blocks {report.section_accuracy():.3f}\n", file=out)
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
    if report.method == BY_PUBLISHER:
        print("\nper outlet (trained on the others)", file=out)
        for fold, (count, right, total) in report.per_fold().items():
            print(f"  {fold:<20}{count:>4} articles {right:>5}/{total:<5} {right / total:.3f}",
                  file=out)
    if articles:
        print("\nper article", file=out)
        for name, (right, total) in per_article.items():
            print(f"  {name:<50}{right:>4}/{total:<4}", file=out)


def _per_set(reports: Sequence[Report], labels_dir: Path, also: Sequence[LabelSet]
             ) -> dict[str, dict[str, dict[str, float | int]]]:
    """With further label sets: each protocol's figures on each set's articles alone."""
    if not also:
        return {}
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for folder in (labels_dir, *(s.labels for s in also)):
        names = {name for name, _, _ in label_file_entries(folder)}
        out[str(folder)] = {}
        for report in reports:
            part = restricted(report, names)
            out[str(folder)][report.method] = {
                "articles": len(part.per_article()), "blocks": len(part.outcomes),
                "accuracy": round(part.accuracy, 4) if part.outcomes else 0.0,
                "section_accuracy": round(part.section_accuracy(), 4) if part.outcomes
                else 0.0}
    return out


def run_evaluation(labels_dir: Path, articles_dir: Path, fmt: str,
                   also: Sequence[LabelSet] = ()) -> int:
    """The command: both reports, as tables or as one JSON object. Returns the exit code.
    ``also``: further label sets, evaluated (and trained on) with the first."""
    by_article, by_outlet = evaluate_all(labels_dir, articles_dir, PROJECT_SEEDS, also)
    per_set = _per_set((by_article, by_outlet), labels_dir, also)
    if fmt == "json":
        json.dump({"leave_one_article_out": by_article.to_json(),
                   "held_out_publisher": by_outlet.to_json(),
                   **({"per_label_set": per_set} if per_set else {})},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(by_article, sys.stdout)
        print(file=sys.stdout)
        print_table(by_outlet, sys.stdout, articles=False)
        for folder, methods in per_set.items():
            print(f"\non the articles of {folder} only", file=sys.stdout)
            for method, figures in methods.items():
                print(f"  {method:<24}{figures['articles']:>4} articles "
                      f"{figures['blocks']:>5} blocks accuracy {figures['accuracy']:.3f} "
                      f"(section blocks {figures['section_accuracy']:.3f})", file=sys.stdout)
    return 0
