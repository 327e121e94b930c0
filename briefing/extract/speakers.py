"""Attribution cues and their speakers, sentence by sentence, with continuations.

A cue is an attribution verb ("قال", "أكد", "أعلن"...), an adverbial participle ("مضيفاً أن")
or "بحسب"/"وفقاً لـ" ("نقل X عن Y": Y speaks). Its speaker is, in order of preference:

1. the noun phrase after the cue ("قال الرئيس رجب طيب أردوغان «...»"), up to a comma,
   "أن"/"إن", a preposition or a quotation (see naming.py for whom a phrase names); after a
   verb that takes an object ("أكد", "انتقد") only a phrase that opens with a known actor or
   role, or is followed by "أن" or a quotation, is taken for the subject;
2. the antecedent of a relative pronoun ("... آل ثاني، الذي أعرب ...");
3. a nominal subject before the verb ("وكان القائد العام ...، مظلوم عبدي، صرح ...");
4. otherwise the speaker going on: "وتابع", "وشدد على أن", "مضيفاً" carry the last one whose
   grammatical gender agrees with the cue ("وقالت" never continues a man).
"""

from __future__ import annotations

from typing import NamedTuple

from ..text.tokens import Memo, bare, fold, lemma_set
from .analysis import Analysis, boundary, name_like
from .lexicon import (
    CLAUSE_OPENERS,
    COMPLEMENTIZERS,
    CUE_KINDS,
    FEMININE,
    MASCULINE,
    NOUN_LIKE,
    OBJECT_VERBS,
    PRONOUN_PREPS,
    RELATIVES,
    RELAY_REACH,
    STATEMENT,
    STATEMENT_WORDS,
    STOPS,
    TEXTS,
    TIME,
    TOLD,
    cue_kind,
    word_set,
)
from .model import Speaker
from .naming import State, as_statement, is_owner, speaker_of

MAX_NP_WORDS = 12


#: How far back a continuation looks for a speaker of the right gender.
MAX_BACK = 4


#: A subject before its verb without a known name ("طارق، لاجئ شاب من حمص، يقول").
MAX_SUBJECT_WORDS = 6


#: "لـ" + one of these after a verb is who was spoken to ("قال لرويترز", "لصحيفة").
_ADDRESSEE_HEADS = word_set("وكالة صحيفة قناة موقع تلفزيون إذاعة شبكة مجلة صحفيين")


#: Prepositions between a speaker and "أن" ("أشار X إلى أن").
_LEAD_INS = word_set("إلى على عن")
_AN = fold("عن")
_FI = fold("في")
_IN_IT = word_set("فيه فيها")
#: "بيان أصدره X": X issued the text.
_ISSUED = word_set("أصدره أصدرته أصدرها أصدرتها نشره نشرته نشرها")
#: "السفير لدى الأمم المتحدة": where a title holder is posted, inside the speaker's phrase.
_POSTED = word_set("لدى في")


class Attribution(NamedTuple):
    """An attribution cue at token ``cue`` and what it attributes to."""

    cue: int
    speaker: Speaker | None
    kind: str  # say | claim | participle | according | relay
    continued: bool
    #: Token after the cue's frame (its speaker phrase), where the reported words begin.
    frame_end: int


def attributions(a: Analysis, first: int, end: int, state: State) -> list[Attribution]:
    """The attribution cues of one sentence (tokens first..end-1), updating ``state``."""
    found: list[Attribution] = []
    for i in a.flagged(CUE_KINDS, first, end):  # the words that are cues
        token = a.tokens[i]
        if a.opaque[i] or token.kind != "word" or a.in_mention(i):
            continue
        kind = cue_kind(token.norm)
        if kind is None or (kind == "participle" and not _introduces(a, i, end)):
            continue
        if _passive(token.text):
            continue  # "يُعتقد أن": it is believed, no one speaks
        if token.norm in NOUN_LIKE and i > first and any(
                a.tokens[k].is_word for k in range(first, i)):
            continue  # "رفض طلب جيش الإسلام": the noun, not the verb "وطلب"
        if kind == "according" and bare(token.norm) == fold("نقلا"):
            kind = "relay"
        attribution = _resolve(a, i, end, kind, first, found, state)
        if attribution is None:
            continue
        found.append(attribution)
        if attribution.speaker is not None:
            state.current = attribution.speaker
            if not attribution.continued:
                state.history.append(attribution.speaker)
            if attribution.speaker.statement:
                state.last_statement = attribution.speaker
    return found


