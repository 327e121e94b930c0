#!/usr/bin/env python3
"""Make a throwaway project holding one multi-outlet day from the corpus.

    .venv/bin/python scripts/corpus_day.py douma /tmp/douma   # or ghouta, strikes, golan, daraa,
                                                              # truce (the held-out check day)
    .venv/bin/briefing --root /tmp/douma build

The project gets this project's templates, locale and briefing.yaml; its content/ holds the
day's articles, imported as a desk would (see tests/corpus_days.py), from ../shared/corpus
or, for a day of ANT articles outside it (golan, daraa, truce), from the folder
scripts/ant_export.py writes. The news text stays outside the project.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.corpus_days import DAYS, build_day, corpus_folder, missing  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("day", choices=sorted(DAYS))
    parser.add_argument("dest", type=Path)
    args = parser.parse_args()
    day = DAYS[args.day]
    reason = missing(day)
    if reason is not None:
        print(reason, file=sys.stderr)
        return 1
    dest: Path = args.dest
    if (dest / "content").exists():
        print(f"{dest / 'content'} exists; remove it first", file=sys.stderr)
        return 1
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "locale"):
        shutil.rmtree(dest / name, ignore_errors=True)
        shutil.copytree(PROJECT / name, dest / name)
    if (PROJECT / "briefing.yaml").is_file():  # base_url: canonical and hreflang links
        shutil.copy(PROJECT / "briefing.yaml", dest / "briefing.yaml")
    (dest / "site").mkdir(exist_ok=True)
    slugs = build_day(corpus_folder(day), day, dest / "content")
    print(f"{len(slugs)} articles in {dest / 'content'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
