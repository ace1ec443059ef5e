"""The trajecten on the step engine: steps that depend on a choice, a follow-up that
only appears after "ja", free ja/nee answers, the overview, and the validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import ContentError
from bot.stappen import Stand, huidige_vraag, verwerk, vraag
from bot.trajecten import TrajectRoute, herken_janee, laad_traject, overzicht

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "traject.yml"


@pytest.fixture
def route() -> TrajectRoute:
    return TrajectRoute(laad_traject(FIXTURE))


def beantwoord(route: TrajectRoute, *antwoorden: str) -> Stand:
    stand = Stand(route="voorbeeld")
    for antwoord in antwoorden:
        uit = verwerk(route, stand, antwoord)
        assert not [b for b in uit.berichten if b.response and "onduidelijk" in b.response], antwoord
        stand = uit.stand
    return stand


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("ja", "ja"),
        ("nee hoor", "nee"),
        ("Nee, zeker niet.", "nee"),
        ("dat weet ik eigenlijk niet", "weet_ik_niet"),
        ("geen idee", "weet_ik_niet"),
        ("misschien morgen", None),
    ],
)
def test_free_yes_and_no_answers_are_understood(tekst: str, verwacht: str | None) -> None:
    assert herken_janee(tekst) == verwacht


def test_the_measures_appear_only_after_an_answer_that_needs_attention(route: TrajectRoute) -> None:
    nee = beantwoord(route, "Kandidaat-wethouder", "verder", "nee hoor")
    assert "nevenfuncties::maatregelen" not in [v.sleutel for v in route.plan(nee.antwoorden)]
    assert huidige_vraag(route, nee)[0].sleutel == "notitie"

    ja = beantwoord(route, "Kandidaat-wethouder", "verder", "ja")
    assert huidige_vraag(route, ja)[0].sleutel == "nevenfuncties::maatregelen"
    knoppen = [titel for titel, _ in vraag(route, ja)[0].knoppen]
    assert knoppen == ["Openbaar maken", "Niet meebeslissen over dat onderwerp", "Geen van deze"]


def test_a_step_for_another_role_is_left_out(route: TrajectRoute) -> None:
    stand = beantwoord(route, "Lid van een selectiecommissie", "verder")
    assert huidige_vraag(route, stand)[0].sleutel == "notitie"


def test_the_explanation_says_its_source_and_the_sentence_for_the_chosen_role(route: TrajectRoute) -> None:
    stand = beantwoord(route, "wethouder")
    tekst = vraag(route, stand)[0].tekst
    assert "Extra voor de wethouder." in tekst and "Bron: Handleiding basisscan" in tekst
    commissie = beantwoord(route, "selectiecommissie")
    assert "Extra voor de wethouder." not in vraag(route, commissie)[0].tekst


def test_back_from_the_measures_asks_the_question_again(route: TrajectRoute) -> None:
    ja = beantwoord(route, "Kandidaat-wethouder", "verder", "ja")
    terug = verwerk(route, ja, "terug").stand
    assert huidige_vraag(route, terug)[0].sleutel == "nevenfuncties::nu"


def test_the_overview_has_the_outcome_the_measures_and_the_interview_questions(route: TrajectRoute) -> None:
    stand = beantwoord(route, "Kandidaat-wethouder", "verder", "ja", "Openbaar maken", "klaar", "Even nadenken.")
    uit = overzicht(route.traject, stand.antwoorden, afgerond=True)
    assert uit["aspecten"] == [{"titel": "Nevenfuncties", "uitkomst": "maatregel", "maatregelen": ["Openbaar maken"]}]
    assert uit["gesprek"] == ["Welke nevenfuncties houd je aan?"]
    assert uit["notities"] == ["Even nadenken."]
    assert {"vraag": "Je rol", "antwoord": "Kandidaat-wethouder"} in uit["keuzes"]


def test_weet_ik_niet_without_a_measure_is_to_discuss(route: TrajectRoute) -> None:
    stand = beantwoord(route, "Kandidaat-wethouder", "verder", "weet ik niet", "Geen van deze", "overslaan")
    uit = overzicht(route.traject, stand.antwoorden, afgerond=True)
    assert uit["aspecten"][0]["uitkomst"] == "bespreken" and uit["notities"] == []


def test_the_note_comes_after_the_privacy_reminder(route: TrajectRoute) -> None:
    stand = beantwoord(route, "Kandidaat-wethouder", "verder", "nee")
    tekst = vraag(route, stand)[0].tekst
    assert tekst.index("Noem geen namen") < tekst.index("Wil je iets voor jezelf opschrijven?")


@pytest.mark.parametrize(
    ("weg", "melding"),
    [
        ("    bron: Handleiding basisscan integriteit voor kandidaat-bestuurders (BZK, 2019)\n", "bron nodig"),
        (
            "    regels:\n      - tekst: Een wethouder maakt zijn nevenfuncties openbaar.\n"
            "        bron: Gemeentewet, artikel 41b, lid 3\n",
            "minstens één regel met een bron",
        ),
    ],
)
def test_a_step_without_a_source_is_refused_with_file_and_line(tmp_path: Path, weg: str, melding: str) -> None:
    tekst = FIXTURE.read_text(encoding="utf-8")
    assert weg in tekst
    pad = tmp_path / "kapot.yml"
    pad.write_text(tekst.replace(weg, ""), encoding="utf-8")
    with pytest.raises(ContentError) as fout:
        laad_traject(pad)
    [probleem] = fout.value.fouten
    assert melding in probleem.melding and probleem.regel > 1 and probleem.veld.startswith("stappen.")


def test_a_condition_on_an_unknown_choice_is_refused(tmp_path: Path) -> None:
    pad = tmp_path / "kapot.yml"
    pad.write_text(FIXTURE.read_text(encoding="utf-8").replace("rol: [selectiecommissie]", "rol: [burgemeester]"))
    with pytest.raises(ContentError) as fout:
        laad_traject(pad)
    assert "'burgemeester' is geen optie van 'rol'" in str(fout.value)


# --- the shipped trajecten ---------------------------------------------------------------

TRAJECTEN = Path(__file__).resolve().parents[2] / "data" / "trajecten"


def echte(naam: str) -> TrajectRoute:
    return TrajectRoute(laad_traject(TRAJECTEN / f"{naam}.yml"))


def tot_aspect(route: TrajectRoute, rol: str, aspect: str) -> str:
    """The text of an aspect's first question for a role, reached with 'verder' and 'nee'."""
    stand = beantwoord(route, rol)
    for _ in range(40):
        huidig = huidige_vraag(route, stand)[0]
        if huidig.stap.id == aspect:
            return vraag(route, stand)[0].tekst or ""
        stand = verwerk(route, stand, "verder" if huidig.stap.soort == "uitleg" else "nee").stand
    raise AssertionError(f"{aspect} niet bereikt")


