"""A small multinomial logistic regression over sparse named features, in plain Python.

Trained with AdaGrad on soft targets (a block with two accepted labels counts half for each)
and L2 regularisation; deterministic for a given seed. Scores are softmax probabilities, and
:meth:`LinearModel.contributions` says which features pushed a decision, for the evidence an
editor sees. Saved as JSON (feature name -> one weight per class).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

Features = Mapping[str, float]


@dataclass(frozen=True)
class Example:
    """One training block: its features and the target probability of each class."""

    features: Features
    target: Mapping[str, float]
    weight: float = 1.0


@dataclass(frozen=True)
class TrainingOptions:
    """How hard to fit: passes over the data, step size, pull towards the priors, shuffle."""

    epochs: int = 12
    learning_rate: float = 0.3
    l2: float = 0.05
    seed: int = 13


@dataclass
class LinearModel:
    """Weights per feature and class; ``classes`` fixes the order of every weight row.

    The weights are not changed once the model is used: :meth:`contributions` keeps each
    row's margins once worked out.
    """

    classes: tuple[str, ...]
    weights: dict[str, list[float]] = field(default_factory=dict)
    _margins: dict[str, dict[str, float]] = field(default_factory=dict, init=False,
                                                  repr=False, compare=False)

    def logits(self, features: Features) -> list[float]:
        """Each class's score: the sum, in feature order, of weight times value."""
        get = self.weights.get
        if len(self.classes) == 4:  # the sections: the same sums, unrolled
            a = b = c = d = 0.0
            for name, value in features.items():
                row = get(name)
                if row is not None:
                    wa, wb, wc, wd = row
                    a += wa * value
                    b += wb * value
                    c += wc * value
                    d += wd * value
            return [a, b, c, d]
        out = [0.0] * len(self.classes)
        for name, value in features.items():
            row = get(name)
            if row is not None:
                for k, w in enumerate(row):
                    out[k] += w * value
        return out

    def probabilities(self, features: Features) -> dict[str, float]:
        return dict(zip(self.classes, _softmax(self.logits(features)), strict=True))

    def contributions(self, features: Features, cls: str) -> list[tuple[str, float]]:
        """How much each feature favours ``cls`` over the other classes' average, largest
        first (only the features that favour it)."""
        margins = self._margins.get(cls)
        if margins is None:
            margins = self._margins[cls] = self._class_margins(self.classes.index(cls))
        get = margins.get
        out = [(name, margin) for name, value in features.items()
               if (m := get(name)) is not None and (margin := value * m) > 0]
        out.sort(key=itemgetter(1), reverse=True)  # stable: ties keep the feature order
        return out

    def _class_margins(self, c: int) -> dict[str, float]:
        """Per feature, how far its weight for class ``c`` is above the others' average."""
        n = len(self.classes)
        return {name: row[c] - (sum(row) - row[c]) / (n - 1)
                for name, row in self.weights.items()}

    def to_json(self, digits: int = 4) -> dict[str, object]:
        return {"classes": list(self.classes),
                "weights": {k: [round(w, digits) for w in row]
                            for k, row in sorted(self.weights.items())
                            if any(abs(w) >= 10 ** -digits for w in row)}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinearModel:
        classes = tuple(data["classes"])  # type: ignore[arg-type]
        weights = {str(k): [float(w) for w in row]
                   for k, row in data["weights"].items()}  # type: ignore[union-attr]
        return cls(classes, weights)


def _softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def train(examples: Sequence[Example], classes: Sequence[str],
          options: TrainingOptions | None = None,
          priors: Mapping[str, Mapping[str, float]] | None = None) -> LinearModel:
    """Fit a model to the examples (AdaGrad, L2, soft targets).

    ``priors`` gives some features a starting weight per class (domain knowledge: an opener
    "ميدانياً" favours battlefield). Training starts from the prior and L2 pulls towards it,
    so a cue seen rarely in the data keeps its prior and the data corrects it when it can.
    """
    options = options or TrainingOptions()
    priors = priors or {}
    classes = tuple(classes)
    n_cls = len(classes)
    index: dict[str, int] = {name: j for j, name in enumerate(priors)}
    rows: list[list[tuple[int, float]]] = []
    for ex in examples:
        row = []
        for name, value in ex.features.items():
            j = index.setdefault(name, len(index))
            row.append((j, value))
        rows.append(row)
    names = list(index)
    n_feat = len(names)
    # One weight list per class (fast inner loops); training starts from the priors.
    means = [[priors.get(name, {}).get(c, 0.0) for name in names] for c in classes]
    weights = [list(m) for m in means]
    grad_sq = [[1e-8] * n_feat for _ in classes]
    average = [[0.0] * n_feat for _ in classes]
    targets = [[ex.target.get(c, 0.0) for c in classes] for ex in examples]
    sample_weights = [ex.weight for ex in examples]
    order = list(range(len(examples)))
    rng = random.Random(options.seed)
    lr, l2, sqrt, exp = options.learning_rate, options.l2, math.sqrt, math.exp
    # The weights are averaged over the second half of the epochs: the average settles
    # where single stochastic steps keep jittering, so results do not hang on the order.
    averaged = 0
    for epoch in range(options.epochs):
        rng.shuffle(order)
        for i in order:
            row = rows[i]
            logits = [sum(w[j] * v for j, v in row) for w in weights]
            top = max(logits)
            exps = [exp(x - top) for x in logits]
            total = sum(exps)
            for c in range(n_cls):
                err = (exps[c] / total - targets[i][c]) * sample_weights[i]
                w, g2, mean = weights[c], grad_sq[c], means[c]
                for j, v in row:
                    g = err * v + l2 * (w[j] - mean[j])
                    g2[j] += g * g
                    w[j] -= lr * g / sqrt(g2[j])
        if epoch >= options.epochs // 2:
            averaged += 1
            for acc, w in zip(average, weights, strict=True):
                for j in range(n_feat):
                    acc[j] += w[j]
    final = [[x / averaged for x in acc] for acc in average] if averaged else weights
    return LinearModel(classes, {name: [final[c][j] for c in range(n_cls)]
                                 for j, name in enumerate(names)})
