"""The article pages in docs/ are a faithful transcription of the source article.

These tests read the files directly (no MkDocs):

* the source article, sources/article.txt (one paragraph or heading per line);
* ARCHITECTURE.md, which fixes page order, heading ids and paragraph ids;
* docs/*.md, the hand-written pages;
* the corrections table on docs/editorial-notes.md.

The site text must equal the source text after applying exactly the corrections
listed in the editorial-notes table, so an undocumented edit, a missing or
reordered paragraph, or a listed-but-unapplied correction all fail.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
ARCHITECTURE = REPO / "ARCHITECTURE.md"
NOTES = DOCS / "editorial-notes.md"
SEED = Path(__file__).resolve().parents[1] / "sources" / "article.txt"

ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
# A trailing attr_list on a heading: "{ #id }", "{: #id .class }" ...
TRAILING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
# A block attr_list on its own line, closing the paragraph above it: "{: #id }"
ATTR_LINE = re.compile(r"^\{:[ \t]*([^{}]*?)[ \t]*\}[ \t]*$")
ENTITY_LINK = re.compile(r"\[([^\]\n]+)\]\(@[a-z0-9-]+\)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
SEED_HEADING = re.compile(r"^\d+\.[ \t]+\S")


# --------------------------------------------------------------------------- helpers


def _id_in(attrs: str) -> str | None:
    """The `#id` inside an attr_list body, if any."""
    m = re.search(r"(?:^|\s)#([^\s{}]+)", attrs)
    return m.group(1) if m else None


def lines_outside_fences(text: str):
    """(1-based line number, line) for lines not inside fenced code blocks."""
    fence = None
    for n, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * 3
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        yield n, line


@dataclass(frozen=True)
class Heading:
    path: Path
    line: int
    level: int
    text: str  # without the attr_list
    id: str | None


@dataclass(frozen=True)
class IdParagraph:
    path: Path
    line: int  # line of the paragraph text
    id: str
    text: str
    preceded_by_blank: bool


def scan(path: Path) -> tuple[list[Heading], list[IdParagraph]]:
    """Headings (with their explicit ids) and id-carrying paragraphs of one Markdown file."""
    text = path.read_text(encoding="utf-8")
    all_lines = text.splitlines()
    headings: list[Heading] = []
    paras: list[IdParagraph] = []
    for n, line in lines_outside_fences(text):
        h = HEADING.match(line)
        if h:
            body = h.group(2)
            m = TRAILING_ATTRS.search(body)
            hid = _id_in(m.group(1)) if m else None
            if m:
                body = body[: m.start()]
            headings.append(Heading(path, n, len(h.group(1)), body.strip(), hid))
            continue
        a = ATTR_LINE.match(line)
        if a:
            pid = _id_in(a.group(1))
            if pid is None:
                continue
            prev = all_lines[n - 2] if n >= 2 else ""
            before = all_lines[n - 3] if n >= 3 else ""
            paras.append(IdParagraph(path, n - 1, pid, prev, before.strip() == ""))
    return headings, paras


def doc_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def rel(p: Path) -> str:
    return p.relative_to(REPO).as_posix()


# --------------------------------------------------------------------------- ARCHITECTURE.md


def architecture() -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """([(page file, heading id)] in order, {page file: [paragraph ids in order]})."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    pages = re.findall(
        r"^\|[ \t]*`([\w-]+\.md)`[ \t]*\|[ \t]*`[^`]*`[ \t]*\|[ \t]*`([\w-]+)`[ \t]*\|",
        text,
        flags=re.M,
    )
    start = text.index("Article paragraph ids")
    end = text.index("Generated pages", start)
    block = text[start:end]
    para_ids: dict[str, list[str]] = {}
    for item in re.split(r"^- ", block, flags=re.M)[1:]:
        page = re.search(r"\(`([\w-]+\.md)`\)", item)
        assert page, f"ARCHITECTURE.md: paragraph-id item without a page: {item!r}"
        para_ids[page.group(1)] = re.findall(r"`(p-[A-Za-z0-9-]+)`", item)
    return pages, para_ids


# --------------------------------------------------------------------------- seed article


def seed() -> tuple[list[str], list[list[str]]]:
    """(section headings, paragraph groups: [intro, section 1, ..., section n])."""
    headings: list[str] = []
    groups: list[list[str]] = [[]]
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if SEED_HEADING.match(line):
            headings.append(line)
            groups.append([])
        else:
            groups[-1].append(line)
    return headings, groups


