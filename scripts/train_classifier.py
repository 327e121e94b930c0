#!/usr/bin/env python3
"""Train the section classifier on the labelled corpus and write the shipped weights.

    .venv/bin/python scripts/train_classifier.py [--set LABELS_DIR ARTICLES_DIR ...] [--out PATH]

Default sets: the shared corpus at $BRIEFING_CORPUS or ../shared/corpus beside the project
(its labels/ and articles_ar/ folders), then the project's training/labels with the ANT
articles exported by scripts/ant_export.py ($BRIEFING_ANT_CORPUS or ../ant-corpus); the
output is briefing/classify/weights.json. The weights file holds feature names (lexicon
categories, context cues, single-word stems), their weights and the digest of the labels,
never article text. Training is deterministic: the same labels give the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.classify.corpus import LabelSet, load_sets, training_sets  # noqa: E402
from briefing.classify.cues import WEIGHTS_PATH  # noqa: E402
from briefing.classify.train import fit  # noqa: E402
from briefing.errors import ContentError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs=2, type=Path, action="append", dest="sets",
                        metavar=("LABELS_DIR", "ARTICLES_DIR"))
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args()
    sets = ([LabelSet(labels, articles) for labels, articles in args.sets] if args.sets
            else list(training_sets()))
    try:
        articles = load_sets(sets)
    except ContentError as exc:
        print(f"train_classifier: {exc}", file=sys.stderr)
        return 1
    weights = fit(articles)
    weights.save(args.out)
    meta = weights.meta
    print(f"wrote {args.out}: {meta['articles']} articles, {meta['paragraphs']} paragraphs, "
          f"{meta['vocabulary']} words, {len(weights.full.weights)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
