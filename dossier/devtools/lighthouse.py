"""Lighthouse (mobile) over a built site, served with gzip as static hosts serve it.

    python -m dossier.devtools.lighthouse SITE_DIR [--runs N] [URL_PATH ...]

Needs `lighthouse` from npm (`npm install -g lighthouse`) and Debian's chromium; nothing is
fetched from the web. Python's `http.server` sends files uncompressed, which no host does and
which Lighthouse would count against every page; this server compresses text the way GitHub
Pages does. Prints, per page, the four category scores and the timings that make up the
performance score (README, "Performance"): with `--runs N`, the median of N runs per page (the
pages taken in turn, so a busy moment does not fall on one page) and the range of the
performance score, since the score moves by a few hundredths between runs on a busy machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import statistics
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


def run(site: Path, pages: list[str], chromium: str = "/usr/bin/chromium",
        runs: int = 1) -> dict[str, dict]:
    """{page: {category: median score, audit: median numeric value, "performance range":
    (min, max)}} from `runs` Lighthouse runs per page."""
    rounds = [_run_once(site, pages, chromium) for _ in range(runs)]
    out: dict[str, dict] = {}
    for page in rounds[0]:
        rows = [r[page] for r in rounds if "error" not in r[page]]
        if not rows:
            out[page] = rounds[0][page]
            continue
        out[page] = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        scores = [row["performance"] for row in rows]
        out[page]["performance range"] = (min(scores), max(scores))
    return out


def _run_once(site: Path, pages: list[str], chromium: str) -> dict[str, dict]:
    """{page: {category: score, audit: numeric value}} from one Lighthouse run per page."""
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
                row.update({a: data["audits"][a]["numericValue"] for a in AUDITS})
                out["/" + page] = row
    finally:
        server.shutdown()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier.devtools.lighthouse",
                                     description="Lighthouse (mobile) over a built site.")
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument("pages", nargs="*", default=PAGES, help="URL paths (default: issue 13's)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; medians reported")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    results = run(args.site, args.pages, runs=runs)
    print(f"Lighthouse mobile, median of {runs} run{'s' if runs != 1 else ''} per page")
    print("| page | performance (range) | accessibility | best practices | SEO | FCP | LCP | TBT "
          "| CLS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for page, r in results.items():
        if "error" in r:
            print(f"| `{page}` | failed: {' '.join(r['error'])} | | | | | | | |")
            continue
        low, high = r["performance range"]
        print(f"| `{page}` | {r['performance']:.2f} ({low:.2f}–{high:.2f}) | "
              f"{r['accessibility']:.2f} | {r['best-practices']:.2f} | {r['seo']:.2f} | "
              f"{r['first-contentful-paint'] / 1000:.1f} s | "
              f"{r['largest-contentful-paint'] / 1000:.1f} s | "
              f"{r['total-blocking-time']:.0f} ms | {r['cumulative-layout-shift']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
