"""Language tags in the PDF structure tree: every element with a ``lang`` attribute gets /Lang.

PDF/UA wants passages in another language than the document's marked as such (an English
quotation in the Arabic edition, the English column of the bilingual edition), so screen
readers switch voice. WeasyPrint 70 sets only the catalog's /Lang; this module wraps its
structure-tree builder so each structure element created for an HTML element with an
explicit ``lang`` gets that language. The wrapper is installed once per process and depends
on WeasyPrint's internal ``_build_box_tree`` (hence the exact version pin in pyproject.toml);
a test checks the /Lang entries so an upgrade that breaks it fails loudly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_INSTALLED = False


def install() -> None:
    global _INSTALLED  # process-wide: WeasyPrint's module is process-wide too
    if _INSTALLED:
        return
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        for structure in original(box, parent, *args):
            if lang and structure.get("P") == parent.reference and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = build_box_tree
    _INSTALLED = True
