"""Who a phrase names: the speaker behind "قال الرئيس رجب طيب أردوغان", "بيان للكرملين".

In a speaker's phrase a named person wins over an organisation, a state and a role; actors
joined by "و" speak together (a joint call, a joint statement); a person after "باسم" or an
indefinite title ("مستشار خامنئي") is whose spokesperson or adviser it is, not the speaker; a
place speaks only as a state heading the phrase ("قالت روسيا"), never from a preposition
("لاجئة من ريف دمشق"). A title without a name ("الوزير التركي") is the person last introduced
with that title; "المجلس", "الوكالة" are the body of that kind named last; "البيان" is the
last statement; "الأخير" the person named last. :class:`State` carries this article memory.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..text.tokens import MEMO_WORDS, Token, bare, fold, lemma_set
from .analysis import MAX_NAME_WORDS, Analysis, Role, boundary, name_like
from .gazetteer import Mention
from .lexicon import (
    JOINT,
    LATTER,
    NAME_CUES,
    STATEMENT,
    STATEMENT_WORDS,
    STOPS,
    TEXTS,
    word_set,
)
from .model import Speaker

#: An unknown speaker phrase longer than this is not a name but a clause.
MAX_UNKNOWN_WORDS = 5
#: An indefinite noun right before a name makes the name its owner ("مستشار خامنئي").
_CONSTRUCT = word_set(
    "باسم مستشار مستشارة مساعد مساعدة نائب متحدث متحدثة مبعوث ممثل مندوب سفير سفيرة زوجة "
    "ابن نجل شقيق حكومة نظام قوات جيش وزير وزارة رئيس زعيم قائد أمير ملك ولي مكتب أنصار "
    "عهد خلفاء حلفاء حليف مقربين مقرب")


_MEDIA_WORDS = word_set("وكالة صحيفة قناة موقع تلفزيون إذاعة شبكة مجلة")
#: Words between a preposition and a place ("من ريف دمشق", "في شمال سوريا").
_PLACE_WORDS = word_set(
    "ريف أرياف مدينة بلدة محافظة منطقة قرية حي مخيم شمال جنوب شرق غرب شمالي جنوبي شرقي "
    "غربي وسط أطراف ضواحي العاصمة")


@dataclass
class State:
    """The article so far: the current speaker, the titles people were introduced with and
    the bodies named (for "المجلس", "الوكالة" later on)."""

    current: Speaker | None = None
    #: Every speaker named so far, in order (continuations look back through them).
    history: list[Speaker] = field(default_factory=list)
    titles: list[tuple[Speaker, frozenset[str]]] = field(default_factory=list)
    bodies: list[tuple[Speaker, frozenset[str]]] = field(default_factory=list)
    last_statement: Speaker | None = None
    unknown: list[str] = field(default_factory=list)


def record_titles(a: Analysis, state: State) -> None:
    """Remember "TITLE NAME" pairs ("وزير الخارجية التركي هاكان فيدان") for later roles,
    and the bodies named, by their head noun ("مجلس الأمن" -> "مجلس")."""
    for mention in a.entities:
        if mention.name.type == "org":
            heads = _heads(mention.name.forms)
            before = a.tokens[mention.first - 1] if mention.first > 0 else None
            if before is not None and before.is_word and lemma_set(before.norm) & NAME_CUES:
                heads |= {_head(before.norm)}  # "وكالة «رويترز»" -> "الوكالة" later
            state.bodies.append((_body(mention.name.ar, mention.name.en), heads))
        if mention.name.type != "person":
            continue
        j = mention.first - 1
        while j >= 0 and a.tokens[j].text in "،,":
            j -= 1
        role = a.role_ending(j)
        if role is not None:
            state.titles.append((_person(mention), role.words))


@functools.lru_cache(maxsize=MEMO_WORDS)
def _body(ar: str, en: str) -> Speaker:
    """An organisation as a speaker (one shared record per organisation)."""
    return Speaker(ar, en, "org", (en,))


@functools.lru_cache(maxsize=MEMO_WORDS)
def _heads(forms: tuple[str, ...]) -> frozenset[str]:
    """The head nouns of a name's forms (see :func:`_head`)."""
    return frozenset(_head(f) for f in forms)


@functools.lru_cache(maxsize=MEMO_WORDS)
def _head(form: str) -> str:
    """The head noun of a name without its article: "الشبكة السورية ..." -> "شبكه"."""
    first = fold(form.split()[0]) if form.split() else ""
    first = first[2:] if first.startswith("ال") else first
    return first[1:] if first.startswith("ل") and len(first) > 3 and first[1:2] != "ا" else first


