"""Block decisions: kind, section, score and the evidence an editor sees.

:func:`decide` classifies one article's blocks in order: noise and headings first
(kinds.py), then each paragraph's section from the learned weights (features.py,
linear.py), decided together with its neighbours (sequence.py). The score is the chosen
section's probability in context; the evidence lists the cues that pushed the decision
most, quoting the words as written («مجلس الأمن» UN body or official).

Weights are loaded once, on first use, from ``weights.json`` beside this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..extract.model import ArticleFacts
from ..model import SECTIONS, Block, Decision
from ..text.words import scan
from .facts import block_facts
from .features import Observation, observe, portable
from .kinds import is_noise, mark_noise, why_noise
from .lexicon import CATEGORY_BY_NAME
from .linear import LinearModel
from .sequence import smooth
from .train import Weights

WEIGHTS_PATH = Path(__file__).with_name("weights.json")
MAX_EVIDENCE = 6

__all__ = ["WEIGHTS_PATH", "decide", "decide_observed", "is_noise", "shipped_weights"]


@cache
def shipped_weights() -> Weights:
    """The weights trained on every labelled article (``scripts/train_classifier.py``)."""
    return Weights.load(WEIGHTS_PATH)


_LABELS = {name: category.label for name, category in CATEGORY_BY_NAME.items()}


def _label(category: str) -> str:
    return _LABELS.get(category, category)


class _Paragraph:
    """What the evidence of one paragraph quotes, gathered when first needed: the surfaces
    of its cues by category and the first spelling of each word stem."""

    __slots__ = ("_cues", "_stems", "obs", "text")

    def __init__(self, obs: Observation, text: str) -> None:
        self.obs, self.text = obs, text
        self._cues: dict[str, list[str]] | None = None
        self._stems: dict[str, str] | None = None

    def cues(self, category: str) -> list[str]:
        if self._cues is None:
            self._cues = {}
            for h in self.obs.hits:
                self._cues.setdefault(h.category, []).append(h.surface)
        return self._cues.get(category, [])

    def spelling(self, stem: str) -> str:
        if self._stems is None:
            self._stems = {w.stem: w.surface for w in reversed(scan(self.text).words)}
        return self._stems.get(stem, stem)


def _describe(feature: str, paragraph: _Paragraph) -> str | None:
    """The evidence line for one feature of a paragraph."""
    family, _, name = feature.partition(":")
    if family == "w":
        return f"word «{paragraph.spelling(name)}»"
    if family in ("c", "s"):
        quoted = list(dict.fromkeys(paragraph.cues(name)))[:3]
        return f"«{'», «'.join(quoted)}» ({_label(name)})" if quoted else None
    if family == "h":
        heading = paragraph.obs.heading
        return f"subheading «{heading}» ({_label(name)})" if heading else None
    described = _FIXED[feature] = _describe_name(family, name)
    return described


#: Evidence lines of the features that say the same in every paragraph (None for those
#: that say nothing, such as ``x:`` pairs), by feature name, as they are met.
_FIXED: dict[str, str | None] = {}
_NOT_FIXED = object()


def _describe_name(family: str, name: str) -> str | None:
    """The evidence line for a feature that says the same in every paragraph."""
    if family in ("f", "sp"):
        return f"acting: {_label(name)}"
    if family == "o":
        return {"linked": "links to other news: what follows counts",
                "quoted": "mostly quoted statements", "modal": "intentions or conditions"
                }.get(name, f"opener → {name}")
    if family in ("p", "pf"):
        return f"previous paragraph: {_label(name)}"
    if family == "k":
        return "continues the previous speaker" + (
            "" if name == "continues" else f" ({_label(name)})")
    if family == "d":
        return "opinion piece" if name == "opinion" else f"article mostly {name}"
    if family == "q":
        return _describe_fact(name)
    return None


_FACTS = {"harm_civilians": "figures: civilians killed or wounded",
          "harm_fighters": "figures: fighters or soldiers killed or wounded",
          "harm": "figures: people killed or wounded", "displaced": "figures: people displaced",
          "detained": "figures: people detained", "people": "figures: people counted",
          "statement": "quotes a statement", "said_unknown": "quotes someone"}


def _describe_fact(name: str) -> str:
    """The evidence line for a ``q:`` feature (what the extract stage found)."""
    if name in _FACTS:
        return _FACTS[name]
    for prefix, what in (("said_", "quotes"), ("figure_by_", "figures from")):
        if name.startswith(prefix):
            return f"{what}: {_label(name[len(prefix):])}"
    return "cites a " + name.removeprefix("source_").replace("_", " ") + " source"


def _evidence(model: LinearModel, obs: Observation, features: dict[str, float],
              section: str, text: str) -> list[str]:
    paragraph = _Paragraph(obs, text)
    fixed = _FIXED
    out: list[str] = []
    for feature, _ in model.contributions(features, section):
        described = fixed.get(feature, _NOT_FIXED)
        if described is _NOT_FIXED:
            described = _describe(feature, paragraph)
        if described and described not in out:
            out.append(described)  # type: ignore[arg-type]
            if len(out) == MAX_EVIDENCE:
                break
    return out


def uses_portable_model(lang: str) -> bool:
    """Arabic has a learned vocabulary; other languages use the lexicon and context only."""
    return not lang.lower().startswith("ar")


def decide(blocks: Sequence[Block], lang: str, weights: Weights | None = None,
           facts: ArticleFacts | None = None) -> list[Decision]:
    """Classify each block of one article in order, using its subheadings and neighbours
    and what the extract stage found in it (``facts`` of these blocks; extracted here with
    the packaged gazetteer when not given).

    Headings and noise get ``section=None``.
    """
    marked = mark_noise(blocks)
    return decide_observed(marked, observe(marked, block_facts(blocks, lang, facts)), lang,
                           weights)


def decide_observed(marked: Sequence[Block], observations: Sequence[Observation | None],
                    lang: str, weights: Weights | None = None) -> list[Decision]:
    """:func:`decide` for blocks already marked and observed (the evaluation observes each
    article once and decides it with many weights)."""
    weights = weights or shipped_weights()
    use_portable = uses_portable_model(lang)
    model = weights.portable if use_portable else weights.full
    paragraphs = [(i, portable(o.features) if use_portable else o.features)
                  for i, o in enumerate(observations) if o is not None]
    rows = [model.probabilities(features) for _, features in paragraphs]
    headed = [any(marked[j].kind == "heading" for j in range(prev + 1, i))
              for (prev, _), (i, _) in zip([(-1, None), *paragraphs], paragraphs, strict=False)]
    context = smooth(rows, SECTIONS, headed)
    chosen = {i: (features, section, score, alone) for (i, features), section, score, alone
              in zip(paragraphs, context.sections, context.scores, context.alone, strict=True)}

    decisions = []
    for i, block in enumerate(marked):
        obs = observations[i]
        if block.kind == "heading":
            decisions.append(Decision("heading", None, 1.0, ("subheading",)))
        elif obs is None:
            decisions.append(Decision("noise", None, 1.0, (why_noise(marked, i),)))
        else:
            features, section, score, alone = chosen[i]
            evidence = _evidence(model, obs, features, section, block.text)
            if alone != section:
                evidence.insert(0, f"neighbouring paragraphs: {section} (alone: {alone})")
            decisions.append(Decision("paragraph", section, round(score, 3),
                                      tuple(evidence[:MAX_EVIDENCE]) or
                                      ("no cue fired; the article's usual section",)))
    return decisions
