"""The search index, made to understand Serbian names (pure; `folding.py` does the spelling).

Material's search worker indexes every field listed in the index's `config.fields`, so the
theme's own search box finds what two extra fields hold, with no fork of the theme:

* `folded` — the other spellings of the entry's words (Zelezara, Железара for Železara; see
  `folding.py`), plus every name, alias and native name of each entity the entry names
  (an entry that says "HBIS" also answers "Hesteel" and "Železara Smederevo");
* `folded_title` — the other spellings of the entry's title and, on an entity's own page,
  all of that entity's names: "Hesteel" or "Хестеел" finds the HBIS page at the top, with
  the weight of a title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from ..core import routes
from ..core.site import Site
from .folding import fold, key, name_key, words

FIELD = "folded"
TITLE_FIELD = "folded_title"

_TAG = re.compile(r"<[^>]*>")


def entity_names(entity: dict[str, Any]) -> list[str]:
    """The English name, the native names and the aliases of an entity, without repeats."""
    names = [entity["name"], *(entity.get("names") or {}).values(), *(entity.get("aliases") or [])]
    return list(dict.fromkeys(names))


def all_names(site: Site) -> dict[str, list[str]]:
    """{entity id: its names}, with the glossary terms that name it (HBIS, CRBC, EPS …)."""
    out = {eid: entity_names(e) for eid, e in site.entities.items()}
    for term in site.glossary:
        if term.get("entity") in out and term["term"] not in out[term["entity"]]:
            out[term["entity"]].append(term["term"])
    return out


class NameFinder:
    """Finds which entities a text names, by any of their names, in any spelling or script.

    Names are kept in a trie of folded words, so a text is read once whatever the number of
    names (synthetic sites have thousands sharing their first word)."""

    _END = ""  # trie key of the entities whose name ends at a node (no word folds to "")

    def __init__(self, names: dict[str, list[str]]) -> None:
        self._trie: dict[str, Any] = {}
        for eid, spellings in names.items():
            for name in spellings:
                parts = name_key(name)
                if not parts:
                    continue
                node = self._trie
                for part in parts:
                    node = node.setdefault(part, {})
                # A one-word name of three letters or fewer (Bor, Bar, EU) only counts when
                # capitalised in the text, so "bar" the word does not name Bar the port.
                short = len(parts) == 1 and len(parts[0]) <= 3
                node.setdefault(self._END, []).append((eid, short))

    def find(self, text: str) -> list[str]:
        """Ids of the entities `text` names, in order of first mention."""
        found: dict[str, None] = {}
        tokens = words(text)
        keys = [key(t) for t in tokens]
        for i, k in enumerate(keys):
            node = self._trie.get(k)
            ends = []  # the names starting here, shortest first
            j = i + 1
            while node is not None:
                if self._END in node:
                    ends.append(node[self._END])
                node = node.get(keys[j]) if j < len(keys) else None
                j += 1
            for named in reversed(ends):  # longest name first
                for eid, short in named:
                    if not (short and not tokens[i][:1].isupper()):
                        found.setdefault(eid, None)
        return list(found)


def plain(markup: str) -> str:
    """An index entry's text without its HTML tags and entities."""
    return html.unescape(_TAG.sub(" ", markup))


def _names_of(site: Site, names: dict[str, list[str]], eids: Iterable[str]) -> list[str]:
    """Every spelling of every name of the entities: an entity with a Serbian Cyrillic name
    brings that name; the others get their names transliterated into Cyrillic."""
    out: list[str] = []
    for eid in eids:
        native = "sr-Cyrl" in (site.entities[eid].get("names") or {})
        out += fold(names[eid], cyrillic=None if native else True, every=True)
    return out


def own_entity(location: str, site: Site) -> str | None:
    """The entity whose page an index entry is (the page itself, not one of its sections)."""
    shown = routes.location_record(location)
    return shown[1] if shown and shown[0] == "entity" and shown[1] in site.entities else None


def fold_index(index: dict[str, Any], site: Site) -> dict[str, Any]:
    """Material's search index (`search/search_index.json`, parsed) with the two extra fields
    on every entry and listed in `config.fields`, boosted like the text and the title."""
    fields = index["config"]["fields"]
    fields[FIELD] = {"boost": fields.get("text", {}).get("boost", 1.0)}
    fields[TITLE_FIELD] = {"boost": fields.get("title", {}).get("boost", 1e3)}
    names = all_names(site)
    finder = NameFinder(names)
    for entry in index["docs"]:
        title, text = plain(entry.get("title", "")), plain(entry.get("text", ""))
        named = finder.find(f"{title}\n{text}")
        entry[FIELD] = " ".join(dict.fromkeys(fold([title, text]) + _names_of(site, names, named)))
        own = own_entity(entry["location"], site)
        entry[TITLE_FIELD] = " ".join(dict.fromkeys(
            fold([title]) + (_names_of(site, names, [own]) if own else [])))
    return index
