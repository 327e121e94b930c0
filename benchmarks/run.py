"""The performance benchmark: briefing against Pelican and Hugo on the same Markdown.

    .venv/bin/python -m benchmarks.run [--articles 1000] [--days 100] [--runs 3]
                                       [--scale 5000] [--scale-runs 1] [--pdf-days 10]

Generates the corpus (benchmarks/corpus.py) into ``benchmarks/out/`` (git-ignored), sets up
Pelican (own venv) and Hugo (Debian package; skipped with a note when absent), then runs,
interleaved (A B C A B C ...), and reports medians:

- briefing cold build (``build --no-pdf``, no cache, no previous site), no-op rebuild and
  rebuild after editing one article (both languages of it);
- Pelican's and Hugo's full builds of the same files;
- briefing's PDF stage on a ``--pdf-days`` subset (pages per second over the worker pool,
  article cache warm, PDF cache empty) against plain WeasyPrint rendering a comparable
  full A4 page over and over in one warm process (benchmarks/plain_weasyprint.py);
- peak memory: ``ru_maxrss`` of the build process and its children (the largest one);
- the same builds at ``--scale`` articles (over ``--scale`` / 10 days), to see the growth.

Results go to stdout and to ``benchmarks/out/results.json`` and ``results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, others

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"
MEASURE = [sys.executable, "-m", "benchmarks.measure"]
#: Ratio goals (issue 16): cold against Pelican's build, no-op and edit against Hugo's.
COLD_GOAL = 1.2
NOOP_GOAL = 0.5
EDIT_GOAL = 1.0
STAGE_RE = re.compile(r"([a-z-]+) (\d+\.\d+)s")


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    #: User + system time of the command and its children.
    cpu_seconds: float = 0.0


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.max_rss_mb for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)

    def stage(self, name: str) -> float:
        return statistics.median(s.stages.get(name, 0.0) for s in self.samples)


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` under benchmarks/measure.py: wall time and peak RSS of its tree."""
    result = subprocess.run([*MEASURE, "--", *command], cwd=cwd, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(PROJECT),
                                            **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    lines = result.stdout.strip().splitlines()
    data = json.loads(lines[-1])
    stages: dict[str, float] = {}
    for line in lines[:-1]:
        if line.startswith("built "):
            stages = {k: float(v) for k, v in STAGE_RE.findall(line.split("(", 1)[1])}
    return Sample(data["seconds"], data["max_rss_kb"] / 1024, stages, data["cpu_seconds"])


# -- the projects ----------------------------------------------------------------------------


def briefing_project(work: Path, items: list[corpus.GeneratedArticle]) -> Path:
    root = work / "briefing"
    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "locale"):
        if (root / name).exists():
            shutil.rmtree(root / name)
        shutil.copytree(PROJECT / name, root / name)
    if (PROJECT / "briefing.yaml").exists():
        shutil.copy(PROJECT / "briefing.yaml", root / "briefing.yaml")
    corpus.write_briefing(items, root / "content")
    return root


def briefing_build(root: Path, pdf: bool = False) -> Sample:
    command = [sys.executable, "-m", "briefing", "build"]
    # The PDF runs empty the PDF cache only: the site is unchanged, so without --force the
    # build would rightly say it is up to date and render nothing.
    return measure([*command, "--force"] if pdf else [*command, "--no-pdf"], root)


