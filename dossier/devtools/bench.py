"""`dossier bench`: build cost, scale, check speed, edit-to-reload, page weight, git dates and
the cost of publishing N release snapshots, measured side by side in one run and written to `bench-report/report.{md,json}`.

Every build, check and server runs in a subprocess of the interpreter running the benchmark,
so the numbers are those of the commands a person types. Repeated measurements are reported as
median, min and max. Wall time is what a person waits; CPU time (the process and the children
it waited for) is what the work costs, and it is what the targets are judged on, because on a
shared machine wall time also measures the neighbours. The temporary projects (the
plain-Markdown export, the synthetic sites, a copy of the real one for `mkdocs serve`) live in a
temporary folder removed at the end: the real `data/` and `docs/` are never written to.

A time budget (ten minutes by default) keeps the run bounded: the slowest measurements (the
largest synthetic site) are repeated only while the budget allows, and skipped with a note in
the report when it is spent.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import routes
from . import benchreport, measure, weight

from ..publish import filedates
from .benchreport import HISTORY, OTHER, PLUGIN, PROBE
from .reload import measure_reload

SIZES = (1_000, 10_000)
QUICK_SIZES = (100, 1_000)
TOPICS = 12
ARTICLE_TARGET_KIB = 100
FIRST_LOAD_TARGET_KIB = 100  # every page kind, before any interaction, at every size
OVERHEAD_TARGET = 1.3
CHECK_TARGET_S = 1.0
_IGNORE = shutil.ignore_patterns(".git", ".venv", "site", ".site-*", "__pycache__", "*.egg-info",
                                 ".pytest_cache", ".cache", "bench-report", ".snapshots")


@dataclass
class Options:
    root: Path
    out: Path
    runs: int = 5
    quick: bool = False
    sizes: tuple[int, int] = SIZES
    small_runs: int = 3  # builds of the smaller synthetic site
    big_runs: int = 1  # builds of the largest synthetic site (the slowest measurement)
    edits: int = 3  # data edits timed under `mkdocs serve`
    budget_s: float = 600
    big_timeout_s: float = 240  # a build is killed after this, or after the budget if longer
    log: Callable[[str], None] = field(default=lambda message: None)
    start: float = field(default_factory=time.perf_counter)
    cpu_start: float = field(default_factory=lambda: _children_cpu())

    def left(self) -> float:
        """Seconds of the budget still unspent."""
        return self.budget_s - (time.perf_counter() - self.start)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _mkdocs_build(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(site_dir)]


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _git(project: Path, *args: str) -> None:
    env = measure.env(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@localhost",
                      GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@localhost")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                    "-C", str(project), *args], check=True, capture_output=True, env=env)


def _commit_all(project: Path) -> None:
    """Make `project` a git work tree with one commit, as a published site's sources are."""
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "benchmark snapshot")


# --------------------------------------------------------------------------- 1 + 6: real site


def real_site(opts: Options, work: Path) -> tuple[dict, dict, Path]:
    """Overhead (real build vs plain Material build of the exported pages) and git dates
    (real build with vs without git dates, and the git calls of one build)."""
    plain = work / "plain"
    opts.log("exporting the site as plain Markdown (dossier export --markdown)")
    export = measure.run([sys.executable, "-m", "dossier", "export", "--markdown", str(plain)],
                         opts.root)
    if export.returncode != 0:
        raise RuntimeError(f"dossier export --markdown failed:\n{export.output}")
    site_real = work / "site-real"
    commands = {
        "real": (_mkdocs_build(site_real), opts.root, measure.env()),
        "plain": (_mkdocs_build(work / "site-plain"), plain, measure.env()),
        "no_git_dates": (_mkdocs_build(work / "site-nogit"), opts.root,
                         measure.env(DOSSIER_GIT_DATES="off")),
    }
    if not opts.quick:  # warm the disk cache and the .pyc files; not counted
        for name in ("real", "plain"):
            measure.run(*commands[name])
    runs: dict[str, list[measure.Run]] = {name: [] for name in commands}
    for i in range(opts.runs):  # interleaved, so that load on the machine hits all alike
        for name, (cmd, cwd, env) in commands.items():
            opts.log(f"build {name} ({i + 1}/{opts.runs})")
            runs[name].append(measure.run(cmd, cwd, env))
    real, plain_s, off = (measure.summarize(runs[n]) for n in commands)
    overhead = {
        "real": real, "plain": plain_s,
        "ratio_wall": _ratio(real["wall_s"]["median"], plain_s["wall_s"]["median"]),
        "ratio_cpu": _ratio(real["cpu_s"]["median"], plain_s["cpu_s"]["median"]),
        "ratio_cpu_without_git_dates": _ratio(off["cpu_s"]["median"], plain_s["cpu_s"]["median"]),
        "pages": len(weight.html_pages(site_real)) if site_real.is_dir() else 0,
        "target": OVERHEAD_TARGET,
    }
    overhead["met"] = overhead["ratio_cpu"] is not None and overhead["ratio_cpu"] <= OVERHEAD_TARGET
    return overhead, git_dates(opts, commands["real"], real, off), site_real


