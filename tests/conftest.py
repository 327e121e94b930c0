"""Shared fixtures: the project, the seed, the real corpus (read in place, never copied), and
one full build of the bundled site reused by the output tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "seeds" / "000_ff88281c4108bcde.txt"
SEED_DATE = "2024-12-03"
SEED_SLUG = "syria-offensive-reactions"


def corpus_dir() -> Path | None:
    """The shared corpus: $BRIEFING_CORPUS, else ../shared/corpus beside the project."""
    candidate = Path(os.environ.get("BRIEFING_CORPUS", PROJECT.parent / "shared" / "corpus"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip("real corpus not found: set BRIEFING_CORPUS or place it at ../shared/corpus")
    return found


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project's inputs (config, content, templates, locale)."""
    for name in ("content", "templates", "locale"):
        shutil.copytree(PROJECT / name, dest / name)
    for name in ("briefing.yaml", "site/README.md", "site/.gitignore"):
        if (PROJECT / name).exists():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PROJECT / name, dest / name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site built once, HTML and PDF, from a copy of the project."""
    from briefing.pipeline import BuildOptions, build

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(BuildOptions.for_root(root, cache_dir=root / ".cache"))
    return root / "site"
