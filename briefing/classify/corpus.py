"""The labelled corpus: ``*.labels.json`` files and the raw articles they describe.

A labels file names its article (``"file"``) and gives, for block *i* of the blank-line split
(from 0), the accepted primary ``labels`` (two when the annotators differed) and
``secondary`` sections. The article is looked for in the articles folder; when it is not
there (the seed's labels say ``seed.txt``), the project's ``seeds/`` folder is searched for
the file whose blocks match the labels' ``start`` texts. The corpus is read in place and
never copied into the project.

Each article's *outlet* (the publisher, for the held-out-publisher evaluation) comes from the
``publisher`` of the ``*.meta.json`` beside it, folded so that one outlet's spellings meet
("France 24 (Arabic)" and "France 24 Arabic" are ``france 24``); without one, from the file
name's prefix (``ant-SK-...`` -> ``sk``, ``bbccrawler-...`` -> ``bbccrawler``; the seed is
``seed``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..model import Block
from ..rawtext import normalise_newlines, split_blocks
from .kinds import raw_blocks

PROJECT = Path(__file__).resolve().parents[2]
#: The project's own raw articles, searched when the articles folder lacks a labelled file.
PROJECT_SEEDS = PROJECT / "seeds"
#: Labels the project made for more articles of the ANT corpus (training/README.md).
PROJECT_LABELS = PROJECT / "training" / "labels"


@dataclass(frozen=True)
class LabelSet:
    """A folder of ``*.labels.json`` files and the folder of the articles they describe."""

    labels: Path
    articles: Path


def shared_corpus() -> Path:
    """The shared corpus: $BRIEFING_CORPUS, else ../shared/corpus beside the project."""
    return Path(os.environ.get("BRIEFING_CORPUS", PROJECT.parent / "shared" / "corpus"))


def ant_corpus() -> Path:
    """The exported ANT articles (scripts/ant_export.py): $BRIEFING_ANT_CORPUS, else
    ../ant-corpus beside the project."""
    return Path(os.environ.get("BRIEFING_ANT_CORPUS", PROJECT.parent / "ant-corpus"))


def training_sets() -> tuple[LabelSet, ...]:
    """What the shipped weights are trained on: the shared corpus's labels, then the
    project's own labels of exported ANT articles."""
    return (LabelSet(shared_corpus() / "labels", shared_corpus() / "articles_ar"),
            LabelSet(PROJECT_LABELS, ant_corpus() / "articles_ar"))


def labels_digest(entries: Iterable[tuple[str, Sequence[Sequence[str]],
                                          Sequence[Sequence[str]]]]) -> str:
    """One digest of (article name, labels, secondary) for every article, in name order:
    the same from the labels files alone as from the loaded articles."""
    canonical = sorted((name, [list(x) for x in labels], [list(x) for x in secondary])
                       for name, labels, secondary in entries)
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


def label_file_entries(labels_dir: Path) -> list[tuple[str, list[list[str]], list[list[str]]]]:
    """(article name, labels, secondary) of each labels file, read without the articles."""
    out = []
    for path in sorted(labels_dir.glob("*.labels.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((str(data["file"]), [list(e["labels"]) for e in data["blocks"]],
                    [list(e.get("secondary", ())) for e in data["blocks"]]))
    return out


@dataclass(frozen=True)
class LabelledArticle:
    """One article with its blocks (kinds predicted from the raw text) and their labels."""

    name: str
    path: Path
    blocks: tuple[Block, ...]
    labels: tuple[tuple[str, ...], ...]
    secondary: tuple[tuple[str, ...], ...]
    outlet: str = ""


#: Words that only say which edition of an outlet it is ("BBC News Arabic").
_EDITION_WORDS = re.compile(r"\b(?:arabic|arabia|arabi|news)\b")


def fold_outlet(publisher: str) -> str:
    """One key per outlet: lower case, no brackets, punctuation or edition words."""
    folded = _EDITION_WORDS.sub(" ", re.sub(r"[^\w ]+", " ", publisher.lower()))
    return " ".join(folded.split())


