"""A saved (or fetched) news web page -> the article in it: text blocks and metadata.

The page's bytes are decoded (UTF-8, else the charset the page or server declares, else the
one charset-normalizer detects: old Arabic sites serve windows-1256), the article is found
with trafilatura (title, publication date, author, outlet, canonical URL), and its body is
turned into paragraphs and subheadings as plain text: no markup survives. A page in which no
article is found (a home page, a script, a list of links) is refused, never imported as text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import ContentError
from .model import Block

#: Fewer words than this is not an article (a teaser, a navigation page, an error page).
MIN_ARTICLE_WORDS = 40
#: More of the text than this inside links: a list of headlines, not an article.
MAX_LINK_SHARE = 0.5
#: Markup sniffing: text that starts like a document or carries several of these tags.
_DOC_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b",
    re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(rb"<(?:div|p|script|span|a|body|table|meta|link|style|br)\b[^>]*>",
                   re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Title parts a site adds: "Site - Headline", "Headline | Site".
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—]\s+|\s*\|\s*")
MAX_SITE_NAME_WORDS = 4
#: A byline paragraph: "صنعاء نيوز/بقلم : سري القدوة -", "بقلم: فلان".
_BYLINE = re.compile(r"^(?:[^/\n]{0,30}/\s*)?(?:بقلم|كتب|كتبه|by)\s*:?\s*(?P<name>[^\n]{2,40}?)"
                     r"\s*[-–—]?\s*$", re.IGNORECASE)
_CONTACT = re.compile(r"^\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+)\s*$")
#: A date in a URL path: /2013/middle_east/8/3/ or /2019/9/23/.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(?:[a-z_-]+/)?(\d{1,2})/(\d{1,2})(?:/|$)")


@dataclass(frozen=True)
class WebArticle:
    """What a page holds: its article's text blocks and what the page says about it."""

    title: str
    blocks: tuple[Block, ...]
    published: dt.date | None
    author: str | None
    outlet: str | None
    url: str | None
    encoding: str


def looks_like_markup(data: bytes) -> bool:
    """True for an HTML document (or a fragment with several tags), whatever its name."""
    head = data[:4096]
    return bool(_DOC_START.match(head)) or len(_TAGS.findall(data[:20000])) >= 5


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The page's text and encoding: UTF-8 when valid, else the declared charset (HTTP header
    or ``<meta charset>``), else what charset-normalizer detects."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(data[:8192])
    for name in (declared, found.group(1).decode("ascii", "replace") if found else None):
        if not name:
            continue
        try:
            return data.decode(_codec(name)), _codec(name)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("unknown text encoding")
    return str(best), best.encoding


def _codec(name: str) -> str:
    name = name.strip().lower()
    return {"cp1256": "windows-1256", "arabic": "iso-8859-6"}.get(name, name)


def extract_article(data: bytes, origin: str, declared: str | None = None) -> WebArticle:
    """The article in a web page; ContentError naming ``origin`` when there is none."""
    try:
        html, encoding = decode(data, declared)
    except ValueError:
        raise ContentError("cannot tell the page's text encoding", origin, None,
                           "save the page again as UTF-8") from None
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, include_formatting=True, deduplicate=True)
    hint = "import the article's own page (not a home page or a list), or paste its text"
    if document is None or document.body is None:
        raise ContentError("no article found in this page", origin, None, hint)
    url = document.url or None
    title = _clean_title(document.title or "", document.sitename or "")
    outlet = _outlet(document.sitename, document.hostname, url)
    author = document.author
    if author and (author == document.sitename or _mentions_other_site(author, url)
                   or (document.sitename and author in document.sitename)):
        author = None  # a site's name or its web designer's, not a writer's
    blocks = _body_blocks(document.body)
    if blocks and blocks[0].kind in ("heading", "paragraph") and _same(blocks[0].text, title):
        blocks = blocks[1:]
    if blocks and blocks[0].kind == "paragraph" and (byline := _BYLINE.match(blocks[0].text)):
        author = byline.group("name").strip(" -–—:") or author
        blocks = blocks[1:]
    blocks = [b for b in blocks if not _CONTACT.match(b.text)]
    words = sum(len(b.text.split()) for b in blocks if b.kind == "paragraph")
    if words < MIN_ARTICLE_WORDS:
        raise ContentError(f"no article found in this page (only {words} words of text)",
                           origin, None, hint)
    share = link_share(html, blocks)
    if share > MAX_LINK_SHARE:
        raise ContentError(f"no article found in this page ({share:.0%} of its text is links: "
                           "a home page or a list of headlines)", origin, None, hint)
    return WebArticle(title=title, blocks=tuple(blocks),
                      published=_published(document.date, url), author=author,
                      outlet=outlet, url=url, encoding=encoding)


#: Elements that start and end a block of text in trafilatura's XML.
_BLOCK_TAGS = frozenset({"body", "doc", "main", "div", "p", "head", "list", "item", "quote",
                         "table", "row", "cell", "code", "graphic"})


