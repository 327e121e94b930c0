"""The gazetteer: Arabic names -> English names and types, from an editable YAML file.

The packaged ``briefing/data/gazetteer.yaml`` names the actors of the seed and the corpus; a
project file (``data/gazetteer.yaml`` at the project root) may be merged on top of it: an
entry with the same type and English name replaces the packaged one, and an Arabic form it
lists is taken away from any other entry. Files are parsed once per process (cached on path
and modification time).

Sections: ``person``, ``org``, ``place`` (the entities); ``title`` (written before a name:
"وزير الخارجية", "الجنرال") and ``role`` (unnamed speakers: "مصدر عسكري", "ناشطون"), which
name a speaker who has no name in the text; and ``nationality`` ("التركي" -> Turkish), which
composes with them: "وزير الخارجية التركي" -> "Turkish Foreign Minister".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import BuildErrors, ConfigError
from ..text.tokens import SOFT_PUNCT, Memo, Token, stems, tokenize
from ..text.trie import Trie, TrieNode
from ..yamlutil import line_of, load_with_lines, syntax_error_line, syntax_error_text

ENTITY_TYPES: tuple[str, ...] = ("person", "org", "place")
SECTIONS: tuple[str, ...] = (*ENTITY_TYPES, "title", "role", "nationality")
SOURCE_KINDS: tuple[str, ...] = ("media", "monitor", "official")
_ENTRY_KEYS = ("en", "ar", "source", "gender", "actor", "note")
#: ي with shadda: the nisba ending of adjectives ("سوريّة", "الإيرانيّ"), never in a name.
_NISBA = re.compile("\u064a[\u064b-\u0650\u0652]*\u0651")
_NORM = attrgetter("norm")
#: Where the project's own additions live, relative to the project root.
PROJECT_FILE = Path("data") / "gazetteer.yaml"


@dataclass(frozen=True)
class Name:
    """One gazetteer entry: ``ar`` is the Arabic form shown in the Arabic edition."""

    en: str
    ar: str
    type: str
    forms: tuple[str, ...]
    #: media | monitor | official when the text cites this actor as a source.
    source: str | None = None
    #: "f" for women (people only): a feminine verb ("قالت") goes on with her, not a man.
    gender: str | None = None
    #: People and organisations always; places only when they act as a state ("قالت روسيا").
    actor: bool = True


class Mention(NamedTuple):
    """A name found in a block's tokens: ``first``..``last`` (inclusive token indexes)."""

    name: Name
    first: int
    last: int
    #: Conjunction/preposition written on the first word ("و", "ل", "وب"...).
    clitic: str


#: A group's names as a trie of words (briefing/text/trie.py): at the node of a name's last
#: word, the name written with the words that lead to it (the first entry listed, if
#: several, is the node's first value).
_Node = TrieNode[str, Name]
#: A group's names by their first word.
_Index = dict[str, _Node]
#: The readings of one word that open names: (clitic, names after the stem), in
#: :func:`stems` order.
_Readings = tuple[tuple[str, _Node], ...]