def _git_call_kind(call: str) -> str:
    """Who made a logged git call, from its arguments."""
    words = call.split()
    if "log" in words and "--name-only" in words:
        return HISTORY
    if words[:1] != ["-C"]:  # GitPython runs git in the working directory, without -C
        return PLUGIN
    if "ls-files" in words or "--show-toplevel" in words or "--verify" in words or (
            "--is-shallow-repository" in words and "core.quotePath=false" not in words):
        return PROBE
    return OTHER


def git_dates(opts: Options, real_cmd: tuple, real: dict, off: dict) -> dict:
    """Share of the build spent on git dates, and the git processes one build starts."""
    cmd, cwd, env = real_cmd
    opts.log("counting the git calls of one build")
    counted, calls = measure.count_git_calls(cmd, cwd, env)
    kinds = {HISTORY: 0, PLUGIN: 0, PROBE: 0, OTHER: 0}
    for call in calls:
        kinds[_git_call_kind(call)] += 1
    stamps = []
    for _ in range(max(3, opts.runs)):
        start = time.perf_counter()
        dates = filedates.last_changes(opts.root, "data")
        stamps.append(time.perf_counter() - start)

    def share(key: str) -> float | None:
        on, without = real[key]["median"], off[key]["median"]
        return round((on - without) / on, 3) if on and without else None

    return {
        "with": real, "without": off, "share_wall": share("wall_s"), "share_cpu": share("cpu_s"),
        "history_pass_s": measure.summary(stamps, 4), "history_files_dated": len(dates),
        "git_calls_total": len(calls), "git_calls": kinds, "git_calls_list": calls,
        "article_pages": len(list((opts.root / "docs").rglob("*.md"))),
        "build_ok": counted.returncode == 0, "met": kinds[HISTORY] == 1,
    }


def profile(opts: Options, work: Path) -> dict:
    """Where one build of the real site spends its time (cProfile, dossier functions only)."""
    dump = work / "build.prof"
    opts.log("profiling one build of the real site (cProfile)")
    result = measure.run([sys.executable, "-m", "cProfile", "-o", str(dump), "-m", "mkdocs",
                          "build", "--clean", "-d", str(work / "site-profile")], opts.root)
    if result.returncode != 0 or not dump.is_file():
        return {"skipped": "the profiled build failed", "output": result.output}
    return measure.profile_summary(dump)


# --------------------------------------------------------------------------- 2: scale


