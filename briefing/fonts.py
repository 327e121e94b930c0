"""Fonts from PyPI packages (fontpkg-*), never from the system, for the site and the PDFs.

Each role (Arabic text, Latin text, headings and UI) maps to a packaged family. The same
``@font-face`` rules serve the PDF (absolute ``file://`` URLs that the renderer's fetcher
allows) and the site (fonts copied into ``assets/fonts/`` and referenced relatively).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FontFace:
    """One font file and the CSS family/weight/style it provides."""

    family: str
    path: Path
    weight: int
    style: str

    @property
    def file_name(self) -> str:
        return self.path.name


#: CSS family name -> (fontpkg slug, weights wanted, styles wanted).
FAMILIES: dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]] = {
    "Briefing Arabic": ("amiri", (400, 700), ("normal",)),
    "Briefing Sans": ("ibm-plex-sans-arabic", (400, 600, 700), ("normal",)),
    "Briefing Serif": ("ibm-plex-serif", (400, 600, 700), ("normal", "italic")),
}


def font_faces() -> list[FontFace]:
    """Resolve every packaged font file the templates use."""
    import fontpkg

    faces = []
    for css_family, (slug, weights, styles) in FAMILIES.items():
        for weight in weights:
            for style in styles:
                path = fontpkg.path(slug, weight=weight, style=style)
                faces.append(FontFace(css_family, Path(path), weight, style))
    return faces


def font_dirs() -> list[Path]:
    """Folders the PDF renderer may read fonts from."""
    return sorted({face.path.parent.resolve() for face in font_faces()})


def font_face_css(faces: list[FontFace], url_for: dict[Path, str]) -> str:
    """``@font-face`` rules; ``url_for`` maps each font file to the URL to reference."""
    rules = []
    for face in faces:
        rules.append(
            "@font-face {"
            f" font-family: {face.family!r};"
            f" src: url({url_for[face.path]!r});"
            f" font-weight: {face.weight};"
            f" font-style: {face.style};"
            " font-display: swap; }"
        )
    return "\n".join(rules) + "\n"
