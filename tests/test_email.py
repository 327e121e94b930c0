"""The email edition: email.html and email.txt beside each edition page, and ``briefing email``
sending them through a local SMTP server (aiosmtpd on 127.0.0.1), read back with the standard
library's ``email`` package."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import BuildErrors
from briefing.pipeline import BuildOptions, BuildReport, prepare

from .conftest import SEED_DATE
from .htmltools import by_class, find_all, parse, text_of

PASSWORD = "s3cret-for-tests"


def _wrapper(root):  # type: ignore[no-untyped-def]
    (wrapper,) = [e for e in root.iter() if e.get("role") == "main"]
    return wrapper


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_email_html_is_inlined_and_directed(built_site: Path, lang: str, direction: str) -> None:
    path = built_site / lang / SEED_DATE / "email.html"
    html = path.read_text(encoding="utf-8")
    assert "<style" not in html and "<link" not in html and "<script" not in html
    root = parse(path)
    assert root.get("lang") == lang and root.get("dir") == direction
    wrapper = _wrapper(root)
    assert wrapper.get("lang") == lang and wrapper.get("dir") == direction
    style = wrapper.get("style") or ""
    assert f"direction: {direction}" in style and "font-family: -apple-system" in style
    assert "Tahoma" in style and "sans-serif" in style
    (container,) = by_class(root, "container")
    assert "max-width: 600px" in (container.get("style") or "")
    # Highlights, key figures, the four sections with paragraphs and their sources.
    assert len(find_all(by_class(root, "box")[0], "li")) == 4
    assert len(by_class(root, "figure-row")) == 3
    assert len(by_class(root, "section-title")) == 4
    paragraphs = by_class(root, "para")
    assert len(paragraphs) > 10 and all(p.get("style") for p in paragraphs)
    sources = by_class(root, "source")
    assert len(sources) == len(paragraphs)
    assert ("صحيفة عربية يومية" if lang == "ar" else "Arabic daily") in text_of(sources[0])
    # Links back to the page and the PDF, absolute from the bundled project's base_url
    # (relative without one: test_links_are_relative_without_base_url).
    hrefs = {a.get("href") for a in find_all(root, "a")}
    base = f"https://briefing.example.org/{lang}/{SEED_DATE}/"
    assert base in hrefs and f"{base}briefing-{SEED_DATE}-{lang}.pdf" in hrefs
    assert all(h and h.startswith("https://") for h in hrefs)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_email_text_alternative(built_site: Path, lang: str) -> None:
    text = (built_site / lang / SEED_DATE / "email.txt").read_text(encoding="utf-8")
    html_root = parse(built_site / lang / SEED_DATE / "email.html")
    first = text_of(by_class(html_root, "para")[0]).split()
    assert " ".join(first[:12]) in " ".join(text.split())
    assert "<" not in text.replace("<<", "") and "&amp;" not in text
    assert text.count("== ") == 2 + 4  # highlights, key figures, four sections
    assert f"briefing-{SEED_DATE}-{lang}.pdf" in text


def test_emails_are_written_through_the_site_writer(built_site: Path) -> None:
    import json

    manifest = json.loads((built_site / ".briefing-manifest.json").read_text())["files"]
    for lang in ("ar", "en"):
        for name in ("email.html", "email.txt"):
            assert f"{lang}/{SEED_DATE}/{name}" in manifest


def _prepare(project: Path) -> dict[str, bytes]:
    prepared = prepare(BuildOptions.for_root(project, use_cache=False), BuildReport(),
                       with_pdf=True, write_cache=False)
    return prepared.emails


def test_links_are_relative_without_base_url(project: Path) -> None:
    (project / "briefing.yaml").unlink(missing_ok=True)
    assert main(["--root", str(project), "build", "--no-pdf"]) == 0
    root = parse(project / "site" / "en" / SEED_DATE / "email.html")
    hrefs = {a.get("href") for a in find_all(root, "a")}
    assert "index.html" in hrefs and f"briefing-{SEED_DATE}-en.pdf" not in hrefs
    assert all(h and not h.startswith(("/", "http")) for h in hrefs)


def test_absolute_links_with_base_url_and_content_escaped(project: Path) -> None:
    (project / "briefing.yaml").write_text("base_url: https://desk.example.org/brief/\n",
                                           encoding="utf-8")
    en = project / "content" / SEED_DATE / "syria-offensive-reactions.en.md"
    text = en.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)
    first, rest = body[1].lstrip("\n").split("\n\n", 1)
    en.write_text(f"{body[0]}\n---\n\n{first} <script>alert(1)</script> "
                  f"<img src=x onerror=alert(2)>\n\n{rest}", encoding="utf-8")
    emails = _prepare(project)
    html = emails[f"en/{SEED_DATE}/email.html"].decode("utf-8")
    assert "https://desk.example.org/brief/en/2024-12-03/" in html
    assert f'href="https://desk.example.org/brief/en/{SEED_DATE}/briefing-{SEED_DATE}-en.pdf"' \
        in html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    txt = emails[f"en/{SEED_DATE}/email.txt"].decode("utf-8")
    assert "Read it on the web: https://desk.example.org/brief/en/2024-12-03/" in txt


# -- configuration ---------------------------------------------------------------------------


def _config_errors(tmp_path: Path, yaml_text: str) -> list[str]:
    (tmp_path / "briefing.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(BuildErrors) as caught:
        load_config(tmp_path)
    return [str(e) for e in caught.value.errors]


def test_password_in_the_file_is_refused(tmp_path: Path) -> None:
    errors = _config_errors(tmp_path, "pdf: true\nemail:\n  from: d@example.org\n"
                                      "  host: smtp.example.org\n  password: hunter2\n")
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / 'briefing.yaml'}:5: email.password: ")
    assert "password_env" in errors[0]


def test_email_config_errors_name_their_lines(tmp_path: Path) -> None:
    errors = _config_errors(tmp_path, "email:\n  from: nobody\n  host: smtp.example.org\n"
                                      "  port: http\n  starttls: maybe\n  server: x\n")
    text = "\n".join(errors)
    assert ":2: email.from: 'nobody' is not an email address" in text
    assert ":4: email.port: 'http' is not a port number" in text
    assert ":5: email.starttls:" in text
    assert ":6: email.server: unknown key" in text


def test_email_config_read(tmp_path: Path) -> None:
    (tmp_path / "briefing.yaml").write_text(
        "email:\n  from: Desk <desk@example.org>\n  host: smtp.example.org\n  port: 2525\n"
        "  starttls: false\n  user: desk\n  password_env: DESK_SMTP\n", encoding="utf-8")
    settings = load_config(tmp_path).email
    assert settings is not None
    assert (settings.sender, settings.host, settings.port, settings.starttls, settings.user,
            settings.password_env) == ("Desk <desk@example.org>", "smtp.example.org", 2525,
                                       False, "desk", "DESK_SMTP")


# -- sending ---------------------------------------------------------------------------------


class _Inbox:
    """aiosmtpd handler keeping what it received."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              bytes(envelope.original_content or envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == PASSWORD.encode())

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port, logins
    finally:
        controller.stop()


