"""YAML loading that remembers where each key is, so errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .text.controls import clean_text

KeyPath = tuple[str | int, ...]

#: How many nodes aliases may add to a document once expanded. Real files use few aliases or
#: none; a "billion laughs" document of a few hundred bytes expands to 10**9 nodes, and the
#: key-line index (and every later walk of the data) would follow each one.
MAX_ALIAS_EXPANSION = 10_000


class AliasBombError(yaml.MarkedYAMLError):
    """Aliases that expand to too many nodes, or an alias inside its own anchor."""


#: libyaml's parser when PyYAML was built with it (ten times faster on front matter; its
#: error marks carry the same lines), else the pure-Python one.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader that keeps dates as the strings the editor wrote.

    Dates are validated by the content reader, which gives a better message than PyYAML.
    """


def _clean_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Every string of every YAML file the tool reads, without control characters: an escape
    such as ``"\\x07"`` or ``"\\u202e"`` in a title must not reach a feed or a page."""
    return clean_text(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:str", _clean_str)

# Drop the timestamp resolver: ``date: 2024-12-03`` stays a string until we validate it.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_with_lines(
    text: str, path: Path | str, first_line: int = 1
) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML; return the data and the 1-based line of every key path.

    ``first_line`` is the file line where ``text`` starts (front matter starts on line 2).
    Raises ``yaml.YAMLError`` (with ``problem_mark``) on a syntax error.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _check_expansion(node)
        _index(node, (), lines, first_line)
    return data, lines


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph whose expanded tree is far larger than the graph itself.

    Runs on the composed graph, where an alias is a shared node, so it takes time linear in
    the file whatever the expansion; ``_index`` then walks a tree known to be small.
    """
    size: dict[int, int] = {}
    open_: set[int] = set()
    unique = 0

    def walk(node: yaml.Node) -> int:
        nonlocal unique
        if id(node) in size:
            return size[id(node)]
        if id(node) in open_:
            raise AliasBombError(None, None, "an alias refers to its own anchor",
                                 node.start_mark)
        unique += 1
        total = 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            open_.add(id(node))
            children = ([n for pair in node.value for n in pair]
                        if isinstance(node, yaml.MappingNode) else node.value)
            for child in children:
                total += walk(child)
                if total > unique + MAX_ALIAS_EXPANSION:
                    raise AliasBombError(
                        None, None,
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} extra values "
                        "(write the values out instead of '*alias')", child.start_mark)
            open_.discard(id(node))
        size[id(node)] = total
        return total

    walk(root)


def _index(node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int], first: int) -> None:
    lines.setdefault(prefix, node.start_mark.line + first)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = key_node.value
            # isascii: "²" is a digit to str.isdigit() but not a number to int()
            if isinstance(key, str) and key.isascii() and key.lstrip("-").isdigit():
                key = int(key)
            lines[(*prefix, key)] = key_node.start_mark.line + first
            _index(value_node, (*prefix, key), lines, first)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line + first
            _index(item, (*prefix, i), lines, first)


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path`` or of its nearest known parent."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def syntax_error_line(error: yaml.YAMLError, first_line: int = 1) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + first_line if mark is not None else None


def syntax_error_text(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    parts = [p for p in (context, problem) if p]
    return "; ".join(parts) if parts else str(error).splitlines()[0]
