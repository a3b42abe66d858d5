"""Screenshots of the built site at phone and desktop widths, for looking at it as a person would.

    .venv/bin/python tools/screenshots.py [SITE_DIR] [OUT_DIR]      (or: make screenshots)

Serves SITE_DIR (default: site) on localhost, opens it in Debian's Chromium and saves
full-page PNGs of the home, exceptions, a priority, an indicator and the data pages at
375 px and 1280 px into OUT_DIR (default: screenshots/, git-ignored).
"""

import functools
import http.server
import json
import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
out.mkdir(parents=True, exist_ok=True)
api = json.loads((site / "api" / "indicators.json").read_text())
first_exception = next((i for i in api["indicators"] if i["exception"]), api["indicators"][0])
pages = {"home": "", "exceptions": "exceptions/", "priority": f"priorities/{first_exception['priority']}/",
         "indicator": first_exception["url"], "data": "data/"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                      "--disable-component-update"])
    for width in (375, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(base + path, wait_until="networkidle")
            page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
            print(out / f"{name}-{width}.png")
        page.close()
    browser.close()
server.shutdown()