def _mail_project(tmp_path: Path, port: int) -> Path:
    root = tmp_path / "mailproject"
    root.mkdir()
    (root / "briefing.yaml").write_text(
        "base_url: https://desk.example.org/\n"
        f"email:\n  from: Briefing desk <desk@example.org>\n  host: 127.0.0.1\n  port: {port}\n"
        "  starttls: false\n  user: desk\n  password_env: BRIEFING_TEST_SMTP\n",
        encoding="utf-8")
    return root


def _parts(message: EmailMessage) -> tuple[EmailMessage, list[EmailMessage]]:
    """(the multipart/alternative, the attachments)."""
    if message.get_content_type() == "multipart/alternative":
        return message, []
    assert message.get_content_type() == "multipart/mixed"
    first, *rest = message.iter_parts()
    return first, list(rest)  # type: ignore[arg-type]


@pytest.mark.parametrize("attach", [False, True])
def test_send_both_languages(built_site: Path, tmp_path: Path, smtp_server,  # type: ignore[no-untyped-def]
                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                             attach: bool) -> None:
    inbox, port, logins = smtp_server
    root = _mail_project(tmp_path, port)
    monkeypatch.setenv("BRIEFING_TEST_SMTP", PASSWORD)
    args = ["--root", str(root), "email", SEED_DATE, "--to", "a@example.org",
            "Reader <b@example.org>", "--site", str(built_site)]
    assert main([*args, *(["--attach-pdf"] if attach else [])]) == 0
    assert "sent 2 messages (ar, en)" in capsys.readouterr().out
    assert logins == [(b"desk", PASSWORD.encode())]
    assert len(inbox.received) == 2
    for (sender, recipients, data), lang in zip(inbox.received, ("ar", "en"), strict=True):
        assert sender == "desk@example.org"
        assert recipients == ["a@example.org", "b@example.org"]
        message = email.message_from_bytes(data, policy=default_policy)
        assert isinstance(message, EmailMessage)
        assert message["Content-Language"] == lang
        assert "2024" in message["Subject"] or "٢٠٢٤" in message["Subject"]
        alternative, attachments = _parts(message)
        assert alternative.get_content_type() == "multipart/alternative"
        text, html = alternative.iter_parts()
        assert text.get_content_type() == "text/plain"
        assert html.get_content_type() == "text/html"
        body = html.get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends
        built = (built_site / lang / SEED_DATE / "email.html").read_text(encoding="utf-8")
        assert body.strip() == built.strip()
        if lang == "ar":
            assert 'dir="rtl"' in body and "direction: rtl" in body
            assert "حلب" in text.get_content()
        else:
            assert 'dir="rtl"' not in body.split("<body", 1)[1].split("<table", 1)[0]
        if attach:
            (pdf,) = attachments
            assert pdf.get_content_type() == "application/pdf"
            assert pdf.get_filename() == f"briefing-{SEED_DATE}-{lang}.pdf"
            assert pdf.get_content()[:5] == b"%PDF-"
        else:
            assert attachments == []


