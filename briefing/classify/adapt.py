"""Learning from the desk: the shipped model adapted to the editors' ``sections:`` overrides.

Every override an editor writes is a label. :func:`adapt` trains on the paragraphs of the
articles that carry overrides, starting from the shipped weights and pulled back towards
them (the shipped model stays the prior; linear.py's L2 pulls towards the starting
weights): an overridden paragraph's target is the editor's section, and the article's other
paragraphs, which the editor read and left alone, keep the section the model gave them.

``briefing train`` writes the result to the project's ``data/classifier.json``
(:data:`ADAPTED_FILE`), beside ``data/gazetteer.yaml``, so the desk's copies share it. The
file records the digest of the shipped weights it was adapted from and of the overrides it
learned: a file made from other shipped weights is ignored (with a warning saying to run
``briefing train`` again), and ``briefing check`` says how many overrides it learned from
and whether overrides were added or changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError
from ..extract.model import ArticleFacts
from ..model import SECTIONS, Article, Block
from .cues import WEIGHTS_PATH, shipped_weights, uses_portable_model
from .facts import block_facts
from .features import observe, portable
from .kinds import mark_noise
from .linear import Example, LinearModel, TrainingOptions, train
from .train import Weights

#: The adapted model, relative to the project root.
ADAPTED_FILE = Path("data") / "classifier.json"
ADAPTED_FORMAT = 1
#: Weight of a paragraph the editor left alone, against 1 for an overridden one.
ACCEPTED_WEIGHT = 0.25
#: Smaller steps and a stronger pull to the shipped weights than the full training: a few
#: dozen corrections should move the model, not replace it (chosen on the learning curve
#: of benchmarks/desk_learning.py; AdaGrad's first step on a feature is the learning rate
#: whatever its gradient, so a large rate lets one correction swing a weight).
ADAPT_OPTIONS = TrainingOptions(epochs=12, learning_rate=0.05, l2=0.3)


@dataclass(frozen=True)
class Correction:
    """One article's paragraphs as the classifier sees them and the editor's sections
    (by index among ``blocks``)."""

    blocks: tuple[Block, ...]
    features: tuple[dict[str, float] | None, ...]
    overrides: dict[int, str]
    lang: str


def corrections_of(article: Article, facts: ArticleFacts | None = None) -> Correction | None:
    """The overrides of one article (either language's file) as a Correction, or None."""
    overrides: dict[int, str] = {}
    for version in article.versions.values():
        overrides.update(version.overrides)
    if not overrides:
        return None
    original = article.original
    marked = mark_noise(original.blocks)
    observed = observe(marked, block_facts(original.blocks, original.lang, facts))
    by_index: dict[int, str] = {}
    number = 0
    for i, block in enumerate(original.blocks):
        if block.kind == "paragraph":
            number += 1
            if number in overrides and observed[i] is not None:
                by_index[i] = overrides[number]
    return Correction(tuple(marked), tuple(o.features if o else None for o in observed),
                      by_index, original.lang)


def _examples(corrections: Sequence[Correction], base: Weights, portable_only: bool
              ) -> list[Example]:
    out: list[Example] = []
    for c in corrections:
        if uses_portable_model(c.lang) != portable_only:
            continue
        model = base.portable if portable_only else base.full
        for i, features in enumerate(c.features):
            if features is None:
                continue
            feats = portable(features) if portable_only else features
            if i in c.overrides:
                out.append(Example(feats, {c.overrides[i]: 1.0}))
            else:
                probabilities = model.probabilities(feats)
                kept = max(SECTIONS, key=probabilities.__getitem__)
                out.append(Example(feats, {kept: 1.0}, ACCEPTED_WEIGHT))
    return out


def _prior(model: LinearModel) -> dict[str, dict[str, float]]:
    return {name: dict(zip(model.classes, row, strict=True))
            for name, row in model.weights.items()}


def adapt(base: Weights, corrections: Sequence[Correction],
          options: TrainingOptions = ADAPT_OPTIONS) -> Weights:
    """``base`` trained further on the corrections (see the module docstring)."""
    models = []
    for portable_only in (False, True):
        model = base.portable if portable_only else base.full
        found = _examples(corrections, base, portable_only)
        models.append(train(found, SECTIONS, options, _prior(model)) if found else model)
    overrides = sum(len(c.overrides) for c in corrections)
    meta = {**base.meta, "adapted": {"articles": len(corrections), "overrides": overrides}}
    return Weights(models[0], models[1], meta)


def digest_of_overrides(corrections: Sequence[Correction]) -> str:
    """Digest of what the desk said: every article's overridden paragraphs, text included."""
    h = hashlib.sha256()
    for c in corrections:
        for i, section in sorted(c.overrides.items()):
            h.update(f"{c.blocks[i].text}\x00{section}\x01".encode())
    return h.hexdigest()


def shipped_digest() -> str:
    return hashlib.sha256(WEIGHTS_PATH.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Adapted:
    """An adapted model as stored, with what it was learned from."""

    weights: Weights
    base: str
    overrides: int
    articles: int
    learned: str

    def to_json(self) -> dict[str, object]:
        return {"format": ADAPTED_FORMAT, "base": self.base, "overrides": self.overrides,
                "articles": self.articles, "learned": self.learned,
                "weights": self.weights.to_json()}


def save(adapted: Adapted, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(adapted.to_json(), ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> Adapted | None:
    """The adapted model at ``path``; None when there is none or it was adapted from other
    shipped weights (stale). Raises ContentError on a damaged file."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != ADAPTED_FORMAT:
            raise ValueError(f"unsupported format {data.get('format')!r}")
        adapted = Adapted(Weights.from_json(data["weights"]), str(data["base"]),
                          int(data["overrides"]), int(data["articles"]), str(data["learned"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ContentError(f"not an adapted classifier ({exc})", path, None,
                           "delete it and run `briefing train` again") from exc
    return adapted if adapted.base == shipped_digest() else None


@lru_cache(maxsize=4)
def cached_weights(path: str, stamp: str) -> Weights | None:
    """The adapted weights at ``path`` (``stamp`` is its digest), once per process."""
    adapted = load(Path(path))
    return adapted.weights if adapted else None


def train_from(articles: Sequence[Article], facts: Sequence[ArticleFacts | None] | None = None
               ) -> Adapted:
    """The shipped model adapted to the overrides of ``articles``."""
    found = [c for i, a in enumerate(articles)
             if (c := corrections_of(a, facts[i] if facts else None)) is not None]
    weights = adapt(shipped_weights(), found)
    return Adapted(weights, shipped_digest(), sum(len(c.overrides) for c in found), len(found),
                   digest_of_overrides(found))


def _project_facts(root: Path, articles: Sequence[Article]) -> list[ArticleFacts | None]:
    """The extract stage's facts of the articles with overrides, as the build makes them
    (the project's gazetteer included)."""
    from ..extract import PROJECT_FILE, extract_blocks, load_gazetteer

    gazetteer = load_gazetteer(root / PROJECT_FILE)
    out: list[ArticleFacts | None] = []
    for article in articles:
        has = any(v.overrides for v in article.versions.values())
        original = article.original
        out.append(extract_blocks(original.blocks, original.lang, gazetteer) if has else None)
    return out


def train_project(root: Path, articles: Sequence[Article]) -> Adapted | None:
    """``briefing train``: adapt the shipped model to the overrides in ``articles`` and write
    it to the project's :data:`ADAPTED_FILE`. None (nothing written) without overrides."""
    adapted = train_from(articles, _project_facts(root, articles))
    if not adapted.overrides:
        return None
    save(adapted, root / ADAPTED_FILE)
    return adapted


def status(root: Path, articles: Sequence[Article]) -> str:
    """What ``briefing check`` says about learning from the desk."""
    path = root / ADAPTED_FILE
    facts = _project_facts(root, articles)
    found = [c for i, a in enumerate(articles)
             if (c := corrections_of(a, facts[i])) is not None]
    now = sum(len(c.overrides) for c in found)
    if not path.is_file():
        return (f"classifier: shipped model; {now} overrides in content"
                + (" (run `briefing train` to learn from them)" if now else ""))
    adapted = load(path)
    if adapted is None:
        return (f"classifier: {ADAPTED_FILE} was adapted from other shipped weights and is "
                "not used (run `briefing train` again)")
    line = (f"classifier: adapted to {adapted.overrides} overrides in {adapted.articles} "
            f"articles ({ADAPTED_FILE})")
    if adapted.learned != digest_of_overrides(found):
        line += (f"; the content now has {now} overrides, not all learned "
                 "(run `briefing train` again)")
    return line
