"""``briefing translate``: --mark records fingerprints, a changed original makes check name
the stale translation and the page flag it; machine drafts from a fake LibreTranslate-style
service on 127.0.0.1 are marked on the page and in the PDFs until accepted."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build
from briefing.reader import read_content

from .conftest import SEED_DATE, SEED_SLUG
from .htmltools import by_class, parse, text_of
from .pdftext import pdftotext
from .test_translation import english_file, keep_paragraphs, replace_paragraph


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def test_mark_then_a_changed_original_is_named_stale(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert run(project, "translate", SEED_DATE, "--mark") == 0
    assert "31 paragraphs marked" in capsys.readouterr().out
    en = english_file(project)
    assert en.read_text(encoding="utf-8").count(" {ar=") == 31
    [article] = read_content(project / "content", ("ar", "en"))
    assert all(b.fingerprint for b in article.versions["en"].paragraphs)
    assert run(project, "check", "--quiet") == 0
    assert "needs review" not in capsys.readouterr().out
    # The desk corrects a figure in the Arabic paragraph 5.
    ar = project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md"
    fifth = article.versions["ar"].paragraphs[4]
    replace_paragraph(ar, 5, fifth.text.replace("سورية", "سوريا", 1))
    en_line = article.versions["en"].paragraphs[4].line
    assert run(project, "check", "--quiet") == 0
    out = capsys.readouterr().out
    stale = [line for line in out.splitlines() if "needs review" in line]
    assert stale == [f"warning: content/{SEED_DATE}/{SEED_SLUG}.en.md:{en_line}: paragraph 5 "
                     f"needs review: its original ({SEED_SLUG}.ar.md:{fifth.line}) changed "
                     "since it was translated (update the translation, then run briefing "
                     "translate DATE --mark)"]
    assert run(project, "check", "--quiet", "--strict") == 1
    assert f"{SEED_SLUG}.en.md:{en_line}: paragraph 5 needs review" in capsys.readouterr().err
    build(BuildOptions.for_root(project, pdf=False))
    page = parse(project / "site" / "en" / SEED_DATE / "index.html")
    flagged = by_class(page, "para--stale")
    assert [p.get("id") for p in flagged] == [f"{SEED_SLUG}-p5"]
    assert "translation under review" in text_of(flagged[0])
    # Reviewed: marking again makes it current.
    assert run(project, "translate", SEED_DATE, "--mark") == 0
    assert "1 whose original had changed" in capsys.readouterr().out
    assert run(project, "check", "--quiet", "--strict") == 0


class _FakeLibreTranslate(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(body)
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        answer = {"translatedText": [f"Machine draft of a {len(t.split())}-word text."
                                     for t in texts]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_backend() -> Iterator[str]:
    _FakeLibreTranslate.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeLibreTranslate)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/translate"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_without_a_backend_a_clear_message(project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "translate", SEED_DATE) == 1
    err = capsys.readouterr().err
    assert "no machine translation service is configured" in err
    assert "translation:" in err and "url:" in err


def test_machine_drafts_fill_the_gaps_and_are_marked_until_accepted(
        project: Path, fake_backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "briefing.yaml").write_text(
        f"translation:\n  url: {fake_backend}\n  timeout: 5\n", encoding="utf-8")
    en = english_file(project)
    keep_paragraphs(en, 10)
    before = en.read_text(encoding="utf-8")
    assert run(project, "translate", SEED_DATE) == 0
    assert "drafted by machine" in capsys.readouterr().out
    [request] = _FakeLibreTranslate.requests[:1]
    assert request["source"] == "ar" and request["target"] == "en"
    text = en.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))  # the editor's translation kept as written
    [article] = read_content(project / "content", ("ar", "en"))
    english = article.versions["en"]
    assert len(english.paragraphs) == 31
    drafts = [b for b in english.paragraphs if b.machine]
    assert len(drafts) == 21 and all(b.fingerprint for b in drafts)
    assert all(b.text.startswith("Machine draft of a ") for b in drafts)

    report = build(BuildOptions.for_root(project, cache_dir=project / ".cache"))
    assert any("21 of 31 paragraphs are machine drafts" in w for w in report.warnings)
    site = project / "site"
    page = parse(site / "en" / SEED_DATE / "index.html")
    marked = by_class(page, "para--machine")
    assert len(marked) == 21
    assert all("machine translation, not yet reviewed" in text_of(p) for p in marked)
    assert not by_class(page, "para--fallback")
    en_pdf = pdftotext(site / "en" / SEED_DATE / f"briefing-{SEED_DATE}-en.pdf")
    assert en_pdf.count("machine translation, not yet reviewed") == 21
    bilingual = pdftotext(site / "ar" / SEED_DATE / f"briefing-{SEED_DATE}-ar-en.pdf")
    assert bilingual.count("machine translation, not yet reviewed") == 21

    assert run(project, "check", "--quiet", "--strict") == 1
    assert "is a machine draft" in capsys.readouterr().err
    assert run(project, "translate", SEED_DATE, "--accept") == 0
    assert "21 machine drafts accepted" in capsys.readouterr().out
    [article] = read_content(project / "content", ("ar", "en"))
    assert not any(b.machine for b in article.versions["en"].paragraphs)
    assert run(project, "check", "--quiet", "--strict") == 0


def test_a_wrong_translation_setting_names_its_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "briefing.yaml").write_text("pdf: true\ntranslation:\n  url: ftp://x\n",
                                           encoding="utf-8")
    assert run(project, "translate", SEED_DATE) == 1
    assert "briefing.yaml:3: translation.url: 'ftp://x' is not an http(s) URL" in \
        capsys.readouterr().err
