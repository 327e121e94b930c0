"""Quoted spans of one sentence -> quotations with their speaker, and quoted names/terms.

Arabic papers put three things in «» or "": what someone said, names («رويترز», «هيئة
تحرير الشام», "وكالة «سانا»") and terms they do not vouch for («أمر واقع»). The rule, applied
the same way everywhere:

- a name (the gazetteer covers the span, a naming word precedes it, or it opens with
  "جيش"/"حركة"/"وحدات"...) is never a quotation;
- a span of at least three words is a quotation, partial or whole, when someone is reported
  in its sentence (a cue before or after it, "X: «...»", or the previous sentence's speaker
  going on); without any reporting frame only a span of six words or more is (its speaker
  then unknown): shorter unframed spans are titles and slogans («قوى الاستكبار العالمي»);
- a two-word span is a quotation only when the reporting frame introduces it directly
  ("قال «...»", "أكد أن «...»", "قائلاً: «...»"); inside a sentence ("موطناً «للجماعات
  الإرهابية»", "واتهم «المنظمات الإرهابية»") it is a term: the paper marks the speaker's
  word choice, it does not report a statement. Terms keep the speaker of their sentence.
"""

from __future__ import annotations

from ..text.tokens import bare
from .analysis import Analysis, QuotedSpan, name_like
from .lexicon import COMPLEMENTIZERS, SAY, cue_kind
from .model import Quote, QuotedTerm, Speaker
from .naming import State, speaker_of
from .speakers import Attribution

MIN_QUOTE_WORDS = 3
MIN_DIRECT_WORDS = 2
#: Without any reporting frame, a span this long is still a quotation (speaker unknown).
MIN_UNFRAMED_WORDS = 6
#: The most words a speaker named before a colon may have ("X: «...»").
MAX_COLON_SPEAKER_WORDS = 6


def sentence_quotes(a: Analysis, first: int, end: int, found: list[Attribution],
                    block: int, state: State, carried: Speaker | None
                    ) -> tuple[list[Quote], list[QuotedTerm]]:
    """Quotations and terms of the sentence tokens first..end-1.

    ``carried`` is the speaker of the previous sentence, for a sentence that is nothing but
    a quotation (the speaker named just before goes on).
    """
    quotes: list[Quote] = []
    terms: list[QuotedTerm] = []
    for q in a.quoted:
        if not first <= q.first < end:
            continue
        text = q.span.text.strip()
        offset = q.span.start + 1 + (len(q.span.text) - len(q.span.text.lstrip()))
        if q.is_name:
            en = q.name.name.en if q.name is not None else None
            terms.append(QuotedTerm(text, "name", block, offset, en))
            continue
        attribution, speaker, continued = _attribute(a, q, first, found, state, carried)
        words = q.words
        framed = attribution is not None or speaker is not None
        direct = _direct(a, q, attribution)
        if (words >= MIN_QUOTE_WORDS and framed) or words >= MIN_UNFRAMED_WORDS or (
                words >= MIN_DIRECT_WORDS and direct):
            cue = a.tokens[attribution.cue].text if attribution is not None else None
            quotes.append(Quote(
                text, speaker.ar if speaker else None, speaker.en if speaker else None, block,
                offset, speaker.type if speaker else None, speaker.names if speaker else (),
                speaker.statement if speaker else False, continued, cue))
        else:
            terms.append(QuotedTerm(text, "term", block, offset, None,
                                    speaker.ar if speaker else None,
                                    speaker.en if speaker else None))
    return quotes, terms


def _attribute(a: Analysis, q: QuotedSpan, first: int, found: list[Attribution],
               state: State, carried: Speaker | None
               ) -> tuple[Attribution | None, Speaker | None, bool]:
    before = [t for t in found if t.cue < q.first]
    if before:
        t = before[-1]
        return t, t.speaker, t.continued
    after = [t for t in found if t.cue > q.last and t.speaker is not None and not t.continued]
    if after:
        return after[0], after[0].speaker, False
    colon = q.first - 1
    if colon > first and a.tokens[colon].text == ":" and sum(
            1 for k in range(first, colon) if a.tokens[k].is_word) <= MAX_COLON_SPEAKER_WORDS:
        speaker = speaker_of(a, first, colon, state)
        if speaker is not None and (speaker.type != "unknown" or all(
                name_like(a, k, []) for k in range(first, colon) if a.tokens[k].is_word)):
            return None, speaker, False
    if carried is not None and not any(a.tokens[k].kind == "word" for k in range(first, q.first)):
        return None, carried, True
    return None, None, False


def _direct(a: Analysis, q: QuotedSpan, attribution: Attribution | None) -> bool:
    """Does the reporting frame lead straight into the quotation?"""
    j = q.first - 1
    while j >= 0 and a.tokens[j].text in ",،":
        j -= 1
    if j < 0:
        return False
    t = a.tokens[j]
    if t.text == ":":
        return True
    if t.kind != "word":
        return False
    norm = bare(t.norm)
    if norm in COMPLEMENTIZERS or t.norm in COMPLEMENTIZERS:
        return True
    kind = cue_kind(t.norm)
    if kind in ("say", "participle") and (t.norm in SAY or norm in SAY or kind == "participle"):
        return True
    return (attribution is not None and attribution.kind == "say"
            and attribution.frame_end >= j + 1)
