"""``briefing digest DATE`` and ``briefing eval-day``: one day's plan as data, and its score
against stories and figure groups annotated by hand."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import BuildErrors, ContentError
from .digest import digest_json
from .editor import load_choices
from .evaluate import evaluate_day
from .model import DayPlan


def day_plan(root: Path, content_dir: Path, cache_dir: Path | None, date: dt.date) -> DayPlan:
    """Read, classify and extract one day's articles (reusing the build cache, adding
    nothing to it) and plan the day with the editor's choices."""
    from ..cache import BuildCache
    from ..config import load_config
    from ..extract import PROJECT_FILE
    from ..pipeline import BuildReport, adapted_model
    from ..reader import read_content

    config = load_config(root)
    cache = BuildCache(cache_dir, read_only=True)
    articles = [a for a in read_content(content_dir, config.codes, read=cache.read_file)
                if a.date == date]
    if not articles:
        raise BuildErrors([ContentError(f"no articles for {date.isoformat()}",
                                        content_dir / date.isoformat(), None,
                                        "check the date, or import articles for that day")])
    # As the build does: facts first, the classifier reading them, the desk's model.
    facts, gazetteer = cache.facts(articles, root / PROJECT_FILE)
    items = cache.classify(articles, facts=facts, salt=gazetteer,
                           model=adapted_model(root, BuildReport()))
    return cache.plan_day(date, items, load_choices(content_dir / date.isoformat()))


def run_digest(plan: DayPlan, fmt: str) -> int:
    data = digest_json(plan)
    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"{data['date']}: {len(data['stories'])} stories, {len(data['figures'])} figures")
    for story in data["stories"]:
        if len(story["paragraphs"]) < 2:
            continue
        refs = ", ".join(f"{p['article']}-p{p['paragraph']}" for p in story["paragraphs"])
        print(f"  [{story['section']}] {', '.join(story['outlets'])}: {refs}")
    for group in data["figures"]:
        if len(group["mentions"]) < 2 and not group["implausible"]:
            continue
        values = ", ".join(f"{m['value']} ({m['outlet']})" for m in group["mentions"])
        flags = [f for f in ("conflict", "background", "implausible") if group[f]]
        print(f"  {group['what']}: {values}{' [' + ', '.join(flags) + ']' if flags else ''}")
    return 0


def run_eval_day(digest: dict[str, Any], gold_dir: Path, articles_dir: Path, fmt: str) -> int:
    score = evaluate_day(digest, gold_dir, articles_dir)
    if fmt == "json":
        print(json.dumps(score.to_json(), indent=1))
        return 0
    for name, part in (("stories", score.stories), ("figures", score.figures)):
        print(f"{name:8} pairwise F1 {part.f1:.3f} (precision {part.precision:.3f}, recall "
              f"{part.recall:.3f}; {part.predicted_pairs} pairs made, {part.gold_pairs} in the "
              "annotation)")
    if score.unmatched:
        print(f"{score.unmatched} paragraph(s) matched no annotated block")
    return 0
