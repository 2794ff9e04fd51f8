"""The build cache (.cache/dossier/): a hit returns what a miss made, any change in inputs or
code misses, the folder stays bounded, and a warm build is byte for byte a cold one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import build_site, example_project

from dossier.core import buildcache


def test_hit_returns_the_stored_value_without_making_it(tmp_path: Path) -> None:
    made = []

    def make() -> str:
        made.append(1)
        return "value"

    first = buildcache.BuildCache(tmp_path)
    assert first.text("kind", "code", {"a": 1}, make) == "value"
    second = buildcache.BuildCache(tmp_path)  # the next build
    assert second.text("kind", "code", {"a": 1}, make) == "value"
    assert len(made) == 1 and (second.hits, second.misses) == (1, 0)
    assert second.text("kind", "code", {"a": 2}, make) == "value"  # other inputs: miss
    assert second.text("kind", "other code", {"a": 1}, make) == "value"  # other code: miss
    assert len(made) == 3


def test_each_kind_stays_bounded(tmp_path: Path) -> None:
    cache = buildcache.BuildCache(tmp_path, max_entries=20)
    for n in range(60):
        cache.text("kind", "code", n, lambda n=n: str(n))
    assert len(list((tmp_path / "kind").glob("*/*"))) <= 20


def test_once_is_once_per_build() -> None:
    calls = []
    cache = buildcache.BuildCache(None)
    for _ in range(3):
        cache.once("x", lambda: calls.append(1) or 42)
    assert calls == [1]
    assert buildcache.once(None, "x", lambda: 7) == 7


def _snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_warm_build_is_byte_for_byte_a_cold_one_and_sees_data_edits(tmp_path: Path,
                                                                       monkeypatch) -> None:
    monkeypatch.delenv("DOSSIER_CACHE", raising=False)
    project = example_project(tmp_path / "project")
    cold = build_site(project, tmp_path / "cold")
    cache = project / buildcache.FOLDER
    stored = {p.relative_to(cache).parts[0] for p in cache.rglob("*") if p.is_file()}
    assert "citation" in stored  # (the example data has nothing to chart)
    warm = build_site(project, tmp_path / "warm")
    assert not cold.warnings and not warm.warnings
    assert _snapshot(cold.site_dir) == _snapshot(warm.site_dir)
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    off = build_site(project, tmp_path / "off")
    assert _snapshot(off.site_dir) == _snapshot(cold.site_dir)
    # A data edit shows in the next warm build (citations included), nothing stale.
    monkeypatch.delenv("DOSSIER_CACHE")
    facts = next((project / "data" / "facts").glob("*.yml"))
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("HBIS buys Železara Smederevo", "HBIS buys the Smederevo works"),
                     encoding="utf-8")
    edited = build_site(project, tmp_path / "edited")
    timeline = (edited.site_dir / "timeline" / "2016" / "index.html").read_text(encoding="utf-8")
    assert "HBIS buys the Smederevo works" in timeline
    assert "HBIS buys Železara Smederevo" not in timeline


def test_charts_are_drawn_once_and_the_cache_changes_nothing(tmp_path: Path) -> None:
    from conftest import ROOT

    from dossier.core.site import load
    from dossier.render import charts

    site = load(ROOT).site
    assert site is not None
    plain = charts.page(site)
    drawn = plain.count("<svg")  # the charts the real data has points enough for
    assert drawn >= 2
    first = buildcache.BuildCache(tmp_path)
    assert charts.page(site, first) == plain and first.misses == drawn
    second = buildcache.BuildCache(tmp_path)
    assert charts.page(site, second) == plain and (second.hits, second.misses) == (drawn, 0)
