"""`dossier` command line: check the data, export pages, build atomically, benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .problems import Problem, report
from .site import load


def _root() -> Path:
    return Path.cwd()


def print_problems(problems: list[Problem]) -> None:
    lines, _ = report(problems)
    for line in lines:
        click.echo(line, err=False)


@click.group()
def main() -> None:
    """Tools for the China–Serbia research dossier."""


@main.command()
@click.option("--data", "data_dir", default="data", show_default=True, help="Data folder.")
@click.option("--docs", "docs_dir", default="docs", show_default=True, help="Article folder.")
def check(data_dir: str, docs_dir: str) -> None:
    """Validate data/ (and the article's paragraph ids and entity links in docs/)."""
    root = _root()
    if not (root / data_dir).is_dir():
        print_problems([Problem(data_dir, 1, 1, "no-data", f"data folder {data_dir!r} not found "
                                f"in {root}")])
        sys.exit(1)
    loaded = load(root, data_dir, docs_dir)
    if loaded.problems:
        print_problems(loaded.problems)
        sys.exit(1)
    site = loaded.site
    assert site is not None
    click.echo(f"OK: {len(site.facts)} facts, {len(site.entities)} entities, "
               f"{len(site.topics)} topics, {len(site.sources)} sources, "
               f"{len(site.glossary)} glossary terms, {len(site.paragraphs)} article paragraphs "
               f"in {len(loaded.files)} files.")


if __name__ == "__main__":  # pragma: no cover
    main()
