"""``briefing serve``: a local preview with live reload on content, template and config changes.

The preview builds into its own folder (``<cache>/preview``), never into ``site/``, without
PDFs unless asked (they are the slow part). Pages get a small script that long-polls the
server; when a rebuild succeeds the browser reloads. A failed rebuild prints its errors and
keeps serving the last good site.
"""

from __future__ import annotations

import functools
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import BriefingError, BuildErrors
from .pipeline import BuildOptions, build

RELOAD_PATH = "/__briefing_reload"
_RELOAD_SCRIPT = b"""<script>
(function () {
  var gen = null;
  function poll() {
    fetch("%s?since=" + (gen === null ? "" : gen)).then(function (r) { return r.text(); })
      .then(function (g) { if (gen !== null && g !== gen) { location.reload(); } gen = g; poll(); })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
}());
</script>
""" % RELOAD_PATH.encode()
WATCHED = ("content", "templates", "locale", "briefing.yaml")


class Generation:
    """A counter bumped after every successful rebuild; waiters are woken."""

    def __init__(self) -> None:
        self.value = 0
        self.changed = threading.Condition()

    def bump(self) -> None:
        with self.changed:
            self.value += 1
            self.changed.notify_all()

    def wait(self, since: str, timeout: float = 25.0) -> int:
        with self.changed:
            if since == str(self.value):
                self.changed.wait(timeout)
            return self.value


class PreviewHandler(SimpleHTTPRequestHandler):
    generation: Generation

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith(RELOAD_PATH):
            since = self.path.partition("since=")[2]
            body = str(self.generation.wait(since)).encode()
            self._send(body, "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes().replace(b"</body>", _RELOAD_SCRIPT + b"</body>", 1)
            self._send(html, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _rebuild(options: BuildOptions) -> bool:
    start = time.perf_counter()
    try:
        report = build(options)
    except BuildErrors as exc:
        for error in exc.errors:
            print(f"error: {error}")
        return False
    except BriefingError as exc:
        print(f"error: {exc}")
        return False
    print(f"rebuilt {report.editions} editions in {time.perf_counter() - start:.2f}s")
    return True


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> int:
    from watchfiles import watch

    if not _rebuild(options):
        print("the first build failed; fix the errors above and save: the preview will retry")
    generation = Generation()
    handler = type("Handler", (PreviewHandler,), {"generation": generation})
    server = ThreadingHTTPServer((host, port),
                                functools.partial(handler, directory=str(options.out_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # From here on a stop (Ctrl-C, SIGTERM) is the normal end of a preview, wherever it
    # lands: the whole rest is inside the try.
    try:
        print(f"previewing on http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)",
              flush=True)
        watched = [options.root / name for name in WATCHED if (options.root / name).exists()]
        if options.content_dir not in watched and options.content_dir.exists():
            watched.append(options.content_dir)
        for changes in watch(*watched, debounce=300):
            names = sorted({Path(path).name for _, path in changes if Path(path).exists()})
            print(f"changed: {', '.join(names[:5]) or 'a file was removed'}")
            if _rebuild(options):
                generation.bump()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
