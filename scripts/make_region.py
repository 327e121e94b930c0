"""One-off: the region outline bundled for the edition map (``briefing/data/region.json``).

Source: Natural Earth 1:10m Admin 0 countries (public domain), version 4.1.0, as TopoJSON in
the npm package ``world-atlas@2.0.2`` (ISC). Fetch it with the ordinary client and point this
script at its ``countries-10m.json``::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/make_region.py package/countries-10m.json

The countries touching the region's box are decoded, clipped to the box, simplified
(Douglas-Peucker, ``TOLERANCE`` degrees) and written with three decimals.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: What the file holds: a little more than the map's frame (briefing/mapview.py), so that
#: clipped edges fall outside what is drawn.
BOX = (33.0, 30.5, 44.5, 38.5)  # west, south, east, north (degrees)
TOLERANCE = 0.01
OUT = Path(__file__).resolve().parent.parent / "briefing" / "data" / "region.json"
#: Natural Earth name -> the gazetteer's English name (the map shades countries named today).
NAMES = {"Syria": "Syria", "Turkey": "Turkey", "Lebanon": "Lebanon", "Israel": "Israel",
         "Palestine": "Palestine", "Jordan": "Jordan", "Iraq": "Iraq",
         "Saudi Arabia": "Saudi Arabia", "Egypt": "Egypt", "Cyprus": "Cyprus",
         "N. Cyprus": "Cyprus"}


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against BOX."""
    west, south, east, north = BOX
    edges = [(lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north))]
    for inside, cross in edges:
        out: list[tuple[float, float]] = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        points = out
        if not points:
            break
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if best > tol and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def main(source: str) -> int:
    topo = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries: dict[str, list[list[list[float]]]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = NAMES.get(geometry["properties"]["name"])
        if name is None:
            continue
        polygons = (geometry["arcs"] if geometry["type"] == "MultiPolygon"
                    else [geometry["arcs"]])
        for polygon in polygons:
            outer = clip(ring(arcs, polygon[0]))  # holes are left out: none in the box
            if outer:
                # A closed ring is simplified as two open halves (the line from a point to
                # itself has no direction to measure distances from).
                mid = len(outer) // 2
                outer = (simplify(outer[: mid + 1], TOLERANCE)[:-1]
                         + simplify(outer[mid:] + outer[:1], TOLERANCE)[:-1])
            if len(outer) >= 3:
                countries.setdefault(name, []).append(
                    [[round(x, 3), round(y, 3)] for x, y in outer])
    data = {
        "source": "Natural Earth 1:10m Admin 0 countries, version 4.1.0, via the npm package "
                  "world-atlas 2.0.2 (countries-10m.json); clipped to the box and simplified "
                  f"(Douglas-Peucker, {TOLERANCE} degrees) by scripts/make_region.py",
        "licence": "Natural Earth data is in the public domain (naturalearthdata.com/about/"
                   "terms-of-use); world-atlas is ISC-licensed (Copyright 2013-2019 Michael "
                   "Bostock)",
        "note": "Boundaries are Natural Earth's de facto lines; they are not a statement of "
                "this briefing on any boundary.",
        "box": list(BOX),
        "countries": dict(sorted(countries.items())),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}: {OUT.stat().st_size} bytes, "
          f"{sum(len(r) for p in countries.values() for r in p)} points")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
