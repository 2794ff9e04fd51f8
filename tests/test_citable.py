"""Citable and reusable, end to end: strict builds of the fixture tree (and of the real site) carry
"Cite this", head metadata, downloads and a sitemap; the published-anchors guard fails when an
anchor or page disappears and passes again once retired.yml keeps it working."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_VERSION as VERSION
from conftest import EXAMPLE, ROOT, Build, ExampleBuild, build_site, example_project

from dossier.publish import anchors, data_downloads

from dossier.engine import assembly
from dossier.publish.data_page import SRC_URI as DATA_PAGE

HIGHWIRE = ["citation_title", "citation_author", "citation_publication_date", "citation_date",
            "citation_online_date", "citation_public_url", "citation_abstract_html_url",
            "citation_publisher", "citation_language"]
OPENGRAPH = ["og:title", "og:type", "og:url", "og:description", "og:site_name"]


def commit(project: Path, message: str) -> None:
    git = ["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True)


@pytest.fixture
def example(example_site: ExampleBuild) -> tuple[Path, Build]:
    """The session's one build of the example project (conftest.example_site)."""
    return example_site.project, example_site.build


def pages(site_dir: Path) -> dict[str, str]:
    """{URL path: HTML} of every page of a build (no redirect stubs, no 404)."""
    out = {}
    for file in sorted(site_dir.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if "<title>Redirecting...</title>" not in html:
            out["/" + file.relative_to(site_dir).parent.as_posix().strip(".")] = html
    return {k.replace("//", "/").rstrip("/") + "/": v for k, v in out.items()}


def head_of(html: str) -> tuple[dict[str, list[str]], list[dict], str | None]:
    from test_metadata import Head

    head = Head(html[: html.index("</head>")])
    return head.meta, head.json_ld, head.links.get("canonical")


# --------------------------------------------------------------------------- metadata


def check_metadata(site_dir: Path, site_url: str, release: str | None = None) -> list[str]:
    """Everything a reference manager or crawler needs, on every page; returns what is missing."""
    missing = []
    for url, html in pages(site_dir).items():
        meta, json_ld, canonical = head_of(html)
        for name in HIGHWIRE + OPENGRAPH + ["description"]:
            if not meta.get(name) or not meta[name][0].strip():
                missing.append(f"{url}: {name}")
        if canonical != site_url + url.lstrip("/"):
            missing.append(f"{url}: canonical {canonical!r}")
        # a release build: reference managers cite its snapshot (publish/snapshots.py)
        pinned = (f"{site_url}v/{release[1:]}/" if release else site_url) + url.lstrip("/")
        if meta.get("citation_public_url") != [pinned]:
            missing.append(f"{url}: citation_public_url {meta.get('citation_public_url')}")
        if len(json_ld) != 1 or json_ld[0].get("url") != site_url + url.lstrip("/"):
            missing.append(f"{url}: JSON-LD {json_ld}")
        if len(meta.get("description", [])) != 1:
            missing.append(f"{url}: {len(meta.get('description', []))} meta descriptions")
    return missing


def test_every_page_carries_reference_manager_metadata(example: tuple[Path, Build]) -> None:
    _, result = example
    assert check_metadata(result.site_dir, result.site_url, VERSION) == []
    meta, json_ld, _ = head_of(result.html(""))
    assert json_ld[0]["@type"] == "ScholarlyArticle"
    assert meta["citation_publication_date"][0] == re.sub(
        r"-", "/", json_ld[0]["dateModified"])  # the version's commit date
    assert json_ld[0]["version"] == VERSION
    meta, json_ld, _ = head_of(result.html("data/"))
    assert json_ld[0]["@type"] == "Dataset"
    urls = {d["contentUrl"] for d in json_ld[0]["distribution"]}
    assert result.site_url + "data/facts.csv" in urls
    for href in urls:
        assert (result.site_dir / href[len(result.site_url):]).is_file()
    meta, json_ld, _ = head_of(result.html("entities/ada-bridge/"))
    assert json_ld[0]["@type"] == "WebPage" and json_ld[0]["about"]["@type"] == "Place"
    assert meta["description"] == ["Ada Bridge <script>alert(1)</script>: Cable-stayed bridge "
                                   "over the Sava."]  # the parser unescaped it: it was escaped


def test_sitemap_lists_generated_pages(example: tuple[Path, Build]) -> None:
    _, result = example
    sitemap = (result.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for url in pages(result.site_dir):
        assert result.site_url + url.lstrip("/") in locs, url
    assert result.site_url + "data/" in locs and result.site_url + "entities/hbis/" in locs


# --------------------------------------------------------------------------- cite this, downloads


def test_cite_this_on_every_page_and_each_paragraph_and_fact(example: tuple[Path, Build]) -> None:
    project, result = example
    built = pages(result.site_dir)
    for url, html in built.items():
        if url == "/print/":
            continue  # the print edition repeats the articles
        assert html.count('<details class="dossier-cite" id="dossier-cite"') == 1, url
        assert html.count('data-cite-format="') == 5, url
        assert VERSION in re.search(r'<details class="dossier-cite".*?</details>', html,
                                    re.S).group(0), url
    home = built["/"]
    for pid in ("p-steel", "p-bridge", "p-quiet"):
        assert re.search(rf'<a [^>]*class="dossier-cite-link" data-cite="{pid}" '
                         rf'href="#dossier-cite"', home), pid
    items = []  # the fact cards' citations, on the timeline's year pages
    for url in ("/timeline/2008/", "/timeline/2016/", "/timeline/undated/"):
        items += json.loads(__import__("html").unescape(re.search(
            r'<div class="dossier-cite-data" hidden>(.*?)</div>', built[url]).group(1)))["items"]
    assert sorted(items) == sorted(["hbis-buys-smederevo", "ada-bridge-financing",
                                    "undated-thing"])
    # entity and topic titles have their ¶ like every heading (the copy button is added by JS)
    for url, ident in (("/entities/hbis/", "hbis"), ("/topics/industry/", "industry")):
        assert f'<h1 id="{ident}">' in built[url]
        assert f'<a class="headerlink" href="#{ident}"' in built[url]


def test_download_permalinks_resolve_in_the_build(example: tuple[Path, Build]) -> None:
    _, result = example
    ids = {url: anchors.page_ids(html)[1] for url, html in pages(result.site_dir).items()}
    rows = csv.DictReader(io.StringIO((result.site_dir / "data/facts.csv").read_text("utf-8")))
    links = [r["permalink"] for r in rows]
    for stem in ("entities", "topics", "sources"):
        links += [r["permalink"] for r in json.loads(
            (result.site_dir / f"data/{stem}.json").read_text("utf-8"))]
    forwarded = anchors.forwarded(result.site_dir)  # /timeline/#<fact-id> → its year page
    for link in links:
        path, _, anchor = link[len(result.site_url) - 1:].partition("#")
        assert path in ids, link
        assert not anchor or anchor in ids[path] or anchor in ids[forwarded[anchor]], link
    assert all((result.site_dir / name).is_file() for name in data_downloads.files(
        *_site_and_settings(result)))


def _site_and_settings(result: Build):
    from dossier.core.settings import Settings
    from dossier.core.site import load

    site = load(EXAMPLE).site
    return site, Settings(result.site_url, "Example dossier", "Example dossier")


def test_registered_in_the_build() -> None:
    site, settings = _site_and_settings(Build(Path("."), "https://e.org/"))
    assert DATA_PAGE in assembly.generated_pages(site, settings=settings)
    assert set(data_downloads.files(site, settings)) <= set(assembly.generated_files(site, settings=settings))
    assert DATA_PAGE not in assembly.generated_pages(site)  # no settings, no citations or downloads
    assert assembly.in_nav(DATA_PAGE)


# --------------------------------------------------------------------------- anchors that never break


def _check(project: Path, site_dir: Path) -> list[str]:
    manifest, problems = anchors.load_manifest(project)
    retired, more = anchors.load_retired(project)
    assert problems == more == []
    return [f"{p.code}: {p.message}" for p in anchors.verify(manifest, site_dir, retired)]


def test_renamed_anchor_fails_until_retired(tmp_path: Path) -> None:
    project = example_project(tmp_path / "project")
    first = build_site(project, tmp_path / "site1")
    (project / anchors.MANIFEST).write_text(anchors.dump(anchors.scan(first.site_dir)), "utf-8")
    assert _check(project, first.site_dir) == []
    # rename the paragraph p-quiet (and the data that points at it)
    for rel in ("docs/index.md", "data/topics/infrastructure.yml"):
        path = project / rel
        path.write_text(path.read_text("utf-8").replace("p-quiet", "p-silent"), "utf-8")
    commit(project, "rename p-quiet")
    second = build_site(project, tmp_path / "site2")
    problems = _check(project, second.site_dir)
    assert problems and all(p.startswith("anchor-gone: published anchor #") and "p-quiet on /"
                            in p for p in problems), problems
    retire = "anchors:\n  index.md:\n    p-quiet: p-silent\n"
    if (second.site_dir / "print").is_dir():  # the print edition repeats the article's anchors
        retire += "  print.md:\n    print-p-quiet: print-p-silent\n"
    (project / anchors.RETIRED).write_text(retire, "utf-8")
    third = build_site(project, tmp_path / "site3")
    assert _check(project, third.site_dir) == []
    html = third.html("")
    assert html.index('<span class="dossier-alias" id="p-quiet"') < html.index('id="p-silent"')


def test_moved_page_fails_until_redirected(tmp_path: Path) -> None:
    project = example_project(tmp_path / "project")
    (project / "docs" / "method.md").write_text(
        "# Method { #method }\n\nHow the dossier is made.\n{: #p-how }\n", "utf-8")
    commit(project, "add a page")
    first = build_site(project, tmp_path / "site1")
    (project / anchors.MANIFEST).write_text(anchors.dump(anchors.scan(first.site_dir)), "utf-8")
    assert "/method/" in anchors.load_manifest(project)[0].pages
    (project / "docs" / "method.md").rename(project / "docs" / "how-we-work.md")
    commit(project, "move the page")
    second = build_site(project, tmp_path / "site2")
    assert [p.split(":")[0] for p in _check(project, second.site_dir)] == ["page-gone"], _check(project, second.site_dir)
    (project / anchors.RETIRED).write_text("redirects:\n  method.md: how-we-work.md\n", "utf-8")
    third = build_site(project, tmp_path / "site3")
    assert _check(project, third.site_dir) == []  # the stub redirects, anchors come along
    stub = (third.site_dir / "method" / "index.html").read_text("utf-8")
    assert 'url=../how-we-work/' in stub and "location.hash" in stub


def test_retired_pages_need_the_redirects_plugin(tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort, PluginError

    project = example_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["plugins"].remove("redirects")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    (project / anchors.RETIRED).write_text("redirects:\n  a.md: index.md\n", "utf-8")
    with pytest.raises((PluginError, Abort)):
        build_site(project, tmp_path / "site")
    assert "the 'redirects' plugin (mkdocs-redirects) is not in mkdocs.yml" in caplog.text


def test_bad_retirement_file_stops_the_build_with_its_location(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort, PluginError

    project = example_project(tmp_path / "project")
    (project / anchors.RETIRED).write_text("redirect:\n  a.md: index.md\n", "utf-8")
    with pytest.raises((PluginError, Abort)):
        build_site(project, tmp_path / "site")
    assert "retired.yml:1:1: [error] unknown key 'redirect'" in caplog.text


# --------------------------------------------------------------------------- the real site


def test_real_site_keeps_every_published_url_and_anchor(built_site: Build) -> None:
    manifest, problems = anchors.load_manifest(ROOT)
    assert problems == []
    assert manifest.pages, f"{anchors.MANIFEST} is empty: run `dossier manifest --update`"
    retired, problems = anchors.load_retired(ROOT)
    assert problems == []
    gone = anchors.verify(manifest, built_site.site_dir, retired)
    assert not gone, "\n".join(map(str, gone))


def test_real_site_metadata_on_every_page(built_site: Build) -> None:
    assert check_metadata(built_site.site_dir, built_site.site_url) == []
    sitemap = (built_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    missing = [url for url in pages(built_site.site_dir)
               if built_site.site_url + url.lstrip("/") not in locs]
    assert not missing, f"pages missing from sitemap.xml: {missing}"


def test_citation_cff_is_valid_and_matches_the_config() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "type", "version",
                "date-released", "license"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r'^site_name: "(.*)"$', config, re.M).group(1)
    author = re.search(r'^site_author: !ENV \[SITE_AUTHOR, "(.*)"\]$', config, re.M).group(1)
    assert cff["title"] == site_name
    assert cff["authors"] == [{"name": author}]  # an entity, never an invented person
    # No placeholder address: url and repository-code appear once the dossier has real ones.
    assert re.search(r"^site_url: !ENV \[SITE_URL, \"\"\]", config, re.M)
    assert re.search(r"^repo_url: !ENV \[REPO_URL, null\]$", config, re.M)
    assert "example.org" not in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for key in ("url", "repository-code"):
        assert key not in cff or not re.search(r"example\.(org|com|net)", cff[key]), key
    assert cff["license"] == "CC-BY-4.0"
    # version: the newest release tag, or the one about to be made (never an older one)
    assert re.fullmatch(r"v\d{4}\.\d{2}\.\d{2}", cff["version"])
    assert str(cff["date-released"]) == cff["version"][1:].replace(".", "-")
    tags = subprocess.run(["git", "-C", str(ROOT), "tag", "--list", "v*"], capture_output=True,
                          text=True).stdout.split()
    if tags:
        assert cff["version"] >= max(tags), "CITATION.cff names an older release than the newest tag"
