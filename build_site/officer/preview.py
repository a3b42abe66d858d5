"""``build-site serve``: a live preview on this computer only.

The site is served from 127.0.0.1 while the council's files are watched (the data,
``datapackage.json``, the hand-written pages in ``docs/``, ``overrides/`` and
``mkdocs.yml``). When one changes, the site is built again; every page the preview
serves carries a small script of its own (never part of the published site) that asks
the preview, twice a second, whether there is a newer build, and reloads the page when
there is. A bad edit is shown on every page, with its problems, while the last good site
goes on being served: a build that fails leaves the site as it was.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue
from build_site.site.docs_files import MANIFEST, generated_files

STATUS = "/__build_site/status"  # what the page's script asks: {"build": n, "problems": "..."}
RELOAD = "/__build_site/reload.js"
_SCRIPT = """(function () {
  var seen = null;
  function banner(text) {
    var box = document.getElementById("build-site-problems");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "build-site-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;z-index:10;" +
        "background:#fff4e5;color:#1a1a1a;border-top:4px solid #b35900;padding:1em;font:16px/1.4 sans-serif;" +
        "white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = %HEADING% + "\\n\\n" + text;
  }
  function ask() {
    fetch("%STATUS%", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); return; }
      seen = s.build;
      banner(s.problems);
    }).catch(function () {}).finally(function () { setTimeout(ask, 500); });
  }
  ask();
})();
"""


def _script() -> bytes:
    """The preview's script, its words from the catalogue."""
    heading = json.dumps(_("The last edit was not built (the site shows the last good build):"), ensure_ascii=False)
    return _SCRIPT.replace("%STATUS%", STATUS).replace("%HEADING%", heading).encode("utf-8")


class Status:
    """How many builds the preview has made, and the problems of the last attempt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.build, self.problems = 0, ""

    def built(self) -> None:
        with self._lock:
            self.build, self.problems = self.build + 1, ""

    def failed(self, problems: str) -> None:
        with self._lock:
            self.problems = problems

    def to_json(self) -> bytes:
        with self._lock:
            return json.dumps({"build": self.build, "problems": self.problems}).encode("utf-8")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, each HTML page with the reload script, and the preview's status."""

    def __init__(self, *args, status: Status, **kwargs):
        self.status = status
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the terminal shows builds, not every request)
        pass

    def send_head(self):
        path = self.path.split("?", 1)[0]
        if path == STATUS:
            return self._send(self.status.to_json(), "application/json")
        if path == RELOAD:
            return self._send(_script(), "text/javascript")
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            page = local.read_bytes()
            tag = f'<script src="{RELOAD}"></script>'.encode()
            at = page.rfind(b"</body>")
            return self._send(page[:at] + tag + page[at:] if at >= 0 else page + tag, "text/html; charset=utf-8")
        return super().send_head()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)


def handler_for(site_dir: Path, status: Status):
    return functools.partial(Handler, directory=str(site_dir), status=status)


def fingerprint(root: Path) -> dict[str, tuple[int, int]]:
    """(time, size) of every file the preview watches; generated pages in docs/ are not, nor a
    folder the build writes whole (another language's pages, ``docs/cy/``, with its own manifest)."""
    ours = generated_files(root / "docs") | {MANIFEST}
    found: dict[str, tuple[int, int]] = {}
    for top in ("data", "docs", "overrides"):
        for here, dirs, files in os.walk(root / top):
            dirs[:] = [d for d in dirs if not d.startswith(".") and not (Path(here) / d / MANIFEST).is_file()]
            for name in files:
                path = Path(here) / name
                rel = path.relative_to(root).as_posix()
                if top == "docs" and rel.removeprefix("docs/") in ours:
                    continue
                _note(found, rel, path)
    for name in ("datapackage.json", "mkdocs.yml"):
        _note(found, name, root / name)
    return found


def _note(found: dict, rel: str, path: Path) -> None:
    try:
        st = path.stat()
    except OSError:
        return
    found[rel] = (st.st_mtime_ns, st.st_size)


def _notices(root: Path) -> tuple[threading.Event, Callable[[], None]] | None:
    """An event the operating system's notice of a change under the council's folder sets
    (watchdog, the watcher MkDocs' own server uses), and how to stop listening; None where it
    cannot listen (then the preview looks at the files every quarter of a second instead)."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:  # pragma: no cover (installed with MkDocs)
        return None
    changed = threading.Event()

    class Noticed(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in ("opened", "closed_no_write"):  # (reading is no change)
                changed.set()

    observer = Observer()
    try:
        for top in ("data", "docs", "overrides"):
            if (root / top).is_dir():
                observer.schedule(Noticed(), str(root / top), recursive=True)
        observer.schedule(Noticed(), str(root), recursive=False)  # (datapackage.json, mkdocs.yml)
        observer.start()
    except (OSError, RuntimeError):  # (no room for more watches, say)
        return None

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return changed, stop


#: With the operating system's notices, the files are still looked at this often (seconds), in
#: case a notice was missed (a change made before the watch began, a file system that sends none).
LOOK_ANYWAY = 2.0


def watch(root: Path, rebuild: Callable[[], None], stop: threading.Event, every: float = 0.25,
          seen: dict[str, tuple[int, int]] | None = None) -> None:
    """Call ``rebuild`` whenever a watched file changes (once it has stayed the same for
    ``every`` seconds, so that a save in several steps is built once), until ``stop``. Where
    the operating system says when something changed, the files are looked at then (and every
    ``LOOK_ANYWAY`` seconds); elsewhere, every ``every`` seconds. ``seen``: the files as the
    site being served was built from (by default, as they are now)."""
    seen = fingerprint(root) if seen is None else seen
    notices = _notices(root)
    looked = time.monotonic()
    try:
        while not stop.wait(every):
            gone(root)
            if notices is not None:
                if not notices[0].is_set() and time.monotonic() - looked < LOOK_ANYWAY:
                    continue
                notices[0].clear()
            looked = time.monotonic()
            now = fingerprint(root)
            if now == seen:
                continue
            while not stop.wait(every):
                settled = fingerprint(root)
                if settled == now:
                    break
                now = settled
            gone(root)
            rebuild()
            if notices is not None:
                notices[0].clear()  # (what the build itself wrote is not a change)
            seen = fingerprint(root)
    finally:
        if notices is not None:
            notices[1]()


def gone(root: Path) -> None:
    """CannotContinue, saying so plainly, once the council's folder (or its datapackage.json)
    is no longer there: moved, renamed or deleted while the preview ran."""
    if not (root / "datapackage.json").is_file():
        raise CannotContinue(_("the folder {folder} (or its datapackage.json) is no longer there: it was moved, "
                               "renamed or deleted, so the preview has stopped — run build-site serve again in the "
                               "council's folder", folder=root))


def serve_forever(server, root: Path, rebuild: Callable[[], bool], status: Status,
                  say: Callable[[str], None]) -> None:
    """Serve in a thread while this one watches the files and rebuilds; Ctrl+C stops both."""
    stop = threading.Event()
    seen = fingerprint(root)  # (before anyone can see the site: an edit made once it is served is a change)
    thread = threading.Thread(target=server.serve_forever, name="build-site-preview", daemon=True)
    thread.start()

    def again() -> None:
        started = time.perf_counter()
        if rebuild():
            status.built()
            seconds = f"{time.perf_counter() - started:.1f}"
            say(_("Rebuilt in {seconds} s; the browser reloads the page", seconds=seconds))

    try:
        watch(root, again, stop, seen=seen)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