def test_a_rule_is_shown_only_for_the_role_it_belongs_to() -> None:
    route = echte("risicoanalyse")
    wethouder = tot_aspect(route, "Kandidaat-wethouder", "nevenfuncties")
    gedeputeerde = tot_aspect(route, "Kandidaat-gedeputeerde", "nevenfuncties")
    assert "Gemeentewet, artikel 41b, lid 1" in wethouder and "Provinciewet, artikel 43" not in wethouder
    assert "Provinciewet, artikel 43, lid 5" in gedeputeerde and "Gemeentewet, artikel 41b" not in gedeputeerde
    # The rule for everyone is in both.
    assert all("Stb. 2022, 444" in t for t in (wethouder, gedeputeerde))


def test_a_selection_committee_gets_its_own_short_flow_and_no_questions_about_itself() -> None:
    route = echte("risicoanalyse")
    stand = beantwoord(route, "Lid van een selectiecommissie")
    stappen_ids = {v.stap.id for v in route.plan(stand.antwoorden)}
    assert {"wegen", "c_werkwijze", "c_weging", "c_gegevens"} <= stappen_ids
    assert not stappen_ids & {"cv", "nevenfuncties", "geldzaken", "verleden"}
    # For the committee 'nee' is the answer that needs attention ("no, we don't ask that").
    stand = verwerk(route, beantwoord(route, "selectiecommissie"), "verder").stand
    while huidige_vraag(route, stand)[0].stap.soort == "uitleg":
        stand = verwerk(route, stand, "verder").stand
    assert huidige_vraag(route, stand)[0].stap.id == "c_werkwijze"
    stand = verwerk(route, stand, "nee hoor").stand
    assert "c_werkwijze::maatregelen" in [v.sleutel for v in route.plan(stand.antwoorden)]


@pytest.mark.parametrize("naam", ["risicoanalyse", "melden"])
def test_random_walks_over_the_buttons_of_a_shipped_traject_reach_an_overview(naam: str) -> None:
    """Seeded walks: every message has text and buttons, choices made late (after a
    list of measures) still work, and the walk ends in an overview."""
    import random

    route = echte(naam)
    for seed in range(25):
        kans = random.Random(seed)
        stand = Stand(route=naam)
        berichten = vraag(route, stand)
        for _ in range(200):
            assert berichten and all(b.tekst for b in berichten if b.response is None)
            knoppen = [p for b in berichten for _, p in b.knoppen]
            antwoord = kans.choice([*knoppen, "terug", "overslaan", "weet ik niet", "nee hoor"] if knoppen else ["ok"])
            uit = verwerk(route, stand, antwoord)
            stand = uit.stand
            if uit.klaar:
                break
            berichten = [b for b in uit.berichten if b.tekst] or vraag(route, stand)
        else:
            raise AssertionError(f"seed {seed}: {naam} niet afgerond in 200 stappen")
        uit = overzicht(route.traject, stand.antwoorden, afgerond=True)
        assert uit["titel"] and uit["begrippen"] and uit["casussen"]
