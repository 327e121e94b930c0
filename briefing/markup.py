"""Editor Markdown -> safe inline HTML, with left-to-right runs isolated inside Arabic.

Content is untrusted. Python-Markdown passes raw HTML through by default; here its raw-HTML
processors are removed so ``<script>`` arrives as text, links keep only http(s)/mailto and
relative targets, and images are reduced to their alt text (an image URL is a file the PDF
renderer would fetch). In right-to-left text, Latin words and numbers with their separators
("2020-2024", "25%", "Hayat Tahrir al-Sham") are wrapped in ``<bdi>`` so they never flip.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: A left-to-right run inside right-to-left text: Latin words and digits, and what joins them.
LTR_RUN = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.,:%/+\-–— ]*[A-Za-z0-9\u00c0-\u024f%]"
    r"|[A-Za-z0-9]"
)
#: The replacement for an LTR_RUN match.
_BDI = r'<bdi dir="ltr">\g<0></bdi>'
_TAG_SPLIT = re.compile(r"(<[^>]+>|&[#A-Za-z0-9]+;)")
#: Text in which Markdown finds nothing to do: no inline syntax (emphasis, code, links,
#: escapes, entities, raw HTML), no line breaks or control characters, and a first character
#: that cannot open a block (list, quote, heading, code). Such text converts to itself.
#: ("!" and "#" are syntax only before "[" and at the start, both excluded already.)
_PLAIN = re.compile(r"[^\\`*_\[\]<>&~|\x00-\x1f\x7f\x85\u2028\u2029]*")
_PLAIN_START = re.compile(r"[^\W\d_]|[«“\"'(]")
#: More brackets than a paragraph's links could need. Python-Markdown looks for the closing
#: bracket of every "[" it meets, so time grows with the square of a run of them (6,000 "["
#: took 7.5 s, and escaping them only halves it); past this many the paragraph is shown as
#: typed, without Markdown. Likewise past MAX_SYNTAX characters of inline syntax.
MAX_BRACKETS = 200
#: The same bound as brackets times length: each unclosed "[" is followed to the end of the
#: paragraph (199 "[" before 500,000 letters took 33 s); 1,000,000 is about 0.3 s.
MAX_BRACKET_SCAN = 1_000_000
MAX_SYNTAX = 5_000
_SYNTAX = re.compile(r"[\\`*_\[\]<>&~]")


class _Sanitise(Treeprocessor):
    """Drop unsafe link targets and turn images into their alt text."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if child.tag == "img":
                    span = ET.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(i, span)
                elif child.tag == "a":
                    href = (child.get("href") or "").strip()
                    lowered = re.sub(r"[\s\x00-\x1f]", "", href).lower()
                    relative = not re.match(r"^[a-z][a-z0-9+.-]*:", lowered)
                    if not (lowered.startswith(SAFE_SCHEMES) or (relative and href)):
                        child.attrib.pop("href", None)
                    for name in list(child.attrib):
                        if name not in ("href", "title"):
                            del child.attrib[name]
                    if "href" in child.attrib:
                        child.set("rel", "nofollow noopener")


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md), "briefing_sanitise", 0)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeMarkdown()], output_format="html")


def render_inline(text: str, rtl: bool = False) -> Markup:
    """One paragraph or heading of Markdown -> safe HTML without the outer ``<p>``."""
    if _PLAIN_START.match(text) and _PLAIN.fullmatch(text) and text == text.strip():
        # Most paragraphs are plain text: skip Python-Markdown, which returns them unchanged.
        # Nor tags nor entities in it: the runs can be wrapped without splitting it first.
        return Markup(LTR_RUN.sub(_BDI, text) if rtl else text)
    brackets = text.count("[") + text.count("]")
    if (brackets > MAX_BRACKETS or brackets * len(text) > MAX_BRACKET_SCAN
            or len(_SYNTAX.findall(text)) > MAX_SYNTAX):
        html = str(Markup.escape(text))
        return Markup(isolate_ltr(html) if rtl else html)
    md = _converter()
    md.reset()
    html = md.convert(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    else:
        # Block syntax inside one paragraph (a list, a quote marker): keep it as plain text.
        html = str(Markup.escape(text))
    if rtl:
        html = isolate_ltr(html)
    return Markup(html)


def isolate_ltr(html: str) -> str:
    """Wrap left-to-right runs of the text (not of tags or entities) in ``<bdi>``."""
    parts = _TAG_SPLIT.split(html)
    out = []
    for part in parts:
        if part.startswith(("<", "&")):
            out.append(part)
        else:
            out.append(LTR_RUN.sub(_BDI, part))
    return "".join(out)


