"""`dossier bench`: the report has all six measurements and valid JSON (no timing is asserted:
timings belong in the report, never in a test), and its pure parts do what they say."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

from dossier.devtools import benchreport, measure, reload, weight
from dossier.devtools.bench import _git_call_kind
from dossier.devtools.benchreport import HISTORY, OTHER, PLUGIN, PROBE

SECTIONS = ["## 1. Overhead", "## 2. Scale", "## 3. Check speed", "## 4. Edit-to-reload",
            "## 5. Page weight", "## 6. Git dates"]


def test_quick_bench_writes_all_six_sections(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "bench", "--quick", "--runs", "1", "--sizes", "20,40",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
        env={**measure.env()})
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for key in ("machine", "overhead", "scale", "check", "reload", "weight", "git_dates"):
        assert key in report, key
    assert report["settings"]["sizes"] == [20, 40]
    # Every build and check ran and succeeded (their durations are not asserted).
    assert report["overhead"]["real"]["failures"] == 0
    assert report["overhead"]["plain"]["failures"] == 0
    for size in report["scale"]["sizes"].values():
        assert size["failures"] == 0 and size["pages"] > 0
        assert size["search_index"]["bytes"] > 0
    assert report["check"]["synthetic"]["failures"] == 0
    assert report["reload"]["real"]["failures"] == 0
    assert report["reload"]["real"]["edit_to_served_s"]["n"] == 1
    assert report["weight"]["pages"]["timeline/"]["first_load_gzip"] > 0
    assert report["git_dates"]["git_calls"][HISTORY] == 1
    assert report["machine"]["python"] and report["machine"]["versions"]["mkdocs"]
    steps = report["versions"]["steps"]  # publishing 1, then 2 release snapshots
    assert [st["versions"] for st in steps] == [1, 2] and all("skipped" not in st for st in steps)
    assert 0 < steps[0]["snapshot_bytes"] < steps[1]["snapshot_bytes"]
    text = (out / "report.md").read_text(encoding="utf-8")
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------- pure parts


def test_page_weight_follows_html_and_css_references(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "a" / "b" / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="../../assets/s.css">'
        '<link rel="icon" href="../../assets/i.png"><script src="../../assets/x.js"></script>'
        '<link rel="stylesheet" href="https://elsewhere.example/t.css"></head>'
        '<body><img src="../../assets/i.png"></body></html>', encoding="utf-8")
    (site / "assets" / "s.css").write_text("@font-face{src:url('f.woff2')} a{b:url(data:x)}",
                                           encoding="utf-8")
    (site / "assets" / "f.woff2").write_bytes(b"\0" * 100)
    (site / "assets" / "i.png").write_bytes(b"\x89PNG" * 10)
    (site / "assets" / "x.js").write_text("let a = 1;" * 50, encoding="utf-8")
    result = weight.page(site, "a/b/")
    files = sorted(r["file"] for r in result["resources"])
    assert files == ["a/b/index.html", "assets/f.woff2", "assets/i.png", "assets/s.css",
                     "assets/x.js"]
    assert result["first_load_gzip"] == sum(r["gzip"] for r in result["resources"])
    assert result["first_load_bytes"] > result["first_load_gzip"]


def test_nav_bytes_measures_the_primary_sidebar() -> None:
    html = ('<div class="md-sidebar md-sidebar--primary">NAV</div>'
            '<div class="md-sidebar md-sidebar--secondary">TOC</div>')
    assert weight.nav_bytes(html) == len('<div class="md-sidebar md-sidebar--primary">NAV</div>')
    assert weight.nav_bytes("<p>no nav</p>") == 0


def test_git_calls_are_attributed() -> None:
    assert _git_call_kind("-C /r log --format=%x00%ct --name-only --relative --no-renames "
                          "-- data") == HISTORY
    assert _git_call_kind("log --date=unix --format=%H %at -n 1 --follow /r/docs/a.md") == PLUGIN
    assert _git_call_kind("-C /r/docs rev-parse --show-toplevel") == PROBE
    assert _git_call_kind("-C /r describe --tags --match v* HEAD") == OTHER


def test_summary_and_measured_run(tmp_path: Path) -> None:
    assert measure.summary([3.0, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3,
                                                "values": [3.0, 1.0, 2.0]}
    ok = measure.run([sys.executable, "-c", "print('WARNING -  x')"], tmp_path)
    assert ok.returncode == 0 and ok.warnings == 1 and ok.max_rss_mib > 0
    slow = measure.run([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path,
                       timeout=0.5)
    assert slow.timed_out and slow.returncode != 0


def test_adapted_config_keeps_tags_and_points_at_the_project() -> None:
    config = yaml.load(benchreport.adapt_config(ROOT), Loader=benchreport._Loader)  # noqa: S506
    assert "nav" not in config and config["watch"] == ["data"]
    assert Path(config["theme"]["custom_dir"]).is_absolute()
    assert all(Path(h).is_absolute() and Path(h).is_file() for h in config["hooks"])
    assert isinstance(config["site_url"], benchreport._Tagged)  # !ENV kept for MkDocs


def test_fact_title_edit_round_trips(tmp_path: Path) -> None:
    facts = tmp_path / "data" / "facts"
    facts.mkdir(parents=True)
    (facts / "a.yml").write_text("- id: one\n  title: 'Quoted: title'\n  entities: [x, y]\n"
                                 "- id: two\n  title: Plain title\n", encoding="utf-8")
    file, line, col, url = reload.fact_to_edit(tmp_path)
    assert (file.name, line, url) == ("a.yml", 2, "entities/x/")
    reload.edit(file, line, col, "New: \"title\"")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert data[0]["title"] == 'New: "title"' and data[1]["title"] == "Plain title"


def test_profile_shows_the_plugin_events_and_functions_of_every_subpackage(
        tmp_path: Path) -> None:
    """The report's "Where the build time goes" tables come from the package's own functions,
    wherever they live (core/, cite/, engine/, …), and nothing else."""
    import cProfile

    from dossier.cite import citation
    from dossier.engine.plugin import DossierPlugin

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [DossierPlugin().on_startup(command="build", dirty=False),
                              citation.key("timeline/", "x"), json.dumps([1])])
    profiler.dump_stats(tmp_path / "build.prof")
    summary = measure.profile_summary(tmp_path / "build.prof")
    assert list(summary["plugin_events_s"]) == ["on_startup"]
    names = [f["function"] for f in summary["functions"]]
    key = next(name for name in names if name.endswith("(key)"))
    assert re.fullmatch(r"cite/citation\.py:\d+\(key\)", key)
    assert all(re.match(r"(core|render|publish|cite|engine|devtools)/", name) for name in names)
    text = "\n".join(benchreport._profile(summary))
    assert "| `on_startup` |" in text and f"| `{key}` | 1 |" in text
