"""The test command runs every gate: CI (.ci/run) runs scripts/test, which installs Debian's
Chromium when it is missing and runs the whole suite, browser tests included; in CI a missing
browser fails the run instead of skipping the browser tests."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, require_chromium


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(tmp_path: Path) -> None:
    missing = tmp_path / "chromium"
    for ci in ("true", "1", "TRUE"):
        with pytest.raises(pytest.fail.Exception, match="missing"):
            require_chromium(missing, {"CI": ci})
    for env in ({}, {"CI": "false"}, {"CI": ""}):
        with pytest.raises(pytest.skip.Exception, match="missing"):
            require_chromium(missing, env)
    present = tmp_path / "present"
    present.touch()
    require_chromium(present, {"CI": "true"})  # no exception


def commands(script: Path) -> list[str]:
    """The script's lines without comments and blank lines."""
    out = []
    for line in script.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def test_ci_runs_the_test_command() -> None:
    assert "exec bash scripts/test" in commands(ROOT / ".ci" / "run")


def test_the_test_command_installs_chromium_with_apt_and_runs_everything() -> None:
    lines = commands(ROOT / "scripts" / "test")
    setup = commands(ROOT / "scripts" / "setup.sh")  # sourced: apt_install and setup_venv
    assert "source scripts/setup.sh" in lines
    text = "\n".join(lines + setup)
    assert 'if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then' in lines
    assert "apt_install chromium" in lines
    assert re.search(r"apt-get install -y\b.*\"\$@\"", text)
    assert "playwright install" not in text  # browser downloads are not possible here
    run = lines[-1]
    assert run == 'exec .venv/bin/python -m pytest "$@"', run  # no marker or -k filter
    addopts = shlex.split(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                          ["tool"]["pytest"]["ini_options"].get("addopts", ""))
    assert not {"-m", "-k"} & set(addopts), addopts
    assert not any(o.startswith(("-m", "-k", "--deselect", "--ignore")) for o in addopts)
