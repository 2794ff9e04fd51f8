"""Edit-to-reload: the seconds from saving a data file to `mkdocs serve` serving the rebuilt
page. A fact's title is rewritten in place in its YAML file and the page that lists the fact
is polled until the new title shows. Used by `bench.py` on throwaway copies, never on the
real `data/`."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from ..core import routes
from ..core.loader import load_text
from . import measure


def fact_to_edit(project: Path) -> tuple[Path, int, int, str]:
    """(file, 1-based line, column, URL path of a page listing the fact) of the first fact
    whose title is a one-line scalar, so that it can be replaced in place."""
    for file in sorted((project / "data" / "facts").rglob("*.y*ml")):
        text = file.read_text(encoding="utf-8")
        doc = load_text(text, file.name)
        records = doc.value if isinstance(doc.value, list) else [doc.value]
        lines = text.split("\n")
        for record in records:
            if not isinstance(record, dict) or not isinstance(record.get("title"), str):
                continue
            line, col = record.val_pos["title"]
            written = lines[line - 1][col - 1:].strip()
            if written in (record["title"], f"'{record['title']}'", json.dumps(record["title"])):
                entities = record.get("entities") or []
                return file, line, col, (routes.url_path(routes.entity(entities[0])) if entities
                                        else routes.url_path(routes.TIMELINE))
    raise RuntimeError(f"no fact with a one-line title under {project / 'data' / 'facts'}")


def edit(file: Path, line: int, col: int, title: str) -> None:
    """Replace the scalar at (line, col) to the end of its line by `title`, and sync."""
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:col - 1] + json.dumps(title)
    with file.open("w", encoding="utf-8") as f:
        f.write("\n".join(lines))
        f.flush()
        os.fsync(f.fileno())


def measure_reload(project: Path, edits: int, timeout: float,
                   log: Callable[[str], None] = lambda message: None) -> dict:
    """Serve `project`, wait for the first build, then time `edits` successive edits."""
    file, line, col, url = fact_to_edit(project)
    with measure.Server(project, measure.env()) as server:
        started = measure.wait_for(server.url + url, lambda body: "</html>" in body,
                                   timeout=timeout, interval=0.25)
        times, failures = [], 0
        for i in range(edits if started is not None else 0):
            marker = f"Benchmark edit {i + 1} {time.time_ns()}"
            edit(file, line, col, marker)
            took = measure.wait_for(server.url + url, lambda body, m=marker: m in body,
                                    timeout=timeout)
            if took is None:
                failures += 1
            else:
                times.append(took)
            log(f"  edit {i + 1}: " + ("timed out" if took is None else f"{took:.2f} s"))
        result = {"page": "/" + url,
                  "first_build_s": None if started is None else round(started, 2),
                  "edit_to_served_s": measure.summary(times), "failures": failures}
        if started is None or failures:
            result["server_output"] = server.output()
    return result
