#!/usr/bin/env python3
"""Train the section classifier on the labelled corpus and write the shipped weights.

    .venv/bin/python scripts/train_classifier.py [LABELS_DIR ARTICLES_DIR] [--out PATH]

Defaults: the corpus at $BRIEFING_CORPUS or ../shared/corpus beside the project (its
labels/ and articles_ar/ folders), and briefing/classify/weights.json. The weights file holds
feature names (lexicon categories, context cues, single-word stems) and their weights, never
article text. Training is deterministic: the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.classify.corpus import load_labelled  # noqa: E402
from briefing.classify.cues import WEIGHTS_PATH  # noqa: E402
from briefing.classify.train import fit  # noqa: E402


def main() -> int:
    corpus = Path(os.environ.get("BRIEFING_CORPUS", PROJECT.parent / "shared" / "corpus"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="?", default=corpus / "labels")
    parser.add_argument("articles", type=Path, nargs="?", default=corpus / "articles_ar")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args()
    articles = load_labelled(args.labels, args.articles)
    weights = fit(articles)
    weights.save(args.out)
    meta = weights.meta
    print(f"wrote {args.out}: {meta['articles']} articles, {meta['paragraphs']} paragraphs, "
          f"{meta['vocabulary']} words, {len(weights.full.weights)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