def _passive(word: str) -> bool:
    """A present-tense verb written with its passive damma ("يُعتقد", "تُقدَّر")."""
    letters = word.lstrip("وف")
    return len(letters) > 1 and letters[0] in "يت" and letters[1] == "\u064f"


def _introduces(a: Analysis, i: int, end: int) -> bool:
    """A participle reports speech when "أن"/"إن", a colon or a quotation follows closely."""
    seen = 0
    for j in range(i + 1, min(end, i + 6)):
        t = a.tokens[j]
        if a.opaque[j] or t.text == ":":
            return True
        if t.kind == "word":
            if bare(t.norm) in COMPLEMENTIZERS or t.norm in COMPLEMENTIZERS:
                return True
            seen += 1
            if seen > 3:
                return False
    return False


def _resolve(a: Analysis, i: int, end: int, kind: str, first: int,
             before: list[Attribution], state: State) -> Attribution | None:
    speaker: Speaker | None = None
    continued = False
    frame_end = i + 1
    if kind == "relay":
        j = next((k for k in range(i + 1, min(end, i + RELAY_REACH))
                  if a.tokens[k].is_word and bare(a.tokens[k].norm) == _AN), None)
        if j is None or a.opaque[j]:
            return None  # "نقل" without "عن": moved, carried, not reported speech
        np_first, np_end = _np(a, j + 1, end, according=True)
        speaker = speaker_of(a, np_first, np_end, state)
        frame_end = np_end
    elif kind == "stated":
        return _stated(a, i, end, state)
    elif kind == "participle":
        if before:
            speaker, continued = _continuation(before, state, a.tokens[i].norm), True
        else:  # "أدانت إيران الهجمات، قائلة": the subject of this sentence's verb
            subject = _sentence_subject(a, first, i)
            speaker = speaker_of(a, subject[0], subject[1], state) if subject else None
    else:
        relative = _relative_antecedent(a, i, first)
        after = i + 1
        told = a.entity_at(after)
        if told is not None and told.name.source == "media" and bare(a.tokens[i].norm) in TOLD:
            after = told.last + 1  # "أبلغ رويترز": Reuters was told
        np_first, np_end = _np(a, after, end, according=kind == "according")
        if kind != "say" and not _subject_like(a, np_first, np_end, end,
                                               bare(a.tokens[i].norm) in OBJECT_VERBS):
            np_end = np_first  # "وانتقدت غياب الحوار": an object, not a speaker
        if relative is not None:
            speaker = speaker_of(a, relative[0], relative[1], state)
        elif _has_words(a, np_first, np_end):
            speaker = speaker_of(a, np_first, np_end, state)
            frame_end = np_end
            if kind == "according" and speaker is not None and speaker.type == "unknown":
                return None  # "وفقاً لبيانات نشرت": no one to attribute to
        else:
            subject = _np_before(a, i, first, before)
            if subject is not None:
                speaker = speaker_of(a, subject[0], subject[1], state)
            elif kind != "according":
                speaker = _text_author(a, i, first, before, state)
                if speaker is None:
                    text_before = i > first and lemma_set(a.tokens[i - 1].norm) & TEXTS
                    cue = "" if text_before else a.tokens[i].norm  # "تغريدة تقول": its author
                    speaker, continued = _continuation(before, state, cue), True
            else:
                # "وفق حصيلة للمرصد السوري": the toll, the figures, are the Observatory's.
                owner = next((m for k in range(after, min(end, after + OWNER_REACH))
                              if (m := a.entity_at(k)) is not None), None)
                if owner is None:
                    return None
                speaker = speaker_of(a, owner.first, owner.last + 1, state)
                frame_end = owner.last + 1
    if speaker is not None and not speaker.statement and _statement_in_frame(a, i, end):
        speaker = as_statement(speaker)
    return Attribution(i, speaker, kind, continued, frame_end)


