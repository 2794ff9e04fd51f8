"""Write the whole site as plain Markdown: hand-written pages with the data woven in, plus
every generated page and file. Any engine that reads MkDocs-style Markdown (with attr_list and
md_in_html) can then build the complete site without our plugin (e.g. Zensical after
Material's end of life, or the benchmark's plain-Material baseline)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..core.settings import Settings
from ..core.site import Site
from ..publish.publication import Publication
from . import assembly


def export_markdown(site: Site, docs_dir: Path, out_dir: Path, pub: Publication | None = None,
                    settings: Settings | None = None) -> list[str]:
    """Copy `docs_dir` into `out_dir`, annotate its pages, add generated pages and files.
    With the build's `pub` and `settings` (as `dossier export` passes them), the pages the
    build adds with them too: change log, print edition, /data/, "Cite this".

    Returns the written paths (relative to `out_dir`), sorted."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(docs_dir, out_dir)
    written = []
    for file in sorted(out_dir.rglob("*.md")):
        src_uri = file.relative_to(out_dir).as_posix()
        file.write_text(assembly.page_markdown(file.read_text(encoding="utf-8"), src_uri, site,
                                           settings),
                        encoding="utf-8")
        written.append(src_uri)
    for src_uri, markdown in assembly.generated_pages(site, pub, settings).items():
        _write(out_dir / src_uri, markdown.encode("utf-8"))
        written.append(src_uri)
    for src_uri, content in assembly.generated_files(site, pub, settings).items():
        _write(out_dir / src_uri, content)
        written.append(src_uri)
    return sorted(set(written))


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
