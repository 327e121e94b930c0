"""Story grouping on every hand-annotated day in one table: pairwise F1 (precision / recall)
at the shipped threshold, and the mean F1 over thresholds around it.

    .venv/bin/python -m benchmarks.story_days

Every day of tests/corpus_days.py with an annotation whose articles are here is built from
its corpus into a temporary folder (as ``benchmarks.story_weights`` does; the news text never
enters the project), planned, and scored as ``briefing eval-day`` scores its stories. A day's
F1 swings by tenths when the threshold moves by a hundredth (a few merges of large groups
decide it), so the second figure, the mean over 0.85-1.15 times ``THRESHOLD``, says whether a
change helps or only moves the cut-off: compare both before and after a change. About ten
seconds.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from briefing.day.evaluate import PairScore, pair_score
from briefing.day.learn import THRESHOLD, LabelledDay, StoryModel
from briefing.day.stories import story_groups

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.corpus_days import labelled_days  # noqa: E402

#: Multiples of the threshold the second column averages over.
BAND = tuple(0.85 + 0.025 * k for k in range(13))


def score(day: LabelledDay, model: StoryModel) -> PairScore:
    groups = story_groups(day.paragraphs, day.features, day.cosines, model)
    predicted = [[block for i in group if (block := day.blocks.get(day.paragraphs[i].ref))]
                 for group in groups]
    return pair_score(predicted, day.gold)  # type: ignore[arg-type]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        days = labelled_days(Path(tmp))
    if not days:
        print("no annotated day found: set BRIEFING_CORPUS and BRIEFING_ANT_CORPUS "
              "(tests/corpus_days.py)", file=sys.stderr)
        return 1
    shipped = StoryModel()
    print(f"| day | stories F1 (P / R) at {THRESHOLD} | mean F1 over {BAND[0]:.2f}-"
          f"{BAND[-1]:.2f} x threshold |")
    print("|---|---|---|")
    at, band = [], []
    for day in days:
        s = score(day, shipped)
        mean = sum(score(day, StoryModel(shipped.weights, THRESHOLD * f)).f1
                   for f in BAND) / len(BAND)
        at.append(s.f1)
        band.append(mean)
        print(f"| {day.name} | {s.f1:.3f} ({s.precision:.3f} / {s.recall:.3f}) | {mean:.3f} |")
    print(f"| mean | {sum(at) / len(at):.3f} | {sum(band) / len(band):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
