"""Multi-outlet days built from the shared corpus, as a new desk would import them.

Each day is a list of *labelled* corpus articles (never the unlabelled test set) reporting the
same weeks from several outlets. :func:`build_day` imports them with ``briefing import``
(title, outlet, URL and publication time from each article's ``.meta.json``) into one edition
folder of a throwaway project. The text is read from ``../shared/corpus`` and written only to
the folder given: it is never copied into the project.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.importer import import_article

if TYPE_CHECKING:
    from briefing.day.learn import LabelledDay


@dataclass(frozen=True)
class CorpusDay:
    name: str
    edition: dt.date
    files: tuple[str, ...]
    #: Hand-made stories.json and figures.json: a folder under ``corpus/days/``, or one
    #: under this project (``tests/days/``: a day the developers annotated), if any.
    gold: str | None = None


DAYS = {
    "douma": CorpusDay(
        "douma", dt.date(2018, 4, 17),
        ("ant-BB-middleEast-312-20180408", "ant-BB-middleEast-318-20180409",
         "ant-BB-middleEast-364-20180417", "ant-FR-middleEast-254-20180410",
         "ant-FR-middleEast-285-20180415", "ant-FR-middleEast-295-20180414",
         "ant-FR-middleEast-300-20180416", "ant-SK-middleEast-989-20180412"),
        gold="2018-04-douma"),
    # Eastern Ghouta and Afrin, March to early April 2018: BBC, France 24, Sky News, CNN.
    "ghouta": CorpusDay(
        "ghouta", dt.date(2018, 4, 6),
        ("ant-BB-middleEast-161-20180308", "ant-BB-middleEast-174-20180311",
         "ant-FR-middleEast-107-20180305", "ant-FR-middleEast-175-20180318",
         "ant-SK-middleEast-401-20180319", "ant-FR-middleEast-211-20180402",
         "ant-FR-middleEast-214-20180406", "ant-CN-middleEast-463-20180403",
         "ant-FR-middleEast-199-20180404"),
        gold="tests/days/2018-04-ghouta"),
    # The week of the Western strikes, 11-16 April 2018: Sky News, CNN, France 24. Annotated
    # by hand as a check of the story grouping after its rules were set on the two days above.
    "strikes": CorpusDay(
        "strikes", dt.date(2018, 4, 16),
        ("ant-SK-middleEast-950-20180411", "ant-SK-middleEast-989-20180412",
         "ant-CN-middleEast-600-20180413", "ant-FR-middleEast-287-20180415",
         "ant-SK-middleEast-1062-20180416", "ant-FR-middleEast-300-20180416"),
        gold="tests/days/2018-04-strikes"),
}

_OUTLET = re.compile(r"\s*\((?:Arabic|عربي)\)\s*$")


def slug_of(file_id: str) -> str:
    """``ant-BB-middleEast-312-20180408`` -> ``bb-312``."""
    parts = file_id.split("-")
    return f"{parts[1].lower()}-{parts[-2]}"


def outlet_name(publisher: str) -> str:
    """One name per outlet ("France 24 (Arabic)" and "France 24 Arabic" are the same)."""
    name = _OUTLET.sub("", publisher).strip()
    return re.sub(r"\s+Arabic$", "", name)


def build_day(corpus: Path, day: CorpusDay, content_dir: Path) -> dict[str, str]:
    """Import the day's articles into ``content_dir``; returns slug -> corpus file name."""
    slugs: dict[str, str] = {}
    articles = corpus / "articles_ar"
    for file_id in day.files:
        meta = json.loads((articles / f"{file_id}.meta.json").read_text(encoding="utf-8"))
        slug = slug_of(file_id)
        result = import_article(articles / f"{file_id}.txt", day.edition, content_dir,
                                source_name=outlet_name(meta["publisher"]),
                                source_url=meta.get("original_url") or None, slug=slug,
                                title=meta["title"].strip())
        published = email.utils.parsedate_to_datetime(meta["published"])
        text = result.path.read_text(encoding="utf-8")
        text = text.replace(f"\ndate: {day.edition.isoformat()}\n",
                            f"\ndate: {day.edition.isoformat()}\n"
                            f"published: {published.isoformat()}\n", 1)
        result.path.write_text(text, encoding="utf-8")
        slugs[slug] = f"{file_id}.txt"
    return slugs


def gold_dir(corpus: Path, project: Path, day: CorpusDay) -> Path:
    """The folder of the day's stories.json and figures.json."""
    assert day.gold is not None
    return project / day.gold if day.gold.startswith("tests/") else corpus / "days" / day.gold


def labelled_days(corpus: Path, project: Path, work: Path) -> list[LabelledDay]:
    """Every annotated day, imported into ``work`` and planned, its paragraphs matched to the
    annotated blocks (for fitting and scoring the story weights)."""
    from briefing.day.command import day_plan
    from briefing.day.evaluate import BlockMatcher
    from briefing.day.learn import LabelledDay
    from briefing.day.pairs import cosines, pair_features, vectors

    out = []
    for name, day in DAYS.items():
        if day.gold is None:
            continue
        root = work / name
        build_day(corpus, day, root / "content")
        plan = day_plan(root, root / "content", None, day.edition)
        paragraphs = list(plan.paragraphs.values())
        matcher = BlockMatcher(corpus / "articles_ar", {f"{f}.txt" for f in day.files})
        blocks = {p.ref: block for p in paragraphs if (block := matcher.match(p.text))}
        stories = json.loads((gold_dir(corpus, project, day) / "stories.json")
                             .read_text(encoding="utf-8"))["stories"]
        gold = [[(b["file"], b["i"]) for b in story["blocks"]] for story in stories]
        cosine = cosines(vectors(paragraphs))
        out.append(LabelledDay(name, paragraphs, pair_features(paragraphs, cosine), cosine,
                               blocks, gold))
    return out
