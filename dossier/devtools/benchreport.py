"""What `dossier bench` needs besides measuring: the machine's description, the real
configuration adapted to a synthetic project, and the Markdown report. Pure apart from
reading system files and asking git and the package metadata for versions."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

HISTORY = "history.py (all generated pages, one pass)"
PLUGIN = "git-revision-date plugin (article pages)"
PROBE = "gitdates probe (usable history?)"
OTHER = "other (site version, changelog)"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-git-revision-date-localized-plugin",
            "Markdown", "pymdown-extensions", "PyYAML")


# --------------------------------------------------------------------------- machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3, 1)
    except (ValueError, OSError, AttributeError):
        return None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _git_out(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine(root: Path) -> dict[str, Any]:
    """CPU, cores, memory, OS, Python, package versions and the git commit measured."""
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        affinity = os.cpu_count()
    commit = _git_out(root, "rev-parse", "--short", "HEAD")
    dirty = bool(_git_out(root, "status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": affinity,
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "yaml_c_loader": hasattr(yaml, "CSafeLoader"),
        "git": _git_out(root, "--version").removeprefix("git version "),
        "versions": versions,
        "commit": commit + (" (with uncommitted changes)" if commit and dirty else ""),
        "load_average_start": load_average(),
    }


# --------------------------------------------------------------------------- configuration


class _Tagged:
    """A YAML value with an application tag (`!ENV`, `!!python/name:…`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", _construct)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct)
_Dumper.add_representer(_Tagged, _represent)


def adapt_config(root: Path, config_name: str = "mkdocs.yml") -> str:
    """The real mkdocs.yml (theme, extensions, plugins, hooks) for a project in another folder
    with its own `data/` and `docs/`: paths outside those made absolute, the navigation left to
    MkDocs (the synthetic pages differ from the real article), only `data/` watched."""
    text = (root / config_name).read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    config.pop("nav", None)
    config.pop("site_dir", None)
    config["docs_dir"] = "docs"
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    config["hooks"] = [str((root / hook).resolve()) if isinstance(hook, str) else hook
                       for hook in config.get("hooks") or []]
    config["watch"] = ["data"]
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


# --------------------------------------------------------------------------- report


def _s(value: float | None, unit: str = " s") -> str:
    return "—" if value is None else f"{value:.2f}{unit}"


def _spread(summary: dict | None, unit: str = " s") -> str:
    if not summary or summary.get("median") is None:
        return "—"
    if summary["n"] == 1:
        return f"{_s(summary['median'], unit)} (1 run)"
    return (f"{_s(summary['median'], unit)} ({_s(summary['min'], '')}–{_s(summary['max'], unit)},"
            f" {summary['n']} runs)")


def _kib(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:,.1f} KiB"


def _mib(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024 / 1024:,.1f} MiB"


def _ok(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "**not met**")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f} %"


def _x(x: float | None) -> str:
    return "—" if x is None else f"{x}×"


