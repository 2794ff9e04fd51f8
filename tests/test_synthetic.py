"""Synthetic dossiers: valid at any size, deterministic, and fast to load and check."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dossier.core import loader
from dossier.cli import main
from dossier.core.site import load
from dossier.devtools.synthetic import FACTS_PER_FILE, generate


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic-1000")
    generate(root, facts=1000, entities=150, seed=7)
    return root


def test_a_thousand_facts_pass_the_check(small: Path) -> None:
    loaded = load(small)
    assert loaded.problems == [], "\n".join(map(str, loaded.problems[:20]))
    site = loaded.site
    assert site is not None
    assert len(site.facts) == 1000 and len(site.entities) == 150 and len(site.topics) == 12
    assert len(list((small / "data" / "facts").glob("*.yml"))) == 1000 // FACTS_PER_FILE
    assert len(list((small / "data" / "entities").glob("*.yml"))) == 150
    assert len(list((small / "docs").glob("*.md"))) >= 3


def test_references_are_realistic(small: Path) -> None:
    site = load(small).site
    assert site is not None
    facts = list(site.facts.values())
    assert all(1 <= len(f["topics"]) <= 3 and 1 <= len(f["entities"]) <= 4 for f in facts)
    assert all(any(s["source"] == "article" and s["locator"].startswith("p-") for s in f["sources"])
               for f in facts)
    values = Counter(f["verification"] for f in facts)
    assert values["disputed"] and values["corrected"] and values["article-claim"]
    assert values["corroborated"] > 600
    assert 50 < sum(f["date"] is None for f in facts) < 200  # undated, each with a note
    assert all(f.get("date_note") for f in facts if f["date"] is None)
    assert sum(bool(f.get("amounts")) for f in facts) > 300
    assert any("~" in (f["date"] or "") or "X" in (f["date"] or "") for f in facts)
    assert any("/" in (f["date"] or "") for f in facts)
    assert site.facts_by_paragraph  # the article pages are cited
    assert any(e.get("coordinates") for e in site.entities.values())


def test_the_same_seed_writes_the_same_tree(tmp_path: Path) -> None:
    generate(tmp_path / "a", facts=50, entities=10, seed=3)
    generate(tmp_path / "b", facts=50, entities=10, seed=3)
    a = tmp_path / "a"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
                         for f in files)


def test_cli_writes_a_tree_that_checks_and_refuses_to_overwrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "synth"
    runner = CliRunner()
    result = runner.invoke(main, ["synth", "--facts", "120", "--entities", "20", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    again = runner.invoke(main, ["synth", "--facts", "5", "--entities", "2", str(out)])
    assert again.exit_code == 1 and "not empty" in again.output
    monkeypatch.chdir(out)
    checked = runner.invoke(main, ["check"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: 120 facts, 20 entities")


def test_the_c_yaml_parser_is_used() -> None:
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("this PyYAML build has no libyaml")
    assert loader._Loader is yaml.CSafeLoader


def test_each_file_is_read_once(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking is one pass: every data and article file is read exactly once."""
    reads: Counter[Path] = Counter()
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads[self] += 1
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    assert load(small).problems == []
    files = [p for p in (small / "data").rglob("*.yml")] + list((small / "docs").rglob("*.md"))
    assert reads == Counter({p: 1 for p in files})


def test_ten_thousand_facts_load_and_check(tmp_path: Path) -> None:
    """Completes; the time is printed, never asserted (that is `dossier bench`)."""
    generate(tmp_path, facts=10_000, entities=1_000, seed=1)
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = load(tmp_path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert loaded.problems == [] and loaded.site is not None and len(loaded.site.facts) == 10_000
    print(f"\nload + check of 10,000 synthetic facts: {wall:.2f} s wall, {cpu:.2f} s CPU")
