"""Builds day by day (briefing/stream.py): after an edit or a new day, the incremental build
computes only the changed days and publishes, file by file, the site a cold build of the
same content publishes (``--force``, empty cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, BuildReport, build

from .conftest import copy_project


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _compare(incremental: Path, cold: Path) -> None:
    ours, theirs = _site_bytes(incremental), _site_bytes(cold)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The project with 13 days of 2 generated articles each (section pages paginate at
    ten days), written as the benchmark writes them."""
    from benchmarks import corpus

    root = copy_project(tmp_path / "project")
    corpus.write_briefing(corpus.generate_articles(26, 13), root / "content")
    return root


def _cold(root: Path, tmp_path: Path, name: str) -> Path:
    """A --force build of ``root``'s content from an empty cache, into its own folder."""
    out = tmp_path / name
    out.mkdir()
    for kept in ("README.md", ".gitignore"):  # carried over from the previous site
        if (root / "site" / kept).is_file():
            shutil.copy(root / "site" / kept, out / kept)
    build(BuildOptions.for_root(root, pdf=False, out_dir=out, cache_dir=tmp_path / f"{name}-cache"))
    return out


def _days(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").iterdir() if p.is_dir())


def _incremental(root: Path) -> BuildReport:
    return build(BuildOptions.for_root(root, pdf=False))


def test_edit_and_new_day_build_only_what_changed(archive: Path, tmp_path: Path) -> None:
    first = _incremental(archive)
    files = first.cache.files_parsed
    assert files == sum(len(list(d.glob("*.md"))) for d in _days(archive))
    # A cold build reads each day once: a day rendered after it left memory (13 days, 12
    # held) comes back from the build's own copy, not read again from the cache.
    assert first.cache.files_cached == 0

    # One article of a middle day edited in both languages.
    day = _days(archive)[6]
    for path in sorted(day.glob("*.md"))[:2]:
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + " (edited)\n",
                        encoding="utf-8")
    edit = _incremental(archive)
    # The changed day is read again; unchanged days are read (from the cache) only for
    # the section pages that show the changed one (at most ten days of one page).
    assert edit.cache.files_parsed == 2
    assert edit.cache.files_cached <= 2 * 2 * 10
    assert edit.cache.articles_classified == 1
    assert edit.cache.pages_rendered < first.cache.pages_rendered / 3
    _compare(archive / "site", _cold(archive, tmp_path, "cold-edit"))

    # A new day, copied from the last one under new slugs.
    from benchmarks import corpus

    last = _days(archive)[-1]
    new = corpus.add_day(archive / "content")
    before = _site_bytes(archive / "site")
    added = _incremental(archive)
    assert added.cache.files_parsed == len(list(new.glob("*.md")))
    assert added.editions == first.editions + 2
    _compare(archive / "site", _cold(archive, tmp_path, "cold-new-day"))
    _changed_by_a_new_day(before, _site_bytes(archive / "site"), last.name, new.name)

    # The day removed again: the site is the first one's content again.
    shutil.rmtree(new)
    _incremental(archive)
    _compare(archive / "site", _cold(archive, tmp_path, "cold-removed"))


def _changed_by_a_new_day(before: dict[str, bytes], after: dict[str, bytes], last: str,
                          new: str) -> None:
    """A new day adds its own pages and changes only the pages that list the newest days:
    per language the archive's and the sections' newest pages, the latest/ page, the day
    before's edition (its "next" link), the feed; the home page, sitemap, search index,
    the fonts' stylesheet. Older archive and section pages stay byte for byte."""
    changed = sorted(p for p in after if p in before and after[p] != before[p])
    added = sorted(p for p in after if p not in before)
    assert not [p for p in before if p not in after and not p.startswith("pagefind/")]
    assert all(f"/{new}/" in p or p.startswith("pagefind/") for p in added), added
    allowed = {"index.html", "sitemap.xml", ".briefing-manifest.json", "assets/fonts.css"}
    for lang in ("ar", "en"):
        allowed |= {f"{lang}/index.html", f"{lang}/latest/index.html", f"{lang}/feed.xml",
                    f"{lang}/{last}/index.html"}
        allowed |= {f"{lang}/sections/{key}/index.html"
                    for key in ("diplomacy", "battlefield", "humanitarian", "un")}
    unexpected = [p for p in changed if p not in allowed and not p.startswith("pagefind/")
                  and not p.startswith("assets/fonts/")]
    assert not unexpected, unexpected
    # Archive pages counted from the oldest: page 1 (ten days) was there and stays.
    for lang in ("ar", "en"):
        assert f"{lang}/page/1/index.html" in before
        assert after[f"{lang}/page/1/index.html"] == before[f"{lang}/page/1/index.html"]
        latest = after[f"{lang}/latest/index.html"].decode()
        assert f'class="button" href="../../{lang}/{new}/index.html"' in latest
        edition = after[f"{lang}/{last}/index.html"].decode()
        assert f'href="../../{lang}/latest/index.html"' in edition
        assert f'rel="next" href="../../{lang}/{new}/index.html"' in edition
