"""The Jinja2 environment: project templates, StrictUndefined, autoescape, gettext, formatters.

One environment per language, because gettext translations are installed per environment.
Templates get no access to the file system or the build: only the view objects passed in
and the formatting filters defined here.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from babel.support import Translations
from markupsafe import Markup

from ..confine import escapes
from ..errors import TemplateError
from ..i18n import EVENT_LABELS, SECTION_TITLES, LocaleFormatter
from ..markup import isolate_ltr
from ..store import EntryStore
from ..webfonts import webfont_path


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept as cache entries (briefing/store.py): Jinja's bytecode is
    code that runs, so it is loaded only from an intact entry written for this template."""

    def __init__(self, folder: Path) -> None:
        self.entries = EntryStore(folder)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.entries.load_bytes("jinja", bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.entries.store_bytes("jinja", bucket.key, bucket.bytecode_to_string())


def make_env(templates_dir: Path, translations: Translations,
             formatter: LocaleFormatter, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """``bytecode_dir``: where compiled templates are kept between builds (Jinja checks each
    one against its template's source); None compiles them anew."""
    if not templates_dir.is_dir():
        raise TemplateError("templates folder not found", templates_dir, None,
                            "run briefing from the project root, or restore templates/")
    env = jinja2.Environment(
        loader=ConfinedLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=(CheckedBytecodeCache(_mkdir(bytecode_dir))
                        if bytecode_dir is not None else None),
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["section_title"] = lambda key: translations.gettext(SECTION_TITLES[key])
    env.globals["event_label"] = lambda key: (translations.gettext(EVENT_LABELS[key])
                                              if key in EVENT_LABELS else "")
    env.globals["webfont"] = webfont_path
    env.filters["isolate"] = isolate
    env.filters["css_string"] = css_string
    env.filters["css_counters"] = css_counters
    env.filters["date"] = formatter.date
    env.filters["number"] = formatter.number
    env.filters["published"] = formatter.published
    env.filters["digits"] = formatter.digits
    return env


class ConfinedLoader(jinja2.FileSystemLoader):
    """Templates from the template folder only. A name with ``..`` is not found (Jinja's own
    rule); a template that is a link out of the folder is refused before it is read."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, object]:
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            candidate = Path(searchpath, *pieces)
            if candidate.is_file():
                outside = escapes(candidate, *(Path(p) for p in self.searchpath))
                if outside is not None:
                    raise link_out_error(candidate, outside, "template")
                break
        return super().get_source(environment, template)  # type: ignore[return-value]


def link_out_error(path: Path, target: Path, kind: str) -> TemplateError:
    return TemplateError(f"this {kind} is a link to {target}, outside the templates folder",
                         path, None, f"copy the {kind} into templates/ instead of linking it: "
                         "nothing outside it is ever read")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def isolate(text: str, direction: str) -> Markup:
    """Plain text (a title) escaped, with left-to-right runs isolated in right-to-left text."""
    escaped = str(Markup.escape(text))
    return Markup(isolate_ltr(escaped) if direction == "rtl" else escaped)


def css_string(text: str) -> Markup:
    """Text as the inside of a CSS string (for ``content:`` in a ``<style>`` element)."""
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '"\\<>\n' or ord(ch) < 32 else ch for ch in str(text)
    )
    return Markup(escaped)


def css_counters(message: str, style: str) -> Markup:
    """A translated message with %(page)s/%(pages)s placeholders -> a CSS ``content`` value.

    "صفحة %(page)s من %(pages)s" becomes ``"صفحة " counter(page, arabic-indic) " من " ...``:
    the words stay between the numbers, so a right-to-left page never reads "3 / 1".
    """
    if style not in ("decimal", "arabic-indic"):
        raise ValueError(f"unsupported counter style {style!r}")
    parts = re.split(r"(%\((?:page|pages)\)s)", str(message))
    out = []
    for part in parts:
        if part == "%(page)s":
            out.append(f"counter(page, {style})")
        elif part == "%(pages)s":
            out.append(f"counter(pages, {style})")
        elif part:
            out.append(f'"{css_string(part)}"')
    return Markup(" ".join(out))


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render ``name``; turn Jinja2 failures into TemplateErrors naming template and line."""
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or name
        where, line = _template_frame(exc, env)
        if where is None:
            where = _template_path(env, str(missing))
        raise TemplateError(f"template {missing!r} not found", where, line,
                            "restore it in templates/ or fix the include/extends name") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}",
                            exc.filename or _template_path(env, exc.name or name), exc.lineno,
                            "fix the Jinja2 syntax") from exc
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc, env)
        raise TemplateError(f"undefined variable in template: {exc.message}",
                            where or _template_path(env, name), line,
                            "check the variable name against the documented context") from exc


def _template_path(env: jinja2.Environment, name: str) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader) and loader.searchpath:
        return str(Path(loader.searchpath[0]) / name)
    return name


def _template_frame(exc: BaseException, env: jinja2.Environment) -> tuple[str | None, int | None]:
    """The template file and line where a render-time error happened.

    Jinja2 rewrites tracebacks so that template code shows as frames of the template file
    at the template's line; the deepest such frame is where the error is.
    """
    loader = env.loader
    roots = ([Path(p).resolve() for p in loader.searchpath]
             if isinstance(loader, jinja2.FileSystemLoader) else [])
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if filename.suffix != ".py" and any(filename.is_relative_to(r) for r in roots):
            found = (str(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found
