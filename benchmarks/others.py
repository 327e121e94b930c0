"""Pelican and Hugo set up on the same Markdown, each with a minimal theme, for comparison.

Neither is a dependency of briefing. Pelican is installed from PyPI into its own virtual
environment inside the benchmark's work folder; Hugo is the Debian package (``/usr/bin/hugo``)
and is skipped, with a note, when absent.

What each does with the corpus (all three build every article in both languages):

- Pelican: its default reader (Python-Markdown) and default generators with a one-template-
  per-page-kind theme: one page per article and translation, index pages paginated by 10,
  archives, category and per-date pages, Atom feeds.
- Hugo: multilingual by file name (``<slug>.ar.md`` / ``<slug>.en.md``), Goldmark Markdown,
  minimal layouts: one page per article and translation, list pages paginated by 10, RSS,
  sitemap.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PELICAN_REQUIREMENT = "pelican[markdown]==4.12.0"

PELICAN_CONF = '''\
AUTHOR = "Briefing desk"
SITENAME = "Daily Briefing"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "ar"
DEFAULT_PAGINATION = 10
THEME = "theme"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
'''

PELICAN_BASE = '''\
<!doctype html>
<html lang="{{ DEFAULT_LANG }}"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><header><a href="{{ SITEURL }}/">{{ SITENAME }}</a></header>
{% block content %}{% endblock %}
</body></html>
'''
PELICAN_ARTICLE = '''\
{% extends "base.html" %}
{% block title %}{{ article.title }}{% endblock %}
{% block content %}
<article lang="{{ article.lang }}"><h1>{{ article.title }}</h1>
<p>{{ article.locale_date }} · {{ article.source }}</p>
{% for t in article.translations %}<a href="{{ SITEURL }}/{{ t.url }}">{{ t.lang }}</a>{% endfor %}
{{ article.content }}</article>
{% endblock %}
'''
PELICAN_LIST = '''\
{% extends "base.html" %}
{% block content %}
{% for article in (articles_page.object_list if articles_page else articles) %}
<h2><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></h2>{{ article.summary }}
{% endfor %}
{% if articles_page and articles_page.has_next() %}
<a href="{{ SITEURL }}/{{ articles_next_page.url }}">next</a>{% endif %}
{% endblock %}
'''
PELICAN_SIMPLE = '''\
{% extends "base.html" %}
{% block content %}{% for article in articles %}
<a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a>{% endfor %}{% endblock %}
'''

HUGO_CONFIG = '''\
baseURL = "https://briefing.example.org/"
title = "Daily Briefing"
defaultContentLanguage = "ar"
disableKinds = ["taxonomy", "term"]
paginate = 10
[languages]
  [languages.ar]
    languageName = "العربية"
    weight = 1
    languageDirection = "rtl"
  [languages.en]
    languageName = "English"
    weight = 2
'''
HUGO_BASEOF = '''\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ .Site.Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
{{ block "main" . }}{{ end }}
</body></html>
'''
HUGO_SINGLE = '''\
{{ define "main" }}
<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} · {{ .Params.source }}</p>
{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Lang }}</a>{{ end }}
{{ .Content }}</article>
{{ end }}
'''
HUGO_LIST = '''\
{{ define "main" }}
{{ range .Paginator.Pages }}
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Summary }}
{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}
{{ end }}
'''


def setup_pelican(work: Path, python: str = sys.executable) -> Path | None:
    """A venv with Pelican and a project folder beside ``content/``; None when it fails."""
    venv = work / "pelican-venv"
    pelican = venv / "bin" / "pelican"
    if not pelican.exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        result = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                                 "--disable-pip-version-check", PELICAN_REQUIREMENT],
                                capture_output=True, text=True)
        if result.returncode != 0:
            print(f"note: Pelican not installed ({result.stderr.strip()[-200:]}); skipped")
            return None
    project = work / "pelican"
    theme = project / "theme" / "templates"
    theme.mkdir(parents=True, exist_ok=True)
    (project / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    (theme / "base.html").write_text(PELICAN_BASE, encoding="utf-8")
    (theme / "article.html").write_text(PELICAN_ARTICLE, encoding="utf-8")
    for name in ("index.html", "category.html", "tag.html", "author.html", "period_archives.html"):
        (theme / name).write_text(PELICAN_LIST, encoding="utf-8")
    for name in ("archives.html", "categories.html", "tags.html", "authors.html"):
        (theme / name).write_text(PELICAN_SIMPLE, encoding="utf-8")
    (theme / "page.html").write_text(PELICAN_ARTICLE.replace("article", "page"),
                                     encoding="utf-8")
    return pelican


def pelican_command(pelican: Path, project: Path) -> list[str]:
    return [str(pelican), str(project / "content"), "-s", str(project / "pelicanconf.py"),
            "-o", str(project / "output"), "-q"]


def setup_hugo(work: Path) -> str | None:
    """A Hugo project folder beside ``content/``; None (with a note) when hugo is absent."""
    hugo = shutil.which("hugo")
    if hugo is None:
        print("note: hugo not installed (Debian package 'hugo'); Hugo comparison skipped")
        return None
    project = work / "hugo"
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (project / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    return hugo


def hugo_command(hugo: str, project: Path) -> list[str]:
    return [hugo, "--source", str(project), "--destination", str(project / "public"),
            "--quiet", "--cleanDestinationDir", "--noBuildLock"]
