"""``briefing import`` of RSS/Atom feeds (each item once) and of http(s) addresses, fetched
from a local server on 127.0.0.1 only: content types, size limit, timeout, redirects."""

from __future__ import annotations

import contextlib
import html
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from briefing.cli import main
from briefing.errors import ContentError
from briefing.fetch import fetch
from briefing.reader import read_content

from .conftest import SEED_DATE


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def rss(items: list[tuple[str, str, list[str]]]) -> str:
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{link}</link>"
        f"<pubDate>Mon, 02 Dec 2024 18:30:00 GMT</pubDate><author>desk@example.org (مراسل)"
        f"</author><description>{html.escape(paragraphs_html(paras))}</description></item>"
        for title, link, paras in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>صحيفة المثال</title><link>https://example.org/</link>{entries}"
            "</channel></rss>")


@pytest.fixture
def seed_paragraphs(seed_text: str) -> list[str]:
    return [p.strip() for p in seed_text.split("\n\n") if len(p.split()) > 12]


def test_feed_items_import_once(tmp_path: Path, seed_paragraphs: list[str],
                                capsys: pytest.CaptureFixture[str]) -> None:
    p = seed_paragraphs
    feed = tmp_path / "feed.xml"
    items = [("الهجوم في الشمال", "https://example.org/news/north-offensive.html", p[0:4]),
             ("اتصالات إيرانية", "https://example.org/news/iran-calls.html", p[4:8])]
    feed.write_text(rss(items), encoding="utf-8")
    content = tmp_path / "content"
    assert main(["import", str(feed), "--date", SEED_DATE, "--content", str(content)]) == 0
    articles = read_content(content, ("ar", "en"))
    assert sorted(a.slug for a in articles) == ["iran-calls", "north-offensive"]
    north = next(a for a in articles if a.slug == "north-offensive").original
    assert north.title == "الهجوم في الشمال"
    assert north.source.name == "صحيفة المثال"
    assert north.source.url == "https://example.org/news/north-offensive.html"
    assert north.published is not None and north.published.isoformat() == \
        "2024-12-02T18:30:00+00:00"
    assert [b.text for b in north.paragraphs] == p[0:4]
    capsys.readouterr()
    # The same feed again, with one new item: only the new one is imported.
    items.append(("مجلس الأمن", "https://example.org/news/council.html", p[10:13]))
    feed.write_text(rss(items), encoding="utf-8")
    assert main(["import", str(feed), "--date", SEED_DATE, "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert out.count("skipped") == 2 and "already imported as" in out
    assert sorted(a.slug for a in read_content(content, ("ar", "en"))) == [
        "council", "iran-calls", "north-offensive"]


def test_atom_feed(tmp_path: Path, seed_paragraphs: list[str]) -> None:
    content_html = html.escape(paragraphs_html(seed_paragraphs[2:6]))
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>وكالة المثال</title><id>urn:x</id><updated>2024-12-03T05:00:00Z</updated>"
        "<entry><title>بزشكيان والأسد</title><id>urn:1</id>"
        '<link href="https://example.org/2024/12/03/call"/>'
        "<published>2024-12-03T04:00:00+03:00</published><updated>2024-12-03T04:00:00Z"
        f'</updated><content type="html">{content_html}</content></entry></feed>',
        encoding="utf-8")
    content = tmp_path / "content"
    assert main(["import", str(feed), "--date", SEED_DATE, "--content", str(content)]) == 0
    [article] = read_content(content, ("ar", "en"))
    assert article.slug == "call"
    assert article.original.source.name == "وكالة المثال"
    assert [b.text for b in article.original.paragraphs] == seed_paragraphs[2:6]


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes, float]]] = {}

    def do_GET(self) -> None:
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"", 0.0))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if delay:
            time.sleep(delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(seed_paragraphs: list[str]) -> Iterator[str]:
    page = ("<!doctype html><html lang='ar'><head><meta charset='windows-1256'>"
            "<title>المعارضة تواصل هجومها | صحيفة المثال</title>"
            "<link rel='canonical' href='https://example.org/2024/12/03/offensive.html'>"
            "<meta property='og:site_name' content='صحيفة المثال'>"
            "<meta property='article:published_time' content='2024-12-03T07:15:00+03:00'>"
            "</head><body><nav><a href='/'>الرئيسية</a></nav><article>"
            "<h1>المعارضة تواصل هجومها</h1>" + paragraphs_html(seed_paragraphs[:6]) +
            "</article><footer>جميع الحقوق محفوظة</footer></body></html>")
    feed = rss([("مجلس الأمن", "https://example.org/news/council.html",
                 seed_paragraphs[10:13])])
    _Handler.routes = {
        "/page.html": (200, {"Content-Type": "text/html; charset=windows-1256"},
                       page.encode("cp1256"), 0.0),
        "/feed": (200, {"Content-Type": "application/rss+xml"}, feed.encode(), 0.0),
        "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" * 100, 0.0),
        "/huge.html": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 300_000, 0.0),
        "/slow.html": (200, {"Content-Type": "text/html"}, page.encode("cp1256"), 3.0),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b"", 0.0),
        "/moved": (301, {"Location": "/page.html"}, b"", 0.0),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_of_a_page_and_of_a_feed(server: str, tmp_path: Path,
                                     seed_paragraphs: list[str]) -> None:
    content = tmp_path / "content"
    assert main(["import", f"{server}/moved", f"{server}/feed", "--date", SEED_DATE,
                 "--content", str(content)]) == 0
    articles = {a.slug: a.original for a in read_content(content, ("ar", "en"))}
    assert sorted(articles) == ["council", "offensive"]
    page = articles["offensive"]
    assert page.title == "المعارضة تواصل هجومها"
    assert page.source.name == "صحيفة المثال"
    assert page.source.url == "https://example.org/2024/12/03/offensive.html"
    assert page.published is not None and page.published.date().isoformat() == SEED_DATE
    assert [b.text for b in page.paragraphs] == seed_paragraphs[:6]
    # Fetched again: the same address is refused, naming the file.
    assert main(["import", f"{server}/page.html", "--date", SEED_DATE,
                 "--content", str(content)]) == 1


def test_fetch_limits(server: str) -> None:
    with pytest.raises(ContentError, match="serves image/jpeg, not a web page"):
        fetch(f"{server}/photo.jpg")
    with pytest.raises(ContentError, match=r"too large \(300,003 bytes, limit 100,000\)"):
        fetch(f"{server}/huge.html", max_bytes=100_000)
    started = time.monotonic()
    with pytest.raises(ContentError, match=r"no answer within 0\.5 seconds|timed out"):
        fetch(f"{server}/slow.html", timeout=0.5)
    assert time.monotonic() - started < 2.5
    with pytest.raises(ContentError, match="302"):
        fetch(f"{server}/to-file")
    with pytest.raises(ContentError, match="404"):
        fetch(f"{server}/missing.html")
    with pytest.raises(ContentError, match="only http:// and https://"):
        fetch("file:///etc/passwd")
    assert fetch(f"{server}/page.html").charset == "windows-1256"
