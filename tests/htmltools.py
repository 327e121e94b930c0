"""Small helpers to read built HTML pages in tests (tinyhtml5, WeasyPrint's own parser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import tinyhtml5

NS = "{http://www.w3.org/1999/xhtml}"


def parse(path: Path) -> ET.Element:
    return tinyhtml5.parse(path.read_text(encoding="utf-8"))


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(NS + tag))


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


def parse_fragment(html: str) -> ET.Element:
    return tinyhtml5.parse(f"<!doctype html><html><body>{html}</body></html>")