class Gazetteer:
    """Names indexed for matching; :meth:`find` returns the longest match at each word.

    Each group's names are a trie of words, so the longest name at a word
    is one walk down the tree. The names a word may open (its clitic readings looked up in
    the trees) are memoised per distinct word, so a block costs one dictionary lookup per
    token (:meth:`starts`) and a walk only where some name may start.
    """

    def __init__(self, names: Iterable[Name]):
        self.names: tuple[Name, ...] = tuple(names)
        tries: dict[str, Trie[str, Name]] = {}
        for name in self.names:
            trie = tries.setdefault(_group(name.type), Trie())
            for form in name.forms:
                for variant in _variants(form, name.type):
                    trie.insert(variant, (name,))
        self._index: dict[str, _Index] = {group: t.roots for group, t in tries.items()}
        #: Per group, per normalised word: the names it may open (:func:`_readings`).
        self._memos = {group: Memo(functools.partial(_readings, index))
                       for group, index in self._index.items()}
        #: Per normalised word: (group, readings) of the groups it may open a name of.
        self._groups: Memo[tuple[tuple[str, _Readings], ...]] = Memo(
            lambda norm: tuple((group, memo[norm]) for group, memo in self._memos.items()
                               if memo[norm]))

    def __reduce__(self) -> tuple[type[Gazetteer], tuple[tuple[Name, ...]]]:
        """Pickled as its names (for worker processes); the index and memos are rebuilt."""
        return Gazetteer, (self.names,)

    def starts(self, tokens: Sequence[Token], norms: Sequence[str] | None = None) -> list[int]:
        """The tokens that may open a name of any group (to pass to :meth:`find`);
        ``norms``: their normalised forms, when already at hand.

        A scan at C speed: one memo lookup per token (punctuation never opens a name).
        """
        opens = map(self._groups.__getitem__, map(_NORM, tokens) if norms is None else norms)
        return list(compress(range(len(tokens)), opens))

    def find_all(self, tokens: Sequence[Token], norms: Sequence[str] | None = None
                 ) -> dict[str, list[Mention]]:
        """:meth:`find` for every group ("entity", "role", "nationality"), in one pass."""
        found: dict[str, list[Mention]] = {group: [] for group in self._memos}
        after = dict.fromkeys(self._memos, 0)  # per group, the token after its last mention
        for i in self.starts(tokens, norms):
            token = tokens[i]
            if not token.is_word:
                continue
            for group, readings in self._groups[token.norm]:
                if i < after[group]:
                    continue
                best = _longest(tokens, i, readings)
                if best is not None:
                    found[group].append(best)
                    after[group] = best.last + 1
        return found

    def find(self, tokens: Sequence[Token], group: str = "entity",
             starts: Iterable[int] | None = None) -> list[Mention]:
        """Non-overlapping mentions of ``group`` ("entity", "role" or "nationality").

        ``starts`` (:meth:`starts` of the same tokens) saves scanning them again.
        """
        memo = self._memos.get(group)
        if memo is None:
            return []
        found: list[Mention] = []
        after = 0  # the first token after the last mention found
        for i in self.starts(tokens) if starts is None else starts:
            token = tokens[i]
            readings = memo[token.norm]
            if i < after or not readings or not token.is_word:
                continue
            best = _longest(tokens, i, readings)
            if best is not None:
                found.append(best)
                after = best.last + 1
        return found

    def match_at(self, tokens: Sequence[Token], i: int, group: str) -> Mention | None:
        """The longest name of ``group`` starting at token ``i``."""
        memo = self._memos.get(group)
        token = tokens[i]
        if memo is None or not token.is_word:
            return None
        readings = memo[token.norm]
        return _longest(tokens, i, readings) if readings else None

    def lookup(self, text: str, group: str = "entity") -> Name | None:
        """The name written exactly as ``text`` (clitics allowed), if any."""
        tokens = tokenize(text)
        words = [i for i, t in enumerate(tokens) if t.is_word]
        if not words:
            return None
        mention = self.match_at(tokens, words[0], group)
        if mention is None or mention.last != words[-1]:
            return None
        return mention.name

    def entries(self, type_: str) -> list[Name]:
        return [n for n in self.names if n.type == type_]


def _group(type_: str) -> str:
    if type_ in ENTITY_TYPES:
        return "entity"
    return "role" if type_ == "title" else type_


def _variants(form: str, type_: str) -> list[tuple[str, ...]]:
    words = tuple(t.norm for t in tokenize(form) if t.is_word)
    if not words:
        return []
    out = [words]
    if type_ == "nationality" and words[0].startswith("ال") and len(words[0]) > 4:
        out.append((words[0][2:], *words[1:]))
    return out


def _readings(index: _Index, norm: str) -> _Readings:
    """The (clitic, names) readings of a normalised word: the names it may open."""
    return tuple((clitic, index[stem]) for clitic, stem in stems(norm) if stem in index)


def _longest(tokens: Sequence[Token], i: int, readings: _Readings) -> Mention | None:
    """The longest name of ``readings`` (those token ``i`` may open) written from ``i``."""
    text = tokens[i].text
    if "\u0651" in text and _NISBA.search(text):
        return None  # "بقيادة سوريّة": the adjective (يّة), not the country
    best: Mention | None = None
    for clitic, node in readings:
        found = _deepest(tokens, i, node)
        # a later reading (another clitic) wins only with more words than the best so far
        if found is not None and (best is None or found[1] > best.last - best.first):
            best = Mention(found[0], i, found[2], clitic)
    return best


def _deepest(tokens: Sequence[Token], i: int, node: _Node) -> tuple[Name, int, int] | None:
    """The longest name under ``node`` written with the words after token ``i``:
    (name, words after the first, index of its last token). Only "/" and "-" may stand
    between the words of a name."""
    first = node.first
    found = (first, 0, i) if first is not None else None
    j = i
    words = 0
    while node.next:
        j += 1
        while j < len(tokens) and not tokens[j].is_word:
            if tokens[j].text not in SOFT_PUNCT:
                return found
            j += 1
        if j >= len(tokens):
            return found
        following = node.next.get(tokens[j].norm)
        if following is None:
            return found
        node = following
        words += 1
        first = node.first
        if first is not None:
            found = (first, words, j)
    return found


# --- loading -------------------------------------------------------------------------------


def packaged_path() -> Path:
    return Path(str(resources.files("briefing") / "data" / "gazetteer.yaml"))


def load_gazetteer(extra: Path | None = None) -> Gazetteer:
    """The packaged gazetteer, with ``extra`` (a project file) merged on top when it exists.

    Raises :class:`BuildErrors` listing every invalid entry (file, line, what is wrong).
    """
    base = packaged_path()
    extra_key = None
    if extra is not None and extra.is_file():
        extra_key = (str(extra.resolve()), extra.stat().st_mtime_ns)
    return _load(str(base), base.stat().st_mtime_ns, extra_key)


