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

Each of these is a named feature of the pair (:mod:`.pairs`) and the similarity is their
weighted sum (:mod:`.learn`, which can also fit the weights to annotated days). Paragraphs
are grouped by average-linkage clustering; a group that spans at least two
articles is a story, every other paragraph stands alone. The lead is the most complete,
best-sourced version; stories are ordered by news value: how many outlets report them, the
figures they carry, how recent they are.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from .learn import StoryModel
from .model import DayParagraph, ParagraphRef, Story
from .pairs import cosines, pair_features, same_quote, vectors

#: Word cosine an article's only paragraph in a story needs with some other version.
BRIDGE = 0.35


def story_groups(paragraphs: list[DayParagraph],
                 features: Mapping[tuple[int, int], Mapping[str, float]],
                 cosine: Mapping[tuple[int, int], float], model: StoryModel
                 ) -> list[list[int]]:
    """The groups of paragraph indices that are stories (spanning two articles at least)."""
    sims = {pair: score for pair, f in features.items()
            if (score := model.similarity(f)) > 0}
    out = []
    for group in cluster(len(paragraphs), sims, model.threshold):
        group, _ = _without_weak_bridges(paragraphs, group, cosine)
        if len({paragraphs[i].ref.slug for i in group}) >= 2:
            out.append(group)
    return out


def cluster(n: int, sims: Mapping[tuple[int, int], float], threshold: float
            ) -> list[list[int]]:
    """Average-linkage clustering of ``n`` items; pairs missing from ``sims`` score 0."""
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


def make_stories(paragraphs: dict[ParagraphRef, DayParagraph],
                 model: StoryModel | None = None) -> tuple[Story, ...]:
    """Stories of the day: clusters across articles and every other paragraph alone,
    ordered by news value (``model``: the shipped story weights unless given)."""
    items = list(paragraphs.values())
    cosine = cosines(vectors(items))
    groups = story_groups(items, pair_features(items, cosine), cosine, model or StoryModel())
    grouped = {i for group in groups for i in group}
    stories: list[list[DayParagraph]] = [[items[i] for i in group] for group in groups]
    stories.extend([p] for i, p in enumerate(items) if i not in grouped)
    return order_stories(stories)


def _without_weak_bridges(items: list[DayParagraph], group: list[int],
                          cosine: Mapping[tuple[int, int], float]
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
                cosine.get((min(i, j), max(i, j)), 0.0) >= BRIDGE
                or same_quote(items[i].quotes, items[j].quotes)
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