def clean(root: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(root / name, ignore_errors=True)


def edit_one_article(root: Path, counter: int) -> None:
    """Change the last paragraph of one article, in both languages (alignment kept)."""
    folder = sorted((root / "content").iterdir())[len(list((root / "content").iterdir())) // 2]
    slug = sorted(folder.glob("*.ar.md"))[0].name.split(".")[0]
    for lang, words in (("ar", "تعديل"), ("en", "edit")):
        path = folder / f"{slug}.{lang}.md"
        text = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(f"{text} ({words} {counter})\n", encoding="utf-8")


# -- runs --------------------------------------------------------------------------------------


def site_builds(work: Path, articles: int, days: int, runs: int, with_others: bool
                ) -> dict[str, Series]:
    print(f"\n== {articles} articles x 2 languages over {days} days "
          f"({runs} interleaved runs) ==", flush=True)
    items = corpus.generate_articles(articles, days)
    root = briefing_project(work, items)
    series: dict[str, Series] = {k: Series() for k in ("cold", "noop", "edit", "newday")}
    steps: list[tuple[str, Callable[[], Sample]]] = []
    pelican = hugo = None
    if with_others:
        pelican = others.setup_pelican(work)
        if pelican:
            corpus.write_pelican(items, work / "pelican" / "content")
            series["pelican"] = Series()
        hugo = others.setup_hugo(work)
        if hugo:
            corpus.write_hugo(items, work / "hugo" / "content")
            series["hugo"] = Series()
    edits = iter(range(1, 1000))

    def cold() -> Sample:
        clean(root, "site", ".cache")
        return briefing_build(root)

    def edit() -> Sample:
        edit_one_article(root, next(edits))
        return briefing_build(root)

    def new_day() -> Sample:
        added = corpus.add_day(root / "content")
        try:
            return briefing_build(root)
        finally:
            shutil.rmtree(added)  # the next run starts from the same content

    steps = [("cold", cold), ("noop", lambda: briefing_build(root)), ("edit", edit),
             ("newday", new_day)]
    if pelican:
        project = work / "pelican"

        def run_pelican() -> Sample:
            clean(project, "output")
            return measure(others.pelican_command(pelican, project), project)

        steps.insert(1, ("pelican", run_pelican))
    if hugo:
        hproject = work / "hugo"

        def run_hugo() -> Sample:
            clean(hproject, "public", "resources")
            return measure(others.hugo_command(hugo, hproject), hproject)

        steps.insert(2 if pelican else 1, ("hugo", run_hugo))
    for run in range(runs):
        for name, step in steps:
            sample = step()
            series[name].samples.append(sample)
            print(f"  run {run + 1} {name:8s} {sample.seconds:7.2f} s  "
                  f"(cpu {sample.cpu_seconds:6.2f} s) {sample.max_rss_mb:6.0f} MB  "
                  f"{_stages(sample)}", flush=True)
    return series


def _stages(sample: Sample) -> str:
    return " ".join(f"{k} {v:.2f}" for k, v in sample.stages.items() if v >= 0.01)


def pdf_throughput(work: Path, articles: int, days: int, pdf_days: int, runs: int,
                   seconds: float) -> dict[str, object]:
    """Our PDF stage on the first ``pdf_days`` days against plain WeasyPrint."""
    per_day = articles // days
    items = [i for i in corpus.generate_articles(articles, days)][: per_day * pdf_days]
    root = briefing_project(work / "pdf", items)
    print(f"\n== PDFs: {len(items)} articles over {pdf_days} days, {runs} interleaved runs ==",
          flush=True)
    clean(root, "site", ".cache")
    briefing_build(root)  # article cache and fonts warm: the PDF stage alone is measured
    ours: list[float] = []
    plain: list[float] = []
    ours_cpu: list[float] = []
    plain_cpu: list[float] = []
    pages = 0
    for run in range(runs):
        clean(root / ".cache" / "briefing", "pdf")
        sample = briefing_build(root, pdf=True)
        pages = count_pages(root / "site")
        rate = pages / sample.stages["render-pdf"]
        ours.append(rate)
        ours_cpu.append(pages / sample.cpu_seconds)
        print(f"  run {run + 1} briefing {pages} pages in {sample.stages['render-pdf']:.1f} s "
              f"= {rate:.1f} pages/s ({os.cpu_count()} cores)", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.plain_weasyprint", "--seconds", str(seconds),
             "--cache", str(root / ".cache" / "briefing")],
            cwd=PROJECT, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT)})
        data = json.loads(result.stdout.strip().splitlines()[-1])
        plain.append(data["pages"] / data["seconds"])
        plain_cpu.append(data["pages"] / data["cpu_seconds"])
        print(f"  run {run + 1} plain    {data['pages']} pages in {data['seconds']:.1f} s "
              f"= {plain[-1]:.1f} pages/s (1 process; import {data['import_seconds']:.2f} s)",
              flush=True)
    return {"pages": pages, "ours": statistics.median(ours), "plain": statistics.median(plain),
            "ours_per_cpu_s": statistics.median(ours_cpu),
            "plain_per_cpu_s": statistics.median(plain_cpu),
            "documents": len(list((root / "site").rglob("*.pdf")))}


