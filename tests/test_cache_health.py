"""A damaged or foreign cache never reaches site/ (briefing/store.py): every kind of cached
file overwritten with garbage or truncated gives the site a build from an empty cache gives;
a well-sealed entry that asks to run code is refused; unused entries are pruned."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build
from briefing.store import MAGIC, _seal_of, decode_entry, encode_entry

from .conftest import copy_project


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _damage(cache: Path) -> dict[str, int]:
    """Every file of the cache truncated or overwritten, by kind (the first folder)."""
    damaged: dict[str, int] = {}
    for n, path in enumerate(sorted(p for p in cache.rglob("*") if p.is_file())):
        kind = path.relative_to(cache).parts[0]
        data = path.read_bytes()
        if n % 3 == 0:
            path.write_bytes(data[: len(data) // 2])
        elif n % 3 == 1:
            path.write_bytes(b"\0garbage" * 64)
        else:
            path.write_bytes(b"")
        damaged[kind] = damaged.get(kind, 0) + 1
    return damaged


def test_damaged_cache_never_reaches_the_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    options = BuildOptions.for_root(root, cache_dir=tmp_path / "cache")
    build(options)
    clean = _digests(root / "site")
    damaged = _damage(tmp_path / "cache")
    # Entries, PDFs, split fonts, search bundles and compiled templates were all there.
    assert {"files", "decisions", "facts", "plan", "pages", "pdf", "fonts", "search",
            "jinja"} <= set(damaged), damaged
    report = build(options)
    assert report.pdfs_cached == 0 and report.pdfs_rendered == 3
    assert not report.search_cached
    assert _digests(root / "site") == clean
    # The cache was rebuilt whole: the next build takes everything from it.
    report = build(options)
    assert report.pdfs_rendered == 0 and report.cache.files_parsed == 0
    assert _digests(root / "site") == clean


class _Runs:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("echo cache-entry-ran-code > /dev/null",))


def test_entry_that_would_run_code_is_refused() -> None:
    """A foreign entry with a valid seal (someone wrote it on purpose) still cannot call a
    function: only the project's records and plain values are built."""
    payload = pickle.dumps(_Runs())
    forged = MAGIC + _seal_of("facts", "k" * 64, payload) + payload
    assert decode_entry("facts", "k" * 64, forged) is None
    # The same entry under another key or kind, and a truncated one, are refused too.
    good = encode_entry("plan", "a" * 64, ("value", 1))
    assert decode_entry("plan", "a" * 64, good) == ("value", 1)
    assert decode_entry("plan", "b" * 64, good) is None
    assert decode_entry("facts", "a" * 64, good) is None
    assert decode_entry("plan", "a" * 64, good[:-1]) is None


def test_unused_entries_are_pruned_and_check_reports_the_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import briefing.store

    root = copy_project(tmp_path / "project")
    cache = root / ".cache" / "briefing"
    options = BuildOptions.for_root(root, pdf=False)
    build(options)
    before = {p for p in cache.rglob("*.entry")}
    article = next((root / "content").rglob("*.en.md"))
    article.write_text(article.read_text(encoding="utf-8").rstrip() + " Edited.\n",
                       encoding="utf-8")
    build(options)  # within the grace period: the old entries stay
    assert before <= set(cache.rglob("*.entry"))
    monkeypatch.setattr(briefing.store, "UNUSED_GRACE", 0.0)
    build(options)
    after = set(cache.rglob("*.entry"))
    gone = before - after
    # The English file's old parse and every page showing it went; the Arabic one stayed.
    assert any("/files/" in str(p) for p in gone) and any("/pages/" in str(p) for p in gone)
    assert len(after) < len(before | after)
    assert main(["--root", str(root), "check", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "cache: " in out and "MB in " in out