#: "وفق حصيلة للمرصد": how far after "according to" the owner of a toll or report may be named.
OWNER_REACH = 4


def _text_author(a: Analysis, i: int, first: int, before: list[Attribution],
                 state: State) -> Speaker | None:
    """"لكن تغريدة نشرت على حساب الخوذ البيضاء، ثم حذفت، أشارت إلى": a text named earlier in
    the clause is what speaks, for the actor it is from (not the last speaker of the story)."""
    start = max((b.frame_end for b in before), default=first)
    for k in range(i - 1, start - 1, -1):
        if a.tokens[k].is_word and lemma_set(a.tokens[k].norm) & TEXTS:
            for m in range(k + 1, i):
                mention = a.entity_at(m)
                if mention is not None and mention.name.source is None:
                    return speaker_of(a, m, mention.last + 1, state)
            return None
    return None


def _stated(a: Analysis, i: int, end: int, state: State) -> Attribution | None:
    """"وجاء في بيان أصدره X أن", "وجاء في القرار", "وجاء فيه": the text, or who issued it."""
    j = i + 1
    if j >= end or not a.tokens[j].is_word:
        return None
    norm = a.tokens[j].norm
    if norm in _IN_IT:  # "وجاء فيه": the statement just named
        speaker = state.last_statement or state.current
        return Attribution(i, as_statement(speaker) if speaker else None, "stated",
                           True, j + 1)
    if norm != _FI:
        return None  # "جاء" alone: came, arrived
    np_first, np_end = _np(a, j + 1, end, according=True)
    issuer = next((k for k in range(np_first, np_end) if a.tokens[k].norm in _ISSUED), None)
    if issuer is not None:  # "بيان أصدره دبلوماسيون بريطانيون"
        who_first, who_end = _np(a, issuer + 1, end, according=True)
        speaker = speaker_of(a, who_first, who_end, state) if who_first < who_end else None
        np_end = max(np_end, who_end)
    else:
        speaker = speaker_of(a, np_first, np_end, state)
    if speaker is not None and speaker.type == "unknown" and not speaker.names:
        speaker = state.last_statement if _only_statement(a, np_first, np_end) else speaker
    if speaker is not None:
        speaker = as_statement(speaker)
    return Attribution(i, speaker, "stated", False, np_end)


def _only_statement(a: Analysis, first: int, end: int) -> bool:
    return all(lemma_set(a.tokens[k].norm) & STATEMENT
               for k in range(first, end) if a.tokens[k].is_word)


def _subject_like(a: Analysis, first: int, np_end: int, end: int,
                  takes_object: bool = False) -> bool:
    """After a verb that takes an object ("أكد", "انتقد"), is the phrase its subject?

    Yes when it opens with a known actor or role, or when "أن"/"إن", a colon or a quotation
    follows it ("أكد عثمان، أن ..."): an object rarely stands there.
    """
    k = first
    while k < np_end and not a.tokens[k].is_word:
        k += 1
    if k >= np_end:
        return False
    if a.entity_at(k) is not None or a.role_at(k) is not None:
        return True
    if takes_object:
        return False
    j = np_end
    while j < end and a.tokens[j].text in "،,":
        j += 1
    if j >= end:
        return False
    t = a.tokens[j]
    if t.kind == "word" and t.norm in _LEAD_INS and j + 1 < end:
        t = a.tokens[j + 1]  # "أشار X إلى أن", "شدد X على أن"
        j += 1
    return a.opaque[j] or t.text == ":" or (t.kind == "word" and (
        t.norm in COMPLEMENTIZERS or bare(t.norm) in COMPLEMENTIZERS))


