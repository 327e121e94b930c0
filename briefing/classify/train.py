"""Learning the section weights from labelled articles.

:func:`fit` turns labelled articles into training examples (one per paragraph with a
section label; two accepted labels count half each), keeps the words seen in at least
``MIN_ARTICLES`` training articles, and trains two models: ``full`` (words, lexicon and
context) for Arabic, and ``portable`` (lexicon and context only) for other languages. Every
data-derived choice (the vocabulary included) is made from the articles passed in, so the
leave-one-article-out evaluation retrains it without the held-out article.

The shipped ``weights.json`` is written by ``scripts/train_classifier.py`` (see README,
"Classification"); it holds feature names and weights, never article text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import SECTIONS, Block
from .corpus import LabelledArticle, labels_digest
from .facts import block_facts
from .features import Observation, observe, portable, priors
from .kinds import mark_noise
from .linear import Example, LinearModel, TrainingOptions, train

#: A word feature is kept only when it occurs in this many training articles: names that
#: belong to one story do not become section cues.
MIN_ARTICLES = 2
#: Examples of a section count (mean count / section count) ** CLASS_BALANCE: at 0 each
#: paragraph counts once and the commonest section (diplomacy) pulls doubtful paragraphs
#: to itself; at 1 every section weighs the same in training.
CLASS_BALANCE = 1.0
WEIGHTS_FORMAT = 1


@dataclass(frozen=True)
class Weights:
    """The learned models and how they were made."""

    full: LinearModel
    portable: LinearModel
    meta: dict[str, object]

    def to_json(self) -> dict[str, object]:
        return {"format": WEIGHTS_FORMAT, "meta": self.meta, "full": self.full.to_json(),
                "portable": self.portable.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Weights:
        if data.get("format") != WEIGHTS_FORMAT:
            raise ValueError(f"unsupported weights format {data.get('format')!r}")
        return cls(LinearModel.from_json(data["full"]),  # type: ignore[arg-type]
                   LinearModel.from_json(data["portable"]),  # type: ignore[arg-type]
                   dict(data.get("meta", {})))  # type: ignore[call-overload]

    def save(self, path: Path) -> None:
        text = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text.replace('],"', '],\n"') + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Weights:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _target(labels: Sequence[str]) -> dict[str, float]:
    sections = [label for label in labels if label in SECTIONS]
    return {s: 1.0 / len(sections) for s in sections}


@dataclass(frozen=True)
class Observed:
    """A labelled article as the classifier sees it, computed once: its blocks (credits and
    teasers marked as noise), one observation per paragraph, and the labels."""

    name: str
    blocks: tuple[Block, ...]
    observations: tuple[Observation | None, ...]
    labels: tuple[tuple[str, ...], ...]
    outlet: str = ""


def observe_article(article: LabelledArticle) -> Observed:
    blocks = tuple(mark_noise(article.blocks))
    facts = block_facts(article.blocks, "ar")
    return Observed(article.name, blocks, tuple(observe(blocks, facts)),
                    article.labels, article.outlet)


def examples(observed: Sequence[Observed]) -> list[tuple[str, Example]]:
    """(article name, example) for every paragraph with a section among its labels."""
    out = []
    for article in observed:
        for obs, labels in zip(article.observations, article.labels, strict=True):
            target = _target(labels)
            if obs is not None and target:
                out.append((article.name, Example(obs.features, target)))
    return out


def vocabulary(pairs: Sequence[tuple[str, Example]]) -> set[str]:
    """Word features seen in at least MIN_ARTICLES different articles."""
    seen: dict[str, set[str]] = {}
    for name, ex in pairs:
        for feature in ex.features:
            if feature.startswith("w:"):
                seen.setdefault(feature, set()).add(name)
    return {f for f, names in seen.items() if len(names) >= MIN_ARTICLES}


def fit_observed(observed: Sequence[Observed], options: TrainingOptions | None = None,
                 with_portable: bool = True) -> Weights:
    """Train on already observed articles. ``with_portable=False`` skips the portable
    model (it is then prior-only): evaluating Arabic text needs only the full one."""
    pairs = examples(observed)
    vocab = vocabulary(pairs)
    counts = Counter(max(ex.target, key=ex.target.__getitem__) for _, ex in pairs)
    mass = {s: sum(ex.target.get(s, 0.0) for _, ex in pairs) for s in SECTIONS}
    mean = sum(mass.values()) / len(SECTIONS)
    balance = {s: (mean / m) ** CLASS_BALANCE if m else 1.0 for s, m in mass.items()}
    pairs = [(name, Example(ex.features, ex.target,
                            sum(balance[s] * p for s, p in ex.target.items())))
             for name, ex in pairs]
    full = [Example({k: v for k, v in ex.features.items()
                     if not k.startswith("w:") or k in vocab}, ex.target, ex.weight)
            for _, ex in pairs]
    prior = priors()
    meta: dict[str, object] = {
        "articles": len(observed), "paragraphs": len(pairs), "vocabulary": len(vocab),
        "sections": dict(sorted(counts.items())),
    }
    light = (train([Example(portable(ex.features), ex.target, ex.weight) for _, ex in pairs],
                   SECTIONS,
                   options, prior) if with_portable else train([], SECTIONS, options, prior))
    return Weights(train(full, SECTIONS, options, prior), light, meta)


def fit(articles: Sequence[LabelledArticle], options: TrainingOptions | None = None) -> Weights:
    """Train both models on the given labelled articles; the weights' meta records the
    digest of the labels they learned (checked against the labels files by the tests)."""
    weights = fit_observed([observe_article(a) for a in articles], options)
    weights.meta["labels"] = labels_digest((a.name, a.labels, a.secondary) for a in articles)
    return weights
