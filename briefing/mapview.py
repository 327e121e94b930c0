"""The day's places -> a static map view: SVG shapes, HTML labels and the list of places.

The build draws the map (no tiles, no script, no network): the region's countries from the
bundled outline, the countries named today shaded, and a marker for each place named in the
edition's paragraphs, split into one wedge per section that names it. Names are HTML labels
positioned over the SVG, not SVG ``<text>`` (WeasyPrint draws Arabic in SVG unshaped), so
the same map serves the page and the PDF; labels are placed greedily around their markers
where they collide with nothing, and places too close to tell apart share one marker.
Places outside the frame and countries are listed, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from .config import Config, LanguageConfig
from .geo import Frame, Place, places, region
from .model import SECTIONS, ClassifiedArticle

#: Syria and the edges of its neighbours.
FRAME = Frame(west=34.0, south=31.2, east=43.2, north=37.9)
#: Marker colours: the site's section colours, with the UN's made lighter than diplomacy's
#: so the two blues tell apart on a map.
COLOURS = {"diplomacy": "#1d4f91", "battlefield": "#a11d1d", "humanitarian": "#1f6b3a",
           "un": "#2a8fc7"}
#: Marker radius, and how close two markers may be before they are drawn as one (SVG units).
RADIUS = 6.5
MERGE = 11.0
#: A label's font size in SVG units (CSS scales it with the map: 2 % of its width).
FONT = 12.0
#: How much larger than that a label may be shown: on a phone the map is ~340 px wide and
#: labels keep a readable 10 px (17.5 units). Labels are laid out at this size, growing away
#: from their marker, so they do not collide there either.
GROWTH = 1.46
#: Country names drawn on the map when they fit (label point: lon, lat), in the
#: gazetteer's English.
COUNTRY_LABELS = {"Syria": (38.9, 34.75), "Turkey": (39.6, 37.62), "Iraq": (42.1, 33.4),
                  "Jordan": (37.6, 31.55), "Lebanon": (35.05, 34.55), "Israel": (34.95, 32.3)}


@dataclass(frozen=True)
class MapPlace:
    """A place named in the edition: ``name`` in the edition's language."""

    name: str
    lang: str
    dir: str
    en: str
    kind: str
    #: The sections whose paragraphs name it, in the briefing's order.
    sections: tuple[str, ...]
    #: The first paragraph naming it (its anchor on the page).
    anchor: str
    mentions: int
    #: Number of the marker it is drawn with, 0 when it is not on the map.
    marker: int = 0


@dataclass(frozen=True)
class MapLabel:
    """A name over the map: ``style`` positions it (percentages of the map's box)."""

    text: str
    lang: str
    dir: str
    style: str
    kind: str  # place | country
    #: Other places sharing the marker ("+2").
    more: int = 0


@dataclass(frozen=True)
class MapView:
    width: float
    height: float
    #: The SVG's content (paths), built from numbers only.
    shapes: Markup
    labels: tuple[MapLabel, ...]
    #: Places drawn, by marker number.
    on_map: tuple[MapPlace, ...]
    #: Towns and regions named today outside the frame.
    elsewhere: tuple[MapPlace, ...]
    #: Countries named today (shaded when inside the frame).
    countries: tuple[MapPlace, ...]
    #: The sections marked, in order (for the legend).
    sections: tuple[str, ...] = field(default=())

    @property
    def colours(self) -> dict[str, str]:
        """Section -> marker colour (for the legend's swatches)."""
        return COLOURS


