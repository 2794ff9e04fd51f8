"""The downloads made after a build: the PDF of the print edition and the offline copy.

`dossier publish SITE_DIR` (run by scripts/build on the fresh build, before it replaces
`site/`) prints /print/ to `downloads/china-serbia-dossier.pdf`, builds the site a second
time for reading from disk, and zips that to `downloads/china-serbia-dossier-offline.zip`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import offline, pdf
from .publication import OFFLINE_ZIP, PDF, link_downloads

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def site_url(site_dir: Path) -> str:
    """The URL the build was made for (the home page's canonical link), or ''."""
    home = site_dir / "index.html"
    found = _CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    return found.group(1) if found else ""


def print_page(site_dir: Path) -> Path:
    for candidate in ("print/index.html", "print.html"):
        if (site_dir / candidate).is_file():
            return site_dir / candidate
    raise FileNotFoundError(f"no print page in {site_dir} (is the dossier plugin enabled?)")


def build_offline(root: Path, out: Path, config_file: str = "mkdocs.yml") -> None:
    """`mkdocs build --strict --no-directory-urls` of the project into `out`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                          "--no-directory-urls", "--config-file", config_file,
                          "--site-dir", str(out)],
                         cwd=root, env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise RuntimeError("the offline build failed:\n" + (run.stderr or run.stdout)[-4000:])


def publish(root: Path, site_dir: Path, *, config_file: str = "mkdocs.yml",
            make_pdf: bool = True, make_offline: bool = True,
            say: Callable[[str], None] = print) -> list[Path]:
    """Add the PDF and the offline copy to a finished build in `site_dir`; returns them."""
    made = []
    if make_pdf:
        page = print_page(site_dir)
        found = _CANONICAL.search(page.read_text(encoding="utf-8"))  # its public URL
        size = pdf.print_to_pdf(page, site_dir / PDF, base_url=found.group(1) if found else "")
        say(f"{PDF}: {size // 1024} kB")
        made.append(site_dir / PDF)
    if make_offline:
        base = site_url(site_dir)
        online = (base if base.endswith("/") else base + "/") + OFFLINE_ZIP if base else ""
        with tempfile.TemporaryDirectory(prefix=".offline-", dir=site_dir.parent) as tmp:
            tree = Path(tmp) / "site"
            build_offline(root, tree, config_file)
            pages = offline.prepare(tree, online or None, pdf=make_pdf)
            if make_pdf:
                offline.copy_into({site_dir / PDF: PDF}, tree)
            count = offline.zip_tree(tree, site_dir / OFFLINE_ZIP)
        size = (site_dir / OFFLINE_ZIP).stat().st_size
        say(f"{OFFLINE_ZIP}: {count} files, {pages} pages, {size // 1024} kB")
        made.append(site_dir / OFFLINE_ZIP)
    if made:  # /print/ links what was made, and only that (overrides/print.html)
        page = print_page(site_dir)
        page.write_text(link_downloads(page.read_text(encoding="utf-8"), pdf=make_pdf,
                                       zip_href="" if make_offline else None), encoding="utf-8")
    return made


def unzip(zip_path: Path, dest: Path) -> Path:
    """Unpack an offline copy; returns the folder holding its index.html."""
    shutil.unpack_archive(zip_path, dest, "zip")
    return dest / offline.FOLDER
