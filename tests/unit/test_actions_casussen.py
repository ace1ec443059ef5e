"""Casus and checklist actions with Tracker + CollectingDispatcher + the real domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.casussen as casus_acties
from actions.casussen import (
    KLAAR,
    ActionAskCasusKeuze,
    ActionCasusReactie,
    ActionCasusToelichting,
    ActionCasusVariant,
    ActionStartVerhaal,
    ActionToonAfloop,
    ActionToonCasus,
    ValidateVerhaalForm,
)
from actions.checklists import (
    ActionAskChecklistAntwoord,
    ActionChecklistSamenvatting,
    ActionStartChecklist,
    ValidateChecklistForm,
)
from bot import storage
from bot.casussen import Bibliotheek
from bot.stappen import Stand, kies_optie
from tests.unit.test_actions import DOMAIN, responses, run, slots_uit, tracker
from tests.unit.test_casussen import VOORBEELD

LOBBY = (
    VOORBEELD.replace("id: geschenken-voorbeeld", "id: lobby-windpark")
    .replace("titel: Een kist wijn van de aannemer", "titel: De windparklobby")
    .replace("themas: [geschenken]", "themas: [lobby]")
    .replace("rollen: [raadslid]", "rollen: [statenlid]")
    .replace("bestuurslagen: [gemeente]", "bestuurslagen: [provincie]")
    .replace("trefwoorden: [wijn, aannemer, kerst]", "trefwoorden: [windpark, energie]")
)


@pytest.fixture(autouse=True)
def bibliotheek(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bibliotheek:
    (tmp_path / "geschenken-voorbeeld.yml").write_text(VOORBEELD, encoding="utf-8")
    (tmp_path / "lobby-windpark.yml").write_text(LOBBY, encoding="utf-8")
    bib = Bibliotheek(tmp_path)
    monkeypatch.setattr(casus_acties, "bibliotheek", lambda: bib)
    return bib


def teksten(dispatcher: CollectingDispatcher) -> str:
    return " ".join(m.get("text") or "" for m in dispatcher.messages)


async def test_casus_by_thema_shows_situation_questions_and_buttons() -> None:
    t = tracker("casus over cadeaus", "vraag_casus", entities=[{"entity": "thema", "value": "geschenken"}])
    dispatcher, events = await run(ActionToonCasus(), t)
    assert "Een kist wijn van de aannemer" in teksten(dispatcher)
    assert "Neem je het geschenk aan?" in teksten(dispatcher)
    knoppen = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert knoppen[:3] == ["/speel_verhaal", "/vraag_toelichting", "/vraag_variant"]
    assert slots_uit(events)["casus_gezien"] == ["geschenken-voorbeeld"]


async def test_asked_by_theme_the_casus_is_about_that_theme_first_and_says_so(
    tmp_path: Path, bibliotheek: Bibliotheek
) -> None:
    # A lobby casus that mentions geschenken second is not "a casus about geschenken"
    # while one whose first theme is geschenken is left.
    (tmp_path / "lobby-windpark.yml").write_text(LOBBY.replace("themas: [lobby]", "themas: [lobby, geschenken]"))
    t = tracker("casus over cadeaus", "vraag_casus", entities=[{"entity": "thema", "value": "geschenken"}])
    for _ in range(8):
        dispatcher, _ = await run(ActionToonCasus(), t)
        assert dispatcher.messages[0]["text"].startswith("Een casus over geschenken: Een kist wijn van de aannemer")
    # Seen that one: the other casus that touches the theme follows.
    t = tracker("nog een", "vraag_casus", slots={"casus_gezien": ["geschenken-voorbeeld"], "casus_thema": "geschenken"})
    dispatcher, _ = await run(ActionToonCasus(), t)
    assert dispatcher.messages[0]["text"].startswith("Een casus over geschenken: De windparklobby")


async def test_casus_by_rol_and_by_keyword() -> None:
    t = tracker("een casus voor een statenlid", "vraag_casus", entities=[{"entity": "rol", "value": "statenlid"}])
    dispatcher, _ = await run(ActionToonCasus(), t)
    assert "De windparklobby" in teksten(dispatcher)
    dispatcher, _ = await run(ActionToonCasus(), tracker("iets over een windpark", "vraag_casus"))
    assert "De windparklobby" in teksten(dispatcher)


async def test_nog_een_never_repeats_and_says_when_all_are_seen() -> None:
    t = tracker("nog een", "vraag_casus", slots={"casus_gezien": ["geschenken-voorbeeld"]})
    dispatcher, events = await run(ActionToonCasus(), t)
    assert "De windparklobby" in teksten(dispatcher)
    gezien = slots_uit(events)["casus_gezien"]
    dispatcher, events = await run(ActionToonCasus(), tracker("nog een", "vraag_casus", slots={"casus_gezien": gezien}))
    assert responses(dispatcher) == ["utter_casus_alles_gezien"]


async def test_unknown_subject_lists_the_themes_as_buttons() -> None:
    dispatcher, _ = await run(ActionToonCasus(), tracker("casus over voetbalvandalisme", "vraag_casus"))
    assert responses(dispatcher) == ["utter_casus_onbekend_thema"]
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["geschenken", "lobby"]


async def test_toelichting_with_rules_and_sources_and_variant() -> None:
    t = tracker("toelichting", "vraag_toelichting", slots={"casus_id": "geschenken-voorbeeld"})
    dispatcher, _ = await run(ActionCasusToelichting(), t)
    assert "schijn van afhankelijkheid" in dispatcher.messages[0]["text"]
    assert "(Gemeentewet, artikel 15, lid 3)" in dispatcher.messages[1]["regels"]
    dispatcher, events = await run(
        ActionCasusVariant(), tracker("maar wat als", "vraag_variant", slots={"casus_id": "geschenken-voorbeeld"})
    )
    assert dispatcher.messages[0]["text"] == "Maar wat als het een bos bloemen is?"
    assert slots_uit(events)["casus_variant"] == 1


async def test_ja_to_the_question_of_a_casus_asks_why_and_offers_the_casus_buttons() -> None:
    dispatcher, events = await run(
        ActionCasusReactie(), tracker("ja", "affirm", slots={"casus_id": "geschenken-voorbeeld"})
    )
    assert responses(dispatcher) == ["utter_casus_reactie"]
    titels = [k["title"] for k in dispatcher.messages[0]["buttons"]]
    assert "Toelichting en regels" in titels and "Nog een casus" in titels
    assert events == []


async def test_ja_when_the_casus_is_gone_gets_the_menu() -> None:
    dispatcher, _ = await run(ActionCasusReactie(), tracker("ja", "affirm", slots={"casus_id": "bestaat-niet"}))
    assert responses(dispatcher) == ["utter_kort_ja"]


async def verhaal_stap(slots: dict, tekst: str) -> tuple[CollectingDispatcher, dict]:
    dispatcher = CollectingDispatcher()
    uit = await ValidateVerhaalForm().validate_casus_keuze(tekst, dispatcher, tracker(tekst, slots=slots), DOMAIN)
    return dispatcher, {**slots, **uit}


async def test_story_scene_by_scene_to_its_afloop() -> None:
    _, events = await run(
        ActionStartVerhaal(), tracker("speel het verhaal", "speel_verhaal", slots={"casus_id": "geschenken-voorbeeld"})
    )
    slots = {"casus_id": "geschenken-voorbeeld", **slots_uit(events)}
    assert Stand.van(slots["verhaal_stand"]).route == "geschenken-voorbeeld"
    dispatcher, _ = await run(ActionAskCasusKeuze(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"] == "De kist staat bij je voordeur."
    assert "B. Je meldt het bij de griffier." in dispatcher.messages[1]["text"]
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == ["A", "B"]

    dispatcher, slots = await verhaal_stap(slots, "terug")
    assert responses(dispatcher) == ["utter_verhaal_eerste_stap"]
    _, slots = await verhaal_stap(slots, "b")
    assert slots["casus_keuze"] == KLAAR
    dispatcher, events = await run(ActionToonAfloop(), tracker(slots=slots))
    assert dispatcher.messages[0]["titel"] == "Gemeld"
    assert "registreert het geschenk" in dispatcher.messages[0]["tekst"]
    assert slots_uit(events)["verhaal_stand"] is None


async def test_unclear_story_choice_is_asked_again_then_offers_stop() -> None:
    slots = {"verhaal_stand": Stand(route="geschenken-voorbeeld").als_slot()}
    dispatcher, slots = await verhaal_stap(slots, "banaan")
    assert slots["casus_keuze"] is None and Stand.van(slots["verhaal_stand"]).pogingen == 1
    assert responses(dispatcher) == ["utter_verhaal_onduidelijk"]
    dispatcher, _ = await verhaal_stap(slots, "kiwi")
    assert responses(dispatcher) == ["utter_verhaal_nog_steeds_onduidelijk"]


@pytest.mark.parametrize(
    ("tekst", "index"),
    [
        ("A", 0),
        ("b", 1),
        ("optie 2", 1),
        ("2", 1),
        ("ik meld het netjes bij de griffier", 1),
        ("D", None),
        ("hmm", None),
    ],
)
def test_choosing_an_option_by_letter_number_or_words(tekst: str, index: int | None) -> None:
    assert kies_optie(tekst, ["Je houdt de wijn.", "Je meldt het bij de griffier."]) == index


# --- checklists -------------------------------------------------------------------------


async def test_checklist_without_choice_offers_the_three() -> None:
    dispatcher, _ = await run(ActionStartChecklist(), tracker("een checklist", "start_checklist"))
    assert responses(dispatcher) == ["utter_welke_checklist"]
    assert len(dispatcher.messages[0]["buttons"]) == 3


async def checklist_stap(slots: dict, tekst: str) -> tuple[CollectingDispatcher, dict]:
    dispatcher = CollectingDispatcher()
    uit = await ValidateChecklistForm().validate_checklist_antwoord(
        tekst, dispatcher, tracker(tekst, slots=slots), DOMAIN
    )
    return dispatcher, {**slots, **uit}


async def test_ruggespraak_to_its_summary() -> None:
    t = tracker("ruggespraak", "start_checklist", entities=[{"entity": "checklist", "value": "ruggespraak"}])
    dispatcher, events = await run(ActionStartChecklist(), t)
    assert dispatcher.messages[0]["text"].startswith("Checklist ruggespraak\n\n")
    slots = slots_uit(events)
    dispatcher, _ = await run(ActionAskChecklistAntwoord(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"].startswith("Vraag 1 van 8")
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Ja", "Deels", "Nee"]
    _, slots = await checklist_stap(slots, "ja hoor")
    _, slots = await checklist_stap(slots, "terug")
    terug = Stand.van(slots["checklist_stand"])
    assert terug.positie == 0 and terug.antwoorden == {}
    for antwoord in ["ja", "een beetje", "nee", "ja", "ja", "nee", "ja", "ja"]:
        _, slots = await checklist_stap(slots, antwoord)
    assert slots["checklist_antwoord"] == KLAAR
    dispatcher, _ = await run(ActionChecklistSamenvatting(), tracker(slots=slots))
    kop = dispatcher.messages[0]
    assert kop["response"] == "utter_checklist_samenvatting" and kop["goed"] + kop["aandacht"] == 8
    assert any((m.get("text") or "").startswith("Let op, je zei deels:") for m in dispatcher.messages)
    assert "Praat erover met:" in dispatcher.messages[-1]["text"]
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "checklist")
    assert opgeslagen["data"]["checklist"] == "ruggespraak"


async def test_nevenfuncties_asks_the_items_per_function() -> None:
    t = tracker("check nevenfuncties", "start_checklist", entities=[{"entity": "checklist", "value": "nevenfuncties"}])
    _, events = await run(ActionStartChecklist(), t)
    slots = slots_uit(events)
    dispatcher, _ = await run(ActionAskChecklistAntwoord(), tracker(slots=slots))
    assert "zonder namen" in dispatcher.messages[0]["text"]
    _, slots = await checklist_stap(slots, "bestuurslid sportclub")
    dispatcher, _ = await run(ActionAskChecklistAntwoord(), tracker(slots=slots))
    assert dispatcher.messages[0]["text"].startswith("Vraag 1 van 5 · bestuurslid sportclub")
    for _ in range(5):
        _, slots = await checklist_stap(slots, "nee")
    dispatcher, _ = await run(ActionAskChecklistAntwoord(), tracker(slots=slots))
    assert responses(dispatcher) == ["utter_checklist_nog_een_functie"]
    _, slots = await checklist_stap(slots, "ja")
    _, slots = await checklist_stap(slots, "adviseur bouwbedrijf")
    for _ in range(5):
        _, slots = await checklist_stap(slots, "ja")
    assert slots["checklist_antwoord"] is None  # the question "nog een functie?" comes first
    _, slots = await checklist_stap(slots, "nee")
    assert slots["checklist_antwoord"] == KLAAR
    dispatcher, _ = await run(ActionChecklistSamenvatting(), tracker(slots=slots))
    assert any("[adviseur bouwbedrijf]" in (m.get("text") or "") for m in dispatcher.messages)
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "checklist")
    functies = {a["functie"] for a in opgeslagen["data"]["antwoorden"]}
    assert functies == {"bestuurslid sportclub", "adviseur bouwbedrijf"}


async def test_a_stopped_checklist_can_be_kept_half_done_and_a_stopped_story_just_stops() -> None:
    from actions.stoppen import ActionNaStoppen, ActionStoppen
    from tests.unit.test_actions import na_stop

    slots = {"checklist_stand": Stand(route="ruggespraak").als_slot()}
    _, slots = await checklist_stap(slots, "ja")
    dispatcher, events = await run(ActionStoppen(), na_stop("checklist_form", slots=slots))
    assert responses(dispatcher) == ["utter_stoppen_bewaren_vraag"]
    dispatcher, _ = await run(ActionNaStoppen(), tracker("ja", "affirm", slots={**slots, **slots_uit(events)}))
    assert responses(dispatcher) == ["utter_stoppen_bewaard"]
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "checklist")
    assert opgeslagen["data"]["afgerond"] is False and len(opgeslagen["data"]["antwoorden"]) == 1

    verhaal = {"verhaal_stand": Stand(route="geschenken-voorbeeld").als_slot()}
    dispatcher, events = await run(ActionStoppen(), na_stop("verhaal_form", slots=verhaal))
    assert responses(dispatcher) == ["utter_verhaal_gestopt"] and slots_uit(events)["verhaal_stand"] is None


async def test_unclear_checklist_answer() -> None:
    slots = {"checklist_stand": Stand(route="ruggespraak").als_slot()}
    dispatcher, uit = await checklist_stap(slots, "banaan")
    assert responses(dispatcher) == ["utter_checklist_onduidelijk"]
    dispatcher, _ = await checklist_stap(uit, "kiwi")
    assert responses(dispatcher) == ["utter_checklist_nog_steeds_onduidelijk"]
