"""The process pool of a build's per-article stages: one worker per core, only when it pays."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Article


def default_workers() -> int:
    """One worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


#: Below this many articles to compute, a process pool costs more than it saves.
POOL_MIN_ARTICLES = 24


def map_articles(compute: Callable[[Article], object], articles: list[Article],
                 workers: int | None = None) -> list[object]:
    """``compute`` of each article, on every core when there are many articles."""
    workers = min(workers or default_workers(), len(articles) // POOL_MIN_ARTICLES)
    if workers <= 1:
        return [compute(article) for article in articles]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(articles) // (workers * 8))
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(compute, articles, chunksize=chunk))
