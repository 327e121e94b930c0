"""Site model -> bytes: HTML pages (Jinja2), PDFs (WeasyPrint), static assets."""
