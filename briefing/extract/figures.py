"""Numbers of one sentence -> figures: value, what they count, qualifier, who reports them.

A number is a figure when a counted noun follows it ("400 مسلح", "72 مدنياً", "13 عاماً",
"400 من المسلحين") or it closes "عدد القتلى ... إلى 100". Digits may be Arabic-Indic, with
thousands separators or a decimal before "ألف"/"مليون"; number words ("ثلاثة آلاف وخمسمئة")
are read too. Years ("عام 2020", a bare 2015), dates, and labels ("القرار 2254", "الساعة
10", "إس-400") are not figures. Durations come out with ``kind="duration"``, never as a
casualty count. The source is the speaker of the sentence's attribution ("أعلن الجيش السوري
... مقتل", "بحسب المرصد"), or of a "حسب"/"وفقاً لـ" after the number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import NamedTuple

from ..text.tokens import MEMO_WORDS, Memo, bare, fold, lemma_set, lemmas, stems
from .analysis import Analysis
from .lexicon import (
    DAY_WORDS,
    DUALS,
    EVENTS,
    INCLUDING,
    MONTHS,
    MOSTLY,
    MULTIPLIERS,
    NOUNS,
    NUMBER_LABELS,
    NUMBER_WORDS,
    OTHERS,
    PERCENT,
    QUALIFIERS,
    QUALIFIERS_AFTER,
    WEAK_NUMBER_WORDS,
    word_set,
)
from .model import Figure, Quote, Speaker
from .speakers import Attribution

EVENT_WINDOW = 5
#: A day named within this many words after a figure is its day ("25 مدنيا على الأقل
#: الخميس": the qualifier comes first).
SPAN_DAY_WORDS = 2
#: "بينهم" or "مقابل" marks a part or a figure set against another this many words before it
#: at most ("بينهم 5", "مقابل 59"; "بينهم أكثر من 5").
PART_CUE_WORDS = 3
#: A quoted span of at most this many tokens, opening with a number, is a figure cited.
FIGURE_QUOTE_WORDS = 3
_PLURAL_MULTIPLIERS = word_set("آلاف ملايين مليارات")
_QUALIFIERS = [(tuple(fold(w) for w in ar.split()), ar, en) for ar, en in QUALIFIERS]
_QUALIFIERS_AFTER = [(tuple(fold(w) for w in ar.split()), ar, en)
                     for ar, en in QUALIFIERS_AFTER]
_PERCENT = [tuple(fold(w) for w in p.split()) for p in PERCENT]
_OF = fold("من")
#: A number after one of these is a label or a date, not a quantity.
_LABELS = NUMBER_LABELS | MONTHS
#: The stems of a normalised word, whatever its clitic.
_STEMS = Memo(lambda norm: frozenset(stem for _, stem in stems(norm)))
_NUMBER = fold("عدد")
#: "59 من الفصائل", "5 من قوات النظام", "عناصر قوات النظام": members of the groups.
_MEMBERS_OF = {fold(w): en for w, en in (("فصائل", "fighters"), ("فصيل", "fighters"),
                                         ("جماعات", "fighters"), ("قوات", "troops"))}
#: Nouns of the dead, hurt or held, and of members, whose own kind may follow them ("قتلى
#: القوات", "عناصر قوات النظام").
_TOLL_NOUNS = frozenset({"dead", "wounded", "injured", "victims", "detainees", "prisoners",
                         "fighters"})
_OUT_OF = (fold("من"), fold("أصل"))
_OF_THEM = frozenset(fold(w) for w in ("منها", "منهم", "منهن", "منهما"))
_TYPE = frozenset(fold(w) for w in ("طراز", "نوع"))
_HALF = fold("نصف")
_VERSUS = frozenset(fold(w) for w in ("مقابل", "ومقابل", "بمقابل"))
_SINCE = frozenset(fold(w) for w in ("منذ", "ومنذ"))
_CLAUSE_ENDS = frozenset("،,؛;.")
_EXPECT = frozenset(fold(w) for w in (
    "نتوقع", "يتوقع", "تتوقع", "يتوقعون", "أتوقع", "توقع", "توقعت", "متوقع", "المتوقع",
    "ويتوقع", "وتتوقع", "ونتوقع", "توقعات"))
_HALVES = frozenset(_HALF + suffix for suffix in ("", "ه", "ها", "هم", "هما"))
#: "نصف" read as a share (the annotations record it as 50, in percent).
HALF_PERCENT = 50


def sentence_figures(a: Analysis, first: int, end: int, found: list[Attribution],
                     block: int, quotes: list[Quote]) -> list[Figure]:
    """Figures of the sentence tokens first..end-1; ``quotes`` are its quotations, whose
    numbers are figures too, reported by their speaker ("«...منذ 13 عاماً»")."""
    candidates = a.flagged(_MAY_OPEN_NUMBER, first, end)
    if not candidates:
        return []  # most sentences have no number
    spoken: dict[int, Speaker | None] = {}
    for k, q in enumerate(a.quoted):
        for quote in quotes:
            if q.span.start < quote.start < q.span.end:
                spoken[k] = _quote_speaker(quote)
    zone = _zones(a)
    figures: list[Figure] = []
    after = first  # the first token after the last number read
    for i in candidates:
        z = zone[i]
        if i < after or z == -2 or (z >= 0 and z not in spoken):
            continue
        number = _number_at(a, zone, i, end)
        if number is None:
            continue
        value, last = number
        source = spoken[z] if z >= 0 else _source(found, i)
        figure = _figure(a, zone, i, last, value, first, end, source, block, figures)
        if figure is not None:
            figures.append(figure)
        after = last + 1
    return _events_from_parts(a, _parts(a, figures))


def _parts(a: Analysis, figures: list[Figure]) -> list[Figure]:
    """"مقتل 23 مقاتلا، بينهم 5 من قوات النظام و18 عنصرا": the figures after "بينهم" (and
    those joined to them by "و") are parts of the whole before them, other quantities; so is
    a figure set against the one before it ("96 من قوات النظام مقابل 59 من الفصائل")."""
    out = list(figures)
    for k in range(1, len(out)):
        before, figure = out[k - 1], out[k]
        between = a.text[before.start + len(before.text):figure.start].split()
        if any(lemma_set(fold(w)) & (INCLUDING | _VERSUS) for w in between[-PART_CUE_WORDS:]) or (
                before.other and between and between[-1] == "و"):
            out[k] = replace(figure, other=True)
    return out


def _events_from_parts(a: Analysis, figures: list[Figure]) -> list[Figure]:
    """"64 مدنياً على الأقل بينهم 13 طفلاً قتلوا": the whole shares its part's event."""
    if len(figures) < 2:
        return figures
    out = list(figures)
    for k in range(len(out) - 2, -1, -1):
        whole, part = out[k], out[k + 1]
        if whole.kind != "people" or whole.event or part.kind != "people" or not part.event:
            continue
        between = a.text[whole.start + len(whole.text):part.start]
        if any(lemma_set(fold(w)) & INCLUDING for w in between.split()):
            out[k] = replace(whole, event=part.event,
                             what_en=f"{whole.what_en} {part.event}" if whole.what_en else None)
    return out


