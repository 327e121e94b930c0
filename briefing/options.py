"""What one build is asked to do: the project's folders and the build's switches.

Kept apart from the pipeline (which imports the renderers) so that the command line can
decide that nothing changed without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    content_dir: Path
    out_dir: Path
    cache_dir: Path
    pdf: bool = True
    strict_i18n: bool = False
    #: Fail on paragraphs not yet translated, machine drafts and translations needing review.
    strict_translations: bool = False
    #: Include articles marked ``draft: true`` (preview only).
    drafts: bool = False
    #: Worker processes for PDFs and classification (default: one per core).
    workers: int | None = None
    #: Reuse parsed and classified articles, PDFs and the search index from ``cache_dir``.
    use_cache: bool = True

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @classmethod
    def for_root(cls, root: Path, **overrides: object) -> BuildOptions:
        values: dict[str, object] = {
            "root": root,
            "content_dir": root / "content",
            "out_dir": root / "site",
            "cache_dir": root / ".cache" / "briefing",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
