"""The ``briefing`` command line. Heavy modules are imported inside each command, so that
``briefing --help`` and ``briefing check`` start fast."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefingError, BuildErrors

if TYPE_CHECKING:
    from .options import BuildOptions


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Daily bilingual (Arabic/English) briefings: static HTML site and PDFs.",
    )
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project folder holding briefing.yaml, content/, templates/")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="articles (text files, saved web pages, RSS/Atom feeds, "
                                      "folders, http(s) addresses) -> content/<date>/")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a .txt article, a saved .html page, an RSS/Atom feed file, a folder "
                        "of these, or an http(s) address of a page or feed")
    p.add_argument("--date", type=_date, default=None,
                   help="edition date, YYYY-MM-DD (default: today)")
    p.add_argument("--lang", default="ar", help="language of the text (default: ar)")
    p.add_argument("--source", dest="source_name", help="publisher name (default: the page's)")
    p.add_argument("--source-url", help="address of the original article (default: the page's)")
    p.add_argument("--slug", help="file name for the article (default: from the file or URL)")
    p.add_argument("--title", help="headline (default: the page's, else the first words)")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing content file (the old one is kept as a hidden .bak)")
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("translate", help="machine drafts of a day's untranslated paragraphs; "
                                         "--mark/--accept record reviewed translations")
    p.add_argument("date", type=_date, help="edition date, YYYY-MM-DD")
    p.add_argument("--lang", default="en", help="language to translate into (default: en)")
    p.add_argument("--mark", action="store_true",
                   help="record in each translated paragraph the fingerprint of its original "
                        "(run after translating or reviewing)")
    p.add_argument("--accept", action="store_true",
                   help="take the day's machine drafts as reviewed (removes their mark) and "
                        "record fingerprints")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.set_defaults(run=_cmd_translate)

    p = sub.add_parser("build", help="build the site (HTML and PDF) into site/")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--out", type=Path, help="output folder (default: site/)")
    p.add_argument("--cache", type=Path, help="cache folder (default: .cache/briefing)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    p.add_argument("--strict", action="store_true",
                   help="fail on missing or fuzzy UI translations and on paragraphs not yet "
                        "translated, machine drafts or translations needing review")
    p.add_argument("--force", action="store_true",
                   help="build even when nothing changed since the last build")
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("email", help="send a built edition by email (text + HTML, PDFs "
                                     "optionally attached), or print it with --dry-run")
    p.add_argument("date", type=_date, help="edition date, YYYY-MM-DD")
    p.add_argument("--to", nargs="+", required=True, metavar="ADDRESS",
                   help="recipients (one or more)")
    p.add_argument("--lang", default="both",
                   help="a language code (ar, en) or both (default): one message per language")
    p.add_argument("--attach-pdf", action="store_true", help="attach the edition's PDF")
    p.add_argument("--dry-run", action="store_true",
                   help="print the messages to standard output instead of sending them")
    p.add_argument("--site", type=Path, help="the built site (default: site/)")
    p.set_defaults(run=_cmd_email)

    p = sub.add_parser("check", help="validate config, content and templates without writing")
    p.add_argument("date", type=_date, nargs="?",
                   help="only report on this edition day, YYYY-MM-DD (all content is still "
                        "validated)")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--strict", action="store_true",
                   help="also fail on missing or fuzzy UI translations and on paragraphs not "
                        "yet translated, machine drafts or translations needing review")
    p.add_argument("--quiet", action="store_true", help="only errors and the summary")
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("train", help="adapt the section classifier to the editors' "
                                     "`sections:` overrides (writes data/classifier.json)")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.set_defaults(run=_cmd_train)

    p = sub.add_parser("serve", help="local preview with live reload (PDFs off by default)")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--cache", type=Path, help="cache folder (default: .cache/briefing)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--pdf", action="store_true", help="also render the PDFs on each change")
    p.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    p.set_defaults(run=_cmd_serve)

    p = sub.add_parser("new", help="scaffold an edition day with an article pair to fill in")
    p.add_argument("date", type=_date, help="edition date, YYYY-MM-DD")
    p.add_argument("--slug", default="new-article", help="file name for the article")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.set_defaults(run=_cmd_new)

    p = sub.add_parser("classify", help="show the section of each block of articles")
    p.add_argument("files", type=Path, nargs="+",
                   help="raw .txt articles, content .md files, or folders of them")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--lang", default=None, help="language of raw text files (default: ar)")
    p.set_defaults(run=_cmd_classify)

    p = sub.add_parser("i18n", help="UI translations: extract strings, update and check catalogs")
    p.add_argument("action", choices=("extract", "update", "init", "check"),
                   help="extract: templates+code -> locale/messages.pot; update: merge the .pot "
                        "into every catalog; init: start a catalog (--lang); check: fail on "
                        "untranslated or fuzzy strings")
    p.add_argument("--lang", help="language for init")
    p.set_defaults(run=_cmd_i18n)

    p = sub.add_parser("eval-classify",
                       help="accuracy of the classifier against labelled articles")
    p.add_argument("labels", type=Path, help="folder of *.labels.json files")
    p.add_argument("articles", type=Path, help="folder of the articles' .txt files")
    p.add_argument("--also", nargs=2, type=Path, action="append", default=[],
                   metavar=("LABELS", "ARTICLES"),
                   help="a further label set, trained and evaluated with the first (e.g. "
                        "training/labels ../ant-corpus/articles_ar); repeatable")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_eval_classify)

    p = sub.add_parser("extract",
                       help="quotations and speakers, figures, entities and sources of articles")
    p.add_argument("file", type=Path, help="a raw .txt article or a content .md file")
    p.add_argument("--format", choices=("table", "json"), default="json")
    p.set_defaults(run=_cmd_extract)

    p = sub.add_parser("digest", help="a day as data: its stories and figure groups")
    p.add_argument("date", type=_date, help="edition date, YYYY-MM-DD")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--format", choices=("table", "json"), default="json")
    p.set_defaults(run=_cmd_digest)

    p = sub.add_parser("eval-day",
                       help="a day's stories and figure groups against a hand annotation")
    p.add_argument("date", type=_date, help="edition date, YYYY-MM-DD")
    p.add_argument("gold", type=Path, help="folder with stories.json and figures.json")
    p.add_argument("articles", type=Path, help="folder of the annotated articles' .txt files")
    p.add_argument("--content", type=Path, help="content folder (default: content/)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_eval_day)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    if not args.debug:
        # WeasyPrint logs every CSS property it does not know; only errors matter here.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
    run: Callable[[argparse.Namespace], int] = args.run
    from .interrupt import Interrupted, handling_signals

    try:
        with handling_signals():
            return run(args)
    except (BuildErrors, BriefingError) as exc:
        if args.debug:
            raise
        errors = exc.errors if isinstance(exc, BuildErrors) else [exc]
        base = Path.cwd()
        for error in errors:
            print(error.format(base), file=sys.stderr)
        print(f"{len(errors)} error(s); nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        # One line, whichever stage was running: the workers were stopped, the writer
        # removed its staging folder and the previous site/ is as it was.
        what = exc.what if isinstance(exc, Interrupted) else "interrupted"
        done = "; nothing was written" if args.command in ("build", "check", "train") else ""
        print(f"{what}{done}.", file=sys.stderr)
        return exc.exit_code if isinstance(exc, Interrupted) else 130
    except BrokenPipeError:
        # Output piped into a pager or `head` that stopped reading: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug, not bad input: say so, without a wall of traceback
        if args.debug:
            raise
        from .errors import disk_error

        disk = disk_error(exc)
        if disk is not None:  # a full or failing disk where no writer named the file
            print(disk.format(Path.cwd()), file=sys.stderr)
            return 1
        print(f"error: internal error: {type(exc).__name__}: {exc} "
              "(rerun with --debug for the traceback, and please report it)", file=sys.stderr)
        return 2


def _cmd_import(args: argparse.Namespace) -> int:
    from .importer import ImportOptions, import_sources

    content = args.content or args.root / "content"
    options = ImportOptions(date=args.date or dt.date.today(), lang=args.lang,
                            source_name=args.source_name, source_url=args.source_url,
                            slug=args.slug, title=args.title, force=args.force)
    report = import_sources([str(s) for s in args.sources], options, content)
    for result in report.written:
        details = [f"{result.paragraphs} paragraphs", f"{result.headings} subheadings"]
        if result.published is not None:
            details.append(f"published {result.published.isoformat()}")
        details.append(f"source {result.source_name}" if result.source_name
                       else "no source (add source: to the front matter)")
        print(f"wrote {result.path}: {', '.join(details)}")
        print(f"  title: {result.title}")
        if result.encoding:
            from .plaintext import encoding_name

            print(f"  read as {encoding_name(result.encoding)} (the file is not UTF-8; "
                  "the content file is)")
        if result.backup:
            print(f"  the previous file was kept as {result.backup}")
        for block in result.dropped:
            print(f"  left out (not article text) from line {block.line}: {block.text[:60]}")
    for origin, existing in report.skipped:
        print(f"skipped {origin}: already imported as {existing}")
    if report.errors:
        base = Path.cwd()
        for error in report.errors:
            print(error.format(base), file=sys.stderr)
        print(f"{len(report.errors)} error(s); {_count(len(report.written), 'article')} "
              "written", file=sys.stderr)
        return 1
    if not report.written and not report.skipped:
        print("nothing to import")
    return 0


def _cmd_translate(args: argparse.Namespace) -> int:
    from .config import load_config
    from .translate import machine_drafts, mark

    content = args.content or args.root / "content"
    if args.mark or args.accept:
        changes = mark(content, args.date, args.lang, accept=args.accept)
    else:
        changes = machine_drafts(load_config(args.root), content, args.date, args.lang)
    for change in changes:
        print(f"{change.path}: {change.what}")
    if not changes:
        print("nothing to do: every paragraph is translated and marked"
              if args.mark or args.accept else "nothing to translate")
    return 0


def _build_options(args: argparse.Namespace, **extra: object) -> BuildOptions:
    from .options import BuildOptions

    return BuildOptions.for_root(args.root.resolve(), content_dir=args.content,
                                 out_dir=getattr(args, "out", None),
                                 cache_dir=getattr(args, "cache", None), **extra)


def _relative(message: str) -> str:
    """Paths inside the working folder shortened, as errors print them."""
    return message.replace(f"{Path.cwd()}{os.sep}", "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _cmd_build(args: argparse.Namespace) -> int:
    from .uptodate import check, options_inputs

    options = _build_options(args, pdf=not args.no_pdf, strict_i18n=args.strict,
                             strict_translations=args.strict)
    started = time.perf_counter()
    # Nothing changed since the last build: say so without loading a single article.
    inputs = options_inputs(options) if options.use_cache else None
    unchanged = check(options, inputs) if inputs is not None and not args.force else None
    if unchanged is not None:
        print(f"site is up to date: {_count(unchanged.articles, 'article')} in "
              f"{_count(unchanged.editions, 'edition')}, {unchanged.files} files in "
              f"{options.out_dir} ({time.perf_counter() - started:.2f}s: nothing changed)")
        for warning in unchanged.warnings:
            print(f"warning: {_relative(warning)}")
        return 0
    from .pipeline import build

    report = build(options, inputs)
    # Stages nest (the search index is built inside "write"): the total is the wall time.
    total = time.perf_counter() - started
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
    print(f"built {_count(report.articles, 'article')} into "
          f"{_count(report.editions, 'edition')}, "
          f"{len(report.files)} files in {options.out_dir} ({total:.2f}s: {stages})")
    if report.cache.pages_rendered or report.cache.pages_cached:
        print(f"pages: {report.cache.pages_rendered} rendered, "
              f"{report.cache.pages_cached} from cache")
    if report.pdfs_rendered or report.pdfs_cached:
        print(f"PDFs: {report.pdfs_rendered} rendered, {report.pdfs_cached} from cache")
    for warning in report.warnings:
        print(f"warning: {_relative(warning)}")
    return 0


def _cmd_email(args: argparse.Namespace) -> int:
    from .config import CONFIG_NAME, load_config
    from .errors import ConfigError
    from .mail.message import build_message, check_addresses, load_built
    from .mail.send import send_messages

    config = load_config(args.root)
    if args.lang != "both" and args.lang not in config.codes:
        raise BriefingError(f"--lang {args.lang}: not a configured language", None, None,
                            f"use one of: {', '.join(config.codes)}, both")
    to = check_addresses(args.to)
    settings = config.email
    if settings is None and not args.dry_run:
        raise ConfigError("email: not configured", config.source_path or
                          args.root / CONFIG_NAME, None,
                          "add email: with from:, host:, port:, starttls:, user:, "
                          "password_env: (see README, The email edition), or use --dry-run")
    sender = settings.sender if settings else "briefing@localhost"
    site = args.site or args.root / "site"
    codes = config.codes if args.lang == "both" else (args.lang,)
    messages = [build_message(load_built(site, args.date, code, args.attach_pdf), sender, to)
                for code in codes]
    if not config.base_url_set:
        print("warning: base_url is not set in briefing.yaml: the email's links to the web "
              "edition and the PDF are relative and will not open from a mail client",
              file=sys.stderr)
    if args.dry_run:
        for message in messages:
            sys.stdout.write(message.as_string())
            sys.stdout.write("\n")
        return 0
    assert settings is not None
    send_messages(messages, settings, config.source_path)
    print(f"sent {_count(len(messages), 'message')} ({', '.join(codes)}) to {', '.join(to)} "
          f"through {settings.host}:{settings.port}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import check

    options = _build_options(args, strict_i18n=args.strict, strict_translations=args.strict)
    prepared, report = check(options)
    day = args.date
    classified = [item for item in prepared.classified
                  if day is None or item.article.date == day]
    if day is not None and not classified:
        print(f"no articles on {day.isoformat()}", file=sys.stderr)
        return 1
    paragraphs = 0
    for item in classified:
        original = item.article.original
        # Paragraphs are numbered from 1, subheadings not counted: the numbers overrides
        # (sections:) and `briefing classify` use.
        for number, decision in enumerate(item.decisions, start=1):
            paragraphs += 1
            if args.quiet:
                continue
            mark = "override" if decision.overridden else f"{decision.score:.2f}"
            section = decision.section or decision.kind
            print(f"{original.path}: paragraph {number}: {section} ({mark}) "
                  f"{'; '.join(decision.evidence[:3])}")
    for item in classified:
        unknown = item.facts.unknown if item.facts else ()
        if unknown:
            print(f"{item.article.original.path}: names not in the gazetteer: "
                  f"{', '.join(unknown[:12])}{' …' if len(unknown) > 12 else ''} "
                  "(add their English names to data/gazetteer.yaml)")
    from .classify.adapt import status

    print(status(options.root, [item.article for item in prepared.classified]))
    if options.use_cache and options.cache_dir.is_dir():
        from .store import usage

        used = usage(options.cache_dir)
        print(f"cache: {used.bytes / 1e6:.1f} MB in {_count(used.files, 'file')} "
              f"({_relative(str(options.cache_dir))}; pruned after each build, safe to delete)")
    for warning in report.warnings:
        if day is not None and re.search(r"\d{4}-\d{2}-\d{2}", warning) and \
                day.isoformat() not in warning:
            continue  # about another day
        print(f"warning: {_relative(warning)}")
    scope = f"on {day.isoformat()}: " if day is not None else ""
    print(f"ok: {scope}{len(classified)} articles, {paragraphs} paragraphs, "
          f"{len(prepared.pages)} pages and {len(prepared.model.editions)} PDF documents "
          f"render; languages {', '.join(prepared.config.codes)}; nothing written")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from .classify.adapt import ADAPTED_FILE, train_project
    from .config import load_config
    from .reader import read_content

    options = _build_options(args)
    config = load_config(options.root)
    articles = read_content(options.content_dir, config.codes, drafts=True)
    adapted = train_project(options.root, articles)
    if adapted is None:
        print(f"no `sections:` overrides in {options.content_dir}: nothing to learn, "
              f"{ADAPTED_FILE} not written")
        return 0
    print(f"learned from {adapted.overrides} overrides in {adapted.articles} articles; "
          f"wrote {options.root / ADAPTED_FILE} (the build now uses it)")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    options = _build_options(args, pdf=args.pdf, drafts=args.drafts)
    preview = options.cache_dir / "preview"
    options = type(options)(**{**options.__dict__, "out_dir": preview})
    return serve(options, args.host, args.port)


def _cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_edition

    content = args.content or args.root / "content"
    for path in new_edition(args.root.resolve(), content, args.date, args.slug):
        print(f"created {path}")
    print("fill in the title and text, then remove the line 'draft: true' to publish")
    return 0


def _classify_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders -> their .txt and .md files (sorted, hidden ones left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()
                                and p.suffix in (".txt", ".md")
                                and not any(part.startswith(".")
                                            for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found


def _cmd_classify(args: argparse.Namespace) -> int:
    from .classify import classify_blocks
    from .classify.kinds import raw_blocks
    from .importer import imported_numbers, read_raw
    from .reader import parse_body

    documents = []
    for path in _classify_paths(args.files):
        text = read_raw(path)
        if path.suffix == ".md":
            lines = text.replace("\r\n", "\n").split("\n")
            start = 0
            if lines and lines[0].strip() == "---":
                start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
            blocks = parse_body(lines[start:], first_line=start + 1)
            parts = path.name.split(".")
            lang = args.lang or (parts[-2] if len(parts) >= 3 else "ar")
        else:
            blocks = raw_blocks(text)  # one block per blank-line block, as the labels number them
            lang = args.lang or "ar"
        decisions = classify_blocks(blocks, lang)
        # The paragraph number check and overrides use: from 1, subheadings not counted (for
        # raw text, the number the paragraph gets once imported).
        if path.suffix == ".md":
            numbers: list[int | None] = []
            count = 0
            for b in blocks:
                count += b.kind != "heading"
                numbers.append(count if b.kind != "heading" else None)
        else:
            numbers = imported_numbers(text, blocks)
        rows = []
        for i, (b, d) in enumerate(zip(blocks, decisions, strict=True)):
            paragraph = numbers[i]
            rows.append({"index": i, "paragraph": paragraph, "line": b.line, "kind": d.kind,
                         "section": d.section, "score": d.score,
                         "evidence": list(d.evidence), "text": b.text})
        documents.append({"path": str(path), "blocks": rows})
    if args.format == "json":
        json.dump({"documents": documents}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for doc in documents:
            print(doc["path"])
            raw = not str(doc["path"]).endswith(".md")
            for b in doc["blocks"]:
                label = b["section"] or b["kind"]
                number = f"¶{b['paragraph']}" if b["paragraph"] is not None else "-"
                # Raw text also shows the blank-line block index (from 0), as labels use it.
                where = f"{b['index']:3d} {number:>4}" if raw else f"{number:>4}"
                print(f"  {where} {label:<13} {b['score']:.2f}  {b['text'][:70]}")
                if b["evidence"]:
                    print(f"      {'; '.join(b['evidence'][:3])}")
    return 0


def _cmd_eval_classify(args: argparse.Namespace) -> int:
    from .classify.corpus import LabelSet
    from .classify.evaluate import run_evaluation

    return run_evaluation(args.labels, args.articles, args.format,
                          [LabelSet(labels, articles) for labels, articles in args.also])


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract.command import run_extract

    return run_extract(args.file, args.format)


def _day_plan(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .day.command import day_plan

    root = args.root.resolve()
    return day_plan(root, args.content or root / "content", root / ".cache" / "briefing",
                    args.date)


def _cmd_digest(args: argparse.Namespace) -> int:
    from .day.command import run_digest

    return run_digest(_day_plan(args), args.format)


def _cmd_eval_day(args: argparse.Namespace) -> int:
    from .day.command import run_eval_day
    from .day.digest import digest_json

    return run_eval_day(digest_json(_day_plan(args)), args.gold, args.articles, args.format)


def _cmd_i18n(args: argparse.Namespace) -> int:
    from .i18n_tools import run_i18n

    return run_i18n(args.root.resolve(), args.action, args.lang)