def outlet_of(path: Path, name: str) -> str:
    """The publisher of an article: its ``.meta.json``, else its file name's prefix."""
    meta = path.with_suffix(".meta.json")
    if meta.is_file():
        try:
            publisher = json.loads(meta.read_text(encoding="utf-8")).get("publisher")
        except (ValueError, AttributeError):
            publisher = None
        if isinstance(publisher, str) and fold_outlet(publisher):
            return fold_outlet(publisher)
    stem = Path(name).stem
    match = re.match(r"ant-([A-Za-z]+)-", stem)
    return (match.group(1) if match else re.split(r"[-_.\d]", stem)[0] or stem).lower()


def _starts_match(text: str, entries: list[dict[str, object]]) -> bool:
    raw = split_blocks(text)
    if len(raw) != len(entries):
        return False
    return all(r.text.startswith(str(e.get("start", "")).strip()[:20]) or
               normalise_newlines(str(e.get("start", ""))).strip()[:20] in r.text
               for r, e in zip(raw, entries, strict=True))


def find_article(name: str, entries: list[dict[str, object]], articles_dir: Path,
                 seeds_dir: Path = PROJECT_SEEDS) -> Path | None:
    """The raw article a labels file describes (see the module docstring)."""
    direct = articles_dir / name
    if direct.is_file():
        return direct
    candidates = [seeds_dir / name, *sorted(seeds_dir.glob("*.txt"))] if seeds_dir.is_dir() \
        else []
    for path in candidates:
        if path.is_file() and _starts_match(path.read_text(encoding="utf-8"), entries):
            return path
    return None


def load_labelled(labels_dir: Path, articles_dir: Path,
                  seeds_dir: Path = PROJECT_SEEDS) -> list[LabelledArticle]:
    """Every labelled article, sorted by labels file name. Raises ContentError on a labels
    file whose article is missing or whose block count differs from the text's."""
    articles = []
    for labels_path in sorted(labels_dir.glob("*.labels.json")):
        try:
            data = json.loads(labels_path.read_text(encoding="utf-8"))
            entries = data["blocks"]
            name = str(data["file"])
            if not all(e.get("labels") for e in entries):
                raise ValueError("a block has no labels")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ContentError(f"not a labels file ({exc})", labels_path, None,
                               'expected {"file": ..., "blocks": [{"labels": [...]}, ...]}'
                               ) from exc
        path = find_article(name, entries, articles_dir, seeds_dir)
        if path is None:
            raise ContentError(f"article {name!r} not found", labels_path, None,
                               f"put it in {articles_dir} or the project's seeds/ folder")
        blocks = raw_blocks(path.read_text(encoding="utf-8"))
        if len(blocks) != len(entries):
            raise ContentError(f"{len(entries)} labelled blocks but {path.name} has "
                               f"{len(blocks)} blank-line blocks", labels_path, None,
                               "labels must follow the article's blank-line blocks")
        articles.append(LabelledArticle(
            name=name, path=path, blocks=tuple(blocks),
            labels=tuple(tuple(e["labels"]) for e in entries),
            secondary=tuple(tuple(e.get("secondary", ())) for e in entries),
            outlet=outlet_of(path, name)))
    return articles


def load_sets(sets: Sequence[LabelSet], seeds_dir: Path = PROJECT_SEEDS
              ) -> list[LabelledArticle]:
    """Every article of several label sets, in order; an article labelled twice is refused."""
    articles: list[LabelledArticle] = []
    seen: set[str] = set()
    for label_set in sets:
        if not label_set.articles.is_dir():
            raise ContentError("articles folder not found", label_set.articles, None,
                               "for training/labels: export the ANT articles with "
                               "scripts/ant_export.py (training/README.md)")
        for article in load_labelled(label_set.labels, label_set.articles, seeds_dir):
            if article.name in seen:
                raise ContentError(f"{article.name} is labelled twice", label_set.labels,
                                   None, "keep one labels file per article")
            seen.add(article.name)
            articles.append(article)
    return articles
