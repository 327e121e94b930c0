"""End to end: build the bundled site, then run the independent validators on it.

The validators live in ../shared/validators (Nu Html Checker, axe-core and pa11y in Debian
Chromium, lychee and linkchecker, the sitemap XSD, feedparser, PDF structure checks, a PDF/UA
reader, Pagefind search in the browser). `.ci/run` installs them before the test command;
here the tests skip with the reason when they are not installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import PROJECT, SEED_DATE

VALIDATORS = Path(os.environ.get("BRIEFING_VALIDATORS", PROJECT.parent / "shared" / "validators"))
HOME = Path(os.environ.get("VALIDATORS_HOME",
                           Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                           / "briefing-validators"))


def _installed() -> str | None:
    if not (VALIDATORS / "run-all.sh").exists():
        return f"validators not found at {VALIDATORS} (set BRIEFING_VALIDATORS)"
    if not (HOME / "venv" / "bin" / "python3").exists() or not (HOME / "node").is_dir():
        return f"validators not installed in {HOME}: run {VALIDATORS / 'install.sh'}"
    return None


pytestmark = pytest.mark.skipif(_installed() is not None, reason=_installed() or "")


def run(script: str, *args: str | Path) -> str:
    result = subprocess.run(["bash", str(VALIDATORS / script), *map(str, args)],
                            capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    return output.strip().splitlines()[-1]


@pytest.mark.parametrize("script", ["check-html.sh", "check-a11y-axe.sh", "check-a11y-pa11y.sh",
                                    "check-links-lychee.sh", "check-links.sh",
                                    "check-sitemap.sh", "check-feeds.sh"])
def test_site_validator(built_site: Path, script: str) -> None:
    summary = run(script, built_site)
    assert "OK" in summary, summary


@pytest.mark.parametrize(("page", "query"), [
    (f"ar/{SEED_DATE}/index.html", "بزشكيان"),
    (f"en/{SEED_DATE}/index.html", "Pezeshkian"),
    ("ar/index.html", "مجلس الأمن"),
    ("en/sections/un/index.html", "Security Council"),
])
def test_search_finds_the_edition(built_site: Path, page: str, query: str) -> None:
    lang = page.split("/")[0]
    summary = run("check-pagefind.sh", built_site, page, query, f"/{lang}/{SEED_DATE}/")
    assert "OK" in summary, summary


@pytest.mark.parametrize(("folder", "name", "lang"), [
    ("ar", f"briefing-{SEED_DATE}-ar.pdf", "ar"),
    ("en", f"briefing-{SEED_DATE}-en.pdf", "en"),
    ("ar", f"briefing-{SEED_DATE}-ar-en.pdf", "ar"),
])
def test_pdf_validators(built_site: Path, folder: str, name: str, lang: str) -> None:
    pdf = built_site / folder / SEED_DATE / name
    word = {"ar": "بزشكيان", "en": "Pezeshkian"}[lang]
    assert "OK" in run("check-pdf.sh", pdf, "--ua", "--lang", lang, "--text", word)
    assert "OK" in run("check-pdfua-outloud.sh", pdf)
