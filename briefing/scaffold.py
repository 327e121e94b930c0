"""``briefing new``: an edition day with an article pair ready to fill in.

The files are marked ``draft: true`` so the placeholder text can never reach a published
site; every configured language gets its file, aligned block for block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .config import load_config
from .errors import ContentError
from .reader import SLUG_RE

_PLACEHOLDER = {
    "ar": ("عنوان المقال", "الفقرة الأولى.", "عنوان فرعي", "فقرة أخرى."),
    "en": ("Article title", "First paragraph.", "A subheading", "Another paragraph."),
}


def new_edition(root: Path, content: Path, date: dt.date, slug: str) -> list[Path]:
    if not SLUG_RE.match(slug):
        raise ContentError(f"slug {slug!r} has characters other than a-z, 0-9 and -", None,
                           None, "pass --slug with only a-z, 0-9 and -")
    config = load_config(root)
    folder = content / date.isoformat()
    targets = [folder / f"{slug}.{lang.code}.md" for lang in config.languages]
    for target in targets:
        if target.exists():
            raise ContentError("content file already exists; not overwriting it", target, None,
                               "choose another --slug")
    folder.mkdir(parents=True, exist_ok=True)
    for lang, target in zip(config.languages, targets, strict=True):
        title, first, heading, second = _PLACEHOLDER.get(lang.code, _PLACEHOLDER["en"])
        target.write_text(
            f"---\ntitle: {title}\ndate: {date.isoformat()}\nsource:\n  name: \ndraft: true\n"
            f"---\n\n{first}\n\n## {heading}\n\n{second}\n", encoding="utf-8")
    return targets
