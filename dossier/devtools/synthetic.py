"""Synthetic dossiers: a complete, valid data tree of any size, for benchmarks and tests.

`generate(root, facts=10_000, entities=2_000)` writes `data/` (facts in files of about 500,
one file per entity, topics, sources, a glossary) and `docs/` (a few article pages whose
paragraph ids the facts cite). References are realistic: each fact has 1–3 topics, 1–4
entities, article and other sources with locators; some facts carry amounts and quantities,
some are undated, a few are disputed or corrected. The same seed always gives the same tree.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from ..core.checks import ARTICLE_SOURCE
from ..core.schema import AMOUNT_KINDS, CURRENCIES, ENTITY_KINDS, PLACE_KINDS, SOURCE_TYPES

FACTS_PER_FILE = 500
PAGES = 5
TERMS = 12

_WORDS = (
    "amber arch basin beacon birch bridge canal cedar cliff copper delta dune ember fjord forge "
    "glade granite harbor heath iron jade kiln lagoon larch marble meadow mesa nickel oak orchard "
    "pine quarry reef ridge river saffron salt shore silver slate spruce steel summit tannery "
    "thistle timber tin tower valley willow zinc").split()
_TOPIC_WORDS = (
    "diplomacy trade lending mining energy railways roads ports defence culture education "
    "health telecoms farming tourism finance media science water housing").split()
_VERBS = ("signs", "opens", "finances", "acquires", "announces", "completes", "delivers",
          "launches", "suspends", "expands")
_UNITS = ("jobs", "km", "drones", "tonnes", "students", "megawatts")
_TYPES = [t for t in SOURCE_TYPES if t != "article"]


def _dump(value: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _write(path: Path, value: Any, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f"# {comment}\n\n" if comment else ""
    path.write_text(head + _dump(value), encoding="utf-8")


def _name(rng: random.Random, n: int = 2) -> str:
    return " ".join(rng.choice(_WORDS).capitalize() for _ in range(n))


def _date(rng: random.Random) -> str | None:
    """A date in the EDTF profile, at a realistic mix of precisions (None = undated)."""
    year = rng.randint(1955, 2025)
    roll = rng.random()
    if roll < 0.10:
        return None
    if roll < 0.35:
        return str(year)
    if roll < 0.55:
        return f"{year}-{rng.randint(1, 12):02d}"
    if roll < 0.88:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if roll < 0.92:
        return f"{year}{rng.choice('~?%')}"
    if roll < 0.95:
        return f"{str(year)[:3]}X"
    if roll < 0.98:
        return f"{year}/{min(year + rng.randint(1, 6), 2026)}"
    return f"{year}/.."


def _topics(rng: random.Random, count: int) -> list[dict[str, Any]]:
    ids = [f"{_TOPIC_WORDS[i % len(_TOPIC_WORDS)]}-{i + 1:02d}" for i in range(count)]
    out = []
    for i, tid in enumerate(ids):
        topic: dict[str, Any] = {
            "id": tid, "name": f"{tid.split('-')[0].capitalize()} ({i + 1})",
            "description": f"Synthetic topic {i + 1}: facts about {tid.split('-')[0]}."}
        others = [t for t in ids if t != tid]
        if others:
            topic["related"] = rng.sample(others, min(2, len(others)))
        out.append(topic)
    return out


def _entities(rng: random.Random, count: int, topic_ids: list[str]) -> list[dict[str, Any]]:
    kinds = list(ENTITY_KINDS)
    out: list[dict[str, Any]] = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        name = _name(rng)
        entity: dict[str, Any] = {"id": f"{name.lower().replace(' ', '-')}-{i + 1}",
                                  "kind": kind, "name": name}
        if rng.random() < 0.3:
            entity["names"] = {"sr-Latn": name, "zh-Hans": "合成实体"}
        if rng.random() < 0.2:
            entity["aliases"] = [f"{name} Group"]
        entity["description"] = f"Synthetic {kind.replace('-', ' ')} number {i + 1}."
        if kind in PLACE_KINDS:
            entity["coordinates"] = {"lat": round(rng.uniform(42.2, 46.2), 4),
                                     "lon": round(rng.uniform(18.8, 23.0), 4)}
        if out and rng.random() < 0.3:
            entity["related"] = [rng.choice(out)["id"]]
        if rng.random() < 0.5:
            entity["topics"] = [rng.choice(topic_ids)]
        out.append(entity)
    return out


def _sources(rng: random.Random, count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"id": ARTICLE_SOURCE, "type": "article",
                                  "title": "A synthetic source article", "issued": None,
                                  "language": "en"}]
    for i in range(count):
        year = rng.randint(2000, 2025)
        out.append({
            "id": f"source-{i + 1:04d}", "type": _TYPES[i % len(_TYPES)],
            "title": f"{_name(rng, 3)} report", "authors": [{"family": _name(rng, 1),
                                                              "given": _name(rng, 1)}],
            "publisher": f"{_name(rng)} Press", "issued": str(year),
            "url": f"https://example.org/reports/{i + 1}", "accessed": "2026-11-28",
            "language": "en"})
    return out


def _pages(rng: random.Random, paragraphs: int, entities: list[dict[str, Any]]) -> dict[str, str]:
    """{file name: Markdown}: an index and a few sections, `paragraphs` paragraphs in all."""
    names = ["index.md"] + [f"section-{i}.md" for i in range(1, PAGES)]
    bodies: dict[str, list[str]] = {
        name: [f"# {'Synthetic dossier' if name == 'index.md' else name[:-3].capitalize()} "
               f"{{ #{'synthetic-dossier' if name == 'index.md' else name[:-3]} }}", ""]
        for name in names}
    for i in range(paragraphs):
        entity = rng.choice(entities)
        text = (f"Paragraph {i + 1} mentions [{entity['name']}](@{entity['id']}) and "
                f"{' '.join(rng.choice(_WORDS) for _ in range(12))}.")
        bodies[names[i % len(names)]] += [text, f"{{: #p-synthetic-{i + 1:05d} }}", ""]
    return {name: "\n".join(lines) for name, lines in bodies.items()}


def _fact(rng: random.Random, n: int, topic_ids: list[str], entity_ids: list[str],
          source_ids: list[str], paragraph_ids: list[str]) -> dict[str, Any]:
    date = _date(rng)
    fact: dict[str, Any] = {"id": f"fact-{n:06d}", "date": date}
    if date is None:
        fact["date_note"] = "The sources give no date."
    actor = _name(rng)
    fact["title"] = f"{actor} {rng.choice(_VERBS)} the {_name(rng, 1).lower()} project"
    fact["summary"] = f"Synthetic fact {n}: {actor} and partners, as the sources state it."
    fact["topics"] = rng.sample(topic_ids, min(len(topic_ids), rng.randint(1, 3)))
    fact["entities"] = rng.sample(entity_ids, min(len(entity_ids), rng.randint(1, 4)))
    if rng.random() < 0.4:
        fact["amounts"] = [{"value": rng.randint(1, 900) * 1_000_000,
                            "currency": rng.choice(list(CURRENCIES)[:4]),
                            "kind": rng.choice(list(AMOUNT_KINDS)),
                            "approximate": rng.random() < 0.3}]
    if rng.random() < 0.15:
        fact["quantities"] = [{"value": rng.randint(2, 5000), "unit": rng.choice(_UNITS),
                               "approximate": rng.random() < 0.5}]
    fact["sources"] = [{"source": ARTICLE_SOURCE, "locator": rng.choice(paragraph_ids)}]
    independent = rng.random() < 0.8
    if independent:
        fact["sources"].append({"source": rng.choice(source_ids),
                                "locator": f"p. {rng.randint(1, 80)}", "checked": "2026-11-28"})
    roll = rng.random()
    if roll < 0.03:
        fact["verification"] = "disputed"
        fact["verification_note"] = "Another source names a different lender."
        fact["counter_claim"] = "The project was financed from other loans."
        fact["counter_sources"] = [{"source": rng.choice(source_ids), "locator": "§ Financing",
                                    "checked": "2026-11-28"}]
    elif roll < 0.04 and independent:
        fact["verification"] = "corrected"
        fact["verification_note"] = "Another source gives a different year."
        fact["article_says"] = "A year earlier."
    elif independent:
        fact["verification"] = "corroborated"
    else:
        fact["verification"] = "article-claim"
        fact["verification_note"] = "No independent source was found."
    return fact


def generate(root: Path, facts: int, entities: int, topics: int = 12, seed: int = 0) -> int:
    """Write a valid synthetic `data/` and `docs/` under `root`; returns the number of files.

    Refuses (FileExistsError) to write into a `data/` or `docs/` folder that is not empty."""
    for folder in ("data", "docs"):
        if (root / folder).is_dir() and any((root / folder).iterdir()):
            raise FileExistsError(f"{(root / folder).as_posix()} is not empty")
    rng = random.Random(seed)
    topic_list = _topics(rng, max(1, topics))
    topic_ids = [t["id"] for t in topic_list]
    entity_list = _entities(rng, max(1, entities), topic_ids)
    entity_ids = [e["id"] for e in entity_list]
    source_list = _sources(rng, max(2, facts // 200))
    source_ids = [s["id"] for s in source_list if s["id"] != ARTICLE_SOURCE]
    pages = _pages(rng, max(10, facts // 20), entity_list)
    paragraph_ids = [f"p-synthetic-{i + 1:05d}" for i in range(max(10, facts // 20))]
    for topic in topic_list:  # a topic may list paragraphs beyond those its facts cite
        topic["paragraphs"] = rng.sample(paragraph_ids, 2)

    written = 0
    data = root / "data"
    for topic in topic_list:
        _write(data / "topics" / f"{topic['id']}.yml", topic)
    for entity in entity_list:
        _write(data / "entities" / f"{entity['id']}.yml", entity)
    for source in source_list:
        _write(data / "sources" / f"{source['id']}.yml", source)
    written += len(topic_list) + len(entity_list) + len(source_list)
    terms = [{"term": f"T{i + 1}", "id": f"term-{i + 1}", "expansion": f"Term {i + 1}",
              "definition": "A synthetic abbreviation.", "entity": entity_ids[i % len(entity_ids)]}
             for i in range(TERMS)]
    _write(data / "glossary.yml", terms, "Synthetic glossary.")
    written += 1
    all_facts = [_fact(rng, n, topic_ids, entity_ids, source_ids, paragraph_ids)
                 for n in range(1, facts + 1)]
    for start in range(0, facts, FACTS_PER_FILE):
        chunk = all_facts[start:start + FACTS_PER_FILE]
        _write(data / "facts" / f"facts-{start // FACTS_PER_FILE + 1:03d}.yml", chunk,
               f"Synthetic facts {start + 1}–{start + len(chunk)}.")
        written += 1
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, markdown in pages.items():
        (docs / name).write_text(markdown, encoding="utf-8")
        written += 1
    return written
