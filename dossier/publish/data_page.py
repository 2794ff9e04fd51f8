"""The /data/ page: every download with its size, rows and licence, and what each column means.

Generated from the same declarations as the files themselves (`exports.TABLES`, whose column
docs come from `schema`), so the page cannot describe a column the CSV does not have.
"""

from __future__ import annotations

from ..core import routes
from ..core.settings import Settings
from ..render.markup import text
from .data_downloads import KINDS, TABLES, Download

SRC_URI = routes.DATA
TITLE = "Data downloads"
FORMATS = {"csv": "CSV", "json": "JSON", "datapackage": "JSON (Frictionless)",
           "schema": "JSON Schema"}


def size(n: int) -> str:
    """Byte count in SI units, as file managers show it: '812 B', '12.3 kB', '1.2 MB'."""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _row(d: Download) -> str:
    rows = f"{d.rows:,}" if d.rows is not None else "—"
    return (f"| [{text(d.path)}]({d.path}) | {FORMATS[d.kind]} | {rows} | "
            f"{size(len(d.content))} | {text(d.doc)} |")


def data_page(downloads: list[Download], settings: Settings) -> str:
    """The Markdown of /data/."""
    version = text(settings.version) + (f" of {settings.version_date:%-d %B %Y}"
                                        if settings.version_date else "")
    licence = (f"[{text(settings.license_title)}]({settings.license_url})"
               if settings.license_url else text(settings.license))
    out = [
        f"# {TITLE} {{ #data }}", "",
        "Everything this site shows is built from structured data. The same data is offered "
        "here for reuse: as JSON (records nested as in the data files) and as CSV tables "
        "described by a [Frictionless](https://frictionlessdata.io/) data package. Every row "
        "carries its `permalink`, the public address of the record on this site.", "",
        f"**Version:** {version} (the files are rebuilt with the site and carry no timestamps). "
        f"**Licence:** {licence} — reuse freely with attribution; see [Cite this](#dossier-cite) "
        "below. **Published by:** " + text(settings.author) + ".", "",
        "## Files { #files }", "",
        "| File | Format | Rows | Size | What it holds |",
        "| --- | --- | --: | --: | --- |",
    ]
    out += [_row(d) for d in downloads] + [""]
    out += [
        "## Data package { #datapackage }", "",
        "`datapackage.json` declares each CSV table's columns and types, its primary key and "
        "the foreign keys between tables (e.g. `fact_sources.source` → `sources.id`). Check "
        "the files with `frictionless validate datapackage.json`, or load them with any "
        "Frictionless library. Lists inside a CSV cell are JSON arrays; empty cells are "
        "missing values.", "",
        "## JSON Schemas { #schemas }", "",
        "The `schemas/` files describe one YAML data file of each kind (a record or a list of "
        "records), as the editors write them; the JSON downloads hold the same records with "
        "`permalink` added. " + ", ".join(f"[{k}](schemas/{k}.schema.json)" for k in KINDS)
        + ".", "",
        "## Columns { #columns }", "",
    ]
    for table in TABLES:
        key = ", ".join(f"`{k}`" for k in table.key)
        out += [f"### {text(table.path)} {{ #table-{table.name.replace('_', '-')} }}", "",
                f"{text(table.doc)} Primary key: {key}." + ("" if not table.foreign else
                " Foreign keys: " + ", ".join(f"`{c}` → `{r}.id`" for c, r in table.foreign)
                + "."), "",
                "| Column | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
        out += [f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | {text(c.doc)} |"
                for c in table.columns]
        out.append("")
    return "\n".join(out)
