"""Every action, run with a rasa_sdk Tracker, a CollectingDispatcher and the real domain."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.algemeen import (
    ActionBuitenBereik,
    ActionHelp,
    ActionLegBegripUit,
    ActionNietBegrepen,
    ActionVerwijderGegevens,
    ActionWieKanHelpen,
)
from actions.zelftest import (
    KLAAR,
    ActionAskZelftestAntwoord,
    ActionStartZelftest,
    ActionWaaromDezeVraag,
    ActionZelftestRapport,
    ValidateZelftestForm,
)
from bot import storage
from bot.stappen import Stand
from bot.trajecten import TrajectRoute, laad_traject
from bot.zelftest import antwoorden_van
from tests.conftest import PROJECT_DIR

DOMAIN: dict[str, Any] = Domain.load(str(PROJECT_DIR / "domain.yml")).as_dict()
FORM = {"name": "zelftest_form"}


def tracker(
    tekst: str = "",
    intent: str = "zelftest_antwoord",
    slots: dict[str, Any] | None = None,
    active_loop: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    alle_slots = {naam: None for naam in DOMAIN["slots"]}
    alle_slots.update(slots or {})
    latest = {"text": tekst, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker(
        sender_id="test-gebruiker",
        slots=alle_slots,
        latest_message=latest,
        events=events or [{"event": "user", "text": tekst, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


async def run(action: Any, t: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher, events


def slots_uit(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def zelftest_stand(antwoorden: list[int | None] | None = None, vraag: int = 0, pogingen: int = 0) -> dict[str, Any]:
    """The zelftest_stand slot for answers in test order (None: not answered)."""
    gegeven = {str(i): a for i, a in enumerate(antwoorden or []) if a is not None}
    return Stand(positie=vraag, antwoorden=gegeven, pogingen=pogingen).als_slot()


def positie(uit: dict[str, Any]) -> int:
    return Stand.van(uit["zelftest_stand"]).positie


# --- zelftest ---------------------------------------------------------------------------


async def test_start_gives_the_intro_and_resets_the_answers() -> None:
    dispatcher, events = await run(ActionStartZelftest(), tracker("ik wil de zelftest doen", "start_zelftest"))
    assert "12 stellingen" in dispatcher.messages[0]["text"]
    assert slots_uit(events) == {"zelftest_antwoord": None, "zelftest_stand": Stand().als_slot()}


async def test_start_after_a_pause_resumes_at_the_same_statement() -> None:
    antwoorden = [4, 3, 5, 2] + [None] * 8
    t = tracker("zelftest", "start_zelftest", slots={"zelftest_stand": zelftest_stand(antwoorden, vraag=4)})
    dispatcher, events = await run(ActionStartZelftest(), t)
    assert responses(dispatcher) == ["utter_zelftest_verder"]
    assert dispatcher.messages[0]["nummer"] == 5
    assert antwoorden_van(slots_uit(events)["zelftest_stand"]) == antwoorden  # answers are kept


async def test_start_after_a_finished_test_begins_anew() -> None:
    t = tracker(
        "zelftest",
        "start_zelftest",
        slots={"zelftest_antwoord": KLAAR, "zelftest_stand": zelftest_stand([4] * 12, vraag=11)},
    )
    _, events = await run(ActionStartZelftest(), t)
    assert antwoorden_van(slots_uit(events)["zelftest_stand"]) == [None] * 12


async def test_ask_shows_progress_block_statement_and_scale_buttons() -> None:
    dispatcher, _ = await run(ActionAskZelftestAntwoord(), tracker(slots={"zelftest_stand": zelftest_stand(vraag=4)}))
    (bericht,) = dispatcher.messages
    assert bericht["response"] == "utter_zelftest_vraag"
    assert (bericht["nummer"], bericht["totaal"], bericht["blok"]) == (5, 12, "Startpunt")
    assert bericht["stelling"].startswith("Ik heb mijn nevenfuncties goed in beeld")
    assert [b["payload"] for b in bericht["buttons"]] == ["1", "2", "3", "4", "5"]
    assert bericht["buttons"][0]["title"] == "1 · helemaal oneens"


async def valideer(
    tekst: str,
    intent: str = "zelftest_antwoord",
    antwoorden: list[int | None] | None = None,
    vraag: int = 0,
    pogingen: int = 0,
) -> tuple[CollectingDispatcher, dict[str, Any]]:
    slots = {"zelftest_stand": zelftest_stand(antwoorden, vraag, pogingen)}
    t = tracker(tekst, intent, slots=slots, active_loop=FORM)
    dispatcher = CollectingDispatcher()
    uit = await ValidateZelftestForm().validate_zelftest_antwoord(tekst, dispatcher, t, DOMAIN)
    return dispatcher, uit


async def test_an_answer_in_words_is_filed_and_the_next_statement_follows() -> None:
    _, uit = await valideer("klopt wel", vraag=2)
    assert antwoorden_van(uit["zelftest_stand"])[2] == 4
    assert positie(uit) == 3
    assert uit["zelftest_antwoord"] is None  # keep the form asking


async def test_the_last_answer_completes_the_form() -> None:
    _, uit = await valideer("5", vraag=11, antwoorden=[3] * 11 + [None])
    assert uit["zelftest_antwoord"] == KLAAR
    assert antwoorden_van(uit["zelftest_stand"]) == [3] * 11 + [5]


async def test_terug_goes_back_one_statement_and_keeps_answers() -> None:
    _, uit = await valideer("terug", "terug", vraag=3, antwoorden=[4, 4, 4] + [None] * 9)
    assert positie(uit) == 2
    assert antwoorden_van(uit["zelftest_stand"])[:3] == [4, 4, 4]


async def test_terug_on_the_first_statement_says_so() -> None:
    dispatcher, uit = await valideer("terug", "terug")
    assert responses(dispatcher) == ["utter_zelftest_eerste_stap"]
    assert positie(uit) == 0


async def test_overslaan_leaves_the_answer_empty() -> None:
    _, uit = await valideer("sla maar over", "overslaan", vraag=5)
    assert antwoorden_van(uit["zelftest_stand"])[5] is None
    assert positie(uit) == 6


async def test_opnieuw_clears_everything() -> None:
    dispatcher, uit = await valideer("opnieuw beginnen", "zelftest_antwoord", vraag=7, antwoorden=[2] * 7 + [None] * 5)
    assert responses(dispatcher) == ["utter_zelftest_opnieuw"]
    assert (positie(uit), antwoorden_van(uit["zelftest_stand"])) == (0, [None] * 12)


async def test_an_unclear_answer_explains_the_scale_then_offers_skip_or_stop() -> None:
    dispatcher, uit = await valideer("banaan")
    assert responses(dispatcher) == ["utter_zelftest_onduidelijk"]
    assert "1 = helemaal oneens" in dispatcher.messages[0]["uitleg_schaal"]
    assert uit["zelftest_antwoord"] is None and Stand.van(uit["zelftest_stand"]).pogingen == 1

    dispatcher, uit = await valideer("nog steeds banaan", pogingen=1)
    assert responses(dispatcher) == ["utter_zelftest_nog_steeds_onduidelijk"]
    assert Stand.van(uit["zelftest_stand"]).pogingen == 2
    knoppen = DOMAIN["responses"]["utter_zelftest_nog_steeds_onduidelijk"][0]["buttons"]
    assert {b["payload"] for b in knoppen} == {"overslaan", "/stop"}


async def test_report_is_a_compact_card_picture_a_line_per_block_reading_link_and_werkvormen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMPAS_WEB_URL", "http://kompas.test")
    antwoorden = [5, 5, 5, 2, 2, 3, 5, 4, 5, 4, 5, 4]  # only Startpunt weak
    dispatcher, _ = await run(ActionZelftestRapport(), tracker(slots={"zelftest_stand": zelftest_stand(antwoorden)}))
    berichten = dispatcher.messages
    assert len(berichten) == 3
    afbeelding = next(m["image"] for m in berichten if m.get("image"))
    token = storage.rapport_token("test-gebruiker")
    assert afbeelding.startswith(f"http://kompas.test/rapport/{token}/zelftest/")
    kaart = berichten[-1]
    assert kaart["response"] == "utter_zelftest_kaart"
    assert kaart["blokken"].splitlines() == [
        "Jij: groen",
        "Startpunt: rood (3 tips op je pagina)",
        "Sociaal: groen",
        "Omgeving: groen",
    ]
    assert "Startpunt" in kaart["lezing"]
    assert kaart["link"] == f"http://kompas.test/rapport/{token}"
    # The advice itself is on the report page, not in the chat.
    assert not any("check nevenfuncties" in str(m) for m in berichten)
    knoppen = kaart["buttons"]
    assert [k["payload"] for k in knoppen][:2] == ["/vraag_casus", "/start_perspectievenmethode"]
    assert knoppen[0]["title"] == "Casussen bespreken"  # built
    assert knoppen[1]["title"] == "Perspectievenmethode"
    assert not any("binnenkort" in k["title"] for k in knoppen)
    (opgeslagen,) = storage.onderdelen_van("test-gebruiker", "zelftest")
    assert opgeslagen["data"]["antwoorden"] == antwoorden


async def test_report_when_everything_was_skipped() -> None:
    dispatcher, events = await run(ActionZelftestRapport(), tracker(slots={"zelftest_stand": zelftest_stand()}))
    assert responses(dispatcher) == ["utter_zelftest_niets_ingevuld"]
    assert storage.onderdelen_van("test-gebruiker") == []
    assert antwoorden_van(slots_uit(events)["zelftest_stand"]) == [None] * 12


def na_stop(formulier: str, tekst: str = "stop", intent: str = "stop", slots: dict[str, Any] | None = None) -> Tracker:
    """A tracker right after the stop rule deactivated ``formulier``."""
    gebeurtenissen = [
        {"event": "active_loop", "name": formulier},
        {"event": "user", "text": tekst, "parse_data": {"intent": {"name": intent}}},
        {"event": "active_loop", "name": None},
    ]
    return tracker(tekst, intent, slots=slots, events=gebeurtenissen)


async def test_stop_pauses_the_zelftest_and_counts_the_answers_kept() -> None:
    from actions.stoppen import ActionNaStoppen, ActionStoppen

    slots = {"zelftest_stand": zelftest_stand([3, 3, None, 4], vraag=4)}
    dispatcher, events = await run(ActionStoppen(), na_stop("zelftest_form", slots=slots))
    assert responses(dispatcher) == ["utter_zelftest_gepauzeerd"]
    assert (dispatcher.messages[0]["aantal"], dispatcher.messages[0]["totaal"]) == (3, 12)
    assert "zelftest_stand" not in slots_uit(events)  # the answers wait for 'zelftest'
    # A 'ja' after the pause is a short answer like any other, and keeps the answers.
    dispatcher, events = await run(ActionNaStoppen(), tracker("ja", "affirm", slots={**slots, **slots_uit(events)}))
    assert responses(dispatcher) == ["utter_kort_ja"] and events == []


async def test_waarom_inside_the_test_explains_the_current_block() -> None:
    dispatcher, _ = await run(
        ActionWaaromDezeVraag(),
        tracker(
            "waarom vraag je dit", "vraag_waarom", slots={"zelftest_stand": zelftest_stand(vraag=9)}, active_loop=FORM
        ),
    )
    assert "schendingen, media en ondermijning" in dispatcher.messages[0]["text"]


# --- around it --------------------------------------------------------------------------


async def test_help_inside_the_test_explains_how_to_answer_outside_shows_menu() -> None:
    dispatcher, _ = await run(ActionHelp(), tracker("help", "help", active_loop=FORM))
    assert responses(dispatcher) == ["utter_zelftest_help"]
    dispatcher, _ = await run(ActionHelp(), tracker("help", "help"))
    assert responses(dispatcher) == ["utter_menu"]


async def test_begrip_from_entity_with_sources() -> None:
    t = tracker("wat is geheimhouding?", "uitleg_begrip", entities=[{"entity": "begrip", "value": "geheimhouding"}])
    dispatcher, events = await run(ActionLegBegripUit(), t)
    assert dispatcher.messages[0]["titel"].lower().startswith("geheimhouding")
    assert "Gemeentewet" in dispatcher.messages[1]["bronnen"]
    assert events == [SlotSet("begrip", None)]


async def test_unknown_begrip_offers_known_ones() -> None:
    dispatcher, _ = await run(ActionLegBegripUit(), tracker("wat is een kwantumcomputer", "uitleg_begrip"))
    assert responses(dispatcher) == ["utter_begrip_onbekend"]
    assert len(dispatcher.messages[0]["buttons"]) >= 3


async def test_wie_kan_helpen_lists_people() -> None:
    dispatcher, _ = await run(ActionWieKanHelpen(), tracker("wie kan mij helpen", "wie_kan_helpen"))
    assert "griffier" in dispatcher.messages[0]["text"].lower()
    assert "vertrouwenspersoon" in dispatcher.messages[0]["text"].lower()


def beurten(*antwoorden: str) -> list[dict[str, Any]]:
    """Earlier turns as Rasa stores them: the user's message, then Kompas's action; a
    message that was not understood is reverted afterwards. The last entry is the
    message being answered now."""
    events: list[dict[str, Any]] = []
    for actie in antwoorden:
        events += [{"event": "user", "text": "x"}, {"event": "action", "name": "action_extract_slots"}]
        if actie:
            events.append({"event": "action", "name": actie})
            if actie in ("action_niet_begrepen", "action_buiten_bereik"):
                events.append({"event": "rewind"})
            events.append({"event": "action", "name": "action_listen"})
    return events


async def test_first_misunderstanding_asks_to_rephrase_second_offers_menu() -> None:
    eerste = tracker("qwerty", "nlu_fallback", events=beurten("utter_greet", ""))
    dispatcher, events = await run(ActionNietBegrepen(), eerste)
    assert responses(dispatcher) == ["utter_niet_begrepen"]
    assert events == [UserUtteranceReverted()]  # Rasa listens again, the dialogue is where it was

    tweede = tracker("qwerty", "nlu_fallback", events=beurten("utter_greet", "action_buiten_bereik", ""))
    dispatcher, _ = await run(ActionNietBegrepen(), tweede)
    assert responses(dispatcher) == ["utter_niet_begrepen_menu"]


async def test_a_recognised_message_without_a_rule_counts_as_not_understood_too() -> None:
    # "nee" read as deny but with nothing to follow: the core fallback. Its intent is
    # not a fallback intent, but Kompas did answer "niet begrepen".
    t = tracker("qwerty", "nlu_fallback", events=beurten("utter_thank", "action_niet_begrepen", ""))
    dispatcher, _ = await run(ActionNietBegrepen(), t)
    assert responses(dispatcher) == ["utter_niet_begrepen_menu"]


async def test_after_an_understood_message_the_count_starts_again() -> None:
    t = tracker("qwerty", "nlu_fallback", events=beurten("action_niet_begrepen", "utter_greet", ""))
    dispatcher, _ = await run(ActionNietBegrepen(), t)
    assert responses(dispatcher) == ["utter_niet_begrepen"]


async def test_english_gets_a_dutch_answer_that_kompas_speaks_dutch() -> None:
    dispatcher, _ = await run(ActionBuitenBereik(), tracker("what can you do for me?", "out_of_scope"))
    assert responses(dispatcher) == ["utter_andere_taal"]
    dispatcher, _ = await run(ActionBuitenBereik(), tracker("hoe laat speelt Ajax", "out_of_scope"))
    assert responses(dispatcher) == ["utter_buiten_bereik"]


async def test_empty_message_gets_a_friendly_answer() -> None:
    dispatcher, _ = await run(ActionNietBegrepen(), tracker("   ", "nlu_fallback"))
    assert responses(dispatcher) == ["utter_leeg_bericht"]


async def test_delete_removes_stored_data_and_resets_slots() -> None:
    token = storage.rapport_token("test-gebruiker")
    storage.bewaar_onderdeel("test-gebruiker", "zelftest", {"antwoorden": [3] * 12})
    dispatcher, events = await run(ActionVerwijderGegevens(), tracker("ja", "affirm"))
    assert responses(dispatcher) == ["utter_gegevens_verwijderd"]
    assert events == [AllSlotsReset()]
    assert storage.sender_van_token(token) is None
    assert storage.onderdelen_van("test-gebruiker") == []


def test_every_response_the_actions_use_exists_in_the_domain() -> None:
    import re
    from pathlib import Path

    bronnen = "".join(p.read_text(encoding="utf-8") for p in (Path(PROJECT_DIR) / "actions").glob("*.py"))
    for naam in set(re.findall(r'response="(utter_\w+)"', bronnen)):
        assert naam in DOMAIN["responses"], naam


def responses_van_de_stappenmotor() -> set[str]:
    from bot.casussen import VerhaalRoute, bibliotheek
    from bot.checklists import ChecklistRoute, checklists
    from bot.sessieplan import SessieRoute
    from bot.stappen import nodige_responses
    from bot.werkvormen import WerkvormRoute, werkvormen
    from bot.zelftest import ZelftestRoute

    routes = [
        ZelftestRoute(),
        VerhaalRoute(bibliotheek().alle()[0]),
        ChecklistRoute(next(iter(checklists().values()))),
        WerkvormRoute(next(iter(werkvormen().values()))),
        TrajectRoute(laad_traject(PROJECT_DIR / "tests" / "fixtures" / "traject.yml")),
        SessieRoute({"soort": "zelftest"}),
    ]
    return set().union(*(nodige_responses(r) for r in routes))


def test_every_response_the_step_engine_sends_is_in_the_domain() -> None:
    assert responses_van_de_stappenmotor() - set(DOMAIN["responses"]) == set()


def test_every_response_in_the_domain_is_sent_somewhere() -> None:
    from pathlib import Path

    bronnen = "".join(
        p.read_text(encoding="utf-8")
        for map_ in ("actions", "bot", "data/rules", "data/stories")
        for p in (Path(PROJECT_DIR) / map_).rglob("*")
        if p.suffix in (".py", ".yml")
    )
    gestuurd = responses_van_de_stappenmotor()
    ongebruikt = [n for n in DOMAIN["responses"] if not re.search(rf"\b{n}\b", bronnen) and n not in gestuurd]
    assert ongebruikt == []


async def test_validation_on_form_activation_changes_nothing() -> None:
    # Rasa validates slots set by action_start_zelftest when the form activates.
    t = tracker("zelftest", "start_zelftest", slots={"zelftest_stand": zelftest_stand()}, active_loop=FORM)
    dispatcher = CollectingDispatcher()
    assert await ValidateZelftestForm().validate_zelftest_antwoord(None, dispatcher, t, DOMAIN) == {}
    assert dispatcher.messages == []


def test_the_action_server_registers_every_action_and_no_base_class() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    domein = {a if isinstance(a, str) else next(iter(a)) for a in DOMAIN["actions"]}
    assert domein - set(executor.actions) == set()  # every action in the domain is served


def test_every_button_in_the_domain_survives_rasas_slot_filling() -> None:
    """Rasa fills {slot} in every response, buttons included; a payload with entities
    has to be written with double braces, or Rasa logs an error on every menu."""
    from rasa.core.nlg.interpolator import interpolate

    slots = {naam: None for naam in DOMAIN["slots"]}
    met_entiteiten = 0
    for naam, varianten in DOMAIN["responses"].items():
        for variant in varianten:
            for knop in variant.get("buttons", []):
                if "{" not in knop["payload"]:
                    continue
                met_entiteiten += 1
                assert "{{" in knop["payload"], (naam, knop["payload"])
                payload = interpolate(knop["payload"], slots)
                assert re.fullmatch(r'/\w+\{"\w+": ?"[\w-]+"\}', payload), (naam, payload)
    assert met_entiteiten


def test_inside_a_traject_only_its_own_start_phrases_stop_being_interruptions() -> None:
    """traject_antwoord spells out the interruptions (YAML cannot leave items out of an
    anchor); an interruption added to the others later must be added there too."""
    from bot.trajecten import trajecten

    def niet(slot: str) -> set[str]:
        return set(DOMAIN["slots"][slot]["mappings"][0]["not_intent"])

    eigen = {s.intent for t in trajecten().values() for s in t.start}
    assert eigen == {"start_risicoanalyse", "start_melden", "gemeld_over_mij"}
    assert niet("traject_antwoord") == niet("zelftest_antwoord") - eigen
