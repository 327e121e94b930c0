"""One paragraph analysed once: tokens, gazetteer mentions, quoted spans and sentences.

Quoted spans are sorted here into names («رويترز», "وكالة «سانا»", «جيش الإسلام»), which
read as ordinary words, and speech (quotations and scare-quoted terms), whose words are
never taken for attribution cues or speakers. The quotation/term split needs the speaker
frame and is made in quotes.py.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

from ..text.tokens import (
    Span,
    Token,
    bare,
    lemma_set,
    quoted_spans,
    sentence_bounds,
    split_tokens,
)
from .gazetteer import Gazetteer, Mention
from .lexicon import (
    CLAUSE_OPENERS,
    COMPLEMENTIZERS,
    NAME_CUES,
    NAME_HEADS,
    PRONOUN_PREPS,
    RELATIVES,
    STOPS,
    TIME,
    cue_kind,
    word_set,
)

#: A quoted span of at most this many words may be a name («هيئة تحرير الشام»).
MAX_QUOTED_NAME_WORDS = 6
#: Spans whose words are this short on average spell out an acronym («جي إي إس إس إم»).
MIN_WORD_LETTERS = 2.5
#: The most words of a personal name the gazetteer lacks ("عبد الله علوش").
MAX_NAME_WORDS = 3
#: Common words that follow titles and look like names ("أحد", "كبار").
_NOT_NAMES = word_set(
    "أحد إحدى كبار كبير نفسه عسكري غربي سابق السابق الحالي الجديد جديد أول الأول العام "
    "الخاص الأعلى التنفيذي المتقاعد بعض فريق كل جميع كثير كثيرون كثيرين")
#: Endings of words that are not names: pronouns, feminine/nisba and adverbial endings.
_SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "يا", "يين", "يون")
#: A quoted span opening with one of these is a person's name («أبو محمد الأوزبكي»).
_KUNYA = word_set("أبو أم ابن بن")
#: Name parts followed by a word with the article ("عبد الرحمن", "نصر الله", "آل ثاني").
_NAME_LINKS = word_set("عبد أبو بن بنت ابن نصر سيف نور عز صلاح جمال شمس ولي آل")
#: Nouns that head names, never part of a personal name ("حزب", "وكالة").
_COMMON_NOUNS = NAME_CUES | NAME_HEADS
#: Words a phrase ends before (see :func:`boundary`).
_PHRASE_ENDS = COMPLEMENTIZERS | STOPS | TIME | RELATIVES
_NORM = attrgetter("norm")


class Role(NamedTuple):
    """A title or unnamed speaker ("وزير الخارجية التركي"): tokens ``first``..``last``."""

    first: int
    last: int
    en: str
    #: Conjunction/preposition written on the first word ("و" in "والرئيس").
    clitic: str = ""
    #: A title written before names ("الرئيس"), not an unnamed speaker ("مصدر عسكري").
    title: bool = False

    @property
    def words(self) -> frozenset[str]:
        return frozenset(w for w in self.en.lower().replace(",", " ").split() if w != "the")


class QuotedSpan(NamedTuple):
    """A quoted span with its token range: marks at ``first`` and ``last``."""

    span: Span
    first: int
    last: int
    name: Mention | None
    is_name: bool
    #: Words inside the marks.
    words: int


@dataclass(eq=False)
class Analysis:
    """One paragraph as :func:`analyse` reads it; the extractors only read it afterwards.

    Not a frozen dataclass: one is made for every paragraph, with its indexes, and a frozen
    dataclass pays for every field it sets.
    """

    text: str
    tokens: tuple[Token, ...]
    #: Per token: its normalised form (``tokens[i].norm``), for the scans of :meth:`flagged`.
    norms: tuple[str, ...]
    #: Per token: its offsets in ``text`` (``text[starts[i]:ends[i]]``).
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    entities: tuple[Mention, ...]
    roles: tuple[Role, ...]
    quoted: tuple[QuotedSpan, ...]
    #: Token ranges [first, end) of the sentences.
    sentences: tuple[tuple[int, int], ...]
    #: Per token: inside a quotation or term (its words are someone's speech).
    opaque: tuple[bool, ...]
    #: Per token: a quotation mark around a name (read through).
    name_mark: tuple[bool, ...]
    #: Per token: index in ``quoted`` of the quotation or term it is inside, -1 outside any,
    #: -2 on a quotation's own marks. Figures read a quotation's words as a text of its own.
    zone: tuple[int, ...] = ()
    #: Per token: a nationality word ("التركي", "روس"), never part of a name.
    nationality: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        # The lookups below, by token: the first mention or role (in document order) that
        # starts or ends there, and whether any covers it.
        self._entity_at: dict[int, Mention] = {}
        self._entity_ending: dict[int, Mention] = {}
        self._role_at: dict[int, Role] = {}
        self._role_ending: dict[int, Role] = {}
        self._covered = [False] * len(self.tokens)
        for m in reversed(self.entities):
            self._entity_at[m.first] = self._entity_ending[m.last] = m
            self._covered[m.first:m.last + 1] = [True] * (m.last + 1 - m.first)
        for r in reversed(self.roles):
            self._role_at[r.first] = self._role_ending[r.last] = r
            self._covered[r.first:r.last + 1] = [True] * (r.last + 1 - r.first)

    def entity_at(self, i: int) -> Mention | None:
        return self._entity_at.get(i)

    def entity_ending(self, i: int) -> Mention | None:
        return self._entity_ending.get(i)

    def role_at(self, i: int) -> Role | None:
        return self._role_at.get(i)

    def role_ending(self, i: int) -> Role | None:
        return self._role_ending.get(i)

    def in_mention(self, i: int) -> bool:
        return 0 <= i < len(self._covered) and self._covered[i]

    def flagged(self, memo: Mapping[str, object], first: int, end: int) -> list[int]:
        """The tokens first..end-1 whose normalised form ``memo`` maps to a true value.

        ``memo`` is a :class:`~.text.Memo` of a word test: the scan runs at C speed, for
        the sieves that pick out the few tokens worth a closer look (cues, numbers).
        """
        return list(compress(range(first, end), map(memo.__getitem__, self.norms[first:end])))

    def surface(self, first: int, end: int) -> str:
        """The text of tokens first..end-1 as written (trimmed of edge punctuation)."""
        while first < end and not self.tokens[first].is_word:
            first += 1
        while end > first and not self.tokens[end - 1].is_word:
            end -= 1
        if first >= end:
            return ""
        return self.text[self.starts[first]:self.ends[end - 1]]


def analyse(text: str, gazetteer: Gazetteer) -> Analysis:
    """Read one block: its tokens, names, roles, quoted spans and sentences."""
    tokens, offsets, ends = split_tokens(text)  # bisect_left(offsets, x): the token at x
    norms = tuple(map(_NORM, tokens))
    names = gazetteer.find_all(tokens, norms)
    entities = names.get("entity", [])
    roles = _roles(tokens, gazetteer, entities, names.get("role", []))
    quoted = tuple(_quoted(tokens, span, bisect_left(offsets, span.start),
                           bisect_left(offsets, span.end - 1), entities, gazetteer)
                   for span in quoted_spans(text))
    sentences = []
    for start, end in sentence_bounds(text, [q.span for q in quoted]):
        first = bisect_left(offsets, start)
        stop = bisect_left(offsets, end)
        if first < stop:
            sentences.append((first, stop))
    nationality = [False] * len(tokens)
    for m in names.get("nationality", []):
        nationality[m.first:m.last + 1] = [True] * (m.last + 1 - m.first)
    return Analysis(text, tuple(tokens), norms, tuple(offsets), tuple(ends), tuple(entities),
                    tuple(roles), quoted, tuple(sentences), *_quote_marks(quoted, len(tokens)),
                    tuple(nationality))


def _quote_marks(quoted: tuple[QuotedSpan, ...], n: int
                 ) -> tuple[tuple[bool, ...], tuple[bool, ...], tuple[int, ...]]:
    """Per token of a block of ``n`` tokens: opaque, name mark and zone (see Analysis)."""
    if not quoted:
        return (False,) * n, (False,) * n, (-1,) * n
    opaque = [False] * n
    name_mark = [False] * n
    zone = [-1] * n
    for k, q in enumerate(quoted):
        if q.is_name:
            name_mark[q.first] = name_mark[q.last] = True
        else:
            for i in range(q.first, q.last + 1):
                opaque[i] = True
                zone[i] = k
            zone[q.first] = zone[q.last] = -2
    return tuple(opaque), tuple(name_mark), tuple(zone)


def _roles(tokens: list[Token], gazetteer: Gazetteer, entities: list[Mention],
           found: list[Mention]) -> list[Role]:
    """Roles (the gazetteer's mentions ``found``), each with the nationality written after
    it ("الرئيس" + "الروسي").

    A role inside a name ("الجيش" in "الجيش السوري") is part of the name, not a role.
    """
    roles = []
    for mention in found:
        if any(m.first <= mention.first <= m.last for m in entities):
            continue
        last, en = mention.last, mention.name.en
        nxt = last + 1
        if nxt < len(tokens):
            nationality = gazetteer.match_at(tokens, nxt, "nationality")
            if nationality is not None and not any(m.first == nxt for m in entities):
                last = nationality.last
                nat = nationality.name.en
                en = f"the {nat} {en[4:]}" if en.startswith("the ") else f"{nat} {en}"
        roles.append(Role(mention.first, last, en, mention.clitic, mention.name.type == "title"))
    return roles


def _quoted(tokens: list[Token], span: Span, first: int, last: int,
            entities: list[Mention], gazetteer: Gazetteer) -> QuotedSpan:
    """The quoted span whose marks are the tokens ``first`` and ``last``: a name or speech?"""
    inner = [i for i in range(first + 1, last) if tokens[i].is_word]
    name = None
    is_name = False
    if inner:
        covered = [m for m in entities if inner[0] <= m.first and m.last <= inner[-1]]
        in_names = {i for m in covered for i in range(m.first, m.last + 1)}
        if covered and all(i in in_names for i in inner):
            name, is_name = covered[0], True
        elif sum(len(tokens[i].norm) for i in inner) / len(inner) < MIN_WORD_LETTERS:
            is_name = True  # an acronym spelt out: «جي إي إس إس إم - إي آر»
        elif len(inner) <= MAX_QUOTED_NAME_WORDS:
            before = _previous_word(tokens, first)
            head = lemma_set(tokens[inner[0]].norm)
            short = len(inner) <= 4
            # «بوابة الشرق الإلكترونية» القطرية: a nationality agrees with a name after it
            adjective = len(inner) > 1 and not tokens[inner[0]].norm.startswith("ال") and (
                last + 1 < len(tokens)
                and gazetteer.match_at(tokens, last + 1, "nationality") is not None)
            if (before is not None and lemma_set(tokens[before].norm) & NAME_CUES) or (
                    short and (head & NAME_HEADS or tokens[inner[0]].norm in _KUNYA)) or (
                    adjective):
                is_name = True  # "وكالة «سانا»", «جيش الإسلام», «أبو محمد ...»
    return QuotedSpan(span, first, last, name, is_name, len(inner))


def _previous_word(tokens: list[Token], i: int) -> int | None:
    j = i - 1
    while j >= 0 and not tokens[j].is_word:
        if tokens[j].text not in "«\"“":
            return None
        j -= 1
    return j if j >= 0 else None


def name_like(a: Analysis, j: int, before: list[int]) -> bool:
    """Could token ``j`` be part of a personal name (after the name words ``before``)?

    Function words, time words, attribution verbs and words with the article are not, except
    after a linking part ("عبد الرحمن"); a word with "و" does not continue a name.
    """
    norm = a.tokens[j].norm
    b = bare(norm)
    if a.tokens[j].kind != "word" or len(norm) < 2 or a.in_mention(j) or a.nationality[j]:
        return False
    if norm in STOPS or b in STOPS or norm in TIME or norm in RELATIVES or norm in _NOT_NAMES:
        return False
    if norm in PRONOUN_PREPS or any(mark in a.tokens[j].text for mark in "\"«»\u064f"):
        return False  # a quotation mark, or a damma: a verb written with its vowels ("يُعتقد")
    if lemma_set(norm) & _COMMON_NOUNS or (len(norm) >= 6 and norm.endswith("ات")):
        return False  # "حزب", "فريق", "تقديرات": common nouns
    if len(norm) >= 4 and norm.endswith(_SUFFIXES) and not (
            before and a.tokens[before[-1]].norm in _NAME_LINKS):
        return False  # "عزمه", "برلمانية", "هاتفيا": a pronoun, feminine or adverb ending
    if norm in COMPLEMENTIZERS or b in COMPLEMENTIZERS or norm in CLAUSE_OPENERS:
        return False
    if cue_kind(norm) is not None:
        return False
    if norm.startswith(("ال", "لل", "وال")):  # a family name after a first name ("بشار الجعفري")
        return bool(before) and not a.tokens[before[0]].norm.startswith("ال") and not \
            norm.startswith(("لل", "وال"))
    return not (norm.startswith("و") and before)


def boundary(a: Analysis, end: int) -> bool:
    """Does a phrase end naturally at token ``end`` (punctuation, "أن", a preposition, a
    time word, a quotation), rather than run on into the rest of the clause?"""
    if end >= len(a.tokens):
        return True
    t = a.tokens[end]
    if not t.is_word or a.opaque[end]:
        return True
    b = bare(t.norm)
    return bool({t.norm, b} & _PHRASE_ENDS) or (
        cue_kind(t.norm) is not None)