def _zones(a: Analysis) -> tuple[int, ...]:
    """``a.zone``, except that a figure quoted on its own (مقتل "23 مقاتلا" على الأقل: at
    most :data:`FIGURE_QUOTE_WORDS` words opening with a number) is read as the sentence's
    own words: it cites the figure, it is no one's speech."""
    if not a.quoted:
        return a.zone
    zone = list(a.zone)
    for q in a.quoted:
        inner = [j for j in range(q.first + 1, q.last) if a.tokens[j].kind != "punct"]
        if (inner and len(inner) <= FIGURE_QUOTE_WORDS and zone[inner[0]] >= 0
                and _MAY_OPEN_NUMBER[a.norms[inner[0]]]):
            for j in range(q.first, q.last + 1):
                zone[j] = -1
    return tuple(zone)


# --- reading numbers -----------------------------------------------------------------------


@functools.lru_cache(maxsize=MEMO_WORDS)
def _dual(norm: str) -> tuple[str, str, str | None] | None:
    """What a dual noun counts ("وبحافلتين" -> buses), whatever its clitic."""
    for clitic, stem in stems(norm):
        if stem in DUALS and "ك" not in clitic:
            return DUALS[stem]
    return None


def _number_at(a: Analysis, zone: tuple[int, ...], i: int, end: int
               ) -> tuple[int, int] | None:
    """(value, index of the number's last token) when token ``i`` starts a number."""
    t = a.tokens[i]
    if t.kind == "word" and (_half(t.norm) or _half(t.norm, share=True)):
        nxt = _next_word(a, i, end)
        if nxt is not None and a.tokens[nxt].norm in MULTIPLIERS:
            return MULTIPLIERS[a.tokens[nxt].norm] // 2, nxt  # "نصف مليون"
        if _half(t.norm, share=True) and not (nxt is not None and any(
                NOUNS.get(lemma, ("", ""))[1] == "duration" for lemma in lemmas(
                    a.tokens[nxt].norm))):
            return HALF_PERCENT, i  # "أكثر من نصفها": a share, 50 % (never "نصف ساعة")
        return None
    if t.kind == "word" and _dual(t.norm) is not None:
        return 2, i
    if t.kind == "num":
        value = _digits(t.norm)
        if value is None:
            return None
        last = i
        nxt = _next_word(a, i, end)
        if nxt is not None and a.tokens[nxt].norm in MULTIPLIERS:
            value *= MULTIPLIERS[a.tokens[nxt].norm]
            last = nxt
            value, last = _and_a_half(a, last, end, value, MULTIPLIERS[a.tokens[nxt].norm])
        return round(value), last
    if t.kind != "word":
        return None
    if any(stem in DAY_WORDS for _, stem in stems(t.norm)):
        return None  # "الاثنين": Monday, not the two of them
    if _article_numeral(t.norm) and not (_after_counted_noun(a, i)
                                         or _before_thousands_of(a, i, end)):
        return None  # "في العشرين من الشهر": a day of the month, not twenty of anything
    return _words_number(a, zone, i, end)


