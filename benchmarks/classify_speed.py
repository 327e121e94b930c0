"""Classification speed per corpus article (goal: <= 3 ms), with and without extraction.

    .venv/bin/python -m benchmarks.classify_speed [LABELS_DIR ARTICLES_DIR] [--repeat 5]

Times the labelled articles of the shared corpus and the seed (the articles without labels
are the test set and are not read here). The build runs the extract stage first and hands
its facts to the classifier, so "classify" times ``decide()`` given the facts; "extract +
classify" times the two together, as ``briefing classify`` does on a raw file. The weights
and the gazetteer are loaded, and one article is classified, before timing. Each pass
clears the memos of whole texts (paragraph scans, noise checks), so every paragraph is read
as new text; the vocabulary of analysed words stays warm, as it does in a build.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from briefing.classify.corpus import load_labelled
from briefing.classify.cues import decide, shipped_weights
from briefing.classify.kinds import noise_reason
from briefing.extract import extract_blocks, load_gazetteer
from briefing.text.normalize import normalise_block
from briefing.text.words import scan, words

PROJECT = Path(__file__).resolve().parent.parent


def _forget_texts() -> None:
    for memo in (scan, words, normalise_block, noise_reason):
        memo.cache_clear()


def measure(articles: list[list], repeat: int) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """Milliseconds per article of each pass, for each of the two measures."""
    shipped_weights()
    load_gazetteer()
    decide(articles[0], "ar")
    facts = [extract_blocks(blocks) for blocks in articles]
    out: dict[str, list[float]] = {"classify (facts given)": [], "extract + classify": []}
    for _ in range(repeat):
        _forget_texts()
        start = time.perf_counter()
        for blocks, found in zip(articles, facts, strict=True):
            decide(blocks, "ar", facts=found)
        out["classify (facts given)"].append((time.perf_counter() - start) * 1000 / len(articles))
        _forget_texts()
        start = time.perf_counter()
        for blocks in articles:
            decide(blocks, "ar")
        out["extract + classify"].append((time.perf_counter() - start) * 1000 / len(articles))
    return out


def main() -> int:
    corpus = PROJECT.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="?", default=corpus / "labels")
    parser.add_argument("articles", type=Path, nargs="?", default=corpus / "articles_ar")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = [list(a.blocks) for a in load_labelled(args.labels, args.articles)]
    blocks = sum(len(a) for a in articles)
    print(f"{len(articles)} labelled articles, {blocks} blocks; ms per article "
          f"(median of {args.repeat} passes, and the first pass); goal <= 3 ms for classify")
    for name, values in measure(articles, args.repeat).items():
        print(f"  {name:<24} {statistics.median(values):6.2f} ms  (first pass {values[0]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
