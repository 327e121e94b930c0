"""Block kinds: paragraph, heading or noise (credits, "read also" lists, separators, captions).

Most noise is recognised from the block's own text (:func:`noise_reason`), so the importer
can drop it before an editor sees the file. Two kinds need the whole article
(:func:`mark_noise`): a site's footer after the last separator line, and teasers for
unrelated stories appended after the text (:func:`off_topic_tail`). Headings in raw text are
short single lines without closing punctuation (:func:`raw_blocks`); content files mark them
with ``##``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from ..model import Block
from ..rawtext import split_blocks
from ..text.normalize import normalise_block
from ..text.words import scan

#: Longest line still taken for a subheading in raw text (a little longer than the importer's
#: limit: news sites write whole-sentence subheadings such as "X takes part with Y for the
#: first time").
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
_CLAUSE_END = (".", "،", ",", ":", "؛", ";", "…")
_CLOSERS = "\"'»”’)]"

_NOISE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in (
        ("link list", r"^\W*(?:اقرا (?:ايضا|المزيد)|اقرا كذلك|شاهد(?: ايضا)?\b|للمزيد|المزيد\s*:"
                      r"|(?:اقرا|ايضا|شاهد)\s*(?:\.{2,}|…|:)|قد يهمك"
                      r"|مواضيع (?:ذات صله|متعلقه)|اخبار ذات صله|read (?:also|more)|related"
                      r"(?: stories| articles| coverage)?\s*:|see also|watch\s*:)"),
        ("credit", r"^(?=.{0,80}$)\W*(?:\w+ )?بقلم\s+\w"),  # a byline
        ("credit", r"^\W*(?:\*+\s*)?(?:نقلا عن|المصدر\s*:|source\s*:|(?:image|photo) "
                   r"(?:copyright|caption|source)|مصدر الصوره|تعليق على الصوره|"
                   r"(?:getty|afp|reuters|ap)(?: images)?\W*$)"),
        ("credit", r"(?:حقوق النشر|جميع الحقوق محفوظه|all rights reserved|تمثل راي (?:كاتب|كتاب)|"
                   r"تعبر عن راي كاتب|لا تعبر بالضروره عن)"),
        ("credit", r"^.{0,40}(?:/|\|)\s*(?:ا ف ب|افب|رويترز|د ب ا|ا ب|afp|reuters|ap)\W*$"),
        ("credit", r"^\W*(?:فرانس ?24|france ?24|بي بي سي|bbc|سكاي نيوز|cnn)\W{0,3}"
                   r"(?:/.{0,30}|عربي.{0,20})?$"),
        ("credit", r"^\W*(?:\(?(?:ا ف ب|رويترز|afp|reuters)\)?)\W*$"),
        ("site promotion", r"^(?=.{0,240}$).*(?:تطبيق .{0,60}(?:هاتف|محمول|جوال)|"
                           r"(?:حمل|حملوا|تحميل|نزلوا|تنزيل) .{0,30}تطبيق|تابعونا|"
                           r"اشترك(?:وا)? (?:في|ب)|للاشتراك|نشرتنا|download .{0,20}app|"
                           r"follow us|subscribe to|sign up for)"),
    ))
#: For the patterns that are searched through the whole text, words one of which every
#: match contains (lower case): a text with none of them is not searched, which spares
#: most paragraphs the slowest patterns. Exact whenever lower-casing agrees with
#: IGNORECASE, that is unless the text has one of _CASE_SPECIALS (then all are searched).
_CLUES: dict[int, tuple[str, ...]] = {
    3: ("حقوق", "راي", "تعبر", "all rights reserved"),
    7: ("تطبيق", "تابعونا", "اشترك", "اشتراك", "نشرتنا", "download", "follow us",
        "subscribe to", "sign up for"),
}
#: Letters that IGNORECASE matches to a Latin letter: A-Z, a-z and four others (İ ı ſ and
#: the Kelvin sign), which str.lower() does not map the same way.
_LATIN_LIKE = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")
_CASE_SPECIALS = re.compile("[\u0130\u0131\u017f\u212a]")


class _Rule(NamedTuple):
    reason: str
    pattern: re.Pattern[str]
    clues: tuple[str, ...]   # all of them (empty: always search)
    arabic: tuple[str, ...]  # those in Arabic, enough for a text without Latin letters


_NOISE_RULES = tuple(
    _Rule(reason, pattern, _CLUES.get(i, ()),
          tuple(c for c in _CLUES.get(i, ()) if not _LATIN_LIKE.search(c)))
    for i, (reason, pattern) in enumerate(_NOISE_PATTERNS))


@lru_cache(maxsize=4096)
def noise_reason(text: str) -> str | None:
    """Why a block is not article text (a credit, a link list, a separator), or None.

    Memoised: marking an article's noise asks about each block several times.
    """
    folded = normalise_block(text).strip()
    if not any(ch.isalpha() for ch in folded):
        return "separator"
    latin = _LATIN_LIKE.search(folded) is not None
    # Where to look for clue words: without Latin letters lower-casing changes nothing
    # they could match; with one of the special letters, nowhere (search every pattern).
    haystack = (folded if not latin else
                None if _CASE_SPECIALS.search(folded) else folded.lower())
    for rule in _NOISE_RULES:
        if rule.clues and haystack is not None and not any(
                clue in haystack for clue in (rule.clues if latin else rule.arabic)):
            continue
        if rule.pattern.search(folded):
            return rule.reason
    return None


def is_noise(text: str) -> bool:
    """Credits, separators, link lists and captions: kept out of the briefing."""
    return noise_reason(text) is not None


def is_heading_text(line: str) -> bool:
    """A short line without closing punctuation: a subheading ("* الصواريخ", "كيف ردت إيران؟")."""
    line = line.strip()
    if not line or "\n" in line or line.rstrip(_CLOSERS).endswith(_CLAUSE_END):
        return False
    if len(line.split()) > MAX_HEADING_WORDS or len(line) > MAX_HEADING_CHARS:
        return False
    return any(ch.isalpha() for ch in line)


def raw_blocks(text: str) -> list[Block]:
    """Raw text -> one block per blank-line block, in order (indices match the label files).

    A one-line block that looks like a subheading and is followed by more text is a heading;
    a credit, link list or separator is noise; everything else is a paragraph, its lines
    joined with a space. Two kinds of heading-like lines are not subheadings but page
    furniture, so noise: those before the first paragraph (a caption, a byline or the
    title repeated) and runs of two or more in a row (headlines of other stories; a
    subheading is followed by its text).
    """
    raw = split_blocks(text)
    blocks: list[Block] = []
    for i, block in enumerate(raw):
        lines = block.lines
        joined = " ".join(lines)
        if noise_reason(joined):
            kind = "noise"
        elif len(lines) == 1 and i + 1 < len(raw) and is_heading_text(lines[0]):
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, joined, block.line))  # type: ignore[arg-type]
    return _furniture_as_noise(blocks)


def _furniture_as_noise(blocks: list[Block]) -> list[Block]:
    """Heading-like lines before the first paragraph or in runs of two or more: noise."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "paragraph"), len(blocks))
    out = list(blocks)
    i = 0
    while i < len(out):
        if out[i].kind != "heading":
            i += 1
            continue
        end = i
        while end + 1 < len(out) and out[end + 1].kind == "heading":
            end += 1
        if i < first or end > i:
            for j in range(i, end + 1):
                out[j] = Block("noise", out[j].text, out[j].line)
        i = end + 1
    return out