def _half(norm: str, share: bool = False) -> bool:
    """"نصف", "ونصف", "بنصف": half (of a multiplier, "نصف مليون", when a number).
    ``share``: half of something, "نصف الغوطة", "نصفها" ("ونصف" is "and a half")."""
    if not share:
        return any(stem == _HALF for clitic, stem in stems(norm) if "ك" not in clitic)
    return any(stem in _HALVES for clitic, stem in stems(norm) if not clitic or clitic in "بل")


def _article_numeral(norm: str) -> bool:
    """A number word only once its article is taken off ("الثلاث")."""
    direct = any(s in NUMBER_WORDS or s in MULTIPLIERS for c, s in stems(norm) if "ك" not in c)
    return not direct and norm.startswith("ال") and _word_value(norm, first=True) is not None


def _before_thousands_of(a: Analysis, i: int, end: int) -> bool:
    """"العشرة آلاف مقاتل": a numeral with the article, then a multiplier and a counted
    noun, is a count (a day of the month is never followed by thousands)."""
    j = i + 1
    if j + 1 >= end or a.tokens[j].norm not in MULTIPLIERS:
        return False
    return any(lemma in NOUNS and NOUNS[lemma][1] != "duration"
               for lemma in lemmas(a.tokens[j + 1].norm))


def _after_counted_noun(a: Analysis, i: int) -> bool:
    return i > 0 and a.tokens[i - 1].kind == "word" and any(
        lemma in NOUNS and NOUNS[lemma][1] != "duration" for lemma in lemmas(a.tokens[i - 1].norm))


def _digits(norm: str) -> float | None:
    text = norm.replace("\u066c", ",").replace("\u066b", ".")
    groups = re.split(r"[.,]", text)
    if not all(g.isdigit() for g in groups):
        return None
    if len(groups) == 1:
        return float(groups[0])
    if all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    return None


