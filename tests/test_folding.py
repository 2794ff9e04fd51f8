"""Search spellings (folding.py) and the search index they go into (search.py): pure, no MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.render import folding, search
from dossier.core.site import load

EXAMPLE = Path(__file__).parent / "examples" / "valid"


@pytest.mark.parametrize(("word", "expected"), [
    ("Železara", ["zelezara"]),
    ("Vučić", ["vucic"]),
    ("Čukaru", ["cukaru"]),
    ("Niš", ["nis"]),
    ("Šabac", ["sabac"]),
    ("Borča", ["borca"]),
    ("Đoković", ["djokovic", "dokovic"]),  # đ: both spellings are in use
    ("ĐURĐEVIĆ", ["djurdjevic", "durdevic"]),
    ("Timișoara", ["timisoara"]),
    ("Zhōngguó", ["zhongguo"]),
    ("Железара", ["zelezara"]),  # Cyrillic → Latin, then folded
    ("Ђурђевић", ["djurdjevic", "durdevic"]),
    ("Џеп", ["dzep"]),
    ("plain", ["plain"]),
])
def test_ascii_forms(word: str, expected: list[str]) -> None:
    assert folding.ascii_forms(word) == expected


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Vučić", "вучић"),
    ("Železara Smederevo", "железара смедерево"),
    ("Čukaru Peki", "чукару пеки"),
    ("Ljubljana", "љубљана"),  # lj, nj, dž are single Cyrillic letters
    ("Njegoš", "његош"),
    ("džep", "џеп"),
    ("Đurđevdan", "ђурђевдан"),
    ("Hesteel", "хестеел"),
])
def test_latin_and_cyrillic_transliterate_both_ways(latin: str, cyrillic: str) -> None:
    assert folding.to_cyrillic(latin) == cyrillic
    assert folding.to_latin(cyrillic) == latin.lower()


def test_variants_of_a_word_cover_both_scripts_and_both_dj_spellings() -> None:
    assert folding.variants("Vučić") == ["vučić", "vucic", "вучић"]
    assert folding.variants("Вучић") == ["вучић", "vučić", "vucic"]
    assert folding.variants("Đinping") == ["đinping", "djinping", "dinping", "ђинпинг"]
    # English words get no made-up Cyrillic unless asked (names are, see search.py).
    assert folding.variants("Belgrade") == ["belgrade"]
    assert folding.variants("Belgrade", cyrillic=True) == ["belgrade", "белграде"]
    assert folding.variants("2016", cyrillic=True) == ["2016"]


def test_fold_keeps_only_words_with_other_spellings() -> None:
    assert folding.fold(["The Železara plant in Smederevo, said Vučić."]) == [
        "železara", "zelezara", "железара", "vučić", "vucic", "вучић"]
    assert folding.fold(["Смедерево"]) == ["смедерево", "smederevo"]
    assert folding.fold(["Hesteel and HBIS"], every=True, cyrillic=True) == [
        "hesteel", "хестеел", "and", "анд", "hbis", "хбис"]
    # Words are split at hyphens, dashes and punctuation, as the search separator does.
    assert folding.fold(["Zemun–Borča; Rudarsko-topioničarski"]) == [
        "borča", "borca", "борча", "topioničarski", "topionicarski", "топионичарски"]


def test_name_finder_finds_names_in_any_spelling_and_script() -> None:
    entities = {
        "zelezara": {"name": "Železara Smederevo", "names": {"sr-Cyrl": "Железара Смедерево"}},
        "hbis": {"name": "HBIS Group", "aliases": ["Hesteel"]},
        "bor": {"name": "Bor"},
        "rtb-bor": {"name": "RTB Bor"},
    }
    finder = search.NameFinder({e: search.entity_names(r) for e, r in entities.items()})
    assert finder.find("In 2016 Hesteel bought ZELEZARA smederevo.") == ["hbis", "zelezara"]
    assert finder.find("Железара Смедерево") == ["zelezara"]
    assert finder.find("RTB Bor, near Bor") == ["rtb-bor", "bor"]
    # A short one-word name must be capitalised: "bor" the word is not Bor the town.
    assert finder.find("a bor tree") == []
    assert finder.find("Smederevo alone") == []  # part of a name is not the name


def _index(*docs: dict) -> dict:
    return {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                  "tags": {"boost": 1e6}}},
            "docs": [dict(d) for d in docs]}


def test_fold_index_adds_boosted_fields_with_spellings_and_aliases() -> None:
    loaded = load(EXAMPLE)
    assert loaded.site is not None
    index = search.fold_index(_index(
        {"location": "", "title": "Example",
         "text": "<p>In 2016 Hesteel bought the <em>Smederevo</em> plant &amp; more.</p>"},
        {"location": "entities/hbis/", "title": "HBIS Group", "text": "<p>A steel maker.</p>"},
        {"location": "entities/hbis/#names", "title": "Names", "text": "<p>Names.</p>"},
        {"location": "timeline/#y2016", "title": "2016",
         "text": "<p>HBIS buys Železara Smederevo</p>"},
    ), loaded.site)
    fields = index["config"]["fields"]
    assert fields["folded"] == {"boost": 1.0}  # weighted like the text …
    assert fields["folded_title"] == {"boost": 1000.0}  # … and like the title
    home, hbis, names, year = (d for d in index["docs"])
    # "Hesteel" names HBIS: all its names (and native names) join the entry, in both scripts.
    assert set(home["folded"].split()) >= {"hbis", "хбис", "河钢集团", "hesteel", "hebei"}
    assert "<" not in home["folded"] and "&" not in home["folded"]
    # On the entity's own page its names weigh as a title; not on its sections.
    assert set(hbis["folded_title"].split()) >= {"hesteel", "хестеел", "河钢集团", "hebei"}
    assert names["folded_title"] == ""
    # A Serbian name brings its native Cyrillic and folded Latin spellings; a glossary term
    # that names an entity (HBIS) counts as one of its names.
    assert set(year["folded"].split()) >= {"zelezara", "железара", "смедерево", "hesteel"}
    assert index["docs"][0]["text"].startswith("<p>In 2016")  # the original text is untouched