def edition_map(config: Config, lang: LanguageConfig, items: list[ClassifiedArticle],
                placed: dict[str, str]) -> MapView | None:
    """The map of the places named in the paragraphs the edition shows (``placed``:
    paragraph anchor -> section), or None when none has coordinates."""
    arabic = lang.code == "ar"
    found: dict[str, dict[str, object]] = {}
    coords = places()
    for item in sorted(items, key=lambda i: i.article.slug):
        if item.facts is None:
            continue
        for entity in item.facts.entities:
            if entity.type != "place" or entity.en not in coords:
                continue
            anchors = [a for b in entity.blocks if (a := f"{item.article.slug}-p{b}") in placed]
            if not anchors:
                continue
            seen = found.setdefault(entity.en, {"name": entity.ar if arabic else entity.en,
                                                "sections": set(), "anchor": anchors[0],
                                                "mentions": 0})
            seen["sections"] |= {placed[a] for a in anchors}  # type: ignore[operator]
            seen["mentions"] += len(anchors)  # type: ignore[operator]
    if not found:
        return None
    code, direction = ("ar", "rtl") if arabic else (lang.code, lang.direction)
    views = [MapPlace(str(v["name"]), code, direction, en, coords[en].kind,
                      tuple(s for s in SECTIONS if s in v["sections"]),  # type: ignore[operator]
                      str(v["anchor"]), int(v["mentions"]))  # type: ignore[call-overload]
             for en, v in found.items()]
    # Most named first: they get a marker's label before their neighbours.
    views.sort(key=lambda p: (-p.mentions, p.en))
    inside = [p for p in views if p.kind != "country"
              and FRAME.contains(coords[p.en].lon, coords[p.en].lat)]
    groups = _group(inside, coords)
    numbered = {p.en: n for n, group in enumerate(groups, start=1) for p in group}
    on_map = tuple(sorted((_numbered(p, numbered[p.en]) for p in inside),
                          key=lambda p: (p.marker, -p.mentions)))
    countries = tuple(p for p in views if p.kind == "country")
    elsewhere = tuple(p for p in views if p.kind != "country" and p.en not in numbered)
    shaded = {p.en for p in countries}
    labels = _labels(groups, coords, lang, names=_country_names(arabic))
    sections = tuple(s for s in SECTIONS if any(s in p.sections for p in on_map))
    return MapView(FRAME.width, FRAME.height, _shapes(groups, coords, shaded), labels, on_map,
                   elsewhere, countries, sections)


def _numbered(place: MapPlace, marker: int) -> MapPlace:
    return MapPlace(place.name, place.lang, place.dir, place.en, place.kind, place.sections,
                    place.anchor, place.mentions, marker)


def _group(inside: list[MapPlace], coords: dict[str, Place]) -> list[list[MapPlace]]:
    """Places closer than MERGE to a group's first place join that group."""
    groups: list[list[MapPlace]] = []
    for place in inside:
        x, y = FRAME.project(coords[place.en].lon, coords[place.en].lat)
        for group in groups:
            gx, gy = FRAME.project(coords[group[0].en].lon, coords[group[0].en].lat)
            if math.hypot(x - gx, y - gy) < MERGE:
                group.append(place)
                break
        else:
            groups.append([place])
    return groups


def _country_names(arabic: bool) -> dict[str, str]:
    if not arabic:
        return {en: en for en in COUNTRY_LABELS}
    from .extract import load_gazetteer

    names = {n.en: n.ar for n in load_gazetteer().entries("place")}
    return {en: names.get(en, en) for en in COUNTRY_LABELS}


# -- drawing -----------------------------------------------------------------------------


def _path(points: Iterable[tuple[float, float]]) -> str:
    """A ring as a closed path, clipped to the drawing: nothing of the SVG reaches outside
    its box (checkers take the boxes of shapes drawn outside for text they overlap)."""
    projected = _clip([FRAME.project(lon, lat) for lon, lat in points])
    if len(projected) < 3:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + "Z"


def _clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the drawing's box (0..width, 0..height)."""
    w, h = FRAME.width, FRAME.height
    for axis, limit, keep_below in ((0, 0.0, False), (0, w, True), (1, 0.0, False),
                                    (1, h, True)):
        def inside(p: tuple[float, float], axis: int = axis, limit: float = limit,
                   below: bool = keep_below) -> bool:
            return p[axis] <= limit if below else p[axis] >= limit

        out: list[tuple[float, float]] = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur) != inside(prev):
                t = (limit - prev[axis]) / (cur[axis] - prev[axis])
                out.append((prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])))
            if inside(cur):
                out.append(cur)
        points = out
        if not points:
            break
    return points


def _shapes(groups: list[list[MapPlace]], coords: dict[str, Place], shaded: set[str]) -> Markup:
    """Sea, countries (named ones shaded), markers. Only numbers and fixed words go in."""
    out = [f'<rect class="map-sea" x="0" y="0" width="{FRAME.width:g}" '
           f'height="{FRAME.height:g}" fill="#dcebf4"/>']
    outlines = region().countries
    # Syria last, so its border is drawn over its neighbours'.
    for name in sorted(outlines, key=lambda n: n == "Syria"):
        fill = "#efe6cf" if name in shaded else "#f7f5f0"
        d = "".join(_path(ring) for ring in outlines[name])
        if not d:
            continue
        width = "1.2" if name == "Syria" else "0.7"
        out.append(f'<path d="{d}" fill="{fill}" stroke="#8a939d" stroke-width="{width}" '
                   'stroke-linejoin="round"/>')
    for group in groups:
        sections = [s for s in SECTIONS if any(s in p.sections for p in group)]
        x, y = FRAME.project(coords[group[0].en].lon, coords[group[0].en].lat)
        out.append(_marker(x, y, sections, len(group) > 1))
    return Markup("".join(out))


