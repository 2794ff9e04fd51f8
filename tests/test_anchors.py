"""The published-anchors manifest and the retirement file, on small hand-made sites (pure, fast).

The end-to-end guard (a real build fails when an anchor disappears, and passes again with a
retirement entry) is in test_citable.py."""

from __future__ import annotations

from pathlib import Path

from dossier.publish import anchors

CONTENT = '<article class="md-content__inner md-typeset">{}</article>'


def page(body: str, outside: str = "") -> str:
    return f'<html><body><div id="__drawer">{outside}</div>{CONTENT.format(body)}</body></html>'


def write(site: Path, url: str, html: str) -> None:
    path = site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


STUB = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Redirecting...</title>'
        '<meta http-equiv="refresh" content="0; url=../moved/"></head></html>')


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write(site, "/", page('<h1 id="home">Home</h1><p id="p-one">One <sup id="fnref:1">1</sup>'
                          '</p><div class="footnote"><li id="fn:1">x</li></div>'))
    write(site, "/moved/", page('<h1 id="moved">Moved</h1><h2 id="facts">Facts</h2>'))
    write(site, "/old/", STUB)
    (site / "data").mkdir()
    (site / "data" / "facts.csv").write_text("id\n", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "x.js").write_text("", encoding="utf-8")
    (site / "404.html").write_text("", encoding="utf-8")
    return site


def test_scan_lists_content_ids_pages_and_files_but_not_stubs_or_theme(tmp_path: Path) -> None:
    built = anchors.scan(make_site(tmp_path))
    assert built.pages == {"/": ["home", "p-one"], "/moved/": ["moved", "facts"]}
    assert built.files == ["/data/facts.csv"]


def test_drawings_toc_numbering_and_volatile_pages_publish_no_anchors(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "/charts/", page('<h2 id="money">M</h2><svg><title id="chart-title">t</title>'
                                 '<path id="m1a2b3"/><use id="u1"/></svg><h2 id="money_1">'
                                 'again</h2><p id="after">x</p>'))
    write(site, "/changelog/", page('<h1 id="change-log">C</h1><h2 id="facts-73-new">x</h2>'))
    built = anchors.scan(site)
    assert built.pages == {"/charts/": ["money", "after"], "/changelog/": []}


