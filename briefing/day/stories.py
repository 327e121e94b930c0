"""A day's paragraphs -> stories: the paragraphs of different articles that report one event.

Similarity of two paragraphs is read from what they say and what the extract stage found in
them:

- their words: cosine of character 4-gram vectors of their content words, weighted by how
  rare each 4-gram is in the day (Arabic inflects and attaches clitics, so grams of light
  stems match "الضربات"/"ضربات"/"الضربة" where whole words would not);
- near-identical text (a wire story two outlets both print) by ``rapidfuzz``;
- the same figure (value and counted noun) stated in both, the same words quoted;
- the days their events happened on ("الثلاثاء" read against each article's publication,
  carried on through the article's next paragraphs): reports of days far apart are
  different stages of a thread, not one story;
- the classifier's section, and, inside one article, being next to each other (an article
  tells one event over several paragraphs) unless the next paragraph turns to other actors.

Paragraphs are grouped by average-linkage clustering; a group that spans at least two
articles is a story, every other paragraph stands alone. The lead is the most complete,
best-sourced version; stories are ordered by news value: how many outlets report them, the
figures they carry, how recent they are.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from ..classify.normalize import FUNCTION_WORDS, light_stem, tokens
from .model import DayParagraph, ParagraphRef, Story
from .paragraphs import WEEK_APART, event_days

GRAM = 4
#: Average similarity two groups need to be merged.
THRESHOLD = 0.15
SAME_SECTION = 0.1
#: Both paragraphs date their events, to the same day (+) or to different days (-).
SAME_DAY = 0.1
#: Next to each other in one article.
NEIGHBOURS = 0.3
SAME_FIGURE = 0.1
#: Reports whose events lie this many days apart are different stages of a thread. A
#: paragraph without a date of its own tells of the last day its article named before it
#: ("فشلت موسكو السبت..." then "وصوتت ثماني دول..."), else of its publication day.
APART_DAYS = 4
APART = 0.1
#: ... and a week apart (the OPCW's first statement and its team blocked a week later), more so.
FAR_APART_DAYS = WEEK_APART
#: The same words quoted (a statement two outlets both carry), at least this long.
SAME_QUOTE = 0.3
QUOTE_CHARS = 20
#: rapidfuzz ratio (0-100) above which two paragraphs are the same text.
SAME_TEXT = 90.0
#: Word cosine an article's only paragraph in a story needs with some other version.
BRIDGE = 0.35


def _grams(paragraph: DayParagraph) -> Counter[str]:
    grams: Counter[str] = Counter()
    for token in tokens(paragraph.text):
        if token in FUNCTION_WORDS or token.isdigit():
            continue
        padded = f" {light_stem(token)} "
        for i in range(max(1, len(padded) - GRAM + 1)):
            grams[padded[i:i + GRAM]] += 1
    return grams


def _vectors(paragraphs: list[DayParagraph]) -> list[dict[str, float]]:
    grams = [_grams(p) for p in paragraphs]
    df = Counter(g for counts in grams for g in counts)
    n = len(paragraphs)
    vectors = []
    for counts in grams:
        vector = {g: (1 + math.log(c)) * math.log(n / df[g]) for g, c in counts.items()
                  if df[g] > 1}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({g: v / norm for g, v in vector.items()})
    return vectors


def _cosines(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
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


def _continues(a: DayParagraph, b: DayParagraph) -> bool:
    """Two neighbouring paragraphs of an article tell the same event unless the second
    turns to other actors ("Germany said..." after "Britain said...")."""
    return not a.names or not b.names or bool(a.names & b.names or a.speakers & b.speakers)


def _same_quote(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Some quotation of one is (nearly) contained in some quotation of the other."""
    return any(min(len(x), len(y)) >= QUOTE_CHARS and fuzz.partial_ratio(x, y) >= SAME_TEXT
               for x in ours for y in theirs)


def similarities(paragraphs: list[DayParagraph],
                 cosines: dict[tuple[int, int], float] | None = None
                 ) -> dict[tuple[int, int], float]:
    """Pairwise similarity (i < j) of the paragraphs, for every pair with any evidence
    (``cosines``: their words' cosines, when already computed)."""
    sims = dict(cosines) if cosines is not None else _cosines(_vectors(paragraphs))
    figures = [{(f.value, f.what_en) for f in p.figures} for p in paragraphs]
    when = event_days(paragraphs)
    n = len(paragraphs)
    for i in range(n):
        a = paragraphs[i]
        for j in range(i + 1, n):
            b = paragraphs[j]
            score = sims.get((i, j), 0.0)
            if a.ref.slug == b.ref.slug:
                if abs(a.position - b.position) == 1 and _continues(a, b):
                    score += NEIGHBOURS
            else:
                if a.dates and b.dates:
                    score += SAME_DAY if a.dates & b.dates else -SAME_DAY
                if when[i] and when[j]:
                    days = min(abs((x - y).days) for x in when[i] for y in when[j])
                    score -= APART * ((days >= APART_DAYS) + (days >= FAR_APART_DAYS))
                if figures[i] & figures[j]:
                    score += SAME_FIGURE
                if (a.quotes and b.quotes and score > THRESHOLD / 2
                        and _same_quote(a.quotes, b.quotes)):
                    score += SAME_QUOTE
                if score > THRESHOLD / 2 and fuzz.ratio(a.text, b.text) >= SAME_TEXT:
                    score += 1.0
            if a.section == b.section:
                score += SAME_SECTION
            if score > 0:
                sims[(i, j)] = score
    return sims


