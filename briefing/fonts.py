"""Fonts from PyPI packages (fontpkg-*), never from the system, for the site and the PDFs.

Three CSS families:

- "Briefing Arabic": Almarai, all Arabic text (body, headings, page furniture). Static
  weights, so PDF text stays extractable (the variable Noto Sans Arabic does not).
- "Briefing Sans": IBM Plex Sans Arabic, Latin headings and UI of English pages.
- "Briefing Serif": IBM Plex Serif, English body text.

The site gets WOFF2 subsets of these files (:mod:`briefing.webfonts`). The PDFs get the
TTFs themselves, and for the Arabic family a derived font built once into the cache by
:mod:`briefing.fontsplit`: same drawing, but one glyph per character, so pdftotext and
viewers give back the words whole and in order.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import disk_errors


@dataclass(frozen=True)
class FontFace:
    """One font file and the CSS family/weight/style it provides."""

    family: str
    path: Path
    weight: int
    style: str
    #: Split ligatures for the PDF (see fontsplit.py).
    split: bool = False

    @property
    def file_name(self) -> str:
        return self.path.name


#: CSS family name -> (fontpkg slug, weights, styles, split ligatures in PDFs).
FAMILIES: dict[str, tuple[str, tuple[int, ...], tuple[str, ...], bool]] = {
    "Briefing Arabic": ("almarai", (400, 700, 800), ("normal",), True),
    "Briefing Sans": ("ibm-plex-sans-arabic", (400, 600, 700), ("normal",), False),
    "Briefing Serif": ("ibm-plex-serif", (400, 600, 700), ("normal", "italic"), False),
}


def font_faces() -> list[FontFace]:
    """Resolve every packaged font file the templates use."""
    import fontpkg

    faces = []
    for css_family, (slug, weights, styles, split) in FAMILIES.items():
        for weight in weights:
            for style in styles:
                path = fontpkg.path(slug, weight=weight, style=style)
                faces.append(FontFace(css_family, Path(path), weight, style, split))
    return faces


def pdf_font_faces(cache_dir: Path) -> list[FontFace]:
    """The faces for PDFs: split-ligature derivatives (built on first use) where marked."""
    return [replace(face, path=derived_font(face.path, cache_dir)) if face.split else face
            for face in font_faces()]


def derived_font(source: Path, cache_dir: Path) -> Path:
    """The split-ligature version of ``source``, cached by content and code version."""
    from . import fontsplit
    from .store import intact, seal

    key = hashlib.sha256(source.read_bytes())
    key.update(Path(fontsplit.__file__).read_bytes())
    target = cache_dir / "fonts" / f"{source.stem}-{key.hexdigest()[:16]}.ttf"
    # A derived font is used only when its seal matches it: a damaged one would silently
    # print Arabic in a fallback font.
    if not intact(target):
        with disk_errors(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
            os.close(fd)
            try:
                fontsplit.build(source, tmp)
                os.replace(tmp, target)
                seal(target)
            finally:
                Path(tmp).unlink(missing_ok=True)
    return target


def font_face_css(faces: list[FontFace], url_for: dict[Path, str]) -> str:
    """``@font-face`` rules; ``url_for`` maps each font file to the URL to reference."""
    rules = []
    for face in faces:
        rules.append(
            "@font-face {"
            f' font-family: "{face.family}";'
            f' src: url("{url_for[face.path]}");'
            f" font-weight: {face.weight};"
            f" font-style: {face.style};"
            " font-display: swap; }"
        )
    return "\n".join(rules) + "\n"
