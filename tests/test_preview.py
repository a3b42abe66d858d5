"""`build-site serve`: a change to the data is built and shown in the browser by itself; a
bad edit shows its problems while the last good site goes on being served."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import get_cell, set_cell, write_council

AS_OF = "2026-11-25"
EXE = Path(sys.executable).parent / "build-site"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def _status(base: str) -> dict:
    return json.loads(_get(base + "__build_site/status"))


def _until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


@pytest.fixture
def serving(tmp_path):
    repo = write_council(tmp_path / "council")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(EXE), "serve", str(repo), "--as-of", AS_OF, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said: list[str] = []  # (read as it is written: a full pipe would stop the preview mid-sentence)
    reader = threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}/"
    try:
        _until(lambda: _status(base)["build"] == 1, 180, "the first build")
        yield repo, base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        reader.join(timeout=20)
        err = "".join(said)
        assert "Traceback" not in err, err


def _edit_value(repo: Path, row: int, value: str) -> str:
    """Set a council-wide value of an indicator; return the indicator's id."""
    set_cell(repo, "measurements", row, "value", value)
    return get_cell(repo, "measurements", row, "indicator")


def _latest_council_row(repo: Path) -> int:
    """The row of the latest council-wide figure of the sample's first indicator."""
    from .conftest import read_rows

    rows = read_rows(repo, "measurements")
    head = rows[0]
    first = rows[1][head.index("indicator")]
    return max(k for k, r in enumerate(rows[1:], start=2)
               if r[head.index("indicator")] == first and r[head.index("area")] == "")


def test_a_changed_value_is_built_and_a_bad_edit_keeps_the_last_good_site(serving):
    repo, base, _proc = serving
    page = _get(base + "index.html")
    assert '<script src="/__build_site/reload.js"></script>' in page
    assert "__build_site" not in (repo / "site" / "index.html").read_text(encoding="utf-8")  # (preview only)
    row = _latest_council_row(repo)
    ind = _edit_value(repo, row, "12.3456")
    started = time.monotonic()
    _until(lambda: _status(base)["build"] == 2, 30, "the rebuild")
    took = time.monotonic() - started
    api = json.loads(_get(base + f"api/indicators/{ind}.json"))
    assert api["status"]["latest"]["value"] == 12.3456
    print(f"\nchange to rebuilt site: {took:.2f} s")
    set_cell(repo, "measurements", row, "value", "45%")
    status = _until(lambda: (s := _status(base))["problems"] and s, 30, "the bad edit's problems")
    assert f"data/measurements.csv:{row}: value" in status["problems"] and status["build"] == 2
    assert json.loads(_get(base + f"api/indicators/{ind}.json"))["status"]["latest"]["value"] == 12.3456
    set_cell(repo, "measurements", row, "value", "23.5")
    _until(lambda: _status(base)["build"] == 3, 30, "the build after the fix")
    assert _status(base)["problems"] == ""


@pytest.mark.browser
def test_the_browser_reloads_by_itself_and_shows_the_problems(serving, browser):
    repo, base, _proc = serving
    row = _latest_council_row(repo)
    ind = get_cell(repo, "measurements", row, "indicator")
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + f"indicators/{ind}/")
    page.wait_for_timeout(700)  # (the script has asked once)
    set_cell(repo, "measurements", row, "value", "77.77")
    started = time.monotonic()
    page.wait_for_function("document.body.innerText.includes('77.8') || document.body.innerText.includes('77.77')",
                           timeout=30000)
    print(f"\nchange to page showing it: {time.monotonic() - started:.2f} s")
    set_cell(repo, "measurements", row, "value", "not a number")
    banner = page.wait_for_selector("#build-site-problems[role=alert]", timeout=30000)
    assert "not a number" in banner.inner_text()
    assert "77." in page.inner_text("main")
    assert all(u.startswith(base) for u in requests), [u for u in requests if not u.startswith(base)]
    page.close()