def count_pages(site: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in site.rglob("*.pdf"))


# -- report ------------------------------------------------------------------------------------


def report(main: dict[str, Series], scale: dict[str, Series] | None, pdf: dict[str, object],
           args: argparse.Namespace) -> str:
    lines = [f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{platform.machine()}; medians of {args.runs} interleaved runs; load average "
             f"before/after: {args.load_before} / {_load()}", ""]
    lines += ["| build | briefing s | Pelican s | Hugo s | ratio | goal | met |",
              "|---|---|---|---|---|---|---|"]
    pel = main.get("pelican")
    hugo = main.get("hugo")

    def row(name: str, ours: float, ref: Series | None, ref_name: str, goal: float) -> None:
        if ref is None:
            lines.append(f"| {name} | {ours:.2f} | | | (no {ref_name}) | | |")
            return
        ratio = ours / ref.median
        lines.append(f"| {name} | {ours:.2f} | {pel.median if pel else float('nan'):.2f} | "
                     f"{hugo.median if hugo else float('nan'):.2f} | {ratio:.2f} x {ref_name} |"
                     f" <= {goal} | {'yes' if ratio <= goal else 'NO'} |")

    # The goals of issue 16: cold <= 1.2 x Pelican, no-op <= 0.5 x and edit <= 1 x Hugo.
    goals = {"cold": COLD_GOAL, "noop": NOOP_GOAL, "edit": EDIT_GOAL}
    cold = main["cold"]
    row("cold, --no-pdf", cold.median, pel, "Pelican", COLD_GOAL)
    no_classify = cold.median - cold.stage("classify")
    row("cold, less the classify stage", no_classify, pel, "Pelican", COLD_GOAL)
    row("no-op rebuild", main["noop"].median, hugo, "Hugo", NOOP_GOAL)
    row("one-article edit", main["edit"].median, hugo, "Hugo", EDIT_GOAL)
    lines.append(f"| a new day (10 articles) | {main['newday'].median:.2f} | | | | | |")
    for name in ("cold", "noop", "edit"):
        search = main[name].stage("search-index")
        label = "cold, less classify and search index" if name == "cold" else \
            f"{name}, less the search index"
        row(label, main[name].median - search
            - (main[name].stage("classify") if name == "cold" else 0.0),
            pel if name == "cold" else hugo, "Pelican" if name == "cold" else "Hugo",
            goals[name])
    lines.append("")
    lines.append("CPU seconds (median, user + system of all processes): " + ", ".join(
        f"{name} {series.cpu:.2f}" for name, series in main.items()))
    lines.append("cold build stages (median s): " + ", ".join(
        f"{k} {cold.stage(k):.2f}" for k in cold.samples[0].stages))
    lines.append("edit build stages (median s): " + ", ".join(
        f"{k} {main['edit'].stage(k):.2f}" for k in main["edit"].samples[0].stages))
    lines.append("new-day build stages (median s): " + ", ".join(
        f"{k} {main['newday'].stage(k):.2f}" for k in main["newday"].samples[0].stages))
    if not pdf:
        return _peaks_and_scale(lines, main, scale, args)
    ratio = float(pdf["ours"]) / float(pdf["plain"])  # type: ignore[arg-type]
    lines += ["", "| PDFs | pages/s | ratio | goal | met |", "|---|---|---|---|---|",
              f"| briefing, {pdf['documents']} documents, {pdf['pages']} pages, "
              f"{os.cpu_count()} workers | {pdf['ours']:.1f} | {ratio:.2f} x plain | >= 1.5 |"
              f" {'yes' if ratio >= 1.5 else 'NO'} |",
              f"| plain WeasyPrint, one full A4 page, 1 process | {pdf['plain']:.1f} | | | |"]
    cores = os.cpu_count() or 1
    per_cpu = float(pdf["ours_per_cpu_s"]) * cores  # type: ignore[arg-type]
    lines += ["", f"CPU-bound estimate for an idle machine: briefing {pdf['ours_per_cpu_s']:.1f} "
              f"pages per CPU-second x {cores} cores = {per_cpu:.1f} pages/s, plain "
              f"{pdf['plain_per_cpu_s']:.1f} pages per CPU-second: "
              f"{per_cpu / float(pdf['plain_per_cpu_s']):.2f} x"]  # type: ignore[arg-type]
    return _peaks_and_scale(lines, main, scale, args)