def _marker(x: float, y: float, sections: list[str], several: bool) -> str:
    """A disc split into one wedge per section; a ring around it when several places
    share it."""
    r = RADIUS
    parts = []
    if several:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 3:.1f}" fill="none" '
                     'stroke="#1b1f24" stroke-width="1"/>')
    if len(sections) == 1:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" '
                     f'fill="{COLOURS[sections[0]]}"/>')
    else:
        step = 2 * math.pi / len(sections)
        for i, key in enumerate(sections):
            a0, a1 = -math.pi / 2 + i * step, -math.pi / 2 + (i + 1) * step
            x0, y0 = x + r * math.cos(a0), y + r * math.sin(a0)
            x1, y1 = x + r * math.cos(a1), y + r * math.sin(a1)
            parts.append(f'<path d="M{x:.1f},{y:.1f}L{x0:.2f},{y0:.2f}'
                         f'A{r},{r} 0 0 1 {x1:.2f},{y1:.2f}Z" fill="{COLOURS[key]}"/>')
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="none" stroke="#ffffff" '
                 'stroke-width="1.5"/>')
    return "".join(parts)


# -- labels ------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text_width(text: str, arabic: bool) -> float:
    """A label's width in SVG units, estimated from its letters (joined Arabic letters are
    narrower than Latin ones); generous, so that estimates err towards no overlap."""
    per = 0.5 if arabic else 0.56
    return (len(text) * per + 0.6) * FONT


def _labels(groups: list[list[MapPlace]], coords: dict[str, Place], lang: LanguageConfig,
            names: dict[str, str]) -> tuple[MapLabel, ...]:
    arabic = lang.code == "ar"
    w, h = FRAME.width, FRAME.height
    height = FONT * 1.3
    room = height * GROWTH
    gap = RADIUS + 3
    taken: list[Box] = []
    points = []
    for group in groups:
        x, y = FRAME.project(coords[group[0].en].lon, coords[group[0].en].lat)
        points.append((x, y))
        taken.append((x - gap, y - gap, x + gap, y + gap))
    labels = []
    for group, (x, y) in zip(groups, points, strict=True):
        first = group[0]
        more = len(group) - 1
        width = _text_width(first.name + (" +9" if more else ""), arabic) * GROWTH
        # Beside the marker, then beside and a little above or below; right first.
        for side, dy in (("right", 0.0), ("left", 0.0), ("right", -0.6), ("left", -0.6),
                         ("right", 0.6), ("left", 0.6)):
            top = y - height / 2 + dy * height
            x0 = x + gap if side == "right" else x - gap - width
            box = (x0, top, x0 + width, top + room)
            if box[0] < 0 or box[2] > w or box[1] < 0 or box[3] > h:
                continue
            if any(_overlaps(box, other) for other in taken):
                continue
            taken.append(box)
            where = (f"left:{(x + gap) / w * 100:.2f}%" if side == "right"
                     else f"right:{(w - x + gap) / w * 100:.2f}%")
            labels.append(MapLabel(first.name, first.lang, first.dir,
                                   f"{where};top:{top / h * 100:.2f}%", "place", more))
            break
    for en, (lon, lat) in COUNTRY_LABELS.items():
        name = names[en]
        x, y = FRAME.project(lon, lat)
        width = _text_width(name, arabic) * 1.05
        box = (x - width / 2, y - height / 2, x + width / 2, y - height / 2 + room)
        if box[0] < 0 or box[2] > w or any(_overlaps(box, other) for other in taken):
            continue
        taken.append(box)
        labels.append(MapLabel(name, "ar" if arabic else lang.code,
                               "rtl" if arabic else lang.direction,
                               f"left:{box[0] / w * 100:.2f}%;top:{box[1] / h * 100:.2f}%;"
                               f"width:{width / w * 100:.2f}%", "country"))
    return tuple(labels)
