"""The error hierarchy: every failure an editor can cause names the file, the line and the fix."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BriefingError(Exception):
    """A user-facing error printed as one line: ``path:line: message (hint)``."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        return self.format()

    def format(self, base: Path | None = None) -> str:
        """``path:line: message (hint)``, with the path relative to ``base`` when inside it."""
        where = ""
        if self.path is not None:
            path = Path(self.path)
            if base is not None and path.is_absolute():
                with contextlib.suppress(ValueError):
                    path = path.relative_to(base)
            where = f"{path}:"
            if self.line is not None:
                where += f"{self.line}:"
            where += " "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(BriefingError):
    """``briefing.yaml`` is invalid."""


class ContentError(BriefingError):
    """A content file (or a raw article being imported) is invalid."""


class TemplateError(BriefingError):
    """A Jinja2 template is missing or broken."""


class BuildErrors(Exception):
    """Several errors collected across a whole stage, reported together."""

    def __init__(self, errors: list[BriefingError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