# --------------------------------------------------------------------------- corrections table


@dataclass(frozen=True)
class Correction:
    page: str
    anchor: str
    original: str
    corrected: str
    row: int


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def _uncode(cell: str) -> str:
    """Strip a code span wrapper (`x` or `` x ``), keeping the text inside verbatim."""
    m = re.fullmatch(r"(`+)(.*?)\1", cell, flags=re.S)
    if not m:
        return cell
    inner = m.group(2)
    if len(inner) >= 2 and inner.startswith(" ") and inner.endswith(" ") and inner.strip():
        inner = inner[1:-1]
    return inner


def corrections() -> list[Correction]:
    out: list[Correction] = []
    cols = None
    for n, line in lines_outside_fences(NOTES.read_text(encoding="utf-8")):
        if not line.lstrip().startswith("|"):
            cols = None
            continue
        cells = _cells(line)
        if cols is None:
            names = [c.lower() for c in cells]
            if {"where", "original", "corrected"} <= set(names):
                cols = {k: names.index(k) for k in ("where", "original", "corrected")}
            continue
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        link = re.search(r"\]\(([\w./-]+\.md)#([\w-]+)\)", cells[cols["where"]])
        assert link, f"{rel(NOTES)}:{n}: the Where cell must link to page.md#anchor"
        out.append(
            Correction(
                page=link.group(1),
                anchor=link.group(2),
                original=_uncode(cells[cols["original"]]),
                corrected=_uncode(cells[cols["corrected"]]),
                row=n,
            )
        )
    return out


# --------------------------------------------------------------------------- expected text


def expected() -> tuple[dict[str, tuple[str, str]], list[Correction]]:
    """{anchor: (page, corrected source text)} for every article heading and paragraph."""
    pages, para_ids = architecture()
    headings, groups = seed()
    assert len(pages) == len(groups), (
        f"ARCHITECTURE.md lists {len(pages)} article pages; the source has "
        f"{len(groups) - 1} sections plus the intro"
    )
    texts: dict[str, tuple[str, str]] = {}
    for i, (page, heading_id) in enumerate(pages):
        ids = para_ids.get(page, [])
        assert len(ids) == len(groups[i]), (
            f"{page}: ARCHITECTURE.md lists {len(ids)} paragraph ids, "
            f"the source has {len(groups[i])} paragraphs"
        )
        if i > 0:
            texts[heading_id] = (page, headings[i - 1])
        for pid, t in zip(ids, groups[i]):
            texts[pid] = (page, t)

    table = corrections()
    for c in table:
        where = f"{rel(NOTES)}:{c.row}"
        assert c.anchor in texts, f"{where}: {c.anchor!r} is not an article heading or paragraph id"
        page, t = texts[c.anchor]
        assert c.page == page, f"{where}: {c.anchor} is on {page}, not {c.page}"
        assert c.original and c.original != c.corrected, f"{where}: the row changes nothing"
        count = t.count(c.original)
        assert count == 1, (
            f"{where}: Original {c.original!r} occurs {count} times in {c.anchor} "
            "(after earlier corrections); it must occur exactly once"
        )
        texts[c.anchor] = (page, t.replace(c.original, c.corrected))
    return texts, table