def targets(r: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, target, measured, met) for the summary table; judged on CPU time."""
    o, s, c, w, g = r["overhead"], r["scale"], r["check"], r["weight"], r["git_dates"]
    small, big = r["settings"]["sizes"]
    return [
        ("1. Build cost vs plain Material (CPU)", f"≤ {o['target']}×",
         f"{_x(o['ratio_cpu'])} (wall {_x(o['ratio_wall'])})", o["met"]),
        (f"2. Build time, {big:,} vs {small:,} facts (CPU)", f"≤ {s['facts_ratio']}×",
         f"{_x(s['time_ratio_cpu'])} (wall {_x(s['time_ratio_wall'])})", s["linear"]),
        ("2. Navigation bytes per page as entities grow", "flat", _x(s.get("nav_ratio")),
         s.get("nav_flat")),
        ("2. Largest entity page as entities grow", "flat (≤ 1.5×)",
         _x(s.get("entity_page_ratio")), s.get("entity_page_flat")),
        ("2. Largest page as the data grows", "flat", _x(s.get("largest_page_ratio")),
         s.get("largest_page_flat")),
        (f"3. `dossier check`, {c['facts']:,} facts, one core (CPU)", f"< {c['target_s']} s",
         f"{_s(c['synthetic']['cpu_s']['median'])} (wall {_s(c['synthetic']['wall_s']['median'])})",
         c["met"]),
        ("5. Article page first load, gzip", f"≤ {w['target_kib']} KiB",
         f"{w['heaviest_article_kib']} KiB (`/{w['heaviest_article']}`)", w["met"]),
        ("6. `git log` calls dating all generated pages", "1", str(g["git_calls"][HISTORY]),
         g["met"]),
    ]


def _machine(m: dict) -> list[str]:
    busy = m["load_average_start"] and m["cores_usable"] and \
        max(m["load_average_start"][0], (m.get("load_average_end") or [0])[0]) > m["cores_usable"]
    return ["## Machine", "",
            f"- CPU: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable); "
            f"RAM {m['ram_gib']} GiB; {m['os']}",
            f"- Python {m['python']} (PyYAML C loader: {'yes' if m['yaml_c_loader'] else 'no'}); "
            f"git {m['git']}",
            "- " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
            f"- Load average (1, 5, 15 min) at start {m['load_average_start']}, at end "
            f"{m.get('load_average_end')}"
            + (": **the machine was busy with other work**, so wall times are inflated; the "
               "CPU times are the measure." if busy else "."), ""]


def _overhead(o: dict) -> list[str]:
    return ["## 1. Overhead", "",
            f"Full `mkdocs build` of the real site ({o['pages']} pages) against a plain Material "
            "build of exactly the same pages written out by `dossier export --markdown` (our "
            "plugin and the git-date plugin disabled). Builds interleaved.", "",
            "| build | wall | CPU | peak memory |", "| --- | --- | --- | --- |",
            f"| real site | {_spread(o['real']['wall_s'])} | {_spread(o['real']['cpu_s'])} | "
            f"{o['real']['max_rss_mib']} MiB |",
            f"| plain Material | {_spread(o['plain']['wall_s'])} | "
            f"{_spread(o['plain']['cpu_s'])} | {o['plain']['max_rss_mib']} MiB |", "",
            f"Ratio {_x(o['ratio_cpu'])} CPU ({_x(o['ratio_wall'])} wall); with git dates off "
            f"{_x(o['ratio_cpu_without_git_dates'])} CPU. Target ≤ {o['target']}×: "
            f"{_ok(o['met'])}.", ""]


def _scale(s: dict) -> list[str]:
    out = ["## 2. Scale", "",
           "Synthetic data from `dossier.synthetic.generate` (12 topics, one entity per ten "
           "facts), built with the real configuration (theme, extensions, plugins, hooks; the "
           "navigation left to MkDocs) in a fresh git repository.", "",
           "| facts | entities | pages | build wall | build CPU | peak memory | largest page | "
           "largest entity page | home page (its nav) | search index (gzip) |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for x in s["sizes"].values():
        if "pages" not in x:
            killed = f"killed after {x.get('killed_after_s')} s" if x.get("timed_out") else "failed"
            out.append(f"| {x['facts']:,} | {x['entities']:,} | — | {killed} | — | "
                       f"{x['max_rss_mib']} MiB | — | — | — | — |")
            continue
        out.append(
            f"| {x['facts']:,} | {x['entities']:,} | {x['pages']:,} | {_spread(x['wall_s'])} | "
            f"{_spread(x['cpu_s'])} | {x['max_rss_mib']} MiB | `{x['largest_page']['page']}` "
            f"{_kib(x['largest_page']['bytes'])} | {_kib(x['largest_entity_page']['bytes'])} | "
            f"{_kib(x['home_bytes'])} ({_kib(x['nav_bytes'])}) | "
            f"{_mib(x['search_index']['bytes'])} ({_mib(x['search_index']['gzip'])}) |")
    out += _first_loads(s)
    out += [""] + [f"- {note}" for note in s["notes"]]
    if len(s["sizes"]) == 2 and list(s["sizes"].values())[1]["wall_s"]["n"] == 1:
        out.append("- The large site is built once here (each build is the slowest measurement); "
                   "section 4 times two more builds of it under `mkdocs serve`.")
    if s["time_ratio_cpu"] is not None:
        out.append(f"- Build time: {_x(s['time_ratio_cpu'])} CPU ({_x(s['time_ratio_wall'])} "
                   f"wall) for {s['facts_ratio']}× the facts: "
                   + ("linear or better." if s["linear"] else "**worse than linear**."))
    elif s.get("time_ratio_wall_at_least"):
        out.append(f"- Build time: at least {_x(s['time_ratio_wall_at_least'])} (wall) for "
                   f"{s['facts_ratio']}× the facts: the large build did not finish.")
    if "nav_ratio" in s:
        out += [f"- Navigation per page: {_x(s['nav_ratio'])} — "
                + ("does not grow with the number of entities (entity pages are not in the nav)."
                   if s["nav_flat"] else "**grows with the site**."),
                f"- Largest entity page: {_x(s['entity_page_ratio'])} — "
                + ("the page of one record does not grow with the site." if s["entity_page_flat"]
                   else "**grows with the site**."),
                f"- Largest page: {_x(s['largest_page_ratio'])} — "
                + ("does not grow." if s["largest_page_flat"] else
                   "**grows with the data**: it lists every record of its kind."), ""]
        if s["growing_pages"]:
            out += ["Pages that grew more than 1.5× from the small to the large site. Pages that "
                    "list facts (timeline, topics, sources, map, change log) grow with the facts, "
                    "the entity index with the entities, and the synthetic article has one "
                    "paragraph per 20 facts; what must not grow is the navigation every page "
                    "carries and the pages of single records.", "",
                    "| page | small | large | ratio |", "| --- | --- | --- | --- |"]
            out += [f"| `{p['page']}` | {_kib(p['bytes_small'])} | {_kib(p['bytes_big'])} | "
                    f"{p['ratio']}× |" for p in s["growing_pages"][:12]]
            if len(s["growing_pages"]) > 12:
                out.append(f"| … and {len(s['growing_pages']) - 12} more | | | |")
    return out + [""]


def _first_loads(s: dict) -> list[str]:
    """First load (gzip) of every page kind at each size, before any interaction."""
    sizes = [x for x in s["sizes"].values() if x.get("first_load")]
    if not sizes:
        return []
    kinds = list(dict.fromkeys(k for x in sizes for k in x["first_load"]))
    out = ["", "First load of each page kind before any interaction (gzip; the search worker and "
           "index load only when search is opened):", "",
           "| page kind | " + " | ".join(f"{x['facts']:,} facts" for x in sizes) + " |",
           "| --- |" + " --- |" * len(sizes)]
    for kind in kinds:
        cells = []
        for x in sizes:
            p = x["first_load"].get(kind)
            cells.append(f"{_kib(p['first_load_gzip'])} (`/{p['page'].removeprefix('(home)')}`)"
                         if p else "—")
        out.append(f"| {kind} | " + " | ".join(cells) + " |")
    return out


def _check(c: dict) -> list[str]:
    pinned = " pinned to one core (`taskset -c 0`)" if c["pinned_to_one_core"] else ""
    return ["## 3. Check speed", "",
            f"`dossier check` in a subprocess{pinned}, interpreter start-up included.", "",
            "| data | wall | CPU |", "| --- | --- | --- |",
            f"| synthetic, {c['facts']:,} facts | {_spread(c['synthetic']['wall_s'])} | "
            f"{_spread(c['synthetic']['cpu_s'])} |",
            f"| real `data/` | {_spread(c['real']['wall_s'])} | {_spread(c['real']['cpu_s'])} |",
            "", f"Target < {c['target_s']} s (CPU): {_ok(c['met'])}.", ""]


def _reload(rl: dict) -> list[str]:
    out = ["## 4. Edit-to-reload", "",
           "`mkdocs serve --livereload` on a free loopback port (the real site from a git copy "
           "of the working tree); a fact's title is rewritten in its data file and a page listing "
           "the fact is polled until the new title is served.", "",
           "| site | page polled | first build served | save → rebuilt page served |",
           "| --- | --- | --- | --- |"]
    for name, x in rl.items():
        if "skipped" in x:
            out.append(f"| {name} | — | — | skipped: {x['skipped']} |")
            continue
        out.append(f"| {name} | `{x['page']}` | {_s(x['first_build_s'])} | "
                   f"{_spread(x['edit_to_served_s'])}"
                   + (f", {x['failures']} timed out" if x["failures"] else "") + " |")
    return out + [""]


def _weight(w: dict) -> list[str]:
    out = ["## 5. Page weight", "",
           f"What a first visit transfers, each file gzip-compressed (level {w['gzip_level']}): "
           "the HTML and every local stylesheet, script, icon and image it names (and what the "
           "stylesheets name). Material's search worker and index load only when the reader "
           "opens search (dossier-search.js); they are listed apart.", "",
           "| page | HTML | HTML gzip | first load gzip | on first search (worker + index) gzip |",
           "| --- | --- | --- | --- | --- |"]
    for url, p in w["pages"].items():
        if not p.get("missing"):
            out.append(f"| `/{url}` | {_kib(p['html_bytes'])} | {_kib(p['html_gzip'])} | "
                       f"{_kib(p['first_load_gzip'])} | {_kib(p['search']['gzip'])} |")
    si = w["search_index"]
    if w.get("first_load"):
        out += ["", "Every page kind of the real site, before any interaction:", "",
                "| page kind | page | first load gzip |", "| --- | --- | --- |"]
        out += [f"| {k} | `/{p['page'].removeprefix('(home)')}` | {_kib(p['first_load_gzip'])} |"
                for k, p in w["first_load"].items()]
    return out + ["", f"Search index: {_kib(si['bytes'])} ({_kib(si['gzip'])} gzip). Heaviest "
                  f"article page `/{w['heaviest_article']}`: {w['heaviest_article_kib']} KiB; "
                  f"target ≤ {w['target_kib']} KiB: {_ok(w['met'])}.", ""]


def _git_dates(g: dict) -> list[str]:
    n = g["git_calls"][HISTORY]
    return ["## 6. Git dates", "",
            "The real site built with `DOSSIER_GIT_DATES=off` against the default build (same "
            "interleaved runs as section 1), and one build with a `git` first on PATH that logs "
            "every call.", "",
            f"- Build with git dates {_spread(g['with']['cpu_s'])} CPU, without "
            f"{_spread(g['without']['cpu_s'])}: git dates are {_pct(g['share_cpu'])} of the "
            f"build's CPU time ({_pct(g['share_wall'])} of its wall time).",
            f"- Generated pages: {n} `git log` call{'' if n == 1 else 's'} dates all of them "
            f"(`dossier/publish/filedates.py`: {g['history_files_dated']} data files in "
            f"{_spread(g['history_pass_s'])}): {_ok(g['met'])}.",
            f"- Article pages ({g['article_pages']} Markdown files in `docs/`): "
            f"{g['git_calls'][PLUGIN]} calls by mkdocs-git-revision-date-localized-plugin (one "
            f"`git log` per page); {g['git_calls'][PROBE]} by the history probe "
            f"(`gitdates.py`); {g['git_calls'][OTHER]} by other features (site version, "
            f"changelog). {g['git_calls_total']} git processes in all.", ""]


def _profile(p: dict) -> list[str]:
    out = ["## Where the build time goes", ""]
    if "skipped" in p:
        return out + [f"Not profiled: {p['skipped']}.", ""]
    out += [f"One build of the real site under cProfile ({p['total_s']:.1f} s with the "
            "profiler's own overhead). Time in each event of the dossier plugin:", "",
            "| event | seconds |", "| --- | --- |"]
    out += [f"| `{k}` | {v:.2f} |" for k, v in p["plugin_events_s"].items()]
    out += ["", "The dossier functions with the most cumulative time (nested calls overlap):", "",
            "| function | calls | cumulative s |", "| --- | --- | --- |"]
    out += [f"| `{f['function']}` | {f['calls']} | {f['cumulative_s']:.2f} |"
            for f in p["functions"]]
    return out + [""]


def _versions(v: dict) -> list[str]:
    out = ["## Publishing N versions", ""]
    if not v or v.get("skipped"):
        return out + [f"Skipped: {(v or {}).get('skipped', 'not measured')}.", ""]
    out += ["Release snapshots of the real site (`dossier snapshots --no-artifacts`): each step "
            "tags one more release, builds only its snapshot (with the tag's own code) and "
            "publishes all of them under `/v/`. Time is that step's; bytes are what the site "
            f"then holds. The current site alone: {_mib(v['current_site_bytes'])}.", "",
            "| versions | new snapshot build + publish (wall / CPU) | `/v/` | per version | "
            "whole site | cache |", "| --- | --- | --- | --- | --- | --- |"]
    for st in v["steps"]:
        if st.get("skipped"):
            out.append(f"| {st['versions']} | skipped: {st['skipped']} | | | | |")
            continue
        out.append(f"| {st['versions']} | {_s(st['new_snapshots_wall_s'])} / "
                   f"{_s(st['new_snapshots_cpu_s'])} | {_mib(st['snapshot_bytes'])} | "
                   f"{_mib(st['bytes_per_version'])} | {_mib(st['site_bytes'])} | "
                   f"{_mib(st['cache_bytes'])} |")
    return out + [""]


def markdown(r: dict) -> str:
    """The whole report as Markdown."""
    quick = " (quick mode: small sizes, single runs)" if r["settings"]["quick"] else ""
    out = ["# `dossier bench` report", "",
           f"Commit {r['machine']['commit'] or 'unknown'}; {r['duration_s']} s in all{quick}, "
           f"of which the measured commands used {r.get('children_cpu_s', '—')} s of CPU "
           f"(budget {r['settings']['budget_s']:.0f} s).",
           "", "Times are medians (min–max, number of runs). Wall time is what a person waits; "
           "CPU time counts the process and the children it waited for (git), and is what the "
           "targets are judged on: on a shared machine wall time also measures the neighbours.",
           "", "## Targets", "", "| measure | target | measured | |", "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {v} | {_ok(met)} |" for a, b, v, met in targets(r)]
    out += [""] + _machine(r["machine"]) + _overhead(r["overhead"]) + _scale(r["scale"])
    out += _check(r["check"]) + _reload(r["reload"]) + _weight(r["weight"])
    out += _git_dates(r["git_dates"]) + _profile(r["profile"]) + _versions(r.get("versions", {}))
    out += ["## Rerun", "", "```sh",
            ".venv/bin/dossier bench           # full run, bounded by --budget (600 s): "
            "bench-report/report.md and report.json",
            ".venv/bin/dossier bench --quick   # smoke test: 100 and 1,000 facts, one run each",
            "```", ""]
    return "\n".join(out)