@functools.lru_cache(maxsize=8)
def _load(base: str, _mtime: int, extra: tuple[str, int] | None) -> Gazetteer:
    names = read_names(Path(base))
    if extra is not None:
        names = merge(names, read_names(Path(extra[0])))
    return Gazetteer(names)


def merge(base: Sequence[Name], extra: Sequence[Name]) -> list[Name]:
    """``extra`` entries replace same type+English entries; their forms leave other entries."""
    replaced = {(n.type, n.en) for n in extra}
    claimed = {(_group(n.type), f) for n in extra for f in n.forms}
    out: list[Name] = []
    for name in base:
        if (name.type, name.en) in replaced:
            continue
        forms = tuple(f for f in name.forms if (_group(name.type), f) not in claimed)
        if forms:
            out.append(Name(name.en, name.ar if name.ar in forms else forms[0], name.type,
                            forms, name.source, name.gender, name.actor))
    return [*out, *extra]


def read_names(path: Path) -> list[Name]:
    """Parse and validate one gazetteer file; all errors are collected and raised together."""
    text = path.read_text(encoding="utf-8")
    try:
        data, lines = load_with_lines(text, path)
    except yaml.YAMLError as exc:
        raise BuildErrors([ConfigError(f"invalid YAML: {syntax_error_text(exc)}", path,
                                       syntax_error_line(exc), "fix the gazetteer syntax")]) \
            from None
    errors: list[ConfigError] = []
    names: list[Name] = []
    seen: dict[tuple[str, tuple[str, ...]], int | None] = {}
    if data is None:
        return []
    if not isinstance(data, dict):
        raise BuildErrors([ConfigError("the gazetteer must be a mapping of sections", path, 1,
                                       f"sections: {', '.join(SECTIONS)}")])
    for section, entries in data.items():
        if section not in SECTIONS:
            errors.append(ConfigError(f"unknown section {section!r}", path,
                                      line_of(lines, (section,)),
                                      f"sections: {', '.join(SECTIONS)}"))
            continue
        if not isinstance(entries, list):
            errors.append(ConfigError(f"section {section!r} must be a list of entries", path,
                                      line_of(lines, (section,)), "write '- en: ...' items"))
            continue
        for i, entry in enumerate(entries):
            where = line_of(lines, (section, i))
            name = _entry(section, entry, path, where, errors)
            if name is None:
                continue
            mine = {(_group(section), tuple(t.norm for t in tokenize(f) if t.is_word))
                    for f in name.forms}
            for key in mine:
                if key in seen:
                    errors.append(ConfigError(
                        f"the Arabic form {' '.join(key[1])!r} is also listed on line "
                        f"{seen[key]}", path, where, "keep it in one entry"))
                seen[key] = where
            names.append(name)
    if errors:
        raise BuildErrors(list(errors))
    return names


def _entry(section: str, entry: Any, path: Path, line: int | None,
           errors: list[ConfigError]) -> Name | None:
    if not isinstance(entry, dict):
        errors.append(ConfigError("an entry must be a mapping with 'en' and 'ar'", path, line,
                                  "write '- en: English name' then 'ar: [Arabic forms]'"))
        return None
    unknown = [k for k in entry if k not in _ENTRY_KEYS]
    if unknown:
        errors.append(ConfigError(f"unknown key {unknown[0]!r} in a {section} entry", path, line,
                                  f"allowed: {', '.join(_ENTRY_KEYS)}"))
    en = entry.get("en")
    forms = entry.get("ar")
    if isinstance(forms, str):
        forms = [forms]
    if not isinstance(en, str) or not en.strip():
        errors.append(ConfigError(f"a {section} entry has no English name", path, line,
                                  "add 'en: ...'"))
        return None
    if (not isinstance(forms, list) or not forms
            or not all(isinstance(f, str) and f.strip() for f in forms)):
        errors.append(ConfigError(f"{en!r} has no Arabic forms", path, line,
                                  "add 'ar: [form, other form]'"))
        return None
    source = entry.get("source")
    if source is not None and source not in SOURCE_KINDS:
        errors.append(ConfigError(f"{en!r}: unknown source kind {source!r}", path, line,
                                  f"allowed: {', '.join(SOURCE_KINDS)}"))
        source = None
    gender = entry.get("gender")
    if gender is not None and (section != "person" or gender not in ("f", "m")):
        errors.append(ConfigError(f"{en!r}: gender must be 'f' or 'm', for people only", path,
                                  line, "write 'gender: f'"))
        gender = None
    actor = entry.get("actor", section != "place")
    if not isinstance(actor, bool):
        errors.append(ConfigError(f"{en!r}: actor must be true or false", path, line,
                                  "write 'actor: true'"))
        actor = False
    clean = tuple(dict.fromkeys(f.strip() for f in forms))
    return Name(en.strip(), clean[0], section, clean, source, gender, actor)
