"""Data downloads from the fixture tree: golden files, Frictionless validation, counts that match
the data, permalinks, determinism, and the /data/ page that lists them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.publish import data_downloads

from dossier.core import schema
from dossier.publish.data_page import data_page, size
from dossier.render.markup import text
from dossier.core.settings import Settings
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"
GOLDEN = Path(__file__).parent / "golden" / "exports"
SETTINGS = Settings("https://example.org/dossier/", "Example dossier", "Example dossier editors",
                    version="v2026.11.28", version_date=dt.date(2026, 11, 28),
                    description="A small example dossier.")


def _site():
    loaded = load(EXAMPLE)
    assert loaded.problems == []
    assert loaded.site is not None
    return loaded.site


SITE = _site()
FILES = data_downloads.files(SITE, SETTINGS)
# Golden copies of the CSV/JSON downloads and the data page (schemas are compared to schema.py).
GOLDEN_FILES = {k[len(data_downloads.FOLDER):]: v for k, v in FILES.items() if "/schemas/" not in k}
GOLDEN_FILES["index.md"] = data_page(data_downloads.downloads(SITE, SETTINGS), SETTINGS).encode()


@pytest.mark.parametrize("name", sorted(GOLDEN_FILES))
def test_download_matches_golden(name: str, golden) -> None:
    golden(GOLDEN / name, GOLDEN_FILES[name])


def test_no_stale_goldens() -> None:
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk <= set(GOLDEN_FILES), on_disk - set(GOLDEN_FILES)


def test_schemas_are_the_models_json_schemas() -> None:
    for kind in data_downloads.KINDS:
        published = json.loads(FILES[f"data/schemas/{kind}.schema.json"])
        assert published == schema.json_schema(kind)


def test_frictionless_validates_the_package(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    for name, content in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors
    package = json.loads(FILES["data/datapackage.json"])
    assert {r["path"] for r in package["resources"]} == {t.path for t in data_downloads.TABLES}
    # foreign keys were checked, not merely declared
    assert any(r["schema"].get("foreignKeys") for r in package["resources"])


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(FILES[f"data/{name}"].decode("utf-8"))))


def test_counts_match_the_data() -> None:
    facts = SITE.facts.values()
    assert len(_rows("facts.csv")) == len(SITE.facts) == len(json.loads(FILES["data/facts.json"]))
    assert len(_rows("entities.csv")) == len(SITE.entities)
    assert len(_rows("topics.csv")) == len(SITE.topics)
    assert len(_rows("sources.csv")) == len(SITE.sources)
    assert len(_rows("fact_topics.csv")) == sum(len(f["topics"]) for f in facts)
    assert len(_rows("fact_entities.csv")) == sum(len(f["entities"]) for f in facts)
    assert len(_rows("fact_sources.csv")) == sum(
        len(f["sources"]) + len(f.get("counter_sources") or []) for f in facts)
    assert len(_rows("fact_amounts.csv")) == sum(len(f.get("amounts") or []) for f in facts)
    assert len(_rows("fact_quantities.csv")) == sum(len(f.get("quantities") or []) for f in facts)
    assert len(_rows("entity_names.csv")) == sum(
        len(e.get("names") or {}) for e in SITE.entities.values())
    package = json.loads(FILES["data/datapackage.json"])
    for resource in package["resources"]:
        assert resource["x-rows"] == len(_rows(resource["path"]))


def test_every_row_carries_its_permalink() -> None:
    assert [r["permalink"] for r in _rows("facts.csv")] == [
        f"https://example.org/dossier/timeline/#{fid}" for fid in SITE.timeline]
    assert _rows("entities.csv")[0]["permalink"] == "https://example.org/dossier/entities/ada-bridge/"
    assert _rows("topics.csv")[0]["permalink"] == "https://example.org/dossier/topics/industry/"
    assert _rows("sources.csv")[0]["permalink"] == "https://example.org/dossier/sources/#article"
    for kind, stem in data_downloads.KINDS.items():
        for record in json.loads(FILES[f"data/{stem}.json"]):
            assert record["permalink"] == data_downloads.permalink(SETTINGS, kind, record["id"])
    article = [r for r in _rows("fact_sources.csv") if r["source"] == "article"]
    assert article and all(r["locator_url"] == f"https://example.org/dossier/#{r['locator']}"
                           for r in article)


def test_data_strings_stay_data() -> None:
    ada = next(r for r in _rows("entities.csv") if r["id"] == "ada-bridge")
    assert ada["name"] == "Ada Bridge <script>alert(1)</script>"  # CSV is data, not markup
    assert "<script>" not in GOLDEN_FILES["index.md"].decode()


def test_two_runs_give_identical_bytes() -> None:
    """Same site and settings → same bytes, also in a fresh process (no clock, no hash order)."""
    assert data_downloads.files(_site(), SETTINGS) == FILES
    code = (
        "import datetime as dt, hashlib, sys; from pathlib import Path; "
        "from dossier.publish import data_downloads; from dossier.core.site import load; "
        "from dossier.core.settings import Settings; "
        f"s = Settings({SETTINGS.site_url!r}, {SETTINGS.site_name!r}, {SETTINGS.author!r}, "
        f"version={SETTINGS.version!r}, version_date=dt.date(2026, 11, 28), "
        f"description={SETTINGS.description!r}); "
        f"files = data_downloads.files(load(Path({str(EXAMPLE)!r})).site, s); "
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout.strip()
    import hashlib

    assert out == hashlib.sha256(repr(sorted(FILES.items())).encode()).hexdigest()


def test_data_page_lists_every_download_with_size_and_rows() -> None:
    page = GOLDEN_FILES["index.md"].decode()
    for d in data_downloads.downloads(SITE, SETTINGS):
        line = next(line for line in page.splitlines() if line.startswith(f"| [{text(d.path)}]({d.path})"))
        assert size(len(d.content)) in line
        if d.rows is not None:
            assert f"| {d.rows:,} |" in line
    for table in data_downloads.TABLES:
        for column in table.columns:
            assert f"| `{column.name}` |" in page
    assert "Creative Commons Attribution 4.0" in page