@functools.lru_cache(maxsize=MEMO_WORDS)
def _word_value(norm: str, first: bool) -> tuple[int, bool] | None:
    """(value, is a multiplier) of a number word. The first word may carry a clitic
    ("بثلاثة"); later ones may carry the "و" that joins parts ("وعشرين")."""
    if first:
        candidates = [s for c, s in stems(norm) if "ك" not in c]
        # "المدن الثلاث": a numeral after its noun takes the article too.
        candidates += [s[2:] for s in candidates if s.startswith("ال") and len(s) > 4]
    else:
        candidates = [norm, norm[1:]] if norm.startswith("و") else [norm]
    for stem in candidates:
        if stem in NUMBER_WORDS:
            return NUMBER_WORDS[stem], False
        if stem in MULTIPLIERS:
            return MULTIPLIERS[stem], True
    return None


#: Per normalised token: may it open a number? Digits ("400"), or a number word that may
#: carry a clitic ("بثلاثة", "آلاف"). Only a first sieve: :func:`_number_at` decides.
_MAY_OPEN_NUMBER = Memo(
    lambda norm: norm[:1].isdigit() or _word_value(norm, first=True) is not None
    or _dual(norm) is not None or _half(norm) or _half(norm, share=True))


def _words_number(a: Analysis, zone: tuple[int, ...], i: int, end: int
                  ) -> tuple[int, int] | None:
    """A number written in words ("ثلاثة آلاف وخمسمئة"): (value, last token)."""
    total = current = 0
    last = None
    j = i
    while j < end and a.tokens[j].kind == "word" and zone[j] == zone[i]:
        read = _word_value(a.tokens[j].norm, first=last is None)
        if read is None:
            break
        value, multiplier = read
        if last is None and multiplier and a.tokens[j].norm in _PLURAL_MULTIPLIERS:
            return None  # "آلاف المدنيين": thousands, not a number
        if multiplier:
            total += (current or 1) * value
            current = 0
            total, j = _and_a_half(a, j, end, total, value)
        elif value == 100 and 0 < current < 10:
            current *= 100  # "ثلاث مئة"
        else:
            current += value  # "ثلاثة عشر", "خمسة وعشرين"
        last = j
        j += 1
    if last is None:
        return None
    if last == i and a.tokens[i].norm in WEAK_NUMBER_WORDS:
        return None
    return total + current, last


