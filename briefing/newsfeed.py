"""RSS and Atom feed files -> the articles in their items (text, title, link, date, author).

Parsed with feedparser from bytes already read (it fetches nothing then). An item's text is
its full content when the feed carries it (``content:encoded``, Atom ``content``), else its
summary; the feed's own title names the outlet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import ContentError
from .model import Block
from .webpage import fragment_blocks

_FEED_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:rss|feed|rdf:RDF)\b", re.DOTALL)


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str | None
    published: dt.datetime | None
    author: str | None
    outlet: str | None
    blocks: tuple[Block, ...]
    number: int
    """The item's position in the feed, from 1 (for messages)."""


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_START.match(data[:2048]))


def read_feed(data: bytes, origin: str) -> list[FeedItem]:
    """Every item of an RSS/Atom document; ContentError when it is not one."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        raise ContentError("not an RSS or Atom feed", origin, None,
                           "import the feed's XML file, or the article pages themselves")
    outlet = (parsed.feed.get("title") or "").strip() or None
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        if len(html) < len(entry.get("summary", "")):
            html = entry.get("summary", "")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.datetime(*when[:6], tzinfo=dt.UTC) if when else None
        items.append(FeedItem(
            title=" ".join((entry.get("title") or "").split()),
            link=entry.get("link"),
            published=published,
            author=(entry.get("author") or "").strip() or None,
            outlet=outlet,
            blocks=tuple(fragment_blocks(html)),
            number=number,
        ))
    return items