def test_one_language_and_dry_run(built_site: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "noconfig"
    root.mkdir()
    assert main(["--root", str(root), "email", SEED_DATE, "--to", "a@example.org", "--lang", "ar",
                 "--dry-run", "--site", str(built_site)]) == 0
    captured = capsys.readouterr()
    message = email.message_from_string(captured.out, policy=default_policy)
    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "a@example.org" and message["Content-Language"] == "ar"
    assert "relative" in captured.err  # no base_url configured: said so


def test_missing_edition_says_to_build(built_site: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    root.mkdir()
    assert main(["--root", str(root), "email", "2024-12-04", "--to", "a@example.org",
                 "--dry-run", "--site", str(built_site)]) == 1
    err = capsys.readouterr().err
    assert "ar/2024-12-04/email.html: no email edition" in err
    assert "run `briefing build` first" in err


def test_missing_password_variable(built_site: Path, tmp_path: Path, smtp_server,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    inbox, port, _ = smtp_server
    root = _mail_project(tmp_path, port)
    monkeypatch.delenv("BRIEFING_TEST_SMTP", raising=False)
    assert main(["--root", str(root), "email", SEED_DATE, "--to", "a@example.org",
                 "--site", str(built_site)]) == 1
    err = capsys.readouterr().err
    assert "BRIEFING_TEST_SMTP is not set" in err and "briefing.yaml" in err
    assert inbox.received == []
