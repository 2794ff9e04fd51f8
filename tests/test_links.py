"""Every internal link and #anchor in the built site resolves (raw-HTML links included)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.devtools.linkcheck import check_site
from dossier.publish.publication import OFFLINE_ZIP, PDF


def test_built_site_has_no_broken_link_or_anchor(built_site) -> None:
    """Every link resolves but those to what `dossier publish` adds after the build (the PDF
    and the offline copy; test_published_site_has_no_broken_link checks them)."""
    later = {PDF, OFFLINE_ZIP}
    broken = check_site(built_site.site_dir, built_site.site_url)
    missing = [b for b in broken if not any(b.target.split("#")[0].endswith(name) for name in later)]
    assert not missing, "broken links:\n" + "\n".join(map(str, missing))


@pytest.mark.browser  # Chromium prints the PDF
def test_published_site_has_no_broken_link_or_anchor(published_site) -> None:
    broken = check_site(published_site.site_dir, published_site.site_url)
    assert not broken, "broken links:\n" + "\n".join(map(str, broken))


def test_checker_finds_broken_files_and_anchors(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<p id="top">x</p><a href="a/">ok</a><a href="a/#here">ok</a><a href="#top">ok</a>'
        '<a href="a/#gone">bad anchor</a><a href="b/">bad page</a><a href="../../x">outside</a>'
        '<a href="https://elsewhere.org/#x">external</a>'
        '<a href="https://example.org/site/a/#nope">own absolute</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="here">h</h2><a href="../#top">ok</a>',
                                           encoding="utf-8")
    broken = check_site(site, "https://example.org/site/")
    assert [(b.page, b.target) for b in broken] == [
        ("index.html", "../../x"),
        ("index.html", "a/#gone"),
        ("index.html", "b/"),
        ("index.html", "https://example.org/site/a/#nope"),
    ]


def test_a_removed_anchor_in_the_real_site_is_caught(built_site, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site.site_dir, copy)
    page = copy / "western-balkans-strategy" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="p-zijin-bor"', 'id="p-x"'),
                    encoding="utf-8")
    broken = check_site(copy, built_site.site_url)
    assert any("p-zijin-bor" in b.target for b in broken)
