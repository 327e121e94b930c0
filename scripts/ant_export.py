#!/usr/bin/env python3
"""Export the extra ANT corpus articles the project labelled into a corpus folder.

    .venv/bin/python scripts/ant_export.py MIRROR [--out DIR]

MIRROR is a clone (a work tree or a bare git directory) of
github.com/antcorpus/antcorpus.multisource.data. Every article named in the manifests
``training/ant/*.json`` is taken at the manifest's commit and written as
``DIR/articles_ar/<id>.txt`` (one paragraph per blank-line block: each line of the source's
``<TEXT>`` element, stripped, empty lines dropped, the transformation of ../shared/corpus)
and ``<id>.meta.json`` (title, publication time, publisher, URL, provenance). The text's
SHA-256 must be the manifest's: a different text would not match the labels.

DIR defaults to $BRIEFING_ANT_CORPUS, else ``ant-corpus/`` beside the project (as
``../shared`` is). The news text belongs to its publishers: it is written there, never into
the project, which keeps only the ids, the digests and the labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from briefing.classify.corpus import ant_corpus  # noqa: E402

MANIFESTS = PROJECT / "training" / "ant"

_PUBLISHERS = {"Alarabia": "Al Arabiya", "BBC": "BBC News Arabic", "CNN": "CNN Arabic",
               "France24": "France 24 Arabic", "SkyNews": "Sky News Arabia"}


def element(raw: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S)
    return match.group(1).strip() if match else ""


def article_text(raw: str) -> str:
    """The ``<TEXT>`` element, one paragraph per non-empty line, blank-line separated."""
    lines = [line.strip() for line in element(raw, "TEXT").splitlines()]
    return "\n\n".join(line for line in lines if line) + "\n"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_source(mirror: Path, commit: str, path: str) -> str:
    git_dir = mirror / ".git" if (mirror / ".git").exists() else mirror
    result = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mirror}: cannot read {commit[:12]}:{path} "
                         f"({result.stderr.decode(errors='replace').strip()}); "
                         "is it a clone of antcorpus/antcorpus.multisource.data?")
    return result.stdout.decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirror", type=Path)
    parser.add_argument("--out", type=Path, default=ant_corpus())
    args = parser.parse_args()
    folder = args.out / "articles_ar"
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for manifest_path in sorted(MANIFESTS.glob("*.json")):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for entry in manifest["articles"]:
            raw = read_source(args.mirror, manifest["commit"], entry["path"])
            text = article_text(raw)
            if text_digest(text) != entry["sha256"]:
                raise SystemExit(f"{manifest_path}: {entry['id']}: the text differs from the "
                                 "one labelled (SHA-256); check the mirror's commit")
            (folder / f"{entry['id']}.txt").write_text(text, encoding="utf-8")
            meta = {"title": element(raw, "TITLE"), "published": element(raw, "TIME"),
                    "publisher": _PUBLISHERS[entry["path"].split("/")[0]],
                    "original_url": element(raw, "URL"),
                    "source_repo": manifest["repository"], "source_path": entry["path"],
                    "source_commit": manifest["commit"], "id": entry["id"]}
            (folder / f"{entry['id']}.meta.json").write_text(
                json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written += 1
    print(f"wrote {written} articles to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