def _diff(want: str, got: str) -> str:
    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op != "equal":
            parts.append(f"{op}: expected {want[max(0, a1 - 15):a2 + 15]!r} got {got[max(0, b1 - 15):b2 + 15]!r}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- tests: text


def test_corrections_table_is_present_and_parsed():
    table = corrections()
    assert table, f"no corrections table (Where | Original | Corrected | Why) found on {rel(NOTES)}"


def test_every_article_paragraph_is_present_in_order_with_its_id_and_text():
    texts, _ = expected()
    pages, para_ids = architecture()
    want = [(page, pid, texts[pid][1]) for page, _ in pages for pid in para_ids[page]]

    got = []
    for page, _ in pages:
        path = DOCS / page
        assert path.is_file(), f"missing article page {rel(path)}"
        _, paras = scan(path)
        # `[text](@entity-id)` links are markup, not text: compare what the reader reads.
        got += [(page, p.id, ENTITY_LINK.sub(r"\1", p.text)) for p in paras
                if p.id.startswith("p-")]

    assert [(p, i) for p, i, _ in got] == [(p, i) for p, i, _ in want], (
        "article paragraph ids are missing, extra, misplaced or out of order"
    )
    bad = [f"{page}#{pid}: {_diff(w, g)}" for (page, pid, w), (_, _, g) in zip(want, got) if w != g]
    assert not bad, "paragraph text differs from the source plus listed corrections:\n" + "\n".join(bad)


def test_section_headings_match_the_source():
    texts, _ = expected()
    pages, _ = architecture()
    for i, (page, heading_id) in enumerate(pages):
        headings, _ = scan(DOCS / page)
        h1 = [h for h in headings if h.level == 1]
        assert len(h1) == 1, f"{page}: expected exactly one H1, found {len(h1)}"
        assert h1[0].id == heading_id, f"{page}: H1 id is {h1[0].id!r}, ARCHITECTURE.md says {heading_id!r}"
        if i > 0:
            want = texts[heading_id][1]
            assert h1[0].text == want, f"{page}: H1 {_diff(want, h1[0].text)}"


def test_every_paragraph_is_one_line_directly_above_its_id():
    pages, _ = architecture()
    for page, _ in pages:
        path = DOCS / page
        _, paras = scan(path)
        for p in paras:
            where = f"{rel(path)}:{p.line}"
            assert p.text.strip(), f"{where}: blank line between paragraph and {{: #{p.id} }}"
            assert not HEADING.match(p.text), f"{where}: {{: #{p.id} }} follows a heading"
            assert p.preceded_by_blank, f"{where}: paragraph {p.id} is wrapped over several lines"


def test_section_pages_have_no_unidentified_paragraphs():
    """On the five section pages every text line is a heading, an article paragraph or its id."""
    pages, _ = architecture()
    for page, _ in pages[1:]:
        path = DOCS / page
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for n, line in lines_outside_fences(text):
            if not line.strip() or HEADING.match(line) or ATTR_LINE.match(line):
                continue
            nxt = lines[n] if n < len(lines) else ""
            a = ATTR_LINE.match(nxt)
            assert a and (_id_in(a.group(1)) or "").startswith("p-"), (
                f"{rel(path)}:{n}: paragraph without a {{: #p-... }} id on the next line"
            )


# --------------------------------------------------------------------------- tests: ids


def test_every_heading_has_an_explicit_ascii_id():
    missing = []
    for path in doc_files():
        headings, _ = scan(path)
        for h in headings:
            if h.id is None or not ASCII_ID.match(h.id):
                missing.append(f"{rel(path)}:{h.line}: {h.text!r} id={h.id!r}")
    assert not missing, "headings without an explicit ASCII { #id }:\n" + "\n".join(missing)


def test_heading_and_paragraph_ids_are_unique_across_docs():
    seen: dict[str, str] = {}
    dupes = []
    for path in doc_files():
        headings, paras = scan(path)
        for where, i in [(f"{rel(path)}:{h.line}", h.id) for h in headings if h.id] + [
            (f"{rel(path)}:{p.line + 1}", p.id) for p in paras
        ]:
            if i in seen:
                dupes.append(f"{i}: {seen[i]} and {where}")
            else:
                seen[i] = where
    assert not dupes, "duplicate ids:\n" + "\n".join(dupes)


def test_paragraph_ids_match_architecture():
    pages, para_ids = architecture()
    listed = {pid: page for page, ids in para_ids.items() for pid in ids}
    assert len(listed) == sum(len(v) for v in para_ids.values()), "ARCHITECTURE.md repeats a paragraph id"
    found = {}
    for path in doc_files():
        for p in scan(path)[1]:
            if p.id.startswith("p-"):
                found[p.id] = path.relative_to(DOCS).as_posix()
    assert sorted(set(found) - set(listed)) == [], "paragraph ids in docs not listed in ARCHITECTURE.md"
    assert sorted(set(listed) - set(found)) == [], "paragraph ids in ARCHITECTURE.md missing from docs"
    misplaced = {i: (found[i], listed[i]) for i in listed if found[i] != listed[i]}
    assert not misplaced, f"paragraph ids on the wrong page (found, expected): {misplaced}"
    for page, heading_id in pages:
        assert ASCII_ID.match(heading_id)
