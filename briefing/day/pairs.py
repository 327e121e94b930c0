"""Two paragraphs of a day -> named features saying whether they tell one story.

The features are read from what the extract stage found (figures, places, actors, speakers,
quotations, the days events happened on) and from the text (rare character 4-grams of light
stems, ``rapidfuzz`` for the same wire copy printed twice), and from the *stance* of each
paragraph: a denial ("نفت", "مفبركة") and an accusation ("اتهمت", "تحمل المسؤولية") about the
same attack are two stories, although they share every name and figure. Paragraphs of one
article and of two articles are told apart (``s:`` and ``x:`` features): an article tells one
event over neighbouring paragraphs unless the next one turns to other actors; outlets tell it
in their own words, on days that may lie far apart (two stages of a thread). How much each feature
counts is learned (:mod:`briefing.day.learn`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from ..text.normalize import FUNCTION_WORDS, light_stem
from ..text.words import tokens
from .model import DayParagraph
from .paragraphs import WEEK_APART, content_words, event_days

GRAM = 4
#: rapidfuzz ratio (0-100) above which two paragraphs are the same text.
SAME_TEXT = 90.0
#: The same words quoted (a statement two outlets both carry), at least this long.
QUOTE_CHARS = 20
#: Reports whose events lie this many days apart are different stages of a thread.
APART_DAYS = 4
#: Two texts this far apart in their 4-grams are not one text (rapidfuzz is not asked).
SAME_TEXT_COSINE = 0.05

#: What a paragraph does with the claim it reports: deny it, or lay the blame on someone.
#: (Stems as :func:`content_words` makes them.)
STANCES = {
    "deny": content_words(
        "نفى نفت ينفي تنفي نفوا نفي نفيا ينفون نفيه ننفي مفبرك مفبركه فبركه فبركة تلفيق ملفق "
        "مسرحيه مسرحية اكاذيب كذب زائفه ادعاءات مزاعم مزعوم المزعوم انكر انكرت ينكر رفضت "
        "يرفض"),
    "blame": content_words(
        "اتهم اتهمت يتهم تتهم اتهام اتهامات اتهموا ادان ادانت يدين تدين ادانه ندد نددت يندد "
        "تندد جريمه جرائم"),
}


def stances(paragraph: DayParagraph) -> frozenset[str]:
    return frozenset(name for name, words in STANCES.items() if words & paragraph.words)


def _grams(paragraph: DayParagraph) -> Counter[str]:
    grams: Counter[str] = Counter()
    for token in tokens(paragraph.text):
        if token in FUNCTION_WORDS or token.isdigit():
            continue
        padded = f" {light_stem(token)} "
        for i in range(max(1, len(padded) - GRAM + 1)):
            grams[padded[i:i + GRAM]] += 1
    return grams


def vectors(paragraphs: list[DayParagraph]) -> list[dict[str, float]]:
    """Each paragraph's 4-grams, weighted by how rare they are in the day (tf-idf, unit
    length); grams seen in one paragraph only are left out."""
    grams = [_grams(p) for p in paragraphs]
    df = Counter(g for counts in grams for g in counts)
    n = len(paragraphs)
    out = []
    for counts in grams:
        vector = {g: (1 + math.log(c)) * math.log(n / df[g]) for g, c in counts.items()
                  if df[g] > 1}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        out.append({g: v / norm for g, v in vector.items()})
    return out


def cosines(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine of every pair sharing a 4-gram, through an inverted index (i < j)."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for gram, weight in vector.items():
            postings[gram].append((i, weight))
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for items in postings.values():
        for x in range(len(items)):
            i, wi = items[x]
            for y in range(x + 1, len(items)):
                j, wj = items[y]
                dots[(i, j)] += wi * wj
    return dots


def same_quote(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Some quotation of one is (nearly) contained in some quotation of the other."""
    return any(min(len(x), len(y)) >= QUOTE_CHARS and fuzz.partial_ratio(x, y) >= SAME_TEXT
               for x in ours for y in theirs)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared items, as a share of the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _continues(a: DayParagraph, b: DayParagraph) -> bool:
    """Two neighbouring paragraphs of an article tell the same event unless the second
    turns to other actors ("Germany said..." after "Britain said...")."""
    return not a.names or not b.names or bool(a.names & b.names or a.speakers & b.speakers)


def pair_features(paragraphs: list[DayParagraph],
                  cosine: dict[tuple[int, int], float] | None = None
                  ) -> dict[tuple[int, int], dict[str, float]]:
    """The features of every pair ``(i, j)``, ``i < j``, of the day's paragraphs that has
    any (pairs missing have none)."""
    if cosine is None:
        cosine = cosines(vectors(paragraphs))
    when = event_days(paragraphs)
    figures = [{(f.value, f.what_en) for f in p.figures} for p in paragraphs]
    values = [{f.value for f in p.figures} for p in paragraphs]
    stance = [stances(p) for p in paragraphs]
    # Outlets repeat the same quotations (and agencies' copy): compare each pair of quotation
    # sets once.
    quotes_match: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = {}
    out: dict[tuple[int, int], dict[str, float]] = {}
    n = len(paragraphs)
    for i in range(n):
        a = paragraphs[i]
        for j in range(i + 1, n):
            b = paragraphs[j]
            f: dict[str, float] = {}
            cos = cosine.get((i, j), 0.0)
            if cos:
                f["cos"] = cos
            if a.section == b.section:
                f["section"] = 1.0
            if a.ref.slug == b.ref.slug:
                if abs(a.position - b.position) == 1:
                    f["s:next" if _continues(a, b) else "s:next-turns"] = 1.0
                if f:
                    out[(i, j)] = f
                continue
            if a.outlet == b.outlet:
                f["x:outlet"] = 1.0
            if a.dates and b.dates:
                f["x:dates-agree" if a.dates & b.dates else "x:dates-differ"] = 1.0
            if when[i] and when[j]:
                days = min(abs((x - y).days) for x in when[i] for y in when[j])
                if days >= WEEK_APART:
                    f["x:week-apart"] = 1.0
                elif days >= APART_DAYS:
                    f["x:days-apart"] = 1.0
            if figures[i] & figures[j]:
                f["x:figure"] = 1.0
            elif values[i] & values[j]:
                f["x:value"] = 1.0
            share = _overlap(a.names, b.names)
            if share:
                f["x:names"] = share
            if a.speakers and b.speakers and not a.speakers & b.speakers:
                f["x:speakers-differ"] = 1.0
            if stance[i] and stance[j] and not stance[i] & stance[j]:
                f["x:stance-differ"] = 1.0
            if a.quotes and b.quotes:
                key = (a.quotes, b.quotes)
                if key not in quotes_match:
                    quotes_match[key] = same_quote(a.quotes, b.quotes)
                if quotes_match[key]:
                    f["x:quote"] = 1.0
            if cos >= SAME_TEXT_COSINE and fuzz.ratio(a.text, b.text) >= SAME_TEXT:
                f["x:same-text"] = 1.0
            if f:
                out[(i, j)] = f
    return out
