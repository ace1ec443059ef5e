"""The glossary and 'wie kan mij helpen'."""

from __future__ import annotations

import re

import pytest

from bot.begrippen import begrippen, hulp

ARTIKEL = re.compile(r"\bartikel(en)?\s+\d", re.IGNORECASE)
WETTEN = ("Gemeentewet", "Provinciewet", "Waterschapswet", "Kieswet", "Wetboek van Strafrecht")


def test_at_least_25_terms_with_short_explanations() -> None:
    lijst = begrippen().begrippen
    assert len(lijst) >= 25
    for begrip in lijst:
        zinnen = [z for z in re.split(r"(?<=[.!?])\s+", begrip.uitleg) if z]
        assert 2 <= len(zinnen) <= 4, begrip.id


def test_a_term_that_names_a_law_carries_it_as_source() -> None:
    for begrip in begrippen().begrippen:
        for wet in WETTEN:
            if wet in begrip.uitleg:
                assert any(wet in bron for bron in begrip.bronnen), f"{begrip.id}: {wet} zonder bron"
        if ARTIKEL.search(begrip.uitleg):
            assert begrip.bronnen, begrip.id


@pytest.mark.parametrize(
    ("vraag", "id"),
    [
        ("wat is ondermijning?", "ondermijning"),
        ("Wat is een VOG", "vog"),
        ("leg soft controls eens uit", "soft_controls"),
        ("wat betekent incompatibiliteit", "incompatibiliteit"),
        ("wat is een waarde?", "waarden"),
        ("klokkenluidersregeling", "klokkenluidersregeling"),
    ],
)
def test_lookup_by_sentence(vraag: str, id: str) -> None:
    gevonden = begrippen().zoek(vraag)
    assert gevonden is not None and gevonden.id == id


def test_entity_value_wins_over_the_sentence() -> None:
    assert begrippen().zoek("geheimhouding", "wat is ondermijning").id == "geheimhouding"


def test_unknown_term() -> None:
    assert begrippen().zoek("wat is een kwantumcomputer") is None


def test_help_names_the_people_to_turn_to() -> None:
    wie = " ".join(h.wie.lower() for h in hulp().hulp)
    for persoon in ("griffier", "fractievoorzitter", "burgemeester", "vertrouwenspersoon", "weerbaar bestuur"):
        assert persoon in wie
