"""Reading answers, colours, the 'Ontwikkel je integriteit' reading, werkvormen."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.zelftest import bereken_uitslag, interpreteer, laad_zelftest, zelftest

# The 12 statements copied verbatim from the source text (seed 002), in block order.
STELLINGEN = Path(__file__).resolve().parents[1] / "fixtures" / "zelftest-stellingen.txt"


@pytest.mark.parametrize(
    ("tekst", "score"),
    [
        ("4", 4),
        ("5 denk ik", 5),
        ("Helemaal eens!", 5),
        ("klopt wel", 4),
        ("klopt helemaal", 5),
        ("klopt helemaal niet", 1),
        ("nee, niet echt", 2),
        ("half", 3),
        ("een beetje", 3),
        ("helemaal oneens", 1),
        ("neutraal", 3),
        ("ja", 4),
    ],
)
def test_free_text_answers_become_scores(tekst: str, score: int) -> None:
    uitleg = interpreteer(tekst)
    assert (uitleg.soort, uitleg.score) == ("score", score)


@pytest.mark.parametrize(
    ("tekst", "soort"),
    [
        ("terug", "terug"),
        ("vorige vraag", "terug"),
        ("sla over", "overslaan"),
        ("weet ik niet", "overslaan"),
        ("opnieuw beginnen", "opnieuw"),
        ("3 of 4", "onduidelijk"),
        ("7", "onduidelijk"),
        ("banaan", "onduidelijk"),
        ("", "onduidelijk"),
        ("😀😀", "onduidelijk"),
        ("<script>alert(1)</script>", "onduidelijk"),
        ("x" * 5000, "onduidelijk"),
    ],
)
def test_commands_and_unclear_answers(tekst: str, soort: str) -> None:
    assert interpreteer(tekst).soort == soort


def test_the_twelve_statements_are_the_seed_verbatim_and_in_block_order() -> None:
    content = zelftest()
    assert [b.naam for b in content.blokken] == ["Jij", "Startpunt", "Sociaal", "Omgeving"]
    assert content.aantal == 12
    bron = [r for r in STELLINGEN.read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")]
    assert [stelling.tekst for _, stelling in content.stellingen] == bron


def test_grid_positions_follow_the_design() -> None:
    vakken = {b.naam: (b.rij, b.kolom) for b in zelftest().blokken}
    assert vakken == {
        "Jij": ("individueel", "bewustzijn"),
        "Startpunt": ("individueel", "handelen"),
        "Sociaal": ("collectief", "bewustzijn"),
        "Omgeving": ("collectief", "handelen"),
    }


def test_statement_and_block_colours() -> None:
    uitslag = bereken_uitslag([5, 4, 3, 2, 1, 3, 4, 4, 4, 3, 3, 2])
    jij, startpunt, sociaal, omgeving = uitslag.blokken
    assert [s.kleur for s in jij.stellingen] == ["groen", "groen", "oranje"]
    assert [s.kleur for s in startpunt.stellingen] == ["rood", "rood", "oranje"]
    assert (jij.gemiddelde, jij.kleur) == (4, "groen")
    assert startpunt.kleur == "rood"  # mean 2.0
    assert sociaal.kleur == "groen"
    assert (omgeving.gemiddelde, omgeving.kleur) == (2.67, "rood")
    assert [s.nummer for s in jij.aandachtspunten] == [3]


def test_skipped_statements_do_not_count_and_an_empty_block_has_no_colour() -> None:
    uitslag = bereken_uitslag([None, None, None, 5, None, 4, 2, 2, None, 4, 4, 4])
    assert uitslag.blok("jij").kleur is None
    assert uitslag.blok("startpunt").gemiddelde == 4.5
    assert uitslag.beantwoord == 7


def test_reading_all_green_is_tevreden_and_suggests_small_steps() -> None:
    uitslag = bereken_uitslag([5] * 12)
    assert uitslag.lezing == "tevreden"
    assert "tevreden" in uitslag.lezing_tekst
    assert uitslag.werkvormen == tuple(zelftest().werkvormen_bij_tevreden)


def test_reading_one_weak_block_names_that_block() -> None:
    uitslag = bereken_uitslag([5, 5, 5, 2, 2, 3, 5, 4, 5, 4, 5, 4])
    assert uitslag.lezing == "een_blok"
    assert "Startpunt" in uitslag.lezing_tekst
    assert uitslag.werkvormen[:2] == ("casussen", "perspectievenmethode")


def test_reading_bewustzijn_side() -> None:
    # Jij and Sociaal weak to the same degree, Startpunt and Omgeving green.
    uitslag = bereken_uitslag([2, 3, 2, 5, 5, 5, 2, 3, 2, 4, 5, 4])
    assert uitslag.lezing == "bewustzijn"


def test_reading_handelen_side() -> None:
    uitslag = bereken_uitslag([5, 4, 5, 3, 2, 3, 4, 5, 4, 3, 2, 3])
    assert uitslag.lezing == "handelen"


def test_reading_one_block_clearly_worse_than_the_others() -> None:
    # Everything orange-ish, but Omgeving far below the rest.
    uitslag = bereken_uitslag([3, 4, 3, 3, 4, 3, 3, 4, 3, 1, 1, 2])
    assert uitslag.lezing == "een_blok"
    assert "Omgeving" in uitslag.lezing_tekst


def test_werkvormen_follow_the_weak_statements_without_duplicates() -> None:
    uitslag = bereken_uitslag([5, 5, 5, 5, 2, 2, 1, 5, 5, 5, 5, 1])
    assert uitslag.werkvormen == ("nevenfuncties", "ruggespraak", "weerbare_cultuur", "ondermijning")


def test_thresholds_come_from_the_content_file(tmp_path: Path) -> None:
    tekst = (Path(__file__).resolve().parents[2] / "data" / "zelftest.yml").read_text(encoding="utf-8")
    strenger = tekst.replace("stelling: {groen: 4, oranje: 3}", "stelling: {groen: 5, oranje: 4}")
    pad = tmp_path / "zelftest.yml"
    pad.write_text(strenger, encoding="utf-8")
    content = laad_zelftest(pad)
    uitslag = bereken_uitslag([4] * 12, content)
    assert {s.kleur for b in uitslag.blokken for s in b.stellingen} == {"oranje"}


def test_wrong_number_of_answers_is_refused() -> None:
    with pytest.raises(ValueError):
        bereken_uitslag([3] * 11)
