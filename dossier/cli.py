"""`dossier` command line: check the data, scaffold new records, export pages, build atomically,
benchmark."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from .core.problems import Problem, report
from .core.site import load


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
    # A one-shot process that allocates a large graph without cycles: the cyclic collector
    # would only rescan it (a third of the time on 10,000 facts).
    gc.disable()
    root = _root()
    for folder in (data_dir, docs_dir):
        # Problems name files relative to the project root, so both folders must be inside it.
        if not (root / folder).resolve().is_relative_to(root.resolve()):
            print_problems([Problem(folder, 1, 1, "no-data", f"folder {folder!r} is outside "
                                    f"the project folder {str(root)!r}; run from the project")])
            sys.exit(1)
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


@main.command()
@click.argument("kind", type=click.Choice(["fact", "entity", "source", "topic"]))
@click.argument("title")
@click.option("--file", "facts_file", default=None, metavar="data/facts/NAME.yml",
              help="Facts only: append to this file (created if missing) instead of writing "
              "data/facts/<id>.yml.")
@click.option("--data", "data_dir", default="data", show_default=True, help="Data folder.")
def new(kind: str, title: str, facts_file: str | None, data_dir: str) -> None:
    """Write a skeleton KIND record titled TITLE, with an id made from the title and a TODO in
    every required field; `dossier check` refuses it until each TODO is filled in."""
    from .core import scaffold

    try:
        written = scaffold.new(_root(), kind, title, data_dir=data_dir, facts_file=facts_file)
    except (scaffold.ScaffoldError, OSError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {kind} {written.ident!r} to {written.path}:{written.line}. "
               f"Replace the {len(written.todo)} TODO value(s):")
    for todo in written.todo:
        click.echo(f"  {written.path}:{todo.line}:{todo.col}: {todo.label}: "
                   f"{todo.value.removeprefix(scaffold.TODO).strip()}")
    click.echo("then run `scripts/dossier check`: it refuses the record until they are filled in.")


def _load_or_exit(data_dir: str = "data", docs_dir: str = "docs"):
    loaded = load(_root(), data_dir, docs_dir)
    if loaded.problems:
        print_problems(loaded.problems)
        sys.exit(1)
    assert loaded.site is not None
    return loaded.site


@main.command()
@click.option("--markdown", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write: OUT/docs (all pages as Markdown) and OUT/mkdocs.yml.")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True)
def export(out: str, config_file: str) -> None:
    """Write the complete site as plain Markdown, buildable without the dossier plugin."""
    from .engine.driver import DriverError, configured, plain_config
    from .engine.markdown_export import export_markdown

    _load_or_exit()  # bad data: the problems, printed as `dossier check` prints them

    try:
        site, pub, settings = configured(_root() / config_file)
    except DriverError as err:
        click.echo(str(err), err=True)
        sys.exit(1)
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = export_markdown(site, _root() / "docs", out_dir / "docs", pub, settings)
    (out_dir / "mkdocs.yml").write_text(plain_config(_root() / config_file, out_dir),
                                          encoding="utf-8")
    click.echo(f"Wrote {len(written)} files to {out_dir / 'docs'} and {out_dir / 'mkdocs.yml'}.")


@main.command()
@click.option("--release", "tag", default=None, metavar="vYYYY.MM.DD",
              help="Include a section for this release, about to be tagged at HEAD.")
@click.option("--write", is_flag=True, help="Write CHANGELOG.md instead of printing it.")
@click.option("--check", "check_only", is_flag=True,
              help="Exit 1 when CHANGELOG.md differs from what would be generated.")
def changelog(tag: str | None, write: bool, check_only: bool) -> None:
    """Generate CHANGELOG.md (tagged releases) from the git history of data/ and docs/."""
    import difflib

    from .publish import changelog as _changelog
    from .publish.changes import TAG, history

    path = _root() / _changelog.FILE
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if tag is not None and not TAG.match(tag):
        raise click.BadParameter(f"release tags look like v2026.12.01, got {tag!r}",
                                 param_hint="--release")
    if check_only and tag is None:
        tags = [r.tag for r in history(_root()).releases if r.tag]
        tag = _changelog.pending_tag(current, tags)
    text = _changelog.render(history(_root(), pending=tag))
    if check_only:
        if current != text:
            click.echo("".join(difflib.unified_diff(
                current.splitlines(True), text.splitlines(True), _changelog.FILE, "generated")))
            click.echo(f"{_changelog.FILE} is out of date: run `scripts/dossier changelog --write`.",
                       err=True)
            sys.exit(1)
        click.echo(f"{_changelog.FILE} is up to date.")
    elif write:
        path.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {path}.")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--config-file", default="mkdocs.yml", show_default=True)
@click.option("--pdf/--no-pdf", "make_pdf", default=True, show_default=True,
              help="Print /print/ to downloads/china-serbia-dossier.pdf (needs Chromium).")
@click.option("--offline/--no-offline", "make_offline", default=True, show_default=True,
              help="Build and zip the offline copy to downloads/china-serbia-dossier-offline.zip.")
def publish(site_dir: str, config_file: str, make_pdf: bool, make_offline: bool) -> None:
    """Add the PDF and the offline copy to a finished build (scripts/build runs this)."""
    from .publish.artifacts import publish as _publish

    try:
        _publish(_root(), Path(site_dir), config_file=config_file, make_pdf=make_pdf,
                 make_offline=make_offline, say=click.echo)
    except (OSError, RuntimeError, ValueError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)


@main.command()
@click.option("--runs", type=click.IntRange(1), default=None,
              help="Repetitions of each measurement [default: 5, or 1 with --quick].")
@click.option("--quick", is_flag=True, help="Smoke test: 100 and 1,000 facts, one run each.")
@click.option("--out", "out", default="bench-report", show_default=True,
              type=click.Path(file_okay=False), help="Folder for report.md and report.json.")
@click.option("--sizes", default=None, metavar="SMALL,LARGE",
              help="Facts in the two synthetic sites [default: 1000,10000; 100,1000 with --quick].")
@click.option("--budget", type=click.FloatRange(60), default=600, show_default=True,
              help="Seconds after which the slowest measurements are no longer repeated.")
def bench(runs: int | None, quick: bool, out: str, sizes: str | None, budget: float) -> None:
    """Measure build overhead, scale, check speed, edit-to-reload, page weight and git dates."""
    from .devtools import bench as _bench

    try:
        chosen = tuple(sorted(int(n) for n in sizes.split(","))) if sizes else (
            _bench.QUICK_SIZES if quick else _bench.SIZES)
    except ValueError:
        raise click.BadParameter(f"expected two numbers like 1000,10000, got {sizes!r}",
                                 param_hint="--sizes") from None
    if len(chosen) != 2 or chosen[0] < 10 or chosen[0] == chosen[1]:
        raise click.BadParameter("give two different sizes of at least 10 facts",
                                 param_hint="--sizes")
    n = runs or (1 if quick else 5)
    options = _bench.Options(root=_root(), out=Path(out), runs=n, quick=quick, sizes=chosen,
                             small_runs=1 if quick else min(n, 3),
                             big_runs=1, edits=1 if quick else 3,
                             budget_s=budget,
                             log=lambda message: click.echo(f"bench: {message}", err=True))
    result = _bench.run(options)
    click.echo((Path(out) / "report.md").read_text(encoding="utf-8"))
    click.echo(f"Wrote {Path(out) / 'report.md'} and {Path(out) / 'report.json'} "
               f"in {result['duration_s']} s.")


@main.command()
@click.option("--facts", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Number of facts (written in files of about 500).")
@click.option("--entities", type=click.IntRange(min=1), default=200, show_default=True,
              help="Number of entities (one file each).")
@click.option("--topics", type=click.IntRange(min=1), default=12, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed always writes the same tree.")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def synth(facts: int, entities: int, topics: int, seed: int, out_dir: Path) -> None:
    """Write a valid synthetic data/ and docs/ tree into OUT_DIR (for benchmarks and tests)."""
    from .devtools.synthetic import generate

    try:
        written = generate(out_dir, facts, entities, topics=topics, seed=seed)
    except OSError as err:  # FileExistsError for a non-empty data/ or docs/
        click.echo(f"error: {err}; choose an empty folder", err=True)
        sys.exit(1)
    click.echo(f"Wrote {written} files ({facts} facts, {entities} entities, {topics} topics) "
               f"to {out_dir}; check them with: scripts/dossier check --data {out_dir}/data --docs {out_dir}/docs")


@main.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--cache", default=".snapshots", show_default=True, type=click.Path(file_okay=False),
              help="Folder keeping every built snapshot (deploy: the `snapshots` branch).")
@click.option("--site-url", default=None, help="The current site's URL (default: SITE_DIR's "
              "canonical URL).")
@click.option("--no-artifacts", is_flag=True, help="Skip each new snapshot's PDF and offline copy.")
def snapshots(site_dir: str, cache: str, site_url: str | None, no_artifacts: bool) -> None:
    """Build the release tags missing from the cache (each once, with its own code) and publish
    every snapshot into SITE_DIR/v/<version>/ (README, "Versions")."""
    from .publish import snapshots as _snapshots
    from .publish.artifacts import site_url as built_url

    base = site_url if site_url is not None else built_url(Path(site_dir))
    if base and not base.endswith("/"):
        base += "/"
    try:
        _snapshots.ensure(_root(), Path(cache), base, artifacts=not no_artifacts, say=click.echo)
    except RuntimeError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    _snapshots.publish(_root(), Path(cache), Path(site_dir), say=click.echo)


@main.command()
@click.option("--update", is_flag=True, help="Add what the build publishes anew to the manifest.")
@click.option("--prune", is_flag=True, help="Also drop entries that no longer resolve (only "
              "before they were ever published: a published URL is retired, not dropped).")
@click.option("--site", "site_dir", default=None, type=click.Path(exists=True, file_okay=False),
              help="Check this finished build instead of building into a temporary folder.")
@click.option("--config-file", default="mkdocs.yml", show_default=True)
def manifest(update: bool, prune: bool, site_dir: str | None, config_file: str) -> None:
    """Check every published URL and anchor (published.yml) against a build; --update adds
    the new ones. Retire a moved page or renamed anchor in retired.yml."""
    import tempfile

    from .engine.driver import DriverError, build_into
    from .publish import anchors

    root = _root()
    retired, problems = anchors.load_retired(root)
    old, more = anchors.load_manifest(root)
    if problems or more:
        print_problems(problems + more)
        sys.exit(1)
    with tempfile.TemporaryDirectory(prefix="dossier-manifest-") as tmp:
        built_dir = Path(site_dir) if site_dir else Path(tmp)
        if site_dir is None:
            try:
                build_into(root / config_file, built_dir)
            except DriverError as err:
                click.echo(str(err), err=True)
                sys.exit(1)
        built = anchors.scan(built_dir)
        gone = anchors.verify(old, built_dir, retired)
        if prune and gone:
            old = anchors.prune(old, built_dir, retired)
            click.echo(f"Pruned {len(gone)} entries that no longer resolve.")
            gone = []
        merged, added = anchors.merge(old, built)
        if update or prune:
            (root / anchors.MANIFEST).write_text(anchors.dump(merged), encoding="utf-8")
            click.echo(f"Wrote {anchors.MANIFEST}: {added} new URL(s) and anchor(s), "
                       f"{sum(len(v) for v in merged.pages.values())} anchors on "
                       f"{len(merged.pages)} pages, {len(merged.files)} files.")
        elif added:
            click.echo(f"{added} URL(s) and anchor(s) are not in {anchors.MANIFEST} yet: "
                       "run `scripts/dossier manifest --update` and commit it.")
    if gone:
        print_problems(gone)
        sys.exit(1)
    click.echo(f"OK: every URL and anchor in {anchors.MANIFEST} resolves.")


if __name__ == "__main__":  # pragma: no cover
    main()
