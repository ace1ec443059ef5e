"""The werkvormen: content, planning per item, judging answers, the summary card,
and the form actions with Tracker + CollectingDispatcher + the real domain."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.formulier import KLAAR
from actions.werkvormen import (
    ActionAskWerkvormAntwoord,
    ActionStartWerkvorm,
    ActionWerkvormSamenvatting,
    ValidateWerkvormForm,
)
from bot import storage
from bot.stappen import Stand, verwerk
from bot.werkvormen import WerkvormRoute, beoordeel, samenvatting, splits, werkvormen
from tests.unit.test_actions import DOMAIN, responses, run, slots_uit, tracker, zelftest_stand


def stand(slots: dict[str, Any]) -> Stand:
    return Stand.van(slots["werkvorm_stand"])


def paren(plan: list) -> list[tuple[str, str | None]]:
    return [(v.stap.id, v.item) for v in plan]


def test_the_werkvormen_follow_the_design() -> None:
    alle = werkvormen()
    assert set(alle) == {
        "dilemma_reflectie",
        "perspectievenmethode",
        "denkgereedschap",
        "actieplan",
        "integriteitskubus",
    }
    assert [s.id for s in alle["dilemma_reflectie"].stappen] == [
        "feiten",
        "kernvraag",
        "betrokkenen",
        "waarden",
        "opties",
        "afweging",
        "toets",
        "besluit",
        "schade",
        "gevoel",
    ]
    perspectieven = [s.id for s in alle["perspectievenmethode"].stappen]
    assert perspectieven[1:7] == [
        "regels",
        "betrokkenen",
        "burger_en_pers",
        "fractie_en_collegas",
        "eigen_waarden",
        "later",
    ]
    assert "variant" in perspectieven


def test_per_item_steps_are_planned_for_each_chosen_value() -> None:
    denk = werkvormen()["denkgereedschap"]
    assert paren(denk.plan({})) == [("waarden", None), ("botsing", None)]
    plan = paren(denk.plan({"waarden": ["openheid", "zorgvuldigheid", "respect"]}))
    assert plan == [
        ("waarden", None),
        ("betekenis", "openheid"),
        ("betekenis", "zorgvuldigheid"),
        ("betekenis", "respect"),
        ("botsing", None),
    ]


def test_splitting_items() -> None:
    assert splits("melden; niet melden", []) == ["melden", "niet melden"]
    assert splits("steunen of tegenstemmen", []) == ["steunen", "tegenstemmen"]
    assert splits("openheid, betrouwbaarheid en zorgvuldigheid", ["openheid"]) == [
        "openheid",
        "betrouwbaarheid",
        "zorgvuldigheid",
    ]


def test_judging_answers() -> None:
    dilemma = werkvormen()["dilemma_reflectie"]
    feiten, opties, gevoel = dilemma.stap("feiten"), dilemma.stap("opties"), dilemma.stap("gevoel")
    assert beoordeel(feiten, "ja", None, [], False).soort == "onduidelijk"
    assert beoordeel(feiten, "ja", None, [], True).soort == "goed"  # asked again once, then accepted
    assert beoordeel(feiten, "weet ik niet", "weet_ik_niet", [], False).soort == "onduidelijk"
    assert beoordeel(gevoel, "weet ik niet", "weet_ik_niet", [], False).waarde == "weet ik niet"
    assert beoordeel(opties, "de subsidie steunen", None, [], False).soort == "onduidelijk"  # needs two options
    assert beoordeel(opties, "steunen; me onthouden van stemming", None, [], False).waarde == [
        "steunen",
        "me onthouden van stemming",
    ]
    waarden = dilemma.stap("waarden")
    erbij = beoordeel(waarden, "openheid", None, [], False)
    assert (erbij.soort, erbij.waarde) == ("keuze_erbij", ["openheid"])
    assert beoordeel(waarden, "klaar", "klaar", ["openheid"], False).waarde == ["openheid"]


def test_the_step_engine_handles_example_and_back_for_every_werkvorm() -> None:
    route = WerkvormRoute(werkvormen()["dilemma_reflectie"])
    begin = Stand(route="dilemma_reflectie")
    uit = verwerk(route, begin, "voorbeeld?")
    assert [b.response for b in uit.berichten] == ["utter_werkvorm_voorbeeld"] and uit.stand == begin
    uit = verwerk(route, begin, "terug")
    assert [b.response for b in uit.berichten] == ["utter_werkvorm_eerste_stap"]
    verder = verwerk(route, begin, "Ik doe een stap terug uit de commissie, want mijn zwager vraagt subsidie aan.")
    assert verder.stand.positie == 1  # 'terug' inside an answer is part of the answer
    # Also when NLU reads the intent 'terug' in a long answer ("teruggeven").
    lang = "Moet ik het kerstpakket houden of moet ik het teruggeven aan de leverancier?"
    verder = verwerk(route, verder.stand, lang, "terug")
    assert verder.stand.positie == 2 and lang in str(verder.stand.antwoorden)
    # A short message with that intent is the command.
    assert verwerk(route, verder.stand, "ga een stap terug", "terug").stand.positie == 1


def test_summary_uses_the_users_own_words() -> None:
    actieplan = werkvormen()["actieplan"]
    antwoorden = {
        "punten": ["nevenfuncties in beeld"],
        "actie::nevenfuncties in beeld": "Ik loop mijn functies na met de griffie.",
        "met_wie::nevenfuncties in beeld": "de griffier",
        "wanneer::nevenfuncties in beeld": "voor het zomerreces",
    }
    tekst = "\n".join(samenvatting(actieplan, antwoorden))
    assert "Ik loop mijn functies na met de griffie." in tekst
    assert "voor het zomerreces" in tekst


# --- actions ----------------------------------------------------------------------------


async def test_dilemma_reflectie_from_start_to_summary_card() -> None:
    _, events = await run(ActionStartWerkvorm(), tracker("ik wil een dilemma doordenken", "start_dilemma_reflectie"))
    slots = slots_uit(events)
    assert stand(slots).route == "dilemma_reflectie"

    dispatcher, _ = await run(ActionAskWerkvormAntwoord(), tracker(slots=slots))
    eerste = dispatcher.messages[0]["text"]
    assert eerste.startswith("Stap 1 van 10 · Feiten")
    assert "namen" in eerste  # privacy reminder on a free-text step

    antwoorden = [
        "Mijn zwager vraagt subsidie aan voor zijn sportclub bij onze gemeente.",
        "Moet ik meestemmen over de subsidie of mij onthouden?",
        "De sportclub, mijn zwager, de raad en de inwoners die op eerlijkheid rekenen.",
        "onpartijdigheid, openheid",
        "meestemmen; mij onthouden van stemming",
        "Meestemmen voelt oneerlijk, onthouden kost een stem; ik mis nog het advies van de griffier.",
        "Volgens de Gemeentewet mag ik niet meestemmen als het mij persoonlijk aangaat; in de krant zou het slecht vallen.",
        "Ik doe niet mee aan de stemming, vanwege mijn familieband, ondanks dat ik de club een warm hart toedraag.",
        "Ik meld het bij de griffier en bespreek het met mijn fractievoorzitter.",
        "Opgelucht",
    ]
    for antwoord in antwoorden:
        dispatcher = CollectingDispatcher()
        uit = await ValidateWerkvormForm().validate_werkvorm_antwoord(
            antwoord, dispatcher, tracker(antwoord, "nlu_fallback", slots=slots), DOMAIN
        )
        assert dispatcher.messages == [], (antwoord, dispatcher.messages)
        slots.update(uit)
    assert slots["werkvorm_antwoord"] == KLAAR

    dispatcher, _ = await run(ActionWerkvormSamenvatting(), tracker(slots=slots))
    kaart = dispatcher.messages[0]["text"]
    assert "Moet ik meestemmen over de subsidie of mij onthouden?" in kaart
    assert "Ik doe niet mee aan de stemming, vanwege mijn familieband" in kaart
    assert "onpartijdigheid, openheid" in kaart
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "werkvorm")
    assert opgeslagen["data"]["afgerond"] is True
    assert any("familieband" in r for r in opgeslagen["data"]["regels"])


async def valideer(
    slots: dict[str, Any], tekst: str, intent: str = "nlu_fallback", **kwargs: Any
) -> tuple[CollectingDispatcher, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    uit = await ValidateWerkvormForm().validate_werkvorm_antwoord(
        tekst, dispatcher, tracker(tekst, intent, slots=slots, **kwargs), DOMAIN
    )
    return dispatcher, {**slots, **uit}


@pytest.fixture
async def dilemma() -> dict[str, Any]:
    _, events = await run(ActionStartWerkvorm(), tracker("dilemma", "start_dilemma_reflectie"))
    return slots_uit(events)


async def test_an_answer_longer_than_the_step_keeps_is_asked_again_shorter(dilemma: dict[str, Any]) -> None:
    lang = "Mijn zwager vraagt subsidie aan. " * 40  # 1,320 characters
    dispatcher, slots = await valideer(dilemma, lang)
    assert responses(dispatcher) == ["utter_werkvorm_te_lang"]
    assert dispatcher.messages[0]["max"] == 1000 and dispatcher.messages[0]["lengte"] == len(lang)
    assert stand(slots).positie == 0 and "feiten" not in stand(slots).antwoorden  # nothing stored
    dispatcher, slots = await valideer(slots, lang[:400])
    assert stand(slots).positie == 1 and stand(slots).antwoorden["feiten"] == lang[:400]


async def test_too_short_never_repeats_a_hint_the_question_already_gives(dilemma: dict[str, Any]) -> None:
    # Step 5 (opties) asks "Noem minstens twee opties, …" itself; its hint says the same.
    slots = {**dilemma, "werkvorm_stand": {**dilemma["werkvorm_stand"], "positie": 4}}
    dispatcher, slots = await valideer(slots, "meestemmen")
    assert responses(dispatcher) == ["utter_werkvorm_iets_meer"] and stand(slots).pogingen == 1


async def test_example_too_short_back_and_a_digression(dilemma: dict[str, Any]) -> None:
    dispatcher, slots = await valideer(dilemma, "voorbeeld?")
    assert responses(dispatcher) == ["utter_werkvorm_voorbeeld"]
    dispatcher, slots = await valideer(slots, "ja")
    assert responses(dispatcher) == ["utter_werkvorm_onduidelijk"] and stand(slots).positie == 0
    dispatcher, slots = await valideer(slots, "een raadslid en zijn zwager")
    assert stand(slots).positie == 1
    dispatcher, slots = await valideer(slots, "terug", "terug")
    assert stand(slots).positie == 0 and "feiten" not in stand(slots).antwoorden
    dispatcher, slots = await valideer(
        slots, "wat is een waarde?", "uitleg_begrip", entities=[{"entity": "begrip", "value": "waarden"}]
    )
    assert responses(dispatcher) == ["utter_begrip"] and stand(slots).positie == 0


async def test_on_a_casus_the_facts_are_prefilled() -> None:
    t = tracker(
        "/start_dilemma_reflectie",
        "start_dilemma_reflectie",
        entities=[{"entity": "werkvorm_casus", "value": "geschenken-kerstpakket"}],
    )
    dispatcher, events = await run(ActionStartWerkvorm(), t)
    slots = slots_uit(events)
    assert "utter_werkvorm_op_casus" in responses(dispatcher)
    assert stand(slots).positie == 1 and stand(slots).antwoorden["feiten"]
    dispatcher, _ = await run(ActionAskWerkvormAntwoord(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"].startswith("Stap 2 van 10 · ")


async def test_actieplan_offers_the_weak_zelftest_statements() -> None:
    zelftest = [5, 5, 5, 5, 2, 5, 5, 5, 5, 5, 5, 5]
    t = tracker(
        "actieplan",
        "start_werkvorm",
        slots={"zelftest_stand": zelftest_stand(zelftest)},
        entities=[{"entity": "werkvorm", "value": "actieplan"}],
    )
    dispatcher, events = await run(ActionStartWerkvorm(), t)
    assert "utter_werkvorm_keuzes_uit_zelftest" in responses(dispatcher)
    slots = slots_uit(events)
    assert stand(slots).context["keuzes"] == [
        "Ik heb mijn nevenfuncties goed in beeld en zie geen mogelijke belangenverstrengelingen."
    ]
    dispatcher, _ = await run(ActionAskWerkvormAntwoord(), tracker(slots=slots))
    assert dispatcher.messages[0]["buttons"][0]["title"].startswith("Ik heb mijn nevenfuncties")


async def test_stop_and_keep_puts_the_unfinished_work_in_the_report(dilemma: dict[str, Any]) -> None:
    from actions.stoppen import ActionNaStoppen, ActionStoppen
    from tests.unit.test_actions import na_stop

    _, slots = await valideer(dilemma, "Mijn zwager vraagt subsidie aan voor zijn club.")
    _, slots = await valideer(slots, "Moet ik meestemmen over de subsidie of mij onthouden?")
    dispatcher, events = await run(ActionStoppen(), na_stop("werkvorm_form", slots=slots))
    assert responses(dispatcher) == ["utter_stoppen_bewaren_vraag"]
    slots.update(slots_uit(events))
    dispatcher, events = await run(ActionNaStoppen(), tracker("ja", "affirm", slots=slots))
    assert responses(dispatcher) == ["utter_stoppen_bewaard"] and "/rapport/" in dispatcher.messages[0]["link"]
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "werkvorm")
    assert opgeslagen["data"]["afgerond"] is False
    assert "Kernvraag: Moet ik meestemmen over de subsidie of mij onthouden?" in opgeslagen["data"]["regels"]
    assert slots_uit(events)["werkvorm_stand"] is None


async def test_stop_and_throw_away_keeps_nothing(dilemma: dict[str, Any]) -> None:
    from actions.stoppen import ActionNaStoppen, ActionStoppen
    from tests.unit.test_actions import na_stop

    _, slots = await valideer(dilemma, "Mijn zwager vraagt subsidie aan voor zijn club.")
    _, events = await run(ActionStoppen(), na_stop("werkvorm_form", slots=slots))
    dispatcher, _ = await run(ActionNaStoppen(), tracker("nee", "deny", slots={**slots, **slots_uit(events)}))
    assert responses(dispatcher) == ["utter_stoppen_weggegooid"]
    assert storage.onderdelen_van("test-gebruiker", "werkvorm") == []


def test_an_actieplan_asks_action_with_whom_and_when_per_point() -> None:
    plan = paren(werkvormen()["actieplan"].plan({"punten": ["A", "B"]}))
    assert plan == [
        ("punten", None),
        ("actie", "A"),
        ("met_wie", "A"),
        ("wanneer", "A"),
        ("actie", "B"),
        ("met_wie", "B"),
        ("wanneer", "B"),
    ]


async def test_perspectievenmethode_on_a_casus_offers_its_variants() -> None:
    from bot.casussen import bibliotheek

    casus = next(c for c in bibliotheek().alle() if c.varianten)
    werkvorm = werkvormen()["perspectievenmethode"]
    antwoorden = {s.id: "een antwoord van genoeg woorden" for s in werkvorm.stappen[:7]}
    slots = {
        "werkvorm_stand": Stand(
            route="perspectievenmethode", positie=7, antwoorden=antwoorden, context={"casus": casus.id}
        ).als_slot()
    }
    dispatcher, _ = await run(ActionAskWerkvormAntwoord(), tracker(slots=slots))
    tekst = dispatcher.messages[0]["text"]
    assert tekst.startswith("Stap 8 van 10")
    assert casus.varianten[0].vraag in tekst


async def test_actieplan_without_zelftest_takes_typed_points_as_a_list() -> None:
    t = tracker("actieplan", "start_werkvorm", entities=[{"entity": "werkvorm", "value": "actieplan"}])
    _, events = await run(ActionStartWerkvorm(), t)
    slots = slots_uit(events)
    assert "keuzes" not in stand(slots).context
    _, slots = await valideer(slots, "vaker om advies vragen; mijn nevenfuncties op orde")
    assert stand(slots).antwoorden["punten"] == ["vaker om advies vragen", "mijn nevenfuncties op orde"]
    dispatcher, _ = await run(ActionAskWerkvormAntwoord(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"].startswith("Stap 2 van 7")
    assert "vaker om advies vragen" in dispatcher.messages[0]["text"]


async def test_help_inside_a_werkvorm_and_an_answer_that_only_looks_like_help(dilemma: dict[str, Any]) -> None:
    dispatcher, slots = await valideer(dilemma, "help", "help")
    assert responses(dispatcher) == ["utter_werkvorm_help"] and stand(slots).positie == 0
    dispatcher, slots = await valideer(
        slots, "De griffier heeft mij gewaarschuwd over de subsidieaanvraag van mijn zwager.", "help"
    )
    assert dispatcher.messages == [] and stand(slots).positie == 1


async def test_a_term_as_answer_is_an_answer_not_a_question(dilemma: dict[str, Any]) -> None:
    _, slots = await valideer(dilemma, "Mijn zwager vraagt subsidie aan voor zijn sportclub bij de gemeente.")
    dispatcher, slots = await valideer(
        slots, "de griffier", "uitleg_begrip", entities=[{"entity": "begrip", "value": "griffier"}]
    )
    assert dispatcher.messages == [] or responses(dispatcher) == ["utter_werkvorm_onduidelijk"]
    assert "utter_begrip" not in responses(dispatcher)


def test_at_most_five_values_and_three_points() -> None:
    waarden = werkvormen()["denkgereedschap"].stap("waarden")
    te_veel = beoordeel(
        waarden, "openheid, respect, zorgvuldigheid, integriteit, loyaliteit, transparantie", None, [], False
    )
    assert te_veel.melding.response == "utter_werkvorm_te_veel" and te_veel.melding.velden == {"maximum": 5}
    vijfde = beoordeel(waarden, "respect", None, ["openheid", "zorgvuldigheid", "integriteit", "loyaliteit"], False)
    assert (vijfde.soort, len(vijfde.waarde)) == ("goed", 5)
    punten = werkvormen()["actieplan"].stap("punten")
    assert beoordeel(punten, "a; b; c; d", None, [], False, lijst=True).melding.response == "utter_werkvorm_te_veel"


def test_the_validator_checks_werkvorm_files(tmp_path, capsys) -> None:
    from pathlib import Path

    from bot.cli import main as cli

    bron = Path(__file__).resolve().parents[2] / "data" / "werkvormen" / "actieplan.yml"
    map_ = tmp_path / "werkvormen"
    map_.mkdir()
    kapot = map_ / "actieplan.yml"
    kapot.write_text(
        bron.read_text(encoding="utf-8").replace('"Klaar op: {wanneer}"', '"Klaar op: {wanneeer}"'), encoding="utf-8"
    )
    assert cli(["valideer", str(kapot)]) == 1
    assert "samenvatting.regels.3: '{wanneeer}' is geen stap van deze werkvorm" in capsys.readouterr().out
