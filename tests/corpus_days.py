"""Multi-outlet days built from the corpus, as a new desk would import them.

Each day is a list of *labelled* corpus articles (never the unlabelled test set) reporting the
same weeks from several outlets, or of ANT corpus articles that are not in the shared corpus
at all (``training/ant/day-*.json``, exported by ``scripts/ant_export.py``). :func:`build_day`
imports them with ``briefing import`` (title, outlet, URL and publication time from each
article's ``.meta.json``) into one edition folder of a throwaway project. The text is read
from ``../shared/corpus`` or the exported ANT folder and written only to the folder given: it
is never copied into the project.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing.classify.corpus import ant_corpus, shared_corpus
from briefing.importer import import_article

from .conftest import PROJECT, corpus_dir


class Source(Enum):
    """Where a day's articles are read from."""

    #: ``../shared/corpus`` (``$BRIEFING_CORPUS``): labelled articles only.
    SHARED = "shared"
    #: The ANT articles exported by ``scripts/ant_export.py``: ``../ant-corpus`` beside the
    #: project (``$BRIEFING_ANT_CORPUS``), none of them in the shared corpus.
    ANT = "ant"


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
    #: The corpus folder the ``files`` are in (its ``articles_ar/``).
    source: Source = Source.SHARED
    #: A clean check day: annotated before any grouping code ran on it, it measures the day
    #: layer and is never fitted on (:func:`labelled_days` leaves it out).
    held_out: bool = False


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
    # The Israel-Iran exchange over the Golan, 8-11 May 2018: all five outlets. ANT articles
    # outside the shared corpus, annotated by hand before the grouping code ran on them.
    "golan": CorpusDay(
        "golan", dt.date(2018, 5, 11),
        ("ant-BB-middleEast-473-20180509", "ant-BB-middleEast-481-20180509",
         "ant-FR-middleEast-436-20180510", "ant-FR-middleEast-440-20180510",
         "ant-SK-middleEast-1568-20180510", "ant-SK-middleEast-1577-20180510",
         "ant-SK-middleEast-1578-20180510", "ant-CN-middleEast-869-20180510",
         "ant-CN-middleEast-873-20180510", "ant-AL-internationalNews-1100-20180510",
         "ant-AL-internationalNews-1117-20180511"),
        gold="tests/days/2018-05-golan", source=Source.ANT),
    # The government offensive on Daraa, 29 June - 2 July 2018: Al Arabiya, BBC, France 24,
    # Sky News. ANT articles outside the shared corpus, annotated like golan.
    "daraa": CorpusDay(
        "daraa", dt.date(2018, 7, 2),
        ("ant-AL-internationalNews-1811-20180629", "ant-BB-middleEast-681-20180629",
         "ant-FR-middleEast-709-20180629", "ant-SK-middleEast-2668-20180629",
         "ant-BB-middleEast-682-20180630", "ant-FR-middleEast-714-20180630",
         "ant-SK-middleEast-2685-20180630", "ant-BB-middleEast-688-20180701",
         "ant-FR-middleEast-720-20180701", "ant-BB-middleEast-690-20180702",
         "ant-FR-middleEast-718-20180702", "ant-SK-middleEast-2699-20180702"),
        gold="tests/days/2018-07-daraa", source=Source.ANT),
    # The Eastern Ghouta bombardment and the Security Council's 30-day truce draft, 20-23
    # February 2018: France 24, BBC, CNN, Sky News. The clean check day: ANT articles outside
    # the shared corpus, annotated by hand before any grouping code ran on them, and used to
    # measure the day layer, never to write its rules.
    "truce": CorpusDay(
        "truce", dt.date(2018, 2, 23),
        ("ant-FR-middleEast-26-20180220", "ant-BB-middleEast-66-20180221",
         "ant-BB-middleEast-71-20180221", "ant-CN-middleEast-55-20180221",
         "ant-SK-middleEast-22-20180222", "ant-SK-middleEast-14-20180222",
         "ant-BB-middleEast-77-20180222", "ant-CN-middleEast-62-20180222",
         "ant-BB-middleEast-78-20180223", "ant-CN-middleEast-76-20180223",
         "ant-SK-middleEast-35-20180223"),
        gold="tests/days/2018-02-truce", source=Source.ANT, held_out=True),
}


