"""The benchmark corpus: N articles x (ar, en) over D days, generated from the seed article.

Every article derives from ``content/2024-12-03/syria-offensive-reactions.{ar,en}.md``
(the seed and its English translation), varied deterministically so that no two articles
are the same text: the parts (a subheading and its paragraphs) are reordered, some
paragraphs are left out, place names are permuted and every paragraph carries the
article's number. The same choices are made for both languages, so the English file stays
aligned with the Arabic one paragraph for paragraph and subheading for subheading.

The same bodies are written three ways, front matter converted as each tool needs it:
briefing (``content/<date>/<slug>.<lang>.md``), Pelican (``Title:``/``Date:``/``Lang:``
headers) and Hugo (YAML front matter, ``<slug>.<lang>.md`` as Hugo's translation by file
name).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEED_DIR = PROJECT / "content" / "2024-12-03"
SEED_SLUG = "syria-offensive-reactions"
FIRST_DAY = dt.date(2024, 1, 1)
LANGS = ("ar", "en")

#: Place names swapped together in both languages (Arabic, English).
PLACES = (("حلب", "Aleppo"), ("إدلب", "Idlib"), ("حماة", "Hama"), ("حمص", "Homs"))
#: A phrase carrying the article number, added to every paragraph.
MARKER = {"ar": " (تقرير رقم {n})", "en": " (report no. {n})"}
TITLE_MARKER = {"ar": "، تقرير {n}", "en": ", report {n}"}


@dataclass(frozen=True)
class Seed:
    """One language of the seed: title, source name and its blocks (text, is heading)."""

    title: str
    source: str
    blocks: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    date: dt.date
    number: int
    #: language -> (title, source name, body Markdown)
    texts: dict[str, tuple[str, str, str]]


def read_seed(lang: str) -> Seed:
    text = (SEED_DIR / f"{SEED_SLUG}.{lang}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = source = ""
    for line in front.splitlines():
        if line.startswith("title:"):
            title = line.partition(":")[2].strip()
        elif line.strip().startswith("name:"):
            source = line.partition(":")[2].strip()
    blocks = tuple((chunk.strip().removeprefix("## ").strip(), chunk.startswith("## "))
                   for chunk in body.strip().split("\n\n") if chunk.strip())
    return Seed(title, source, blocks)


def _parts(blocks: tuple[tuple[str, bool], ...]) -> list[list[int]]:
    """Block indexes grouped as (subheading, its paragraphs); the lead part has no heading."""
    parts: list[list[int]] = [[]]
    for i, (_, heading) in enumerate(blocks):
        if heading:
            parts.append([])
        parts[-1].append(i)
    return [p for p in parts if p]


def generate_articles(articles: int, days: int, seed: int = 6) -> list[GeneratedArticle]:
    """``articles`` articles spread evenly over ``days`` days, each in ar and en."""
    seeds = {lang: read_seed(lang) for lang in LANGS}
    blocks_ar = seeds["ar"].blocks
    if [h for _, h in blocks_ar] != [h for _, h in seeds["en"].blocks]:
        raise SystemExit("the seed's translation is not aligned with the original")
    parts = _parts(blocks_ar)
    out = []
    for n in range(articles):
        rng = random.Random(seed * 1_000_003 + n)
        order = [parts[0], *rng.sample(parts[1:], len(parts) - 1)]
        chosen: list[int] = []
        for part in order:
            for i in part:
                heading = blocks_ar[i][1]
                if heading or rng.random() < 0.8 or i == part[-1]:
                    chosen.append(i)
        places = list(range(len(PLACES)))
        rng.shuffle(places)
        date = FIRST_DAY + dt.timedelta(days=n * days // articles)
        texts = {}
        for lang_index, lang in enumerate(LANGS):
            body = []
            for i in chosen:
                text, heading = seeds[lang].blocks[i]
                text = _swap_places(text, lang_index, places)
                body.append(f"## {text}" if heading else text + MARKER[lang].format(n=n + 1))
            title = seeds[lang].title + TITLE_MARKER[lang].format(n=n + 1)
            texts[lang] = (title, seeds[lang].source, "\n\n".join(body) + "\n")
        out.append(GeneratedArticle(f"report-{n + 1:05d}", date, n + 1, texts))
    return out


def _swap_places(text: str, lang_index: int, places: list[int]) -> str:
    """Permute the place names (whole words; Arabic ones may carry a prefix such as و)."""
    tokens = {i: f"\0{i}\0" for i in range(len(PLACES))}
    for i, names in enumerate(PLACES):
        before = r"(?<!\w)" if lang_index else ""
        text = re.sub(before + re.escape(names[lang_index]) + r"(?!\w)", tokens[i], text)
    for i, target in enumerate(places):
        text = text.replace(tokens[i], PLACES[target][lang_index])
    return text


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_briefing(items: list[GeneratedArticle], content: Path) -> None:
    """``content/<date>/<slug>.<lang>.md`` with briefing's front matter."""
    _write(items, content, lambda item, lang, title, source, body: (
        f"---\ntitle: {_yaml_string(title)}\ndate: {item.date.isoformat()}\n"
        f"source:\n  name: {_yaml_string(source)}\n---\n\n{body}"))


def write_pelican(items: list[GeneratedArticle], content: Path) -> None:
    """Pelican's Markdown metadata header; translations share a slug and differ by Lang."""
    _write(items, content, lambda item, lang, title, source, body: (
        f"Title: {title}\nDate: {item.date.isoformat()} 06:00\nSlug: {item.slug}\n"
        f"Lang: {lang}\nCategory: briefing\nSource: {source}\n\n{body}"))


def write_hugo(items: list[GeneratedArticle], content: Path) -> None:
    """Hugo's YAML front matter; ``<slug>.<lang>.md`` makes the pair translations."""
    _write(items, content / "posts", lambda item, lang, title, source, body: (
        f"---\ntitle: {_yaml_string(title)}\ndate: {item.date.isoformat()}\n"
        f"slug: {item.slug}\nsource: {_yaml_string(source)}\n---\n\n{body}"), fresh=content)


def _write(items: list[GeneratedArticle], folder: Path,
           render: Callable[[GeneratedArticle, str, str, str, str], str],
           fresh: Path | None = None) -> None:
    """``<folder>/<date>/<slug>.<lang>.md`` for every article and language, the text made by
    ``render(item, lang, title, source, body)``; ``fresh`` (default ``folder``) is emptied
    first."""
    _fresh(fresh or folder)
    for item in items:
        day = folder / item.date.isoformat()
        day.mkdir(parents=True, exist_ok=True)
        for lang, (title, source, body) in item.texts.items():
            (day / f"{item.slug}.{lang}.md").write_text(render(item, lang, title, source, body),
                                                       encoding="utf-8")


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def add_day(content: Path) -> Path:
    """A new day after the last one in ``content``: the last day's articles again under new
    slugs, both languages (what a desk publishing a day does to the archive)."""
    last = sorted(p for p in content.iterdir() if p.is_dir())[-1]
    new = last.parent / (dt.date.fromisoformat(last.name) + dt.timedelta(days=1)).isoformat()
    new.mkdir()
    for path in sorted(last.glob("*.md")):
        slug, lang, _ = path.name.split(".")
        text = path.read_text(encoding="utf-8").replace(f"date: {last.name}",
                                                        f"date: {new.name}")
        (new / f"{slug}-new.{lang}.md").write_text(text, encoding="utf-8")
    return new
