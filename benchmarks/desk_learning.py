"""Learning from the desk's corrections: accuracy on other articles after 0, 5, 10, 20
corrected ones (the curve in the README, "Learning from the desk").

    .venv/bin/python -m benchmarks.desk_learning [LABELS_DIR ARTICLES_DIR] [--shuffles 3]

A desk reads outlets the shipped model was not trained on. For each pair of outlets of the
labelled corpus with at least 25 articles between them (the *desk*), the base model is
trained on the other outlets only. The desk's articles are shuffled; the last ones (all but
20) are the evaluation articles, and the first k are *corrected*: an editor reads the base
model's sections and overrides each wrong one with the annotators' first label, leaving the
right ones alone. The base model is adapted to those overrides (briefing.classify.adapt,
as ``briefing train`` does) and classifies the evaluation articles, which no correction
came from. The figure is the accuracy on their section blocks, averaged over pairs and
shuffles. Deterministic.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from briefing.classify.adapt import Correction, adapt
from briefing.classify.cues import decide_observed
from briefing.classify.evaluate import load_observed
from briefing.classify.train import Observed, Weights, fit_observed
from briefing.model import SECTIONS

SIZES = (0, 5, 10, 20)
MIN_DESK = 25
PROJECT = Path(__file__).resolve().parent.parent


def _sections(labels: Sequence[str]) -> list[str]:
    return [label for label in labels if label in SECTIONS]


def corrected(article: Observed, base: Weights) -> Correction:
    """What an editor does with the base model's output: override each wrong section."""
    decisions = decide_observed(article.blocks, article.observations, "ar", base)
    overrides = {i: _sections(labels)[0]
                 for i, (d, labels) in enumerate(zip(decisions, article.labels, strict=True))
                 if d.section is not None and _sections(labels) and d.section not in labels}
    return Correction(article.blocks, tuple(o.features if o else None
                                            for o in article.observations), overrides, "ar")


def accuracy(articles: Sequence[Observed], weights: Weights) -> tuple[int, int]:
    right = total = 0
    for article in articles:
        decisions = decide_observed(article.blocks, article.observations, "ar", weights)
        for d, labels in zip(decisions, article.labels, strict=True):
            if d.section is not None and _sections(labels):
                total += 1
                right += d.section in labels
    return right, total


def curve(observed: Sequence[Observed], sizes: Sequence[int] = SIZES, shuffles: int = 3,
          desks: int | None = None) -> dict[int, float]:
    """Pooled accuracy on uncorrected desk articles after k corrected ones, for each k."""
    outlets = sorted({a.outlet for a in observed if a.outlet != "seed"})
    pairs = [(x, y) for x, y in combinations(outlets, 2)
             if sum(a.outlet in (x, y) for a in observed) >= max(MIN_DESK, max(sizes) + 5)]
    totals = {k: [0, 0] for k in sizes}
    for pair in pairs[:desks]:
        desk = [a for a in observed if a.outlet in pair]
        base = fit_observed([a for a in observed if a.outlet not in pair],
                            with_portable=False)
        for shuffle in range(shuffles):
            order = list(desk)
            random.Random(f"{pair}{shuffle}").shuffle(order)
            pool, held = order[:max(sizes)], order[max(sizes):]
            fixes = [corrected(a, base) for a in pool]
            for k in sizes:
                weights = adapt(base, fixes[:k]) if k else base
                right, total = accuracy(held, weights)
                totals[k][0] += right
                totals[k][1] += total
    return {k: right / total for k, (right, total) in totals.items() if total}


def main() -> int:
    corpus = PROJECT.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="?", default=corpus / "labels")
    parser.add_argument("articles", type=Path, nargs="?", default=corpus / "articles_ar")
    parser.add_argument("--shuffles", type=int, default=3)
    args = parser.parse_args()
    observed = load_observed(args.labels, args.articles)
    result = curve(observed, shuffles=args.shuffles)
    print("corrected articles | accuracy on the desk's other articles (section blocks)")
    for k, value in result.items():
        print(f"{k:>18} | {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