#: A trailing paragraph sharing less than this share of its content words with the article
#: before it is off topic (a "related stories" teaser a site appends to the text).
OFF_TOPIC_OVERLAP = 0.15
#: Teasers come in runs: at least this many in a row, after at least MIN_BODY paragraphs.
MIN_TEASERS = 2
MIN_BODY = 3
#: A run of at least LEDE_TEASERS fresh ledes (see :func:`off_topic_tail`) may share up to
#: this much with the body: teasers for other Syria stories share its place names.
LEDE_OVERLAP = 0.5
LEDE_TEASERS = 3
#: The openings that chain a paragraph to the one before (و، ف، كما، لكن...).
_CONNECTIVE = re.compile(r"^[«\"“(]?\s*(?:و|ف|كما|لكن|غير\s+أن|إلا\s+أن|بينما|في\s+حين|ثم)")


def _content_stems(text: str) -> set[str]:
    return {w.topic for w in scan(text).words if w.topic is not None}


def chained(text: str) -> bool:
    """True when a paragraph opens with a connective, continuing the one before."""
    return bool(_CONNECTIVE.match(text.strip()))


def off_topic_tail(blocks: Sequence[Block]) -> set[int]:
    """Indices of paragraphs at the end of an article that are about something else.

    News pages append teasers for other stories after the article. The run is taken from
    the end backwards while every paragraph in it is off topic against the body before the
    run, in one of two ways:

    - it shares almost no content words with the body (below OFF_TOPIC_OVERLAP), in a run
      of at least MIN_TEASERS;
    - it is a fresh lede: in an article whose body chains most paragraphs with a
      connective ("وأضاف"، "كما")، a run of at least LEDE_TEASERS paragraphs that each open
      without one and share less than LEDE_OVERLAP with the body: each starts a story of
      its own (teasers for other Syria stories share the body's places, so overlap alone
      misses them).
    """
    paragraphs = [i for i, b in enumerate(blocks) if b.kind == "paragraph"]
    stems = {i: _content_stems(blocks[i].text) for i in paragraphs}
    fresh = {i: not chained(blocks[i].text) for i in paragraphs}

    def below(tail: Sequence[int], body: set[str], share: float) -> bool:
        return all(len(stems[i] & body) < share * max(len(stems[i]), 1) for i in tail)

    # The body's words before each cut, built once (the loop below walks the cuts back).
    prefix: list[set[str]] = [set()]
    for i in paragraphs:
        prefix.append(prefix[-1] | stems[i])
    best: set[int] = set()
    unrelated = ledes = True
    for cut in range(len(paragraphs) - 1, MIN_BODY - 1, -1):
        body_paragraphs = paragraphs[:cut]
        body = prefix[cut]
        tail = paragraphs[cut:]
        unrelated = unrelated and below(tail, body, OFF_TOPIC_OVERLAP)
        ledes = ledes and fresh[paragraphs[cut]] and below(tail, body, LEDE_OVERLAP)
        if not unrelated and not ledes:
            break
        chained_body = sum(not fresh[i] for i in body_paragraphs) * 2 >= len(body_paragraphs)
        if (unrelated and len(tail) >= MIN_TEASERS) or (
                ledes and chained_body and len(tail) >= LEDE_TEASERS):
            best = set(tail)
    return best