def cluster(n: int, sims: dict[tuple[int, int], float], threshold: float | None = None
            ) -> list[list[int]]:
    """Average-linkage clustering of ``n`` items; pairs missing from ``sims`` score 0."""
    if threshold is None:
        threshold = THRESHOLD
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Sum of pair similarities between live clusters (average = sum / (|a| * |b|)).
    links: dict[int, dict[int, float]] = defaultdict(dict)
    heap: list[tuple[float, int, int]] = []
    for (i, j), score in sims.items():
        links[i][j] = links[j][i] = score
        if score >= threshold:
            heap.append((-score, i, j))
    heapq.heapify(heap)
    next_id = n
    while heap:
        _, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue  # merged since
        new = next_id
        next_id += 1
        a, b = members.pop(i), members.pop(j)
        members[new] = a + b
        la, lb = links.pop(i, {}), links.pop(j, {})
        for other in set(la) | set(lb):
            if other in (i, j) or other not in members:
                continue
            total = la.get(other, 0.0) + lb.get(other, 0.0)
            for side in (i, j):
                links[other].pop(side, None)
            links[new][other] = links[other][new] = total
            average = total / (len(members[new]) * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(new, other), max(new, other)))
    return [sorted(group) for group in members.values()]


def lead_score(paragraph: DayParagraph) -> float:
    """How complete and well sourced a version is: its length, figures, named sources, and
    being an article's lede."""
    return (math.log1p(len(paragraph.words)) + 0.5 * bool(paragraph.figures)
            + 0.5 * bool(paragraph.speakers) + 0.3 * len(paragraph.names & paragraph.places)
            ** 0.5 + (0.5 if paragraph.position == 0 else 0.0))


def news_value(group: list[DayParagraph], newest: float) -> float:
    """Corroboration first (outlets reporting it), then casualty figures, then recency."""
    outlets = len({p.outlet for p in group})
    figures = sum(1 for p in group for f in p.figures if f.key)
    published = [p.published.timestamp() for p in group if p.published is not None]
    age_days = (newest - max(published)) / 86400 if published and newest else 0.0
    lede = min(p.position for p in group)
    return (2.0 * (outlets - 1) + math.log1p(len(group)) + 0.5 * math.log1p(figures)
            + 1.0 / (1.0 + age_days) + (0.5 if lede == 0 else 0.0))


def make_stories(paragraphs: dict[ParagraphRef, DayParagraph]) -> tuple[Story, ...]:
    """Stories of the day: clusters across articles and every other paragraph alone,
    ordered by news value."""
    items = list(paragraphs.values())
    cosines = _cosines(_vectors(items))
    groups = cluster(len(items), similarities(items, cosines))
    stories: list[list[DayParagraph]] = []
    for group in groups:
        group, left = _without_weak_bridges(items, group, cosines)
        found = [items[i] for i in group]
        if len({p.ref.slug for p in found}) >= 2:
            stories.append(found)
        else:
            stories.extend([p] for p in found)
        stories.extend([items[i]] for i in left)
    return order_stories(stories)


def _without_weak_bridges(items: list[DayParagraph], group: list[int],
                          cosines: dict[tuple[int, int], float]
                          ) -> tuple[list[int], list[int]]:
    """(kept, left alone): an article that tells the story in one paragraph stays in it only
    when that paragraph says it in the words of another version (or quotes the same words).
    Joined on weaker evidence (the section, the day, a name), one paragraph would make
    another article's whole run a story across outlets."""
    per_article = Counter(items[i].ref.slug for i in group)
    if len(per_article) < 2:
        return group, []
    kept: list[int] = []
    left: list[int] = []
    for i in group:
        if per_article[items[i].ref.slug] == 1 and not any(
                cosines.get((min(i, j), max(i, j)), 0.0) >= BRIDGE
                or _same_quote(items[i].quotes, items[j].quotes)
                for j in group if j != i):
            left.append(i)
        else:
            kept.append(i)
    return kept, left


def order_stories(groups: Iterable[list[DayParagraph]]) -> tuple[Story, ...]:
    """Stories told by several articles first, by news value; then each article's other
    paragraphs in its own order (an article reads as its author wrote it), articles by the
    news value of their best paragraph."""
    groups = list(groups)
    stamps = [p.published.timestamp() for g in groups for p in g if p.published is not None]
    newest = max(stamps) if stamps else 0.0
    stories = [story_of(group, news_value(group, newest)) for group in groups]
    shared = sorted((s for s in stories if len({r.slug for r in s.paragraphs}) > 1),
                    key=lambda s: -s.value)
    alone = [s for s in stories if len({r.slug for r in s.paragraphs}) == 1]
    best: dict[str, float] = {}
    for story in alone:
        best[story.lead.slug] = max(best.get(story.lead.slug, 0.0), story.value)
    alone.sort(key=lambda s: (-best[s.lead.slug], s.lead.slug, s.lead.number))
    return (*shared, *alone)


def story_of(group: list[DayParagraph], value: float, pinned: bool = False) -> Story:
    lead = max(group, key=lambda p: (lead_score(p), -p.position))
    others = sorted((p for p in group if p is not lead),
                    key=lambda p: (p.ref.slug != lead.ref.slug, p.outlet, p.ref))
    ordered = [lead, *others]
    sections = Counter(p.section for p in group)
    top = max(sections.values())
    section = lead.section if sections[lead.section] == top else next(
        s for s, c in sections.most_common() if c == top)
    return Story(key=lead.ref.anchor, section=section,
                 paragraphs=tuple(p.ref for p in ordered), value=value,
                 outlets=tuple(dict.fromkeys(p.outlet for p in ordered)), pinned=pinned)