#: The builds whose peak memory counts (issue 16: <= 400 MB).
OURS = ("cold", "noop", "edit", "newday")


def _peaks_and_scale(lines: list[str], main: dict[str, Series],
                     scale: dict[str, Series] | None, args: argparse.Namespace) -> str:
    peak = max(s.peak_mb for s in main.values() if s.samples)
    ours_peak = max(main[k].peak_mb for k in OURS)
    lines += ["", f"peak memory (largest process of the build), {args.articles} articles: "
              f"briefing {ours_peak:.0f} MB (goal <= 400: {'yes' if ours_peak <= 400 else 'NO'})"
              + "".join(f", {k} {main[k].peak_mb:.0f} MB" for k in ("pelican", "hugo")
                        if k in main) + f" (max {peak:.0f})"]
    if scale:
        lines += ["", f"| scaling | {args.articles} articles s | {args.scale} articles s | "
                  f"x time | x articles |", "|---|---|---|---|---|"]
        factor = args.scale / args.articles
        for name in main:
            if name in scale and scale[name].samples:
                lines.append(f"| {name} | {main[name].median:.2f} | {scale[name].median:.2f} | "
                             f"{scale[name].median / main[name].median:.2f} | {factor:.0f} |")
        lines.append(f"| peak MB (briefing) | {ours_peak:.0f} | "
                     f"{max(scale[k].peak_mb for k in OURS):.0f} | | |")
        lines.append("peak MB at the larger size: " + ", ".join(
            f"{k} {scale[k].peak_mb:.0f}" for k in OURS if scale[k].samples))
    return "\n".join(lines)


def _load() -> str:
    """The 1-minute load average: other work on the machine skews every figure."""
    return f"{os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="briefing vs Pelican and Hugo")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=5000,
                        help="articles of the scaling run (0: skip it)")
    parser.add_argument("--scale-runs", type=int, default=1)
    parser.add_argument("--pdf-days", type=int, default=10, help="0: no PDF measurement")
    parser.add_argument("--pdf-runs", type=int, default=2)
    parser.add_argument("--plain-seconds", type=float, default=15.0)
    parser.add_argument("--work", type=Path, default=OUT)
    args = parser.parse_args()
    args.load_before = _load()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    main_series = site_builds(args.work / "site", args.articles, args.days, args.runs, True)
    pdf = (pdf_throughput(args.work, args.articles, args.days, args.pdf_days, args.pdf_runs,
                          args.plain_seconds) if args.pdf_days else {})
    scale = None
    if args.scale:
        scale = site_builds(args.work / "scale", args.scale, max(1, args.scale // 10),
                            args.scale_runs, True)
    text = report(main_series, scale, pdf, args)
    print("\n" + text)
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    (args.work / "results.md").write_text(text + "\n", encoding="utf-8")
    raw = {name: [s.__dict__ for s in series.samples]
           for name, series in main_series.items()}
    (args.work / "results.json").write_text(json.dumps(
        {"main": raw, "pdf": pdf, "scale": {n: [s.__dict__ for s in v.samples]
                                            for n, v in (scale or {}).items()}},
        indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
