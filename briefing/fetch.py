"""``briefing import https://...``: one web page or feed fetched, within limits.

Only http(s), redirects included; a timeout on connecting and on each read; a size limit
checked against Content-Length and while reading; and a content type that is a page or a
feed. The build itself never touches the network: only the import command calls this.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from .errors import ContentError

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 5_000_000
#: Content types an article page or a feed is served as.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml",
                        "text/xml", "application/rdf+xml"})
USER_AGENT = "briefing-import/0.1 (+https://github.com/; a newsroom's briefing tool)"


@dataclass(frozen=True)
class Fetched:
    url: str
    """The address after redirects."""
    content_type: str
    charset: str | None
    data: bytes

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (never to ftp: or file:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-http address",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> Fetched:
    """Fetch ``url``; ContentError naming it on any failure or limit."""
    if not url.lower().startswith(("http://", "https://")):
        raise ContentError("only http:// and https:// addresses can be imported", url, None,
                           "save the page and import the file instead")
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                  "application/atom+xml;q=0.9,*/*;q=0.1"})
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            content_type = (headers.get_content_type() or "").lower()
            if content_type not in PAGE_TYPES | FEED_TYPES:
                raise ContentError(
                    f"the address serves {content_type or 'an unknown type'}, not a web page "
                    "or a feed", url, None, "import the article's HTML page or an RSS/Atom feed")
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ContentError(f"the page is too large ({int(length):,} bytes, limit "
                                   f"{max_bytes:,})", url, None, "save the article's text "
                                   "and import the file instead")
            # The timeout bounds each read; the deadline bounds them all (a server may
            # trickle bytes forever).
            deadline = time.monotonic() + timeout
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise ContentError(f"the page is larger than {max_bytes:,} bytes", url,
                                       None, "save the article's text and import the file "
                                       "instead")
                if time.monotonic() > deadline:
                    raise TimeoutError
            data = b"".join(chunks)
            return Fetched(url=response.geturl(), content_type=content_type,
                           charset=headers.get_content_charset(), data=data)
    except urllib.error.HTTPError as exc:
        raise ContentError(f"the server answered {exc.code} {exc.reason}", url, None,
                           "check the address") from None
    except urllib.error.URLError as exc:
        raise ContentError(f"cannot fetch the page: {exc.reason}", url, None,
                           "check the address and the connection") from None
    except TimeoutError:
        raise ContentError(f"no answer within {timeout:g} seconds", url, None,
                           "try again later, or save the page and import the file") from None
    except OSError as exc:
        raise ContentError(f"cannot fetch the page: {exc}", url, None,
                           "check the address and the connection") from None
