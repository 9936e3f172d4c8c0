"""`kzpublish serve`: a local preview. It builds every document's web edition and PDF, serves
them with a page that lists them, builds again through the watch (`watch.py`) whenever a
source, style or setting is saved, and the open pages reload themselves when a build is done.
The wording changes since the last tag are one click away (`/changes/<slug>`).

It listens on the loopback address only unless told otherwise, and serves nothing but the
files of `dist/` and the change reports it writes. The editions themselves stay script-free:
the few lines that reload a page are added to the pages as they are served, never to the files.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from kzpublish.document import load_documents
from kzpublish.errors import KzError
from kzpublish.messages import _
from kzpublish.project import Project
from kzpublish.release_page import plain_title
from kzpublish.request import DIST, BuildReport, BuildRequest

LOOPBACK = "127.0.0.1"
FORMATS = ("pdf", "html")
TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}
RELOAD = """<script>
(function () {  /* kzpublish serve: reload when a build is done */
  var seen = "GENERATION";
  setInterval(function () {
    fetch("/_generation", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (g) {
      if (g !== seen) { location.reload(); }
    }).catch(function () {});
  }, 700);
})();
</script>
"""
"""The lines added to every page served: it reloads when the number of builds done is no longer
the one it was served with (read before the page, so that a build done while a page loads is
never missed)."""


@dataclass
class Preview:
    """What the server shows: the project, and how many builds are done (pages reload when it
    changes)."""

    root: Path
    generation: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def built(self, report: BuildReport) -> None:
        with self.lock:
            self.generation += 1
            self.errors = [str(e) for e in report.errors]


def serve(project: Project, host: str = LOOPBACK, port: int = 8000, ready: Callable[[str], None] | None = None,
          done: Callable[[Project, BuildReport], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C). `ready` is told the address once the server listens;
    `done` gets each build's report."""
    from kzpublish.watch import watch

    preview = Preview(project.root)
    server = ThreadingHTTPServer((host, port), _handler(preview))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="kzpublish-serve").start()
    if ready:
        ready(f"http://{host}:{server.server_address[1]}/")

    def built(project: Project, report: BuildReport) -> None:
        preview.built(report)
        if done:
            done(project, report)

    try:
        # One process, one document at a time: the engines stay loaded between builds.
        watch(project.root, BuildRequest(formats=FORMATS, jobs=1), built)
    finally:
        server.shutdown()
        server.server_close()


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            path = unquote(urlsplit(self.path).path)
            self.generation = preview.generation
            try:
                if path == "/":
                    self._send(_index(preview).encode("utf-8"), ".html")
                elif path == "/_generation":
                    self._send(str(preview.generation).encode(), ".txt", "text/plain")
                elif path.startswith("/changes/"):
                    self._send(_changes(preview, path.removeprefix("/changes/")), ".html")
                else:
                    self._file(path.lstrip("/"))
            except KzError as e:
                self._send(_message(str(e)).encode("utf-8"), ".html", status=HTTPStatus.NOT_FOUND)

        def _file(self, name: str) -> None:
            dist = (preview.root / DIST).resolve()
            target = (dist / name).resolve()
            if "/" in name or not target.is_relative_to(dist) or not target.is_file() or target.suffix not in TYPES:
                self._send(_message(_("{name}: no such edition").format(
                    name=name)).encode(), ".html", status=HTTPStatus.NOT_FOUND)
                return
            self._send(target.read_bytes(), target.suffix)

        def _send(self, data: bytes, suffix: str, kind: str | None = None, status: HTTPStatus = HTTPStatus.OK) -> None:
            if suffix == ".html":
                script = RELOAD.replace("GENERATION", str(self.generation))
                data = data.replace(b"</body>", script.encode() + b"</body>", 1)
            self.send_response(status)
            self.send_header("Content-Type", kind or TYPES[suffix])
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:  # a preview's requests are no news
            pass

    return Handler


def _index(preview: Preview) -> str:
    e = html.escape
    project = Project.open(preview.root)
    rows = []
    for doc in load_documents(project.root, project.config).documents:
        links = [f'<a href="/{e(doc.slug)}.html">web</a>', f'<a href="/{e(doc.slug)}.pdf">PDF</a>',
                 f'<a href="/changes/{e(doc.slug)}">изменения с последнего тега · соңғы тегтен бергі өзгерістер</a>']
        title = e(" / ".join(dict.fromkeys(plain_title(t.meta.title) for t in doc.translations)))
        rows.append(f"<li><b>{title}</b> <code>{e(doc.slug)}</code><br>{' · '.join(links)}</li>")
    problems = "".join(f"<pre>{e(m)}</pre>" for m in preview.errors)
    return (
        '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n<title>kzpublish serve</title>\n'
        "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "li{margin:.8rem 0}pre{color:#b3261e;white-space:pre-wrap}</style>\n</head>\n<body>\n"
        f"<h1>Документы · Құжаттар</h1>\n{problems}<ul>\n" + "\n".join(rows) + "\n</ul>\n"
        f'<p>build <span id="generation">{preview.generation}</span></p>\n</body>\n</html>\n'
    )


def _changes(preview: Preview, slug: str) -> bytes:
    from kzpublish import revisions

    results = revisions.diff(Project.open(preview.root), (slug,), None, None)
    return results[0].html.read_bytes()


def _message(text: str) -> str:
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>kzpublish</title></head><body><pre>{html.escape(text)}</pre></body></html>\n'