def _person(mention: Mention, statement: bool = False) -> Speaker:
    return Speaker(mention.name.ar, mention.name.en, "person", (mention.name.en,), statement,
                   mention.name.gender or "m")


def as_statement(speaker: Speaker) -> Speaker:
    """The speaker as the author of a statement (``dataclasses.replace`` is slower)."""
    return Speaker(speaker.ar, speaker.en, speaker.type, speaker.names, True, speaker.gender)


def _join_en(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _join_ar(names: list[str]) -> str:
    return names[0] + "".join(" و" + n for n in names[1:])


def speaker_of(a: Analysis, first: int, end: int, state: State) -> Speaker | None:
    """The speaker named by tokens first..end-1 ("وزير الخارجية الروسي", "بيان للكرملين")."""
    if first >= min(end, len(a.tokens)):  # a cue ending the paragraph ("وجاء في") names no one
        return None
    mentions = [m for m in a.entities if first <= m.first and m.last < end]
    roles = [r for r in a.roles if first <= r.first and r.last < end]
    statement = any(map(STATEMENT_WORDS.__getitem__, a.norms[first:end]))  # never punctuation
    joint = not JOINT.isdisjoint(a.norms[first:end])
    owners = [m for m in mentions if is_owner(a, m, first)]
    head = _first_word(a, first, end)
    # a place speaks only as a state heading the phrase ("قالت روسيا"), not "قاعدة الشعيرات"
    actors = [m for m in mentions if m not in owners and m.name.actor and (
        m.name.type != "place" or m.first == head or _joined_to_head(a, m, mentions, head))]
    persons = [m for m in actors if m.name.type == "person"]
    others = [m for m in actors if m.name.type != "person"]
    head_role = next((r for r in roles if r.first == head), None)
    if persons:
        return _group_speaker(a, persons, statement or joint)
    if others and head_role is None:
        return _group_speaker(a, others, statement or joint)
    text = a.surface(first, end)
    if head_role is None and not any(m.first == head for m in mentions):
        named = _apposition(a, first, end, roles, mentions, state, statement)
        if named is not None:
            return named
    if head_role is not None:
        outside = [m for m in (others or mentions) if m.first > head_role.last]
        owner = outside[0] if outside else None
        if owner is not None:
            return Speaker(text, f"{head_role.en}, {owner.name.en}", "role", (owner.name.en,),
                           statement, _role_gender(a, head_role))
        known = _by_title(head_role, state) or (
            None if head_role.title else _definite(a, head, end, state))
        if known is not None:
            return known
        trailing = [k for k in range(head_role.last + 1, end) if a.tokens[k].is_word]
        if head_role.title and trailing and len(trailing) <= 3 and boundary(a, end) and all(
                name_like(a, k, trailing[:i]) for i, k in enumerate(trailing)):
            state.unknown.append(a.surface(trailing[0], trailing[-1] + 1))
        else:
            text = a.surface(first, head_role.last + 1)
        return Speaker(text, head_role.en, "role", (), statement, _role_gender(a, head_role))
    words = sum(1 for k in range(first, end) if a.tokens[k].is_word)
    if mentions and words <= MAX_UNKNOWN_WORDS:  # only owners: "باسم الرئيس الروسي بوتين"
        return Speaker(text, None, "unknown", (mentions[0].name.en,), statement)
    known = _definite(a, head, end, state) or _latter(a, head, state)
    if known is not None:
        return known
    if statement and all(lemma_set(a.tokens[k].norm) & STATEMENT
                         for k in range(first, end) if a.tokens[k].is_word):
        current = state.last_statement or state.current  # "حسب بيان له"
        if current is not None:
            return Speaker(current.ar, current.en, current.type, current.names, True)
    if not text or words > MAX_UNKNOWN_WORDS:
        return None
    _note_unknown(a, first, end, state)
    return Speaker(text, None, "unknown", (), statement)


def _role_gender(a: Analysis, role: Role) -> str | None:
    """A title names one person: "سفيرة", "المتحدثة" a woman, "السفير" a man."""
    if not role.title:
        return None
    return "f" if a.tokens[role.first].norm.endswith("ه") else "m"


def _group_speaker(a: Analysis, mentions: list[Mention], statement: bool) -> Speaker:
    group = _coordinated(a, mentions)
    if len(group) == 1 and group[0].name.type == "person":
        return _person(group[0], statement)
    return Speaker(_join_ar([m.name.ar for m in group]), _join_en([m.name.en for m in group]),
                   group[0].name.type, tuple(m.name.en for m in group), statement)


def _apposition(a: Analysis, first: int, end: int, roles: list[Role], mentions: list[Mention],
                state: State, statement: bool) -> Speaker | None:
    """"وائل علوان، المتحدث باسم فيلق الرحمن": a name the gazetteer lacks, then its title."""
    comma = next((k for k in range(first, end) if a.tokens[k].text in "،,"), None)
    if comma is None:
        return None
    words = [k for k in range(first, comma) if a.tokens[k].is_word]
    if not 1 <= len(words) <= 3 or not all(name_like(a, k, words[:i])
                                           for i, k in enumerate(words)):
        return None
    role = next((r for r in roles if r.first == comma + 1), None)
    if role is None:
        return None
    owner = next((m for m in mentions if m.first > role.last), None)
    name = a.surface(words[0], words[-1] + 1)
    state.unknown.append(name)
    en = f"{role.en}, {owner.name.en}" if owner is not None else role.en
    return Speaker(name, en, "person", (owner.name.en,) if owner else (), statement)


def _latter(a: Analysis, head: int, state: State) -> Speaker | None:
    """"الأخير": the person named last."""
    if a.tokens[head].norm not in LATTER:
        return None
    for m in reversed(a.entities):
        if m.last < head and m.name.type == "person":
            return _person(m)
    return next((s for s in reversed(state.history) if s.type == "person"), None)


def _definite(a: Analysis, head: int, end: int, state: State) -> Speaker | None:
    """"المجلس", "الوكالة", "البيان": the body of that kind named last in the article."""
    words = [k for k in range(head, end) if a.tokens[k].is_word]
    norm = a.tokens[head].norm
    if not norm.startswith("ال") or len(words) > 2:
        return None
    if lemma_set(norm) & STATEMENT:
        return state.last_statement
    noun = norm[2:]
    for speaker, heads in reversed(state.bodies):
        if noun in heads:
            return speaker
    return None


def _joined_to_head(a: Analysis, m: Mention, mentions: list[Mention], head: int) -> bool:
    """Is the place one of "الولايات المتحدة وفرنسا وألمانيا" joined to the first one?"""
    starts = [x for x in mentions if x.first == head]
    return bool(starts) and m in _coordinated(a, [starts[0], *[x for x in mentions
                                                              if x.first > head]])


def _first_word(a: Analysis, first: int, end: int) -> int:
    return next((k for k in range(first, end) if a.tokens[k].is_word), first)


def is_owner(a: Analysis, m: Mention, first: int) -> bool:
    """Is the actor only named around the speaker ("المتحدث باسم X", "مستشار X", "من حمص")?"""
    j = m.first - 1
    while j >= first:
        role = a.role_ending(j)
        if role is None:
            break
        if a.tokens[role.last].norm in _CONSTRUCT:
            return True  # "المتحدث باسم [الرئيس الروسي] X": X is spoken for
        j = role.first - 1
    if j < first:
        return False
    while j > first and lemma_set(a.tokens[j].norm) & _PLACE_WORDS:
        j -= 1  # "من ريف دمشق"
    t = a.tokens[j]
    if ("ل" in m.clitic or _to_media(t)) and not (t.kind == "word" and lemma_set(t.norm) & TEXTS):
        return True  # "تحدثوا لوكالة رويترز": told, not telling ("بيان للكرملين" is the Kremlin's)
    if t.kind != "word":
        return False
    norm = bare(t.norm)
    return t.norm in _CONSTRUCT or norm in _CONSTRUCT or t.norm in STOPS or norm in STOPS


def _to_media(t: Token) -> bool:
    """"لوكالة", "لصحيفة": to an agency or paper."""
    return t.kind == "word" and t.norm.startswith("ل") and t.norm[1:] in _MEDIA_WORDS


def _coordinated(a: Analysis, mentions: list[Mention]) -> list[Mention]:
    """The first mention and those joined to it by "و" ("بزشكيان والرئيس الروسي بوتين")."""
    group = [mentions[0]]
    for m in mentions[1:]:
        k = group[-1].last + 1
        while k < m.first and not a.tokens[k].is_word:
            k += 1
        role = a.role_at(k)
        joined = (k == m.first and "و" in m.clitic) or (
            role is not None and "و" in role.clitic)
        if not joined:
            break
        group.append(m)
    return group


def _by_title(role: Role, state: State) -> Speaker | None:
    words = role.words
    if not words:
        return None
    for speaker, title in reversed(state.titles):
        if words <= title:
            return speaker
    return None


def _note_unknown(a: Analysis, first: int, end: int, state: State) -> None:
    """A speaker phrase that looks like a name the gazetteer lacks ("قال عثمان إن")."""
    words = [k for k in range(first, end) if a.tokens[k].is_word]
    if 1 <= len(words) <= MAX_NAME_WORDS and boundary(a, end) and all(
            name_like(a, k, words[:i]) for i, k in enumerate(words)):
        state.unknown.append(a.surface(words[0], words[-1] + 1))
