"""The hand-written article pages in `docs/`: their paragraph ids and entity links.

Conventions (see ARCHITECTURE.md):

* each article paragraph is one Markdown line followed by `{: #p-some-id }` on the next line;
* an entity is linked with `[visible text](@entity-id)`; the adapter turns it into a link to
  the entity page, and `dossier check` reports an unknown id with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .loader import read_text
from .problems import Problem

PARA_ATTR = re.compile(r"^\{:\s*#(p-[A-Za-z0-9_-]+)\s*\}\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s*\{\s*#([^}\s]+)[^}]*\})?\s*$")
ENTITY_LINK = re.compile(r"\[([^\]\n]+)\]\(@([^)\s]*)\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")


@dataclass(frozen=True)
class EntityLink:
    entity: str
    text: str
    line: int
    col: int


@dataclass
class Paragraph:
    """One article paragraph with a stable id."""

    id: str
    page: str  # src_uri of its page, e.g. 'western-balkans-strategy.md'
    line: int  # 1-based line of the paragraph text
    markdown: str
    section: str = ""  # title of the page's first heading
    links: list[EntityLink] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Plain text: link syntax removed."""
        return _MD_LINK.sub(r"\1", self.markdown).strip()

    def excerpt(self, limit: int = 160) -> str:
        """The first sentence-ish of the paragraph, cut at a word boundary."""
        text = self.text
        if len(text) <= limit:
            return text
        cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-")
        return cut + "…"


@dataclass
class Page:
    """One hand-written page: its paragraphs and entity links in order."""

    src_uri: str
    title: str
    paragraphs: list[Paragraph]
    links: list[EntityLink]  # every entity link on the page, including outside paragraphs


def parse_page(text: str, src_uri: str) -> Page:
    lines = text.splitlines()
    title = ""
    paragraphs: list[Paragraph] = []
    links: list[EntityLink] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        heading = HEADING.match(line)
        if heading and not title and heading.group(1) == "#":
            title = ENTITY_LINK.sub(r"\1", heading.group(2)).strip()
        for m in ENTITY_LINK.finditer(line):
            links.append(EntityLink(m.group(2), m.group(1), number, m.start() + 1))
        attr = PARA_ATTR.match(line)
        if attr and number > 1 and lines[number - 2].strip():
            para_line = number - 1
            body = lines[para_line - 1]
            paragraphs.append(Paragraph(
                attr.group(1), src_uri, para_line, body, title,
                [link for link in links if link.line == para_line]))
    return Page(src_uri, title, paragraphs, links)


def read_pages(docs_dir: Path, prefix: str = "docs") -> tuple[list[Page], list[Problem]]:
    """Every Markdown page under `docs_dir`, sorted by path, and a problem for each page that
    cannot be read or is not UTF-8 (`prefix` is how problems name `docs_dir`)."""
    pages: list[Page] = []
    problems: list[Problem] = []
    for file in sorted(docs_dir.rglob("*.md")):
        if not file.is_file():
            continue
        src_uri = file.relative_to(docs_dir).as_posix()
        text, unread = read_text(file, f"{prefix}/{src_uri}")
        problems += unread
        if text is not None:
            pages.append(parse_page(text, src_uri))
    return pages, problems
