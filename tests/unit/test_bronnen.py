"""Sources that name a law article are written in one form, so a jurist can list them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import bronnen
from bot.cli import main as cli

WETTEN = [
    "Gemeentewet",
    "Algemene wet bestuursrecht",
    "Kieswet",
    "Regeling rechtspositie decentrale politieke ambtsdragers",
]


@pytest.mark.parametrize(
    ("bron", "artikel"),
    [
        ("Gemeentewet, artikel 28", "Gemeentewet, artikel 28"),
        ("Gemeentewet, artikel 28, lid 1", "Gemeentewet, artikel 28, lid 1"),
        ("Algemene wet bestuursrecht, artikel 2:4, lid 2", "Algemene wet bestuursrecht, artikel 2:4, lid 2"),
        ("Gemeentewet, artikel 41c (sinds 1 januari 2023)", "Gemeentewet, artikel 41c"),
        ("Kieswet, artikel V 4", "Kieswet, artikel V 4"),
        (
            "Regeling rechtspositie decentrale politieke ambtsdragers, artikel 1.2",
            "Regeling rechtspositie decentrale politieke ambtsdragers, artikel 1.2",
        ),
    ],
)
def test_the_agreed_form_is_read_as_law_and_article(bron: str, artikel: str) -> None:
    assert str(bronnen.ontleed(bron, WETTEN)) == artikel


@pytest.mark.parametrize(
    "bron",
    [
        "Gemeentewet art. 28",
        "Gemeentewet, artikelen 87 tot en met 89",
        "Gemeentewet, artikel 28 lid 1",
        "Gemeentewet, lid 3 van artikel 15",
        "Gemeentwet, artikel 28",
    ],
)
def test_another_form_of_an_article_is_a_problem(bron: str) -> None:
    assert isinstance(bronnen.ontleed(bron, WETTEN), str)


def test_a_source_without_an_article_needs_no_form() -> None:
    assert bronnen.ontleed("Gedragscode van de raad (eigen regeling)", WETTEN) is None
    assert bronnen.ontleed("Monitor Integriteit en Veiligheid 2016 (BZK)", WETTEN) is None


def test_the_validator_names_file_line_and_field_of_a_loose_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    casus = Path(__file__).resolve().parents[2] / "data" / "casussen" / "stemmen-kunstgrasveld.yml"
    map_ = tmp_path / "casussen"
    map_.mkdir()
    tekst = casus.read_text(encoding="utf-8")
    assert "bron: Gemeentewet, artikel 12" in tekst
    kopie = map_ / casus.name
    kopie.write_text(tekst.replace("bron: Gemeentewet, artikel 12", "bron: Gemeentewet art. 12", 1), encoding="utf-8")
    regel = next(i for i, r in enumerate(kopie.read_text(encoding="utf-8").splitlines(), 1) if "art. 12" in r)

    assert cli(["valideer", str(kopie)]) == 1
    uit = capsys.readouterr().out
    assert f"{kopie}:{regel}: regels." in uit or f"casussen/{kopie.name}:{regel}: regels." in uit
    assert "'Gemeentewet art. 12' staat niet in de afgesproken vorm" in uit


def test_the_list_groups_every_cited_article_per_law(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["bronnen"]) == 0
    uit = capsys.readouterr().out
    # Each law once as a heading, its articles below it with where they are cited.
    assert "\nGemeentewet\n" in uit
    assert "  artikel 28" in uit
    assert "data/casussen/stemmen-kunstgrasveld.yml:" in uit
    assert "Andere bronnen" in uit


def test_every_shipped_source_is_in_the_agreed_form() -> None:
    from bot.cli import alle_inhoud

    assert [str(f) for f in bronnen.controleer(alle_inhoud())] == []
