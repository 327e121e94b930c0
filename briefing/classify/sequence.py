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
from math import exp, log

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


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if len(values) == 4:  # the sections: the same terms, unrolled
        a, b, c, d = values
        return top + log(sum([exp(a - top), exp(b - top), exp(c - top), exp(d - top)]))
    return top + log(sum([exp(v - top) for v in values]))


def _argmax(values: list[float]) -> int:
    """The index of the largest value (the first one on a tie)."""
    return values.index(max(values))


def _staying(scores: list[float], c: int, stay: float) -> list[float]:
    """``scores`` with the stay bonus added to class ``c``'s (the paths that keep ``c``)."""
    out = scores[:]
    out[c] += stay
    return out


def _staying_sums(scores: list[float], stay: float) -> list[float]:
    """For each class c, the log-sum of ``scores`` with the stay bonus added to c's."""
    if len(scores) != 4:
        return [_logsumexp(_staying(scores, c, stay)) for c in range(len(scores))]
    a, b, c, d = scores  # the sections: the same sums, without the lists
    out = []
    for w, x, y, z in ((a + stay, b, c, d), (a, b + stay, c, d), (a, b, c + stay, d),
                       (a, b, c, d + stay)):
        top = max(w, x, y, z)
        out.append(top + log(sum([exp(w - top), exp(x - top), exp(y - top), exp(z - top)])))
    return out


def smooth(rows: Sequence[Mapping[str, float]], classes: Sequence[str],
           headed: Sequence[bool] = (), article: float = ARTICLE_WEIGHT) -> Smoothed:
    """Decide an article's paragraphs together from their per-paragraph probabilities.

    ``headed[t]`` is True when a subheading stands between paragraphs t-1 and t.
    """
    if not rows:
        return Smoothed((), (), ())
    n = len(rows)
    span = range(len(classes))
    stays = [STAY_ACROSS_HEADING if t < len(headed) and headed[t] else STAY_BONUS
             for t in range(n)]
    probs = [[r[c] for c in classes] for r in rows]
    leaning = [article * math.log(sum(p[k] for p in probs) / n + _FLOOR) for k in span]
    emit = [[math.log(p[k] + _FLOOR) + leaning[k] for k in span] for p in probs]
    path = _viterbi(emit, stays)
    fwd, bwd = _forward(emit, stays), _backward(emit, stays)
    scores = []
    for t, chosen in enumerate(path):
        total = _logsumexp([f + b for f, b in zip(fwd[t], bwd[t], strict=True)])
        scores.append(math.exp(fwd[t][chosen] + bwd[t][chosen] - total))
    return Smoothed(tuple(classes[k] for k in path), tuple(scores),
                    tuple(classes[_argmax(p)] for p in probs))


def _viterbi(emit: list[list[float]], stays: list[float]) -> list[int]:
    """The best sequence of classes (indices)."""
    best = emit[0]
    back: list[list[int]] = [[]]
    for t in range(1, len(emit)):
        stay = stays[t]
        pointers = _best_before(best, stay)
        best = [(best[prev] + stay if prev == c else best[prev]) + e
                for c, (prev, e) in enumerate(zip(pointers, emit[t], strict=True))]
        back.append(pointers)
    path = [_argmax(best)]
    for t in range(len(emit) - 1, 0, -1):
        path.append(back[t][path[-1]])
    path.reverse()
    return path


def _best_before(scores: list[float], stay: float) -> list[int]:
    """For each class c, the best previous class when staying in c earns the bonus (the
    first on a tie)."""
    if len(scores) != 4:
        return [_argmax(_staying(scores, c, stay)) for c in range(len(scores))]
    a, b, c, d = scores  # the sections: the same comparisons, without the lists
    return [options.index(max(options)) for options in
            ((a + stay, b, c, d), (a, b + stay, c, d), (a, b, c + stay, d), (a, b, c, d + stay))]


def _forward(emit: list[list[float]], stays: list[float]) -> list[list[float]]:
    """Log-probability of each paragraph's class and everything before it."""
    fwd = [emit[0]]
    for t in range(1, len(emit)):
        before, stay = fwd[-1], stays[t]
        if stay == 0.0:  # across a subheading every class starts from the same sum
            same = _logsumexp(before)
            fwd.append([e + same for e in emit[t]])
        else:
            fwd.append([e + total for e, total in zip(emit[t], _staying_sums(before, stay),
                                                       strict=True)])
    return fwd


def _backward(emit: list[list[float]], stays: list[float]) -> list[list[float]]:
    """Log-probability of everything after each paragraph, given its class."""
    size = len(emit[0])
    bwd = [[0.0] * size for _ in emit]
    for t in range(len(emit) - 2, -1, -1):
        after = [b + e for b, e in zip(bwd[t + 1], emit[t + 1], strict=True)]
        stay = stays[t + 1]
        if stay == 0.0:
            bwd[t] = [_logsumexp(after)] * size
        else:
            bwd[t] = _staying_sums(after, stay)
    return bwd