def _and_a_half(a: Analysis, j: int, end: int, value: float, multiplier: int
                ) -> tuple[int, int]:
    """"مليون ونصف": half the multiplier more, the half read (value, its last token)."""
    nxt = _next_word(a, j, end)
    if nxt is not None and a.tokens[nxt].norm == "و" + _HALF:
        return round(value + multiplier // 2), nxt
    return round(value), j


def _next_word(a: Analysis, i: int, end: int) -> int | None:
    j = i + 1
    return j if j < end and a.tokens[j].is_word else None


def _prev_word(a: Analysis, i: int, first: int) -> int | None:
    j = i - 1
    return j if j >= first and a.tokens[j].is_word else None


# --- one figure ----------------------------------------------------------------------------


def _figure(a: Analysis, zone: tuple[int, ...], i: int, last: int, value: int, first: int,
            end: int,
            source: Speaker | None, block: int, earlier: list[Figure]) -> Figure | None:
    if _is_label(a, i, last, value, first, end):
        return None
    start, qualifier, qualifier_en = _qualifier(a, i, first)
    percent_end = _percent(a, last, end)
    if percent_end is not None:
        noun = Noun(last + 1, percent_end, "%", "percent", None)
    elif last == i and a.tokens[i].kind == "word" and _half(a.tokens[i].norm, share=True):
        noun = Noun(i, i + 1, "%", "percent", None)  # "نصف الغوطة"
    else:
        noun = _counted_noun(a, zone, i, last, first, end, earlier)
        if noun is None:
            return None
    noun_first, noun_end, what_en, kind, implied, other = noun
    other = other or _forecast(a, min(start, noun_first), first)
    what = a.surface(noun_first, noun_end) if noun_first < noun_end else None
    event = None
    if kind == "people":  # "18 يوماً" after "مقتل" is how long, not who was killed
        event = implied or _event(a, zone, start, noun_end, first, end)
        people = [f for f in earlier if f.kind == "people"]
        if event is None and people:
            event = people[-1].event  # "مقتل 457 شخصاً ... إضافة إلى 72 مدنياً"
    after_end, after_q, after_q_en = _qualifier_after(a, noun_end, end)
    if qualifier is None and after_q is not None:
        qualifier, qualifier_en = after_q, after_q_en
    detail = _detail(a, max(noun_end, after_end), end)
    text_end = max(noun_end, last + 1, after_end)
    what_full = what_en
    if kind == "people" and event and what_en not in ("dead", "wounded", "injured"):
        what_full = f"{what_en} {event}"
    return Figure(
        value=value, what=what, what_en=what_full, qualifier=qualifier,
        qualifier_en=qualifier_en, source_ar=source.ar if source else None,
        source_en=source.en if source else None, block=block, kind=kind, event=event,
        text=a.surface(min(start, noun_first), text_end),
        start=a.starts[min(start, noun_first)],
        detail_ar=detail[0] if detail else None, detail_en=detail[1] if detail else None,
        other=other, span=_span(a, min(start, noun_first), text_end, first, end))


def _forecast(a: Analysis, start: int, first: int) -> bool:
    """Is the figure a forecast ("كنا نتوقع أن يصل عدد النازحين إلى 200 ألف")? A verb of
    expecting earlier in its clause: another quantity than the one reported."""
    k = start - 1
    while k >= first and a.tokens[k].text not in _CLAUSE_ENDS:
        if a.tokens[k].kind == "word" and a.tokens[k].norm in _EXPECT:
            return True
        k -= 1
    return False


def _span(a: Analysis, start: int, stop: int, first: int, end: int) -> str | None:
    """"day" when a day is named right after the figure (tokens ``start``..``stop``-1),
    else "since" when its clause (between commas) counts from a start ("منذ"), else None."""
    for k in range(stop, min(end, stop + SPAN_DAY_WORDS)):
        t = a.tokens[k]
        if t.kind != "word":
            break
        if lemma_set(t.norm) & DAY_WORDS:
            return "day"
    k = start - 1
    while k >= first and a.tokens[k].text not in _CLAUSE_ENDS:
        if a.tokens[k].kind == "word" and a.tokens[k].norm in _SINCE:
            return "since"
        k -= 1
    k = stop
    while k < end and a.tokens[k].text not in _CLAUSE_ENDS:
        if a.tokens[k].kind == "word" and a.tokens[k].norm in _SINCE:
            return "since"
        k += 1
    return None


def _is_label(a: Analysis, i: int, last: int, value: int, first: int, end: int) -> bool:
    t = a.tokens[i]
    if t.kind == "num":
        start, stop = a.starts[i], a.ends[last]
        before = a.text[start - 1] if start > 0 else " "
        after = a.text[stop] if stop < len(a.text) else " "
        clitic = i > 0 and a.ends[i - 1] == start and len(a.tokens[i - 1].norm) == 1
        # "الـ105 صاروخ": the article written on the number with a tatweel, not a label.
        clitic = clitic or a.text[max(0, start - 3):start] == "الـ"
        if (before.isalpha() and not clitic) or after.isalpha() or (
                before == "-" and start > 1 and a.text[start - 2].isalpha()):
            return True  # "إف15", "إس-400" (but "و2.5 مليون" is a number)
        if before == ":" or (after == ":" and a.text[stop + 1:][:1].isdigit()):
            return True  # a time
        if 1900 <= value <= 2100 and last == i and _is_year_context(a, i, end):
            return True
    prev = _prev_word(a, i, first)
    if prev is not None and lemma_set(a.tokens[prev].norm) & _LABELS:
        return True
    j = i - 1
    if j >= first and a.tokens[j].text == "/" and j - 1 >= first and \
            lemma_set(a.tokens[j - 1].norm) & MONTHS:
        return True
    nxt = _next_word(a, last, end)
    return nxt is not None and bool(lemma_set(a.tokens[nxt].norm) & MONTHS)


def _is_year_context(a: Analysis, i: int, end: int) -> bool:
    """A bare 1900-2100 is a year unless a counted noun follows ("2000 مقاتل")."""
    nxt = _next_word(a, i, end)
    if nxt is None:
        return True
    norms = lemma_set(a.tokens[nxt].norm)
    if a.tokens[nxt].norm == _OF and nxt + 1 < end:
        norms = lemma_set(a.tokens[nxt + 1].norm)
    return not any(NOUNS.get(n, ("", "duration", None))[1] != "duration" for n in norms
                   if n in NOUNS)


def _qualifier(a: Analysis, i: int, first: int) -> tuple[int, str | None, str | None]:
    """(first token of the figure, qualifier as written, English) before token ``i``."""
    if i <= first or a.tokens[i - 1].kind != "word":
        return i, None, None  # every qualifier ends with a word right before the number
    before = a.tokens[i - 1].norm
    for words, _ar, en in _QUALIFIERS:
        fits = words[-1] == before if len(words) > 1 else words[0] in _STEMS[before]
        if not fits:
            continue  # a first look at the word before the number only
        j = i - len(words)
        if j < first:
            continue
        toks = a.tokens[j:i]
        if not all(t.kind == "word" for t in toks):
            continue
        if all(t.norm == w for t, w in zip(toks[1:], words[1:], strict=True)) and (
                words[0] in _STEMS[toks[0].norm]):
            return j, a.surface(j, i), en
    return i, None, None


def _qualifier_after(a: Analysis, k: int, end: int) -> tuple[int, str | None, str | None]:
    j = k
    while j < end and a.tokens[j].text in ",،\"»”":  # 'مقتل "23 مقاتلا" على الأقل'
        j += 1
    if j >= len(a.tokens):
        return k, None, None
    forms = (a.norms[j], bare(a.norms[j]))
    for words, _ar, en in _QUALIFIERS_AFTER:
        if words[0] in forms and _reads(a, j, words, loose=True):
            return j + len(words), a.surface(j, j + len(words)), en
    return k, None, None


def _percent(a: Analysis, last: int, end: int) -> int | None:
    j = last + 1
    if j < end and a.tokens[j].text in ("%", "٪"):
        return j + 1
    if j >= len(a.tokens):
        return None
    for words in _PERCENT:
        if words[0] == a.norms[j] and _reads(a, j, words):
            return j + len(words)
    return None


def _reads(a: Analysis, j: int, words: tuple[str, ...], loose: bool = False) -> bool:
    """Do the tokens from ``j`` on read ``words``? ``loose``: a word may carry و or ف."""
    if j + len(words) > len(a.tokens):
        return False
    for norm, word in zip(a.norms[j:j + len(words)], words, strict=True):
        if norm != word and not (loose and bare(norm) == word):
            return False
    return True


class Noun(NamedTuple):
    """What a number counts: its tokens first..end-1 (none when it is implied), English,
    kind and the event it implies; ``borrowed`` when taken from the figure before it."""

    first: int
    end: int
    en: str | None
    kind: str
    implied: str | None
    borrowed: bool = False


def _counted_noun(a: Analysis, zone: tuple[int, ...], i: int, last: int, first: int,
                  end: int, earlier: list[Figure]) -> Noun | None:
    """(first, end, English, kind, implied event) of what the number counts."""
    dual = _dual(a.tokens[i].norm) if last == i and a.tokens[i].kind == "word" else None
    if dual is not None:
        return Noun(i, i + 1, *dual)  # "حافلتين": the noun is the number
    j = last + 1
    if j < end and a.tokens[j].norm == _NUMBER and j + 1 < end:
        j += 1  # "ارتفع إلى 96 عدد عناصر قوات النظام"
    j = _qualifier_after(a, j, end)[0]  # "59 على الأقل من الفصائل"
    of = j < end and a.tokens[j].norm == _OF
    if of:
        j += 1
    if j < end and a.tokens[j].kind == "word" and zone[j] == zone[i]:
        for lemma in lemmas(a.tokens[j].norm):
            if of and lemma in _MEMBERS_OF:  # "59 من الفصائل", "5 من قوات النظام"
                return Noun(j, j + 1, _MEMBERS_OF[lemma], "people", None)
            if lemma in NOUNS:
                return _whose(a, zone, j, end) or Noun(j, j + 1, *NOUNS[lemma])
        if earlier and lemma_set(a.tokens[j].norm) & OTHERS:
            return _noun_of(earlier[-1], j, j + 1)  # "مقتل ثلاثة أشخاص وإصابة اثنين آخرين"
    if earlier and i >= first + 2 and a.tokens[i - 1].norm == _OUT_OF[1] and (
            a.tokens[i - 2].norm == _OUT_OF[0]):
        return _noun_of(earlier[-1], last + 1, last + 1)  # "4 آلاف مقاتل من أصل 10 آلاف"
    if earlier and _of_them(a, last + 1, end):
        # "أطلقت 85 صاروخا، 66 من طراز توماهوك", "12 صاروخا، تسع منها من نوع سكالب"
        return _noun_of(earlier[-1], last + 1, last + 1)
    # "المدن الثلاث", "مدنيين اثنين": a number word after its noun, as its adjective
    k = i - 1
    if a.tokens[i].kind == "word" and k >= first and a.tokens[k].kind == "word" and \
            zone[k] == zone[i]:
        head = _post_noun(a, k)
        # "المقاتلين الأجانب الخمسة عشر": the noun before an adjective that is a noun too
        if k - 1 >= first and zone[k - 1] == zone[i] and head is not None and (
                a.tokens[k].norm.startswith("ال") and a.tokens[k - 1].norm.startswith("ال")):
            head = _post_noun(a, k - 1) or head
        if head is not None:
            return Noun(head[1], head[1] + 1, *NOUNS[head[0]])
    # "ارتفع عدد القتلى إلى 100"
    for k in range(i - 1, max(first, i - 6) - 1, -1):
        if a.tokens[k].kind == "word" and _NUMBER in lemmas(a.tokens[k].norm) and k + 1 < i:
            for lemma in lemmas(a.tokens[k + 1].norm):
                if lemma in NOUNS and NOUNS[lemma][1] == "people":
                    return Noun(k + 1, k + 2, *NOUNS[lemma])
    # "أكثر من 120 ألفا فروا", "نزوح أكثر من 120 ألفا": people, named by what befell them
    event = _bare_event(a, zone, i, last, first, end)
    if event is not None:
        return Noun(last + 1, last + 1, "people", "people", event)
    return None


def _whose(a: Analysis, zone: tuple[int, ...], j: int, end: int) -> Noun | None:
    """"117 قتلى القوات", "40 قتيلا من المدنيين", "96 عناصر قوات النظام": those counted
    are the ones the noun after the dead (or the members) names: soldiers, civilians."""
    noun = next((NOUNS[lemma] for lemma in lemmas(a.tokens[j].norm) if lemma in NOUNS), None)
    if noun is None or noun[0] not in _TOLL_NOUNS:
        return None
    k = j + 1
    if k < end and a.tokens[k].norm == _OF:
        k += 1
    if k >= end or a.tokens[k].kind != "word" or zone[k] != zone[j]:
        return None
    for lemma in lemmas(a.tokens[k].norm):
        if lemma in _MEMBERS_OF:
            return Noun(j, k + 1, _MEMBERS_OF[lemma], "people", noun[2])
        if noun[2] is not None and lemma in NOUNS and NOUNS[lemma][1] == "people" and (
                NOUNS[lemma][2] is None):  # "قتيلا من المدنيين", never "مقاتلا أجنبيا"
            return Noun(j, k + 1, NOUNS[lemma][0], "people", noun[2])
    return None


def _bare_event(a: Analysis, zone: tuple[int, ...], i: int, last: int, first: int,
                end: int) -> str | None:
    """The event of a number with no noun, told by the verb right after it ("120 ألفا
    فروا") or the event noun right before it and its qualifier ("نزوح أكثر من 120 ألفا")."""
    j = last + 1
    if j < end and a.tokens[j].kind == "word" and zone[j] == zone[i]:
        for lemma in lemmas(a.tokens[j].norm):
            if lemma in EVENTS:
                return EVENTS[lemma]
    k = _qualifier(a, i, first)[0] - 1
    if k >= first and a.tokens[k].kind == "word" and zone[k] == zone[i]:
        for lemma in lemmas(a.tokens[k].norm):
            if lemma in EVENTS:
                return EVENTS[lemma]
    return None


def _of_them(a: Analysis, j: int, end: int) -> bool:
    """Does a part of what was counted before start at token ``j`` ("منها", "من طراز")?"""
    if j >= end or a.tokens[j].kind != "word":
        return False
    if a.tokens[j].norm in _OF_THEM:
        return True
    return a.tokens[j].norm == _OF and j + 1 < end and a.tokens[j + 1].norm in _TYPE


def _noun_of(figure: Figure, first: int, end: int) -> Noun:
    """The counted noun of an earlier figure, for a number that refers back to it."""
    en = figure.what_en
    if en and figure.event and en.endswith(f" {figure.event}"):
        en = en[: -len(figure.event) - 1]
    return Noun(first, end, en, figure.kind, None, borrowed=True)


def _post_noun(a: Analysis, k: int) -> tuple[str, int] | None:
    """(lemma, k) when token ``k`` is a counted noun a numeral may follow."""
    if a.tokens[k].kind != "word":
        return None
    for lemma in lemmas(a.tokens[k].norm):
        if lemma in NOUNS and NOUNS[lemma][1] != "duration":
            return lemma, k
    return None


def _event(a: Analysis, zone: tuple[int, ...], start: int, noun_end: int, first: int,
           end: int) -> str | None:
    """What happened to those counted: a verb right after ("35 مدنياً قتلوا"), else the
    nearest cue before, within the clause ("مقتل أكثر من 400 مسلح")."""
    z = zone[start]
    for k in range(noun_end, min(end, noun_end + 3)):
        t = a.tokens[k]
        if not t.is_word or zone[k] != z or t.norm.startswith("و"):
            break  # "350 ألف شخص ونزوح الملايين": "ونزوح" is the next item
        for lemma in lemmas(t.norm):
            if lemma in EVENTS:
                return EVENTS[lemma]
    seen = 0
    k = start - 1
    while k >= first and seen < EVENT_WINDOW:
        t = a.tokens[k]
        if t.kind == "num" or t.text in ".؛;،," or zone[k] != z:
            break
        if t.kind == "word":
            seen += 1
            for lemma in lemmas(t.norm):
                if lemma in EVENTS:
                    return EVENTS[lemma]
        k -= 1
    return None


def _detail(a: Analysis, k: int, end: int) -> tuple[str, str] | None:
    """"بينهم أجانب" (including), "غالبيتهم من المسلحين" (mostly) after the counted noun."""
    j = k
    while j < end and a.tokens[j].text in ",،":
        j += 1
    if j >= end or a.tokens[j].kind != "word":
        return None
    head = lemma_set(a.tokens[j].norm)
    label = "including" if head & INCLUDING else "mostly" if head & MOSTLY else None
    if label is None:
        return None
    n = j + 1
    if n < end and a.tokens[n].norm == _OF:
        n += 1
    if n >= end or a.tokens[n].kind != "word":
        return None
    for lemma in lemmas(a.tokens[n].norm):
        if lemma in NOUNS and NOUNS[lemma][1] == "people":
            return a.surface(j, n + 1), f"{label} {NOUNS[lemma][0]}"
    return None


def _quote_speaker(quote: Quote) -> Speaker | None:
    if quote.speaker_ar is None:
        return None
    return Speaker(quote.speaker_ar, quote.speaker_en, quote.speaker_type or "unknown",
                   quote.speakers, quote.statement)


def _source(found: list[Attribution], i: int) -> Speaker | None:
    before = [t for t in found if t.cue < i and t.speaker is not None]
    if before:
        return before[-1].speaker
    after = [t for t in found if t.cue > i and t.kind == "according" and t.speaker is not None]
    return after[0].speaker if after else None
