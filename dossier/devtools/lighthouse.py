"""Lighthouse (mobile) over a built site, served with gzip as static hosts serve it.

    python -m dossier.devtools.lighthouse SITE_DIR [URL_PATH ...]

Needs `lighthouse` from npm (`npm install -g lighthouse`) and Debian's chromium; nothing is
fetched from the web. Python's `http.server` sends files uncompressed, which no host does and
which Lighthouse would count against every page; this server compresses text the way GitHub
Pages does. Prints, per page, the four category scores and the timings that make up the
performance score (README, "Performance").
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core import routes

PAGES = ["", "western-balkans-strategy/", routes.url_path(routes.TIMELINE),
         routes.url_path(routes.timeline_page("2019")), routes.url_path(routes.MAP),
         routes.url_path(routes.entity("zelezara-smederevo"))]
"""The pages issue 13 names: home, an article page, the timeline (landing and a year), the
map and an entity page."""
_TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml",
         "application/xml")
AUDITS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
          "cumulative-layout-shift", "speed-index")


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            path = unquote(urlsplit(self.path).path)
            file = (root / path.lstrip("/")).resolve()
            if file.is_dir():
                file = file / "index.html"
            if root.resolve() not in file.parents or not file.is_file():
                self.send_error(404)
                return
            body = file.read_bytes()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            if kind.startswith(_TEXT) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def run(site: Path, pages: list[str], chromium: str = "/usr/bin/chromium") -> dict[str, dict]:
    """{page: {category: score, audit: display value}} from one Lighthouse run per page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                report = Path(tmp) / "report.json"
                done = subprocess.run(
                    ["lighthouse", base + page, "--quiet", "--output=json",
                     f"--output-path={report}",
                     "--only-categories=performance,accessibility,best-practices,seo",
                     "--chrome-flags=--headless=new --no-sandbox"],
                    check=False, env={**os.environ, "CHROME_PATH": chromium},
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if done.returncode:  # a missing page, say: reported, the others still run
                    out["/" + page] = {"error": done.stderr.strip().splitlines()[-1:]}
                    continue
                data = json.loads(report.read_text(encoding="utf-8"))
                row = {k: v["score"] for k, v in data["categories"].items()}
                row.update({a: data["audits"][a].get("displayValue", "") for a in AUDITS})
                out["/" + page] = row
    finally:
        server.shutdown()
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    results = run(Path(argv[0]), argv[1:] or PAGES)
    print("| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for page, r in results.items():
        if "error" in r:
            print(f"| `{page}` | failed: {' '.join(r['error'])} | | | | | | | |")
            continue
        print(f"| `{page}` | {r['performance']:.2f} | {r['accessibility']:.2f} | "
              f"{r['best-practices']:.2f} | {r['seo']:.2f} | {r['first-contentful-paint']} | "
              f"{r['largest-contentful-paint']} | {r['total-blocking-time']} | "
              f"{r['cumulative-layout-shift']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
