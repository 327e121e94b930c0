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

from ..text.tokens import MEMO_WORDS, Memo, bare, fold, lemma_set, lemmas, stems
from .analysis import Analysis
from .lexicon import (
    DUALS,
    EVENTS,
    INCLUDING,
    MONTHS,
    MOSTLY,
    MULTIPLIERS,
    NOUNS,
    NUMBER_LABELS,
    NUMBER_WORDS,
    PERCENT,
    QUALIFIERS,
    QUALIFIERS_AFTER,
    WEAK_NUMBER_WORDS,
    word_set,
)
from .model import Figure, Quote, Speaker
from .speakers import Attribution

EVENT_WINDOW = 5
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
    figures: list[Figure] = []
    after = first  # the first token after the last number read
    for i in candidates:
        z = a.zone[i]
        if i < after or z == -2 or (z >= 0 and z not in spoken):
            continue
        number = _number_at(a, i, end)
        if number is None:
            continue
        value, last = number
        source = spoken[z] if z >= 0 else _source(found, i)
        figure = _figure(a, i, last, value, first, end, source, block, figures)
        if figure is not None:
            figures.append(figure)
        after = last + 1
    return _events_from_parts(a, figures)


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


# --- reading numbers -----------------------------------------------------------------------


@functools.lru_cache(maxsize=MEMO_WORDS)
def _dual(norm: str) -> tuple[str, str, str | None] | None:
    """What a dual noun counts ("وبحافلتين" -> buses), whatever its clitic."""
    for clitic, stem in stems(norm):
        if stem in DUALS and "ك" not in clitic:
            return DUALS[stem]
    return None


def _number_at(a: Analysis, i: int, end: int) -> tuple[int, int] | None:
    """(value, index of the number's last token) when token ``i`` starts a number."""
    t = a.tokens[i]
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
        return round(value), last
    if t.kind != "word":
        return None
    if _article_numeral(t.norm) and not _after_counted_noun(a, i):
        return None  # "في العشرين من الشهر": a day of the month, not twenty of anything
    return _words_number(a, i, end)


def _article_numeral(norm: str) -> bool:
    """A number word only once its article is taken off ("الثلاث")."""
    direct = any(s in NUMBER_WORDS or s in MULTIPLIERS for c, s in stems(norm) if "ك" not in c)
    return not direct and norm.startswith("ال") and _word_value(norm, first=True) is not None


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
    or _dual(norm) is not None)


def _words_number(a: Analysis, i: int, end: int) -> tuple[int, int] | None:
    """A number written in words ("ثلاثة آلاف وخمسمئة"): (value, last token)."""
    total = current = 0
    last = None
    j = i
    while j < end and a.tokens[j].kind == "word" and a.zone[j] == a.zone[i]:
        read = _word_value(a.tokens[j].norm, first=last is None)
        if read is None:
            break
        value, multiplier = read
        if last is None and multiplier and a.tokens[j].norm in _PLURAL_MULTIPLIERS:
            return None  # "آلاف المدنيين": thousands, not a number
        if multiplier:
            total += (current or 1) * value
            current = 0
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


def _next_word(a: Analysis, i: int, end: int) -> int | None:
    j = i + 1
    return j if j < end and a.tokens[j].is_word else None


def _prev_word(a: Analysis, i: int, first: int) -> int | None:
    j = i - 1
    return j if j >= first and a.tokens[j].is_word else None


# --- one figure ----------------------------------------------------------------------------


def _figure(a: Analysis, i: int, last: int, value: int, first: int, end: int,
            source: Speaker | None, block: int, earlier: list[Figure]) -> Figure | None:
    if _is_label(a, i, last, value, first, end):
        return None
    start, qualifier, qualifier_en = _qualifier(a, i, first)
    percent_end = _percent(a, last, end)
    if percent_end is not None:
        noun = (last + 1, percent_end, "%", "percent", None)
    else:
        noun = _counted_noun(a, i, last, first, end)
        if noun is None:
            return None
    noun_first, noun_end, what_en, kind, implied = noun
    what = a.surface(noun_first, noun_end) if noun_first < noun_end else None
    event = None
    if kind == "people":  # "18 يوماً" after "مقتل" is how long, not who was killed
        event = implied or _event(a, start, noun_end, first, end)
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
        detail_ar=detail[0] if detail else None, detail_en=detail[1] if detail else None)


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
    while j < end and a.tokens[j].text in ",،":
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


Noun = tuple[int, int, str | None, str, str | None]


def _counted_noun(a: Analysis, i: int, last: int, first: int, end: int) -> Noun | None:
    """(first, end, English, kind, implied event) of what the number counts."""
    dual = _dual(a.tokens[i].norm) if last == i and a.tokens[i].kind == "word" else None
    if dual is not None:
        return i, i + 1, *dual  # "حافلتين": the noun is the number
    j = last + 1
    if j < end and a.tokens[j].norm == _OF:
        j += 1
    if j < end and a.tokens[j].kind == "word" and a.zone[j] == a.zone[i]:
        for lemma in lemmas(a.tokens[j].norm):
            if lemma in NOUNS:
                en, kind, implied = NOUNS[lemma]
                return j, j + 1, en, kind, implied
    # "المدن الثلاث", "مدنيين اثنين": a number word after its noun, as its adjective
    k = i - 1
    if a.tokens[i].kind == "word" and k >= first and a.tokens[k].kind == "word" and \
            a.zone[k] == a.zone[i]:
        for lemma in lemmas(a.tokens[k].norm):
            if lemma in NOUNS and NOUNS[lemma][1] != "duration":
                en, kind, implied = NOUNS[lemma]
                return k, k + 1, en, kind, implied
    # "ارتفع عدد القتلى إلى 100"
    for k in range(i - 1, max(first, i - 6) - 1, -1):
        if a.tokens[k].kind == "word" and _NUMBER in lemmas(a.tokens[k].norm) and k + 1 < i:
            for lemma in lemmas(a.tokens[k + 1].norm):
                if lemma in NOUNS and NOUNS[lemma][1] == "people":
                    en, kind, implied = NOUNS[lemma]
                    return k + 1, k + 2, en, kind, implied
    return None


def _event(a: Analysis, start: int, noun_end: int, first: int, end: int) -> str | None:
    """What happened to those counted: a verb right after ("35 مدنياً قتلوا"), else the
    nearest cue before, within the clause ("مقتل أكثر من 400 مسلح")."""
    z = a.zone[start]
    for k in range(noun_end, min(end, noun_end + 3)):
        t = a.tokens[k]
        if not t.is_word or a.zone[k] != z or t.norm.startswith("و"):
            break  # "350 ألف شخص ونزوح الملايين": "ونزوح" is the next item
        for lemma in lemmas(t.norm):
            if lemma in EVENTS:
                return EVENTS[lemma]
    seen = 0
    k = start - 1
    while k >= first and seen < EVENT_WINDOW:
        t = a.tokens[k]
        if t.kind == "num" or t.text in ".؛;،," or a.zone[k] != z:
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
