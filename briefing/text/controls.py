"""Invisible characters that must never reach a page, a feed or a PDF: the one cleaner.

Text pasted from anywhere can carry C0 control characters (a BEL, an escape sequence, a
form feed from a PDF copy) and bidi controls. XML 1.0 forbids the control characters, so one
of them in a title or paragraph makes the Atom feeds unreadable; HTML forbids them too. The
bidi embeddings and overrides (U+202A-U+202E) reorder everything after them to the end of the
paragraph: a U+202E in an English headline shows the rest of the line reversed, in the page's
own interface as well when a title is repeated in a link or the page title. Direction in the
site comes from ``lang``/``dir`` attributes and isolation, so news text never needs them.

:func:`clean_text` is applied where text enters the build (the content reader, every YAML
value the tool reads, the importer), never in each writer: every output then holds the same
clean text, and the classifier, the search index and the PDFs see what the page shows.
"""

from __future__ import annotations

import re

#: C0 controls other than tab, newline and carriage return (which the readers turn into
#: newlines), DEL and the C1 controls.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\u202a-\u202e\ufffe\uffff]")
#: Vertical tab, form feed and the information separators stand between words: a space.
_SPACES = re.compile("[\x0b\x0c\x1c-\x1f]")
_ISOLATE_OPEN = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_ISOLATE_CLOSE = "\u2069"  # PDI
_ISOLATES = re.compile("[\u2066-\u2069]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without control characters, bidi embeddings and overrides, or isolates left
    open or closed without an opening (isolates balanced within a line are kept: they cannot
    reach beyond it). Tabs and newlines are kept; everything else is unchanged."""
    if not _ANY.search(text):
        return text  # the common case: one scan
    text = _SPACES.sub(" ", _DROPPED.sub("", text))
    if _ISOLATES.search(text):
        text = "\n".join(_balanced_isolates(line) for line in text.split("\n"))
    return text


def _balanced_isolates(line: str) -> str:
    """The line with every isolate that has no partner on it removed."""
    if not _ISOLATES.search(line):
        return line
    opened: list[int] = []
    unmatched: set[int] = set()
    for i, char in enumerate(line):
        if char in _ISOLATE_OPEN:
            opened.append(i)
        elif char == _ISOLATE_CLOSE:
            if opened:
                opened.pop()
            else:
                unmatched.add(i)
    unmatched.update(opened)
    if not unmatched:
        return line
    return "".join(c for i, c in enumerate(line) if i not in unmatched)
