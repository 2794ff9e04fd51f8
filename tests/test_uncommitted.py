"""A page not yet committed says so (issue 15): under `mkdocs serve` the git plugin would show
the build time as its "Last updated" date; the page shows "not yet committed" instead. A strict
build still fails on it (the git plugin's warning), so it is never published undated.

The project is the small valid example, with the real "last updated" configuration and
template, in a fresh git repository where one article page and one entity are not committed."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Build, build_site

from dossier.publish import gitdates

VALID = Path(__file__).parent / "examples" / "valid"
COMMITTED = "2020-01-02T12:00:00+00:00"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(*args: str, cwd: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("uncommitted") / "project"
    shutil.copytree(VALID, root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    real = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    git_block = real[real.index("  - git-revision-date-localized:"):real.index("  # Loads and")]
    git_conf = yaml.safe_load(git_block)[0]  # the real plugin settings, verbatim
    config["theme"]["custom_dir"] = "overrides"
    config["nav"].insert(1, {"Draft": "draft.md"})
    config["plugins"] = ["search", git_conf, "dossier"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _git("init", "-q", cwd=root)
    _git("add", ".", cwd=root)
    _git("commit", "-qm", "the committed project", cwd=root)
    # Not committed: a new article page and a new entity (its page is generated).
    (root / "docs" / "draft.md").write_text("# Draft { #draft }\n\nA new page.\n{: #p-draft }\n",
                                            encoding="utf-8")
    (root / "data" / "entities" / "zijin-mining.yml").write_text(
        "id: zijin-mining\nkind: company\nname: Zijin Mining\ndescription: A mining company.\n",
        encoding="utf-8")
    return root


def _serve_build(project: Path, site_dir: Path) -> Build:
    """Build as `mkdocs serve` does: not strict, the `serve` command, a live-reload URL."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler, logger = Collect(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config, serve_url="http://127.0.0.1:8000/")
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    return Build(site_dir, config.site_url or "", records)


def _updated(html: str) -> str:
    """The text of the "Last updated" line, without tags."""
    import re

    m = re.search(r"Last updated: (.*?)</span>\s*</span>\s*</aside>", html, re.S)
    assert m, "no 'Last updated' line"
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def test_serve_says_not_yet_committed_instead_of_todays_date(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_GIT_DATES", "auto")
    assert gitdates.probe(project / "docs").usable
    result = _serve_build(project, tmp_path / "site")
    today = f"{dt.date.today():%B %-d, %Y}"

    draft = result.html("draft/")
    assert _updated(draft) == "not yet committed"
    assert today not in draft
    # The git plugin's warning stays in the log (and fails `build --strict`, below).
    assert any("draft.md' has no git logs" in m for m in result.warnings)

    # Committed pages keep their commit's date, article and generated alike.
    assert _updated(result.html("")) == "January 2, 2020"
    assert _updated(result.html("entities/hbis/")) == "January 2, 2020"
    # A generated page made only from files not yet committed says so too.
    assert _updated(result.html("entities/zijin-mining/")) == "not yet committed"


def test_a_strict_build_still_fails_on_the_uncommitted_page(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("DOSSIER_GIT_DATES", "auto")
    records: list[logging.LogRecord] = []
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site", records)
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert any("draft.md' has no git logs" in m for m in warnings), warnings


def test_uncommitted_means_dated_without_a_commit() -> None:
    assert gitdates.uncommitted({"git_revision_date_localized": "x",
                                 "git_revision_date_localized_hash": ""})
    assert not gitdates.uncommitted({"git_revision_date_localized": "x",
                                     "git_revision_date_localized_hash": "0a1b2c"})
    assert not gitdates.uncommitted({})  # the git plugin is off: no date at all