def test_manifest_round_trips_and_knows_its_lines(tmp_path: Path) -> None:
    built = anchors.scan(make_site(tmp_path))
    (tmp_path / anchors.MANIFEST).write_text(anchors.dump(built), encoding="utf-8")
    loaded, problems = anchors.load_manifest(tmp_path)
    assert problems == []
    assert loaded.pages == built.pages and loaded.files == built.files
    text = (tmp_path / anchors.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert text[loaded.lines[("/moved/", "facts")] - 1].strip() == "- facts"


def test_merge_adds_and_never_drops() -> None:
    old = anchors.Manifest({"/": ["a", "gone"]}, ["/x.csv"])
    new = anchors.Manifest({"/": ["a", "b"], "/new/": ["n"]}, ["/y.csv"])
    merged, added = anchors.merge(old, new)
    assert merged.pages == {"/": ["a", "gone", "b"], "/new/": ["n"]}
    assert merged.files == ["/x.csv", "/y.csv"]
    assert added == 4  # b, /new/, n, /y.csv


def _manifest(tmp_path: Path, pages: dict[str, list[str]], files: list[str]) -> anchors.Manifest:
    (tmp_path / anchors.MANIFEST).write_text(anchors.dump(anchors.Manifest(pages, files)),
                                             encoding="utf-8")
    return anchors.load_manifest(tmp_path)[0]


def test_verify_reports_every_vanished_entry_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    manifest = _manifest(tmp_path, {"/": ["home", "p-two"], "/gone/": ["x"],
                                    "/old/": ["facts", "old"]}, ["/data/facts.csv", "/data/x.csv"])
    problems = anchors.verify(manifest, site)
    codes = {(p.code, p.line) for p in problems}
    assert codes == {
        ("anchor-gone", manifest.lines[("/", "p-two")]),
        ("page-gone", manifest.lines[("/gone/", "")]),
        ("anchor-gone", manifest.lines[("/old/", "old")]),  # followed the redirect to /moved/
        ("file-gone", manifest.lines[("/data/x.csv", "")]),
    }
    text = "\n".join(map(str, problems))
    assert "published.yml:" in text and "retired.yml" in text
    assert "'anchors: {moved.md: {old: <id it now points to>}}'" in text
    assert "'redirects: {gone.md: <new page>.md}'" in text


def test_an_alias_keeps_a_renamed_anchor_working(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    manifest = _manifest(tmp_path, {"/": ["home", "p-uno"]}, [])
    assert [p.code for p in anchors.verify(manifest, site)] == ["anchor-gone"]
    retired = anchors.Retired(anchors={"index.md": {"p-uno": "p-one"}})
    html = (site / "index.html").read_text(encoding="utf-8")
    aliased = anchors.add_aliases(html, "index.md", retired)
    assert '<span class="dossier-alias" id="p-uno" aria-hidden="true"></span><p id="p-one">' \
        in aliased
    (site / "index.html").write_text(aliased, encoding="utf-8")
    assert anchors.verify(manifest, site, retired) == []
    assert anchors.scan(site).pages["/"] == ["home", "p-one"]  # aliases are not new anchors


def test_alias_rules() -> None:
    html = CONTENT.format('<h2 id="new">x</h2><p id="kept">y</p>')
    retired = anchors.Retired(anchors={"a.md": {"old": "new", "kept": "new", "lost": None,
                                                "nowhere": "missing"}})
    out = anchors.add_aliases(html, "a.md", retired)
    assert out.count('id="kept"') == 1  # still present: no duplicate id
    assert 'id="nowhere"' not in out  # target missing: left to verify() to report
    assert out.index('id="old"') < out.index('id="new"')
    assert out.startswith('<span class="dossier-alias" id="lost"')  # no successor: page top
    assert anchors.add_aliases(html, "b.md", retired) == html


def test_alias_whose_target_vanished_is_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    manifest = _manifest(tmp_path, {"/": ["p-uno"]}, [])
    retired = anchors.Retired(anchors={"index.md": {"p-uno": "p-nothing"}})
    [problem] = anchors.verify(manifest, site, retired)
    assert problem.code == "alias-target-gone"


def test_prune_drops_only_what_no_longer_resolves(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    manifest = _manifest(tmp_path, {"/": ["home", "p-two"], "/gone/": ["x"]}, ["/data/x.csv"])
    pruned = anchors.prune(manifest, site)
    assert pruned.pages == {"/": ["home"]} and pruned.files == []


def test_retirement_file(tmp_path: Path) -> None:
    assert anchors.load_retired(tmp_path) == (anchors.Retired(), [])
    (tmp_path / "retired.yml").write_text(
        "redirects:\n  old.md: new.md\n  bad: new.md\nanchors:\n  index.md:\n    a: b\n"
        "    c: null\n  nope: x\nother: 1\n", encoding="utf-8")
    retired, problems = anchors.load_retired(tmp_path)
    assert retired.redirects == {"old.md": "new.md"}
    assert retired.anchors == {"index.md": {"a": "b", "c": None}}
    assert sorted((p.line, p.code) for p in problems) == [
        (3, "retired-shape"), (8, "retired-shape"), (9, "retired-shape")]
    (tmp_path / "retired.yml").write_text("redirects: [\n", encoding="utf-8")
    assert [p.code for p in anchors.load_retired(tmp_path)[1]] == ["yaml-syntax"]


def test_a_fact_id_on_the_timeline_resolves_where_its_index_forwards_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, "/timeline/", page('<h1 id="timeline">Timeline</h1>'))
    write(site, "/timeline/2019/", page('<article id="f-2019">A fact</article>'))
    (site / "timeline" / "facts.js").write_text(
        'window.dossierTimelineIndex={"verifications":{},"facts":['
        '["f-2019","2019","2019","A fact",[],[],"corroborated","other"],'
        '["f-moved","2020","2020","Gone",[],[],"corroborated","other"]]};\n', encoding="utf-8")
    manifest = anchors.Manifest({"/timeline/": ["timeline", "f-2019", "f-moved", "f-unknown"],
                                 "/timeline/2019/": ["f-2019"]})
    assert anchors.forwarded(site) == {"f-2019": "/timeline/2019/", "f-moved": "/timeline/2020/"}
    gone = {key: code for key, code, _ in anchors.failures(manifest, site)}
    # forwarded to a page that has it: fine; to a page that lacks it, or not in the index: gone
    assert gone == {("/timeline/", "f-moved"): "anchor-gone",
                    ("/timeline/", "f-unknown"): "anchor-gone"}
