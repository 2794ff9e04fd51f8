"""`mkdocs serve` as an editor runs it: the local address, a /print/ page that links no file
the build lacks, and bad data answered at once with the list of problems (never a request left
hanging), the site coming back when the data is fixed. A real `mkdocs serve` subprocess on a
free port, on a copy of the project."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project

from dossier.render.problems_page import MARKER

BAD_FACT = """\
- id: fact-with-a-broken-reference
  date: "2020"
  title: A fact that names an entity nobody defined
  summary: It names an entity that does not exist.
  topics: [industry-mining]
  entities: [no-such-entity]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    """(status, body); a request that does not answer within `timeout` fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def wait_for(url: str, ok, deadline_s: float) -> tuple[int, str]:
    end = time.monotonic() + deadline_s
    last: tuple[int, str] = (0, "")
    while time.monotonic() < end:
        try:
            last = get(url)
            if ok(*last):
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered as expected; last answer {last[0]}: "
                         f"{last[1][:300]!r}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}
    env["DOSSIER_GIT_DATES"] = "off"
    log = project / "serve.log"
    with log.open("w") as out:
        # --strict: a data problem must not abort the served build either (it is printed,
        # not logged as an error that strict mode counts).
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload",
                                 "--strict", "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda status, body: status == 200, 300)
        yield project, base, log
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_uses_the_local_address_and_says_so_once(served) -> None:
    _project, base, log = served
    status, home = get(base)
    assert status == 200
    assert f'<link rel="canonical" href="{base}">' in home
    assert "example.org" not in home
    said = [line for line in log.read_text(encoding="utf-8").splitlines()
            if "local address" in line]
    assert len(said) == 1 and base in said[0], said


def test_print_page_links_no_download_the_build_lacks(served) -> None:
    _project, base, _log = served
    status, html = get(base + "print/")
    assert status == 200
    assert "scripts/build" in html
    linked = re.findall(r'href="([^"]*downloads/[^"]*)"', html)
    assert not linked, linked
    for href in re.findall(r'<a [^>]*href="([^"#]+)"', html):
        if href.startswith(("http:", "https:", "mailto:", "javascript:")):
            continue
        assert get(base + "print/" + href)[0] == 200, href


def test_bad_data_answers_with_the_problems_until_fixed(served) -> None:
    project, base, log = served
    bad = project / "data" / "facts" / "zz-broken.yml"
    bad.write_text(BAD_FACT, encoding="utf-8")
    try:
        status, body = wait_for(base, lambda s, b: MARKER in b, 120)
        assert re.search(r"data/facts/zz-broken\.yml:6:\d+: \[error\] .*no-such-entity", body)
        # every address answers at once with the same list, not a hanging request
        for path in ("timeline/", "western-balkans-strategy/", "no/such/page/"):
            started = time.monotonic()
            status, body = get(base + path, timeout=10)
            assert MARKER in body, path
            assert time.monotonic() - started < 10
        assert "location.reload()" in body  # it reloads itself once the data is fixed
        # the terminal says the same, as path:line:col: [error] message (code)
        assert re.search(r"data/facts/zz-broken\.yml:6:\d+: \[error\] .*no-such-entity",
                         log.read_text(encoding="utf-8"))
    finally:
        bad.unlink()
    status, body = wait_for(base + "timeline/", lambda s, b: s == 200 and MARKER not in b, 300)
    assert "<h1" in body