def _continuation(before: list[Attribution], state: State, cue: str) -> Speaker | None:
    """The speaker going on: the last one named, skipping those the cue's gender excludes
    ("وقالت" does not continue a man, "وقال" not a woman)."""
    candidates = [t.speaker for t in reversed(before) if t.speaker is not None]
    candidates += reversed(state.history)
    forms = {cue, bare(cue)}
    for speaker in candidates[:MAX_BACK]:
        if forms & FEMININE and speaker.gender == "m":
            continue
        if forms & MASCULINE and speaker.gender == "f":
            continue
        return speaker
    return None


def _sentence_subject(a: Analysis, first: int, i: int) -> tuple[int, int] | None:
    """The first actor or title named in the sentence before token ``i``, outside
    prepositions ("لاحظت المستشارة ...، مشيرة")."""
    for k in range(first, i):
        if a.opaque[k]:
            continue
        role = a.role_at(k)
        if role is not None:
            return role.first, role.last + 1
        m = a.entity_at(k)
        if m is not None and m.name.actor and not is_owner(a, m, first) \
                and "ل" not in m.clitic and "ب" not in m.clitic:
            return m.first, m.last + 1
    return None


def _has_words(a: Analysis, first: int, end: int) -> bool:
    return any(a.tokens[k].is_word for k in range(first, end))


def _np(a: Analysis, i: int, end: int, according: bool = False,
        relay: bool = False) -> tuple[int, int]:
    """(first, end) of the noun phrase from token ``i``; first == end when there is none.

    Time words and pronoun prepositions before it are skipped ("قال أمس", "قال لنا X").
    """
    j = i
    start = last = i
    words = 0
    started = False
    while j < end:
        t = a.tokens[j]
        if a.opaque[j]:
            break
        if a.name_mark[j]:
            j += 1
            continue
        if not t.is_word:
            if t.text in "/-" and started:
                j += 1
                continue
            if t.text in "،," and started and j + 1 < end:
                person = a.entity_at(j + 1)  # "المتحدث باسم الحكومة، ستيفين سيبيرت، إن"
                if person is not None and person.name.type == "person" and \
                        boundary(a, person.last + 1):
                    last = j = person.last + 1
                    continue
            break
        if not a.in_mention(j):
            skipped, ends = _NP_WORDS[t.norm]
            if not started and skipped:
                j += 1
                continue
            posted = a.entity_at(j + 1) if started and t.norm in _POSTED else None
            if posted is not None and a.role_ending(j - 1) is not None and (
                    boundary(a, posted.last + 1) or a.entity_at(posted.last + 1)):
                j = last = posted.last + 1  # "السفير الروسي لدى الأمم المتحدة فاسيلي نيبنزيا"
                continue
            if ends or (relay and bare(t.norm) == _AN) or t.kind == "num":
                break
        if started and _told_inside(a, j):
            break  # "فارون لوكالة رويترز": who was told ends the speaker
        if not started:
            if not according and _addressee(a, j):
                break
            start = j
        started = True
        words += 1
        last = j + 1
        if words >= MAX_NP_WORDS:
            break
        j += 1
    return (start, last) if started else (j, j)


def _np_word(norm: str) -> tuple[bool, bool]:
    """How a word outside any mention reads in a noun phrase: (skipped before the phrase
    starts: a time word, "لنا"; ends the phrase: "أن", a preposition, a relative, a time
    word, a cue)."""
    b = bare(norm)
    skipped = norm in TIME or b in TIME or norm in PRONOUN_PREPS
    ends = (norm in COMPLEMENTIZERS or b in COMPLEMENTIZERS or norm in PRONOUN_PREPS
            or norm in STOPS or b in STOPS or norm in RELATIVES or norm in TIME
            or cue_kind(norm) is not None)
    return skipped, ends


_NP_WORDS = Memo(_np_word)


def _told_inside(a: Analysis, j: int) -> bool:
    """"لوكالة", "لرويترز" inside a phrase (an agency told), unless a text precedes; "ل" before
    other names is a genitive ("الأمين العام للأمم المتحدة")."""
    t = a.tokens[j]
    mention = a.entity_at(j)
    told = (mention is not None and "ل" in mention.clitic and mention.name.source == "media") or (
        mention is None and t.norm.startswith("ل") and t.norm[1:] in _ADDRESSEE_HEADS)
    prev = a.tokens[j - 1]
    return told and not (prev.kind == "word" and lemma_set(prev.norm) & TEXTS)


