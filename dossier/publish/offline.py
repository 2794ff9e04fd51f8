"""The offline copy: the whole site as a zip that works opened from disk (`file://`).

`dossier publish` builds the site a second time with `mkdocs build --no-directory-urls` (so
links name `.html` files, which a browser can open from disk) and then, here:

* inlines the search index into `search/search_index.js` — Material's own offline mode reads
  it from there when the page is a `file://` page, because `fetch` cannot read local files;
* adds `assets/javascripts/offline-worker.js` before Material's bundle: a small local stand-in
  for the Web Worker that search runs in, which Chromium will not start from `file://`
  (Material's offline plugin loads such a shim from unpkg.com instead — a third-party request
  this site never makes);
* links the print page's downloads: the PDF (copied in) and the published offline copy, when
  the site has a public address (`publication.link_downloads`);
* zips the tree with fixed timestamps, in sorted order, so the same build gives the same zip.

No MkDocs import: this works on the built files.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from importlib.resources import files as package_files
from pathlib import Path

from .publication import link_downloads

SHIM = "assets/javascripts/offline-worker.js"
INDEX_JSON = "search/search_index.json"
INDEX_JS = "search/search_index.js"
FOLDER = "china-serbia-dossier"
"""Top folder inside the zip (the reader opens FOLDER/index.html)."""

_BUNDLE = re.compile(r'<script src="(?P<prefix>[^"]*?)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"'
                     r'(?P<defer> defer)?></script>')
_EPOCH = (1980, 1, 1, 0, 0, 0)


def prepare(site_dir: Path, online_zip_url: str | None, *, pdf: bool = False) -> int:
    """Make a `--no-directory-urls` build under `site_dir` work from disk; returns the number
    of pages changed. Fails when the build does not look like a Material build."""
    index = site_dir / INDEX_JSON
    if not index.is_file():
        raise FileNotFoundError(f"{index} is missing: is the search plugin enabled?")
    (site_dir / INDEX_JS).write_text("var __index = " + index.read_text(encoding="utf-8") + ";\n",
                                     encoding="utf-8")
    shim = package_files("dossier.publish").joinpath("assets/offline-worker.js").read_text(encoding="utf-8")
    (site_dir / SHIM).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / SHIM).write_text(shim, encoding="utf-8")
    changed = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        # Deferred like the bundle (overrides/main.html), so it still runs right before it.
        new = _BUNDLE.sub(lambda m: f'<script src="{m.group("prefix")}{SHIM}"'
                                    f'{m.group("defer") or ""}></script>' + m.group(0),
                          html, count=1)
        if new == html:
            continue  # not a Material page (e.g. a redirect stub): nothing to do
        new = link_downloads(new, pdf=pdf, zip_href=online_zip_url or None)
        page.write_text(new, encoding="utf-8")
        changed += 1
    if not changed:
        raise ValueError(f"no page under {site_dir} loads Material's bundle; nothing to prepare")
    return changed


def zip_tree(site_dir: Path, zip_path: Path, folder: str = FOLDER) -> int:
    """Zip `site_dir` into `zip_path` under `folder/`, reproducibly; returns the file count."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(zip_path.name + ".part")
    count = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            if file.suffix == ".gz":
                continue  # sitemap.xml.gz: of no use on disk
            info = zipfile.ZipInfo(f"{folder}/{file.relative_to(site_dir).as_posix()}", _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.read_bytes())
            count += 1
    tmp.replace(zip_path)
    return count


def copy_into(files: dict[Path, str], site_dir: Path) -> None:
    """Copy built downloads (e.g. the PDF) into the offline tree at their site paths."""
    for source, rel in files.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
