#!/usr/bin/env python3
"""Write schemas/<kind>.schema.json from the data model in dossier/core/schema.py.

    python3 scripts/gen_schema.py          # (re)write the files
    python3 scripts/gen_schema.py --check  # exit 1 if a committed file is out of date

Editors validate and complete data/ with these files (see .vscode/settings.json);
tests/test_schema.py fails when they differ from the model.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dossier.core.schema import schema_files  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for rel, text in schema_files().items():
        path = ROOT / rel
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(rel)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if check else "written"
    for rel in stale:
        print(f"{rel}: {verb}")
    if not stale:
        print("schemas/: up to date")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
