"""The static site around the editions: archive and section pages, feeds, sitemap, robots,
404, search index, relative links that work under any sub-path, the missing-translation
fallback, drafts and the scaffold."""

from __future__ import annotations

import http.server
import shutil
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build

from .conftest import SEED_DATE, SEED_SLUG
from .htmltools import by_class, find_all, parse, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_pages_of_the_site(built_site: Path) -> None:
    for lang in ("ar", "en"):
        for path in (f"{lang}/index.html", f"{lang}/feed.xml",
                     *(f"{lang}/sections/{key}/index.html"
                       for key in ("diplomacy", "battlefield", "humanitarian", "un"))):
            assert (built_site / path).is_file(), path
    for path in ("404.html", "robots.txt", "sitemap.xml", "pagefind/pagefind-ui.js"):
        assert (built_site / path).is_file(), path


def test_section_page_gathers_the_sections_paragraphs(built_site: Path) -> None:
    edition = parse(built_site / "ar" / SEED_DATE / "index.html")
    [un_section] = [s for s in find_all(edition, "section") if s.get("id") == "un"]
    expected = [text_of(p) for p in by_class(un_section, "para")]
    page = parse(built_site / "ar" / "sections" / "un" / "index.html")
    assert [text_of(p) for p in by_class(page, "para")] == expected
    assert page.get("lang") == "ar"


def test_every_page_has_switcher_and_alternates(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        if "pagefind" in path.parts or path.name == "email.html":  # an email, not a page
            continue
        root = parse(path)
        hreflangs = {link.get("hreflang") for link in find_all(root, "link")
                     if link.get("rel") == "alternate" and link.get("hreflang")}
        # A 404 page stands for no address: no canonical, no alternates.
        expected = set() if path.name == "404.html" else {"ar", "en", "x-default"}
        assert hreflangs == expected, path
        switch = by_class(root, "lang-switch")
        assert switch, path
        assert by_class(root, "search"), path


def test_atom_feed_has_absolute_urls_and_entries(built_site: Path) -> None:
    feed = ET.parse(built_site / "en" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"https://briefing.example.org/en/{SEED_DATE}/"
    assert entry.findtext(f"{ATOM}updated") == f"{SEED_DATE}T06:00:00Z"
    links = {(link.get("rel"), link.get("hreflang") or link.get("type")): link.get("href")
             for link in entry.findall(f"{ATOM}link")}
    assert links[("alternate", "ar")] == f"https://briefing.example.org/ar/{SEED_DATE}/"
    assert links[("enclosure", "application/pdf")].endswith(f"briefing-{SEED_DATE}-en.pdf")
    content = entry.findtext(f"{ATOM}content")
    assert "Pezeshkian" in content and "<h2>Diplomacy</h2>" in content
    categories = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert categories == ["diplomacy", "battlefield", "humanitarian", "un"]


def test_sitemap_lists_pages_with_alternates(built_site: Path) -> None:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    urls = {u.findtext(f"{SM}loc"): u for u in root.findall(f"{SM}url")}
    edition = urls[f"https://briefing.example.org/ar/{SEED_DATE}/"]
    assert edition.findtext(f"{SM}lastmod") == SEED_DATE
    alternates = {link.get("hreflang"): link.get("href")
                  for link in edition.findall(f"{XHTML}link")}
    assert alternates == {"ar": f"https://briefing.example.org/ar/{SEED_DATE}/",
                          "en": f"https://briefing.example.org/en/{SEED_DATE}/",
                          "x-default": f"https://briefing.example.org/ar/{SEED_DATE}/"}
    assert "https://briefing.example.org/en/sections/un/" in urls
    assert not any(loc.endswith("404.html") for loc in urls)
    robots = (built_site / "robots.txt").read_text()
    assert "Sitemap: https://briefing.example.org/sitemap.xml" in robots


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and tag in ("a", "link", "script"):
                self.links.append(value)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_links_work_under_a_sub_path(built_site: Path, tmp_path: Path) -> None:
    """Serve the site at /mirror/briefing/ and follow every relative link of every page."""
    shutil.copytree(built_site, tmp_path / "mirror" / "briefing")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/mirror/briefing/"
    try:
        seen: set[str] = set()
        queue = [base + "index.html"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url) as response:  # raises on 404
                body = response.read()
            if not url.endswith(".html"):
                continue
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                assert not link.startswith("/"), f"root-absolute link {link} in {url}"
                if link.startswith(("http://", "https://", "#", "mailto:")):
                    continue
                target = urljoin(url, link).split("#")[0]
                assert urlsplit(target).path.startswith("/mirror/briefing/"), (url, link)
                queue.append(target)
        reached = {u.removeprefix(base) for u in seen if u.endswith(".html")}
        built = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                 if "pagefind" not in p.parts and p.name not in ("404.html", "email.html")}
        assert reached == built  # every page is reachable by relative links from the home
    except urllib.error.HTTPError as exc:
        pytest.fail(f"broken link: {exc.url} ({exc.code})")
    finally:
        server.shutdown()


@pytest.fixture
def site_without_english(project: Path) -> tuple[Path, list[str]]:
    (project / "content" / SEED_DATE / f"{SEED_SLUG}.en.md").unlink()
    report = build(BuildOptions.for_root(project, pdf=False))
    return project / "site", report.warnings


def test_missing_translation_shows_original_with_notice(
        site_without_english: tuple[Path, list[str]]) -> None:
    site, warnings = site_without_english
    page = parse(site / "en" / SEED_DATE / "index.html")
    assert page.get("lang") == "en"
    assert by_class(page, "notice")
    paragraphs = by_class(page, "para")
    assert len(paragraphs) == 31
    assert all(p.get("lang") == "ar" and p.get("dir") == "rtl" for p in paragraphs)
    assert "not yet translated" in text_of(page)
    assert any(f"{SEED_SLUG}.en.md" in w and "missing translation" in w for w in warnings)
    # The Arabic edition is untouched by the fallback.
    assert not by_class(parse(site / "ar" / SEED_DATE / "index.html"), "notice")


def test_no_pdf_build_links_to_no_pdf(project: Path) -> None:
    build(BuildOptions.for_root(project, pdf=False))
    site = project / "site"
    assert not list(site.rglob("*.pdf"))
    for path in site.rglob("*.html"):
        assert ".pdf" not in path.read_text(encoding="utf-8"), path


def test_new_scaffolds_a_draft_pair_kept_out_of_builds(project: Path) -> None:
    assert main(["--root", str(project), "new", "2024-12-04", "--slug", "morning"]) == 0
    folder = project / "content" / "2024-12-04"
    assert sorted(p.name for p in folder.iterdir()) == ["morning.ar.md", "morning.en.md"]
    assert "draft: true" in (folder / "morning.ar.md").read_text(encoding="utf-8")
    report = build(BuildOptions.for_root(project, pdf=False))
    assert report.editions == 2  # the draft day is not published
    assert not (project / "site" / "ar" / "2024-12-04").exists()
    assert main(["--root", str(project), "new", "2024-12-04", "--slug", "morning"]) == 1


def test_check_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out
    assert "paragraph 1:" in out and "nothing written" in out
    assert not (project / "site" / "index.html").exists()
    assert not (project / ".cache").exists()