def _addressee(a: Analysis, j: int) -> bool:
    """Right after a verb, "لـ..." names who was spoken to, not the speaker."""
    t = a.tokens[j]
    mention = a.entity_at(j)
    if mention is not None:
        return "ل" in mention.clitic
    norm = t.norm
    if norm in ("ل", "لـ"):
        return True
    if norm.startswith("لل"):
        return True
    return norm.startswith("ل") and norm[1:] in _ADDRESSEE_HEADS


def _relative_antecedent(a: Analysis, i: int, first: int) -> tuple[int, int] | None:
    """For "X، الذي أكد": the token range of X."""
    j = i - 1
    if j < first or bare(a.tokens[j].norm) not in RELATIVES:
        return None  # "X، الذي أعرب", "والذي أقرّ"
    j -= 1
    while j >= first and a.tokens[j].text in "،,":
        j -= 1
    if j < first:
        return None
    role = a.role_ending(j)
    if role is not None:
        return role.first, j + 1
    for k in range(j, max(first, j - 6) - 1, -1):  # "X بن Y آل Z، الذي"
        mention = a.entity_ending(k)
        if mention is not None:
            return _extend_title(a, mention.first, first), k + 1
    return None


def _extend_title(a: Analysis, i: int, first: int) -> int:
    """Include the title before a name ("أمير قطر الشيخ تميم" -> from "أمير")."""
    j = i - 1
    while j >= first:
        role = a.role_ending(j)
        if role is None:
            break
        i = j = role.first
        j -= 1
    return i


def _np_before(a: Analysis, i: int, first: int,
               before: list[Attribution]) -> tuple[int, int] | None:
    """A nominal subject written before the verb ("وكان X، صرح")."""
    clause = first
    for attribution in before:
        clause = max(clause, attribution.frame_end)
    for k in range(first, i):
        if a.opaque[k]:
            clause = max(clause, k + 1)
    j = i - 1
    while j >= clause and (a.tokens[j].text in "،," or a.tokens[j].norm in TIME
                           or a.tokens[j].norm in CLAUSE_OPENERS):
        j -= 1
    if j < clause or not (a.entity_ending(j) or a.role_ending(j)):
        return None
    start = clause
    while start <= j and (not a.tokens[start].is_word or a.tokens[start].norm in CLAUSE_OPENERS
                          or bare(a.tokens[start].norm) in CLAUSE_OPENERS):
        start += 1
    if start > j or j - start > 15:
        return None
    if start <= j and a.tokens[start].norm in COMPLEMENTIZERS:
        start += 1  # "بيد أن X أبلغ", "قالت ... إن تقارير رجحت"
    if start > j:
        return None
    head = a.tokens[start]
    if head.norm in STOPS or bare(head.norm) in STOPS or a.name_mark[start]:
        return None
    named = a.in_mention(start) or (name_like(a, start, []) and j - start < MAX_SUBJECT_WORDS)
    if not named:
        return None  # a clause ("المدن الثلاث هي حمورية ومسرابا"), not a subject
    if any(cue_kind(a.tokens[k].norm) for k in range(start, j + 1) if not a.in_mention(k)):
        return None
    return start, j + 1


def _statement_in_frame(a: Analysis, i: int, end: int) -> bool:
    """"في بيان" between the cue and the reported words."""
    for j in range(i + 1, end):
        if a.opaque[j]:
            return False
        if a.tokens[j].kind == "word":
            found = _FRAME_WORDS[a.norms[j]]
            if found is not None:
                return found == "statement"
    return False


def _frame_word(norm: str) -> str | None:
    """"end" for a word that ends a cue's frame ("أن", another cue), "statement" for a
    statement ("بيان"), else None."""
    if bare(norm) in COMPLEMENTIZERS or cue_kind(norm) is not None:
        return "end"
    return "statement" if STATEMENT_WORDS[norm] else None


_FRAME_WORDS = Memo(_frame_word)
