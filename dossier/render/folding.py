"""Spelling variants of words for search: diacritics folded, Serbian script transliterated.

Readers of an English-language site type "Zelezara", "Vucic" or "Cukaru Peki" where the text
says "Železara", "Vučić" and "Čukaru Peki", or a Cyrillic "Железара". The search engine
(lunr, inside Material's search worker) does not fold or transliterate, so the search index
carries, beside each entry's text, the other spellings of its words (`dossier/render/search.py`):

* diacritics removed: č ć → c, š → s, ž → z, and đ → both "dj" and "d" (both are in use);
* Serbian Cyrillic → Latin (Гајева → Gajeva), and Latin → Cyrillic for words that carry
  Serbian diacritics (Vučić → Вучић) and for names (`search.py`), so either script finds
  the other.

Pure string functions, no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Serbian Cyrillic (Vuk Karadžić's alphabet) ↔ Gaj's Latin alphabet, one letter to one letter
# or digraph. A few Russian and Macedonian letters are added so native names in those
# languages fold too.
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
    # Russian, Macedonian
    "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "ё": "jo", "щ": "šč", "ъ": "", "ь": "",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
_LAT_TO_CYR = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е", "f": "ф",
    "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о",
    "p": "п", "r": "р", "s": "с", "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
    # letters Serbian does not use, as Serbian spelling renders them
    "q": "к", "w": "в", "x": "кс", "y": "и",
}
_LAT_DIGRAPHS = {"dž": "џ", "lj": "љ", "nj": "њ"}
_LAT_SPLIT = re.compile("|".join(_LAT_DIGRAPHS) + "|.", re.S)

SERBIAN_DIACRITICS = frozenset("čćšžđ")
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; punctuation, hyphens and dashes split)."""
    return _WORD.findall(text)


def to_latin(text: str) -> str:
    """Serbian Cyrillic → Latin, letter by letter; other characters are kept. Lowercases."""
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in text.lower())


def to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic (lj, nj, dž as one letter each); other characters kept.
    Lowercases; diacritics Serbian does not use are dropped first (é → е)."""
    latin = "".join(ch if ch in SERBIAN_DIACRITICS else _strip(ch) for ch in text.lower())
    return "".join(_LAT_DIGRAPHS.get(m, _LAT_TO_CYR.get(m, m))
                   for m in _LAT_SPLIT.findall(latin))


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# The same words recur across the whole search index: the word-level functions below are
# memoised (a tuple inside, a fresh list for callers), which makes folding the index several
# times faster.
_CACHE = 1 << 16


@functools.lru_cache(maxsize=_CACHE)
def _ascii_forms(word: str) -> tuple[str, ...]:
    latin = to_latin(word)
    forms = [_strip(latin.replace("đ", "dj")), _strip(latin.replace("đ", "d"))]
    return tuple(dict.fromkeys(forms))


def ascii_forms(word: str) -> list[str]:
    """`word` in Latin without diacritics, lowercased: đ gives both "dj" and "d" spellings
    (Đoković → djokovic, dokovic). One form when there is no đ."""
    return list(_ascii_forms(word))


def key(word: str) -> str:
    """One canonical folded form, for comparing names: Latin, no diacritics, đ → dj."""
    return _ascii_forms(word)[0]


def variants(word: str, cyrillic: bool | None = None) -> list[str]:
    """Every search spelling of one word, lowercased, the word itself first.

    `cyrillic`: also give its Serbian Cyrillic spelling. By default only for words carrying
    Serbian diacritics (Vučić → вучић): transliterating every English word would double the
    index for nothing. Words already in Cyrillic always get their Latin spellings.
    """
    return list(_variants(word, cyrillic))


@functools.lru_cache(maxsize=_CACHE)
def _variants(word: str, cyrillic: bool | None) -> tuple[str, ...]:
    lower = word.lower()
    out = [lower, to_latin(lower), *ascii_forms(lower)]
    is_cyrillic = bool(_CYRILLIC.search(lower))
    if cyrillic is None:
        cyrillic = is_cyrillic or bool(SERBIAN_DIACRITICS & set(lower))
    if cyrillic and not any(ch.isdigit() for ch in lower):
        out.append(lower if is_cyrillic else to_cyrillic(to_latin(lower)))
    return tuple(dict.fromkeys(out))


def fold(texts: Iterable[str], cyrillic: bool | None = None, every: bool = False) -> list[str]:
    """The distinct search spellings of the words of `texts`, in order of first appearance.

    Words in plain ASCII have no other spelling and are left out (the entry's own text
    already holds them) unless `every` is true, as it is for names added to an entry.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if not every and cyrillic is not True and word.isascii():
                continue
            for form in _variants(word, cyrillic):
                seen.setdefault(form, None)
    return list(seen)


def name_key(name: str) -> tuple[str, ...]:
    """A name as a tuple of canonical folded words, for finding it in text."""
    return tuple(key(w) for w in words(name))
