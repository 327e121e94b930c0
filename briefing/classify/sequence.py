"""An article's paragraphs decided together: sections run in stretches.

Each paragraph's model probabilities are combined with two pieces of context: the article's
average (an article about a Security Council vote leans to "un" throughout) and a bonus for
staying in the previous paragraph's section (reporters write a topic in consecutive
paragraphs). :func:`smooth` returns the best sequence of sections (Viterbi) and, for each
paragraph, the probability of its section once that context is taken into account
(forward-backward), which is the score an editor sees.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Log-odds bonus for a paragraph staying in the previous paragraph's section, and across a
#: subheading (a subheading often starts another topic).
STAY_BONUS = 1.0
STAY_ACROSS_HEADING = 0.0
#: Weight of the article's average probabilities in each paragraph's score.
ARTICLE_WEIGHT = 0.5
_FLOOR = 1e-9


@dataclass(frozen=True)
class Smoothed:
    """The chosen section of each paragraph and its probability in context."""

    sections: tuple[str, ...]
    scores: tuple[float, ...]
    alone: tuple[str, ...]


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def smooth(rows: Sequence[Mapping[str, float]], classes: Sequence[str],
           headed: Sequence[bool] = (), article: float = ARTICLE_WEIGHT) -> Smoothed:
    """Decide an article's paragraphs together from their per-paragraph probabilities.

    ``headed[t]`` is True when a subheading stands between paragraphs t-1 and t.
    """
    if not rows:
        return Smoothed((), (), ())
    n = len(rows)
    stays = [STAY_ACROSS_HEADING if t < len(headed) and headed[t] else STAY_BONUS
             for t in range(n)]
    mean = {c: sum(r[c] for r in rows) / n for c in classes}
    emit = [{c: math.log(r[c] + _FLOOR) + article * math.log(mean[c] + _FLOOR)
             for c in classes} for r in rows]


    # Viterbi: the best sequence.
    best = [dict(emit[0])]
    back: list[dict[str, str]] = [{}]
    for t in range(1, n):
        scores, pointers = {}, {}
        for c in classes:
            prev = max(classes, key=lambda p: best[-1][p] + (stays[t] if p == c else 0.0))
            scores[c] = best[-1][prev] + (stays[t] if prev == c else 0.0) + emit[t][c]
            pointers[c] = prev
        best.append(scores)
        back.append(pointers)
    path = [max(classes, key=best[-1].__getitem__)]
    for t in range(n - 1, 0, -1):
        path.append(back[t][path[-1]])
    path.reverse()

    # Forward-backward: each paragraph's probability in context.
    fwd = [dict(emit[0])]
    for t in range(1, n):
        fwd.append({c: emit[t][c] + _logsumexp([fwd[-1][p] + (stays[t] if p == c else 0.0)
                                                for p in classes]) for c in classes})
    bwd = [dict.fromkeys(classes, 0.0) for _ in range(n)]
    for t in range(n - 2, -1, -1):
        bwd[t] = {p: _logsumexp([bwd[t + 1][c] + emit[t + 1][c]
                                 + (stays[t + 1] if p == c else 0.0) for c in classes])
                  for p in classes}
    scores = []
    for t, chosen in enumerate(path):
        total = _logsumexp([fwd[t][c] + bwd[t][c] for c in classes])
        scores.append(math.exp(fwd[t][chosen] + bwd[t][chosen] - total))
    alone = tuple(max(classes, key=r.__getitem__) for r in rows)
    return Smoothed(tuple(path), tuple(scores), alone)
