"""The PDF download: the print edition (/print/) printed by headless Chromium.

The PDF is made from the same HTML the site serves (Material's print stylesheet hides the
navigation), with Chromium's own `--print-to-pdf`, so no Python PDF library or browser driver
is needed at build time. The page is opened from disk and loads only files of the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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


def print_to_pdf(html: Path, pdf: Path, timeout: float = 120) -> int:
    """Print the page `html` (a built file) to `pdf`; returns the PDF's size in bytes."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(pdf.name + ".part")
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as profile:
        run = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
             html.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False)
    if run.returncode != 0 or not tmp.is_file() or tmp.read_bytes()[:5] != b"%PDF-":
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"Chromium could not print {html} (exit {run.returncode}):\n"
                           + run.stderr[-2000:])
    tmp.replace(pdf)
    return pdf.stat().st_size