#: At most this many short blocks after an article's last separator are its footer.
MAX_FOOTER_BLOCKS = 2
MAX_FOOTER_CHARS = 300


def footer(blocks: Sequence[Block]) -> set[int]:
    """Indices of the short blocks after the last separator line ("-----") that closes an
    article of at least MIN_BODY paragraphs: a site's footer."""
    separators = [i for i, b in enumerate(blocks) if noise_reason(b.text) == "separator"]
    if not separators:
        return set()
    tail = range(separators[-1] + 1, len(blocks))
    body = sum(b.kind == "paragraph" for b in blocks[:separators[-1]])
    if body >= MIN_BODY and 0 < len(tail) <= MAX_FOOTER_BLOCKS and all(
            len(blocks[i].text) <= MAX_FOOTER_CHARS for i in tail):
        return set(tail)
    return set()


def link_list_items(blocks: Sequence[Block]) -> set[int]:
    """The headline-like lines that follow a "read also" line (one link per block)."""
    items: set[int] = set()
    in_list = False
    for i, block in enumerate(blocks):
        if noise_reason(block.text) == "link list":
            in_list = True
        elif in_list and is_heading_text(block.text):
            items.add(i)
        else:
            in_list = False
    return items


def mark_noise(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with credits, link lists, separators, footers and off-topic teasers as
    noise. A subheading stays one, unless it is an item of a "read also" list."""
    marked = [Block("noise", b.text, b.line) if b.kind == "paragraph" and is_noise(b.text)
              else b for b in blocks]
    for i in link_list_items(marked):
        marked[i] = Block("noise", marked[i].text, marked[i].line)
    for i in footer(marked) | off_topic_tail(marked):
        if marked[i].kind == "paragraph":
            marked[i] = Block("noise", marked[i].text, marked[i].line)
    return marked


def why_noise(blocks: Sequence[Block], index: int) -> str:
    """Why block ``index`` of an article (as :func:`mark_noise` returned it) is noise."""
    reason = noise_reason(blocks[index].text)
    if reason:
        return reason
    if index in link_list_items(blocks):
        return "item of a \"read also\" list"
    if index in footer(blocks):
        return "footer after the last separator"
    return "off-topic teaser after the article"