def link_share(html: str, blocks: list[Block]) -> float:
    """The share of the text's characters that are the text of some link of the page."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # unparsable: trafilatura found text anyway, judge by that
        return 0.0
    text = " ".join(b.text for b in blocks)
    total = len(text)
    anchors = {" ".join("".join(a.itertext()).split()) for a in root.iter("a")}
    covered = 0
    for anchor in sorted(anchors, key=len, reverse=True):
        if len(anchor.split()) >= 2 and anchor in text:
            covered += len(anchor) * text.count(anchor)
            text = text.replace(anchor, " ")
    return covered / max(1, total)


def _body_blocks(body: Any) -> list[Block]:
    """trafilatura's XML body -> blocks: ``head`` -> subheading, every other block element
    and every line break (``<br>`` separates paragraphs on many Arabic sites) -> a new
    paragraph; inline formatting is dropped, text kept."""
    segments: list[list[str]] = [["paragraph", ""]]

    def walk(element: Any, kind: str) -> None:
        own = "heading" if element.tag == "head" else kind
        if element.tag in _BLOCK_TAGS:
            segments.append([own, ""])
        segments[-1][1] += element.text or ""
        for child in element:
            if child.tag == "lb":
                segments.append([own, ""])
            else:
                walk(child, own)
                if child.tag in _BLOCK_TAGS:
                    segments.append([own, ""])
            segments[-1][1] += child.tail or ""

    walk(body, "paragraph")
    return _segment_blocks(segments)


def _segment_blocks(segments: list[list[str]]) -> list[Block]:
    """(kind, raw text) segments of a walked page -> its blocks, boilerplate tail trimmed."""
    blocks: list[Block] = []
    for kind, raw in segments:
        text = _clean_text(raw)
        if text:
            blocks.append(Block("heading" if kind == "heading" else "paragraph", text,
                                len(blocks) + 1))
    return _trim_tail(blocks)


#: Site boilerplate after an article: comment policies and disclaimers.
_BOILERPLATE = re.compile(
    r"(?:الآراء|التعليقات|المقالات)\s.{0,60}لا\s+تعبر\s+عن\s+رأي|مراجعة\s+التعليقات|"
    r"إرشادات\s+الاستخدام|سياسة\s+الخصوصية|شروط\s+الاستخدام|"
    r"comments?\s+policy|terms\s+of\s+use|privacy\s+policy", re.IGNORECASE)
#: A signature line after an opinion piece: short, without a sentence's punctuation.
MAX_SIGNATURE_WORDS = 8


def _trim_tail(blocks: list[Block]) -> list[Block]:
    """Leave out the comment policy, disclaimers and the writer's signature lines that
    follow the article's last paragraph."""
    while blocks:
        last = blocks[-1].text
        short = len(last.split()) <= MAX_SIGNATURE_WORDS and not last.endswith(
            (".", "!", "?", "؟", "»", '"', "”"))
        if _BOILERPLATE.search(last) or _CONTACT.match(last) or (short and len(blocks) > 3):
            blocks = blocks[:-1]
        else:
            break
    return blocks


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = " ".join(text.split())
    # Subheading markers sites put in the text: "* الصواريخ", "** عنوان **".
    return text.strip("*").strip() if text.startswith("*") else text


def _same(a: str, b: str) -> bool:
    def fold(s: str) -> str:
        return "".join(ch for ch in s if ch.isalnum())
    return bool(fold(a)) and fold(a) == fold(b)


def _clean_title(title: str, sitename: str) -> str:
    """The headline without the site's name: "Site - Headline" or "Headline | Site"."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    longest = max(parts, key=len)
    others = [p for p in parts if p is not longest]
    if all(len(p.split()) <= MAX_SITE_NAME_WORDS or _same(p, sitename) for p in others):
        return longest
    return title.strip()


def _mentions_other_site(text: str, url: str | None) -> bool:
    """A site name naming another web address than the page's (a web designer's credit)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    named = re.findall(r"(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", text.lower())
    return any(name.removeprefix("www.") != host for name in named) if named else False


def _outlet(sitename: str | None, hostname: str | None, url: str | None) -> str | None:
    if sitename and not _mentions_other_site(sitename, url):
        return sitename.strip()
    return (hostname or (urlsplit(url).hostname if url else None) or None)


def _published(found: str | None, url: str | None) -> dt.date | None:
    """The page's publication date; a date in the URL wins over a bare year ("YYYY-01-01",
    which is all htmldate finds on some old pages)."""
    date = None
    if found:
        try:
            date = dt.date.fromisoformat(found[:10])
        except ValueError:
            date = None
    from_url = None
    if url and (m := _URL_DATE.search(unquote(urlsplit(url).path))):
        try:
            from_url = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            from_url = None
    if from_url and (date is None or ((date.month, date.day) == (1, 1)
                     and date.year == from_url.year)):
        return from_url
    return date



#: Elements of an HTML fragment (a feed item's content) that start a new block.
_HTML_BLOCKS = frozenset({"p", "div", "li", "blockquote", "section", "article", "table", "tr",
                          "td", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figure"})
_HTML_DROP = frozenset({"script", "style", "noscript", "iframe", "figcaption", "object",
                        "embed", "svg", "form", "button", "nav", "aside"})


def fragment_blocks(html: str) -> list[Block]:
    """An HTML fragment (a feed item's content or summary) -> text blocks; headings
    ``h1``-``h6`` become subheadings, markup is dropped, text kept."""
    import lxml.html

    if not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on hopeless input; then there is no text
        return []
    segments: list[list[str]] = [["paragraph", ""]]

    def walk(element: Any, kind: str) -> None:
        tag = element.tag
        own = "heading" if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else kind
        if tag in _HTML_BLOCKS:
            segments.append([own, ""])
        segments[-1][1] += element.text or ""
        for child in element:
            name = child.tag if isinstance(child.tag, str) else ""  # "" for comments
            if name == "br":
                segments.append([own, ""])
            elif name and name not in _HTML_DROP:
                walk(child, own)
                if name in _HTML_BLOCKS:
                    segments.append([own, ""])
            segments[-1][1] += child.tail or ""

    walk(root, "paragraph")
    return _segment_blocks(segments)
