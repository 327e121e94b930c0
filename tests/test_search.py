"""The search index in monthly bundles: which page goes where, what the cache key reads of a
page, that an edit re-indexes only its month, and that the search box finds a page of an
older month (in the browser, when the validators are installed)."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import subprocess
import threading
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest

import briefing.pipeline
from briefing import search
from briefing.pipeline import BuildOptions, build
from briefing.search import (
    BODY_MARK,
    Bundle,
    SearchPages,
    SearchResult,
    plan_bundles,
    search_view,
)

from .conftest import PROJECT, SEED_DATE, SEED_SLUG, copy_project

NEW_DATE = "2025-01-07"
NEW_TEXT = {
    "en": ("Ferries resume from Tartus",
           "The harbour authority in Tartus said ferry services to Latakia resumed on "
           "Tuesday after storms kept the boats in port for three days."),
    "ar": ("استئناف رحلات العبارات من طرطوس",
           "أعلنت هيئة الميناء في طرطوس استئناف رحلات العبارات إلى اللاذقية يوم الثلاثاء "
           "بعد أن أبقت العواصف القوارب في الميناء ثلاثة أيام."),
}


# -- bundles --------------------------------------------------------------------------------------


def marked(*paths: str, unmarked: tuple[str, ...] = ()) -> dict[str, bool]:
    return {**{p: True for p in paths}, **{p: False for p in unmarked}}


def test_bundles_by_month_newest_in_the_main_one() -> None:
    pages = marked("ar/2024-01-30/index.html", "en/2024-01-30/index.html",
                   "ar/2024-02-01/index.html", "en/2024-02-01/index.html",
                   "ar/2024-03-05/index.html", "en/2024-03-05/index.html",
                   "en/2024-03-06/index.html", "about/index.html",
                   unmarked=("ar/index.html", "en/sections/un/index.html", "404.html"))
    assert plan_bundles(pages) == [
        Bundle(None, ("about/index.html", "ar/2024-03-05/index.html",
                      "en/2024-03-05/index.html", "en/2024-03-06/index.html")),
        Bundle("2024-02", ("ar/2024-02-01/index.html", "en/2024-02-01/index.html")),
        Bundle("2024-01", ("ar/2024-01-30/index.html", "en/2024-01-30/index.html")),
    ]
    assert [b.folder for b in plan_bundles(pages)] == [
        "pagefind", "pagefind/months/2024-02", "pagefind/months/2024-01"]


def test_each_language_keeps_its_newest_month_in_the_main_bundle() -> None:
    """Pagefind searches the main bundle in the page's language: an English page must find
    English there even when English stopped a month before Arabic."""
    pages = marked("ar/2024-02-01/index.html", "ar/2024-03-01/index.html",
                   "en/2024-01-01/index.html", "en/2024-02-01/index.html")
    assert plan_bundles(pages) == [
        Bundle(None, ("ar/2024-03-01/index.html", "en/2024-02-01/index.html")),
        Bundle("2024-02", ("ar/2024-02-01/index.html",)),
        Bundle("2024-01", ("en/2024-01-01/index.html",)),
    ]


def test_one_month_is_one_bundle() -> None:
    pages = marked("ar/2024-12-03/index.html", "en/2024-12-03/index.html",
                   unmarked=("index.html",))
    assert plan_bundles(pages) == [
        Bundle(None, ("ar/2024-12-03/index.html", "en/2024-12-03/index.html"))]


def test_without_body_marks_every_page_is_indexed() -> None:
    pages = marked(unmarked=("index.html", "en/2024-01-01/index.html",
                             "en/2024-02-01/index.html"))
    assert plan_bundles(pages) == [
        Bundle(None, ("en/2024-02-01/index.html", "index.html")),
        Bundle("2024-01", ("en/2024-01-01/index.html",))]


def index_pages(pages: dict[str, bytes], cache: Path | None = None
                ) -> tuple[SearchResult, dict[str, bytes]]:
    """The bundles of a site of ``pages`` (path -> bytes), as the build makes them."""
    known = SearchPages()
    for path, data in pages.items():
        known.add(path, data)
    out: dict[str, bytes] = {}
    result = search.index_search(known, pages.__getitem__, out.__setitem__, cache)
    return result, out


def test_any_path_is_indexed_as_it_is() -> None:
    """Pages are given to Pagefind by path, not by glob: glob syntax in a path is nothing
    special, and only the pages given are indexed."""
    names = ["a[1]", "b{x,y}", "c*d", "e(f)", "g?h", "!odd", "plain"]
    pages = {f"{name}/index.html": (f'<html lang="en"><body><main data-pagefind-body>'
                                    f"<p>{name} word</p></main></body></html>").encode()
             for name in names}
    pages["other/index.html"] = b'<html lang="en"><body><p>other word</p></body></html>'
    assert plan_bundles({p: BODY_MARK in d for p, d in pages.items()}) == [
        Bundle(None, tuple(sorted(f"{name}/index.html" for name in names)))]
    result, out = index_pages(pages)
    assert not result.warnings and result.pages_indexed == len(names)
    entry = json.loads(out[f"pagefind/{search.ENTRY}"])
    assert entry["languages"]["en"]["page_count"] == len(names)
    assert json.loads(out["pagefind/months.json"]) == {"bundles": []}


# -- what the key reads of a page -----------------------------------------------------------------


PAGE = """<!doctype html>
<html lang="en"><head><title>Briefing</title></head>
<body>
<header class="site" data-pagefind-ignore="all"><nav><a href="{latest}">Latest</a></nav>
<div><div>deep</div></div></header>
<main><article data-pagefind-body>
<h1>Edition 4</h1><p>{text}</p>
<nav class="toc" data-pagefind-ignore='all'><ol><li><a href="#a">A</a></li></ol></nav>
</article>
<nav class="pager" data-pagefind-ignore=all><a href="{next}">Next</a></nav></main>
<footer data-pagefind-ignore="all"><p>Publisher</p></footer>
<script src="../pagefind/pagefind-ui.js"></script>
</body></html>
"""


def page(latest: str = "a/", next: str = "b/", text: str = "Words.") -> bytes:
    return PAGE.format(latest=latest, next=next, text=text).encode()


def test_search_view_leaves_out_ignored_elements() -> None:
    view = search_view(page())
    for gone in (b"Latest", b"deep", b'class="toc"', b"Next", b"Publisher"):
        assert gone not in view
    for kept in (b"<title>Briefing</title>", b"<h1>Edition 4</h1><p>Words.</p>",
                 b"</article>", b"<script src="):
        assert kept in view
    assert search_view(page(latest="c/", next="d/")) == view
    assert search_view(page(text="Other words.")) != view
    # Comments, text elements and quoted values are read as HTML reads them.
    tricky = page().replace(b"<div>deep</div>", b"<!-- </header> --><div title='a>b'>deep"
                            b"<script>document.write('</div></header>')</script></div>")
    assert search_view(tricky) == view
    spaced = page().replace(b"<div>deep</div>", b"<div >deep<br/><img src=x / ></div >")
    assert search_view(spaced) == view
    # A drawing of shapes (the edition map) is read whole; its shapes stay in the view.
    drawing = (b'<svg viewBox="0 0 6 5" role="img"><title id="t">Map</title><rect x="0"/>'
               b'<path d="M1,1L2,2Z" fill="#fff"/><circle cx="1" cy="1" r="1"></circle></svg>')
    mapped = page().replace(b"<h1>", drawing + b"<h1>")
    assert search_view(mapped) == view.replace(b"<h1>", drawing + b"<h1>")
    assert search_view(page(latest="c/").replace(b"<h1>", drawing + b"<h1>")) == \
        search_view(mapped)


@pytest.mark.parametrize(("old", "new"), [
    # Markup whose ends a plain reading could get wrong: the header is kept.
    (b"<div>deep</div>", b"<svg><div>deep</div></svg>"),  # foreign content
    (b"<div>deep</div>", b"<noscript><div>deep</div></noscript>"),  # parsed two ways
    (b"<div>deep</div>", b"<div =odd>deep</div>"),  # a tag the patterns do not read
    (b"</div></header>", b"</header>"),  # an end tag left implied
    (b"<div>deep</div>", b"<script>deep</div>"),  # a text element never closed
    (b'class="site" data-pagefind-ignore="all"', b'data-pagefind-ignore="ALL"'),
    (b'class="site" data-pagefind-ignore="all"',
     b'data-pagefind-ignore="all" data-pagefind-ignore="index"'),
    (b"<div>deep</div>", b"<div data-pagefind-body>deep</div>"),  # indexed inside
])
def test_search_view_keeps_what_it_cannot_read_for_sure(old: bytes, new: bytes) -> None:
    source = page().replace(old, new)
    assert source != page()
    assert b"Latest" in search_view(source)


def test_search_view_cuts_only_real_attributes_of_known_elements() -> None:
    source = page().replace(b'<p>Words.</p>',
                            b'<p title=\'data-pagefind-ignore="all"\'>Words.</p>'
                            b'<p data-pagefind-ignore="all">Para</p>'
                            b'<div data-pagefind-ignore>Index only</div>'
                            b"<script>var s = '<div data-pagefind-ignore=\"all\">';</script>")
    view = search_view(source)
    for kept in (b"Words.", b"Para", b"Index only", b"var s"):
        assert kept in view
    assert b"Latest" not in view
    assert search_view(b"<p>no mark</p>") == b"<p>no mark</p>"


def test_ignored_elements_do_not_change_the_index(tmp_path: Path) -> None:
    """What the key leaves out, Pagefind reads nothing from: two pages differing only there
    give the same bundle, byte for byte."""
    bundles = []
    for latest, nxt in [("a/", "b/"), ("c/", "d/")]:
        body = page(latest, nxt).replace(b"<h1>", b'<h1 data-pagefind-meta="x:1">')
        extra = (f'<h1>{latest}</h1><img src="{nxt}.png" alt="{nxt}">'
                 f'<span data-pagefind-filter="f">{latest}</span>'
                 f'<span data-pagefind-meta="m:{nxt}"></span>'
                 f'<span data-pagefind-sort="s:{nxt}"></span>').encode()
        body = body.replace(b"<div>deep</div>", extra)
        result, out = index_pages({"en/x/index.html": body})
        assert not result.warnings and result.built == 1
        bundles.append((body, out))
    assert bundles[0][0] != bundles[1][0]
    assert search_view(bundles[0][0]) == search_view(bundles[1][0])
    assert bundles[0][1] == bundles[1][1]


# -- a two-month project ------------------------------------------------------------------------


def add_edition(root: Path, date: str, slug: str) -> None:
    for lang, (title, text) in NEW_TEXT.items():
        path = root / "content" / date / f"{slug}.{lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ndate: {date}\nsource:\n  name: Wire\n---\n\n"
                        f"{text}\n", encoding="utf-8")


@pytest.fixture
def two_months(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> tuple[Path, list[SearchResult]]:
    """The bundled project plus an edition a month later; the search results of its builds
    are recorded."""
    root = copy_project(tmp_path / "project")
    add_edition(root, NEW_DATE, "ferries")
    results: list[SearchResult] = []

    def recording(*args: object, **kwargs: object) -> SearchResult:
        results.append(search.index_search(*args, **kwargs))  # type: ignore[arg-type]
        return results[-1]

    monkeypatch.setattr(briefing.pipeline, "index_search", recording)
    return root, results


def rebuild(root: Path, **options: object) -> None:
    build(BuildOptions.for_root(root, pdf=False, cache_dir=root / ".cache", **options))


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_edit_re_indexes_only_its_month(two_months: tuple[Path, list[SearchResult]]
                                           ) -> None:
    root, results = two_months
    rebuild(root)
    site = root / "site"
    assert (results[-1].bundles, results[-1].built) == (2, 2)
    manifest = json.loads((site / "pagefind" / "months.json").read_text(encoding="utf-8"))
    assert manifest == {"bundles": ["months/2024-12/"]}
    old = site / "pagefind" / "months" / "2024-12"
    assert (old / search.ENTRY).is_file() and not list(old.glob("*.js"))
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    first = files(site / "pagefind")

    rebuild(root)
    assert results[-1].reused and results[-1].built == 0
    assert files(site / "pagefind") == first

    article = root / "content" / SEED_DATE / f"{SEED_SLUG}.en.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Pezeshkian also discussed", "Pezeshkian also quickly discussed", 1), encoding="utf-8")
    rebuild(root)
    assert (results[-1].bundles, results[-1].built, results[-1].reused) == (2, 1, False)
    edited = files(site / "pagefind")
    assert {k for k in edited if edited[k] != first.get(k)} <= {
        k for k in edited if k.startswith("months/2024-12/")}

    # A new day in the newest month: the older month's bundle is reused.
    add_edition(root, "2025-01-08", "ferries-again")
    rebuild(root)
    assert (results[-1].bundles, results[-1].built) == (2, 1)
    assert {k: v for k, v in files(site / "pagefind").items() if k.startswith("months/")} == {
        k: v for k, v in edited.items() if k.startswith("months/")}

    # Without the cache, the same bundles, byte for byte.
    cached = files(site / "pagefind")
    rebuild(root, use_cache=False)
    assert results[-1].built == 2
    assert files(site / "pagefind") == cached


# -- in the browser -------------------------------------------------------------------------------

VALIDATORS = Path(os.environ.get("BRIEFING_VALIDATORS", PROJECT.parent / "shared" / "validators"))
HOME = Path(os.environ.get("VALIDATORS_HOME",
                           Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                           / "briefing-validators"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

#: Types the query into the search box of the page and prints the result links.
SEARCH_UI = """
import { createRequire } from 'module';
const require = createRequire(process.env.VALIDATORS_NODE_MODULES + '/');
const { chromium } = require('playwright-core');
const [url, query] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1000);
  const resources = () => page.evaluate(
    () => performance.getEntriesByType('resource').map(e => e.name));
  const before = await resources();
  await page.locator('#search input').fill(query);
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(500);
  const links = await page.locator('.pagefind-ui__result-link').evaluateAll(
    as => as.map(a => a.href));
  const focused = await page.evaluate(() => document.activeElement.className);
  console.log(JSON.stringify({ links, errors, before, after: await resources(), focused }));
} finally { await browser.close(); }
"""


def _browser_missing() -> str | None:
    if not (HOME / "node" / "node_modules" / "playwright-core").is_dir():
        return f"playwright-core not installed in {HOME} (run {VALIDATORS / 'install.sh'})"
    if not Path(CHROMIUM).exists() or shutil.which("node") is None:
        return "chromium or node not found"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.skipif(_browser_missing() is not None, reason=_browser_missing() or "")
@pytest.mark.parametrize(("page_path", "query"), [
    (f"en/{NEW_DATE}/index.html", "Pezeshkian"),
    (f"ar/{NEW_DATE}/index.html", "بزشكيان"),
])
def test_search_box_finds_an_older_month(two_months: tuple[Path, list[SearchResult]],
                                         tmp_path: Path, page_path: str, query: str) -> None:
    """Served under a sub-path, the newest edition's search box finds the older month's
    edition, in the page's language. Pagefind's UI is fetched when the reader uses the box,
    not with the page."""
    root, _ = two_months
    rebuild(root)
    shutil.copytree(root / "site", tmp_path / "www" / "mirror" / "briefing")
    script = tmp_path / "search_ui.mjs"
    script.write_text(SEARCH_UI, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(_Quiet, directory=str(tmp_path / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/mirror/briefing/"
    try:
        env = {**os.environ, "CHROMIUM": CHROMIUM,
               "VALIDATORS_NODE_MODULES": str(HOME / "node" / "node_modules")}
        result = subprocess.run(["node", str(script), base + page_path, query], env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    lang = page_path.split("/")[0]
    assert not out["errors"]
    assert any(link.startswith(f"{base}{lang}/{SEED_DATE}/") for link in out["links"]), out
    # Loading the page fetched the small search.js only; typing fetched the UI and its index,
    # and left the reader in Pagefind's box with what they typed.
    assert any(url.endswith("/assets/search.js") for url in out["before"]), out["before"]
    assert not [url for url in out["before"] if "/pagefind/" in url], out["before"]
    assert f"{base}pagefind/pagefind-ui.js" in out["after"]
    assert f"{base}pagefind/pagefind-ui.css" in out["after"]
    assert "pagefind-ui__search-input" in out["focused"]
