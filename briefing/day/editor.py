"""The editor's choices for one day: ``content/<date>/_day.yaml``.

```yaml
highlights: [fr-254-p1, bb-312-p1]   # the stories whose leads head the edition, in order
pin: [fr-285-p1]                      # these stories first in their sections, in this order
hide: [sk-989-p2, sk-989-p3]          # paragraphs left out of the briefing
merge:                                # paragraphs that form one story, lead first
  - [bb-312-p1, fr-300-p4]
split: [bb-364-p5]                    # paragraphs taken out of their story, to stand alone
```

A reference is ``<slug>-p<number>``, the paragraph's anchor on the page and its number in
``briefing check``; where a story is meant, any of its paragraphs names it. The file lives
with the content, so the choices survive every rebuild; they always win over the computed
plan. Unknown keys and references to paragraphs that do not exist are errors naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildErrors, ContentError
from ..reader import DAY_FILE
from ..yamlutil import KeyPath, line_of, load_with_lines, syntax_error_line, syntax_error_text
from .model import DayParagraph, DayPlan, ParagraphRef, Story

KEYS = ("highlights", "pin", "hide", "merge", "split")
_REF = re.compile(r"^([a-z0-9][a-z0-9-]*)-p([1-9][0-9]*)$")
#: A day file is a few lines; anything larger is a wrong file.
MAX_BYTES = 100_000


@dataclass(frozen=True)
class Choice:
    """One reference as written, with its line for error messages."""

    ref: ParagraphRef
    line: int


@dataclass(frozen=True)
class DayChoices:
    path: Path
    highlights: tuple[Choice, ...] = ()
    pin: tuple[Choice, ...] = ()
    hide: tuple[Choice, ...] = ()
    merge: tuple[tuple[Choice, ...], ...] = ()
    split: tuple[Choice, ...] = ()
    #: The file's bytes, for cache keys.
    raw: bytes = field(default=b"", repr=False)


def load_choices(folder: Path) -> DayChoices | None:
    """The folder's ``_day.yaml``, or None. Raises BuildErrors listing every problem."""
    path = folder / DAY_FILE
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise BuildErrors([ContentError(f"file is too large ({len(raw):,} bytes)", path, None,
                                        "a day file holds a few references")])
    try:
        data, lines = load_with_lines(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        raise BuildErrors([ContentError("file is not UTF-8", path, None,
                                        "re-save it as UTF-8")]) from None
    except yaml.YAMLError as exc:
        raise BuildErrors([ContentError(f"invalid YAML: {syntax_error_text(exc)}", path,
                                        syntax_error_line(exc), "check indentation and dashes")
                           ]) from exc
    errors: list[ContentError] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildErrors([ContentError("the day file must be 'key: list' lines", path, 1,
                                        "allowed keys: " + ", ".join(KEYS))])

    def refs(key: KeyPath, value: Any) -> tuple[Choice, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            errors.append(ContentError(f"'{key[0]}' must be a list of paragraph references",
                                       path, line_of(lines, key), "e.g. [bb-312-p1, fr-254-p3]"))
            return ()
        out = []
        for i, item in enumerate(value):
            match = _REF.match(item) if isinstance(item, str) else None
            if match is None:
                errors.append(ContentError(
                    f"{item!r} is not a paragraph reference", path, line_of(lines, (*key, i)),
                    "write <slug>-p<number>, as the paragraph's link and 'briefing check' "
                    "show it, e.g. bb-312-p4"))
                continue
            out.append(Choice(ParagraphRef(match.group(1), int(match.group(2))),
                              line_of(lines, (*key, i)) or 1))
        return tuple(out)

    for key in data:
        if key not in KEYS:
            errors.append(ContentError(f"unknown key {key!r}", path, line_of(lines, (key,)),
                                       "allowed keys: " + ", ".join(KEYS)))
    merge_raw = data.get("merge")
    merges: list[tuple[Choice, ...]] = []
    if merge_raw is not None and not isinstance(merge_raw, list):
        errors.append(ContentError("'merge' must be a list of lists", path,
                                   line_of(lines, ("merge",)), "e.g. merge: [[a-p1, b-p3]]"))
    else:
        for i, group in enumerate(merge_raw or []):
            found = refs(("merge", i), group)
            if len(found) >= 2:
                merges.append(found)
            elif isinstance(group, list):
                errors.append(ContentError("a merge needs at least two paragraphs", path,
                                           line_of(lines, ("merge", i)),
                                           "list the paragraphs that form one story"))
    choices = DayChoices(path=path, highlights=refs(("highlights",), data.get("highlights")),
                         pin=refs(("pin",), data.get("pin")),
                         hide=refs(("hide",), data.get("hide")),
                         merge=tuple(merges), split=refs(("split",), data.get("split")), raw=raw)
    if errors:
        raise BuildErrors(list(errors))
    return choices


def apply_choices(plan: DayPlan, choices: DayChoices) -> DayPlan:
    """The plan with the editor's choices applied; references must name paragraphs of the
    day that reach the briefing (BuildErrors otherwise)."""
    errors = [ContentError(f"{c.ref.anchor}: no such paragraph in this day's briefing",
                           choices.path, c.line,
                           "check the slug and the number with 'briefing check' (noise and "
                           "headings are not paragraphs of the briefing)")
              for c in _all(choices) if c.ref not in plan.paragraphs]
    if errors:
        raise BuildErrors(list(errors))
    groups = [list(s.paragraphs) for s in plan.stories]
    values = {s.paragraphs: s.value for s in plan.stories}

    def take_out(refs: set[ParagraphRef]) -> None:
        for group in groups:
            group[:] = [r for r in group if r not in refs]

    for choice in choices.split:
        take_out({choice.ref})
        groups.append([choice.ref])
    for merge in choices.merge:
        refs = [c.ref for c in merge]
        take_out(set(refs))
        groups.append(refs)
    hidden = frozenset(c.ref for c in choices.hide)
    groups = [g for g in ([r for r in g if r not in hidden] for g in groups) if g]
    stories = [_rebuild(plan.paragraphs, g, values, merged=any(
        g == [c.ref for c in m] for m in choices.merge)) for g in groups]
    pinned = [c.ref for c in choices.pin]
    stories = [replace(s, pinned=True) if set(s.paragraphs) & set(pinned) else s
               for s in stories]
    # Where a story stood in the computed plan (a new one: where its lead's story stood).
    place = {ref: i for i, s in enumerate(plan.stories) for ref in s.paragraphs}

    def rank(story: Story) -> tuple[int, int]:
        hits = [pinned.index(r) for r in story.paragraphs if r in pinned]
        return (min(hits) if hits else len(pinned), place[story.lead])

    stories.sort(key=rank)
    highlights = plan.highlights
    if choices.highlights:
        highlights = tuple(dict.fromkeys(
            s.key for c in choices.highlights for s in stories if c.ref in s.paragraphs))
    else:
        live = {s.key for s in stories}
        highlights = tuple(k for k in highlights if k in live)
    return replace(plan, stories=tuple(stories), highlights=highlights, hidden=hidden)


def _rebuild(paragraphs: dict[ParagraphRef, DayParagraph], refs: list[ParagraphRef],
             values: dict[tuple[ParagraphRef, ...], float], merged: bool) -> Story:
    from .stories import story_of

    group = [paragraphs[r] for r in refs]
    value = values.get(tuple(refs)) or max((v for k, v in values.items() if set(k) & set(refs)),
                                           default=0.0)
    story = story_of(group, value)
    if merged:  # the editor named the lead first
        rest = tuple(r for r in story.paragraphs if r != refs[0])
        story = replace(story, key=refs[0].anchor, paragraphs=(refs[0], *rest))
    return story


def _all(choices: DayChoices) -> list[Choice]:
    return [*choices.highlights, *choices.pin, *choices.hide, *choices.split,
            *(c for m in choices.merge for c in m)]
