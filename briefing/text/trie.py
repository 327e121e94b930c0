"""The one trie of the text layer: sequences of keys (letters or words) -> values.

The classifier's lexicon walks it letter by letter to find the cues a word starts with
(briefing/classify/lexicon.py); the extract stage's gazetteer walks it word by word to find
the longest name written from a token (briefing/extract/gazetteer.py). Each walks it with its
own rules (prefixes, exact words, clitic readings, what may stand between two words); the
structure is shared.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TrieNode(Generic[K, V]):
    """One key of an entry: the values of the entries that end here, and the keys that may
    follow."""

    __slots__ = ("next", "values")

    def __init__(self) -> None:
        self.values: list[V] = []
        self.next: dict[K, TrieNode[K, V]] = {}

    @property
    def first(self) -> V | None:
        """The value of the first entry that ended here, if any."""
        return self.values[0] if self.values else None


class Trie(Generic[K, V]):
    """Entries by their keys; :attr:`roots` holds the nodes of the first keys."""

    __slots__ = ("roots",)

    def __init__(self) -> None:
        self.roots: dict[K, TrieNode[K, V]] = {}

    def insert(self, keys: Iterable[K], values: Iterable[V]) -> TrieNode[K, V]:
        """Add ``values`` at the end of ``keys`` (at least one key); returns that node."""
        level = self.roots
        node: TrieNode[K, V] | None = None
        for key in keys:
            node = level.get(key)
            if node is None:
                node = level[key] = TrieNode()
            level = node.next
        if node is None:
            raise ValueError("an entry needs at least one key")
        node.values.extend(values)
        return node
