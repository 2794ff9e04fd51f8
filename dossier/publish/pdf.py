"""The PDF download: the print edition (/print/) printed by headless Chromium.

The PDF is made from the same HTML the site serves (Material's print stylesheet hides the
navigation), with Chromium's own `--print-to-pdf`, so no Python PDF library or browser driver
is needed at build time. The page is opened from disk and loads only files of the build.

Reproducible: its links point at the published site (not at the build folder on disk), and its
creation date is `SOURCE_DATE_EPOCH` (scripts/build sets it to the last commit's date) when set.
"""

from __future__ import annotations

import datetime as dt
import html as _html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
ENV_VAR = "CHROMIUM"
"""Set it to the browser executable when it is not Debian's /usr/bin/chromium."""
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update",
         "--disable-default-apps", "--no-pdf-header-footer")


def chromium() -> str:
    """The Chromium executable to print with; raises FileNotFoundError naming what was tried."""
    wanted = os.environ.get(ENV_VAR)
    for candidate in ((wanted,) if wanted else CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    raise FileNotFoundError(f"no Chromium found (tried {', '.join((wanted,) if wanted else CANDIDATES)}); "
                            f"install Debian's chromium or set ${ENV_VAR}")


_A_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")', re.I)
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)")


def absolute_links(page: str, base_url: str) -> str:
    """The page's `<a href>` links resolved against its public URL `base_url` (same-page
    `#anchors` and links with a scheme stay as they are), so that the PDF's links lead to the
    published site rather than to files of the build folder."""
    def fix(m: re.Match[str]) -> str:
        href = _html.unescape(m.group(2))
        if not href or href.startswith("#") or urlsplit(href).scheme:
            return m.group(0)
        return m.group(1) + _html.escape(urljoin(base_url, href), quote=True) + m.group(3)
    return _A_HREF.sub(fix, page)


def pin_dates(data: bytes, epoch: int) -> bytes:
    """The PDF with its /CreationDate and /ModDate set to `epoch` (UTC), byte length kept, so
    the cross-reference offsets stay right."""
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).strftime("%Y%m%d%H%M%S")

    def fix(m: re.Match[bytes]) -> bytes:
        zone = {7: b"+00'00'", 1: b"Z", 0: b""}.get(len(m.group(2)))
        return m.group(0) if zone is None else \
            b"/" + m.group(1) + b" (D:" + stamp.encode() + zone + b")"
    return _PDF_DATE.sub(fix, data)


def print_to_pdf(html: Path, pdf: Path, timeout: float = 120, *, base_url: str = "") -> int:
    """Print the page `html` (a built file) to `pdf`; returns the PDF's size in bytes. With
    `base_url` (the page's public URL) its links point there; with $SOURCE_DATE_EPOCH set,
    that is the PDF's date."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(pdf.name + ".part")
    source = html
    if base_url:  # a copy beside the page, so its relative stylesheets and images still load
        source = html.with_name(f".{html.stem}.pdf-source{html.suffix}")
        source.write_text(absolute_links(html.read_text(encoding="utf-8"), base_url),
                          encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as profile:
            run = subprocess.run(
                [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                 source.resolve().as_uri()],
                capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        if source != html:
            source.unlink(missing_ok=True)
    if run.returncode != 0 or not tmp.is_file() or tmp.read_bytes()[:5] != b"%PDF-":
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"Chromium could not print {html} (exit {run.returncode}):\n"
                           + run.stderr[-2000:])
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        tmp.write_bytes(pin_dates(tmp.read_bytes(), int(epoch)))
    tmp.replace(pdf)
    return pdf.stat().st_size
