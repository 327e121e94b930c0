"""The multi-outlet days themselves: their hand annotations name real blocks of their own
articles, the ANT day's articles stay outside the shared corpus, and a day whose articles
are absent skips saying how to get them."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from .conftest import PROJECT, corpus_dir
from .corpus_days import DAYS, Source, day_corpus, gold_dir, missing, training_days

ANT_MANIFESTS = sorted((PROJECT / "training" / "ant").glob("*.json"))


def _blocks(path: Path) -> list[str]:
    return re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())


@pytest.mark.parametrize("name", sorted(n for n, d in DAYS.items() if d.gold))
def test_gold_names_blocks_of_the_day_s_own_articles(name: str) -> None:
    day = DAYS[name]
    articles = day_corpus(day) / "articles_ar"
    gold = gold_dir(day)
    stories = json.loads((gold / "stories.json").read_text(encoding="utf-8"))["stories"]
    groups = json.loads((gold / "figures.json").read_text(encoding="utf-8"))["groups"]
    files = {f"{f}.txt" for f in day.files}
    blocks = {f: len(_blocks(articles / f)) for f in files}
    refs = [(b["file"], b["i"]) for s in stories for b in s["blocks"]]
    refs += [(m["file"], m["i"]) for g in groups for m in g["mentions"]]
    bad = [(f, i) for f, i in refs if f not in files or not 0 <= i < blocks[f]]
    assert not bad, f"{gold}: references outside the day's articles or blocks: {bad[:5]}"
    story_blocks = [(b["file"], b["i"]) for s in stories for b in s["blocks"]]
    assert len(story_blocks) == len(set(story_blocks)), f"{gold}: a block in two stories"
    for story in stories:  # a story is across files, else it is no story of the day
        assert len({b["file"] for b in story["blocks"]}) >= 2, story["what"]
    # Every article is named, else its paragraphs cannot be matched when scoring.
    assert {f for f, _ in refs} == files


def test_ant_days_are_their_manifests_and_none_of_them_is_in_the_shared_corpus() -> None:
    ant_days = [d for d in DAYS.values() if d.source is Source.ANT]
    assert {"golan", "daraa", "truce"} <= {d.name for d in ant_days}
    for day in ant_days:  # tests/days/2018-05-golan <-> training/ant/day-2018-05-golan.json
        assert day.gold is not None
        manifest_path = PROJECT / "training" / "ant" / f"day-{Path(day.gold).name}.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        assert sorted(a["id"] for a in manifest["articles"]) == sorted(day.files), day.name
    shared = corpus_dir()
    if shared is None:
        pytest.skip("real corpus not found: set BRIEFING_CORPUS or place it at ../shared/corpus")
    shared_articles = shared / "articles_ar"
    paths = {json.loads(m.read_text(encoding="utf-8")).get("source_path")
             for m in shared_articles.glob("*.meta.json")}
    digests = {hashlib.sha256(t.read_bytes()).hexdigest() for t in shared_articles.glob("*.txt")}
    for manifest_path in ANT_MANIFESTS:
        entries = json.loads(manifest_path.read_text(encoding="utf-8"))["articles"]
        assert not {e["path"] for e in entries} & paths, manifest_path
        assert not {e["sha256"] for e in entries} & digests, manifest_path


def test_the_check_day_is_never_fitted_on() -> None:
    """The clean check day measures the day layer; the story-weight fit
    (benchmarks/story_weights.py, through labelled_days) never sees it."""
    held = {name for name, day in DAYS.items() if day.held_out}
    assert "truce" in held
    assert DAYS["truce"].source is Source.ANT and DAYS["truce"].gold
    assert not held & set(training_days())
    assert {"douma", "ghouta", "golan", "daraa"} <= set(training_days())


def test_an_absent_ant_export_skips_saying_how_to_get_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_ANT_CORPUS", str(tmp_path / "ant-corpus"))
    with pytest.raises(pytest.skip.Exception, match=r"ant corpus not found .*ant_export\.py"):
        day_corpus(DAYS["golan"])
    (tmp_path / "ant-corpus" / "articles_ar").mkdir(parents=True)
    (tmp_path / "ant-corpus" / "articles_ar" / f"{DAYS['golan'].files[0]}.txt").write_text(
        "x\n", encoding="utf-8")
    reason = missing(DAYS["golan"])
    assert reason is not None
    assert f"10 of its articles are not in {tmp_path / 'ant-corpus' / 'articles_ar'}" in reason
    assert DAYS["golan"].files[1] in reason