def synthetic_project(opts: Options, work: Path, facts: int) -> Path:
    """A synthetic data tree of `facts` facts with the real site's configuration and assets,
    committed to a fresh git repository."""
    from .synthetic import generate

    project = work / f"synthetic-{facts}"
    project.mkdir()
    generate(project, facts, max(10, facts // 10), topics=TOPICS, seed=0)
    docs = opts.root / "docs"
    for file in docs.rglob("*"):  # stylesheets, scripts, images the configuration names
        if file.is_file() and file.suffix != ".md":
            target = project / "docs" / file.relative_to(docs)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
    (project / "mkdocs.yml").write_text(benchreport.adapt_config(opts.root), encoding="utf-8")
    _commit_all(project)
    return project


def scale(opts: Options, work: Path, projects: dict[int, Path]) -> dict:
    """Build time, memory and sizes of the synthetic sites, and how they grow."""
    out: dict = {"sizes": {}, "notes": []}
    small_n, big_n = opts.sizes
    ratio = big_n / small_n
    for facts in opts.sizes:
        site = work / f"site-{facts}"
        planned = opts.big_runs if facts == big_n else opts.small_runs
        runs: list[measure.Run] = []
        for i in range(planned):
            if runs:  # repeat only if the budget still holds this build (and the large one)
                ahead = runs[-1].wall * (1 if facts == big_n else 1 + ratio * opts.big_runs)
                if ahead > opts.left():
                    out["notes"].append(f"{facts:,} facts: built {len(runs)} of {planned} "
                                        "times; the time budget did not allow more.")
                    break
            opts.log(f"build {facts:,} facts ({i + 1}/{planned})")
            runs.append(measure.run(_mkdocs_build(site), projects[facts],
                                    timeout=max(opts.big_timeout_s, opts.left())))
            if runs[-1].returncode != 0:
                break
        entry = {"facts": facts, "entities": max(10, facts // 10), **measure.summarize(runs)}
        if site.is_dir() and entry["failures"] == 0:
            entry.update(_site_sizes(site))
        out["sizes"][str(facts)] = entry
    small, big = out["sizes"][str(small_n)], out["sizes"][str(big_n)]
    out["facts_ratio"] = round(big_n / small_n, 2)
    out["time_ratio_wall"] = _ratio(big["wall_s"]["median"], small["wall_s"]["median"])
    out["time_ratio_cpu"] = _ratio(big["cpu_s"]["median"], small["cpu_s"]["median"])
    if big["failures"] and small["cpu_s"]["median"]:  # a killed build still bounds the ratio
        out["time_ratio_wall_at_least"] = _ratio(big.get("killed_after_s"),
                                                 small["wall_s"]["median"])
    out["linear"] = (out["time_ratio_cpu"] <= out["facts_ratio"]
                     if out["time_ratio_cpu"] is not None else None)
    if "_pages" in small and "_pages" in big:
        out["largest_page_ratio"] = _ratio(big["largest_page"]["bytes"],
                                           small["largest_page"]["bytes"])
        out["nav_ratio"] = _ratio(big["nav_bytes"], small["nav_bytes"])
        out["entity_page_ratio"] = _ratio(big["largest_entity_page"]["bytes"],
                                          small["largest_entity_page"]["bytes"])
        out["entity_page_flat"] = out["entity_page_ratio"] is not None and \
            out["entity_page_ratio"] <= 1.5
        out["growing_pages"] = sorted(
            ({"page": url or "(home)", "bytes_small": small["_pages"][url], "bytes_big": size,
              "ratio": round(size / small["_pages"][url], 1)}
             for url, size in big["_pages"].items()
             if small["_pages"].get(url) and size / small["_pages"][url] > 1.5),
            key=lambda g: -g["ratio"])
        out["nav_flat"] = out["nav_ratio"] is not None and out["nav_ratio"] <= 1.05
        out["largest_page_flat"] = out["largest_page_ratio"] is not None and \
            out["largest_page_ratio"] <= 1.1
    for entry in (small, big):
        entry.pop("_pages", None)
    return out


def _article(pages: dict[str, int]) -> str:
    """An article page of a site: the first top-level page that is not generated."""
    generated = {routes.url_path(src) for src in routes.GENERATED}
    found = sorted(u for u in pages if u and u.count("/") == 1 and u not in generated
                   and not u.startswith((routes.ENTITY_PREFIX, routes.TOPIC_PREFIX)))
    return found[0] if found else ""


def _site_sizes(site: Path) -> dict:
    pages = weight.html_pages(site)
    largest = max(pages, key=pages.__getitem__)
    entities = {u: s for u, s in pages.items() if u.startswith(routes.ENTITY_PREFIX)
                and u != routes.url_path(routes.ENTITIES)}
    biggest = max(entities, key=entities.__getitem__) if entities else ""
    home = site / "index.html"
    return {
        "pages": len(pages),
        "site_bytes": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        "largest_page": {"page": largest or "(home)", "bytes": pages[largest]},
        "largest_entity_page": {"page": biggest, "bytes": entities.get(biggest, 0)},
        "home_bytes": pages.get("", 0),
        "nav_bytes": weight.nav_bytes(home.read_text(encoding="utf-8")) if home.is_file() else 0,
        "search_index": weight.search_index(site),
        "first_load": weight.first_loads(site, _article(pages)),
        "_pages": pages,
    }


# --------------------------------------------------------------------------- versions


def _bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def versions(opts: Options, work: Path) -> dict:
    """What publishing N release snapshots costs as N grows: a copy of the real project gets a
    new release tag (one fact edited) per step; each step builds only the new tag's snapshot
    (with its own code; no PDF or offline copy) and publishes all N beside the current site."""
    counts = (1, 2) if opts.quick else (1, 2, 4)
    project = work / "versions"
    shutil.copytree(opts.root, project, ignore=_IGNORE)
    _commit_all(project)
    cache, site = work / "versions-cache", work / "versions-site"
    opts.log("building the current site for the version snapshots")
    build = measure.run(_mkdocs_build(site), project, measure.env())
    if build.returncode != 0:
        return {"skipped": f"the build failed: {build.output[-300:]}"}
    current = _bytes(site)
    steps, made = [], 0
    facts = sorted((project / "data" / "facts").glob("*.yml"))
    for n in range(1, counts[-1] + 1):
        if n > 1:  # a change per release, as a real release has
            with facts[0].open("a", encoding="utf-8") as f:
                f.write(f"# release {n}\n")
            _git(project, "commit", "-qam", f"release {n}")
        _git(project, "tag", f"v2026.01.{n:02d}")
        made += 1
        if n not in counts:
            continue
        if opts.left() < 60:
            steps.append({"versions": n, "skipped": "time budget spent"})
            break
        opts.log(f"publishing {n} version snapshot(s)")
        run = measure.run([sys.executable, "-m", "dossier", "snapshots", "--no-artifacts",
                           "--cache", str(cache), str(site)], project, measure.env())
        if run.returncode != 0:
            steps.append({"versions": n, "skipped": f"failed: {run.output[-300:]}"})
            break
        published = _bytes(site / "v")
        steps.append({"versions": n, "new_snapshots_wall_s": round(run.wall, 2),
                      "new_snapshots_cpu_s": round(run.cpu, 2), "snapshot_bytes": published,
                      "bytes_per_version": published // n,
                      "site_bytes": current + published,
                      "cache_bytes": _bytes(cache)})
    return {"steps": steps, "current_site_bytes": current}


# --------------------------------------------------------------------------- 3: check


def check_speed(opts: Options, projects: dict[int, Path]) -> dict:
    """`dossier check` on the largest synthetic data and on the real data, on one core."""
    facts = opts.sizes[1]
    cmd, is_pinned = measure.pinned([sys.executable, "-m", "dossier", "check"])
    out: dict = {"facts": facts, "pinned_to_one_core": is_pinned, "target_s": CHECK_TARGET_S}
    for name, project in (("synthetic", projects[facts]), ("real", opts.root)):
        runs = []
        for i in range(opts.runs):
            opts.log(f"dossier check, {name} data ({i + 1}/{opts.runs})")
            runs.append(measure.run(cmd, project, timeout=300))
        out[name] = measure.summarize(runs)
    cpu = out["synthetic"]["cpu_s"]["median"]
    out["met"] = cpu is not None and cpu < CHECK_TARGET_S
    return out


# --------------------------------------------------------------------------- 4: reload


def reload_real(opts: Options, work: Path) -> dict:
    """Edit-to-reload under `mkdocs serve` for a git copy of the real site."""
    copy = work / "real-copy"
    shutil.copytree(opts.root, copy, ignore=_IGNORE)
    _commit_all(copy)
    opts.log("mkdocs serve: the real site (a copy)")
    return measure_reload(copy, opts.edits, timeout=300, log=opts.log)


def reload_big(opts: Options, project: Path, build_s: float | None) -> dict:
    """Edit-to-reload for the largest synthetic site (one edit: each costs a full rebuild),
    when the budget holds its two builds."""
    edits = 1
    if build_s is None:
        return {"skipped": "its build did not finish (section 2)"}
    need = build_s * (1 + edits) * 1.2
    if need > opts.left():
        return {"skipped": f"a first build and {edits} rebuild(s) need about {need:.0f} s; "
                           f"{max(0, opts.left()):.0f} s of the time budget were left"}
    opts.log(f"mkdocs serve: {opts.sizes[1]:,} synthetic facts")
    return measure_reload(project, edits, timeout=max(opts.big_timeout_s, opts.left()),
                          log=opts.log)


# --------------------------------------------------------------------------- 5: weight


def page_weight(site: Path, root: Path) -> dict:
    """First-load weight of the home page, every article page and the timeline."""
    articles = sorted(p.relative_to(root / "docs").with_suffix("").as_posix()
                      for p in (root / "docs").glob("*.md"))
    urls = [routes.url_path(f"{a}.md") for a in articles]
    pages = {url: weight.page(site, url) for url in urls + [routes.url_path(routes.TIMELINE)]}
    article_loads = {u: p["first_load_gzip"] for u, p in pages.items()
                     if u and u != routes.url_path(routes.TIMELINE) and not p.get("missing")}
    worst = max(article_loads, key=article_loads.__getitem__) if article_loads else None
    worst_kib = round(article_loads[worst] / 1024, 1) if worst else None
    return {
        "gzip_level": weight.LEVEL, "pages": pages, "search_index": weight.search_index(site),
        "first_load": weight.first_loads(site, urls[1] if len(urls) > 1 else ""),
        "first_load_target_kib": FIRST_LOAD_TARGET_KIB,
        "heaviest_article": worst, "heaviest_article_kib": worst_kib,
        "target_kib": ARTICLE_TARGET_KIB,
        "met": worst_kib is not None and worst_kib <= ARTICLE_TARGET_KIB,
    }


# --------------------------------------------------------------------------- all


def run(opts: Options) -> dict:
    """Run every measurement and write `report.json` and `report.md` into `opts.out`."""
    result: dict = {"machine": benchreport.machine(opts.root),
                    "settings": {"runs": opts.runs, "quick": opts.quick, "sizes": list(opts.sizes),
                                 "small_size_builds": opts.small_runs,
                                 "largest_size_builds": opts.big_runs, "edits": opts.edits,
                                 "budget_s": opts.budget_s}}
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        work = Path(tmp)
        result["overhead"], result["git_dates"], site = real_site(opts, work)
        result["weight"] = page_weight(site, opts.root)
        result["profile"] = profile(opts, work) if not opts.quick else {"skipped": "quick mode"}
        projects = {}
        for facts in opts.sizes:
            opts.log(f"generating {facts:,} synthetic facts")
            projects[facts] = synthetic_project(opts, work, facts)
        result["check"] = check_speed(opts, projects)
        result["reload"] = {"real": reload_real(opts, work)}
        result["scale"] = scale(opts, work, projects)
        result["versions"] = versions(opts, work)
        big = result["scale"]["sizes"][str(opts.sizes[1])]
        result["reload"][f"synthetic-{opts.sizes[1]}"] = reload_big(
            opts, projects[opts.sizes[1]], big["wall_s"]["median"])
    result["machine"]["load_average_end"] = benchreport.load_average()
    result["duration_s"] = round(time.perf_counter() - opts.start, 1)
    result["children_cpu_s"] = round(_children_cpu() - opts.cpu_start, 1)
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "report.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    (opts.out / "report.md").write_text(benchreport.markdown(result), encoding="utf-8")
    return result
