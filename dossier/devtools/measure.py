"""Measuring other processes: wall time, CPU time and peak memory of one command, the git calls
it makes, and how long `mkdocs serve` takes to serve a page after a data file is saved.

Everything runs in a subprocess (never in the benchmark's own interpreter), so imports, caches
and memory of one measurement cannot leak into the next. Used by `bench.py`; no MkDocs import.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
PACKAGE = Path(os.path.realpath(__file__)).parents[1]
"""The dossier package's folder, whose functions a build's profile shows."""


@dataclass
class Run:
    """One finished command: seconds of wall and CPU time (children included), peak RSS."""

    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int
    output: str  # the last lines of stdout+stderr, for the report when something failed
    warnings: int  # lines MkDocs logged at WARNING level
    timed_out: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def env(**extra: str) -> dict[str, str]:
    """The current environment without the banners, plus `extra`."""
    return {**os.environ, **QUIET, **extra}


def run(cmd: Sequence[str], cwd: Path, environ: Mapping[str, str] | None = None,
        timeout: float = 900) -> Run:
    """Run `cmd` to completion and measure it with wait4(): the rusage is that process's own
    (with the children it waited for, e.g. git), not a delta that other children could skew.
    After `timeout` seconds the command and its children are killed (`timed_out`)."""
    killed = []

    def kill() -> None:
        killed.append(True)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(environ or env()), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    lines = text.splitlines()
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, max_rss_mib=round(rss, 1),
               returncode=proc.returncode, output="\n".join(lines[-15:]),
               warnings=sum(1 for line in lines if line.startswith("WARNING")),
               timed_out=bool(killed))


def summary(values: Sequence[float], digits: int = 3) -> dict:
    """Median, min, max and every value, rounded."""
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0, "values": []}
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "n": len(values),
            "values": [round(v, digits) for v in values]}


def summarize(runs: Sequence[Run]) -> dict:
    """Wall and CPU summaries and the peak memory over several runs of one command."""
    ok = [r for r in runs if r.returncode == 0]
    failed = [r for r in runs if r.returncode != 0]
    out = {
        "wall_s": summary([r.wall for r in ok]),
        "cpu_s": summary([r.cpu for r in ok]),
        "max_rss_mib": max((r.max_rss_mib for r in runs), default=None),
        "warnings": max((r.warnings for r in ok), default=0),
        "failures": len(failed),
        "timed_out": sum(r.timed_out for r in runs),
    }
    if failed:
        out["failure_output"] = failed[0].output
        out["killed_after_s"] = round(max(r.wall for r in failed), 1)
    return out


def pinned(cmd: Sequence[str]) -> tuple[list[str], bool]:
    """`cmd` pinned to CPU 0 with taskset when it is available (Linux)."""
    taskset = shutil.which("taskset")
    if taskset is None:
        return list(cmd), False
    return [taskset, "-c", "0", *cmd], True


# --------------------------------------------------------------------------- git calls


def count_git_calls(cmd: Sequence[str], cwd: Path,
                    environ: Mapping[str, str]) -> tuple[Run, list[str]]:
    """Run `cmd` with a `git` first on PATH that logs its arguments, then runs the real git.

    Returns the run and one line per git invocation (its arguments)."""
    real = shutil.which("git", path=environ.get("PATH"))
    if real is None:
        return run(cmd, cwd, environ), []
    with tempfile.TemporaryDirectory(prefix="dossier-git-") as tmp:
        log = Path(tmp) / "calls.log"
        wrapper = Path(tmp) / "bin" / "git"
        wrapper.parent.mkdir()
        wrapper.write_text('#!/bin/sh\nprintf "%s\\n" "$*" >> "$DOSSIER_GIT_LOG"\n'
                           f'exec "{real}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
        wrapped = {**environ, "PATH": f"{wrapper.parent}{os.pathsep}{environ.get('PATH', '')}",
                   "DOSSIER_GIT_LOG": str(log), "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper)}
        result = run(cmd, cwd, wrapped)
        calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return result, calls


# --------------------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def wait_for(url: str, predicate: Callable[[str], bool], timeout: float,
             interval: float = 0.05) -> float | None:
    """Poll `url` until its body satisfies `predicate`; the seconds it took, or None."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(url)
        if body is not None and predicate(body):
            return time.perf_counter() - start
        time.sleep(interval)
    return None


class Server:
    """`mkdocs serve --livereload` of a project on a free loopback port, in its own process
    group so that stopping it also stops anything it started."""

    def __init__(self, project: Path, environ: Mapping[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a",
             f"127.0.0.1:{self.port}"],
            cwd=project, env={**environ, "SITE_URL": self.url}, stdout=self.log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def output(self) -> str:
        self.log.seek(0)
        return "\n".join(self.log.read().decode("utf-8", "replace").splitlines()[-15:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(10)
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- profile


def profile_summary(path: Path, package: Path = PACKAGE, top: int = 12) -> dict:
    """From a cProfile dump of a build: total seconds, seconds per event of the package's
    MkDocs plugin (`engine/plugin.py`), and the package's functions with the most cumulative
    time, named as pstats does ('cite/csltext.py:190(text)': a method and a function may share
    a name). A function is the package's when its file lies in `package`'s folder, in
    whichever subpackage."""
    import pstats

    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    total = max((ct for _, _, _, ct, _ in stats.values()), default=0.0)
    events, functions = {}, []
    for (file, line, name), (_, calls, _, cumulative, _) in stats.items():
        if not file.endswith(".py"):
            continue  # built-ins ('~') and frozen modules
        source = Path(os.path.realpath(file))
        if not source.is_relative_to(package):
            continue
        where = source.relative_to(package).as_posix()
        if where == "engine/plugin.py" and name.startswith("on_"):
            events[name] = round(cumulative, 3)
        elif not name.startswith("<"):
            functions.append({"function": f"{where}:{line}({name})", "calls": calls,
                              "cumulative_s": round(cumulative, 3)})
    functions.sort(key=lambda f: -f["cumulative_s"])
    return {"total_s": round(total, 3), "plugin_events_s": dict(sorted(
        events.items(), key=lambda kv: -kv[1])), "functions": functions[:top]}
