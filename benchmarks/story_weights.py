"""Story weights fitted on the hand-annotated days, scored leave-one-day-out (the table in
the README, "A day of many articles").

    .venv/bin/python -m benchmarks.story_weights

Every day of tests/corpus_days.py with an annotation whose articles are here (but the held-out
check day, which is never fitted on) is built from its corpus ($BRIEFING_CORPUS or
../shared/corpus; the exported ANT articles) as a desk would import it, into a temporary folder
(the news text never enters the project), planned, and its paragraphs matched to the annotated
blocks. For each day, the weights are fitted (briefing.day.learn.fit) on the *other* days and
the day left out is scored with them and with the shipped weights: pairwise story F1 as
``briefing eval-day`` gives it. Then the fit on every day, in-sample. Deterministic; about ten
minutes on the 2-core machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from briefing.day.learn import WEIGHTS, StoryModel, day_f1, fit
from briefing.day.stories import story_groups

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.corpus_days import labelled_days  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        days = labelled_days(Path(tmp))
    if len(days) < 2:
        print("fewer than two annotated days found: set BRIEFING_CORPUS and "
              "BRIEFING_ANT_CORPUS (tests/corpus_days.py)", file=sys.stderr)
        return 1
    shipped = StoryModel()
    print("| held-out day | shipped weights | fitted on the other days | weights moved |")
    print("|---|---|---|---|")
    for held in days:
        model = fit([d for d in days if d is not held], story_groups)
        moved = ", ".join(f"{k} {WEIGHTS.get(k, 0.0):+.2f}->{v:+.2f}"
                          for k, v in sorted(model.weights.items()) if v != WEIGHTS.get(k))
        print(f"| {held.name} | {day_f1(held, shipped, story_groups):.3f} "
              f"| {day_f1(held, model, story_groups):.3f} | {moved or 'none'} |")
    model = fit(days, story_groups)
    scores = ", ".join(f"{d.name} {day_f1(d, model, story_groups):.3f}" for d in days)
    print(f"fitted on all {len(days)} days, in-sample: {scores}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