def ant_corpus_dir() -> Path:
    """The exported ANT articles' folder (the default of ``scripts/ant_export.py``)."""
    return ant_corpus()


def corpus_folder(day: CorpusDay) -> Path:
    """The corpus folder the day's articles are read from (its ``articles_ar/``)."""
    if day.source is Source.ANT:
        return ant_corpus_dir()
    return corpus_dir() or shared_corpus()


def missing(day: CorpusDay) -> str | None:
    """Why the day cannot be built here (its folder or some articles are absent), and how to
    get them; None when every article is there."""
    folder = corpus_folder(day)
    if day.source is Source.ANT:
        how = ("export them with `.venv/bin/python scripts/ant_export.py MIRROR` "
               "(training/README.md) or set BRIEFING_ANT_CORPUS")
    else:
        how = "set BRIEFING_CORPUS or place it at ../shared/corpus"
    if not folder.is_dir():
        return f"day {day.name!r}: {day.source.value} corpus not found at {folder}: {how}"
    absent = [f for f in day.files if not (folder / "articles_ar" / f"{f}.txt").is_file()]
    if absent:
        return (f"day {day.name!r}: {len(absent)} of its articles are not in "
                f"{folder / 'articles_ar'} (first {absent[0]}): {how}")
    return None


def day_corpus(day: CorpusDay) -> Path:
    """The corpus folder holding the day's articles; skips the calling test, saying why, when
    they are absent."""
    reason = missing(day)
    if reason is not None:
        pytest.skip(reason)
    return corpus_folder(day)


def gold_dir(day: CorpusDay) -> Path:
    """The day's hand annotation: under this project (``tests/days/``) or the shared corpus."""
    assert day.gold is not None
    if day.gold.startswith("tests/"):
        return PROJECT / day.gold
    shared = corpus_dir()
    if shared is None:
        pytest.skip("real corpus not found: set BRIEFING_CORPUS or place it at ../shared/corpus")
    return shared / "days" / day.gold

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


def training_days() -> dict[str, CorpusDay]:
    """The annotated days the story weights may be fitted on: not the held-out check days."""
    return {name: day for name, day in DAYS.items() if day.gold and not day.held_out}


def labelled_days(work: Path) -> list[LabelledDay]:
    """Every annotated day whose articles are here, imported into ``work`` and planned, its
    paragraphs matched to the annotated blocks (for fitting and scoring the story weights);
    held-out check days are left out."""
    from briefing.day.command import day_plan
    from briefing.day.evaluate import BlockMatcher
    from briefing.day.learn import LabelledDay
    from briefing.day.pairs import cosines, pair_features, vectors

    out = []
    for name, day in training_days().items():
        if day.gold is None or missing(day) is not None:
            continue
        corpus = corpus_folder(day)
        root = work / name
        build_day(corpus, day, root / "content")
        plan = day_plan(root, root / "content", None, day.edition)
        paragraphs = list(plan.paragraphs.values())
        matcher = BlockMatcher(corpus / "articles_ar", {f"{f}.txt" for f in day.files})
        blocks = {p.ref: block for p in paragraphs if (block := matcher.match(p.text))}
        stories = json.loads((gold_dir(day) / "stories.json")
                             .read_text(encoding="utf-8"))["stories"]
        gold = [[(b["file"], b["i"]) for b in story["blocks"]] for story in stories]
        cosine = cosines(vectors(paragraphs))
        out.append(LabelledDay(name, paragraphs, pair_features(paragraphs, cosine), cosine,
                               blocks, gold))
    return out
